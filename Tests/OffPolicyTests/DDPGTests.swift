import Control
import ExperimentKit
import Neural
import TestSupport
import XCTest
@testable import OffPolicy

/// DDPG (Lillicrap et al. 2016) as `DeterministicActorCritic` with TD3's switches off: the critic target
/// on hand-made numbers and through the networks, ∇ₐQ and the deterministic policy gradient against
/// finite differences, the Polyak step of the targets, the exploration noise, bootstrapping at
/// truncation, determinism and input checks.
final class DDPGTests: XCTestCase {
    static func smallConfiguration(totalSteps: Int = 300, learningStarts: Int = 50) -> DeterministicActorCriticConfiguration {
        var c = DDPG.cleanRL(totalSteps: totalSteps, learningStarts: learningStarts)
        c.actorHiddenSizes = [8, 6]
        c.criticHiddenSizes = [7, 5]
        c.batchSize = 16
        c.policyDelay = 1
        return c
    }

    /// y = r + γ(1 − d)v: with γ = 0.5, rewards (1, −2, 0.5), terminated (no, yes, no) and v = (4, 9, −1):
    /// y = (3, −2, 0). A truncated transition is stored with d = 0 and so bootstraps.
    func testCriticTargetByHand() {
        XCTAssertEqual(BootstrappedTarget.targets(rewards: [1, -2, 0.5], terminated: [false, true, false],
                                                  nextValues: [4, 9, -1], discount: 0.5), [3, -2, 0])
    }

    /// The learner's targets are r + γ(1 − d) Q_θ′(s', μ_φ′(s')) computed network by network.
    func testCriticTargetThroughTheNetworks() throws {
        let learner = try DeterministicActorCritic(configuration: Self.smallConfiguration(), observationLength: 3,
                                                   low: [-2, -1], high: [2, 3], seed: 7)
        var buffer = ReplayBuffer(capacity: 4, observationWidth: 3, actionWidth: 2)
        buffer.add(observation: [0.1, 0.2, 0.3], action: [1, 0], reward: 1.5, nextObservation: [0.4, -0.5, 0.6], terminated: false)
        buffer.add(observation: [-1, 0, 1], action: [-2, 3], reward: -0.5, nextObservation: [2, 1, 0], terminated: true)
        let batch = buffer.batch([0, 1])
        var rng = SeededGenerator(seed: 1)
        let y = learner.criticTargets(batch, using: &rng)
        let aPrime = learner.actor(learner.targetPhi, [0.4, -0.5, 0.6])
        let qPrime = learner.critic1.values(learner.targetTheta, observations: [0.4, -0.5, 0.6], actions: aPrime, batch: 1)[0]
        XCTAssertEqual(y[0], 1.5 + 0.99 * qPrime, accuracy: 1e-14)
        XCTAssertEqual(y[1], -0.5)
        // The actor's output lies in the box: c + s·tanh(z).
        XCTAssertTrue(aPrime[0] > -2 && aPrime[0] < 2 && aPrime[1] > -1 && aPrime[1] < 3)
    }

    /// ∇ₐQ(s, a) (the input gradient's action columns), weighted per row, equals central differences of
    /// Σᵢ wᵢ Q(sᵢ, aᵢ) in the actions; on tanh and ReLU critics.
    func testActionGradientAgainstFiniteDifferences() {
        for activation in [Activation.tanh, .relu] {
            let critic = QCritic(observationLength: 3, actionWidth: 2, hiddenSizes: [9, 7], activation: activation)
            var rng = SeededGenerator(seed: 3)
            var theta = [Double](repeating: 0, count: critic.parameterCount)
            critic.network.initializeAsTorchLinear(&theta, using: &rng)
            let b = 5
            let s = (0..<(b * 3)).map { _ in rng.nextGaussian() }
            let a = (0..<(b * 2)).map { _ in rng.nextGaussian() }
            let w = (0..<b).map { _ in rng.nextGaussian() }
            let activations = critic.forward(theta, observations: s, actions: a, batch: b)
            let analytic = critic.actionGradient(theta, activations: activations, weights: w)
            let numeric = centralDifferences(a) { a in
                zip(critic.values(theta, observations: s, actions: a, batch: b), w).reduce(0) { $0 + $1.0 * $1.1 }
            }
            assertGradientsAgree(analytic, numeric, "∇ₐQ, \(activation)")
        }
    }

