import ExperimentKit
import Foundation
import Neural
@testable import PolicySearch
import TestSupport
import XCTest

final class GradientTests: XCTestCase {
    /// The REINFORCE gradient equals the finite differences of (1/N) Σᵢ Âᵢ log π_θ(aᵢ|sᵢ) on a fixed batch.
    func testREINFORCEGradientMatchesFiniteDifferencesOfTheSurrogate() {
        for head in [PolicyHead.gaussian(dimension: 2), .categorical(actionCount: 3)] {
            let (policy, theta, samples) = smallProblem(head)
            let analytic = reinforceGradient(policy: policy, theta: theta, samples: samples)
            let numeric = centralDifferences(theta) { t in
                let outputs = policy.forward(t, observations: samples.observations, batch: samples.count).output
                let logP = policy.logProbabilities(t, outputs: outputs, actions: samples.actions)
                return zip(logP, samples.advantages).reduce(0) { $0 + $1.0 * $1.1 } / Double(samples.count)
            }
            assertGradientsAgree(analytic, numeric, "REINFORCE, \(head)")
        }
    }

    /// ∇L of the importance-weighted surrogate equals its finite differences away from θ_old, and
    /// the REINFORCE gradient at θ_old.
    func testSurrogateGradientMatchesFiniteDifferences() {
        for head in [PolicyHead.gaussian(dimension: 2), .categorical(actionCount: 3)] {
            let (policy, theta, samples) = smallProblem(head)
            let problem = SurrogateProblem(policy: policy, samples: samples, oldTheta: theta)
            var rng = SeededGenerator(seed: 8)
            let moved = theta.map { $0 + 0.05 * rng.nextGaussian() }
            assertGradientsAgree(problem.surrogateGradient(moved), centralDifferences(moved, problem.surrogate), "∇L, \(head)")
            assertGradientsAgree(problem.surrogateGradient(theta), reinforceGradient(policy: policy, theta: theta, samples: samples),
                                 atol: 1e-14, rtol: 1e-12, "∇L(θ_old) = REINFORCE, \(head)")
        }
    }

    /// L-BFGS minimises the 2-D Rosenbrock function from (−1.2, 1) to within 10⁻⁴ of (1, 1): it stops
    /// at ‖g‖_∞ ≤ 10⁻⁵, and the Hessian's smallest eigenvalue at (1, 1) is ≈ 0.4, so ‖x − x*‖ ≲ 2.5·10⁻⁵.
    func testLBFGSMinimisesRosenbrock() {
        let result = LBFGS(maximumIterations: 200).minimize({ x in
            let (a, b) = (x[0], x[1])
            return ((1 - a) * (1 - a) + 100 * (b - a * a) * (b - a * a),
                    [-2 * (1 - a) - 400 * a * (b - a * a), 200 * (b - a * a)])
        }, from: [-1.2, 1])
        XCTAssertEqual(result.point[0], 1, accuracy: 1e-4)
        XCTAssertEqual(result.point[1], 1, accuracy: 1e-4)
    }
}
