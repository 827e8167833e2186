import ExperimentKit
import Foundation

/// Composition of maximum-entropy policies on a finite MDP (Haarnoja, Pong, Zhou, Dalal, Abbeel &
/// Levine 2018, "Composable Deep Reinforcement Learning for Robotic Manipulation", ICRA, Lemma 1 and
/// Theorem 1).
///
/// Two tasks share states, actions, transitions and γ and differ in their rewards `r₁, r₂`. The
/// composed task has the average reward `r_C = ½(r₁ + r₂)`. With `Q*ᵢ` the soft-optimal action
/// values of task i, `π*ᵢ ∝ exp(Q*ᵢ/α)` its optimal policy, the composed policy is the Boltzmann
/// policy of the averaged values,
///
///   `Q_Σ = ½(Q*₁ + Q*₂)`,   `π_Σ(a|s) ∝ exp(Q_Σ(s,a)/α)`.
///
/// Lemma 1: `Q_Σ(s,a) ≥ Q*_C(s,a) ≥ Q_Σ(s,a) − C*(s,a)`, where `C*` is the fixed point of
///
///   `C(s,a) ← γ E_{s'~P(·|s,a)}[α D_{1/2}(π*₁(·|s') ‖ π*₂(·|s')) + max_{a'} C(s',a')]`,
///
/// `D_{1/2}` the Rényi divergence of order ½. Theorem 1: the composed policy's soft action value
/// on the composed task satisfies `Q^soft_{π_Σ}(s,a) ≥ Q*_C(s,a) − D*(s,a)`, `D*` the fixed point of
///
///   `D(s,a) ← γ E_{s'~P(·|s,a)} E_{a'~π_Σ(·|s')}[C*(s',a') + D(s',a')]`.
///
/// Temperature: the paper states both results at unit temperature. At temperature α every soft
/// quantity is α times the unit-temperature quantity of the rewards `r/α` (`Q*_α(r) = α Q*_1(r/α)`,
/// the policies are unchanged), so the statements carry over exactly with the divergence scaled by
/// α, as written above; α = 1 is the paper's setting.
///
/// Why they hold (a short check of the statements as written, with `L(Q)(s) = α log Σ_a exp(Q(s,a)/α)`
/// and `V*ᵢ = L(Q*ᵢ)`): `L(Q_Σ) = ½(V*₁ + V*₂) − ½ α D_{1/2}(π*₁ ‖ π*₂)` exactly, so `Q_Σ` is a
/// super-solution of the composed soft Bellman equation (upper bound), and `Q_Σ − C*` a sub-solution
/// because `L(Q_Σ − C*) ≥ L(Q_Σ) − max_{a'} C*` (lower bound, which therefore holds even with
/// `½ α D_{1/2}` in place of `α D_{1/2}`). For Theorem 1, `V*_C − V^soft_{π_Σ} = α KL(π_Σ ‖ π*_C) +
/// E_{π_Σ}[Q*_C − Q^soft_{π_Σ}]` and `α KL(π_Σ ‖ π*_C) ≤ E_{π_Σ}[Q_Σ − Q*_C] ≤ E_{π_Σ}[C*]`.
///
/// Both fixed points are computed exactly, without iteration to a tolerance: `C*` is the optimal
/// (hard-max) action value of the MDP with the same transitions and reward
/// `R(s,a) = γ E_{s'}[α D_{1/2}(s')]` (policy iteration, each policy evaluated by an LU solve), and
/// `D*` the action value of `π_Σ` on the MDP with reward `γ E_{s'}[E_{a'~π_Σ} C*(s',a')]`. The soft
/// values come from the suite's one implementation of each: `SoftBellman.optimalQ` and
/// `SoftPolicyEvaluation`.
public struct SoftComposition: Sendable {
    public let temperature: Double
    /// The composed task: the constituents' transitions with reward `r_C = ½(r₁ + r₂)`.
    public let composedTask: MDP
    /// `Q*₁`, `Q*₂` at `[s·|A| + a]`.
    public let firstOptimalActionValue: [Double]
    public let secondOptimalActionValue: [Double]
    /// `π*ᵢ ∝ exp(Q*ᵢ/α)`.
    public let firstPolicy: TabularPolicy
    public let secondPolicy: TabularPolicy
    /// `Q_Σ = ½(Q*₁ + Q*₂)`.
    public let averagedActionValue: [Double]
    /// `π_Σ ∝ exp(Q_Σ/α)`.
    public let composedPolicy: TabularPolicy
    /// `D_{1/2}(π*₁(·|s) ‖ π*₂(·|s))` per state.
    public let divergence: [Double]
    /// Lemma 1's `C*`.
    public let divergenceBound: [Double]
    /// Theorem 1's `D*`.
    public let policyBound: [Double]
    /// `Q*_C`, the soft-optimal action value of the composed task.
    public let optimalComposedActionValue: [Double]
    /// The exact soft evaluation of `π_Σ` on the composed task.
    public let composedPolicyEvaluation: SoftPolicyEvaluation

