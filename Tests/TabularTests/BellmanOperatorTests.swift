import ExperimentKit
import XCTest
@testable import Tabular

/// C10's operators (Sources/Tabular/BellmanOperators.swift) on MDPs solvable by hand and against the
/// exact evaluation (PolicyEvaluation, ReferenceEvaluation).
final class BellmanOperatorTests: XCTestCase {
    /// The two-state MDP of `EvaluationTests`: at state 0 action 0 stays (reward 1) and action 1 moves
    /// to state 1 (reward 0); state 1 is absorbing with reward 1 under both actions. γ = ½.
    func twoState() throws -> MDP {
        try MDP(stateCount: 2, actionCount: 2, transitions: [1, 0, 0, 1, 0, 1, 0, 1],
                rewards: [1, 0, 1, 1], discount: 0.5, initialDistribution: [1, 0])
    }

    /// By hand. V = 0: q = r = (1, 0 | 1, 1), so BV = (1, 1) and, with π = (½, ½) everywhere,
    /// B_πV = (½, 1). V = (2, 4): q(0,·) = (1 + ½·2, ½·4) = (2, 2), q(1,·) = (1 + ½·4) = 3, so BV = (2, 3)
    /// and the greedy action at state 0 is the lowest index of the tie, 0.
    func testBackupsByHand() throws {
        let mdp = try twoState()
        let uniform = TabularPolicy.uniform(stateCount: 2, actionCount: 2)
        XCTAssertEqual(BellmanOperators.lookahead([0, 0], in: mdp), [1, 0, 1, 1])
        XCTAssertEqual(BellmanOperators.bellmanBackup([0, 0], in: mdp), [1, 1])
        XCTAssertEqual(BellmanOperators.policyBackup([0, 0], policy: uniform, in: mdp), [0.5, 1])
        XCTAssertEqual(BellmanOperators.lookahead([2, 4], in: mdp), [2, 2, 3, 3])
        XCTAssertEqual(BellmanOperators.bellmanBackup([2, 4], in: mdp), [2, 3])
        XCTAssertEqual(BellmanOperators.greedyActions([2, 4], in: mdp), [0, 0])
        XCTAssertEqual(BellmanOperators.greedyActions([0, 6], in: mdp), [1, 0])   // q(0,·) = (1, 3)
        XCTAssertEqual(BellmanOperators.greedyPolicy([0, 6], in: mdp).probabilities, [0, 1, 1, 0])
    }

    /// V* = (2, 2): staying at state 0 earns 1/(1−γ) = 2, moving earns γ·2 = 1. From V₀ = 0 both
    /// states follow V_{k+1} = 1 + ½V_k, so V_k = 2 − 2^{1−k} (exact in binary).
    func testValueIterationByHand() throws {
        let mdp = try twoState()
        let vs = BellmanOperators.valueIteration(from: [0, 0], in: mdp, iterations: 4)
        XCTAssertEqual(vs, [[0, 0], [1, 1], [1.5, 1.5], [1.75, 1.75], [1.875, 1.875]])
        let policyIterates = BellmanOperators.policyEvaluationIterates(
            from: [0, 0], policy: .uniform(stateCount: 2, actionCount: 2), in: mdp, iterations: 2)
        // V₁ = (½, 1); V₂(0) = ½(1 + ¼) + ½(½·1) = 7/8, V₂(1) = 1 + ½ = 3/2.
        XCTAssertEqual(policyIterates, [[0, 0], [0.5, 1], [0.875, 1.5]])
    }

    /// From π₀ = (move, stay): V_{π₀} = (γ·2, 2) = (1, 2); Q(0,·) = (1 + ½·1, ½·2) = (3/2, 1), so
    /// π₁ = (stay, stay) with V_{π₁} = (2, 2), which its own improvement keeps: two iterations.
    func testPolicyIterationByHand() throws {
        let mdp = try twoState()
        let run = try BellmanOperators.policyIteration(in: mdp, start: [1, 0])
        XCTAssertEqual(run.policies, [[1, 0], [0, 0]])
        XCTAssertEqual(run.iterations, 2)
        XCTAssertEqual(run.values[0][0], 1, accuracy: 1e-15)
        XCTAssertEqual(run.values[0][1], 2, accuracy: 1e-15)
        XCTAssertEqual(run.values[1][0], 2, accuracy: 1e-15)
        XCTAssertEqual(run.values[1][1], 2, accuracy: 1e-15)
        let optimum = try BellmanOperators.optimalValue(in: mdp)
        XCTAssertEqual(optimum.policy[0], 0)
        // At state 1 both actions are tied exactly: a near-tie, so the bound carries τ_Q/(1−γ).
        XCTAssertGreaterThan(optimum.tolerance, 0)
        XCTAssertLessThan(optimum.tolerance, 1e-13)
    }

