import ExperimentKit
import Foundation
import Neural

/// TD3's target-policy smoothing (Fujimoto et al. 2018, eq. 14–15): the target action is
///   `ã' = clip(μ′(s') + s ⊙ clip(σ ξ, −c, c), low, high)`,  `ξ ~ N(0, I)`,
/// with `σ`, `c` in units of the box's half-width `s` (CleanRL: `(randn · policy_noise).clamp(−noise_clip,
/// noise_clip) · action_scale`). The paper's defaults σ = 0.2, c = 0.5.
public struct TargetPolicySmoothing: Sendable, Equatable, Codable {
    public var standardDeviation: Double
    public var clip: Double

    public init(standardDeviation: Double = 0.2, clip: Double = 0.5) {
        self.standardDeviation = standardDeviation
        self.clip = clip
    }

    /// `clip(aᵢ + s ⊙ clip(σ ξᵢ, −c, c), low, high)` for a batch of actions (row-major) and noise `ξ` of the same shape.
    public func smoothed(_ actions: [Double], noise xi: [Double], scale: [Double], low: [Double], high: [Double]) -> [Double] {
        precondition(actions.count == xi.count, "one noise draw per action coordinate")
        let d = scale.count
        return actions.indices.map { i in
            let e = min(max(standardDeviation * xi[i], -clip), clip)
            return min(max(actions[i] + scale[i % d] * e, low[i % d]), high[i % d])
        }
    }
}

/// Every setting of the deterministic-policy-gradient family: DDPG (Lillicrap et al. 2016) and TD3
/// (Fujimoto et al. 2018), TD3 being DDPG plus three switches — `twinCritics` (clipped double Q),
/// `policyDelay` (`d`: the actor and the targets move once per `d` critic steps) and `targetSmoothing`.
/// With the switches off (`false`, 1, `nil`) this is DDPG exactly as Stable-Baselines3 runs it (its DDPG
/// is its TD3 with one critic, `policy_delay = 1` and no target noise). Presets: `DDPG`, `TD3`.
public struct DeterministicActorCriticConfiguration: Sendable, Equatable, Codable {
    public var loop: OffPolicyLoop
    public var discount: Double
    /// Polyak coefficient of the target networks, `θ′ ← τθ + (1 − τ)θ′`.
    public var tau: Double
    public var actorLearningRate: Double
    public var criticLearningRate: Double
    /// L2 penalty `λ‖θ_Q‖²/2` on the critic, added to its gradient as PyTorch Adam's `weight_decay`
    /// (Lillicrap et al. 2016, §7: 10⁻²; 0 in CleanRL and SB3).
    public var criticWeightDecay: Double
    public var batchSize: Int
    public var actorHiddenSizes: [Int]
    public var criticHiddenSizes: [Int]
    public var exploration: ExplorationNoise
    /// Clipped double Q: two critics, the target uses their minimum.
    public var twinCritics: Bool
    /// `d ≥ 1`: actor and target updates once every `d` critic updates (on the `d`-th, `2d`-th, …).
    public var policyDelay: Int
    public var targetSmoothing: TargetPolicySmoothing?
    /// If set, the output layers' weights and biases are `U(−b, b)` (Lillicrap et al. 2016, §7: 3·10⁻³);
    /// otherwise every layer is PyTorch's `nn.Linear` default (CleanRL, SB3).
    public var outputLayerInitBound: Double?
    /// The networks' dense-layer products: double (the default) or float32 as PyTorch's (`ProductPrecision`).
    public var products: ProductPrecision = .double

    public init(loop: OffPolicyLoop, discount: Double = 0.99, tau: Double = 0.005, actorLearningRate: Double = 3e-4,
                criticLearningRate: Double = 3e-4, criticWeightDecay: Double = 0, batchSize: Int = 256,
                actorHiddenSizes: [Int] = [256, 256], criticHiddenSizes: [Int] = [256, 256],
                exploration: ExplorationNoise = .gaussian(standardDeviation: 0.1), twinCritics: Bool = false,
                policyDelay: Int = 1, targetSmoothing: TargetPolicySmoothing? = nil, outputLayerInitBound: Double? = nil) {
        self.loop = loop
        self.discount = discount
        self.tau = tau
        self.actorLearningRate = actorLearningRate
        self.criticLearningRate = criticLearningRate
        self.criticWeightDecay = criticWeightDecay
        self.batchSize = batchSize
        self.actorHiddenSizes = actorHiddenSizes
        self.criticHiddenSizes = criticHiddenSizes
        self.exploration = exploration
        self.twinCritics = twinCritics
        self.policyDelay = policyDelay
        self.targetSmoothing = targetSmoothing
        self.outputLayerInitBound = outputLayerInitBound
    }

