import Neural

/// The REINFORCE gradient on a batch (Williams 1992; Duan et al. 2016, §4 "REINFORCE"):
///   ĝ = (1/N) Σᵢ Âᵢ ∇_θ log π_θ(aᵢ|sᵢ),
/// with Âᵢ the reward-to-go minus the baseline (λ = 1 in `PolicySamples`), i.e. the gradient of
/// the surrogate (1/N) Σᵢ Âᵢ log π_θ(aᵢ|sᵢ) that rllab's `VPG` minimises with its sign flipped.
public func reinforceGradient(policy: PolicyNetwork, theta: [Double], samples: PolicySamples) -> [Double] {
    let activations = policy.forward(theta, observations: samples.observations, batch: samples.count)
    let n = Double(samples.count)
    return policy.logProbabilityGradient(theta, activations: activations, actions: samples.actions,
                                         coefficients: samples.advantages.map { $0 / n })
}

/// REINFORCE / vanilla policy gradient as rllab's `VPG` runs it: one full-batch Adam step per
/// batch (`FirstOrderOptimizer` with `batch_size=None, max_epochs=1`) on −ĝ.
public struct REINFORCE: Sendable {
    public private(set) var optimizer: Adam

    /// Precondition: learningRate > 0.
    public init(parameterCount: Int, learningRate: Double = DuanDefaults.reinforceLearningRate) {
        optimizer = Adam(parameterCount: parameterCount, learningRate: learningRate)
    }

    /// θ ← Adam(θ, −ĝ).
    public mutating func update(policy: PolicyNetwork, theta: inout [Double], samples: PolicySamples) {
        let g = reinforceGradient(policy: policy, theta: theta, samples: samples)
        optimizer.update(&theta, gradient: g.map { -$0 })
    }
}
