import ExperimentKit
import Foundation
import XCTest
@testable import Tabular

/// C11's tabular library (Sources/Tabular/QLearning.swift, MaximumEstimator.swift): the Q-learning and
/// double Q-learning updates on hand-made tables, and the exact expectations of the single and double
/// estimators against closed forms for two arms.
final class QLearningTests: XCTestCase {
    /// Two states, three actions. Q-learning's target at s' = 1 is r + γ max_a Q(1,a) = 1 + 0.5·4 = 3, so
    /// Q(0,2) = 2 + 0.1·(3 − 2) = 2.1; at a terminal transition the target is r.
    func testQLearningUpdateByHand() {
        var q: [Double] = [0, 1, 2, 4, -1, 3]
        QLearning.update(&q, state: 0, action: 2, reward: 1, next: 1, discount: 0.5, stepSize: 0.1, actions: 3)
        XCTAssertEqual(q[2], 2.1, accuracy: 1e-15)
        XCTAssertEqual(Array(q[3...]), [4, -1, 3])
        QLearning.update(&q, state: 1, action: 1, reward: 5, next: nil, discount: 0.5, stepSize: 0.5, actions: 3)
        XCTAssertEqual(q[4], 2, accuracy: 1e-15)
    }

    /// Double Q-learning's update as van Hasselt (2010, Algorithm 1) defines it: the updated table selects
    /// a* = argmax_a Q^A(s',a), the other table values it. Q^A(1,·) = (4, −1, 3) selects a* = 0, Q^B(1,0) = −2,
    /// so the target is 1 + 0.5·(−2) = 0 and Q^A(0,2) = 2 + 0.1·(0 − 2) = 1.8. Q-learning on Q^A alone would
    /// have used 4; on Q^B alone, max Q^B(1,·) = 6.
    func testDoubleUpdateMatchesItsDefinition() {
        var qA: [Double] = [0, 1, 2, 4, -1, 3]
        let qB: [Double] = [9, 9, 9, -2, 6, 0]
        XCTAssertEqual(QLearning.doubleTarget(selecting: qA, evaluating: qB, reward: 1, next: 1, discount: 0.5, actions: 3), 0)
        QLearning.doubleUpdate(&qA, other: qB, state: 0, action: 2, reward: 1, next: 1, discount: 0.5, stepSize: 0.1, actions: 3)
        XCTAssertEqual(qA, [0, 1, 1.8, 4, -1, 3])
        // A terminal transition ignores both tables.
        XCTAssertEqual(QLearning.doubleTarget(selecting: qA, evaluating: qB, reward: 7, next: nil, discount: 0.5, actions: 3), 7)
        // The double value of state 1: ½(Q^B(1, argmax Q^A) + Q^A(1, argmax Q^B)) = ½(−2 + (−1)).
        XCTAssertEqual(QLearning.doubleValue(qA, qB, state: 1, actions: 3), -1.5)
        // With both tables equal the double update is Q-learning's.
        var x: [Double] = [0, 1, 2, 4, -1, 3], y = x
        QLearning.doubleUpdate(&x, other: y, state: 0, action: 0, reward: 1, next: 1, discount: 0.9, stepSize: 0.3, actions: 3)
        QLearning.update(&y, state: 0, action: 0, reward: 1, next: 1, discount: 0.9, stepSize: 0.3, actions: 3)
        XCTAssertEqual(x, y)
    }

    /// Ties: targets take the lowest index; the behaviour's tie-break draws only on a tie and stays in the tie.
    func testTies() {
        let q: [Double] = [1, 3, 3, 0]
        XCTAssertEqual(QLearning.greedyAction(q, state: 0, actions: 4), 1)
        var rng = SeededGenerator(seed: 1)
        var seen = Set<Int>()
        for _ in 0..<200 { seen.insert(QLearning.greedyActionBreakingTies(q, state: 0, actions: 4, using: &rng)) }
        XCTAssertEqual(seen, [1, 2])
        var a = SeededGenerator(seed: 2), b = a
        XCTAssertEqual(QLearning.greedyActionBreakingTies([0, 5, 1], state: 0, actions: 3, using: &a), 1)
        XCTAssertEqual(a.next(), b.next(), "no draw without a tie")
    }

