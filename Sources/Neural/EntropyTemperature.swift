import Foundation

/// Soft actor-critic's automatic temperature (Haarnoja et al. 2018, "Soft Actor-Critic Algorithms and
/// Applications", §5, eq. 18): the temperature α is chosen by minimising
///
///   `J(α) = E_{a~π}[−α log π(a|s) − α H̄] = E[−α (log π(a|s) + H̄)]`
///
/// over a batch of actions drawn from the current policy, with the target entropy `H̄ = −dim(A)`
/// (ibid., the hyperparameter table of Appendix D). Like the reference implementations, α is
/// parametrised as `α = exp(ℓ)`, `ℓ = log α`, so it stays positive; then
///
///   `∂J/∂ℓ = α · E[−(log π(a|s) + H̄)] = α · (Ĥ − H̄)`,  `Ĥ = −E[log π(a|s)]`,
///
/// positive when the policy's entropy estimate `Ĥ` is above the target (a descent step lowers α,
/// weakening the entropy bonus) and negative when it is below (the step raises α).
/// (Implementations such as softlearning write the loss as `−ℓ · E[log π + H̄]`, whose gradient
/// `Ĥ − H̄` has the same sign and differs by the positive factor α.)
public enum EntropyTemperature {
    /// `H̄ = −dim(A)`, the papers' heuristic target. Precondition: `actionDimension ≥ 1`.
    public static func defaultTargetEntropy(actionDimension: Int) -> Double {
        precondition(actionDimension >= 1, "action dimension must be ≥ 1")
        return -Double(actionDimension)
    }

    /// The batch estimate of `J` at `ℓ = log α` and its derivative `∂J/∂ℓ`, from the log-densities
    /// `log π(aₖ|sₖ)` of actions drawn from the policy (held fixed: no gradient flows into π).
    /// Precondition: a non-empty batch.
    public static func loss(logTemperature ell: Double, logProbabilities: [Double],
                            targetEntropy: Double) -> (loss: Double, gradient: Double) {
        precondition(!logProbabilities.isEmpty, "the temperature loss needs at least one sample")
        let alpha = exp(ell)
        let meanTerm = logProbabilities.reduce(0) { $0 + ($1 + targetEntropy) } / Double(logProbabilities.count)
        return (-alpha * meanTerm, -alpha * meanTerm)
    }
}
