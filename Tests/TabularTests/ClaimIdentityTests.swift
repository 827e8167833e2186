import ExperimentKit
import XCTest
@testable import Tabular

/// C1 and C2 on random instances. Tolerances are the rounding error bound of the solves
/// (`PolicyEvaluation.roundingTolerance`, 3n·κ∞·u·scale), not tuned.
final class ClaimIdentityTests: XCTestCase {
    /// Random instances of several sizes, γ from 0.5 to 0.999, small and large changes.
    private func instances(count: Int, seed: UInt64) throws -> [(MDP, TabularPolicy, TabularPolicy)] {
        let shapes = [try Garnet(states: 3, actions: 2, branching: 2), try Garnet(states: 12, actions: 3, branching: 3),
                      try Garnet(states: 40, actions: 4, branching: 5)]
        let gammas = [0.5, 0.9, 0.99, 0.999]
        let changes: [PolicyChange] = [.logitStep(0.05), .logitStep(3), .mixture(0.02), .mixture(0.9)]
        return try (0..<count).map { i in
            var rng = StreamKey(experiment: "tests", setting: "identities", trial: i, masterSeed: seed).generator()
            let shape = shapes[i % shapes.count]
            let mdp = try shape.sample(discount: gammas[(i / 3) % gammas.count], using: &rng)
            let logits = (0..<(shape.states * shape.actions)).map { _ in rng.nextGaussian() }
            let old = TabularPolicy.softmax(logits: logits, stateCount: shape.states, actionCount: shape.actions)
            let new = changes[(i / 12) % changes.count].apply(toLogits: logits, stateCount: shape.states,
                                                               actionCount: shape.actions, using: &rng)
            return (mdp, old, new)
        }
    }

    func testPerformanceDifferenceLemmaBothFormsOnRandomInstances() throws {
        for (mdp, old, new) in try instances(count: 300, seed: 1) {
            let eOld = try PolicyEvaluation(policy: old, in: mdp), eNew = try PolicyEvaluation(policy: new, in: mdp)
            let difference = eNew.performance - eOld.performance
            let tol = PolicyEvaluation.roundingTolerance(of: [eOld, eNew], scale: abs(eOld.performance) + abs(eNew.performance))
            XCTAssertEqual(performanceDifferenceOnPolicy(old: eOld, new: eNew), difference, accuracy: tol)
            XCTAssertEqual(performanceDifferenceImportanceSampled(old: eOld, new: eNew), difference, accuracy: tol)
            // The roles swapped (Hamid, Deep Reinforcement Learning notes, Theorem 11) are the same
            // identity.
            XCTAssertEqual(performanceDifferenceOnPolicy(old: eNew, new: eOld), -difference, accuracy: tol)
        }
    }

    func testLemma10OnRandomInstances() throws {
        var rng = SeededGenerator(seed: 99)
        for (mdp, old, _) in try instances(count: 200, seed: 2) {
            let f = (0..<(mdp.stateCount * mdp.actionCount)).map { _ in 2 * rng.nextUniform() - 1 }
            let e = try PolicyEvaluation(policy: old, in: mdp)
            let left = try expectedDiscountedSum(of: f, policy: old, in: mdp)
            let right = discountedExpectation(of: f, stateDistribution: e.discountedStateDistribution,
                                              policy: old, discount: mdp.discount)
            XCTAssertEqual(left, right, accuracy: e.roundingTolerance(scale: 1 / (1 - mdp.discount)))
        }
    }

    func testIdentityCheckCanFail() throws {
        // The same comparison with the surrogate's state distribution (d^π for d^{π'}) must fail
        // for a large change: the tests above are not vacuous.
        let (mdp, old, new) = try instances(count: 40, seed: 1)[39]
        let eOld = try PolicyEvaluation(policy: old, in: mdp), eNew = try PolicyEvaluation(policy: new, in: mdp)
        let wrong = surrogate(old: eOld, new: new) - eOld.performance
        let tol = eNew.roundingTolerance(scale: abs(eOld.performance) + abs(eNew.performance))
        XCTAssertGreaterThan(abs(wrong - (eNew.performance - eOld.performance)), 1000 * tol)
    }

    func testSurrogateEqualsJAtTheOldPolicyAndIsSecondOrder() throws {
        var rng = SeededGenerator(seed: 5)
        let mdp = try Garnet(states: 10, actions: 3, branching: 3).sample(discount: 0.9, using: &rng)
        let logits = (0..<30).map { _ in rng.nextGaussian() }, direction = (0..<30).map { _ in rng.nextGaussian() }
        let old = TabularPolicy.softmax(logits: logits, stateCount: 10, actionCount: 3)
        let e = try PolicyEvaluation(policy: old, in: mdp)
        XCTAssertEqual(surrogate(old: e, new: old), e.performance, accuracy: e.roundingTolerance(scale: e.performance))
        func gap(_ h: Double) throws -> Double {
            let new = TabularPolicy.softmax(logits: zip(logits, direction).map { $0 + h * $1 }, stateCount: 10, actionCount: 3)
            return abs(try PolicyEvaluation(policy: new, in: mdp).performance - surrogate(old: e, new: new))
        }
        // Halving a small step divides a second-order gap by about 4 (between 3 and 5 here).
        let ratio = try gap(1e-2) / gap(5e-3)
        XCTAssertGreaterThan(ratio, 3); XCTAssertLessThan(ratio, 5)
    }

    func testStateMismatchBoundHoldsOnRandomPairs() throws {
        for (mdp, old, new) in try instances(count: 120, seed: 3) {
            let alpha = old.maxTotalVariation(to: new)
            let p = stateMarginals(policy: old, in: mdp, through: 40), q = stateMarginals(policy: new, in: mdp, through: 40)
            for t in 0...40 {
                let gap = l1Distance(p[t], q[t])
                let bound = DistributionMismatch.couplingBound(alpha: alpha, step: t)
                // Rounding in the marginals: ≤ t·n ulps of a unit-mass vector.
                XCTAssertLessThanOrEqual(gap, bound + Double(t * mdp.stateCount) * Double.ulpOfOne)
                XCTAssertLessThanOrEqual(bound, DistributionMismatch.linearBound(alpha: alpha, step: t) + 1e-15)
            }
        }
    }

    func testStateMismatchBoundIsAttainedByTheCouplingInstance() throws {
        let alpha = 0.1
        let mdp = try MDP(stateCount: 2, actionCount: 2, transitions: [1, 0, 0, 1, 0, 1, 0, 1],
                          rewards: [0, 0, 0, 0], discount: 0.5, initialDistribution: [1, 0])
        let old = try TabularPolicy(stateCount: 2, actionCount: 2, probabilities: [1, 0, 1, 0])
        let new = try TabularPolicy(stateCount: 2, actionCount: 2, probabilities: [1 - alpha, alpha, 1, 0])
        let p = stateMarginals(policy: old, in: mdp, through: 30), q = stateMarginals(policy: new, in: mdp, through: 30)
        for t in 0...30 {
            XCTAssertEqual(l1Distance(p[t], q[t]), DistributionMismatch.couplingBound(alpha: alpha, step: t),
                           accuracy: 8 * Double(t + 1) * Double.ulpOfOne)
        }
    }
}
