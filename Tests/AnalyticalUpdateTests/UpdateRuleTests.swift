import ExperimentCLI
import ExperimentKit
import OutputKit
import Foundation
import Tabular
import XCTest
@testable import analytical_update

/// C5: the analytical update rule — maximiser, improvement, invariances, numerical safety.
final class UpdateRuleTests: XCTestCase {
    private func onePolicy(_ p: [Double]) -> TabularPolicy {
        try! TabularPolicy(stateCount: 1, actionCount: p.count, probabilities: p)
    }

    /// The closed form attains C·log E_{π_old}[exp(A/C)] and Nelder–Mead over the simplex cannot beat it.
    func testClosedFormEqualsTheNumericalMaximiserOnFixedCases() {
        let cases: [([Double], [Double], Double)] = [
            ([0.5, 0.5], [1, -1], 1), ([0.2, 0.3, 0.5], [0.3, -2, 1.5], 0.1), ([0.7, 0.1, 0.1, 0.1], [0, 0, 5, -5], 10),
            ([0.25, 0.25, 0.25, 0.25], [1, 2, 3, 4], 0.5),
        ]
        for (old, a, c) in cases {
            let p = analyticalUpdate(policy: onePolicy(old), advantage: a, temperature: c).probabilities
            let value = updateObjective(p, old: old, advantage: a, temperature: c)
            let tolerance = Double(old.count + 8) * Double.ulpOfOne * updateObjectiveMagnitude(p, old: old, advantage: a, temperature: c)
            XCTAssertEqual(value, updateObjectiveMaximum(old: old, advantage: a, temperature: c), accuracy: tolerance)
            let numerical = NelderMead(maxEvaluations: 4000, tolerance: 1e-15).minimize({ z in
                -updateObjective(TabularPolicy.softmax(logits: z, stateCount: 1, actionCount: old.count).probabilities,
                                 old: old, advantage: a, temperature: c)
            }, from: [Double](repeating: 0, count: old.count), step: 0.5)
            XCTAssertLessThanOrEqual(-numerical.value, value + tolerance)
            XCTAssertEqual(-numerical.value, value, accuracy: 1e-8)   // and it finds the same maximum
        }
        // By hand: π_old = (½, ½), A = (1, −1), C = 1 ⇒ π_new = (e, e⁻¹)/(e + e⁻¹).
        let p = analyticalUpdate(policy: onePolicy([0.5, 0.5]), advantage: [1, -1], temperature: 1).probabilities
        XCTAssertEqual(p[0], exp(1) / (exp(1) + exp(-1)), accuracy: 2 * Double.ulpOfOne)
    }

    func testImprovementWithExactAdvantagesOnRandomInstances() throws {
        for i in 0..<300 {
            var rng = StreamKey(experiment: "tests", setting: "improvement", trial: i, masterSeed: 6).generator()
            let gamma = [0.5, 0.9, 0.99, 0.999][i % 4]
            let mdp = try Garnet(states: [4, 12, 30][i % 3], actions: 3, branching: 2).sample(discount: gamma, using: &rng)
            let old = TabularPolicy.randomSoftmax(stateCount: mdp.stateCount, actionCount: 3, scale: 1.5, using: &rng)
            let e = try PolicyEvaluation(policy: old, in: mdp)
            let theorem = SurrogateBound.expectedKLConstant(epsilon: e.maxAbsoluteAdvantage, gamma: gamma)
            for c in [theorem, theorem / 1e3, 0] {
                let new = try PolicyEvaluation(policy: analyticalUpdate(policy: old, advantage: e.advantage, temperature: c), in: mdp)
                let tol = PolicyEvaluation.roundingTolerance(of: [new, e], scale: abs(new.performance) + abs(e.performance))
                XCTAssertGreaterThanOrEqual(new.performance - e.performance, -tol, "instance \(i), C = \(c)")
            }
        }
    }

