import ExperimentKit
import Foundation
@testable import Neural
import TestSupport
import XCTest

/// Stein variational gradient descent (Liu & Wang 2016) and soft Q-learning's amortised direction
/// (Haarnoja et al. 2017, eq. 13).
final class SteinVariationalGradientTests: XCTestCase {
    /// `∇ₓk(x, y) = −(2/h)(x − y)k(x, y)` against central differences, in one and three dimensions.
    func testKernelGradientMatchesFiniteDifferences() {
        var rng = SeededGenerator(seed: 16)
        for d in [1, 3] {
            for h in [0.3, 2.5] {
                let kernel = RBFKernel(bandwidth: h)
                let x = (0..<d).map { _ in rng.nextGaussian() }, y = (0..<d).map { _ in rng.nextGaussian() }
                assertGradientsAgree(kernel.gradientWithRespectToFirst(x, y), centralDifferences(x) { kernel($0, y) },
                                     "∇ₓk, d = \(d), h = \(h)")
            }
        }
    }

    /// Three particles `x = (−1, 0, 2)`, target `N(0, 1)` (score `−x`), bandwidth `h = 1`, so
    /// `k(xⱼ, xᵢ) = e^{−(xⱼ−xᵢ)²}` and `∇_{xⱼ}k(xⱼ, xᵢ) = −2(xⱼ − xᵢ)e^{−(xⱼ−xᵢ)²}`. Term by term:
    ///   `φ(−1) = ⅓[1·1 + (e⁻¹·0 − 2e⁻¹) + (−2e⁻⁹ − 6e⁻⁹)] = ⅓(1 − 2e⁻¹ − 8e⁻⁹)`,
    ///   `φ(0)  = ⅓[(e⁻¹·1 + 2e⁻¹) + 0 + (−2e⁻⁴ − 4e⁻⁴)] = e⁻¹ − 2e⁻⁴`,
    ///   `φ(2)  = ⅓[(e⁻⁹ + 6e⁻⁹) + (0 + 4e⁻⁴) + (−2)]   = ⅓(7e⁻⁹ + 4e⁻⁴ − 2)`.
    /// The median heuristic on these particles: the nine squared distances are
    /// {0, 0, 0, 1, 1, 4, 4, 9, 9}, median 1, so `h = 1/log 4`.
    func testDirectionAgainstItsDefinitionOnThreeParticles() {
        let x: [[Double]] = [[-1], [0], [2]]
        let phi = SteinVariationalGradient.direction(particles: x, scores: x.map { [-$0[0]] }, kernel: RBFKernel(bandwidth: 1))
        let e = M_E
        XCTAssertEqual(phi[0][0], (1 - 2 / e - 8 * pow(e, -9)) / 3, accuracy: 1e-15)
        XCTAssertEqual(phi[1][0], 1 / e - 2 * pow(e, -4), accuracy: 1e-15)
        XCTAssertEqual(phi[2][0], (7 * pow(e, -9) + 4 * pow(e, -4) - 2) / 3, accuracy: 1e-15)
        XCTAssertEqual(RBFKernel.medianHeuristic(x).bandwidth, 1 / log(4), accuracy: 1e-15)
    }

