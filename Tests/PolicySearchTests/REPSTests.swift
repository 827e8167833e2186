import ExperimentKit
import Foundation
@testable import PolicySearch
import TestSupport
import XCTest

final class REPSTests: XCTestCase {
    let scores = [3.0, -1.0, 0.5, 7.0, 2.0, 2.0, -4.0, 5.5]

    /// g′(η) = ε − KL(p_η ‖ q) equals the central differences of g(η) at several η.
    func testDualDerivativeMatchesFiniteDifferences() {
        for eta in [0.3, 1.0, 4.0, 20.0] {
            let numeric = centralDifferences([eta]) { EpisodicREPS.dual(eta: $0[0], scores: scores, epsilon: 0.5) }
            assertGradientsAgree([EpisodicREPS.dualDerivative(eta: eta, scores: scores, epsilon: 0.5)], numeric, "g′ at η = \(eta)")
        }
    }

    /// At the solution the weights' KL from the uniform distribution is ε, g′(η*) = 0, and η*
    /// minimises g (lower than at η*·1.01 and η*/1.01).
    func testWeightsAtTheOptimumSpendTheWholeKLBudget() {
        for epsilon in [0.1, 0.5, 1.0] {
            let reps = EpisodicREPS(epsilon: epsilon)
            let (p, eta, divergence) = reps.solve(scores: scores)
            let m = Double(scores.count)
            let kl = p.reduce(0) { $0 + ($1 > 0 ? $1 * log($1 * m) : 0) }
            XCTAssertEqual(kl, epsilon, accuracy: 1e-9)
            XCTAssertEqual(divergence, epsilon, accuracy: 1e-9)
            XCTAssertEqual(EpisodicREPS.dualDerivative(eta: eta, scores: scores, epsilon: epsilon), 0, accuracy: 1e-9)
            let g = EpisodicREPS.dual(eta: eta, scores: scores, epsilon: epsilon)
            XCTAssertLessThan(g, EpisodicREPS.dual(eta: eta * 1.01, scores: scores, epsilon: epsilon))
            XCTAssertLessThan(g, EpisodicREPS.dual(eta: eta / 1.01, scores: scores, epsilon: epsilon))
            XCTAssertEqual(p.reduce(0, +), 1, accuracy: 1e-12)
        }
    }

    /// Equal scores carry no information: uniform weights, KL 0.
    func testEqualScoresGiveUniformWeights() {
        let (p, _, divergence) = EpisodicREPS().solve(scores: [2, 2, 2])
        XCTAssertEqual(p, [1.0 / 3, 1.0 / 3, 1.0 / 3])
        XCTAssertEqual(divergence, 0)
    }
}
