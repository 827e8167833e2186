import Foundation

/// The bounds on the surrogate's error `|J(π') − L_π(π')|` that docs/CLAIMS.md C3 and C4 compare,
/// each with its source and the conditions under which its source states it. Notation: `ε =
/// max_{s,a} |A_π(s,a)|`, `α = max_s D_TV(π(·|s), π'(·|s))`, `d^π` normalised.
public enum SurrogateBound: String, CaseIterable, Sendable, Codable {
    /// TRPO, sharp TV form: `4εγα² / ((1−γ)(1−γ(1−α)))`. Schulman et al. 2015, Appendix A
    /// (eqs. 41–45: Σ_t γᵗ·4εα(1−(1−α)ᵗ)). Any `γ ∈ [0,1)`.
    case trpoTV = "trpo-tv"
    /// TRPO, Theorem 1: `4εγα² / (1−γ)²`. Any `γ ∈ [0,1)`.
    case trpoTVSimplified = "trpo-tv-simple"
    /// TRPO, KL form: `C · max_s D_KL(π(·|s) ‖ π'(·|s))`, `C = 4εγ/(1−γ)²` (from `D_TV² ≤ D_KL`).
    /// Any `γ ∈ [0,1)`.
    case trpoKL = "trpo-kl"
    /// Li, Clavette & He (ICML 2022), Result 2: `1/(1−γ) · C_π · E_{s~d^π}[D_KL(π'(·|s) ‖
    /// π(·|s))]`, `C_π = γ²ε/(1−γ)³`. Stated for `γ ∈ [0.5, 1)`.
    case expectedKL = "expected-kl"
    /// Achiam et al. 2017 (CPO), Theorem 1 / Corollary 1: `2γε'/(1−γ)² · E_{s~d^π}[D_TV(π'(·|s),
    /// π(·|s))]`, `ε' = max_s |E_{a~π'}[A_π(s,a)]|`. Any `γ ∈ [0,1)`.
    case cpoTV = "cpo-tv"
    /// CPO's bound through Pinsker and Jensen, `E[D_TV] ≤ √(½ E[D_KL(π'‖π)])`:
    /// `2γε'/(1−γ)² · √(½ E_{s~d^π}[D_KL(π'‖π)])`. Any `γ ∈ [0,1)`.
    case cpoKL = "cpo-kl"

    /// Whether the bound's source states it for this discount factor.
    public func isStated(forDiscount gamma: Double) -> Bool {
        self == .expectedKL ? gamma >= 0.5 && gamma < 1 : gamma >= 0 && gamma < 1
    }

    /// The bound's value for one instance.
    public func value(_ q: SurrogateErrorQuantities) -> Double {
        let g = q.gamma
        switch self {
        case .trpoTV: return 4 * q.epsilon * g * q.maxTV * q.maxTV / ((1 - g) * (1 - g * (1 - q.maxTV)))
        case .trpoTVSimplified: return 4 * q.epsilon * g * q.maxTV * q.maxTV / ((1 - g) * (1 - g))
        case .trpoKL: return 4 * q.epsilon * g / ((1 - g) * (1 - g)) * q.maxKLOldNew
        case .expectedKL: return SurrogateBound.expectedKLConstant(epsilon: q.epsilon, gamma: g) / (1 - g) * q.meanKLNewOld
        case .cpoTV: return 2 * g * q.epsilonCPO / ((1 - g) * (1 - g)) * q.meanTV
        case .cpoKL: return 2 * g * q.epsilonCPO / ((1 - g) * (1 - g)) * (0.5 * q.meanKLNewOld).squareRoot()
        }
    }

    /// `C_π = γ²ε/(1−γ)³`, the constant of Li, Clavette & He (2022), Results 1 and 2.
    public static func expectedKLConstant(epsilon: Double, gamma: Double) -> Double {
        gamma * gamma * epsilon / ((1 - gamma) * (1 - gamma) * (1 - gamma))
    }
}