    /// The deterministic policy gradient ∇_φ J, J(φ) = −(1/B)Σ Q(sᵢ, μ_φ(sᵢ)), through the critic's input
    /// gradient, the tanh squashing with the box scale and the actor's backward pass, equals central differences.
    func testActorGradientAgainstFiniteDifferences() throws {
        var c = Self.smallConfiguration()
        c.actorHiddenSizes = [6]
        c.criticHiddenSizes = [5, 4]
        let learner = try DeterministicActorCritic(configuration: c, observationLength: 3, low: [-2, 0], high: [2, 1], seed: 9)
        var rng = SeededGenerator(seed: 4)
        let b = 4
        let s = (0..<(b * 3)).map { _ in rng.nextGaussian() }
        let analytic = learner.actorLossAndGradient(observations: s, batch: b)
        let numeric = centralDifferences(learner.phi) { phi in
            let a = learner.actor.forward(phi, observations: s, batch: b).actions
            return -learner.critic1.values(learner.theta, observations: s, actions: a, batch: b).reduce(0, +) / Double(b)
        }
        assertGradientsAgree(analytic.gradient, numeric, "deterministic policy gradient")
    }

    /// After one update with d = 1 the targets moved by Polyak: θ′ = τθ_new + (1 − τ)θ_old (the targets
    /// started as copies), for the actor and the critic alike.
    func testPolyakStepOfTheTargets() throws {
        var c = Self.smallConfiguration()
        c.tau = 0.25
        var learner = try DeterministicActorCritic(configuration: c, observationLength: 3, low: [-2], high: [2], seed: 5)
        var buffer = ReplayBuffer(capacity: 10, observationWidth: 3, actionWidth: 1)
        var rng = SeededGenerator(seed: 2)
        for _ in 0..<10 {
            buffer.add(observation: [rng.nextGaussian(), rng.nextGaussian(), 0], action: [rng.nextUniform()], reward: rng.nextGaussian(),
                       nextObservation: [rng.nextGaussian(), 0, 1], terminated: false)
        }
        let phi0 = learner.phi, theta0 = learner.theta
        learner.update(buffer: buffer, using: &rng)
        XCTAssertNotEqual(learner.phi, phi0)
        for i in phi0.indices { XCTAssertEqual(learner.targetPhi[i], 0.25 * learner.phi[i] + 0.75 * phi0[i], accuracy: 1e-15) }
        for i in theta0.indices { XCTAssertEqual(learner.targetTheta[i], 0.25 * learner.theta[i] + 0.75 * theta0[i], accuracy: 1e-15) }
        XCTAssertEqual(learner.actorUpdates, 1)
    }

    /// Ornstein–Uhlenbeck: ε₁ = σ√dt ξ₁, ε₂ = ε₁ − θε₁dt + σ√dt ξ₂, and reset returns to 0; Gaussian: σξ.
    /// Perturbed actions are clipped to the box.
    func testExplorationNoise() {
        var process = ExplorationProcess(.ornsteinUhlenbeck(theta: 0.15, standardDeviation: 0.2, timeStep: 0.01), width: 1)
        var rng = SeededGenerator(seed: 8), copy = rng
        let e1 = process.next(using: &rng)[0], e2 = process.next(using: &rng)[0]
        let x1 = copy.nextGaussian(), x2 = copy.nextGaussian()
        XCTAssertEqual(e1, 0.2 * 0.1 * x1, accuracy: 1e-16)
        XCTAssertEqual(e2, e1 - 0.15 * e1 * 0.01 + 0.2 * 0.1 * x2, accuracy: 1e-16)
        process.reset()
        XCTAssertEqual(process.state, [0])
        var gaussian = ExplorationProcess(.gaussian(standardDeviation: 0.1), width: 2)
        var r2 = SeededGenerator(seed: 8)
        XCTAssertEqual(gaussian.next(using: &r2), [0.1 * x1, 0.1 * x2])
        XCTAssertEqual(ExplorationProcess.perturb([1.9, 0], by: [0.1, -0.5], scale: [2, 2], low: [-2, -2], high: [2, 2]), [2, -1])
    }

    /// The loop stores truncations as ordinary transitions whose s' is the episode's last observation (not
    /// the next reset's), with terminated = false, so the target bootstraps there. Pendulum-v1 never
    /// terminates and truncates at 200 steps.
    func testTruncationIsStoredForBootstrapping() throws {
        var c = Self.smallConfiguration(totalSteps: 201, learningStarts: 250)
        c.loop.bufferSize = 300
        var learner = try DeterministicActorCritic(configuration: c, observationLength: 3, low: [-2], high: [2], seed: 1)
        var env = TimeLimited(Pendulum())
        var truncations: [Int] = []
        let buffer = OffPolicyTraining.run(&learner, environment: &env, loop: c.loop, seed: 3) { record, _ in
            if record.truncated { truncations.append(record.step) }
        }
        XCTAssertEqual(truncations, [200])
        let all = buffer.batch(Array(0..<201))
        XCTAssertFalse(all.terminated.contains(true))
        // Within an episode s'_t = s_{t+1}; across the truncation s'_199 is the last observation, s_200 a reset.
        XCTAssertEqual(Array(all.nextObservations[(198 * 3)..<(199 * 3)]), Array(all.observations[(199 * 3)..<(200 * 3)]))
        XCTAssertNotEqual(Array(all.nextObservations[(199 * 3)..<(200 * 3)]), Array(all.observations[(200 * 3)..<(201 * 3)]))
        let last = all.nextObservations[(199 * 3)..<(200 * 3)]
        XCTAssertEqual(last[last.startIndex] * last[last.startIndex] + last[last.startIndex + 1] * last[last.startIndex + 1], 1,
                       accuracy: 1e-6, "s'_199 is a Pendulum observation (cos θ, sin θ, θ̇)")
    }

