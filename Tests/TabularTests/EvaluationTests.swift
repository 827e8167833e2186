import ExperimentKit
import XCTest
@testable import Tabular

/// Exact evaluation against MDPs small enough to solve by hand.
final class EvaluationTests: XCTestCase {
    /// State 0: action 0 stays (reward 1), action 1 moves to the absorbing state 1 (reward 0);
    /// state 1 pays 1 forever. γ = ½, ρ₀ = (1, 0), π(0|0) = p = ½.
    /// By hand: V(1) = 1/(1−γ) = 2; V(0) = p(1 + γV(0)) + (1−p)γV(1) ⇒ V(0) = 1/(1 − p/2) = 4/3.
    /// Q(0,0) = 1 + ½·4/3 = 5/3, Q(0,1) = ½·2 = 1, so A(0,·) = (1/3, −1/3); A(1,·) = 0.
    /// P(s_t = 0) = pᵗ, so d(0) = (1−γ)/(1−γp) = 2/3, d(1) = 1/3. J = V(0) = 4/3.
    func testAbsorbingTwoStateMDPByHand() throws {
        let mdp = try MDP(stateCount: 2, actionCount: 2, transitions: [1, 0, 0, 1, 0, 1, 0, 1],
                          rewards: [1, 0, 1, 1], discount: 0.5, initialDistribution: [1, 0])
        let pi = try TabularPolicy(stateCount: 2, actionCount: 2, probabilities: [0.5, 0.5, 0.5, 0.5])
        let e = try PolicyEvaluation(policy: pi, in: mdp)
        let tol = 4 * Double.ulpOfOne
        XCTAssertEqual(e.value[0], 4.0 / 3, accuracy: tol)
        XCTAssertEqual(e.value[1], 2, accuracy: tol)
        XCTAssertEqual(e.actionValue[0], 5.0 / 3, accuracy: tol)
        XCTAssertEqual(e.actionValue[1], 1, accuracy: tol)
        XCTAssertEqual(e.advantage(0, 0), 1.0 / 3, accuracy: tol)
        XCTAssertEqual(e.advantage(0, 1), -1.0 / 3, accuracy: tol)
        XCTAssertEqual(e.advantage(1, 0), 0, accuracy: tol)
        XCTAssertEqual(e.discountedStateDistribution[0], 2.0 / 3, accuracy: tol)
        XCTAssertEqual(e.discountedStateDistribution[1], 1.0 / 3, accuracy: tol)
        XCTAssertEqual(e.performance, 4.0 / 3, accuracy: tol)
        XCTAssertEqual(e.maxAbsoluteAdvantage, 1.0 / 3, accuracy: tol)
        let marginals = stateMarginals(policy: pi, in: mdp, through: 3)
        XCTAssertEqual(marginals.map { $0[0] }, [1, 0.5, 0.25, 0.125])
    }

    /// One action, P = [[0.9, 0.1], [0.2, 0.8]], r = (1, 0), γ = 0.9, ρ₀ = (½, ½).
    /// I − γP = [[0.19, −0.09], [−0.18, 0.28]], det = 0.037, so V = (0.28, 0.18)/0.037 = (280/37, 180/37).
    /// d ∝ ρ₀ᵀ(I − γP)⁻¹ = (½)(0.28 + 0.18, 0.09 + 0.19)/0.037 = (230/37, 140/37); times 1−γ: (23/37, 14/37).
    func testMarkovChainByHand() throws {
        let mdp = try MDP(stateCount: 2, actionCount: 1, transitions: [0.9, 0.1, 0.2, 0.8], rewards: [1, 0],
                          discount: 0.9, initialDistribution: [0.5, 0.5])
        let e = try PolicyEvaluation(policy: .uniform(stateCount: 2, actionCount: 1), in: mdp)
        let tol = e.roundingTolerance(scale: 10)
        XCTAssertEqual(e.value[0], 280.0 / 37, accuracy: tol)
        XCTAssertEqual(e.value[1], 180.0 / 37, accuracy: tol)
        XCTAssertEqual(e.discountedStateDistribution[0], 23.0 / 37, accuracy: tol)
        XCTAssertEqual(e.discountedStateDistribution[1], 14.0 / 37, accuracy: tol)
        XCTAssertEqual(e.performance, 230.0 / 37, accuracy: tol)
        XCTAssertEqual(e.advantage, [0, 0])
        // κ∞ = ‖I − γP‖∞/(1−γ) = 0.46/0.1.
        XCTAssertEqual(e.conditionNumber, 4.6, accuracy: 1e-12)
    }

    func testIllConditionedEvaluationIsRefused() throws {
        let mdp = try MDP(stateCount: 2, actionCount: 1, transitions: [0.5, 0.5, 0.5, 0.5], rewards: [1, 0],
                          discount: 1 - 1e-11, initialDistribution: [1, 0])
        XCTAssertThrowsError(try PolicyEvaluation(policy: .uniform(stateCount: 2, actionCount: 1), in: mdp)) {
            XCTAssertTrue("\($0)".contains("ill-conditioned"))
        }
        XCTAssertNoThrow(try PolicyEvaluation(policy: .uniform(stateCount: 2, actionCount: 1),
                                              in: try mdp.withDiscount(0.999)))
    }

