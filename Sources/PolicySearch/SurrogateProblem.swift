import Foundation
import Neural
import Tabular

/// The local problem every natural-gradient method solves on a batch sampled by π_old = π_{θ_old}
/// (Schulman et al. 2015, eq. 14; Duan et al. 2016, §4 "TNPG", "TRPO"; rllab's `NPO`):
///   maximise L(θ) = (1/N) Σᵢ π_θ(aᵢ|sᵢ)/π_old(aᵢ|sᵢ) · Âᵢ
///   subject to  KL̄(θ) = (1/N) Σᵢ KL(π_old(·|sᵢ) ‖ π_θ(·|sᵢ)) ≤ δ,
/// with ∇L(θ_old) the policy gradient and the Hessian of KL̄ at θ_old the Fisher information
/// F = (1/N) Σᵢ Jᵢᵀ Mᵢ Jᵢ (Jᵢ the Jacobian of the distribution parameters at sᵢ with respect to θ,
/// Mᵢ the Fisher of the distribution in its own parameters).
public struct SurrogateProblem: Sendable {
    public let policy: PolicyNetwork
    public let samples: PolicySamples
    public let oldTheta: [Double]
    let oldActivations: MLP.Activations
    public let oldLogProbabilities: [Double]

    public init(policy: PolicyNetwork, samples: PolicySamples, oldTheta: [Double]) {
        precondition(samples.count > 0 && oldTheta.count == policy.parameterCount)
        self.policy = policy
        self.samples = samples
        self.oldTheta = oldTheta
        oldActivations = policy.forward(oldTheta, observations: samples.observations, batch: samples.count)
        oldLogProbabilities = policy.logProbabilities(oldTheta, outputs: oldActivations.output, actions: samples.actions)
    }

    var count: Double { Double(samples.count) }
    var oldOutputs: [Double] { oldActivations.output }

    /// L(θ) = (1/N) Σᵢ exp(log π_θ(aᵢ|sᵢ) − log π_old(aᵢ|sᵢ)) Âᵢ  (L(θ_old) = mean Â).
    public func surrogate(_ theta: [Double]) -> Double {
        let outputs = policy.forward(theta, observations: samples.observations, batch: samples.count).output
        let logP = policy.logProbabilities(theta, outputs: outputs, actions: samples.actions)
        var total = 0.0
        for i in 0..<samples.count { total += exp(logP[i] - oldLogProbabilities[i]) * samples.advantages[i] }
        return total / count
    }

    /// ∇L(θ) = (1/N) Σᵢ rᵢ(θ) Âᵢ ∇ log π_θ(aᵢ|sᵢ), rᵢ = π_θ/π_old; at θ_old this is the REINFORCE
    /// gradient (1/N) Σᵢ Âᵢ ∇ log π(aᵢ|sᵢ).
    public func surrogateGradient(_ theta: [Double]) -> [Double] {
        let activations = policy.forward(theta, observations: samples.observations, batch: samples.count)
        let logP = policy.logProbabilities(theta, outputs: activations.output, actions: samples.actions)
        let c = (0..<samples.count).map { exp(logP[$0] - oldLogProbabilities[$0]) * samples.advantages[$0] / count }
        return policy.logProbabilityGradient(theta, activations: activations, actions: samples.actions, coefficients: c)
    }

    /// KL̄(θ) = (1/N) Σᵢ KL(π_old(·|sᵢ) ‖ π_θ(·|sᵢ)) (the mean of `stateKLs`, summed in order).
    public func meanKL(_ theta: [Double]) -> Double {
        stateKLs(theta).reduce(0, +) / count
    }

    /// KL(π_old(·|sᵢ) ‖ π_θ(·|sᵢ)) at every sampled state sᵢ, in batch order.
    public func stateKLs(_ theta: [Double]) -> [Double] {
        stateDivergences(theta, reverse: false, totalVariation: false).kl
    }

    /// The divergences between π_old(·|sᵢ) and π_θ(·|sᵢ) at every sampled state, in batch order.
    public struct StateDivergences: Sendable, Equatable {
        /// KL(π_old ‖ π_θ), the order TRPO constrains (Schulman et al. 2015, eq. 12).
        public var kl: [Double]
        /// KL(π_θ ‖ π_old), the order of Kakade's and the lecture notes' expansion (empty unless asked for).
        public var reverseKL: [Double]
        /// D_TV(π_old, π_θ) = ½ ∫ |π_old − π_θ|, the divergence of TRPO's Theorem 1: exact for a categorical
        /// head and a one-dimensional Gaussian (`DiagonalGaussian.totalVariation1D`); nil for a Gaussian of
        /// two or more dimensions, which has no closed form, and when not asked for.
        public var totalVariation: [Double]?
    }

