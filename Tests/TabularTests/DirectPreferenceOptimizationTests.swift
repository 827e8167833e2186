import ExperimentKit
import Foundation
import TestSupport
import XCTest
@testable import Tabular

/// C14's library (Sources/Tabular/Preference.swift, ComparisonCounts.swift, PairwiseLogistic.swift,
/// NewtonMinimizer.swift, DirectPreferenceOptimization.swift): DPO's loss and its gradient, the
/// Bradley–Terry likelihood, the KL-regularised optimum (Hamid, lecture notes, §6.1, Lemma 28), the
/// Newton solver, and DPO's minimiser on noiseless infinite data.
final class DirectPreferenceOptimizationTests: XCTestCase {
    func bandit(seed: UInt64, contexts: Int = 3, responses: Int = 4, scale: Double = 1)
        -> (reference: TabularPolicy, reward: [Double], rng: SeededGenerator) {
        var rng = SeededGenerator(seed: seed)
        let reference = TabularPolicy.randomSoftmax(stateCount: contexts, actionCount: responses, scale: scale, using: &rng)
        let reward = (0..<(contexts * responses)).map { _ in rng.nextGaussian() }
        return (reference, reward, rng)
    }

    /// ∇_θ L_DPO and ∇_r L_R agree with central differences of the plain per-pair losses.
    func testLossGradientsMatchFiniteDifferences() {
        var (reference, reward, rng) = bandit(seed: 1)
        let pairs = BradleyTerry.samplePairs(reward: reward, pairPolicy: reference, count: 40, using: &rng)
        let logits = (0..<reward.count).map { _ in rng.nextGaussian() }
        for beta in [0.1, 1.0, 5.0] {
            let analytic = DirectPreferenceOptimization.lossGradient(logits: logits, reference: reference, beta: beta, pairs: pairs)
            let numeric = centralDifferences(logits) { DirectPreferenceOptimization.loss(logits: $0, reference: reference, beta: beta, pairs: pairs) }
            assertGradientsAgree(analytic, numeric, "∇ L_DPO at β = \(beta)")
        }
        let analytic = BradleyTerry.negativeLogLikelihoodGradient(reward: logits, responses: 4, pairs: pairs)
        let numeric = centralDifferences(logits) { BradleyTerry.negativeLogLikelihood(reward: $0, responses: 4, pairs: pairs) }
        assertGradientsAgree(analytic, numeric, "∇ L_R")
    }

    /// The fast path (comparison counts) equals the per-pair DPO loss times N, and its gradient and
    /// Hessian match finite differences; the Hessian is positive semidefinite (the loss is convex in
    /// the tabular logits).
    func testPairwiseLogisticIsTheDPOLossAndConvex() {
        var (reference, reward, rng) = bandit(seed: 2)
        let pairs = BradleyTerry.samplePairs(reward: reward, pairPolicy: reference, count: 60, using: &rng)
        let counts = ComparisonCounts(contexts: 3, responses: 4, pairs: pairs)
        let logits = (0..<12).map { _ in 2 * rng.nextGaussian() }
        let beta = 0.7
        var total = 0.0
        for x in 0..<3 {
            let problem = PairwiseLogistic(counts: counts, context: x, scale: beta, offset: reference.row(x).map { log($0) }, ridge: 0)
            let v = Array(logits[(x * 4)..<(x * 4 + 4)])
            total += problem.value(v)
            let (f, g, h) = problem.derivatives(v)
            XCTAssertEqual(f, problem.value(v), accuracy: 1e-12 * max(1, abs(f)))
            assertGradientsAgree(g, centralDifferences(v) { problem.value($0) }, atol: 1e-6, rtol: 1e-6, "∇f, context \(x)")
            for i in 0..<4 {
                let column = centralDifferences(v) { problem.derivatives($0).gradient[i] }
                assertGradientsAgree((0..<4).map { h[$0 * 4 + i] }, column, atol: 1e-6, rtol: 1e-6, "∇²f column \(i)")
            }
            for _ in 0..<20 {
                let z = (0..<4).map { _ in rng.nextGaussian() }
                var q = 0.0
                for i in 0..<4 { for j in 0..<4 { q += z[i] * h[i * 4 + j] * z[j] } }
                XCTAssertGreaterThanOrEqual(q, -1e-12)
            }
        }
        let reference_ = DirectPreferenceOptimization.loss(logits: logits, reference: reference, beta: beta, pairs: pairs)
        XCTAssertEqual(total / Double(pairs.count), reference_, accuracy: 1e-13)
    }

