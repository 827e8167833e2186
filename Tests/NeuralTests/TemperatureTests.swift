import ExperimentKit
import Foundation
@testable import Neural
import TestSupport
import XCTest

/// SAC's automatic temperature (Haarnoja et al. 2018, "Soft Actor-Critic Algorithms and
/// Applications", eq. 18): `J(α) = E[−α(log π(a|s) + H̄)]` over `ℓ = log α`.
final class TemperatureTests: XCTestCase {
    /// `∂J/∂ℓ` agrees with central differences of the loss at several temperatures and batches.
    func testGradientMatchesFiniteDifferences() {
        var rng = SeededGenerator(seed: 18)
        for ell in [-3.0, -0.5, 0, 1.2] {
            let batch = (0..<7).map { _ in 2 * rng.nextGaussian() }
            let analytic = EntropyTemperature.loss(logTemperature: ell, logProbabilities: batch, targetEntropy: -2).gradient
            let numeric = centralDifferences([ell]) {
                EntropyTemperature.loss(logTemperature: $0[0], logProbabilities: batch, targetEntropy: -2).loss
            }
            assertGradientsAgree([analytic], numeric, "∂J/∂log α at ℓ = \(ell)")
        }
    }

    /// Hand-made batches, `α = 0.2`, two-dimensional actions so `H̄ = −dim(A) = −2`.
    /// Entropy above the target: `log π = (−1.2, −0.8, −1.0)`, `Ĥ = 1 > −2`:
    ///   `J = −α·mean(log π + H̄) = −0.2·(−3) = 0.6`, `∂J/∂ℓ = α(Ĥ − H̄) = 0.6 > 0`, so a descent step
    ///   lowers α. Entropy below the target: `log π = (2.5, 3.5)`, `Ĥ = −3 < −2`: `J = −0.2·1 = −0.2`,
    ///   `∂J/∂ℓ = −0.2 < 0`, so a descent step raises α.
    func testStepLowersTemperatureAboveTargetEntropyAndRaisesItBelow() {
        let ell = log(0.2)
        let target = EntropyTemperature.defaultTargetEntropy(actionDimension: 2)
        XCTAssertEqual(target, -2)
        let above = EntropyTemperature.loss(logTemperature: ell, logProbabilities: [-1.2, -0.8, -1.0], targetEntropy: target)
        XCTAssertEqual(above.loss, 0.6, accuracy: 1e-15)
        XCTAssertEqual(above.gradient, 0.6, accuracy: 1e-15)
        XCTAssertLessThan(exp(ell - 0.1 * above.gradient), 0.2, "descent lowers α when the entropy is above the target")
        let below = EntropyTemperature.loss(logTemperature: ell, logProbabilities: [2.5, 3.5], targetEntropy: target)
        XCTAssertEqual(below.loss, -0.2, accuracy: 1e-15)
        XCTAssertEqual(below.gradient, -0.2, accuracy: 1e-15)
        XCTAssertGreaterThan(exp(ell - 0.1 * below.gradient), 0.2, "descent raises α when the entropy is below the target")
    }

    /// With a real policy: log-densities of 2 000 draws of a 2-D tanh-Gaussian with σ = 1 (entropy
    /// estimate well above −2) push α down; with σ = e⁻⁴ (far below) they push it up.
    func testSignFollowsTheEntropyOfTanhGaussianDraws() {
        var rng = SeededGenerator(seed: 5)
        func gradient(logStd: Double) -> Double {
            let mean = [0.1, -0.2], ls = [logStd, logStd]
            let logProbabilities = (0..<2_000).map { _ in
                let draw = TanhGaussian.sample(mean: mean[...], logStd: ls[...], using: &rng)
                return TanhGaussian.logDensity(preSquash: draw.preSquash, mean: mean[...], logStd: ls[...])
            }
            return EntropyTemperature.loss(logTemperature: 0, logProbabilities: logProbabilities, targetEntropy: -2).gradient
        }
        XCTAssertGreaterThan(gradient(logStd: 0), 0)
        XCTAssertLessThan(gradient(logStd: -4), 0)
    }
}