    /// The notes' remark "for a greedy policy π, B_πV = BV" holds bit for bit for the computed backups.
    func testGreedyPolicyBackupEqualsTheOptimalityBackup() throws {
        for i in 0..<50 {
            var rng = StreamKey(experiment: "tests", setting: "greedy-backup", trial: i, masterSeed: 7).generator()
            let mdp = try Garnet(states: 12, actions: 4, branching: 3).sample(discount: 0.9, using: &rng)
            let v = (0..<12).map { _ in 10 * rng.nextGaussian() }
            XCTAssertEqual(BellmanOperators.policyBackup(v, policy: BellmanOperators.greedyPolicy(v, in: mdp), in: mdp),
                           BellmanOperators.bellmanBackup(v, in: mdp))
        }
    }

    /// Both backups are γ-contractions (Lemmas 19, 22) and a constant shift attains the factor:
    /// B(V + c) = BV + γc.
    func testContractionOnRandomPairsAndItsAttainment() throws {
        for i in 0..<100 {
            var rng = StreamKey(experiment: "tests", setting: "contraction", trial: i, masterSeed: 7).generator()
            let gamma = [0.5, 0.9, 0.99][i % 3]
            let mdp = try Garnet(states: 8, actions: 3, branching: 2 + i % 7).sample(discount: gamma, using: &rng)
            let pi = TabularPolicy.randomSoftmax(stateCount: 8, actionCount: 3, scale: 1, using: &rng)
            let v = (0..<8).map { _ in 5 * rng.nextGaussian() }, w = (0..<8).map { _ in 5 * rng.nextGaussian() }
            let scale = max(v.map(abs).max()!, w.map(abs).max()!)
            let tol = 2 * BellmanOperators.backupRoundingTolerance(in: mdp, valueScale: scale) + 1e-15 * scale
            let distance = zip(v, w).map { abs($0 - $1) }.max()!
            func gap(_ x: [Double], _ y: [Double]) -> Double { zip(x, y).map { abs($0 - $1) }.max()! }
            XCTAssertLessThanOrEqual(gap(BellmanOperators.bellmanBackup(v, in: mdp), BellmanOperators.bellmanBackup(w, in: mdp)),
                                     gamma * distance + tol)
            XCTAssertLessThanOrEqual(gap(BellmanOperators.policyBackup(v, policy: pi, in: mdp),
                                         BellmanOperators.policyBackup(w, policy: pi, in: mdp)), gamma * distance + tol)
            let shifted = v.map { $0 + 3 }
            XCTAssertEqual(gap(BellmanOperators.bellmanBackup(v, in: mdp), BellmanOperators.bellmanBackup(shifted, in: mdp)),
                           3 * gamma, accuracy: tol)
        }
    }

