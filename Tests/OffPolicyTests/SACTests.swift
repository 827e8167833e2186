import Control
import ExperimentKit
import Neural
import TestSupport
import XCTest
@testable import OffPolicy

/// SAC (Haarnoja et al. 2018): the soft critic target with the entropy term, the reparametrised actor
/// loss's gradient against finite differences, the sign of the temperature step, determinism.
final class SACTests: XCTestCase {
    static func smallConfiguration(totalSteps: Int = 300, temperature: SACTemperature = .automatic(initial: 1, targetEntropy: nil))
        -> SACConfiguration {
        var c = SACConfiguration.cleanRL(totalSteps: totalSteps, learningStarts: 50)
        c.actorHiddenSizes = [8, 6]
        c.criticHiddenSizes = [7, 5]
        c.batchSize = 16
        c.temperature = temperature
        return c
    }

    /// min(Q′₁, Q′₂) − α log π: Q′₁ = (1, 4), Q′₂ = (2, 3), log π = (−1, 0.5), α = 0.2 → v = (1.2, 2.9);
    /// y = r + γ(1 − d)v with r = (0, 1), d = (no, yes), γ = 0.5 → (0.6, 1).
    func testSoftCriticTargetByHand() {
        let v = SAC.softNextValues(q1: [1, 4], q2: [2, 3], logProbabilities: [-1, 0.5], temperature: 0.2)
        XCTAssertEqual(v[0], 1.2, accuracy: 1e-15)
        XCTAssertEqual(v[1], 2.9, accuracy: 1e-15)
        let y = BootstrappedTarget.targets(rewards: [0, 1], terminated: [false, true], nextValues: v, discount: 0.5)
        XCTAssertEqual(y[0], 0.6, accuracy: 1e-15)
        XCTAssertEqual(y[1], 1)
    }

    /// Through the networks: ã' ~ π(·|s') with the same noise, y = r + γ(min Q′ⱼ(s', ã') − α log π(ã'|s')).
    func testSoftCriticTargetThroughTheNetworks() throws {
        let learner = try SAC(configuration: Self.smallConfiguration(temperature: .fixed(0.3)), observationLength: 2,
                              low: [-2, 0], high: [2, 1], seed: 4)
        var buffer = ReplayBuffer(capacity: 1, observationWidth: 2, actionWidth: 2)
        buffer.add(observation: [0.1, 0.2], action: [0, 0.5], reward: -1, nextObservation: [0.5, -0.4], terminated: false)
        var rng = SeededGenerator(seed: 2), copy = rng
        let y = learner.criticTargets(buffer.batch([0]), using: &rng)
        let draw = learner.actor.sample(learner.phi, observations: [0.5, -0.4], batch: 1, using: &copy)
        XCTAssertTrue(draw.actions[0] > -2 && draw.actions[0] < 2 && draw.actions[1] > 0 && draw.actions[1] < 1)
        let q1 = learner.critic1.values(learner.targetTheta, observations: [0.5, -0.4], actions: draw.actions, batch: 1)[0]
        let q2 = learner.critic2.values(learner.targetTheta, observations: [0.5, -0.4], actions: draw.actions, batch: 1)[0]
        XCTAssertEqual(y[0], -1 + 0.99 * (min(q1, q2) - 0.3 * draw.logProbabilities[0]), accuracy: 1e-13)
    }

    /// ∇_φ of J_π(φ) = (1/B)Σ[α log π(ãᵢ|sᵢ) − min_j Q_j(sᵢ, ãᵢ)], ξ fixed — through the tanh squash with a box
    /// scale, the log-det correction, the log-σ squash and the min over critics — equals central differences.
    func testActorLossGradientAgainstFiniteDifferences() throws {
        let learner = try SAC(configuration: Self.smallConfiguration(temperature: .fixed(0.7)), observationLength: 3,
                              low: [-2, 0], high: [2, 1], seed: 8)
        var rng = SeededGenerator(seed: 5)
        let b = 5
        let s = (0..<(b * 3)).map { _ in rng.nextGaussian() }
        let xi = (0..<(b * 2)).map { _ in rng.nextGaussian() }
        let analytic = learner.actorLossAndGradient(observations: s, batch: b, noise: xi)
        func loss(_ phi: [Double]) -> Double {
            let draw = learner.actor.draw(phi, observations: s, batch: b, noise: xi)
            let q1 = learner.critic1.values(learner.theta, observations: s, actions: draw.actions, batch: b)
            let q2 = learner.critic2.values(learner.theta, observations: s, actions: draw.actions, batch: b)
            return (0..<b).reduce(0) { $0 + (0.7 * draw.logProbabilities[$1] - min(q1[$1], q2[$1])) } / Double(b)
        }
        XCTAssertEqual(analytic.loss, loss(learner.phi), accuracy: 1e-13)
        assertGradientsAgree(analytic.gradient, centralDifferences(learner.phi, loss), "SAC actor loss")
    }