    /// Boyd & Vandenberghe (2004), eq. (9.20): f(x) = e^{x₁+3x₂−0.1} + e^{x₁−3x₂−0.1} + e^{−x₁−0.1}, whose
    /// minimiser is (−½ ln 2, 0) with value 2√2 e^{−0.1}. Newton reaches it to rounding from (−1, 1).
    func testNewtonOnTextbookConvexCase() {
        let result = NewtonMinimizer().minimize(from: [-1, 1]) { v in
            let a = exp(v[0] + 3 * v[1] - 0.1), b = exp(v[0] - 3 * v[1] - 0.1), c = exp(-v[0] - 0.1)
            return (a + b + c, [a + b - c, 3 * a - 3 * b], [a + b + c, 3 * a - 3 * b, 3 * a - 3 * b, 9 * a + 9 * b])
        }
        XCTAssertTrue(result.converged)
        XCTAssertEqual(result.point[0], -0.5 * log(2.0), accuracy: 1e-14)
        XCTAssertEqual(result.point[1], 0, accuracy: 1e-14)
        XCTAssertEqual(result.value, 2 * 2.0.squareRoot() * exp(-0.1), accuracy: 1e-15)
        XCTAssertLessThan(result.iterations, 20)
    }

    /// Newton agrees with plain gradient descent (the reference) on penalised DPO and reward-model problems.
    func testNewtonAgreesWithGradientDescent() {
        var (reference, reward, rng) = bandit(seed: 3, scale: 2)
        let counts = ComparisonCounts(contexts: 3, responses: 4,
                                      pairs: BradleyTerry.samplePairs(reward: reward, pairPolicy: reference, count: 30, using: &rng))
        for (scale, ridge) in [(1.0, 1.0), (0.3, 0.5), (3.0, 0.1)] {
            for x in 0..<3 {
                let problem = PairwiseLogistic(counts: counts, context: x, scale: scale, offset: reference.row(x).map { log($0) }, ridge: ridge)
                let newton = problem.minimize()
                let gd = GradientDescent(gradientTolerance: 1e-11).minimize(from: problem.offset, smoothness: problem.smoothness,
                                                                           gradient: { problem.derivatives($0).gradient })
                XCTAssertTrue(newton.converged && gd.converged)
                for (a, b) in zip(newton.point, gd.point) { XCTAssertEqual(a, b, accuracy: 1e-10 / ridge) }
            }
        }
    }

    /// Lemma 28: the closed form (C5's rule with C = β, rewards for advantages) is not beaten by
    /// Nelder–Mead on the logits of E_π[r] − β KL(π‖π_ref), and its value is β log Z.
    func testClosedFormMaximisesTheRegularisedObjective() {
        for seed in 0..<5 as Range<UInt64> {
            let (reference, reward, _) = bandit(seed: 10 + seed, contexts: 1, responses: 5, scale: 3)
            for beta in [0.1, 1.0, 10.0] {
                let closed = analyticalUpdate(policy: reference, advantage: reward, temperature: beta)
                let q = Array(reference.row(0))
                let objective = { (p: [Double]) in updateObjective(p, old: q, advantage: reward, temperature: beta) }
                let best = objective(Array(closed.row(0)))
                XCTAssertEqual(best, updateObjectiveMaximum(old: q, advantage: reward, temperature: beta), accuracy: 1e-12 * (1 + abs(best)))
                let nm = NelderMead(maxEvaluations: 4000, tolerance: 1e-15).minimize({ theta in
                    -objective(Array(TabularPolicy.softmax(logits: theta, stateCount: 1, actionCount: 5).row(0)))
                }, from: q.map { log($0) }, step: 1)
                XCTAssertGreaterThanOrEqual(best, -nm.value - 1e-12 * (1 + abs(best)))
                XCTAssertLessThan(best + nm.value, 1e-6, "Nelder–Mead gets close")
            }
        }
    }

    /// With noiseless infinite data (the expected comparison weights of pairs drawn from π_ref), DPO's
    /// unpenalised minimiser is π* = π_ref e^{r/β}/Z, and the two-stage route gives the same policy.
    func testDPOMinimiserOnExpectedLossIsTheOptimum() {
        let (reference, reward, _) = bandit(seed: 4, contexts: 3, responses: 5, scale: 1.5)
        let counts = ComparisonCounts.expected(reward: reward, pairPolicy: reference)
        for beta in [0.2, 1.0, 4.0] {
            let optimum = analyticalUpdate(policy: reference, advantage: reward, temperature: beta)
            let dpo = DirectPreferenceOptimization.fit(counts: counts, reference: reference, beta: beta, ridge: 0)
            let twoStage = DirectPreferenceOptimization.twoStage(counts: counts, reference: reference, beta: beta, ridge: 0)
            XCTAssertTrue(dpo.converged && twoStage.converged)
            for (a, b) in zip(dpo.policy.probabilities, optimum.probabilities) { XCTAssertEqual(log(a), log(b), accuracy: 1e-10) }
            for (a, b) in zip(twoStage.policy.probabilities, optimum.probabilities) { XCTAssertEqual(log(a), log(b), accuracy: 1e-10) }
        }
    }

