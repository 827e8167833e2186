import Neural
import ExperimentKit

/// PPO's settings. Defaults are the PPO paper's MuJoCo settings (Schulman et al. 2017, Table 3):
/// horizon 2048, Adam 3·10⁻⁴, 10 epochs, minibatch 64, γ = 0.99, λ = 0.95, 64-64 tanh networks,
/// clipped objective with ε = 0.2; and, from the implementation the paper used (Baselines `ppo1`):
/// running observation normalisation, advantages normalised over the whole batch, no gradient
/// clipping, no entropy bonus, log σ starting at 0.
public struct PPOConfiguration: Sendable, Equatable {
    /// Environment steps to train for (the last update may overrun by less than one horizon).
    public var totalSteps: Int
    /// T: environment steps per rollout, one update per rollout.
    public var horizon = 2048
    /// K: passes over the rollout per update.
    public var epochs = 10
    /// M: rows per gradient step.
    public var minibatchSize = 64
    /// Adam's α, and whether it decays linearly to 0 over training.
    public var learningRate = 3e-4
    public var annealLearningRate = false
    /// Adam's ε (10⁻⁵ as in Baselines and Stable-Baselines3).
    public var adamEpsilon = 1e-5
    public var gamma = 0.99
    public var lambda = 0.95
    public var objective: PPOObjective = .clipped(epsilon: 0.2)
    /// c_V and c_H in the loss.
    public var valueCoefficient = 0.5
    public var entropyCoefficient = 0.0
    /// Global gradient-norm clip (nil: none).
    public var maxGradientNorm: Double?
    public var hiddenSizes = [64, 64]
    public var activation: Activation = .tanh
    public var initialLogStd = 0.0
    public var normalizeObservations = true
    public var normalizeRewards = false
    public var normalizeAdvantages = true

    public init(totalSteps: Int) { self.totalSteps = totalSteps }

    /// Throws an `InputError` naming the first setting outside its allowed range.
    public func validate() throws {
        func check(_ ok: Bool, _ name: String, _ value: Any, _ allowed: String) throws {
            if !ok { throw InputError(parameter: name, given: "\(value)", allowed: allowed) }
        }
        try check(totalSteps > 0, "totalSteps", totalSteps, "an integer ≥ 1")
        try check(horizon > 0, "horizon", horizon, "an integer ≥ 1")
        try check(epochs > 0, "epochs", epochs, "an integer ≥ 1")
        try check(minibatchSize > 0 && minibatchSize <= horizon, "minibatchSize", minibatchSize, "an integer in [1, horizon]")
        try check(learningRate > 0 && learningRate.isFinite, "learningRate", learningRate, "a number > 0")
        try check(adamEpsilon > 0, "adamEpsilon", adamEpsilon, "a number > 0")
        try check((0...1).contains(gamma), "gamma", gamma, "a number in [0, 1]")
        try check((0...1).contains(lambda), "lambda", lambda, "a number in [0, 1]")
        try check(valueCoefficient >= 0, "valueCoefficient", valueCoefficient, "a number ≥ 0")
        try check(entropyCoefficient >= 0, "entropyCoefficient", entropyCoefficient, "a number ≥ 0")
        try check(maxGradientNorm.map { $0 > 0 } ?? true, "maxGradientNorm", maxGradientNorm as Any, "a number > 0, or none")
        try check(!hiddenSizes.isEmpty && hiddenSizes.allSatisfy { $0 > 0 }, "hiddenSizes", hiddenSizes, "one or more integers ≥ 1")
        switch objective {
        case .unclipped: break
        case .clipped(let e): try check(e > 0 && e < 1, "epsilon", e, "a number in (0, 1)")
        case .adaptiveKL(let t, let b):
            try check(t > 0, "d_targ", t, "a number > 0")
            try check(b > 0, "beta", b, "a number > 0")
        case .fixedKL(let b): try check(b >= 0, "beta", b, "a number ≥ 0")
        }
    }
}
