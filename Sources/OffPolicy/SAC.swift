import ExperimentKit
import Foundation
import Neural

/// The temperature of SAC: fixed (for sweeps) or tuned automatically toward a target entropy
/// (Haarnoja et al. 2018, "Soft Actor-Critic Algorithms and Applications", §5, eq. 18; `EntropyTemperature`).
public enum SACTemperature: Sendable, Equatable, Codable {
    case fixed(Double)
    /// `targetEntropy == nil` means the papers' `H̄ = −dim(A)`.
    case automatic(initial: Double, targetEntropy: Double?)
}

/// Every setting of a SAC run. Presets: `cleanRL`, `stableBaselines3`, `haarnoja2018`.
public struct SACConfiguration: Sendable, Equatable, Codable {
    public var loop: OffPolicyLoop
    public var discount: Double
    /// Polyak coefficient of the target critics.
    public var tau: Double
    public var actorLearningRate: Double
    public var criticLearningRate: Double
    public var temperatureLearningRate: Double
    public var batchSize: Int
    public var actorHiddenSizes: [Int]
    public var criticHiddenSizes: [Int]
    public var temperature: SACTemperature
    /// Every `policyFrequency` critic updates the actor (and temperature) take `policyFrequency` steps
    /// (CleanRL's "TD3 delayed update support", compensated so the count of actor steps is unchanged).
    public var policyFrequency: Int
    /// The target critics move every `targetNetworkFrequency` critic updates.
    public var targetNetworkFrequency: Int
    /// The networks' dense-layer products: double (the default) or float32 as PyTorch's (`ProductPrecision`).
    public var products: ProductPrecision = .double

    public init(loop: OffPolicyLoop, discount: Double = 0.99, tau: Double = 0.005, actorLearningRate: Double = 3e-4,
                criticLearningRate: Double = 3e-4, temperatureLearningRate: Double = 3e-4, batchSize: Int = 256,
                actorHiddenSizes: [Int] = [256, 256], criticHiddenSizes: [Int] = [256, 256],
                temperature: SACTemperature = .automatic(initial: 1, targetEntropy: nil), policyFrequency: Int = 1,
                targetNetworkFrequency: Int = 1) {
        self.loop = loop
        self.discount = discount
        self.tau = tau
        self.actorLearningRate = actorLearningRate
        self.criticLearningRate = criticLearningRate
        self.temperatureLearningRate = temperatureLearningRate
        self.batchSize = batchSize
        self.actorHiddenSizes = actorHiddenSizes
        self.criticHiddenSizes = criticHiddenSizes
        self.temperature = temperature
        self.policyFrequency = policyFrequency
        self.targetNetworkFrequency = targetNetworkFrequency
    }

    /// CleanRL's `sac_continuous_action.py`: Adam 3·10⁻⁴ (actor) and 10⁻³ (critics and log α), 256-256 ReLU,
    /// batch 256, γ 0.99, τ 0.005, buffer 10⁶, random actions for the first 5 000 steps, `policy_frequency` 2,
    /// `target_network_frequency` 1, automatic α from log α = 0 toward `−dim(A)` (`alpha = 0.2` when fixed).
    public static func cleanRL(totalSteps: Int = 1_000_000, learningStarts: Int = 5_000) -> SACConfiguration {
        SACConfiguration(loop: OffPolicyLoop(totalSteps: totalSteps, learningStarts: learningStarts), actorLearningRate: 3e-4,
                         criticLearningRate: 1e-3, temperatureLearningRate: 1e-3, policyFrequency: 2, targetNetworkFrequency: 1)
    }

    /// Stable-Baselines3's `SAC` defaults: Adam 3·10⁻⁴ everywhere, 256-256 ReLU, batch 256, γ 0.99, τ 0.005,
    /// learning from step 100, every update moving actor, α and targets, `ent_coef = "auto"` (initial α = 1)
    /// toward `−dim(A)`.
    public static func stableBaselines3(totalSteps: Int = 1_000_000) -> SACConfiguration {
        SACConfiguration(loop: OffPolicyLoop(totalSteps: totalSteps, learningStarts: 100))
    }

    /// The paper's hyperparameters (Haarnoja et al. 2018, Appendix D, Table 1): Adam 3·10⁻⁴, 256-256 ReLU,
    /// batch 256, γ 0.99, τ 0.005, buffer 10⁶, one gradient step per environment step, target update every
    /// step, target entropy `−dim(A)`. The initial α is not given there: 1, as SB3. The warm-up is the
    /// caller's (`learningStarts`).
    public static func haarnoja2018(totalSteps: Int = 1_000_000, learningStarts: Int = 10_000) -> SACConfiguration {
        SACConfiguration(loop: OffPolicyLoop(totalSteps: totalSteps, learningStarts: learningStarts))
    }

