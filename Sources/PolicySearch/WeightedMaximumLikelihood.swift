/// The M-step shared by reward-weighted regression and REPS: fit π_θ to weighted samples,
///   θ' = argmin_θ  −Σᵢ wᵢ log π_θ(aᵢ|sᵢ),
/// by L-BFGS from the current θ (rllab: scipy's L-BFGS-B, 20 iterations for ERWR, 50 for REPS).
/// Preconditions: one weight per row, weights ≥ 0.
public func weightedMaximumLikelihood(policy: PolicyNetwork, theta: [Double], observations: [Double], actions: [Double],
                                      weights: [Double], optimizer: LBFGS) -> LBFGS.Result {
    precondition(weights.allSatisfy { $0 >= 0 })
    let n = weights.count
    return optimizer.minimize({ candidate in
        let activations = policy.forward(candidate, observations: observations, batch: n)
        let logP = policy.logProbabilities(candidate, outputs: activations.output, actions: actions)
        var value = 0.0
        for i in 0..<n { value -= weights[i] * logP[i] }
        let g = policy.logProbabilityGradient(candidate, activations: activations, actions: actions,
                                              coefficients: weights.map { -$0 })
        return (value, g)
    }, from: theta)
}

/// Episodic reward-weighted regression as rllab's `ERWR` implements it (Duan et al. 2016, §4 "RWR";
/// Kober & Peters 2009, "policy learning by weighting exploration with the returns"): each step's
/// weight is its advantage (reward-to-go minus the linear baseline) centred over the batch and
/// shifted to be positive, wᵢ = Âᵢ − minⱼ Âⱼ + 10⁻⁸ (`positive_adv=True`, a linear transform
/// u(R) = R − min R rather than Peters & Schaal's (2007) exponential one), and the policy is the
/// weighted maximum-likelihood fit (1/N scaling) by L-BFGS. Not the original immediate-reward RWR
/// (rllab's docstring says the same).
public struct RewardWeightedRegression: Sendable, Equatable {
    public var optimizer: LBFGS

    public init(maximumIterations: Int = DuanDefaults.erwrLBFGSIterations) {
        optimizer = LBFGS(maximumIterations: maximumIterations)
    }

    /// θ ← the weighted fit. Precondition: `samples` built with `.centeredThenPositive`.
    public func update(policy: PolicyNetwork, theta: inout [Double], samples: PolicySamples) {
        let n = Double(samples.count)
        theta = weightedMaximumLikelihood(policy: policy, theta: theta, observations: samples.observations,
                                          actions: samples.actions, weights: samples.advantages.map { $0 / n },
                                          optimizer: optimizer).point
    }
}
