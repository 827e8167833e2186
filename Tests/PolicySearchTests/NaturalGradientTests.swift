import ExperimentKit
import Foundation
import Neural
@testable import PolicySearch
import Tabular
import XCTest

final class NaturalGradientTests: XCTestCase {
    /// CG run to convergence on an SPD system equals the LU (Gaussian elimination) solution.
    func testConjugateGradientMatchesDirectSolve() throws {
        var rng = SeededGenerator(seed: 3)
        let n = 12
        let b = (0..<(n * n)).map { _ in rng.nextGaussian() }
        var a = [Double](repeating: 0, count: n * n)   // BᵀB + I, SPD
        for i in 0..<n { for j in 0..<n { for k in 0..<n { a[i * n + j] += b[k * n + i] * b[k * n + j] } } }
        for i in 0..<n { a[i * n + i] += 1 }
        let rhs = (0..<n).map { _ in rng.nextGaussian() }
        let apply: ([Double]) -> [Double] = { v in (0..<n).map { i in (0..<n).reduce(0) { $0 + a[i * n + $1] * v[$1] } } }
        let x = conjugateGradient(apply, rhs, iterations: 3 * n, residualTolerance: 1e-28)
        let direct = try LUDecomposition(matrix: a, dimension: n).solve(rhs)
        for i in 0..<n { XCTAssertEqual(x[i], direct[i], accuracy: 1e-9 * max(1, abs(direct[i]))) }
        // Truncated at rllab's 10 iterations on this 12-dimensional system it has not yet converged.
        let truncated = conjugateGradient(apply, rhs)
        XCTAssertGreaterThan((0..<n).map { abs(truncated[$0] - direct[$0]) }.max()!, 1e-9)
    }

    /// TNPG's step: α = √(2δ / gᵀ(F + λI)⁻¹g), with (F + λI)⁻¹g from an explicit matrix and LU.
    func testStepLengthIsSquareRootOfTwoDeltaOverNaturalGradientNorm() throws {
        for head in [PolicyHead.gaussian(dimension: 2), .categorical(actionCount: 3)] {
            let (policy, theta, samples) = smallProblem(head)
            let problem = SurrogateProblem(policy: policy, samples: samples, oldTheta: theta)
            let damping = 1e-3, delta = 0.01, n = theta.count
            var f = matrix(of: problem.fisherVectorProduct, dimension: n)
            for i in 0..<n { f[i * n + i] += damping }
            let g = problem.surrogateGradient(theta)
            let natural = try LUDecomposition(matrix: f, dimension: n).solve(g)
            let expected = (2 * delta / zip(g, natural).reduce(0) { $0 + $1.0 * $1.1 }).squareRoot()
            // CG run to convergence (rllab's 10 iterations and rᵀr < 10⁻¹⁰ would stop short of the direct solve).
            let method = NaturalPolicyGradient(stepSize: delta, cgIterations: 200, damping: damping, maximumTrials: 1,
                                               cgResidualTolerance: 1e-30)
            let update = method.update(problem)
            XCTAssertEqual(update.stepLength, expected, accuracy: 1e-5 * expected, "\(head)")
            for i in 0..<n { XCTAssertEqual(update.fullStep[i], expected * natural[i], accuracy: 1e-5 * max(1e-3, abs(expected * natural[i]))) }
        }
    }

    /// The realised mean KL of the full natural step is δ to second order: |KL̄/δ − 1| shrinks with
    /// δ like the third-order term, ∝ ‖Δ‖ ∝ √δ (a factor ≈ 10 per factor 100 in δ; asserted ≥ 3),
    /// and is below 1 % at δ = 10⁻⁸.
    func testRealisedKLOfNaturalStepIsDeltaToSecondOrder() {
        for head in [PolicyHead.gaussian(dimension: 2), .categorical(actionCount: 3)] {
            let (policy, theta, samples) = smallProblem(head)
            let problem = SurrogateProblem(policy: policy, samples: samples, oldTheta: theta)
            func relativeError(_ delta: Double) -> Double {
                let method = NaturalPolicyGradient(stepSize: delta, cgIterations: 100, damping: 1e-10, maximumTrials: 1,
                                                   cgResidualTolerance: 1e-30)
                let step = method.update(problem).fullStep
                return abs(problem.meanKL(theta.indices.map { theta[$0] + step[$0] }) / delta - 1)
            }
            let errors = [1e-4, 1e-6, 1e-8].map(relativeError)
            print("realised KL̄/δ − 1 at δ = 1e-4, 1e-6, 1e-8, \(head):", errors)
            XCTAssertLessThan(errors[1], errors[0] / 3, "\(head)")
            XCTAssertLessThan(errors[2], errors[1] / 3, "\(head)")
            XCTAssertLessThan(errors[2], 0.01, "\(head)")
        }
    }