/// Everything the bounds need about one pair `(π, π')` on one MDP, computed exactly.
public struct SurrogateErrorQuantities: Sendable {
    public var gamma: Double
    /// `|J(π') − L_π(π')|`, computed through the performance difference lemma as
    /// `1/(1−γ) · |Σ_s (d^{π'}(s) − d^π(s)) · E_{a~π'}[A_π(s,a)]|`. This equals the difference of
    /// `J(π')` and `L_π(π')` but multiplies small quantities instead of subtracting two large ones:
    /// at γ = 0.999, where `J ≈ 10³`, the direct difference can be wrong by more than the error itself.
    public var error: Double
    /// `J(π')` and `L_π(π')`, for reference.
    public var newPerformance: Double
    public var surrogateValue: Double
    /// A bound on the rounding error of `error`:
    /// `1/(1−γ) · (‖d^{π'} − d^π‖₁ · τ_A + 6nκu · Σ_s |E_{π'}[A_π(s,·)]|)`, where each `d` is accurate
    /// to `3nκu` (`PolicyEvaluation.roundingTolerance`) and `τ_A = advantageTolerance`.
    public var errorTolerance: Double
    /// A bound on the rounding error of each `A_π(s,a)` and of `E_{π'}[A_π(s,·)]`:
    /// `(n + m + 2)·u·‖Q_π‖_∞` from forming `Q = r + γPV` and `Q − V`, plus `(1+γ)·3nκu·‖V_π‖_∞` from
    /// the error of `V_π` itself.
    public var advantageTolerance: Double
    /// `ε = max_{s,a} |A_π(s,a)|`.
    public var epsilon: Double
    /// `ε' = max_s |E_{a~π'}[A_π(s,a)]|` (CPO).
    public var epsilonCPO: Double
    /// `α = max_s D_TV(π(·|s), π'(·|s))`.
    public var maxTV: Double
    /// `E_{s~d^π}[D_TV(π'(·|s), π(·|s))]`.
    public var meanTV: Double
    /// `max_s D_KL(π(·|s) ‖ π'(·|s))` (old ‖ new, TRPO).
    public var maxKLOldNew: Double
    /// `E_{s~d^π}[D_KL(π'(·|s) ‖ π(·|s))]` (new ‖ old, Li et al. and CPO).
    public var meanKLNewOld: Double

    /// Computes every quantity from the old policy's exact evaluation and the new policy.
    public init(old: PolicyEvaluation, new policy: TabularPolicy) throws {
        let mdp = old.mdp
        let n = Double(mdp.stateCount), m = Double(mdp.actionCount), u = Double.ulpOfOne / 2
        let evalNew = try PolicyEvaluation(policy: policy, in: mdp)
        gamma = mdp.discount
        newPerformance = evalNew.performance
        surrogateValue = surrogate(old: old, new: policy)
        let expectedAdvantage = policyAverage(old.advantage, under: policy)   // E_{π'}[A_π(s,·)]
        let dOld = old.discountedStateDistribution, dNew = evalNew.discountedStateDistribution
        var weighted = 0.0, distance = 0.0, advantageMass = 0.0
        for s in dOld.indices {
            weighted += (dNew[s] - dOld[s]) * expectedAdvantage[s]
            distance += abs(dNew[s] - dOld[s])
            advantageMass += abs(expectedAdvantage[s])
        }
        error = abs(weighted) / (1 - gamma)
        // 3nκu: the relative accuracy of a solve (`PolicyEvaluation.roundingTolerance` at scale 1).
        let solve = PolicyEvaluation.roundingTolerance(of: [old, evalNew], scale: 1)
        let qNorm = old.actionValue.reduce(0) { max($0, abs($1)) }
        let vNorm = old.value.reduce(0) { max($0, abs($1)) }
        advantageTolerance = (n + m + 2) * u * qNorm + (1 + gamma) * solve * vNorm
        errorTolerance = (distance * advantageTolerance + 2 * solve * advantageMass) / (1 - gamma)
        epsilon = old.maxAbsoluteAdvantage
        epsilonCPO = expectedAdvantage.reduce(0) { max($0, abs($1)) }
        let tv = old.policy.totalVariation(to: policy)
        maxTV = tv.max() ?? 0
        meanTV = zip(dOld, tv).reduce(0) { $0 + $1.0 * $1.1 }
        maxKLOldNew = old.policy.klDivergence(to: policy).max() ?? 0
        meanKLNewOld = zip(dOld, policy.klDivergence(to: old.policy)).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// Whether `error / bound` is trustworthy to about 0.1%: the error and the bound's advantage
    /// scale (`ε` or `ε'`) are each at least 1000 times their rounding tolerance.
    public func isMeasurable(_ bound: SurrogateBound) -> Bool {
        let scale = (bound == .cpoTV || bound == .cpoKL) ? epsilonCPO : epsilon
        return error >= 1000 * errorTolerance && scale >= 1000 * advantageTolerance && bound.value(self) > 0
    }

    /// `bound / error` (how loose the bound is; ≥ 1 when it holds).
    public func looseness(_ bound: SurrogateBound) -> Double { bound.value(self) / error }

    /// `error / bound` (> 1 is a violation).
    public func violationRatio(_ bound: SurrogateBound) -> Double { error / bound.value(self) }
}