    /// Gauss–Legendre with 8 points integrates x^14 exactly (2/15 on [−1, 1]) and its weights sum to 2.
    func testGaussLegendre() {
        let (x, w) = (GaussLegendre.nodes8, GaussLegendre.weights8)
        XCTAssertEqual(w.reduce(0, +), 2, accuracy: 1e-14)
        XCTAssertEqual(zip(x, w).reduce(0) { $0 + $1.1 * pow($1.0, 14) }, 2.0 / 15, accuracy: 1e-14)
        XCTAssertEqual(zip(x, w).reduce(0) { $0 + $1.1 * pow($1.0, 15) }, 0, accuracy: 1e-14)
    }

    /// Two arms in closed form. With Y_i ~ N(m_i, s²) independent, θ = s√2, d = m₁ − m₂:
    /// E[max] = m₁Φ(d/θ) + m₂Φ(−d/θ) + θφ(d/θ) (Clark 1961), and the double estimator's expectation is
    /// m₁P(a* = 1) + m₂P(a* = 2) with P(a* = 1) = Φ(d/(s_A√2)), s_A = σ/√(n/2).
    func testTwoArmsClosedForm() {
        for (means, n) in [([0.0, 0.0], 2), ([0.0, -0.5], 10), ([1.0, 0.2], 4), ([-3.0, -2.0], 100)] {
            let arms = GaussianArms(means: means, deviations: [1, 1], samplesPerArm: n)
            let s = 1 / Double(n).squareRoot(), theta = s * 2.0.squareRoot(), d = means[0] - means[1]
            let top = means.max()!
            let expectedMax = means[0] * MaximumEstimator.Phi(d / theta) + means[1] * MaximumEstimator.Phi(-d / theta)
                + theta * MaximumEstimator.phi(d / theta)
            let single = MaximumEstimator.singleBias(arms)
            XCTAssertEqual(single.value, expectedMax - top, accuracy: max(single.error, 1e-13), "\(means), n = \(n)")
            XCTAssertLessThan(single.error, 1e-10)
            let sA = 1 / (Double(n) / 2).squareRoot()
            let p1 = MaximumEstimator.Phi(d / (sA * 2.0.squareRoot()))
            let double = MaximumEstimator.doubleBias(arms)
            XCTAssertEqual(double.value, means[0] * p1 + means[1] * (1 - p1) - top, accuracy: max(double.error, 1e-13))
            XCTAssertGreaterThanOrEqual(single.value, -single.error)
            XCTAssertLessThanOrEqual(double.value, double.error)
        }
        // Equal means: the single bias is θφ(0) = s/√π, the double bias 0.
        let equal = MaximumEstimator.singleBias(GaussianArms(means: [0, 0], deviations: [1, 1], samplesPerArm: 2))
        XCTAssertEqual(equal.value, (1 / 2.0.squareRoot()) / Double.pi.squareRoot(), accuracy: 1e-13)
    }

    /// The Monte Carlo draw is the estimators as defined: with one arm both estimates are unbiased, and the
    /// double estimate is B's half-sample mean of the arm A picks.
    func testDrawsAgreeWithQuadrature() {
        let arms = GaussianArms(means: [0, -0.2, -0.4], deviations: [1, 1, 1], samplesPerArm: 4)
        var rng = SeededGenerator(seed: 7)
        var single = 0.0, double = 0.0
        let draws = 100_000
        for _ in 0..<draws { let d = MaximumEstimator.draw(arms, using: &rng); single += d.single; double += d.double }
        // Standard errors are below 1/√draws·(spread ≤ 1): 4 of them.
        XCTAssertEqual(single / Double(draws), MaximumEstimator.singleBias(arms).value, accuracy: 4 / Double(draws).squareRoot())
        XCTAssertEqual(double / Double(draws), MaximumEstimator.doubleBias(arms).value, accuracy: 4 / Double(draws).squareRoot())
    }
}