    /// Soft Q-learning's direction is `α·φ` for `p ∝ exp(Q/α)` (score `∇Q/α`) when the fixed and
    /// updated particles are the same set; with different sets it is the same sum over the fixed ones.
    func testAmortisedDirectionIsTemperatureTimesSteinDirection() {
        var rng = SeededGenerator(seed: 13)
        let actions = (0..<6).map { _ in (0..<2).map { _ in rng.nextGaussian() } }
        let gradQ = (0..<6).map { _ in (0..<2).map { _ in 3 * rng.nextGaussian() } }
        let kernel = RBFKernel.medianHeuristic(actions)
        for alpha in [0.1, 1, 4] {
            let amortised = SteinVariationalGradient.amortisedDirection(
                updatedActions: actions, fixedActions: actions, actionValueGradients: gradQ, temperature: alpha, kernel: kernel)
            let stein = SteinVariationalGradient.direction(particles: actions, scores: gradQ.map { $0.map { $0 / alpha } },
                                                           kernel: kernel)
            for i in actions.indices {
                for d in 0..<2 { XCTAssertEqual(amortised[i][d], alpha * stein[i][d], accuracy: 1e-13 * max(1, abs(amortised[i][d]))) }
            }
        }
        // Different sets: Δf(aᵢ) written out for one updated action.
        let updated = [[0.3, -0.1]]
        let delta = SteinVariationalGradient.amortisedDirection(updatedActions: updated, fixedActions: actions,
                                                                actionValueGradients: gradQ, temperature: 0.5, kernel: kernel)
        var expected = [0.0, 0.0]
        for j in actions.indices {
            let k = kernel(actions[j], updated[0]), gk = kernel.gradientWithRespectToFirst(actions[j], updated[0])
            for d in 0..<2 { expected[d] += (k * gradQ[j][d] + 0.5 * gk[d]) / 6 }
        }
        for d in 0..<2 { XCTAssertEqual(delta[0][d], expected[d], accuracy: 1e-14) }
    }

    /// The sampler's parameter direction `Σᵢ (∂aᵢ/∂θ)ᵀ Δf(aᵢ)` equals the finite-difference gradient of
    /// the surrogate `Σᵢ Δf(aᵢ)·f^θ(inputᵢ)` with `Δf` held fixed, for a small tanh MLP.
    func testSamplerParameterDirectionIsTheSurrogateGradient() {
        var rng = SeededGenerator(seed: 17)
        let network = MLP(layerSizes: [3, 5, 2], activation: .tanh)
        var theta = [Double](repeating: 0, count: network.parameterCount)
        network.initialize(&theta, hiddenGain: 1.3, outputGain: 0.8, using: &rng)
        let batch = 4
        let inputs = (0..<(batch * 3)).map { _ in rng.nextGaussian() }
        let activations = network.forward(theta, inputs: inputs, batch: batch)
        let directions = (0..<batch).map { _ in (0..<2).map { _ in rng.nextGaussian() } }
        let analytic = SteinVariationalGradient.samplerParameterDirection(network: network, parameters: theta,
                                                                          activations: activations, directions: directions)
        let numeric = centralDifferences(theta) { t in
            let out = network.forward(t, inputs: inputs, batch: batch).output
            var surrogate = 0.0
            for i in 0..<batch {
                for d in 0..<2 { surrogate += directions[i][d] * out[2 * i + d] }
            }
            return surrogate
        }
        assertGradientsAgree(analytic, numeric, "sampler direction")
    }

    /// Plain SVGD on the 1-D target `N(1.5, 0.7²)`: 30 particles drawn from `N(−2, 0.5²)`, 1 500
    /// steps `x ← x + 0.05·φ(x)` with the median-heuristic bandwidth recomputed each step
    /// (continuous time 75, against a relaxation time of about σ² ≈ 0.5). Tolerances, set before the
    /// run for a finite particle set: the particles' mean within 0.05σ of 1.5, their standard
    /// deviation within 10 % of 0.7.
    func testPlainSVGDMovesParticlesToAOneDimensionalGaussian() {
        let mu = 1.5, sigma = 0.7
        var rng = SeededGenerator(seed: 2016)
        var x = (0..<30).map { _ in [-2 + 0.5 * rng.nextGaussian()] }
        for _ in 0..<1_500 {
            let phi = SteinVariationalGradient.direction(particles: x, scores: x.map { [-($0[0] - mu) / (sigma * sigma)] },
                                                         kernel: RBFKernel.medianHeuristic(x))
            for i in x.indices { x[i][0] += 0.05 * phi[i][0] }
        }
        let values = x.map { $0[0] }
        let mean = values.reduce(0, +) / Double(values.count)
        let std = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot()
        XCTAssertEqual(mean, mu, accuracy: 0.05 * sigma, "particle mean")
        XCTAssertEqual(std, sigma, accuracy: 0.1 * sigma, "particle standard deviation")
        print("SVGD on N(1.5, 0.7²), 30 particles: mean \(mean), standard deviation \(std)")
    }
}
