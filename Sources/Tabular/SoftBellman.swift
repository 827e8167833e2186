import ExperimentKit
import Foundation

/// The soft (maximum-entropy) Bellman operators of docs/CLAIMS.md C8 (Hamid, Deep Reinforcement
/// Learning notes, §2.11, Definition 9, Lemmas 16–17; Haarnoja et al. 2018).
public enum SoftBellman {
    /// The soft backup of a policy: `(T_π Q)(s,a) = r(s,a) + γ E_{s'}[Σ_{a'} π(a'|s')(Q(s',a') − α log π(a'|s'))]`.
    /// Actions with `π(a'|s') = 0` contribute 0 (`0 log 0 = 0`).
    public static func backup(_ q: [Double], policy: TabularPolicy, in mdp: MDP, temperature alpha: Double) -> [Double] {
        let n = mdp.stateCount, m = mdp.actionCount
        var v = [Double](repeating: 0, count: n)
        for s in 0..<n {
            for a in 0..<m where policy[s, a] > 0 { v[s] += policy[s, a] * (q[s * m + a] - alpha * log(policy[s, a])) }
        }
        return (0..<(n * m)).map { k in
            var next = 0.0
            for t in 0..<n { next += mdp.transitions[k * n + t] * v[t] }
            return mdp.rewards[k] + mdp.discount * next
        }
    }

    /// The soft-optimal `Q*`: the fixed point of `Q ← r + γ E_{s'}[α log Σ_{a'} exp(Q(s',a')/α)]`, by
    /// iteration (a γ-contraction) until successive iterates differ by at most `tolerance` (relative
    /// to max(1, ‖Q‖∞)). Throws a `NumericalError` if that has not happened after `maximumIterations`
    /// iterations, rather than returning an unconverged value.
    public static func optimalQ(in mdp: MDP, temperature alpha: Double, tolerance: Double = 1e-13,
                                maximumIterations: Int = 100_000) throws -> [Double] {
        let n = mdp.stateCount, m = mdp.actionCount
        var q = [Double](repeating: 0, count: n * m)
        var lastChange = Double.infinity
        for _ in 0..<maximumIterations {
            let v = (0..<n).map { s in alpha * logSumExp((0..<m).map { q[s * m + $0] / alpha }) }
            let next = (0..<(n * m)).map { k in
                var e = 0.0
                for t in 0..<n { e += mdp.transitions[k * n + t] * v[t] }
                return mdp.rewards[k] + mdp.discount * e
            }
            let change = zip(next, q).reduce(0) { max($0, abs($1.0 - $1.1)) }
            q = next
            lastChange = change
            if change <= tolerance * max(1, q.map(abs).max()!) { return q }
        }
        throw NumericalError("soft value iteration did not converge in \(maximumIterations) iterations "
                             + "(γ = \(mdp.discount), α = \(alpha); last change \(lastChange), tolerance \(tolerance) relative)")
    }
}