    /// Checks every field, naming the offending one.
    public func validate() throws {
        try loop.validate()
        func check(_ ok: Bool, _ name: String, _ value: Any, _ allowed: String) throws {
            if !ok { throw InputError(parameter: name, given: "\(value)", allowed: allowed) }
        }
        try check(discount >= 0 && discount < 1, "discount", discount, "γ ∈ [0, 1)")
        try check(tau > 0 && tau <= 1, "tau", tau, "τ ∈ (0, 1]")
        try check(actorLearningRate > 0, "actorLearningRate", actorLearningRate, "a positive number")
        try check(criticLearningRate > 0, "criticLearningRate", criticLearningRate, "a positive number")
        try check(criticWeightDecay >= 0, "criticWeightDecay", criticWeightDecay, "a number ≥ 0")
        try check(batchSize >= 1, "batchSize", batchSize, "an integer ≥ 1")
        try check(policyDelay >= 1, "policyDelay", policyDelay, "an integer ≥ 1")
        try check(!actorHiddenSizes.isEmpty && actorHiddenSizes.allSatisfy { $0 > 0 }, "actorHiddenSizes", actorHiddenSizes, "positive sizes")
        try check(!criticHiddenSizes.isEmpty && criticHiddenSizes.allSatisfy { $0 > 0 }, "criticHiddenSizes", criticHiddenSizes, "positive sizes")
        if let s = targetSmoothing {
            try check(s.standardDeviation >= 0 && s.clip >= 0, "targetSmoothing", "σ \(s.standardDeviation), c \(s.clip)", "σ ≥ 0, c ≥ 0")
        }
    }
}

/// A DDPG/TD3 learner: actor `μ_φ`, one or two critics `Q_θⱼ` (one parameter vector, one Adam), their
/// target copies, two Adams and the exploration process. One `update`:
///
/// 1. `ã' = μ_φ′(s')`, smoothed if `targetSmoothing` is set;
/// 2. `y = r + γ(1 − d) v'` with `v' = Q′₁(s', ã')`, or `min(Q′₁, Q′₂)` with twin critics (`BootstrappedTarget`);
/// 3. one Adam step on `Σⱼ (1/B) Σᵢ (Q_θⱼ(sᵢ, aᵢ) − yᵢ)²` (+ the critic's weight decay);
/// 4. on every `d`-th critic update: one Adam step on the actor loss `J(φ) = −(1/B) Σᵢ Q_θ₁(sᵢ, μ_φ(sᵢ))`,
///    whose gradient is the deterministic policy gradient
///    `∇_φ J = −(1/B) Σᵢ ∇_φ μ_φ(sᵢ)ᵀ ∇ₐQ_θ₁(sᵢ, a)|_{a = μ_φ(sᵢ)}` (Silver et al. 2014, Theorem 1;
///    Lillicrap et al. 2016, eq. 6), then the Polyak updates of all targets.
/// (CleanRL's `ddpg_continuous_action.py` and `td3_continuous_action.py`; SB3's `TD3.train`.)
public struct DeterministicActorCritic: OffPolicyAgent {
    public let configuration: DeterministicActorCriticConfiguration
    public let actor: DeterministicActor
    /// The first critic; with twin critics the second follows it in `theta`.
    public let critic1: QCritic
    public let critic2: QCritic?
    public let low: [Double], high: [Double]
    public private(set) var phi: [Double]
    public private(set) var targetPhi: [Double]
    /// Every critic's parameters.
    public private(set) var theta: [Double]
    public private(set) var targetTheta: [Double]
    var actorOptimizer: Adam
    var criticOptimizer: Adam
    public private(set) var exploration: ExplorationProcess
    /// Critic updates and actor updates taken.
    public private(set) var criticUpdates = 0
    public private(set) var actorUpdates = 0

    /// A learner with networks initialised as PyTorch's `nn.Linear` default (and the output layers as
    /// `outputLayerInitBound` says), from `seed`; the targets are copies. Throws on invalid settings.
    public init(configuration c: DeterministicActorCriticConfiguration, observationLength: Int, low: [Double],
                high: [Double], seed: UInt64) throws {
        try c.validate()
        configuration = c
        self.low = low
        self.high = high
        actor = DeterministicActor(observationLength: observationLength, low: low, high: high, hiddenSizes: c.actorHiddenSizes,
                                   products: c.products)
        critic1 = QCritic(observationLength: observationLength, actionWidth: low.count, hiddenSizes: c.criticHiddenSizes,
                          products: c.products)
        critic2 = c.twinCritics
            ? QCritic(observationLength: observationLength, actionWidth: low.count, hiddenSizes: c.criticHiddenSizes,
                      parameterOffset: critic1.parameterCount, products: c.products)
            : nil
        var rng = SeededGenerator(seed: seed)
        var phi = [Double](repeating: 0, count: actor.parameterCount)
        actor.network.initializeAsTorchLinear(&phi, using: &rng)
        var theta = [Double](repeating: 0, count: critic1.parameterCount + (critic2?.parameterCount ?? 0))
        for critic in [critic1] + (critic2.map { [$0] } ?? []) { critic.network.initializeAsTorchLinear(&theta, using: &rng) }
        if let b = c.outputLayerInitBound {
            actor.network.initializeOutputLayerUniformly(&phi, bound: b, using: &rng)
            for critic in [critic1] + (critic2.map { [$0] } ?? []) {
                critic.network.initializeOutputLayerUniformly(&theta, bound: b, using: &rng)
            }
        }
        self.phi = phi
        targetPhi = phi
        self.theta = theta
        targetTheta = theta
        actorOptimizer = Adam(parameterCount: phi.count, learningRate: c.actorLearningRate)
        criticOptimizer = Adam(parameterCount: theta.count, learningRate: c.criticLearningRate)
        exploration = ExplorationProcess(c.exploration, width: low.count)
    }

