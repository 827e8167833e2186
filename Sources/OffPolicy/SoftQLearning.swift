import ExperimentKit
import Foundation
import Neural

/// Every setting of a soft Q-learning run. `reference()` gives the defaults of the authors' code
/// (`softqlearning/algorithms/sql.py`, the `SQL` constructor): Adam 10⁻³ for the Q-function and the
/// sampler, M = 16 importance samples for the soft value, K = 16 SVGD particles per state split half
/// fixed / half updated, γ = 0.99, the target network copied every update (interval 1, τ = 1).
/// Batch size, hidden sizes and the warm-up are not fixed by that constructor: 128, 128-128 ReLU and
/// 1 000 steps here, our choice (the paper's appendix was not at hand to verify them).
public struct SoftQLearningConfiguration: Sendable, Equatable, Codable {
    public var loop: OffPolicyLoop
    public var discount: Double
    /// α: the policy is `π(a|s) ∝ exp(Q(s, a)/α)` (the reference code fixes α = 1 and scales rewards instead).
    public var temperature: Double
    public var criticLearningRate: Double
    public var samplerLearningRate: Double
    public var batchSize: Int
    public var criticHiddenSizes: [Int]
    public var samplerHiddenSizes: [Int]
    /// M, the uniform action samples of the soft value's importance-sampled estimate.
    public var valueSamples: Int
    /// K, the SVGD particles per state; `updatedParticles` of them are moved, the other `K − updated` fixed.
    public var particles: Int
    public var updatedParticles: Int
    /// The target network moves (by `tau`) every `targetUpdateInterval` updates.
    public var targetUpdateInterval: Int
    public var tau: Double

    public static func reference(totalSteps: Int = 1_000_000, learningStarts: Int = 1_000) -> SoftQLearningConfiguration {
        SoftQLearningConfiguration(loop: OffPolicyLoop(totalSteps: totalSteps, learningStarts: learningStarts), discount: 0.99,
                                   temperature: 1, criticLearningRate: 1e-3, samplerLearningRate: 1e-3, batchSize: 128,
                                   criticHiddenSizes: [128, 128], samplerHiddenSizes: [128, 128], valueSamples: 16,
                                   particles: 16, updatedParticles: 8, targetUpdateInterval: 1, tau: 1)
    }

    public func validate() throws {
        try loop.validate()
        func check(_ ok: Bool, _ name: String, _ value: Any, _ allowed: String) throws {
            if !ok { throw InputError(parameter: name, given: "\(value)", allowed: allowed) }
        }
        try check(discount >= 0 && discount < 1, "discount", discount, "γ ∈ [0, 1)")
        try check(temperature > 0, "temperature", temperature, "α > 0")
        try check(criticLearningRate > 0 && samplerLearningRate > 0, "learning rates", [criticLearningRate, samplerLearningRate], "positive numbers")
        try check(batchSize >= 1, "batchSize", batchSize, "an integer ≥ 1")
        try check(valueSamples >= 1, "valueSamples", valueSamples, "an integer ≥ 1")
        try check(particles >= 2 && updatedParticles >= 1 && updatedParticles < particles, "updatedParticles",
                  "\(updatedParticles) of \(particles)", "1 ≤ updated < particles, particles ≥ 2")
        try check(targetUpdateInterval >= 1, "targetUpdateInterval", targetUpdateInterval, "an integer ≥ 1")
        try check(tau > 0 && tau <= 1, "tau", tau, "τ ∈ (0, 1]")
    }
}

/// Soft Q-learning (Haarnoja, Tang, Abbeel & Levine 2017, "Reinforcement Learning with Deep Energy-Based
/// Policies", Algorithm 1): a soft Q-function and an amortised SVGD sampler `a = f_φ(ξ; s)`,
/// `ξ ~ N(0, I)` (the network sees `(s, ξ)`; its output is squashed, `a = c + s ⊙ tanh(z)`).
///
/// Critic (eq. 10–11): `y = r + γ(1 − d) V_θ′(s')` with the importance-sampled soft value
///   `V(s') = α log E_{a~q}[exp(Q(s', a)/α)/q(a)]`, `q` uniform on the action box (as the reference code),
/// and `L(θ) = (1/B) Σᵢ (Q_θ(sᵢ, aᵢ) − yᵢ)²` (the reference halves it; Adam is nearly indifferent).
/// Sampler (eq. 13–14): for each state, K actions `aₖ = f_φ(ξₖ; s)`, the first `K − n` fixed and the last
/// n moved along `Δf(aᵢ) = (1/m) Σⱼ [κ(a'ⱼ, aᵢ) ∇ₐQ_θ(s, a'ⱼ) + α ∇_{a'ⱼ} κ(a'ⱼ, aᵢ)]`
/// (`SteinVariationalGradient.amortisedDirection`, RBF kernel by the median heuristic over the state's K
/// particles), carried to φ by the chain rule through the squash and the network; φ ascends
/// `Σ Δf · f_φ` (Adam on its negative). The reference code adds the squash's log-Jacobian
/// `Σ log(1 − a²)` to the target log-density in the SVGD score; eq. 13 has `Q/α` alone, as here.
public struct SoftQLearning: OffPolicyAgent {
    public let configuration: SoftQLearningConfiguration
    public let critic: QCritic
    public let sampler: MLP
    public let low: [Double], high: [Double]
    public let centre: [Double], scale: [Double]
    public private(set) var theta: [Double]
    public private(set) var targetTheta: [Double]
    public private(set) var phi: [Double]
    var criticOptimizer: Adam
    var samplerOptimizer: Adam
    public private(set) var updates = 0