    /// The automatic temperature moves toward its target: with H̄ far below the policy's entropy α falls,
    /// far above it α rises; a fixed α never moves.
    func testTemperatureStepSign() throws {
        func alphaAfterOneUpdate(_ temperature: SACTemperature) throws -> (before: Double, after: Double) {
            var c = Self.smallConfiguration(temperature: temperature)
            c.policyFrequency = 1
            var learner = try SAC(configuration: c, observationLength: 2, low: [-1], high: [1], seed: 1)
            var buffer = ReplayBuffer(capacity: 10, observationWidth: 2, actionWidth: 1)
            var rng = SeededGenerator(seed: 3)
            for _ in 0..<10 {
                buffer.add(observation: [rng.nextGaussian(), rng.nextGaussian()], action: [2 * rng.nextUniform() - 1],
                           reward: rng.nextGaussian(), nextObservation: [rng.nextGaussian(), rng.nextGaussian()], terminated: false)
            }
            let before = learner.temperature
            learner.update(buffer: buffer, using: &rng)
            XCTAssertEqual(learner.actorUpdates, 1)
            return (before, learner.temperature)
        }
        let low = try alphaAfterOneUpdate(.automatic(initial: 0.5, targetEntropy: -100))
        XCTAssertLessThan(low.after, low.before)
        let high = try alphaAfterOneUpdate(.automatic(initial: 0.5, targetEntropy: 100))
        XCTAssertGreaterThan(high.after, high.before)
        let fixed = try alphaAfterOneUpdate(.fixed(0.5))
        XCTAssertEqual(fixed.after, 0.5, accuracy: 1e-15)
    }

    /// Same seed → same parameter bytes (and α); another seed differs.
    func testTrainingIsDeterministic() throws {
        let c = Self.smallConfiguration()
        func run(seed: UInt64) throws -> [Double] {
            var env = TimeLimited(Pendulum())
            var learner = try SAC(configuration: c, observationLength: 3, low: [-2], high: [2], seed: seed)
            OffPolicyTraining.run(&learner, environment: &env, loop: c.loop, seed: seed)
            XCTAssertEqual(learner.actorUpdates, 2 * ((300 - 51) / 2))
            return learner.phi + learner.theta + learner.targetTheta + [learner.logTemperature]
        }
        let first = try run(seed: 42)
        XCTAssertEqual(first.withUnsafeBytes { Data($0) }, try run(seed: 42).withUnsafeBytes { Data($0) })
        XCTAssertNotEqual(first, try run(seed: 43))
    }

    /// With single-precision products (`ProductPrecision.single`) training is still a pure function of
    /// the seed and computes the same parameter bytes at every vector level of the kernels (portable,
    /// AVX2, AVX-512: the cross-CPU identity), and not the double-precision run's bytes.
    func testSinglePrecisionTrainingIsTheSameAtEveryVectorLevel() throws {
        var c = Self.smallConfiguration(totalSteps: 120)
        func run(_ products: ProductPrecision) throws -> [Double] {
            c.products = products
            var env = TimeLimited(Pendulum())
            var learner = try SAC(configuration: c, observationLength: 3, low: [-2], high: [2], seed: 7)
            OffPolicyTraining.run(&learner, environment: &env, loop: c.loop, seed: 7)
            return learner.phi + learner.theta + learner.targetTheta + [learner.logTemperature]
        }
        let runs = try atEveryKernelLevel { try run(.single) }
        for (level, bytes) in runs.dropFirst() {
            XCTAssertEqual(bytes.map(\.bitPattern), runs[0].result.map(\.bitPattern), "level \(level)")
        }
        XCTAssertNotEqual(runs[0].result, try run(.double))
    }

    func testInvalidSettingsNameTheParameter() {
        var c = Self.smallConfiguration()
        c.temperature = .fixed(0)
        XCTAssertThrowsError(try c.validate()) { XCTAssertTrue("\($0)".contains("temperature")) }
        c = Self.smallConfiguration()
        c.policyFrequency = 0
        XCTAssertThrowsError(try SAC(configuration: c, observationLength: 1, low: [-1], high: [1], seed: 0)) {
            XCTAssertTrue("\($0)".contains("policyFrequency"))
        }
    }
}
