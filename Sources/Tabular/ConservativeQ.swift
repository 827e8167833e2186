import ExperimentKit
import Foundation

/// Conservative Q-learning's tabular policy evaluation (Kumar, Zhou, Tucker & Levine 2020, "Conservative
/// Q-Learning for Offline Reinforcement Learning", §3.1; Hamid, lecture notes, §5.3.1).
///
/// One iteration minimises, over the table `Q`,
/// - Eq. (1): `α·E_{s~D, a~μ}[Q(s,a)] + ½·E_{s,a~D}[(Q(s,a) − B̂^π Q̂^k(s,a))²]`,
/// - Eq. (2): the same plus `− α·E_{s~D, a~π̂_β}[Q(s,a)]` (the maximisation term under the data),
///
/// with `μ(s,a) = d(s)μ(a|s)` sharing the data's state marginal `d(s)` and `π̂_β(a|s) = |D(s,a)|/|D(s)|`.
/// Both are separable quadratics in each `Q(s,a)` with `π̂_β(a|s) > 0`; setting the derivative
/// `d(s)[α μ(a|s) − α π̂_β(a|s)·[Eq. 2] + π̂_β(a|s)(Q − B̂^π Q̂^k)]` to zero gives the update
///   `Q̂^{k+1} = B̂^π Q̂^k − α·p`,  `p = μ/π̂_β` (Eq. 1) or `p = μ/π̂_β − 1` (Eq. 2),
/// (the paper's proofs of Theorems 3.1 and 3.2), a γ-contraction whose fixed point solves the linear system
///   `Q̂ = (I − γP̂^π)⁻¹ (r̂ − α·p)`.
/// That is exact policy evaluation of `π` in the empirical MDP with rewards `r̂ − α·p`, which is how
/// `fixedPoint` computes it (one implementation of evaluation: `PolicyEvaluation`); `iterate` is the
/// plain reference. Precondition of both: `supp μ ⊂ supp π̂_β` (else the minimum is −∞ at a pair with
/// `μ > 0` and no data).
public enum ConservativeQ {
    /// Which of the paper's two evaluation objectives.
    public enum Objective: String, Sendable, CaseIterable {
        /// Eq. (1): minimise `E_μ[Q]`. Theorem 3.1: a pointwise lower bound on `Q^π` for α large enough.
        case minimiseUnderMu = "eq1"
        /// Eq. (2): minimise `E_μ[Q] − E_{π̂_β}[Q]`. Theorem 3.2 (with `μ = π`): a lower bound on `V^π` only.
        case subtractBehaviour = "eq2"
    }

    /// The per-pair penalty `p` of the update `Q ← B̂^π Q − α p`: `μ(a|s)/π̂_β(a|s)` (Eq. 1) or
    /// `μ(a|s)/π̂_β(a|s) − 1` (Eq. 2) where `π̂_β(a|s) > 0`, and 0 where `π̂_β(a|s) = 0` (such pairs have no
    /// data term; with `μ(a|s) = 0` there they are not in either objective). Throws unless
    /// `supp μ ⊂ supp π̂_β`.
    public static func penalty(_ objective: Objective, mu: TabularPolicy, behaviour: TabularPolicy) throws -> [Double] {
        precondition(mu.stateCount == behaviour.stateCount && mu.actionCount == behaviour.actionCount)
        let m = mu.actionCount
        return try (0..<mu.probabilities.count).map { k in
            let b = behaviour.probabilities[k], u = mu.probabilities[k]
            guard b > 0 else {
                guard u == 0 else {
                    throw InputError(parameter: "μ", given: "μ(a=\(k % m)|s=\(k / m)) = \(u) where π̂_β = 0",
                                     allowed: "supp μ ⊂ supp π̂_β (Kumar et al. 2020, Theorems 3.1–3.2)")
                }
                return 0
            }
            return objective == .minimiseUnderMu ? u / b : u / b - 1
        }
    }

    /// The fixed point `Q̂ = (I − γP̂^π)⁻¹(r̂ − α p)` as the exact evaluation of `policy` in `model` with
    /// rewards `r̂ − α p` (its `actionValue` is `Q̂`, its `value` is `V̂ = E_π[Q̂]`). Throws if the solve is
    /// ill-conditioned. Preconditions: matching shapes, finite `α`, `p`.
    public static func fixedPoint(in model: MDP, policy: TabularPolicy, penalty p: [Double], alpha: Double) throws -> PolicyEvaluation {
        precondition(p.count == model.rewards.count && alpha.isFinite)
        let rewards = zip(model.rewards, p).map { $0 - alpha * $1 }
        let shifted = try MDP(stateCount: model.stateCount, actionCount: model.actionCount, transitions: model.transitions,
                              rewards: rewards, discount: model.discount, initialDistribution: model.initialDistribution)
        return try PolicyEvaluation(policy: policy, in: shifted)
    }

