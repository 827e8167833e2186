import ExperimentKit
import Foundation

/// Expectiles of a finite discrete distribution, the building block of implicit Q-learning
/// (docs/CLAIMS.md, C13; Hamid, Deep Reinforcement Learning notes, §5.2; Kostrikov, Nair & Levine
/// 2022, §4.1; Newey & Powell 1987 define expectiles).
///
/// The τ-expectile of `X` (values `x_i` with weights `w_i > 0`, `Σ w_i = W`) is
///   `m_τ = argmin_m Σ_i w_i |τ − 1(x_i < m)| (x_i − m)²`,
/// the unique zero of the first-order condition
///   `g(m) = τ Σ_i w_i (x_i − m)⁺ − (1 − τ) Σ_i w_i (m − x_i)⁺ = 0`,
/// where `g` is continuous, piecewise linear and strictly decreasing (slope `−(τ W_> + (1−τ) W_<)`).
/// Between consecutive support points `x_k ≤ m ≤ x_{k+1}` the condition is linear, so
///   `m = (τ S_U + (1 − τ) S_L) / (τ W_U + (1 − τ) W_L)`
/// with `L = {x_i ≤ x_k}`, `U = {x_i ≥ x_{k+1}}` and `S`, `W` their weighted sums and weights.
/// Properties the suite tests (C13.1–C13.5): `m_½` is the mean, `m_τ` is non-decreasing in τ, and
///   `max x − m_τ ≤ (1 − τ)(1 − p_max)(max x − min x) / (τ p_max)`   (`p_max = w(max x)/W`),
/// so `m_τ → max x` as τ → 1 (the first-order condition's two sides bounded at `m`).
public enum Expectile {
    /// The τ-expectile by the exact piecewise-linear solve of the first-order condition.
    /// Preconditions: `values.count == weights.count ≥ 1`, finite values, weights ≥ 0 with a positive
    /// sum, `τ ∈ [0, 1]`. Zero weights are ignored; τ = 0 gives the minimum and τ = 1 the maximum of
    /// the support (the points with positive weight).
    public static func value(_ values: [Double], weights: [Double], tau: Double) -> Double {
        precondition(values.count == weights.count && !values.isEmpty, "one weight per value")
        precondition(tau >= 0 && tau <= 1, "τ ∈ [0, 1]")
        var points: [(x: Double, w: Double)] = []
        for (x, w) in zip(values, weights) {
            precondition(x.isFinite && w >= 0 && w.isFinite, "finite values, non-negative weights")
            if w > 0 { points.append((x, w)) }
        }
        precondition(!points.isEmpty, "weights must have a positive sum")
        points.sort { $0.x < $1.x }
        let k = points.count
        if tau == 0 { return points[0].x }
        if tau == 1 { return points[k - 1].x }
        // Suffix sums (above) and prefix sums (below), in one fixed order.
        var sAbove = [Double](repeating: 0, count: k + 1), wAbove = [Double](repeating: 0, count: k + 1)
        for i in stride(from: k - 1, through: 0, by: -1) {
            sAbove[i] = sAbove[i + 1] + points[i].w * points[i].x
            wAbove[i] = wAbove[i + 1] + points[i].w
        }
        var sBelow = 0.0, wBelow = 0.0
        for i in 0..<k {
            // L = points 0...i, U = points i+1..<k: the solve on [x_i, x_{i+1}] (or the last point).
            sBelow += points[i].w * points[i].x
            wBelow += points[i].w
            let m = (tau * sAbove[i + 1] + (1 - tau) * sBelow) / (tau * wAbove[i + 1] + (1 - tau) * wBelow)
            let upper = i + 1 < k ? points[i + 1].x : points[i].x
            if i + 1 == k || m <= upper {
                return min(max(m, points[i].x), upper)
            }
        }
        return points[k - 1].x
    }

    /// The first-order condition `g(m)`, divided by the total weight (so that its slope lies in
    /// `[−max(τ, 1−τ), −min(τ, 1−τ)]`).
    public static func firstOrderCondition(_ m: Double, values: [Double], weights: [Double], tau: Double) -> Double {
        var above = 0.0, below = 0.0, total = 0.0
        for (x, w) in zip(values, weights) where w > 0 {
            total += w
            if x > m { above += w * (x - m) } else { below += w * (m - x) }
        }
        return (tau * above - (1 - tau) * below) / total
    }

