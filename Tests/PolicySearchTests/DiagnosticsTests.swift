import Control
import ExperimentKit
import Foundation
import Neural
@testable import PolicySearch
import Tabular
import XCTest

/// The diagnostics the natural-gradient experiment (C16) reads: per-state divergences, the line
/// search's trials, and the iteration hook.
final class DiagnosticsTests: XCTestCase {
    /// KL̄ is the mean of the per-state KLs, bit for bit; the reverse order and total variation agree
    /// with `Neural`'s and `Tabular`'s definitions at each state; a 2-D Gaussian has no TV.
    func testStateDivergencesAgreeWithTheirDefinitions() {
        for head in [PolicyHead.gaussian(dimension: 1), .gaussian(dimension: 2), .categorical(actionCount: 3)] {
            let (policy, theta, samples) = smallProblem(head)
            let problem = SurrogateProblem(policy: policy, samples: samples, oldTheta: theta)
            var rng = SeededGenerator(seed: 21)
            let moved = theta.map { $0 + 0.1 * rng.nextGaussian() }
            let d = problem.stateDivergences(moved)
            XCTAssertEqual((d.kl.reduce(0, +) / Double(samples.count)).bitPattern, problem.meanKL(moved).bitPattern)
            XCTAssertEqual(problem.stateKLs(moved), d.kl)
            let k = head.networkOutputs
            let old = policy.forward(theta, observations: samples.observations, batch: samples.count).output
            let new = policy.forward(moved, observations: samples.observations, batch: samples.count).output
            for i in 0..<samples.count {
                let o = old[(i * k)..<((i + 1) * k)], n = new[(i * k)..<((i + 1) * k)]
                switch head {
                case .gaussian(let dimension):
                    XCTAssertEqual(d.reverseKL[i], DiagonalGaussian.klDivergence(meanP: n, logStdP: policy.logStd(moved),
                                                                                meanQ: o, logStdQ: policy.logStd(theta)), accuracy: 1e-15)
                    if dimension == 1 {
                        XCTAssertEqual(d.totalVariation![i], DiagonalGaussian.totalVariation1D(
                            meanP: o[o.startIndex], logStdP: theta[policy.logStdOffset], meanQ: n[n.startIndex],
                            logStdQ: moved[policy.logStdOffset]), accuracy: 1e-15)
                    } else {
                        XCTAssertNil(d.totalVariation)
                    }
                case .categorical:
                    let p = Categorical.logProbabilities(o).map { exp($0) }, q = Categorical.logProbabilities(n).map { exp($0) }
                    XCTAssertEqual(d.reverseKL[i], Tabular.klDivergence(q, p), accuracy: 1e-12)
                    XCTAssertEqual(d.totalVariation![i], 0.5 * zip(p, q).reduce(0) { $0 + abs($1.0 - $1.1) }, accuracy: 1e-15)
                    XCTAssertEqual(d.kl[i], Tabular.klDivergence(p, q), accuracy: 1e-12)
                }
                // Pinsker at every state, in both orders.
                if let tv = d.totalVariation?[i] {
                    XCTAssertLessThanOrEqual(tv, min(d.kl[i], d.reverseKL[i]).squareRoot() / 2.0.squareRoot() + 1e-15)
                }
            }
        }
    }

    /// The line search records every trial it evaluates: scales 1, ρ, ρ², … up to the accepted one
    /// (or all of them when it rejects), with L and KL̄ at each.
    func testLineSearchRecordsItsTrials() {
        let evaluate: ([Double]) -> (surrogate: Double, meanKL: Double) = { t in (-(t[0] - 1) * (t[0] - 1), t[0] * t[0] / 2) }
        let accepted = backtrackingLineSearch(from: [0], step: [4], surrogateBefore: -1, maximumKL: 0.5, ratio: 0.8,
                                              maximumTrials: 15, evaluate: evaluate)
        XCTAssertEqual(accepted.trials.count, accepted.backtracks + 1)
        for (k, trial) in accepted.trials.enumerated() {
            XCTAssertEqual(trial.scale, pow(0.8, Double(k)), accuracy: 1e-15)
            let (l, kl) = evaluate([4 * trial.scale])
            XCTAssertEqual(trial.surrogate, l)
            XCTAssertEqual(trial.meanKL, kl)
        }
        XCTAssertEqual(accepted.trials.last!.meanKL, accepted.meanKL)
        let rejected = backtrackingLineSearch(from: [0], step: [-1], surrogateBefore: -1, maximumKL: 0.5, ratio: 0.8,
                                              maximumTrials: 15, evaluate: evaluate)
        XCTAssertFalse(rejected.accepted)
        XCTAssertEqual(rejected.trials.count, 15)
    }

    /// `iterate(inspecting:)` leaves the run unchanged (the same θ bytes as `iterate()`), hands TRPO's
    /// problem and update over once per iteration with the update's θ becoming the new θ, and is never
    /// called for REINFORCE.
    func testIterationHookSeesEachNaturalUpdate() {
        var plain = BatchPolicySearch(environment: CartPole(), algorithm: .duanTRPO, hiddenSizes: [8], batchSize: 200,
                                      maximumPathLength: 100, seed: 4)
        var inspected = plain
        var calls = 0
        for _ in 0..<2 {
            _ = plain.iterate()
            let before = inspected.theta
            var seen: [Double] = []
            _ = inspected.iterate { problem, update in
                calls += 1
                XCTAssertEqual(problem.oldTheta, before)
                seen = update.theta
            }
            XCTAssertEqual(seen, inspected.theta)
        }
        XCTAssertEqual(calls, 2)
        XCTAssertEqual(plain.theta.map(\.bitPattern), inspected.theta.map(\.bitPattern))
        var reinforce = BatchPolicySearch(environment: CartPole(), algorithm: .duanREINFORCE, hiddenSizes: [8], batchSize: 200,
                                          maximumPathLength: 100, seed: 4)
        _ = reinforce.iterate { _, _ in XCTFail("REINFORCE has no natural step") }
    }
}
