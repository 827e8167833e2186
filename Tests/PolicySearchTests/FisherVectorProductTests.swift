import ExperimentKit
import Foundation
import Neural
@testable import PolicySearch
import TestSupport
import XCTest

final class FisherVectorProductTests: XCTestCase {
    /// The forward-mode pass J v equals the central differences (y(θ + hv) − y(θ − hv))/2h.
    func testJacobianVectorProductMatchesFiniteDifferences() {
        for head in [PolicyHead.gaussian(dimension: 2), .categorical(actionCount: 3)] {
            let (policy, theta, samples) = smallProblem(head)
            var rng = SeededGenerator(seed: 5)
            let v = theta.indices.map { _ in rng.nextGaussian() }
            let activations = policy.forward(theta, observations: samples.observations, batch: samples.count)
            let jv = policy.network.jacobianVectorProduct(theta, activations: activations, direction: v)
            let h = 1e-6
            let up = policy.forward(theta.indices.map { theta[$0] + h * v[$0] }, observations: samples.observations,
                                    batch: samples.count).output
            let down = policy.forward(theta.indices.map { theta[$0] - h * v[$0] }, observations: samples.observations,
                                      batch: samples.count).output
            assertGradientsAgree(jv, up.indices.map { (up[$0] - down[$0]) / (2 * h) }, "J v, \(head)")
        }
    }

    /// F v equals the Hessian of the mean KL at θ_old, taken by second central differences of
    /// KL̄ itself (h = 10⁻⁴: truncation and rounding errors both about 10⁻⁸), for both heads.
    func testFisherVectorProductsEqualTheKLHessian() {
        for head in [PolicyHead.gaussian(dimension: 2), .categorical(actionCount: 3)] {
            let (policy, theta, samples) = smallProblem(head)
            let problem = SurrogateProblem(policy: policy, samples: samples, oldTheta: theta)
            let n = theta.count
            let fisher = matrix(of: problem.fisherVectorProduct, dimension: n)
            let h = 1e-4
            func kl(_ i: Int, _ si: Double, _ j: Int, _ sj: Double) -> Double {
                var t = theta
                t[i] += si * h
                t[j] += sj * h
                return problem.meanKL(t)
            }
            var worst = 0.0
            for i in 0..<n {
                for j in 0..<n {
                    let hessian = (kl(i, 1, j, 1) - kl(i, 1, j, -1) - kl(i, -1, j, 1) + kl(i, -1, j, -1)) / (4 * h * h)
                    worst = max(worst, abs(hessian - fisher[i * n + j]))
                }
            }
            XCTAssertLessThan(worst, 1e-6, "largest |F − ∇²KL̄| entry, \(head)")
        }
    }

    /// For a categorical head the Fisher is an exact finite expectation of score outer products,
    /// F = (1/N) Σᵢ Σ_a π(a|sᵢ) ∇log π(a|sᵢ) ∇log π(a|sᵢ)ᵀ: the products agree to rounding.
    func testCategoricalFisherEqualsExpectedScoreOuterProducts() {
        let (policy, theta, samples) = smallProblem(.categorical(actionCount: 3))
        let problem = SurrogateProblem(policy: policy, samples: samples, oldTheta: theta)
        let n = theta.count, k = 3
        var explicit = [Double](repeating: 0, count: n * n)
        for i in 0..<samples.count {
            let observation = Array(samples.observations[(i * 3)..<((i + 1) * 3)])
            let activations = policy.forward(theta, observations: observation, batch: 1)
            let p = Categorical.logProbabilities(activations.output[...]).map { exp($0) }
            for a in 0..<k {
                let score = policy.logProbabilityGradient(theta, activations: activations, actions: [Double(a)], coefficients: [1])
                for r in 0..<n { for c in 0..<n { explicit[r * n + c] += p[a] * score[r] * score[c] / Double(samples.count) } }
            }
        }
        let fisher = matrix(of: problem.fisherVectorProduct, dimension: n)
        assertGradientsAgree(fisher, explicit, atol: 1e-12, rtol: 1e-9, "F from J v / Jᵀu vs Σ p s sᵀ")
    }

    /// For a Gaussian head, the Monte Carlo average of score outer products over 4 000 actions
    /// per state approaches F: every entry within 5 standard errors of its sample mean.
    func testGaussianFisherMatchesSampledScoreOuterProducts() {
        let (policy, theta, samples) = smallProblem(.gaussian(dimension: 2))
        let problem = SurrogateProblem(policy: policy, samples: samples, oldTheta: theta)
        let n = theta.count, draws = 4_000
        var rng = SeededGenerator(seed: 99)
        var sum = [Double](repeating: 0, count: n * n), sumSquares = sum
        let total = Double(draws * samples.count)
        for i in 0..<samples.count {
            let observation = Array(samples.observations[(i * 3)..<((i + 1) * 3)])
            let activations = policy.forward(theta, observations: observation, batch: 1)
            let outputs = activations.output
            for _ in 0..<draws {
                let a = policy.sampleAction(theta, outputs: outputs[...], using: &rng)
                let s = policy.logProbabilityGradient(theta, activations: activations, actions: a, coefficients: [1])
                for r in 0..<n { for c in 0..<n { let x = s[r] * s[c]; sum[r * n + c] += x; sumSquares[r * n + c] += x * x } }
            }
        }
        let fisher = matrix(of: problem.fisherVectorProduct, dimension: n)
        for e in 0..<(n * n) {
            let mean = sum[e] / total
            let standardError = ((sumSquares[e] / total - mean * mean) / total).squareRoot()
            XCTAssertLessThanOrEqual(abs(fisher[e] - mean), 5 * standardError + 1e-12, "entry \(e)")
        }
    }
}