    /// The expectile by bisection on the sign of `firstOrderCondition` over the support's range, to
    /// the last representable midpoint (at most 2,000 halvings).
    public static func bisection(_ values: [Double], weights: [Double], tau: Double) -> Double {
        let support = zip(values, weights).filter { $0.1 > 0 }.map(\.0)
        var lo = support.min()!, hi = support.max()!
        for _ in 0..<2000 {
            let mid = lo + (hi - lo) / 2
            if mid <= lo || mid >= hi { break }
            if firstOrderCondition(mid, values: values, weights: weights, tau: tau) > 0 { lo = mid } else { hi = mid }
        }
        return lo + (hi - lo) / 2
    }

    /// The expectile loss `Σ_i w_i |τ − 1(x_i < m)| (x_i − m)² / W`.
    public static func loss(_ m: Double, values: [Double], weights: [Double], tau: Double) -> Double {
        var sum = 0.0, total = 0.0
        for (x, w) in zip(values, weights) where w > 0 {
            let u = x - m
            sum += w * (u < 0 ? 1 - tau : tau) * u * u
            total += w
        }
        return sum / total
    }

    /// A bound on the rounding error of a computed expectile, `2(K + 4)·u·max|x| / min(τ, 1 − τ)`
    /// (`K` support points, `u = 2⁻⁵³`): the first-order condition's sums carry at most `(K + 4)·u`
    /// relative error on terms of size `≤ 2 max|x|`, and its slope is at least `min(τ, 1 − τ)`, which
    /// carries an error in `g` to its zero. For τ ∈ {0, 1} the expectile is a support point, exact.
    public static func roundingTolerance(_ values: [Double], tau: Double) -> Double {
        let scale = values.reduce(0) { max($0, abs($1)) }
        let slope = min(tau, 1 - tau)
        guard slope > 0 else { return 0 }
        return 2 * Double(values.count + 4) * (Double.ulpOfOne / 2) * scale / slope
    }

    /// The bound `(1 − τ)(1 − p_max)(max x − min x) / (τ p_max)` on `max x − m_τ`. Precondition: τ > 0.
    public static func maximumGapBound(_ values: [Double], weights: [Double], tau: Double) -> Double {
        let support = zip(values, weights).filter { $0.1 > 0 }
        let top = support.map(\.0).max()!, bottom = support.map(\.0).min()!
        let total = support.reduce(0) { $0 + $1.1 }
        let pMax = support.filter { $0.0 == top }.reduce(0) { $0 + $1.1 } / total
        return (1 - tau) * (1 - pMax) * (top - bottom) / (tau * pMax)
    }
}

/// Implicit Q-learning's tabular fixed point and advantage-weighted policy extraction (docs/CLAIMS.md,
/// C13; Hamid's notes §5.2; Kostrikov, Nair & Levine 2022, eqs. 5–7), computed exactly on a finite
/// MDP with a dataset behaviour policy `π_β` (no samples, no networks):
///   `V(s) = expectile_τ over a ~ π_β(·|s) of Q(s,a)`,  `Q(s,a) = r(s,a) + γ Σ_{s'} P(s'|s,a) V(s')`.
public enum ImplicitQ {
    /// The fixed point and how well it is known.
    public struct FixedPoint: Sendable {
        public var value: [Double]
        /// `Q(s,a) = r + γPV` at `[s·|A| + a]`, for every action (in the support or not).
        public var actionValue: [Double]
        public var iterations: Int
            /// A bound on `‖V̂ − V_τ‖∞`: `γ/(1−γ)·‖V_k − V_{k−1}‖∞` plus one step's rounding `/(1−γ)`.
        public var tolerance: Double
    }

