import ExperimentKit

/// Exact evaluation of a policy on a finite MDP, by linear solves.
///
/// With `P_π(s'|s) = Σ_a π(a|s) P(s'|s,a)`, `r_π(s) = Σ_a π(a|s) r(s,a)` and `M = I − γ P_π`:
/// - `V_π = M⁻¹ r_π`                                   (Bellman equation)
/// - `Q_π(s,a) = r(s,a) + γ Σ_{s'} P(s'|s,a) V_π(s')`
/// - `A_π = Q_π − V_π`
/// - `J(π) = ρ₀ᵀ V_π`
/// - `d^π = (1 − γ) ρ₀ᵀ M⁻¹`, i.e. `Mᵀ d^π = (1 − γ) ρ₀`  (normalised discounted state distribution)
///
/// Conditioning: `P_π` is row-stochastic, so `M⁻¹ = Σ_t γᵗ P_πᵗ` is non-negative with row sums
/// `1/(1−γ)`; hence `‖M⁻¹‖_∞ = 1/(1−γ)` exactly and `κ_∞(M) = ‖M‖_∞/(1−γ) ≤ (1+γ)/(1−γ)`.
/// The solves lose about `log₁₀ κ` digits; an evaluation whose `κ_∞` exceeds
/// `maximumConditionNumber` is refused with a `NumericalError` instead of returning numbers
/// that cannot be trusted.
public struct PolicyEvaluation: Sendable {
    public let mdp: MDP
    public let policy: TabularPolicy
    /// `V_π(s)`.
    public let value: [Double]
    /// `Q_π(s,a)` at `[s·|A| + a]`.
    public let actionValue: [Double]
    /// `A_π(s,a) = Q_π(s,a) − V_π(s)` at `[s·|A| + a]`.
    public let advantage: [Double]
    /// `d^π(s)`, normalised to sum to 1.
    public let discountedStateDistribution: [Double]
    /// `J(π) = E_{s₀~ρ₀}[V_π(s₀)]`.
    public let performance: Double
    /// `κ_∞(I − γ P_π)`.
    public let conditionNumber: Double

    /// Refuse solves whose relative error bound `κ·u` exceeds about 10⁻⁶ (`u = 2⁻⁵³`).
    public static let maximumConditionNumber = 1e10

    public init(policy: TabularPolicy, in mdp: MDP) throws {
        precondition(policy.stateCount == mdp.stateCount && policy.actionCount == mdp.actionCount,
                     "policy and MDP shapes differ")
        let n = mdp.stateCount, m = mdp.actionCount, gamma = mdp.discount
        let rewardUnderPolicy = PolicyEvaluation.expectedReward(policy: policy, in: mdp)

        // M = I − γP_π, built in place; its ∞-norm gives κ_∞ = ‖M‖_∞/(1−γ).
        var system = PolicyEvaluation.transitionMatrix(policy: policy, in: mdp)
        var normInf = 0.0
        system.withUnsafeMutableBufferPointer { m in
            for s in 0..<n {
                var rowSum = 0.0
                for t in 0..<n {
                    let entry = (s == t ? 1 : 0) - gamma * m[s * n + t]
                    m[s * n + t] = entry
                    rowSum += abs(entry)
                }
                normInf = max(normInf, rowSum)
            }
        }
        let kappa = normInf / (1 - gamma)
        guard kappa <= PolicyEvaluation.maximumConditionNumber else {
            throw NumericalError("I − γP_π is ill-conditioned (κ_∞ = \(kappa) at γ = \(gamma)); exact evaluation refused")
        }
        let lu = try LUDecomposition(matrix: consume system, dimension: n)
        let v = lu.solve(rewardUnderPolicy)
        var d = lu.solveTransposed(mdp.initialDistribution)
        for s in 0..<n { d[s] *= (1 - gamma) }

        // Q(s,a) = r(s,a) + γ Σ_{s'} P(s'|s,a) V(s'), row k = s·|A| + a (the one-step lookahead of V_π); A = Q − V.
        let q = BellmanOperators.lookahead(v, in: mdp)
        let adv = [Double](unsafeUninitializedCapacity: n * m) { out, initialised in
            for k in 0..<(n * m) { out[k] = q[k] - v[k / m] }
            initialised = n * m
        }
        var j = 0.0
        for s in 0..<n { j += mdp.initialDistribution[s] * v[s] }
        guard j.isFinite, v.allSatisfy(\.isFinite), d.allSatisfy(\.isFinite) else {
            throw NumericalError("non-finite result in exact evaluation at γ = \(gamma)")
        }
        self.mdp = mdp
        self.policy = policy
        self.value = v
        self.actionValue = q
        self.advantage = adv
        self.discountedStateDistribution = d
        self.performance = j
        self.conditionNumber = kappa
    }