    public init(configuration c: SoftQLearningConfiguration, observationLength: Int, low: [Double], high: [Double],
                seed: UInt64) throws {
        try c.validate()
        configuration = c
        self.low = low
        self.high = high
        (centre, scale) = TanhGaussian.boxCentreAndScale(low: low, high: high)
        critic = QCritic(observationLength: observationLength, actionWidth: low.count, hiddenSizes: c.criticHiddenSizes)
        sampler = MLP(layerSizes: [observationLength + low.count] + c.samplerHiddenSizes + [low.count], activation: .relu)
        var rng = SeededGenerator(seed: seed)
        var theta = [Double](repeating: 0, count: critic.parameterCount)
        critic.network.initializeAsTorchLinear(&theta, using: &rng)
        var phi = [Double](repeating: 0, count: sampler.parameterCount)
        sampler.initializeAsTorchLinear(&phi, using: &rng)
        self.theta = theta
        targetTheta = theta
        self.phi = phi
        criticOptimizer = Adam(parameterCount: theta.count, learningRate: c.criticLearningRate)
        samplerOptimizer = Adam(parameterCount: phi.count, learningRate: c.samplerLearningRate)
    }

    /// The importance-sampled soft value (Haarnoja et al. 2017, eq. 10):
    ///   `V = α log[(1/M) Σⱼ exp(Qⱼ/α)/q(aⱼ)] = α [LSEⱼ(Qⱼ/α − log q(aⱼ)) − log M]`,
    /// by log-sum-exp. `qValues[j] = Q(s, aⱼ)`, `logProposal[j] = log q(aⱼ)`, `aⱼ ~ q`. Precondition: M ≥ 1.
    public static func softValue(qValues: [Double], logProposal: [Double], temperature alpha: Double) -> Double {
        precondition(!qValues.isEmpty && qValues.count == logProposal.count, "one proposal density per sample")
        let terms = zip(qValues, logProposal).map { $0 / alpha - $1 }
        let top = terms.max()!
        let lse = top + log(terms.reduce(0) { $0 + exp($1 - top) })
        return alpha * (lse - log(Double(qValues.count)))
    }

    /// `log q(a) = −Σᵢ log(highᵢ − lowᵢ)`, the uniform proposal's log-density on the box.
    public var logUniformProposal: Double { -zip(high, low).reduce(0) { $0 + log($1.0 - $1.1) } }

    public func beginEpisode() {}

    /// Sampler rows `(sᵢ, ξ)` for each observation and each of its noise vectors: `noise` holds
    /// `perState` vectors per observation, row-major.
    func samplerInputs(observations: [Double], batch: Int, noise: [Double], perState k: Int) -> [Double] {
        let n = observations.count / batch, d = low.count
        var x: [Double] = []
        x.reserveCapacity(batch * k * (n + d))
        for i in 0..<batch {
            for j in 0..<k {
                x += observations[(i * n)..<((i + 1) * n)]
                x += noise[((i * k + j) * d)..<((i * k + j + 1) * d)]
            }
        }
        return x
    }

    /// Actions `c + s ⊙ tanh(f_φ(s, ξ))` for prepared sampler rows.
    func squash(_ z: [Double]) -> [Double] {
        let d = low.count
        return z.indices.map { centre[$0 % d] + scale[$0 % d] * tanh(z[$0]) }
    }

    /// One draw `f_φ(ξ; s)`, `ξ ~ N(0, I)`.
    public func explorationAction(_ observation: [Double], using rng: inout SeededGenerator) -> [Double] {
        let xi = low.map { _ in rng.nextGaussian() }
        return squash(sampler(phi, observation + xi))
    }

    /// `f_φ(0; s)`: the sampler at ξ = 0.
    public func evaluationAction(_ observation: [Double]) -> [Double] {
        squash(sampler(phi, observation + low.map { _ in 0 }))
    }