    func testAddingAConstantToTheAdvantagesChangesNothing() {
        var rng = SeededGenerator(seed: 12)
        let old = TabularPolicy.randomSoftmax(stateCount: 3, actionCount: 4, scale: 1, using: &rng)
        let a = (0..<12).map { _ in rng.nextGaussian() }
        let shifted = a.indices.map { a[$0] + [5.0, -300, 1e6][$0 / 4] }   // a different constant per state
        for c in [0.01, 1, 100] {
            let p = analyticalUpdate(policy: old, advantage: a, temperature: c).probabilities
            let q = analyticalUpdate(policy: old, advantage: shifted, temperature: c).probabilities
            // The shift moves every logit of a state by the same amount; only the rounding of the
            // shifted advantages (about u·|shift|/C in each logit) can differ.
            for k in p.indices {
                let shift = [5.0, -300, 1e6][k / 4]
                XCTAssertEqual(p[k], q[k], accuracy: 8 * Double.ulpOfOne * (1 + abs(shift) / c))
            }
        }
    }

    func testExtremeRatiosGiveNoNaNOrInfinity() {
        let old = onePolicy([0.3, 0.3, 0.4])
        for (a, c) in [([1e300, -1e300, 0], 1e-300), ([700, 0, -700], 1e-3), ([1, 2, 3], 1e-320), ([0, 0, 0], 0),
                       ([1e-300, 0, 0], 1e300), ([5, 5, -1], 0)] as [([Double], Double)] {
            let p = analyticalUpdate(policy: old, advantage: a, temperature: c).probabilities
            XCTAssertTrue(p.allSatisfy { $0.isFinite && $0 >= 0 }, "A = \(a), C = \(c): \(p)")
            XCTAssertEqual(p.reduce(0, +), 1, accuracy: 4 * Double.ulpOfOne)
        }
        // ε = 0: all advantages zero, the theorem's C is 0, and the rule leaves π_old unchanged.
        XCTAssertEqual(analyticalUpdate(policy: old, advantage: [0, 0, 0], temperature: 0).probabilities, old.probabilities)
        // Greedy limit: π_old restricted to the argmax, renormalised; infinite C: unchanged.
        let greedy = analyticalUpdate(policy: old, advantage: [5, 5, -1], temperature: 0).probabilities
        XCTAssertEqual(greedy, [0.5, 0.5, 0])
        XCTAssertEqual(analyticalUpdate(policy: old, advantage: [5, 5, -1], temperature: .infinity), old)
    }

    func testSoftEvaluationSatisfiesTheSoftBellmanEquations() throws {
        var rng = SeededGenerator(seed: 3)
        let mdp = try Garnet(states: 8, actions: 3, branching: 3).sample(discount: 0.9, using: &rng)
        let pi = TabularPolicy.randomSoftmax(stateCount: 8, actionCount: 3, scale: 1, using: &rng)
        let tau = 0.3
        let soft = try SoftPolicyEvaluation(policy: pi, in: mdp, temperature: tau)
        let tol = soft.standard.roundingTolerance(scale: 100)
        for s in 0..<8 {
            var v = 0.0
            for a in 0..<3 {
                var next = 0.0
                for t in 0..<8 { next += mdp.transition(s, a, t) * soft.softValue[t] }
                XCTAssertEqual(soft.softActionValue[s * 3 + a], mdp.reward(s, a) + 0.9 * next, accuracy: tol)
                v += pi[s, a] * (soft.softActionValue[s * 3 + a] - tau * log(pi[s, a]))
            }
            XCTAssertEqual(soft.softValue[s], v, accuracy: tol)
        }
    }

    func testOneAndTwoThreadsWriteIdenticalBytes() throws {
        // The smoke profile, cut down further so a debug build runs it in seconds.
        var config = Configuration.forProfile(.smoke)
        config.maximiserTrials = 8
        config.iterations = 8
        config.tunedTemperatures = [0.01, 1]
        config.curveMDPs = 1
        config.exactInstances = 2
        config.sampledInstances = 2
        config.sampleCounts = [10]
        config.sampledDiscounts = [0.5]
        XCTAssertEqual(try AnalyticalUpdateExperiment.filesDifferingAcrossThreadCounts(config, masterSeed: 5), [])
    }
}