    /// DPO with penalty β²λ on θ − log π_ref and the two-stage route with penalty λ on r give the same
    /// policy (the reparametrisation θ = log π_ref + r/β); with the same λ in both they differ when β ≠ 1.
    func testDPOIsReparametrisedRewardMaximumLikelihood() {
        var (reference, reward, rng) = bandit(seed: 5, scale: 2)
        let counts = ComparisonCounts(contexts: 3, responses: 4,
                                      pairs: BradleyTerry.samplePairs(reward: reward, pairPolicy: reference, count: 25, using: &rng))
        for beta in [0.1, 1.0, 10.0] {
            let twoStage = DirectPreferenceOptimization.twoStage(counts: counts, reference: reference, beta: beta, ridge: 1)
            let matched = DirectPreferenceOptimization.fit(counts: counts, reference: reference, beta: beta, ridge: beta * beta)
            for (a, b) in zip(matched.policy.probabilities, twoStage.policy.probabilities) { XCTAssertEqual(log(a), log(b), accuracy: 1e-10) }
            let same = DirectPreferenceOptimization.fit(counts: counts, reference: reference, beta: beta, ridge: 1)
            let gap = zip(same.policy.probabilities, twoStage.policy.probabilities).map { abs(log($0) - log($1)) }.max()!
            if beta == 1 { XCTAssertLessThan(gap, 1e-10) } else { XCTAssertGreaterThan(gap, 1e-3) }
        }
    }

    /// Ford's condition by hand: one-sided comparisons, a cycle, and an uncompared response.
    func testMaximumLikelihoodExistence() {
        let p = { (w: Int, l: Int) in PreferencePair(context: 0, winner: w, loser: l) }
        XCTAssertFalse(ComparisonCounts(contexts: 1, responses: 3, pairs: [p(0, 1), p(1, 2), p(0, 2)]).maximumLikelihoodExists(context: 0))
        XCTAssertTrue(ComparisonCounts(contexts: 1, responses: 3, pairs: [p(0, 1), p(1, 2), p(2, 0)]).maximumLikelihoodExists(context: 0))
        let gap = ComparisonCounts(contexts: 1, responses: 3, pairs: [p(0, 1), p(1, 0), p(2, 2)])
        XCTAssertFalse(gap.maximumLikelihoodExists(context: 0))
        XCTAssertEqual(gap.uncompared(context: 0), [2])
        // One-sided data: the penalised DPO solution keeps drifting as λ → 0 (no minimiser at λ = 0).
        let reference = TabularPolicy.uniform(stateCount: 1, actionCount: 2)
        let oneSided = ComparisonCounts(contexts: 1, responses: 2, pairs: [p(0, 1), p(0, 1)])
        let loserMass = [1e-2, 1e-4, 1e-6].map { DirectPreferenceOptimization.fit(counts: oneSided, reference: reference, beta: 1, ridge: $0).policy[0, 1] }
        XCTAssertGreaterThan(loserMass[0], loserMass[1])
        XCTAssertGreaterThan(loserMass[1], loserMass[2])
    }

    /// Sampled labels follow σ(r₁ − r₂): the winning frequency of two fixed responses is within 4
    /// standard errors of it.
    func testSampledPreferencesFollowBradleyTerry() {
        var rng = SeededGenerator(seed: 6)
        let reference = try! TabularPolicy(stateCount: 1, actionCount: 2, probabilities: [0.5, 0.5])
        let pairs = BradleyTerry.samplePairs(reward: [0.8, 0], pairPolicy: reference, count: 20000, using: &rng)
        let distinct = pairs.filter { $0.winner != $0.loser }
        let wins = Double(distinct.filter { $0.winner == 0 }.count) / Double(distinct.count)
        let p = sigmoid(0.8)
        XCTAssertEqual(wins, p, accuracy: 4 * (p * (1 - p) / Double(distinct.count)).squareRoot())
        XCTAssertEqual(sigmoid(-800), 0)
        XCTAssertEqual(softplus(800), 800)
        XCTAssertEqual(softplus(-800), 0)
    }
}
