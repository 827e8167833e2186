import ExperimentKit
import Foundation
@testable import Neural
import TestSupport
import XCTest

final class DistributionTests: XCTestCase {
    /// ∇ log N(a; μ, σ²), ∇_q KL(p‖q) and ∇H with respect to (μ, log σ) agree with finite differences.
    func testGaussianGradientsMatchFiniteDifferences() {
        var rng = SeededGenerator(seed: 10)
        for d in [1, 3] {
            let a = (0..<d).map { _ in rng.nextGaussian() }
            let p = (0..<(2 * d)).map { _ in 0.7 * rng.nextGaussian() }
            let q = (0..<(2 * d)).map { _ in 0.7 * rng.nextGaussian() }
            // parameters x = [μ (d) | log σ (d)]
            func logDensity(_ x: [Double]) -> Double { DiagonalGaussian.logDensity(a[...], mean: x[0..<d], logStd: x[d...]) }
            func kl(_ x: [Double]) -> Double {
                DiagonalGaussian.klDivergence(meanP: p[0..<d], logStdP: p[d...], meanQ: x[0..<d], logStdQ: x[d...])
            }
            var gm = [Double](repeating: 0, count: d), gs = gm
            DiagonalGaussian.addLogDensityGradient(1, a[...], mean: q[0..<d], logStd: q[d...],
                                                   meanGradient: &gm, at: 0, logStdGradient: &gs, at: 0)
            assertGradientsAgree(gm + gs, centralDifferences(q, logDensity), "Gaussian log-density, d = \(d)")
            gm = [Double](repeating: 0, count: d); gs = gm
            DiagonalGaussian.addKLGradientWithRespectToQ(1, meanP: p[0..<d], logStdP: p[d...], meanQ: q[0..<d], logStdQ: q[d...],
                                                         meanGradient: &gm, at: 0, logStdGradient: &gs, at: 0)
            assertGradientsAgree(gm + gs, centralDifferences(q, kl), "Gaussian KL, d = \(d)")
            let entropyGradient = centralDifferences(q) { DiagonalGaussian.entropy(logStd: $0[d...]) }
            assertGradientsAgree(Array(repeating: 0, count: d) + Array(repeating: 1, count: d), entropyGradient, "Gaussian entropy")
        }
    }

    /// The closed forms agree with quadrature in one dimension: ∫N = 1, −∫N log N = H, ∫p log(p/q) = KL.
    func testGaussianClosedFormsMatchQuadrature() {
        let mp = 0.3, lp = -0.4, mq = -0.5, lq = 0.2
        var mass = 0.0, entropy = 0.0, kl = 0.0
        let h = 1e-3
        for i in -15_000...15_000 {
            let x = Double(i) * h
            let logP = DiagonalGaussian.logDensity([x], mean: [mp], logStd: [lp])
            let logQ = DiagonalGaussian.logDensity([x], mean: [mq], logStd: [lq])
            mass += exp(logP) * h
            entropy -= exp(logP) * logP * h
            kl += exp(logP) * (logP - logQ) * h
        }
        XCTAssertEqual(mass, 1, accuracy: 1e-10)
        XCTAssertEqual(entropy, DiagonalGaussian.entropy(logStd: [lp]), accuracy: 1e-9)
        XCTAssertEqual(kl, DiagonalGaussian.klDivergence(meanP: [mp], logStdP: [lp], meanQ: [mq], logStdQ: [lq]), accuracy: 1e-9)
    }

    /// The one-dimensional total variation ½∫|p − q| agrees with quadrature, for equal, different and
    /// nearly equal σ's (10⁻⁹ apart in log σ, where one crossing point is near ±∞), is symmetric,
    /// and obeys Pinsker's D_TV ≤ √(KL/2).
    func testGaussianTotalVariationMatchesQuadrature() {
        let cases: [(Double, Double, Double, Double)] = [(0.3, -0.4, -0.5, 0.2), (0, 0, 1, 0), (0.1, 0.5, 0.1, -0.5),
                                                         (2, -1, -1, 1), (0.01, 0, 0, 1e-9), (0, -0.3, 0.002, -0.3)]
        for (mp, lp, mq, lq) in cases {
            var integral = 0.0
            let h = 1e-4
            for i in -300_000...300_000 {
                let x = Double(i) * h
                let p = exp(DiagonalGaussian.logDensity([x], mean: [mp], logStd: [lp]))
                let q = exp(DiagonalGaussian.logDensity([x], mean: [mq], logStd: [lq]))
                integral += 0.5 * abs(p - q) * h
            }
            let tv = DiagonalGaussian.totalVariation1D(meanP: mp, logStdP: lp, meanQ: mq, logStdQ: lq)
            XCTAssertEqual(tv, integral, accuracy: 1e-7, "\((mp, lp, mq, lq))")
            XCTAssertEqual(tv, DiagonalGaussian.totalVariation1D(meanP: mq, logStdP: lq, meanQ: mp, logStdQ: lp), accuracy: 1e-14)
            let kl = DiagonalGaussian.klDivergence(meanP: [mp], logStdP: [lp], meanQ: [mq], logStdQ: [lq])
            XCTAssertLessThanOrEqual(tv, (kl / 2).squareRoot() + 1e-15)
        }
    }