    /// The rounding tolerance of a quantity of magnitude `scale` computed from this evaluation's
    /// solves: `3n·κ_∞·u·scale`, `u = 2⁻⁵³`. An LU solve with partial pivoting has componentwise
    /// backward error within `γ₃ₙ ≈ 3nu` (Higham, *Accuracy and Stability of Numerical
    /// Algorithms*, 2nd ed., Thm 9.4), which the condition number carries to the solution.
    public func roundingTolerance(scale: Double) -> Double {
        3 * Double(mdp.stateCount) * conditionNumber * (Double.ulpOfOne / 2) * scale
    }

    /// The rounding tolerance of a quantity of magnitude `scale` computed from several evaluations on
    /// one MDP (a difference of two `J`s, say): that of the worst-conditioned of them.
    public static func roundingTolerance(of evaluations: [PolicyEvaluation], scale: Double) -> Double {
        evaluations.max { $0.conditionNumber < $1.conditionNumber }!.roundingTolerance(scale: scale)
    }

    /// `A_π(s,a)`.
    @inlinable public func advantage(_ s: Int, _ a: Int) -> Double { advantage[s * mdp.actionCount + a] }

    /// `ε = max_{s,a} |A_π(s,a)|`.
    public var maxAbsoluteAdvantage: Double { advantage.reduce(0) { max($0, abs($1)) } }

    /// `P_π(s'|s) = Σ_a π(a|s) P(s'|s,a)`, row-major `n × n`.
    public static func transitionMatrix(policy: TabularPolicy, in mdp: MDP) -> [Double] {
        let n = mdp.stateCount, m = mdp.actionCount
        var pPi = [Double](repeating: 0, count: n * n)
        mdp.transitions.withUnsafeBufferPointer { p in
            policy.probabilities.withUnsafeBufferPointer { pi in
                pPi.withUnsafeMutableBufferPointer { out in
                    for s in 0..<n {
                        let target = out.baseAddress! + s * n
                        for a in 0..<m {
                            let w = pi[s * m + a]
                            if w == 0 { continue }
                            let row = p.baseAddress! + (s * m + a) * n
                            for t in 0..<n { target[t] += w * row[t] }
                        }
                    }
                }
            }
        }
        return pPi
    }

    /// `r_π(s) = Σ_a π(a|s) r(s,a)`.
    public static func expectedReward(policy: TabularPolicy, in mdp: MDP) -> [Double] {
        policyAverage(mdp.rewards, under: policy)
    }
}

/// `f_π(s) = Σ_a π(a|s) f(s,a)` for a state-action table `f` stored at `[s·|A| + a]`.
public func policyAverage(_ f: [Double], under policy: TabularPolicy) -> [Double] {
    precondition(f.count == policy.probabilities.count)
    let m = policy.actionCount
    return (0..<policy.stateCount).map { s in
        var total = 0.0
        for a in 0..<m { total += policy[s, a] * f[s * m + a] }
        return total
    }
}