    /// `V_τ` by iterating `V ← expectile_τ(q_V)`, a γ-contraction in ‖·‖∞ (an expectile is monotone and
    /// commutes with adding a constant, so it is non-expansive), from `start` (default 0) until the
    /// step stops shrinking below `1e-15·(1 + ‖V‖∞)` or `maxIterations` steps. Preconditions: matching
    /// shapes; every state has an action with `π_β(a|s) > 0`; τ ∈ [0, 1].
    public static func fixedPoint(in mdp: MDP, behaviour: TabularPolicy, tau: Double, start: [Double]? = nil,
                                  maxIterations: Int = 1_000_000) -> FixedPoint {
        precondition(behaviour.stateCount == mdp.stateCount && behaviour.actionCount == mdp.actionCount)
        let n = mdp.stateCount, m = mdp.actionCount, gamma = mdp.discount
        var v = start ?? [Double](repeating: 0, count: n)
        var q = BellmanOperators.lookahead(v, in: mdp)
        var step = Double.infinity, iterations = 0
        let weights = (0..<n).map { s in Array(behaviour.row(s)) }
        while iterations < maxIterations {
            var next = v
            for s in 0..<n {
                next[s] = Expectile.value(Array(q[s * m..<(s + 1) * m]), weights: weights[s], tau: tau)
            }
            var delta = 0.0, scale = 0.0
            for s in 0..<n { delta = max(delta, abs(next[s] - v[s])); scale = max(scale, abs(next[s])) }
            v = next
            q = BellmanOperators.lookahead(v, in: mdp)
            iterations += 1
            step = delta
            if delta <= 1e-15 * (1 + scale) { break }
        }
        let scale = v.reduce(0) { max($0, abs($1)) }
        let qScale = q.reduce(0) { max($0, abs($1)) }
        // One backup's rounding, and the closed-form expectile's: its sums over ≤ |A| points and one
        // division carry at most (|A| + 6)·u relative error on terms of size ≤ 2·max|Q|.
        let rounding = BellmanOperators.backupRoundingTolerance(in: mdp, valueScale: scale)
            + 2 * Double(m + 6) * (Double.ulpOfOne / 2) * qScale
        let tolerance = gamma / (1 - gamma) * step + rounding / (1 - gamma)
        return FixedPoint(value: v, actionValue: q, iterations: iterations, tolerance: tolerance)
    }

    /// The MDP restricted to `π_β`'s support: every action outside it is replaced by a copy (reward and
    /// transitions) of the lowest-index action inside it, so that its optimal value is
    /// `max over policies supported by π_β` — the "in-support maximum" of the notes' §5.2.
    public static func restrictedMDP(_ mdp: MDP, behaviour: TabularPolicy) throws -> MDP {
        let n = mdp.stateCount, m = mdp.actionCount
        var p = mdp.transitions, r = mdp.rewards
        for s in 0..<n {
            guard let first = (0..<m).first(where: { behaviour[s, $0] > 0 }) else {
                throw InputError(parameter: "behaviour policy", given: "no action at state \(s)", allowed: "a positive π_β(a|s)")
            }
            for a in 0..<m where behaviour[s, a] == 0 {
                r[s * m + a] = r[s * m + first]
                for t in 0..<n { p[(s * m + a) * n + t] = p[(s * m + first) * n + t] }
            }
        }
        return try MDP(stateCount: n, actionCount: m, transitions: p, rewards: r, discount: mdp.discount,
                       initialDistribution: mdp.initialDistribution)
    }

    /// Advantage-weighted extraction `π(a|s) ∝ π_β(a|s)·exp(β·A(s,a))` computed directly:
    /// `π_β(a|s)·exp(β(A(s,a) − max_{b ∈ supp} A(s,b)))`, divided by its sum. No mass leaves the
    /// support (`π_β = 0` stays 0). It is C5's analytical update with `C = 1/β` (`analyticalUpdate`).
    /// Preconditions: β ≥ 0 finite, finite advantages, matching shapes.
    public static func advantageWeighted(behaviour: TabularPolicy, advantage: [Double], beta: Double) -> TabularPolicy {
        precondition(beta >= 0 && beta.isFinite && advantage.count == behaviour.probabilities.count)
        let n = behaviour.stateCount, m = behaviour.actionCount
        var p = [Double](repeating: 0, count: n * m)
        for s in 0..<n {
            let best = (0..<m).filter { behaviour[s, $0] > 0 }.map { advantage[s * m + $0] }.max()!
            var total = 0.0
            for a in 0..<m where behaviour[s, a] > 0 {
                p[s * m + a] = behaviour[s, a] * exp(beta * (advantage[s * m + a] - best))
                total += p[s * m + a]
            }
            for a in 0..<m { p[s * m + a] /= total }
        }
        return try! TabularPolicy(stateCount: n, actionCount: m, probabilities: p)
    }

    /// The greedy in-support actions: `argmax_{a: π_β(a|s) > 0} f(s,a)`, ties to the lowest index.
    public static func greedyInSupport(_ f: [Double], behaviour: TabularPolicy) -> [Int] {
        let m = behaviour.actionCount
        return (0..<behaviour.stateCount).map { s in
            var best = -1
            for a in 0..<m where behaviour[s, a] > 0 && (best < 0 || f[s * m + a] > f[s * m + best]) { best = a }
            return best
        }
    }
}