    public func validate() throws {
        try loop.validate()
        func check(_ ok: Bool, _ name: String, _ value: Any, _ allowed: String) throws {
            if !ok { throw InputError(parameter: name, given: "\(value)", allowed: allowed) }
        }
        try check(discount >= 0 && discount < 1, "discount", discount, "γ ∈ [0, 1)")
        try check(tau > 0 && tau <= 1, "tau", tau, "τ ∈ (0, 1]")
        try check(actorLearningRate > 0 && criticLearningRate > 0 && temperatureLearningRate > 0, "learning rates",
                  [actorLearningRate, criticLearningRate, temperatureLearningRate], "positive numbers")
        try check(batchSize >= 1, "batchSize", batchSize, "an integer ≥ 1")
        try check(policyFrequency >= 1, "policyFrequency", policyFrequency, "an integer ≥ 1")
        try check(targetNetworkFrequency >= 1, "targetNetworkFrequency", targetNetworkFrequency, "an integer ≥ 1")
        switch temperature {
        case .fixed(let a): try check(a > 0, "temperature", a, "α > 0")
        case .automatic(let a, _): try check(a > 0, "temperature", a, "initial α > 0")
        }
    }
}

/// Soft actor-critic (Haarnoja et al. 2018, "Soft Actor-Critic Algorithms and Applications", Algorithm 1
/// with twin Q and automatic temperature), as CleanRL's `sac_continuous_action.py`. One `update`:
///
/// 1. soft target (eq. 3 with the minimum of two target critics, §5):
///    `y = r + γ(1 − d) [min_j Q_θ′ⱼ(s', ã') − α log π_φ(ã'|s')]`, `ã' ~ π_φ(·|s')`;
/// 2. one Adam step on `Σⱼ (1/B) Σᵢ (Q_θⱼ(sᵢ, aᵢ) − yᵢ)²` (eq. 5–6; CleanRL's sum of the two MSEs);
/// 3. when due (`policyFrequency`), actor steps on the reparametrised loss (eq. 7, 13)
///    `J_π(φ) = (1/B) Σᵢ [α log π_φ(ãᵢ|sᵢ) − min_j Q_θⱼ(sᵢ, ãᵢ)]`, `ãᵢ = f_φ(ξᵢ; sᵢ)`, and, if automatic,
///    a step of `log α` on `J(α) = E[−α(log π + H̄)]` (eq. 18) with fresh actions from the updated actor;
/// 4. Polyak update of the target critics every `targetNetworkFrequency` updates.
/// The critic target uses α as it was at the start of the update; each actor step the current α.
public struct SAC: OffPolicyAgent {
    public let configuration: SACConfiguration
    public let actor: SquashedGaussianActor
    public let critic1: QCritic
    public let critic2: QCritic
    public private(set) var phi: [Double]
    public private(set) var theta: [Double]
    public private(set) var targetTheta: [Double]
    /// `ℓ = log α`.
    public private(set) var logTemperature: Double
    public let targetEntropy: Double
    var actorOptimizer: Adam
    var criticOptimizer: Adam
    var temperatureOptimizer: Adam
    public private(set) var criticUpdates = 0
    public private(set) var actorUpdates = 0

    public init(configuration c: SACConfiguration, observationLength: Int, low: [Double], high: [Double], seed: UInt64) throws {
        try c.validate()
        configuration = c
        actor = SquashedGaussianActor(observationLength: observationLength, low: low, high: high, hiddenSizes: c.actorHiddenSizes,
                                      products: c.products)
        critic1 = QCritic(observationLength: observationLength, actionWidth: low.count, hiddenSizes: c.criticHiddenSizes,
                          products: c.products)
        critic2 = QCritic(observationLength: observationLength, actionWidth: low.count, hiddenSizes: c.criticHiddenSizes,
                          parameterOffset: critic1.parameterCount, products: c.products)
        var rng = SeededGenerator(seed: seed)
        var phi = [Double](repeating: 0, count: actor.parameterCount)
        actor.network.initializeAsTorchLinear(&phi, using: &rng)
        var theta = [Double](repeating: 0, count: 2 * critic1.parameterCount)
        critic1.network.initializeAsTorchLinear(&theta, using: &rng)
        critic2.network.initializeAsTorchLinear(&theta, using: &rng)
        self.phi = phi
        self.theta = theta
        targetTheta = theta
        switch c.temperature {
        case .fixed(let a):
            logTemperature = log(a)
            targetEntropy = EntropyTemperature.defaultTargetEntropy(actionDimension: low.count)
        case .automatic(let a, let target):
            logTemperature = log(a)
            targetEntropy = target ?? EntropyTemperature.defaultTargetEntropy(actionDimension: low.count)
        }
        actorOptimizer = Adam(parameterCount: phi.count, learningRate: c.actorLearningRate)
        criticOptimizer = Adam(parameterCount: theta.count, learningRate: c.criticLearningRate)
        temperatureOptimizer = Adam(parameterCount: 1, learningRate: c.temperatureLearningRate)
    }

