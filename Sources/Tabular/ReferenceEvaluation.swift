/// Exact policy evaluation written as the textbooks write it, for a student to read beside
/// `PolicyEvaluation` (the fast path the experiments run: a blocked LU with a C kernel, transposed
/// solves, no explicit matrices beyond `M`). Nothing here is optimised; the tests check that both
/// paths agree within the rounding tolerance of the solves.
///
/// With `P_π(s'|s) = Σ_a π(a|s) P(s'|s,a)` and `r_π(s) = Σ_a π(a|s) r(s,a)` (Sutton & Barto 2018, §4.1;
/// Puterman 1994, Thm 6.1.1):
/// - `V_π = solve(I − γP_π, r_π)`
/// - `Q_π(s,a) = r(s,a) + γ Σ_{s'} P(s'|s,a) V_π(s')`,  `A_π = Q_π − V_π`
/// - `J(π) = Σ_s ρ₀(s) V_π(s)`
/// - `d^π = (1 − γ) solve((I − γP_π)ᵀ, ρ₀)`  (Kakade & Langford 2002, the normalised discounted
///   state distribution `(1 − γ) Σ_t γᵗ Pr(s_t = s)`).
public struct ReferenceEvaluation: Sendable {
    public let value: [Double]
    public let actionValue: [Double]
    public let advantage: [Double]
    public let discountedStateDistribution: [Double]
    public let performance: Double

    /// Precondition: γ < 1 (so `I − γP_π` is invertible) and matching shapes.
    public init(policy: TabularPolicy, in mdp: MDP) {
        let n = mdp.stateCount, m = mdp.actionCount, gamma = mdp.discount
        var transitionUnderPolicy = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        var rewardUnderPolicy = [Double](repeating: 0, count: n)
        for s in 0..<n {
            for a in 0..<m {
                let p = policy.probabilities[s * m + a]
                rewardUnderPolicy[s] += p * mdp.reward(s, a)
                for next in 0..<n { transitionUnderPolicy[s][next] += p * mdp.transition(s, a, next) }
            }
        }
        // M = I − γP_π.
        let system = (0..<n).map { s in (0..<n).map { t in (s == t ? 1 : 0) - gamma * transitionUnderPolicy[s][t] } }
        let v = ReferenceEvaluation.solve(system, rewardUnderPolicy)
        let transposed = (0..<n).map { t in (0..<n).map { s in system[s][t] } }
        let d = ReferenceEvaluation.solve(transposed, mdp.initialDistribution).map { (1 - gamma) * $0 }
        var q = [Double](repeating: 0, count: n * m)
        for s in 0..<n {
            for a in 0..<m {
                var expectedNext = 0.0
                for next in 0..<n { expectedNext += mdp.transition(s, a, next) * v[next] }
                q[s * m + a] = mdp.reward(s, a) + gamma * expectedNext
            }
        }
        value = v
        actionValue = q
        advantage = (0..<(n * m)).map { q[$0] - v[$0 / m] }
        discountedStateDistribution = d
        performance = (0..<n).reduce(0) { $0 + mdp.initialDistribution[$1] * v[$1] }
    }

    /// `x` with `A x = b`, by Gaussian elimination with partial pivoting (Golub & Van Loan 2013,
    /// Alg. 3.4.1), then back substitution. Precondition: `A` square and invertible.
    public static func solve(_ a: [[Double]], _ b: [Double]) -> [Double] {
        var a = a, b = b
        let n = b.count
        for k in 0..<n {
            let pivot = (k..<n).max { abs(a[$0][k]) < abs(a[$1][k]) }!
            a.swapAt(k, pivot)
            b.swapAt(k, pivot)
            for i in (k + 1)..<n where a[i][k] != 0 {
                let factor = a[i][k] / a[k][k]
                for j in k..<n { a[i][j] -= factor * a[k][j] }
                b[i] -= factor * b[k]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var sum = b[i]
            for j in (i + 1)..<n { sum -= a[i][j] * x[j] }
            x[i] = sum / a[i][i]
        }
        return x
    }
}