    func testLUSolvesBothSystemsAndNeedsPivoting() throws {
        // [[0, 2], [1, 1]] has a zero first pivot without row exchanges.
        let lu = try LUDecomposition(matrix: [0, 2, 1, 1], dimension: 2)
        XCTAssertEqual(lu.solve([4, 3]), [1, 2])             // 2y = 4, x + y = 3
        XCTAssertEqual(lu.solveTransposed([1, 3]), [1, 1])   // y = 1, 2x + y = 3
        XCTAssertThrowsError(try LUDecomposition(matrix: [1, 2, 2, 4], dimension: 2))
    }

    func testLUResidualOnRandomSystems() throws {
        var rng = SeededGenerator(seed: 21)
        for n in [1, 3, 17, 60] {
            let a = (0..<(n * n)).map { _ in rng.nextGaussian() }
            let b = (0..<n).map { _ in rng.nextGaussian() }
            let lu = try LUDecomposition(matrix: a, dimension: n)
            let x = lu.solve(b), y = lu.solveTransposed(b)
            let scale = a.map(abs).max()! * Double(n)
            for i in 0..<n {
                var ax = 0.0, aty = 0.0
                for j in 0..<n { ax += a[i * n + j] * x[j]; aty += a[j * n + i] * y[j] }
                // Backward-stable: residual ≤ c·n·u·‖A‖·‖x‖ (c = 3, Higham Thm 9.4).
                XCTAssertLessThanOrEqual(abs(ax - b[i]), 3 * Double(n) * Double.ulpOfOne * scale * x.map(abs).max()!)
                XCTAssertLessThanOrEqual(abs(aty - b[i]), 3 * Double(n) * Double.ulpOfOne * scale * y.map(abs).max()!)
            }
        }
    }

    func testDivergencesOnKnownValues() {
        XCTAssertEqual(totalVariation([0.5, 0.5], [1, 0]), 0.5)
        XCTAssertEqual(klDivergence([0.5, 0.5], [0.25, 0.75]), 0.5 * log(2) + 0.5 * log(2.0 / 3), accuracy: 1e-15)
        XCTAssertEqual(klDivergence([0.5, 0.5], [1, 0]), .infinity)
        XCTAssertEqual(klDivergence([1, 0], [0.5, 0.5]), log(2), accuracy: 1e-15)
    }

    func testKLIsAccurateWhenTheDistributionsNearlyAgree() {
        // References: Σ p log(p/q) − Σp + Σq in 50-digit arithmetic (mpmath) from the same doubles.
        XCTAssertEqual(klDivergence([0.5 + 1e-9, 0.5 - 1e-9], [0.5, 0.5]), 1.9999999978945783e-18, accuracy: 1e-15 * 2e-18)
        XCTAssertEqual(klDivergence([0.7, 0.3], [0.700000000003, 0.299999999997]), 2.1428654277934397e-23,
                       accuracy: 1e-12 * 2.1e-23)
        XCTAssertEqual(klDivergence([0.2, 0.3, 0.5], [0.25, 0.25, 0.5]), 0.010067756775344432, accuracy: 4e-18)
        XCTAssertEqual(klDivergence([0.999, 0.001], [1e-3, 0.999]), 6.8929412690912564, accuracy: 4e-15)
        XCTAssertEqual(klDivergence([0.3, 0.7], [0.3, 0.7]), 0)
    }

    func testSoftmaxIsSafeForExtremeLogits() {
        let pi = TabularPolicy.softmax(logits: [1000, -1000, 0, 710], stateCount: 2, actionCount: 2)
        XCTAssertEqual(pi.probabilities[0], 1)
        XCTAssertEqual(pi.probabilities[1], 0)
        XCTAssertTrue(pi.probabilities.allSatisfy(\.isFinite))
    }

    func testGarnetHasBSuccessorsPerPairAndIsReproducible() throws {
        let garnet = try Garnet(states: 30, actions: 3, branching: 4)
        var r1 = SeededGenerator(seed: 1), r2 = SeededGenerator(seed: 1)
        let a = try garnet.sample(discount: 0.9, using: &r1), b = try garnet.sample(discount: 0.9, using: &r2)
        XCTAssertEqual(a.transitions, b.transitions)
        XCTAssertEqual(a.rewards, b.rewards)
        for sa in 0..<(30 * 3) {
            let row = a.transitions[(sa * 30)..<(sa * 30 + 30)]
            XCTAssertEqual(row.filter { $0 > 0 }.count, 4)
            XCTAssertEqual(row.reduce(0, +), 1, accuracy: 1e-15)
        }
        XCTAssertTrue(a.rewards.allSatisfy { $0 >= 0 && $0 < 1 })
    }

