import Foundation

/// Relative Entropy Policy Search (Peters, Mülling & Altün 2010) on a finite set of state-action
/// pairs: maximise `E_{(s,a)~p}[δ(s,a)]` over distributions `p` subject to `D_KL(p ‖ q) ≤ ε`.
/// The solution is `p(s,a) ∝ q(s,a) exp(δ(s,a)/η*)`, with `η*` the minimiser of the convex dual
///   `g(η) = η ε + η log Σ q exp(δ/η)`,   `g'(η) = ε + log Z(η) − E_{p_η}[δ]/η = ε − D_KL(p_η ‖ q)`,
/// found here by bisection on `g'` in `log η`: the budget binds, `D_KL(p_η* ‖ q) = ε`. Its conditional `p(a|s)` is the analytical rule
/// with `C = η*` when `q = d^{π_old} π_old` (docs/CLAIMS.md C7); the joint constraint also moves the
/// state marginal, which the per-state rule does not.
public struct REPSSolution: Sendable {
    public var eta: Double
    /// `log p(s,a)` at `[s·|A| + a]` (`−∞` off the support of `q`): kept in logs so that the
    /// conditional of states far below the best score does not underflow to 0/0.
    public var logJoint: [Double]
    /// `D_KL(p ‖ q)` at the solution (equals `ε` when the constraint binds).
    public var divergence: Double

    /// `p(s,a)`.
    public var joint: [Double] { logJoint.map { exp($0) } }
}

public enum REPS {
    /// Solves REPS for weights `q` (a distribution over state-action pairs), scores `δ` and budget
    /// `ε > 0`. Precondition: `δ` is not constant on the support of `q` (else every `η` is optimal).
    public static func solve(q: [Double], delta: [Double], budget epsilon: Double) -> REPSSolution {
        precondition(q.count == delta.count && epsilon > 0)
        let support = q.indices.filter { q[$0] > 0 }
        let best = support.map { delta[$0] }.max()!
        let spread = best - support.map { delta[$0] }.min()!
        precondition(spread > 0, "δ must vary on the support of q")
        // log p_η = log q + (δ − max δ)/η − log Σ q exp((δ − max δ)/η).
        func logTilt(_ eta: Double) -> (logP: [Double], logZ: Double) {
            var logW = [Double](repeating: -.infinity, count: q.count)
            for k in support { logW[k] = log(q[k]) + (delta[k] - best) / eta }
            let lse = logSumExp(support.map { logW[$0] })
            return (logW.map { $0 - lse }, lse + best / eta)
        }
        // g'(η) = ε + log Z(η) − E_{p_η}[δ]/η = ε − D_KL(p_η ‖ q): evaluated through the KL divergence,
        // whose φ-form is accurate to a few ulps relative, so no two large terms cancel.
        func derivative(_ eta: Double) -> Double {
            epsilon - klDivergence(logTilt(eta).logP.map { exp($0) }, q)
        }
        // g' < 0 for small η when the budget binds; bracket in log η around the scale of δ.
        var lo = log(spread) - 40, hi = log(spread) + 40
        if derivative(exp(lo)) >= 0 { hi = lo }   // budget never binds: the greedy limit
        for _ in 0..<200 where hi - lo > 1e-15 * max(1, abs(lo)) {
            let mid = 0.5 * (lo + hi)
            if derivative(exp(mid)) < 0 { lo = mid } else { hi = mid }
        }
        let eta = exp(0.5 * (lo + hi))
        let logP = logTilt(eta).logP
        return REPSSolution(eta: eta, logJoint: logP, divergence: klDivergence(logP.map { exp($0) }, q))
    }

    /// `p(a|s) = p(s,a) / Σ_b p(s,b)`, from the log-joint by a per-state softmax (states with no
    /// mass under `q` get the uniform distribution).
    public static func conditional(_ solution: REPSSolution, stateCount n: Int, actionCount m: Int) -> TabularPolicy {
        var logits = solution.logJoint
        for s in 0..<n where (0..<m).allSatisfy({ logits[s * m + $0] == -.infinity }) {
            for a in 0..<m { logits[s * m + a] = 0 }
        }
        return TabularPolicy.softmax(logits: logits, stateCount: n, actionCount: m)
    }
}