    public var temperature: Double { exp(logTemperature) }
    var tunesTemperature: Bool { if case .automatic = configuration.temperature { return true } else { return false } }

    public func beginEpisode() {}

    /// `a ~ π_φ(·|s)`.
    public func explorationAction(_ observation: [Double], using rng: inout SeededGenerator) -> [Double] {
        actor.sample(phi, observations: observation, batch: 1, using: &rng).actions
    }

    /// `c + s ⊙ tanh(μ_φ(s))`.
    public func evaluationAction(_ observation: [Double]) -> [Double] { actor.meanAction(phi, observation) }

    /// `Q_θ₁(s, a)` (a soft value: it includes the entropy bonuses of the steps after `a`).
    public func valueEstimate(_ observation: [Double], action: [Double]) -> Double {
        critic1.values(theta, observations: observation, actions: action, batch: 1)[0]
    }

    /// The soft next-state value `min_j Q′ⱼ(s', ã') − α log π(ã'|s')` row by row.
    public static func softNextValues(q1: [Double], q2: [Double], logProbabilities: [Double], temperature alpha: Double) -> [Double] {
        zip(BootstrappedTarget.clippedDoubleQ(q1, q2), logProbabilities).map { $0 - alpha * $1 }
    }

    /// Step 1's targets, the next actions drawn with `rng`.
    public func criticTargets(_ batch: ReplayBatch, using rng: inout SeededGenerator) -> [Double] {
        let b = batch.size
        let next = actor.sample(phi, observations: batch.nextObservations, batch: b, using: &rng)
        let v = Self.softNextValues(
            q1: critic1.values(targetTheta, observations: batch.nextObservations, actions: next.actions, batch: b),
            q2: critic2.values(targetTheta, observations: batch.nextObservations, actions: next.actions, batch: b),
            logProbabilities: next.logProbabilities, temperature: temperature)
        return BootstrappedTarget.targets(rewards: batch.rewards, terminated: batch.terminated, nextValues: v,
                                          discount: configuration.discount)
    }

    /// `J_π(φ)` on the observations with noise `ξ` and its gradient (ξ fixed), the minimum's gradient
    /// taken from the critic that attains it in each row.
    public func actorLossAndGradient(observations: [Double], batch b: Int, noise: [Double]) -> (loss: Double, gradient: [Double]) {
        let draw = actor.draw(phi, observations: observations, batch: b, noise: noise)
        let a1 = critic1.forward(theta, observations: observations, actions: draw.actions, batch: b)
        let a2 = critic2.forward(theta, observations: observations, actions: draw.actions, batch: b)
        let alpha = temperature
        var loss = 0.0
        var w1 = [Double](repeating: 0, count: b), w2 = w1
        for i in 0..<b {
            let first = a1.output[i] <= a2.output[i]
            loss += (alpha * draw.logProbabilities[i] - min(a1.output[i], a2.output[i])) / Double(b)
            if first { w1[i] = -1 / Double(b) } else { w2[i] = -1 / Double(b) }
        }
        let g1 = critic1.actionGradient(theta, activations: a1, weights: w1)
        let g2 = critic2.actionGradient(theta, activations: a2, weights: w2)
        var gradient = [Double](repeating: 0, count: phi.count)
        actor.backward(phi, draw: draw, logDensityWeights: Array(repeating: alpha / Double(b), count: b),
                       actionGradient: zip(g1, g2).map { $0 + $1 }, gradient: &gradient)
        return (loss, gradient)
    }

    public mutating func update(buffer: ReplayBuffer, using rng: inout SeededGenerator) {
        let c = configuration
        let batch = buffer.sample(c.batchSize, using: &rng)
        let b = batch.size
        let y = criticTargets(batch, using: &rng)
        criticOptimizer.update(&theta, gradient: QCritic.tdLossGradient([critic1, critic2], theta: theta, batch: batch, targets: y))
        criticUpdates += 1
        if criticUpdates % c.policyFrequency == 0 {
            for _ in 0..<c.policyFrequency {
                let noise = (0..<(b * actor.actionWidth)).map { _ in rng.nextGaussian() }
                actorOptimizer.update(&phi, gradient: actorLossAndGradient(observations: batch.observations, batch: b, noise: noise).gradient)
                actorUpdates += 1
                if tunesTemperature {
                    let logProbabilities = actor.sample(phi, observations: batch.observations, batch: b, using: &rng).logProbabilities
                    let g = EntropyTemperature.loss(logTemperature: logTemperature, logProbabilities: logProbabilities,
                                                    targetEntropy: targetEntropy).gradient
                    var ell = [logTemperature]
                    temperatureOptimizer.update(&ell, gradient: [g])
                    logTemperature = ell[0]
                }
            }
        }
        if criticUpdates % c.targetNetworkFrequency == 0 { TargetNetwork.update(&targetTheta, toward: theta, tau: c.tau) }
    }
}