    /// Training is a pure function of the seeds: the same parameter bytes twice, different ones for another seed.
    func testTrainingIsDeterministic() throws {
        let c = Self.smallConfiguration()
        func run(seed: UInt64) throws -> [Double] {
            var env = TimeLimited(Pendulum())
            var learner = try DeterministicActorCritic(configuration: c, observationLength: 3, low: [-2], high: [2], seed: seed)
            OffPolicyTraining.run(&learner, environment: &env, loop: c.loop, seed: seed)
            XCTAssertEqual(learner.criticUpdates, 300 - 51)
            return learner.phi + learner.theta + learner.targetPhi + learner.targetTheta
        }
        let first = try run(seed: 42)
        XCTAssertEqual(first.withUnsafeBytes { Data($0) }, try run(seed: 42).withUnsafeBytes { Data($0) })
        XCTAssertNotEqual(first, try run(seed: 43))
    }

    /// TD3 with single-precision products: the same parameter bytes at every vector level of the
    /// kernels, and not the double-precision run's.
    func testSinglePrecisionTD3IsTheSameAtEveryVectorLevel() throws {
        var c = TD3.ablation(Self.smallConfiguration(totalSteps: 120))
        func run(_ products: ProductPrecision) throws -> [Double] {
            c.products = products
            var env = TimeLimited(Pendulum())
            var learner = try DeterministicActorCritic(configuration: c, observationLength: 3, low: [-2], high: [2], seed: 9)
            OffPolicyTraining.run(&learner, environment: &env, loop: c.loop, seed: 9)
            XCTAssertGreaterThan(learner.actorUpdates, 0)
            return learner.phi + learner.theta + learner.targetPhi + learner.targetTheta
        }
        let runs = try atEveryKernelLevel { try run(.single) }
        for (level, bytes) in runs.dropFirst() {
            XCTAssertEqual(bytes.map(\.bitPattern), runs[0].result.map(\.bitPattern), "level \(level)")
        }
        XCTAssertNotEqual(runs[0].result, try run(.double))
    }

    /// Bad settings are refused with the parameter's name.
    func testInvalidSettingsNameTheParameter() {
        var c = Self.smallConfiguration()
        c.tau = 0
        XCTAssertThrowsError(try DeterministicActorCritic(configuration: c, observationLength: 3, low: [-1], high: [1], seed: 0)) {
            XCTAssertTrue("\($0)".contains("tau"))
        }
        c = Self.smallConfiguration()
        c.policyDelay = 0
        XCTAssertThrowsError(try c.validate()) { XCTAssertTrue("\($0)".contains("policyDelay")) }
        c = Self.smallConfiguration()
        c.loop.trainFrequency = 0
        XCTAssertThrowsError(try c.validate()) { XCTAssertTrue("\($0)".contains("trainFrequency")) }
    }
}

/// The value-estimate probe generalised to continuous actions and an off-policy agent.
final class ContinuousValueProbeTests: XCTestCase {
    /// On Pendulum-v1 the probe runs the agent's evaluation action past the registered limit (ignoring
    /// truncation) and predicts with its critic at the actions taken: the predictions equal Q_θ₁(s_t, μ(s_t)),
    /// and G_t are the discounted returns of the same rewards.
    func testProbeOnAnAgent() throws {
        let learner = try DeterministicActorCritic(configuration: DDPGTests.smallConfiguration(), observationLength: 3,
                                                   low: [-2], high: [2], seed: 2)
        var env = TimeLimited(Pendulum())
        let episode = ValueEstimateProbe.run(learner, environment: &env, seed: 4, discount: 0.9, scoredSteps: 150,
                                             tailSteps: 100, registeredLimit: 200)
        XCTAssertEqual(episode.length, 250)
        XCTAssertFalse(episode.terminated)
        XCTAssertEqual(episode.predicted.count, 150)
        var replay = TimeLimited(Pendulum())
        var s = replay.reset(seed: 4)
        var rewards: [Double] = []
        for t in 0..<250 {
            let a = learner.evaluationAction(s)
            if t < 150 { XCTAssertEqual(episode.predicted[t], learner.valueEstimate(s, action: a)) }
            let step = replay.step(a)
            rewards.append(step.reward)
            s = step.observation
        }
        XCTAssertEqual(episode.returns, Array(ValueEstimateProbe.discountedReturns(rewards, discount: 0.9).prefix(150)))
        XCTAssertEqual(episode.registeredReturn, rewards.prefix(200).reduce(0, +))
    }
}