    public mutating func beginEpisode() { exploration.reset() }

    /// `clip(μ_φ(s) + s ⊙ ε, low, high)`.
    public mutating func explorationAction(_ observation: [Double], using rng: inout SeededGenerator) -> [Double] {
        ExplorationProcess.perturb(actor(phi, observation), by: exploration.next(using: &rng), scale: actor.scale,
                                   low: low, high: high)
    }

    /// `μ_φ(s)`.
    public func evaluationAction(_ observation: [Double]) -> [Double] { actor(phi, observation) }

    /// `Q_θ₁(s, a)`.
    public func valueEstimate(_ observation: [Double], action: [Double]) -> Double {
        critic1.values(theta, observations: observation, actions: action, batch: 1)[0]
    }

    /// The targets `y` of step 2 for a batch, with the smoothing noise drawn from `rng` (one Gaussian per
    /// action coordinate, row-major) when smoothing is on.
    public func criticTargets(_ batch: ReplayBatch, using rng: inout SeededGenerator) -> [Double] {
        let b = batch.size
        var nextActions = actor.forward(targetPhi, observations: batch.nextObservations, batch: b).actions
        if let smoothing = configuration.targetSmoothing {
            let xi = nextActions.map { _ in rng.nextGaussian() }
            nextActions = smoothing.smoothed(nextActions, noise: xi, scale: actor.scale, low: low, high: high)
        }
        var next = critic1.values(targetTheta, observations: batch.nextObservations, actions: nextActions, batch: b)
        if let critic2 {
            next = BootstrappedTarget.clippedDoubleQ(
                next, critic2.values(targetTheta, observations: batch.nextObservations, actions: nextActions, batch: b))
        }
        return BootstrappedTarget.targets(rewards: batch.rewards, terminated: batch.terminated, nextValues: next,
                                          discount: configuration.discount)
    }

    /// The actor loss `J(φ) = −(1/B) Σᵢ Q_θ₁(sᵢ, μ_φ(sᵢ))` and its gradient (the deterministic policy gradient).
    public func actorLossAndGradient(observations: [Double], batch b: Int) -> (loss: Double, gradient: [Double]) {
        let (actions, actorActivations) = actor.forward(phi, observations: observations, batch: b)
        let criticActivations = critic1.forward(theta, observations: observations, actions: actions, batch: b)
        let loss = -criticActivations.output.reduce(0, +) / Double(b)
        let dLda = critic1.actionGradient(theta, activations: criticActivations,
                                          weights: Array(repeating: -1 / Double(b), count: b))
        var gradient = [Double](repeating: 0, count: phi.count)
        actor.backward(phi, activations: actorActivations, actionGradient: dLda, gradient: &gradient)
        return (loss, gradient)
    }

    public mutating func update(buffer: ReplayBuffer, using rng: inout SeededGenerator) {
        let c = configuration
        let batch = buffer.sample(c.batchSize, using: &rng)
        let y = criticTargets(batch, using: &rng)
        var gradient = QCritic.tdLossGradient([critic1] + (critic2.map { [$0] } ?? []), theta: theta, batch: batch, targets: y)
        if c.criticWeightDecay > 0 { for i in gradient.indices { gradient[i] += c.criticWeightDecay * theta[i] } }
        criticOptimizer.update(&theta, gradient: gradient)
        criticUpdates += 1
        guard criticUpdates % c.policyDelay == 0 else { return }
        let actorGradient = actorLossAndGradient(observations: batch.observations, batch: batch.size).gradient
        actorOptimizer.update(&phi, gradient: actorGradient)
        actorUpdates += 1
        TargetNetwork.update(&targetPhi, toward: phi, tau: c.tau)
        TargetNetwork.update(&targetTheta, toward: theta, tau: c.tau)
    }
}

extension MLP {
    /// Re-draws the output layer's weights and biases as `U(−b, b)` (Lillicrap et al. 2016, §7: `b = 3·10⁻³`,
    /// "to ensure the initial outputs for the policy and value estimates were near zero").
    public func initializeOutputLayerUniformly(_ theta: inout [Double], bound b: Double, using rng: inout SeededGenerator) {
        let m = layerSizes[layerSizes.count - 2], n = outputSize
        let start = parameterEnd - (m * n + n)
        for i in start..<parameterEnd { theta[i] = b * (2 * rng.nextUniform() - 1) }
    }
}
