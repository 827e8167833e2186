import ExperimentKit
import Foundation
@testable import Neural
import TestSupport
import XCTest

/// SAC's tanh-squashed Gaussian (Haarnoja et al. 2018, "Soft Actor-Critic Algorithms and
/// Applications", Appendix C, eq. 21): the density, its stable log-Jacobian, sampling, and the
/// reparametrisation gradients.
final class TanhGaussianTests: XCTestCase {
    /// The stable `2(log 2 − u − softplus(−2u))` equals the naive `log(1 − tanh² u)` where the naive
    /// form is accurate (|u| ≤ 3: `1 − tanh² u ≥ 0.0098`, so its rounding error is below
    /// `2⁻⁵³/0.0098 ≈ 10⁻¹⁴`; tolerance 10⁻¹²), and stays finite and ≈ `2 log 2 − 2|u|` where the
    /// naive form has underflowed to `log 0 = −∞`.
    func testStableLogJacobianEqualsNaiveFormWhereAccurate() {
        for k in -300...300 {
            let u = Double(k) / 100
            XCTAssertEqual(TanhGaussian.logOneMinusTanhSquared(u), TanhGaussian.naiveLogOneMinusTanhSquared(u),
                           accuracy: 1e-12, "u = \(u)")
            XCTAssertEqual(TanhGaussian.logOneMinusTanhSquared(u), TanhGaussian.logOneMinusTanhSquared(-u),
                           accuracy: 1e-14, "symmetry at u = \(u)")
        }
        for u in [25.0, -25, 100, -400] {
            XCTAssertEqual(TanhGaussian.naiveLogOneMinusTanhSquared(u), -.infinity, "naive form at u = \(u)")
            // 1 − tanh² u = 4e^{−2|u|}/(1 + e^{−2|u|})²; the correction 2 log(1 + e^{−2|u|}) < 10⁻²¹ here.
            XCTAssertEqual(TanhGaussian.logOneMinusTanhSquared(u), 2 * log(2) - 2 * abs(u), accuracy: 1e-12 * abs(u))
        }
        XCTAssertEqual(TanhGaussian.softplus(800), 800)
        XCTAssertEqual(TanhGaussian.softplus(-800), 0)
        XCTAssertEqual(TanhGaussian.softplus(0), log(2), accuracy: 1e-16)
    }

    /// ∫ π(a) da = 1 over the action box by the midpoint rule, in one dimension (box [−2, 3], 20 000
    /// cells; tolerance 10⁻⁶) and in two ([−1, 1] × [0, 2], 800² cells; tolerance 10⁻⁴). The rule's
    /// error is dominated by the cells at the box's edge, where the density is steep: for the second
    /// coordinate (μ = 0.5, σ = 0.8) the same sum in NumPy is off by 7.6·10⁻⁵ with 400 cells and by
    /// 9.5·10⁻⁶ with 800. σ ≤ 1 keeps the density from piling up at the edges, where a uniform grid
    /// would miss mass.
    func testDensityIntegratesToOneOverTheBox() {
        let (c1, s1) = TanhGaussian.boxCentreAndScale(low: [-2], high: [3])
        let cells = 20_000, h = 5.0 / Double(cells)
        var mass = 0.0
        for i in 0..<cells {
            let a = -2 + (Double(i) + 0.5) * h
            mass += exp(TanhGaussian.logDensity(action: [a], mean: [0.4], logStd: [log(0.9)], centre: c1, scale: s1)) * h
        }
        XCTAssertEqual(mass, 1, accuracy: 1e-6, "1-D mass")

        let (c2, s2) = TanhGaussian.boxCentreAndScale(low: [-1, 0], high: [1, 2])
        let side = 800, h2 = 2.0 / Double(side)
        var mass2 = 0.0
        for i in 0..<side {
            for j in 0..<side {
                let a = [-1 + (Double(i) + 0.5) * h2, (Double(j) + 0.5) * h2]
                mass2 += exp(TanhGaussian.logDensity(action: a, mean: [-0.3, 0.5], logStd: [log(0.5), log(0.8)],
                                                     centre: c2, scale: s2)) * h2 * h2
            }
        }
        XCTAssertEqual(mass2, 1, accuracy: 1e-4, "2-D mass")
        print("tanh-Gaussian mass by quadrature: 1-D \(mass), 2-D \(mass2)")
    }