    /// A bound on the rounding error of `fixedPoint`'s `Q̂` (and `V̂`): the solve's `3n·κ∞·u·max|Q̂|` plus
    /// one backup's (`BellmanOperators.backupRoundingTolerance`).
    public static func roundingTolerance(_ e: PolicyEvaluation) -> Double {
        let qScale = e.actionValue.reduce(0) { max($0, abs($1)) }
        let vScale = e.value.reduce(0) { max($0, abs($1)) }
        return e.roundingTolerance(scale: qScale) + BellmanOperators.backupRoundingTolerance(in: e.mdp, valueScale: vScale)
    }

    /// The reference: the CQL update itself, `Q_{k+1}(s,a) = r̂(s,a) − α p(s,a) + γ Σ_{s'} P̂(s'|s,a) Σ_{a'} π(a'|s') Q_k(s',a')`,
    /// from `Q_0 = 0` until the step is below `1e-15·(1 + ‖Q‖∞)` or `maxIterations`. `tolerance` bounds
    /// `‖Q_k − Q̂‖∞`: `γ/(1−γ)·‖Q_k − Q_{k−1}‖∞` plus one step's rounding `/(1−γ)`.
    public static func iterate(in model: MDP, policy: TabularPolicy, penalty p: [Double], alpha: Double,
                               maxIterations: Int = 1_000_000) -> (actionValue: [Double], iterations: Int, tolerance: Double) {
        let n = model.stateCount, m = model.actionCount, gamma = model.discount
        let target = zip(model.rewards, p).map { $0 - alpha * $1 }
        var q = [Double](repeating: 0, count: n * m)
        var step = Double.infinity, iterations = 0
        while iterations < maxIterations {
            let v = policyAverage(q, under: policy)
            var next = q, delta = 0.0, scale = 0.0
            for k in 0..<(n * m) {
                var ev = 0.0
                for t in 0..<n { ev += model.transitions[k * n + t] * v[t] }
                next[k] = target[k] + gamma * ev
                delta = max(delta, abs(next[k] - q[k])); scale = max(scale, abs(next[k]))
            }
            q = next
            iterations += 1
            step = delta
            if delta <= 1e-15 * (1 + scale) { break }
        }
        let u = Double.ulpOfOne / 2
        let k = Double(n + m + 3)
        let targetScale = target.reduce(0) { max($0, abs($1)) }, qScale = q.reduce(0) { max($0, abs($1)) }
        let rounding = k * u / (1 - k * u) * (targetScale + gamma * qScale)
        return (q, iterations, gamma / (1 - gamma) * step + rounding / (1 - gamma))
    }

    /// The maximising distribution of CQL(R) with `R(μ) = −D_KL(μ ‖ ρ)` (Kumar et al. 2020, §3.2 and
    /// Appendix A): the state-by-state maximiser of `α·E_{a~μ}[Q(s,a)] − D_KL(μ(·|s) ‖ ρ(·|s))` is
    ///   `μ(a|s) = ρ(a|s)·exp(α Q(s,a)) / Σ_b ρ(b|s)·exp(α Q(s,b))`,
    /// the exponential tilt of `ρ` at temperature `1/α`, i.e. C5's analytical update with `π_old = ρ`,
    /// `A = Q` and `C = 1/α` (the constant `V(s)` cancels). The paper's `μ ∝ ρ·exp(Q)` is the case
    /// `α = 1`, or the objective `α·(E_μ[Q] − D_KL(μ ‖ ρ))` in which the regulariser is scaled by `α` too
    /// (which is what CQL(H)'s `α·log Σ_a exp Q(s,a)` term assumes). With `ρ` uniform it is CQL(H)'s
    /// softmax. Computed as a softmax of `log ρ + α(Q − max Q)`. Preconditions: `α > 0` finite, finite `Q`.
    public static func maximisingDistribution(q: [Double], prior: TabularPolicy, alpha: Double) -> TabularPolicy {
        precondition(alpha > 0 && alpha.isFinite && q.count == prior.probabilities.count && q.allSatisfy(\.isFinite))
        let n = prior.stateCount, m = prior.actionCount
        var logits = [Double](repeating: -.infinity, count: n * m)
        for s in 0..<n {
            let top = (0..<m).filter { prior[s, $0] > 0 }.map { q[s * m + $0] }.max() ?? 0
            for a in 0..<m where prior[s, a] > 0 { logits[s * m + a] = log(prior[s, a]) + alpha * (q[s * m + a] - top) }
        }
        return TabularPolicy.softmax(logits: logits, stateCount: n, actionCount: m)
    }

    /// The inner objective at one state, `α·Σ_a μ(a) Q(a) − D_KL(μ ‖ ρ)` (the notes' §5.3.2 with
    /// `R(μ) = −D_KL(μ ‖ ρ)`, the `μ`-dependent part of CQL(R)).
    public static func innerObjective(_ mu: [Double], q: [Double], prior: [Double], alpha: Double) -> Double {
        alpha * zip(mu, q).reduce(0) { $0 + $1.0 * $1.1 } - klDivergence(mu, prior)
    }

    /// Its maximum over distributions, `log Σ_a ρ(a)·exp(α Q(a))` (attained by `maximisingDistribution`).
    public static func innerMaximum(q: [Double], prior: [Double], alpha: Double) -> Double {
        logSumExp(zip(prior, q).filter { $0.0 > 0 }.map { log($0.0) + alpha * $0.1 })
    }