    /// Precondition-checked: both tasks have the same shape, transitions, discount and initial
    /// distribution (an `InputError` otherwise), and `α > 0`.
    public init(first: MDP, second: MDP, temperature alpha: Double) throws {
        guard alpha > 0, alpha.isFinite else {
            throw InputError(parameter: "temperature α", given: "\(alpha)", allowed: "α > 0")
        }
        composedTask = try SoftComposition.composedTask(first, second)
        temperature = alpha
        firstOptimalActionValue = try SoftBellman.optimalQ(in: first, temperature: alpha)
        secondOptimalActionValue = try SoftBellman.optimalQ(in: second, temperature: alpha)
        let n = first.stateCount, m = first.actionCount
        firstPolicy = TabularPolicy.softmax(logits: firstOptimalActionValue.map { $0 / alpha }, stateCount: n, actionCount: m)
        secondPolicy = TabularPolicy.softmax(logits: secondOptimalActionValue.map { $0 / alpha }, stateCount: n, actionCount: m)
        averagedActionValue = SoftComposition.averagedActionValue(firstOptimalActionValue, secondOptimalActionValue)
        composedPolicy = TabularPolicy.softmax(logits: averagedActionValue.map { $0 / alpha }, stateCount: n, actionCount: m)
        divergence = firstPolicy.renyiDivergenceOfOrderOneHalf(to: secondPolicy)
        divergenceBound = try SoftComposition.divergenceBound(divergence: divergence, in: composedTask, temperature: alpha)
        policyBound = try SoftComposition.policyBound(divergenceBound: divergenceBound, composedPolicy: composedPolicy,
                                                      in: composedTask)
        optimalComposedActionValue = try SoftBellman.optimalQ(in: composedTask, temperature: alpha)
        composedPolicyEvaluation = try SoftPolicyEvaluation(policy: composedPolicy, in: composedTask, temperature: alpha)
    }

    /// The true gap `Q*_C − Q^soft_{π_Σ}` (≥ 0: no policy beats the soft optimum), which Theorem 1
    /// bounds by `D*`.
    public var gap: [Double] {
        zip(optimalComposedActionValue, composedPolicyEvaluation.softActionValue).map { $0 - $1 }
    }

    /// The composed task: the first task's transitions, `r_C = ½(r₁ + r₂)`. Throws an `InputError`
    /// unless the two tasks differ in their rewards only (transitions and initial distributions equal
    /// within 10⁻¹², the same γ).
    public static func composedTask(_ first: MDP, _ second: MDP) throws -> MDP {
        guard first.stateCount == second.stateCount, first.actionCount == second.actionCount else {
            throw InputError(parameter: "constituent tasks' shape", given: "\(first.stateCount)×\(first.actionCount) and "
                             + "\(second.stateCount)×\(second.actionCount)", allowed: "equal |S| and |A|")
        }
        // Within 10⁻¹²: `MDP` renormalises each row, which moves entries by a few ulps.
        func close(_ x: [Double], _ y: [Double]) -> Bool { zip(x, y).allSatisfy { abs($0 - $1) <= 1e-12 } }
        guard close(first.transitions, second.transitions), first.discount == second.discount,
              close(first.initialDistribution, second.initialDistribution) else {
            throw InputError(parameter: "constituent tasks", given: "different transitions, γ or initial distribution",
                             allowed: "tasks that differ in their rewards only")
        }
        return try MDP(stateCount: first.stateCount, actionCount: first.actionCount, transitions: first.transitions,
                       rewards: zip(first.rewards, second.rewards).map { 0.5 * ($0 + $1) },
                       discount: first.discount, initialDistribution: first.initialDistribution)
    }