    /// On L(θ) = −(θ − 1)², KL̄ = θ²/2, δ = 0.5 from θ = 0 with Δ = 4: trials 4·0.8ᵏ; L improves for
    /// θ < 2 and KL̄ ≤ δ needs θ ≤ 1, first met at k = 7 (4·0.8⁷ ≈ 0.839).
    func testLineSearchBacktracksUntilImprovementWithinTheKLBound() {
        let result = backtrackingLineSearch(from: [0], step: [4], surrogateBefore: -1, maximumKL: 0.5, ratio: 0.8,
                                            maximumTrials: 15) { t in (-(t[0] - 1) * (t[0] - 1), t[0] * t[0] / 2) }
        XCTAssertTrue(result.accepted)
        XCTAssertEqual(result.backtracks, 7)
        XCTAssertEqual(result.theta[0], 4 * pow(0.8, 7), accuracy: 1e-15)
    }

    /// A step that never improves L is rejected after every trial; so is one (TNPG's single
    /// trial) that improves L but exceeds the KL bound; θ is left unchanged.
    func testLineSearchRejectsStepsThatLowerTheSurrogateOrExceedTheKLBound() {
        let worse = backtrackingLineSearch(from: [0], step: [1], surrogateBefore: 0, maximumKL: 1, ratio: 0.8,
                                           maximumTrials: 15) { t in (-t[0] * t[0], 0) }
        XCTAssertFalse(worse.accepted)
        XCTAssertEqual(worse.theta, [0])
        XCTAssertEqual(worse.backtracks, 14)
        let tooFar = backtrackingLineSearch(from: [0], step: [1], surrogateBefore: 0, maximumKL: 0.01, ratio: 0.8,
                                            maximumTrials: 1) { t in (t[0], t[0] * t[0]) }
        XCTAssertFalse(tooFar.accepted)
        XCTAssertEqual(tooFar.theta, [0])
        let nan = backtrackingLineSearch(from: [0], step: [1], surrogateBefore: 0, maximumKL: 1, ratio: 0.8,
                                         maximumTrials: 3) { _ in (.nan, 0) }
        XCTAssertFalse(nan.accepted)
    }

    /// Duan et al.'s (2016) rllab kept the last trial when none passed: TNPG's one trial is taken even
    /// when it exceeds the KL bound, TRPO's 15th (ρ¹⁴Δ) even when L got worse; the result reports the
    /// surrogate and KL̄ there and `accepted == false`.
    func testLineSearchOfDuan2016KeepsTheLastTrialWhenNonePasses() {
        let tooFar = backtrackingLineSearch(from: [0], step: [1], surrogateBefore: 0, maximumKL: 0.01, ratio: 0.8,
                                            maximumTrials: 1, onFailure: .keepLastTrial) { t in (t[0], t[0] * t[0]) }
        XCTAssertFalse(tooFar.accepted)
        XCTAssertEqual(tooFar.theta, [1])
        XCTAssertEqual(tooFar.meanKL, 1)
        let worse = backtrackingLineSearch(from: [0], step: [1], surrogateBefore: 0, maximumKL: 1, ratio: 0.8,
                                           maximumTrials: 15, onFailure: .keepLastTrial) { t in (-t[0] * t[0], 0) }
        XCTAssertFalse(worse.accepted)
        XCTAssertEqual(worse.theta[0], pow(0.8, 14), accuracy: 1e-15)
        XCTAssertEqual(worse.surrogate, -pow(0.8, 28), accuracy: 1e-15)
        let passing = backtrackingLineSearch(from: [0], step: [4], surrogateBefore: -1, maximumKL: 0.5, ratio: 0.8,
                                             maximumTrials: 15, onFailure: .keepLastTrial) { t in (-(t[0] - 1) * (t[0] - 1), t[0] * t[0] / 2) }
        XCTAssertTrue(passing.accepted)
        XCTAssertEqual(passing.backtracks, 7)
    }

    /// TNPG as Duan et al. ran it moves θ by the whole natural step αx every update, whatever the KL.
    func testTNPGOfDuan2016AlwaysTakesTheFullNaturalStep() {
        for head in [PolicyHead.gaussian(dimension: 2), .categorical(actionCount: 3)] {
            let (policy, theta, samples) = smallProblem(head)
            let problem = SurrogateProblem(policy: policy, samples: samples, oldTheta: theta)
            let update = NaturalPolicyGradient.tnpgDuan2016.update(problem)
            XCTAssertEqual(update.theta, theta.indices.map { theta[$0] + update.fullStep[$0] }, "\(head)")
        }
    }

    /// A TRPO update on the small problem improves L and keeps KL̄ ≤ δ, or leaves θ unchanged.
    func testTRPOUpdateImprovesSurrogateWithinTheTrustRegion() {
        for head in [PolicyHead.gaussian(dimension: 2), .categorical(actionCount: 3)] {
            let (policy, theta, samples) = smallProblem(head)
            let problem = SurrogateProblem(policy: policy, samples: samples, oldTheta: theta)
            let update = NaturalPolicyGradient.trpo.update(problem)
            XCTAssertTrue(update.lineSearch.accepted, "\(head)")
            XCTAssertGreaterThan(problem.surrogate(update.theta), update.surrogateBefore)
            XCTAssertLessThanOrEqual(problem.meanKL(update.theta), DuanDefaults.klStepSize)
        }
    }
}
