import Control
import ExperimentKit
import Foundation
import Neural
import TestSupport
import XCTest
@testable import OffPolicy

/// Soft Q-learning (Haarnoja et al. 2017): the importance-sampled soft value against exact quadrature,
/// the critic target through the networks, the amortised SVGD step's chain rule against finite
/// differences, determinism.
final class SoftQLearningTests: XCTestCase {
    static func smallConfiguration(totalSteps: Int = 200) -> SoftQLearningConfiguration {
        var c = SoftQLearningConfiguration.reference(totalSteps: totalSteps, learningStarts: 50)
        c.criticHiddenSizes = [7, 5]
        c.samplerHiddenSizes = [6]
        c.batchSize = 8
        c.particles = 6
        c.updatedParticles = 3
        c.valueSamples = 5
        return c
    }

    /// With Q ≡ c every weight is exp(c/α)/q with q = 1/2 on [−1, 1], so V = c + α log 2 for any M.
    func testSoftValueOfAConstantIsExact() {
        let v = SoftQLearning.softValue(qValues: [3, 3, 3], logProposal: Array(repeating: -log(2), count: 3), temperature: 0.5)
        XCTAssertEqual(v, 3 + 0.5 * log(2), accuracy: 1e-14)
    }

    /// 1-D action on [−1, 1], Q(a) = −2(a − 0.3)² + 0.5 sin 3a, α = 0.5: V = α log ∫ exp(Q/α) da by composite
    /// Simpson (4000 intervals, error ≪ 10⁻¹⁰) against the estimate from M = 100 000 uniform draws. The
    /// estimate's error is bounded by 4 standard errors of the weights' mean, carried through α log:
    /// |V̂ − V| ≤ 4 α (sd(w)/√M)/mean(w).
    func testImportanceSampledSoftValueAgainstQuadrature() {
        let alpha = 0.5
        func q(_ a: Double) -> Double { -2 * (a - 0.3) * (a - 0.3) + 0.5 * sin(3 * a) }
        let n = 4000, h = 2.0 / Double(n)
        var integral = 0.0
        for i in 0...n {
            let a = -1 + Double(i) * h
            let w: Double = (i == 0 || i == n) ? 1 : (i % 2 == 1 ? 4 : 2)
            integral += w * exp(q(a) / alpha)
        }
        let exact = alpha * log(integral * h / 3)
        var rng = SeededGenerator(seed: 17)
        let m = 100_000
        let actions = (0..<m).map { _ in 2 * rng.nextUniform() - 1 }
        let estimate = SoftQLearning.softValue(qValues: actions.map(q), logProposal: Array(repeating: -log(2), count: m),
                                               temperature: alpha)
        let weights = actions.map { 2 * exp(q($0) / alpha) }
        let mean = weights.reduce(0, +) / Double(m)
        let sd = (weights.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(m - 1)).squareRoot()
        let bound = 4 * alpha * sd / Double(m).squareRoot() / mean
        XCTAssertLessThan(abs(estimate - exact), bound, "exact \(exact), estimate \(estimate), bound \(bound)")
        XCTAssertLessThan(bound, 0.01, "the check is sharp enough to notice a missing 1/q or log M")
        // Without the importance weight 1/q the estimate is off by α log 2 ≈ 0.35, far outside the bound.
        XCTAssertGreaterThan(abs(estimate - alpha * log(2) - exact), 10 * bound)
    }

    /// y = r + γ(1 − d) V_θ′(s') with the same M uniform draws on the box [−2, 2] (q = 1/4).
    func testCriticTargetThroughTheNetwork() throws {
        let learner = try SoftQLearning(configuration: Self.smallConfiguration(), observationLength: 3, low: [-2], high: [2], seed: 3)
        XCTAssertEqual(learner.logUniformProposal, -log(4), accuracy: 1e-15)
        var buffer = ReplayBuffer(capacity: 1, observationWidth: 3, actionWidth: 1)
        buffer.add(observation: [1, 0, 0], action: [0.5], reward: -0.25, nextObservation: [0, 1, 0.5], terminated: false)
        var rng = SeededGenerator(seed: 1), copy = rng
        let y = learner.criticTargets(buffer.batch([0]), using: &copy)
        let draws = (0..<5).map { _ in -2 + 4 * rng.nextUniform() }
        let q = draws.map { learner.critic.values(learner.targetTheta, observations: [0, 1, 0.5], actions: [$0], batch: 1)[0] }
        let v = 1.0 * log(q.reduce(0) { $0 + exp($1) * 4 } / 5)
        XCTAssertEqual(y[0], -0.25 + 0.99 * v, accuracy: 1e-12)
    }

    /// The sampler's direction is the φ-gradient of the surrogate Σ Δf(aᵢ)·aᵢ(φ) over the updated particles
    /// with Δf held fixed (through the squash with the box scale): central differences agree.
    func testSamplerDirectionIsTheSurrogateGradient() throws {
        let learner = try SoftQLearning(configuration: Self.smallConfiguration(), observationLength: 2, low: [-2, 0], high: [2, 1], seed: 5)
        let c = learner.configuration
        var rng = SeededGenerator(seed: 8)
        let b = 2
        let s = (0..<(b * 2)).map { _ in rng.nextGaussian() }
        let noise = (0..<(b * c.particles * 2)).map { _ in rng.nextGaussian() }
        let (direction, steps) = learner.samplerAscentDirection(observations: s, batch: b, noise: noise)
        XCTAssertEqual(steps.count, b * c.updatedParticles)
        let inputs = learner.samplerInputs(observations: s, batch: b, noise: noise, perState: c.particles)
        let fixed = c.particles - c.updatedParticles
        let numeric = centralDifferences(learner.phi) { phi in
            let a = learner.squash(learner.sampler.forward(phi, inputs: inputs, batch: b * c.particles).output)
            var total = 0.0
            for i in 0..<b {
                for u in 0..<c.updatedParticles {
                    for e in 0..<2 { total += steps[i * c.updatedParticles + u][e] * a[(i * c.particles + fixed + u) * 2 + e] }
                }
            }
            return total
        }
        assertGradientsAgree(direction, numeric, "amortised SVGD through the sampler")
    }

    func testTrainingIsDeterministic() throws {
        let c = Self.smallConfiguration()
        func run(seed: UInt64) throws -> [Double] {
            var env = TimeLimited(Pendulum())
            var learner = try SoftQLearning(configuration: c, observationLength: 3, low: [-2], high: [2], seed: seed)
            OffPolicyTraining.run(&learner, environment: &env, loop: c.loop, seed: seed)
            XCTAssertEqual(learner.updates, 200 - 51)
            return learner.phi + learner.theta + learner.targetTheta
        }
        let first = try run(seed: 42)
        XCTAssertEqual(first.withUnsafeBytes { Data($0) }, try run(seed: 42).withUnsafeBytes { Data($0) })
        XCTAssertNotEqual(first, try run(seed: 43))
    }
}