    /// 100 000 draws with `SeededGenerator` against the density: a χ² goodness-of-fit test over 40
    /// equal bins of the box [−2, 3], the expected counts from quadrature of `logDensity` (2 000
    /// midpoint cells per bin). Threshold: the χ²₃₉ quantile at 1 − 10⁻⁶, 96.13 (scipy.stats.chi2.ppf).
    func testSamplesMatchTheDensityByChiSquare() {
        let (centre, scale) = TanhGaussian.boxCentreAndScale(low: [-2], high: [3])
        let mean = [0.4], logStd = [log(0.9)]
        let bins = 40, width = 5.0 / Double(bins), draws = 100_000
        var counts = [Int](repeating: 0, count: bins)
        var rng = SeededGenerator(seed: 2018)
        for _ in 0..<draws {
            let a = TanhGaussian.sample(mean: mean[...], logStd: logStd[...], centre: centre, scale: scale, using: &rng).action[0]
            counts[min(bins - 1, max(0, Int((a + 2) / width)))] += 1
        }
        var chiSquare = 0.0
        for b in 0..<bins {
            let sub = 2_000, h = width / Double(sub)
            var p = 0.0
            for k in 0..<sub {
                let a = -2 + Double(b) * width + (Double(k) + 0.5) * h
                p += exp(TanhGaussian.logDensity(action: [a], mean: mean[...], logStd: logStd[...], centre: centre, scale: scale)) * h
            }
            let expected = p * Double(draws)
            XCTAssertGreaterThan(expected, 5, "bin \(b): the χ² approximation needs expected counts ≥ 5")
            chiSquare += (Double(counts[b]) - expected) * (Double(counts[b]) - expected) / expected
        }
        XCTAssertLessThan(chiSquare, 96.13, "χ² over \(bins) bins")
        print("tanh-Gaussian samples against the density: χ² = \(chiSquare) over \(bins) bins (threshold 96.13)")
    }

    /// A draw's action is `c + s·tanh(μ + σξ)`, inside the box, and the density from the pre-squash
    /// point equals the density from the action (the `atanh` inversion) where both are accurate.
    func testSampleAndBothDensityFormsAgree() {
        var rng = SeededGenerator(seed: 7)
        let (centre, scale) = TanhGaussian.boxCentreAndScale(low: [-1, -2, 0], high: [1, 2, 0.5])
        let mean = [0.2, -0.4, 1.1], logStd = [-0.3, 0.1, -0.8]
        for _ in 0..<100 {
            let draw = TanhGaussian.sample(mean: mean[...], logStd: logStd[...], centre: centre, scale: scale, using: &rng)
            XCTAssertEqual(draw.preSquash, TanhGaussian.preSquash(noise: draw.noise[...], mean: mean[...], logStd: logStd[...]))
            XCTAssertEqual(draw.action, TanhGaussian.action(preSquash: draw.preSquash, centre: centre, scale: scale))
            for i in 0..<3 {
                XCTAssertTrue(draw.action[i] > centre[i] - scale[i] && draw.action[i] < centre[i] + scale[i])
            }
            guard draw.preSquash.allSatisfy({ abs($0) < 3 }) else { continue }
            XCTAssertEqual(TanhGaussian.logDensity(preSquash: draw.preSquash, mean: mean[...], logStd: logStd[...], scale: scale),
                           TanhGaussian.logDensity(action: draw.action, mean: mean[...], logStd: logStd[...],
                                                   centre: centre, scale: scale), accuracy: 1e-9)
        }
    }

    /// The reparametrisation gradients with ξ fixed, against central finite differences in
    /// `x = [μ | log σ]`: of `log π(a(x)|s)` (`addLogDensityGradient`) and of `Σᵢ gᵢ aᵢ(x)` for a fixed
    /// upstream `g` (`addActionGradient`), in one and three dimensions, with and without a box.
    func testReparametrisationGradientsMatchFiniteDifferences() {
        var rng = SeededGenerator(seed: 21)
        for d in [1, 3] {
            for boxed in [false, true] {
                let scale = boxed ? (0..<d).map { _ in 0.5 + rng.nextUniform() } : []
                let x = (0..<(2 * d)).map { _ in 0.8 * rng.nextGaussian() }
                let xi = (0..<d).map { _ in rng.nextGaussian() }
                let g = (0..<d).map { _ in rng.nextGaussian() }
                func logDensity(_ x: [Double]) -> Double {
                    let u = TanhGaussian.preSquash(noise: xi[...], mean: x[0..<d], logStd: x[d...])
                    return TanhGaussian.logDensity(preSquash: u, mean: x[0..<d], logStd: x[d...], scale: scale)
                }
                func upstream(_ x: [Double]) -> Double {
                    let u = TanhGaussian.preSquash(noise: xi[...], mean: x[0..<d], logStd: x[d...])
                    let a = TanhGaussian.action(preSquash: u, scale: scale)
                    return zip(g, a).reduce(0) { $0 + $1.0 * $1.1 }
                }
                var gm = [Double](repeating: 0, count: d), gs = gm
                TanhGaussian.addLogDensityGradient(1, noise: xi[...], mean: x[0..<d], logStd: x[d...],
                                                   meanGradient: &gm, at: 0, logStdGradient: &gs, at: 0)
                assertGradientsAgree(gm + gs, centralDifferences(x, logDensity), "∇ log π, d = \(d), box \(boxed)")
                gm = [Double](repeating: 0, count: d); gs = gm
                TanhGaussian.addActionGradient(g[...], noise: xi[...], mean: x[0..<d], logStd: x[d...], scale: scale,
                                               meanGradient: &gm, at: 0, logStdGradient: &gs, at: 0)
                assertGradientsAgree(gm + gs, centralDifferences(x, upstream), "gᵀ ∂a/∂x, d = \(d), box \(boxed)")
            }
        }
    }
}