    public func valueEstimate(_ observation: [Double], action: [Double]) -> Double {
        critic.values(theta, observations: observation, actions: action, batch: 1)[0]
    }

    /// The critic targets with the M uniform actions drawn from `rng` (one set shared by the batch, as the
    /// reference code).
    public func criticTargets(_ batch: ReplayBatch, using rng: inout SeededGenerator) -> [Double] {
        let c = configuration, b = batch.size, m = c.valueSamples, d = low.count, n = critic.observationLength
        let proposal = (0..<(m * d)).map { low[$0 % d] + (high[$0 % d] - low[$0 % d]) * rng.nextUniform() }
        var observations = [Double](), actions = [Double]()
        observations.reserveCapacity(b * m * n)
        actions.reserveCapacity(b * m * d)
        for i in 0..<b {
            for _ in 0..<m { observations += batch.nextObservations[(i * n)..<((i + 1) * n)] }
            actions += proposal
        }
        let q = critic.values(targetTheta, observations: observations, actions: actions, batch: b * m)
        let logQ = Array(repeating: logUniformProposal, count: m)
        let v = (0..<b).map { Self.softValue(qValues: Array(q[(($0) * m)..<(($0 + 1) * m)]), logProposal: logQ, temperature: c.temperature) }
        return BootstrappedTarget.targets(rewards: batch.rewards, terminated: batch.terminated, nextValues: v, discount: c.discount)
    }

    /// The sampler's ascent direction `Σ_{states, updated i} (∂aᵢ/∂φ)ᵀ Δf(aᵢ)` for `batch` observations and
    /// K noise vectors per state (row-major), with the Δf of every updated particle (batch × n rows).
    public func samplerAscentDirection(observations: [Double], batch b: Int, noise: [Double]) -> (direction: [Double], steps: [[Double]]) {
        let c = configuration, k = c.particles, n = c.updatedParticles, fixed = k - n, d = low.count
        let activations = sampler.forward(phi, inputs: samplerInputs(observations: observations, batch: b, noise: noise, perState: k), batch: b * k)
        let z = activations.output
        let actions = squash(z)
        // ∇ₐQ at the fixed particles of every state.
        var fixedObservations = [Double](), fixedActions = [Double]()
        let no = critic.observationLength
        for i in 0..<b {
            for j in 0..<fixed {
                fixedObservations += observations[(i * no)..<((i + 1) * no)]
                fixedActions += actions[((i * k + j) * d)..<((i * k + j + 1) * d)]
            }
        }
        let qActivations = critic.forward(theta, observations: fixedObservations, actions: fixedActions, batch: b * fixed)
        let grads = critic.actionGradient(theta, activations: qActivations, weights: Array(repeating: 1, count: b * fixed))
        var outputGradient = [Double](repeating: 0, count: b * k * d)
        var steps: [[Double]] = []
        for i in 0..<b {
            let row = { (j: Int) in Array(actions[((i * k + j) * d)..<((i * k + j + 1) * d)]) }
            let particles = (0..<k).map(row)
            let aPrime = Array(particles[0..<fixed]), updated = Array(particles[fixed...])
            let scores = (0..<fixed).map { Array(grads[((i * fixed + $0) * d)..<((i * fixed + $0 + 1) * d)]) }
            let delta = SteinVariationalGradient.amortisedDirection(
                updatedActions: updated, fixedActions: aPrime, actionValueGradients: scores, temperature: c.temperature,
                kernel: RBFKernel.medianHeuristic(particles))
            steps += delta
            for (u, step) in delta.enumerated() {
                for e in 0..<d {
                    let r = (i * k + fixed + u) * d + e
                    let t = tanh(z[r])
                    outputGradient[r] = step[e] * scale[e] * (1 - t * t)
                }
            }
        }
        var direction = [Double](repeating: 0, count: phi.count)
        sampler.backward(phi, activations: activations, outputGradient: outputGradient, gradient: &direction)
        return (direction, steps)
    }

    public mutating func update(buffer: ReplayBuffer, using rng: inout SeededGenerator) {
        let c = configuration
        let batch = buffer.sample(c.batchSize, using: &rng)
        let y = criticTargets(batch, using: &rng)
        criticOptimizer.update(&theta, gradient: QCritic.tdLossGradient([critic], theta: theta, batch: batch, targets: y))
        let noise = (0..<(batch.size * c.particles * low.count)).map { _ in rng.nextGaussian() }
        let ascent = samplerAscentDirection(observations: batch.observations, batch: batch.size, noise: noise).direction
        samplerOptimizer.update(&phi, gradient: ascent.map { -$0 })
        updates += 1
        if updates % c.targetUpdateInterval == 0 { TargetNetwork.update(&targetTheta, toward: theta, tau: c.tau) }
    }
}