    /// The concentration constants of the paper's sampling-error assumption, `|r̂ − r| ≤ C_{r,δ}/√|D(s,a)|`
    /// and `‖P̂(·|s,a) − P(·|s,a)‖₁ ≤ C_{T,δ}/√|D(s,a)|` at every pair with probability ≥ 1 − δ, made
    /// explicit for rewards in `[0, R_max]` (Hoeffding, union bound over the |S||A| pairs with δ/2):
    /// `C_{r,δ} = R_max·√(ln(4|S||A|/δ)/2)`, and for transitions (Weissman et al. 2003,
    /// `P(‖P̂ − P‖₁ ≥ ε) ≤ (2^{|S|} − 2)·exp(−nε²/2)`, union bound with δ/2):
    /// `C_{T,δ} = √(2·ln(2|S||A|(2^{|S|} − 2)/δ))`.
    public struct Concentration: Sendable, Equatable {
        public let rewardConstant: Double
        public let transitionConstant: Double
        public let rewardMaximum: Double
        public let discount: Double

        public init(states: Int, actions: Int, delta: Double, rewardMaximum: Double, discount: Double) {
            precondition(states >= 2 && actions >= 1 && delta > 0 && delta < 1 && rewardMaximum > 0 && discount >= 0 && discount < 1)
            let pairs = Double(states * actions)
            rewardConstant = rewardMaximum * (log(4 * pairs / delta) / 2).squareRoot()
            // ln(2^S − 2) = S ln 2 + ln(1 − 2^{1−S}).
            let subsets = Double(states) * log(2.0) + log1p(-pow(2.0, Double(1 - states)))
            transitionConstant = (2 * (log(2 * pairs / delta) + subsets)).squareRoot()
            self.rewardMaximum = rewardMaximum
            self.discount = discount
        }

        /// `C_{r,T,δ}·R_max/(1−γ) = C_{r,δ} + γ·C_{T,δ}·R_max/(1−γ)`: the bound on `√|D(s,a)|·|B̂^π Q − B^π Q|`
        /// for `‖Q‖∞ ≤ R_max/(1−γ)` that the paper's sampling-error term carries.
        public var samplingErrorScale: Double {
            rewardConstant + discount * transitionConstant * rewardMaximum / (1 - discount)
        }
    }

    /// Theorem 3.1's threshold: the bound `Q̂^π ≤ Q^π − α(I−γP^π)⁻¹[μ/π̂_β] + (I−γP^π)⁻¹[C_{r,T,δ}R_max/((1−γ)√|D|)]`
    /// is below `Q^π` at every pair as soon as the bracket is non-positive pair by pair, i.e. for
    ///   `α ≥ max_{s,a: |D(s,a)|>0} C_{r,T,δ}R_max/((1−γ)√|D(s,a)|) · π̂_β(a|s)/μ(a|s)`
    /// (the resolvent is non-negative). `+∞` if `μ(a|s) = 0` at a seen pair.
    public static func theorem31Threshold(counts: [Int], mu: TabularPolicy, behaviour: TabularPolicy,
                                          concentration: Concentration) -> Double {
        var worst = 0.0
        for k in counts.indices where counts[k] > 0 {
            let u = mu.probabilities[k]
            guard u > 0 else { return .infinity }
            worst = max(worst, concentration.samplingErrorScale / Double(counts[k]).squareRoot() * behaviour.probabilities[k] / u)
        }
        return worst
    }

    /// `Σ_a π(a|s)(π(a|s)/π̂_β(a|s) − 1)`, the χ² divergence of `π` from `π̂_β` at each state (the
    /// coefficient of `α` in Theorem 3.2). Precondition: `supp π ⊂ supp π̂_β`.
    public static func chiSquare(_ policy: TabularPolicy, from behaviour: TabularPolicy) -> [Double] {
        let m = policy.actionCount
        return (0..<policy.stateCount).map { s in
            (0..<m).reduce(0.0) { total, a in
                let p = policy[s, a]
                return p == 0 ? total : total + p * (p / behaviour[s, a] - 1)
            }
        }
    }

    /// Theorem 3.2's threshold as the paper states it:
    ///   `α > C_{r,T,δ}R_max/(1−γ) · max_{s∈D} 1/√|D(s)| · [Σ_a π(a|s)(π(a|s)/π̂_β(a|s) − 1)]⁻¹`
    /// (`+∞` if the χ² term vanishes at a state).
    public static func theorem32Threshold(stateCounts: [Int], policy: TabularPolicy, behaviour: TabularPolicy,
                                          concentration: Concentration) -> Double {
        let chi = chiSquare(policy, from: behaviour)
        var worst = 0.0
        for s in stateCounts.indices where stateCounts[s] > 0 {
            guard chi[s] > 0 else { return .infinity }
            worst = max(worst, concentration.samplingErrorScale / Double(stateCounts[s]).squareRoot() / chi[s])
        }
        return worst
    }
}