    /// Per-state KL in both orders and, where it has a closed form, total variation (one forward pass).
    public func stateDivergences(_ theta: [Double], reverse: Bool = true, totalVariation: Bool = true) -> StateDivergences {
        let outputs = policy.forward(theta, observations: samples.observations, batch: samples.count).output
        let k = policy.head.networkOutputs
        let oldLogStd = policy.logStd(oldTheta), logStd = policy.logStd(theta)
        var result = StateDivergences(kl: [], reverseKL: [], totalVariation: nil)
        result.kl.reserveCapacity(samples.count)
        var tv: [Double] = []
        var hasTV = totalVariation
        if case .gaussian(let d) = policy.head, d != 1 { hasTV = false }
        for i in 0..<samples.count {
            let old = oldOutputs[(i * k)..<((i + 1) * k)], new = outputs[(i * k)..<((i + 1) * k)]
            result.kl.append(policy.head.klDivergence(oldOutputs: old, oldLogStd: oldLogStd, outputs: new, logStd: logStd))
            if reverse {
                result.reverseKL.append(policy.head.klDivergence(oldOutputs: new, oldLogStd: logStd, outputs: old, logStd: oldLogStd))
            }
            if hasTV {
                switch policy.head {
                case .gaussian:
                    tv.append(DiagonalGaussian.totalVariation1D(meanP: old[old.startIndex], logStdP: oldLogStd[oldLogStd.startIndex],
                                                                meanQ: new[new.startIndex], logStdQ: logStd[logStd.startIndex]))
                case .categorical:
                    tv.append(Tabular.totalVariation(Categorical.logProbabilities(old).map { exp($0) },
                                                     Categorical.logProbabilities(new).map { exp($0) }))
                }
            }
        }
        if hasTV { result.totalVariation = tv }
        return result
    }

    /// F v, exactly: F = ∇²KL̄(θ_old) = (1/N) Σᵢ Jᵢᵀ Mᵢ Jᵢ, computed as
    ///   1. Jᵢ v by the MLP's forward-mode pass (`jacobianVectorProduct`), plus v's log σ entries;
    ///   2. uᵢ = Mᵢ (Jᵢ v), with the distribution's own Fisher at θ_old:
    ///      Gaussian mean μ: diag(1/σ²); log σ: 2·I (no mean–log σ cross term);
    ///      categorical logits z: diag(p) − ppᵀ, so uᵢ = p ⊙ ż − p (pᵀż);
    ///   3. Σᵢ Jᵢᵀ uᵢ / N by the MLP's backward pass (log σ: (1/N) Σᵢ 2 v_logσ = 2 v_logσ).
    /// No finite differences and no second-order backward pass (rllab's `PerlmutterHvp` takes
    /// the Hessian of KL̄ by automatic differentiation; at θ_old the two agree).
    public func fisherVectorProduct(_ v: [Double]) -> [Double] {
        precondition(v.count == oldTheta.count)
        let n = samples.count, k = policy.head.networkOutputs
        var u = policy.network.jacobianVectorProduct(oldTheta, activations: oldActivations, direction: v)
        var result = [Double](repeating: 0, count: v.count)
        switch policy.head {
        case .gaussian(let d):
            let logStd = policy.logStd(oldTheta)
            for j in 0..<d {
                let inverseVariance = exp(-2 * logStd[logStd.startIndex + j])
                for i in 0..<n { u[i * k + j] *= inverseVariance / count }
                result[policy.logStdOffset + j] = 2 * v[policy.logStdOffset + j]
            }
        case .categorical:
            let outputs = oldOutputs
            for i in 0..<n {
                let p = Categorical.logProbabilities(outputs[(i * k)..<((i + 1) * k)]).map { exp($0) }
                var pDotZ = 0.0
                for j in 0..<k { pDotZ += p[j] * u[i * k + j] }
                for j in 0..<k { u[i * k + j] = p[j] * (u[i * k + j] - pDotZ) / count }
            }
        }
        policy.network.backward(oldTheta, activations: oldActivations, outputGradient: u, gradient: &result)
        return result
    }
}