    /// Iterating B_π converges to the exact evaluation (PolicyEvaluation and ReferenceEvaluation),
    /// iterating B to V* from policy iteration, within rounding.
    func testIterationsConvergeToTheExactValues() throws {
        for i in 0..<12 {
            var rng = StreamKey(experiment: "tests", setting: "iterations", trial: i, masterSeed: 7).generator()
            let gamma = [0.5, 0.9, 0.99][i % 3]
            let mdp = try Garnet(states: 10, actions: 3, branching: 3).sample(discount: gamma, using: &rng)
            let pi = TabularPolicy.randomSoftmax(stateCount: 10, actionCount: 3, scale: 1, using: &rng)
            let exact = try PolicyEvaluation(policy: pi, in: mdp), reference = ReferenceEvaluation(policy: pi, in: mdp)
            let n = Int((log(1e-17) / log(gamma)).rounded(.up))
            let vPi = BellmanOperators.iterate(from: [Double](repeating: 0, count: 10), iterations: n) {
                BellmanOperators.policyBackup($0, policy: pi, in: mdp)
            }
            let scale = exact.value.map(abs).max()!
            let tol = exact.roundingTolerance(scale: scale)
                + BellmanOperators.backupRoundingTolerance(in: mdp, valueScale: scale) / (1 - gamma)
            for s in 0..<10 {
                XCTAssertEqual(vPi[s], exact.value[s], accuracy: tol)
                XCTAssertEqual(vPi[s], reference.value[s], accuracy: tol)
            }
            let optimum = try BellmanOperators.optimalValue(in: mdp)
            let vStar = BellmanOperators.iterate(from: [Double](repeating: 0, count: 10), iterations: n) {
                BellmanOperators.bellmanBackup($0, in: mdp)
            }
            for s in 0..<10 {
                XCTAssertEqual(vStar[s], optimum.value[s], accuracy: optimum.tolerance + tol)
            }
            // V* dominates every policy's value.
            for s in 0..<10 { XCTAssertGreaterThanOrEqual(optimum.value[s], exact.value[s] - tol - optimum.tolerance) }
        }
    }

    /// Policy iteration's values never decrease (Lemma 21), it stops within |A|^|S| evaluations, and
    /// from every deterministic start it reaches the same V*.
    func testPolicyIterationImprovesAndEndsAtTheOptimum() throws {
        for i in 0..<20 {
            var rng = StreamKey(experiment: "tests", setting: "policy-iteration", trial: i, masterSeed: 7).generator()
            let mdp = try Garnet(states: 4, actions: 2, branching: 1 + i % 4).sample(discount: [0.5, 0.9, 0.99, 0.999][i % 4],
                                                                                     using: &rng)
            let optimum = try BellmanOperators.optimalValue(in: mdp)
            for code in 0..<16 {
                let start = (0..<4).map { (code >> $0) & 1 }
                let run = try BellmanOperators.policyIteration(in: mdp, start: start)
                XCTAssertLessThanOrEqual(run.iterations, 16)
                for (a, b) in zip(run.evaluations, run.evaluations.dropFirst()) {
                    let tol = PolicyEvaluation.roundingTolerance(of: [a, b], scale: a.value.map(abs).max()! + b.value.map(abs).max()!)
                    for s in 0..<4 { XCTAssertGreaterThanOrEqual(b.value[s], a.value[s] - tol) }
                }
                for s in 0..<4 {
                    XCTAssertEqual(run.values.last![s], optimum.value[s], accuracy: 2 * optimum.tolerance)
                }
            }
        }
    }

    #if arch(x86_64)
    /// The backups' rounding bound holds against the same backups in 64-bit-significand arithmetic.
    func testBackupRoundingToleranceBoundsTheError() throws {
        for i in 0..<40 {
            var rng = StreamKey(experiment: "tests", setting: "backup-rounding", trial: i, masterSeed: 7).generator()
            let n = [3, 20, 60][i % 3], m = 3
            let mdp = try Garnet(states: n, actions: m, branching: n).sample(discount: 0.999, using: &rng)
            let v = (0..<n).map { _ in 1000 * rng.nextGaussian() }
            let pi = TabularPolicy.randomSoftmax(stateCount: n, actionCount: m, scale: 1, using: &rng)
            let tol = BellmanOperators.backupRoundingTolerance(in: mdp, valueScale: v.map(abs).max()!)
            var q = [Float80](repeating: 0, count: n * m)
            for k in 0..<(n * m) {
                var e: Float80 = 0
                for t in 0..<n { e += Float80(mdp.transitions[k * n + t]) * Float80(v[t]) }
                q[k] = Float80(mdp.rewards[k]) + Float80(mdp.discount) * e
            }
            let b = BellmanOperators.bellmanBackup(v, in: mdp), bPi = BellmanOperators.policyBackup(v, policy: pi, in: mdp)
            for s in 0..<n {
                let best = (0..<m).map { q[s * m + $0] }.max()!
                var average: Float80 = 0
                for a in 0..<m { average += Float80(pi[s, a]) * q[s * m + a] }
                XCTAssertLessThanOrEqual(Double(abs(Float80(b[s]) - best)), tol)
                XCTAssertLessThanOrEqual(Double(abs(Float80(bPi[s]) - average)), tol)
            }
        }
    }
    #endif
}
