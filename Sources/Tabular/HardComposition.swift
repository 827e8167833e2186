import ExperimentKit
import Foundation

/// The α → 0 limit of `SoftComposition`: hard-max optimal values and the greedy composed policy.
///
/// With `Q*ᵢ` the ordinary optimal action values of tasks 1 and 2 (same dynamics, rewards `r₁, r₂`),
/// `Q_Σ = ½(Q*₁ + Q*₂)`, `π_Σ(s) = argmax_a Q_Σ(s,a)` (ties to the lowest index) and `Q*_C` the optimal
/// action value of `r_C = ½(r₁ + r₂)`:
///
///   `Q_Σ ≥ Q*_C ≥ Q_Σ − C*₀`,   `Q^{π_Σ} ≥ Q*_C − D*₀`,
///
/// where `C*₀` is the fixed point of `C ← γ E_{s'}[2Δ(s') + max_{a'} C(s',a')]`, `D*₀` that of
/// `D ← γ E_{s'}[C*₀(s', π_Σ(s')) + D(s', π_Σ(s'))]`, and `Δ(s) = ½(max_a Q*₁ + max_a Q*₂) − max_a Q_Σ ≥ 0`
/// the disagreement of the two tasks' maxima. `2Δ` is the limit of `α D_{1/2}(π*₁ ‖ π*₂)` as α → 0
/// (`α D_{1/2} = V*₁ + V*₂ − 2α log Σ_a exp(Q_Σ/α)` exactly), so these are Haarnoja et al.'s (2018,
/// ICRA) Lemma 1 and Theorem 1 with their soft quantities replaced by the limits. Not in the paper;
/// derived here: `max Q_Σ ≤ ½(max Q*₁ + max Q*₂)` makes `Q_Σ` a super-solution of the composed Bellman
/// equation and `max(Q_Σ − C) ≥ max Q_Σ − max C` makes `Q_Σ − C*₀` a sub-solution (Lemma 1), and
/// `V*_C(s') ≤ max Q_Σ(s',·) = Q_Σ(s', π_Σ(s')) ≤ Q*_C(s', π_Σ(s')) + C*₀(s', π_Σ(s'))` gives the
/// recursion of `D*₀` (Theorem 1). Both fixed points are computed exactly, as in `SoftComposition`.
public struct HardComposition: Sendable {
    public let composedTask: MDP
    /// `Q*₁`, `Q*₂` (policy iteration, then one LU evaluation each).
    public let firstOptimalActionValue: [Double]
    public let secondOptimalActionValue: [Double]
    /// `Q_Σ = ½(Q*₁ + Q*₂)`.
    public let averagedActionValue: [Double]
    /// The greedy policy of `Q_Σ`.
    public let composedPolicy: TabularPolicy
    /// `Δ(s) = ½(max Q*₁ + max Q*₂) − max Q_Σ` per state.
    public let disagreement: [Double]
    /// `C*₀` and `D*₀`.
    public let divergenceBound: [Double]
    public let policyBound: [Double]
    /// `Q*_C` and `Q^{π_Σ}` on the composed task.
    public let optimalComposedActionValue: [Double]
    public let composedPolicyActionValue: [Double]

    /// Throws an `InputError` unless the tasks differ in their rewards only (`SoftComposition.composedTask`).
    public init(first: MDP, second: MDP) throws {
        composedTask = try SoftComposition.composedTask(first, second)
        let m = first.actionCount
        func optimalQ(_ mdp: MDP) throws -> [Double] {
            try PolicyEvaluation(policy: try TabularAlgorithms.optimum(of: mdp).policy, in: mdp).actionValue
        }
        firstOptimalActionValue = try optimalQ(first)
        secondOptimalActionValue = try optimalQ(second)
        averagedActionValue = SoftComposition.averagedActionValue(firstOptimalActionValue, secondOptimalActionValue)
        composedPolicy = BellmanOperators.deterministicPolicy(
            BellmanOperators.greedyActions(lookahead: averagedActionValue, actions: m), actions: m)
        let max1 = BellmanOperators.maxOverActions(firstOptimalActionValue, actions: m)
        let max2 = BellmanOperators.maxOverActions(secondOptimalActionValue, actions: m)
        let maxSigma = BellmanOperators.maxOverActions(averagedActionValue, actions: m)
        disagreement = (0..<first.stateCount).map { max(0, 0.5 * (max1[$0] + max2[$0]) - maxSigma[$0]) }
        divergenceBound = try SoftComposition.divergenceBound(divergence: disagreement.map { 2 * $0 }, in: composedTask,
                                                              temperature: 1)
        policyBound = try SoftComposition.policyBound(divergenceBound: divergenceBound, composedPolicy: composedPolicy,
                                                      in: composedTask)
        optimalComposedActionValue = try optimalQ(composedTask)
        composedPolicyActionValue = try PolicyEvaluation(policy: composedPolicy, in: composedTask).actionValue
    }

    /// `Q*_C − Q^{π_Σ}` (≥ 0), which the limit of Theorem 1 bounds by `D*₀`.
    public var gap: [Double] { zip(optimalComposedActionValue, composedPolicyActionValue).map { $0 - $1 } }
}