    /// `Q_Σ = ½(Q*₁ + Q*₂)`.
    public static func averagedActionValue(_ q1: [Double], _ q2: [Double]) -> [Double] {
        precondition(q1.count == q2.count)
        return zip(q1, q2).map { 0.5 * ($0 + $1) }
    }

    /// `γ E_{s'~P(·|s,a)}[v(s')]` at `[s·|A| + a]`: `BellmanOperators.lookahead` without reward.
    public static func discountedNextExpectation(_ v: [Double], in mdp: MDP) throws -> [Double] {
        BellmanOperators.lookahead(v, in: try sameDynamics(as: mdp, rewards: [Double](repeating: 0, count: mdp.rewards.count)))
    }

    /// `mdp`'s transitions, γ and initial distribution with the reward `rewards`.
    static func sameDynamics(as mdp: MDP, rewards: [Double]) throws -> MDP {
        try MDP(stateCount: mdp.stateCount, actionCount: mdp.actionCount, transitions: mdp.transitions, rewards: rewards,
                discount: mdp.discount, initialDistribution: mdp.initialDistribution)
    }

    /// The fixed point of `F ← γ E_{s'}[v(s') + E_{a'~π} F(s',a')]`: the action value of `π` on the MDP
    /// with `mdp`'s dynamics and reward `γ E_{s'}[v(s')]` (one LU solve).
    static func discountedFixedPoint(nextStateTerm v: [Double], policy: TabularPolicy, in mdp: MDP) throws -> [Double] {
        let auxiliary = try sameDynamics(as: mdp, rewards: try discountedNextExpectation(v, in: mdp))
        return try PolicyEvaluation(policy: policy, in: auxiliary).actionValue
    }

    /// Lemma 1's `C*`, the fixed point of `C ← γ E_{s'}[k·α·D(s') + max_{a'} C(s',a')]`, where `D` is
    /// the per-state divergence and `k = divergenceScale` (1 in the paper). It is the optimal hard-max
    /// action value of the MDP with `mdp`'s transitions and reward `γ E_{s'}[kαD(s')]`, computed exactly
    /// by policy iteration (`TabularAlgorithms.optimum`) and one LU evaluation of the optimal policy.
    public static func divergenceBound(divergence d: [Double], in mdp: MDP, temperature alpha: Double,
                                       divergenceScale k: Double = 1) throws -> [Double] {
        precondition(d.count == mdp.stateCount)
        let scaled = d.map { k * alpha * $0 }
        let auxiliary = try sameDynamics(as: mdp, rewards: try discountedNextExpectation(scaled, in: mdp))
        let optimal = try TabularAlgorithms.optimum(of: auxiliary).policy
        return try discountedFixedPoint(nextStateTerm: scaled, policy: optimal, in: mdp)
    }

    /// Theorem 1's `D*`, the fixed point of `D ← γ E_{s'} E_{a'~π_Σ}[C*(s',a') + D(s',a')]`.
    public static func policyBound(divergenceBound c: [Double], composedPolicy: TabularPolicy, in mdp: MDP) throws -> [Double] {
        try discountedFixedPoint(nextStateTerm: policyAverage(c, under: composedPolicy), policy: composedPolicy, in: mdp)
    }

    /// The exact excess of the averaged values over the composed policy's, `Q_Σ − Q^soft_{π_Σ}`, as the
    /// fixed point of `Δ ← γ E_{s'}[½ α D_{1/2}(s') + E_{a'~π_Σ} Δ(s',a')]`. Derived here, not in the
    /// paper: `α log Σ_a exp(Q_Σ/α) = ½(V*₁ + V*₂) − ½ α D_{1/2}(π*₁ ‖ π*₂)` exactly, and
    /// `E_{π_Σ}[Q_Σ − α log π_Σ] = α log Σ_a exp(Q_Σ/α)`. A check on the quantities above, and the
    /// reason Lemma 1's lower bound also holds with the divergence halved (`divergenceScale = ½`).
    public func averagedValueExcess() throws -> [Double] {
        try SoftComposition.discountedFixedPoint(nextStateTerm: divergence.map { 0.5 * temperature * $0 },
                                                 policy: composedPolicy, in: composedTask)
    }
}