    /// ∇ log p_a, ∇_q KL(p‖q) and ∇H with respect to the logits agree with finite differences, and
    /// KL and H agree with their defining sums.
    func testCategoricalGradientsAndDefinitions() {
        var rng = SeededGenerator(seed: 11)
        let k = 4
        let zp = (0..<k).map { _ in 2 * rng.nextGaussian() }, zq = (0..<k).map { _ in 2 * rng.nextGaussian() }
        for a in 0..<k {
            var g = [Double](repeating: 0, count: k)
            Categorical.addLogProbabilityGradient(1, action: a, logProbabilities: Categorical.logProbabilities(zq[...]), into: &g, at: 0)
            assertGradientsAgree(g, centralDifferences(zq) { Categorical.logProbabilities($0[...])[a] }, "categorical log p_\(a)")
        }
        var g = [Double](repeating: 0, count: k)
        Categorical.addKLGradientWithRespectToQ(1, logProbabilitiesP: Categorical.logProbabilities(zp[...]),
                                                logProbabilitiesQ: Categorical.logProbabilities(zq[...]), into: &g, at: 0)
        assertGradientsAgree(g, centralDifferences(zq) { Categorical.klDivergence(zp[...], $0[...]) }, "categorical KL")
        g = [Double](repeating: 0, count: k)
        Categorical.addEntropyGradient(1, logProbabilities: Categorical.logProbabilities(zq[...]), into: &g, at: 0)
        assertGradientsAgree(g, centralDifferences(zq) { Categorical.entropy($0[...]) }, "categorical entropy")

        let p = zp.map { exp($0) }, q = zq.map { exp($0) }
        let sp = p.reduce(0, +), sq = q.reduce(0, +)
        let kl = zip(p, q).reduce(0) { $0 + $1.0 / sp * log(($1.0 / sp) / ($1.1 / sq)) }
        XCTAssertEqual(Categorical.klDivergence(zp[...], zq[...]), kl, accuracy: 1e-14)
        XCTAssertEqual(Categorical.entropy(zp[...]), -p.reduce(0) { $0 + $1 / sp * log($1 / sp) }, accuracy: 1e-14)
        XCTAssertEqual(Categorical.klDivergence(zp[...], zp[...]), 0, accuracy: 1e-16)
        // Large logits do not overflow.
        XCTAssertEqual(Categorical.logProbabilities([1000, 0][...])[1], -1000, accuracy: 1e-12)
    }

    /// Sampling: the Gaussian's draws have mean μ and standard deviation σ; the categorical's
    /// frequencies approach p.
    func testSamplersFollowTheirDistributions() {
        var rng = SeededGenerator(seed: 12)
        let n = 200_000
        var sum = 0.0, sumSquares = 0.0
        for _ in 0..<n {
            let a = DiagonalGaussian.sample(mean: [1.5], logStd: [log(0.5)], using: &rng)[0]
            sum += a
            sumSquares += a * a
        }
        let mean = sum / Double(n)
        XCTAssertEqual(mean, 1.5, accuracy: 5 * 0.5 / Double(n).squareRoot())
        XCTAssertEqual((sumSquares / Double(n) - mean * mean).squareRoot(), 0.5, accuracy: 0.005)
        let logits: [Double] = [0, 1, -1]
        let p = Categorical.logProbabilities(logits[...]).map { exp($0) }
        var counts = [0, 0, 0]
        for _ in 0..<n { counts[Categorical.sample(logits[...], using: &rng)] += 1 }
        for j in 0..<3 {
            let sd = (p[j] * (1 - p[j]) / Double(n)).squareRoot()
            XCTAssertEqual(Double(counts[j]) / Double(n), p[j], accuracy: 5 * sd)
        }
    }
}