    func testGeometricTrajectoryEndsInTheDiscountedStateDistribution() throws {
        var rng = SeededGenerator(seed: 4)
        let mdp = try Garnet(states: 6, actions: 2, branching: 2).sample(discount: 0.8, using: &rng)
        let pi = TabularPolicy.randomSoftmax(stateCount: 6, actionCount: 2, scale: 1, using: &rng)
        let d = try PolicyEvaluation(policy: pi, in: mdp).discountedStateDistribution
        let sampler = RolloutSampler(mdp: mdp)
        var counts = [Int](repeating: 0, count: 6)
        let n = 200_000
        for _ in 0..<n {
            var last = 0
            sampler.geometricTrajectory(pi, using: &rng) { _, s, _, _ in last = s }
            counts[last] += 1
        }
        for s in 0..<6 {   // each frequency within 5 binomial standard errors of d^π(s)
            XCTAssertEqual(Double(counts[s]) / Double(n), d[s], accuracy: 5 * (d[s] * (1 - d[s]) / Double(n)).squareRoot())
        }
    }
}

/// The fast evaluation (blocked LU, C kernel) against the plain reference written as the textbooks
/// write it, within the solves' rounding tolerance 3n·κ∞·u·scale.
final class ReferenceEvaluationTests: XCTestCase {
    func testFastEvaluationAgreesWithTheReference() throws {
        let shapes = [try Garnet(states: 4, actions: 2, branching: 2), try Garnet(states: 37, actions: 3, branching: 4),
                      try Garnet(states: 120, actions: 4, branching: 6)]
        for (i, gamma) in [0.5, 0.9, 0.99, 0.999].enumerated() {
            for (k, shape) in shapes.enumerated() {
                var rng = StreamKey(experiment: "tests", setting: "reference", trial: 10 * i + k, masterSeed: 5).generator()
                let mdp = try shape.sample(discount: gamma, using: &rng)
                let logits = (0..<(shape.states * shape.actions)).map { _ in 2 * rng.nextGaussian() }
                let policy = TabularPolicy.softmax(logits: logits, stateCount: shape.states, actionCount: shape.actions)
                let fast = try PolicyEvaluation(policy: policy, in: mdp)
                let reference = ReferenceEvaluation(policy: policy, in: mdp)
                // Two independently rounded solves, each within the LU bound τ of the exact answer: they
                // differ by at most 2τ.
                let scale = fast.value.map(abs).max()!
                let tolerance = 2 * fast.roundingTolerance(scale: scale)
                func maxGap(_ x: [Double], _ y: [Double]) -> Double { zip(x, y).map { abs($0 - $1) }.max()! }
                XCTAssertLessThanOrEqual(maxGap(fast.value, reference.value), tolerance, "V at γ = \(gamma), n = \(shape.states)")
                XCTAssertLessThanOrEqual(maxGap(fast.actionValue, reference.actionValue), 2 * tolerance, "Q")
                XCTAssertLessThanOrEqual(maxGap(fast.advantage, reference.advantage), 2 * tolerance, "A")
                XCTAssertLessThanOrEqual(maxGap(fast.discountedStateDistribution, reference.discountedStateDistribution),
                                         2 * fast.roundingTolerance(scale: 1), "d^π")
                XCTAssertEqual(fast.performance, reference.performance, accuracy: tolerance)
            }
        }
    }

    /// The reference solver on a system whose answer is known: it needs a row swap.
    func testReferenceSolveNeedsPivoting() {
        let x = ReferenceEvaluation.solve([[0, 1], [2, 3]], [4, 13])
        XCTAssertEqual(x[0], 0.5, accuracy: 1e-15)
        XCTAssertEqual(x[1], 4, accuracy: 1e-15)
    }
}

/// The adversarial searches' parametrisation: each (s, a) row of logits becomes a probability vector.
final class TransitionLogitTests: XCTestCase {
    func testTransitionsFromLogitsAreRowSoftmaxes() {
        // Two states, one action: rows with logits (0, log 3) and (log 3, 0) give (¼, ¾) and (¾, ¼).
        let p = MDP.transitions(fromLogits: [0, log(3), log(3), 0], states: 2, actions: 1)
        for (x, y) in zip(p, [0.25, 0.75, 0.75, 0.25]) { XCTAssertEqual(x, y, accuracy: 4 * Double.ulpOfOne) }
        var rng = SeededGenerator(seed: 3)
        let logits = (0..<(4 * 3 * 4)).map { _ in 30 * rng.nextGaussian() }
        let q = MDP.transitions(fromLogits: logits, states: 4, actions: 3)
        for row in 0..<12 {
            // Each exp(ℓ − lse) inherits lse's rounding, |lse|·u, as a relative error: the row sums to 1
            // within (|lse| + 4)·2u (4 terms), not within a few ulps, when logits are large.
            let lse = logSumExp(logits[(row * 4)..<(row * 4 + 4)])
            XCTAssertEqual(q[(row * 4)..<(row * 4 + 4)].reduce(0, +), 1, accuracy: (abs(lse) + 4) * 2 * Double.ulpOfOne)
            XCTAssertTrue(q[(row * 4)..<(row * 4 + 4)].allSatisfy { $0 >= 0 })
        }
        XCTAssertNoThrow(try MDP(stateCount: 4, actionCount: 3, transitions: q, rewards: [Double](repeating: 0, count: 12),
                                 discount: 0.9, initialDistribution: [0.25, 0.25, 0.25, 0.25]))
    }
}
