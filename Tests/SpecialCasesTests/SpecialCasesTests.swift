import ExperimentCLI
import ExperimentKit
import OutputKit
import Foundation
import Tabular
import XCTest
@testable import special_cases

/// C6–C8: the identities (REPS = rule at η*, SAC target = rule), the soft backup's contraction,
/// soft improvement, and sequential multi-agent improvement.
final class SpecialCasesTests: XCTestCase {
    func testREPSConditionalIsTheRuleAtEtaStarAndTheBudgetBinds() throws {
        let config = Configuration.forProfile(.smoke)
        for gamma in [0.5, 0.9, 0.99] {
            let rows = try REPSPart.run(gamma: gamma, index: 0, config: config, masterSeed: 7)
            for r in rows {
                XCTAssertLessThanOrEqual(r.identityGap, r.tolerance)
                // The dual must find the η at which the KL constraint binds, not a bracket end. The φ-form KL
                // of 30 terms is accurate to about (30 + 8)u ≈ 4e-15 relative; with the bisection's
                // resolution, 1e-13.
                XCTAssertEqual(r.divergence, r.budget, accuracy: 1e-13 * r.budget)
            }
            // A larger budget allows a sharper policy: η* decreases.
            XCTAssertTrue(zip(rows, rows.dropFirst()).allSatisfy { $0.eta > $1.eta })
        }
    }

    func testREPSOnAHandCheckedCase() {
        // Two outcomes, q = (½, ½), δ = (1, 0): p = (e^{1/η}, 1)/(e^{1/η} + 1) and the budget binds at
        // KL(p‖q) = log 2 − H(p). For η = 1: p₁ = e/(e+1), KL = log 2 + p₁ log p₁ + (1−p₁) log(1−p₁).
        let p1 = exp(1.0) / (exp(1.0) + 1)
        let budget = log(2.0) + p1 * log(p1) + (1 - p1) * log(1 - p1)
        let s = REPS.solve(q: [0.5, 0.5], delta: [1, 0], budget: budget)
        // The bisection resolves log η to 10⁻¹⁵; the budget, computed from rounded logarithms, moves
        // η by a few ulps times dη/dε ≈ 10 here.
        XCTAssertEqual(s.eta, 1, accuracy: 1e-13)
        XCTAssertEqual(s.joint[0], p1, accuracy: 1e-14)
    }

    func testSACTargetEqualsTheRuleAndProjectionStaysInTheFamily() throws {
        let row = try SACPart.run(gamma: 0.9, index: 0, config: .forProfile(.smoke), masterSeed: 7)
        XCTAssertLessThanOrEqual(row.identityGap, row.tolerance)
        XCTAssertGreaterThan(row.jNew, row.jOld)
        XCTAssertGreaterThan(row.meanProjectionKL, 0)   // the family cannot represent π_new exactly
    }

    /// C8.4: the soft improvement step is the analytical rule from the uniform policy with C = α.
    func testSoftImprovementIsTheRuleFromTheUniformPolicy() throws {
        let config = Configuration.forProfile(.smoke)
        for gamma in [0.5, 0.99] {
            for alpha in [0.01, 1] {
                let r = try SoftPIPart.run(gamma: gamma, temperature: alpha, index: 2, config: config, masterSeed: 7)
                XCTAssertLessThanOrEqual(r.identityGap, r.identityTolerance)
            }
        }
        // A hand-checked case: Q = (1, 0), α = 1 → (e, 1)/(e + 1) either way.
        let q = [1.0, 0.0]
        let uniform = TabularPolicy.uniform(stateCount: 1, actionCount: 2)
        let rule = analyticalUpdate(policy: uniform, advantage: q, temperature: 1)
        XCTAssertEqual(rule.probabilities[0], exp(1) / (exp(1) + 1), accuracy: 1e-15)
    }

    func testSoftBackupContractsAndSoftImprovementHolds() throws {
        let config = Configuration.forProfile(.smoke)
        for gamma in [0.5, 0.9, 0.99] {
            for alpha in [0.01, 1] {
                let r = try SoftPIPart.run(gamma: gamma, temperature: alpha, index: 1, config: config, masterSeed: 7)
                XCTAssertLessThanOrEqual(r.worstFactor, gamma * (1 + 1e-12))
                XCTAssertGreaterThanOrEqual(r.worstImprovement, -r.improvementTolerance)
            }
        }
    }

    func testSequentialUpdatesNeverLowerJAndTheTrapCatchesSimultaneousOnes() throws {
        let config = Configuration.forProfile(.smoke)
        for i in 0..<40 {
            for r in try MultiAgentPart.runRandom(gamma: [0.5, 0.9, 0.99][i % 3], index: i, config: config, masterSeed: 7) {
                XCTAssertGreaterThanOrEqual(r.sequential, -r.tolerance, "game \(i), κ = \(String(describing: r.kappa))")
            }
        }
        // The trap, greedy limit: both agents move to action 1 together (−10 per step), while one at a
        // time the second agent stays (6 per step): ΔJ = (−10 − J₀(1−γ))/(1−γ) < 0 < (6 − …)/(1−γ).
        let trap = try MultiAgentPart.runTrap(gamma: 0.9, config: config).first { $0.kappa == nil }!
        XCTAssertLessThan(trap.simultaneous, -trap.tolerance)
        XCTAssertGreaterThan(trap.sequential, trap.tolerance)
        let start = 0.95 * 0.95 * 5 + 2 * 0.95 * 0.05 * 6 + 0.05 * 0.05 * -10
        // The computed ΔJ is within its rounding tolerance; the reference expression rounds too
        // (0.1 is inexact): a few ulps of it.
        let simultaneous = (-10 - start) / 0.1, sequential = (6 - start) / 0.1
        XCTAssertEqual(trap.simultaneous, simultaneous, accuracy: trap.tolerance + 8 * simultaneous.ulp)
        XCTAssertEqual(trap.sequential, sequential, accuracy: trap.tolerance + 8 * sequential.ulp)
    }

    func testOneAndTwoThreadsWriteIdenticalBytes() throws {
        XCTAssertEqual(try SpecialCases.filesDifferingAcrossThreadCounts(.forProfile(.smoke), masterSeed: 2), [])
    }
}
