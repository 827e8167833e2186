import ExperimentCLI
import ExperimentKit
import OutputKit
import Foundation
import Tabular
import XCTest
@testable import bellman_bounds

/// C10 (Hamid, Deep Reinforcement Learning notes, §3): the experiment's verdict rules on hand-made
/// data, its determinism, the counterexamples to Proposition 26 as written and to Lemma 21's
/// strictness at every state, and the constructed instances that attain the bounds.
final class BellmanBoundsTests: XCTestCase {
    // MARK: verdict rules on hand-made data

    /// Findings on data made by hand: each statement gets one entry per γ, and a few are chosen to
    /// hold, fail, fail by less than rounding, or attain their bound.
    func handMadeFindings(prop25AtBothGammas: Bool = true, gainAtGammaNine: Double = 1) -> Findings {
        var config = Configuration.forProfile(.smoke)
        config.discounts = [0.5, 0.9]
        config.smallSizes = [Configuration.Size(states: 2, actions: 2)]
        func entry(_ gamma: Double, _ observed: Double, _ bound: Double, label: String = "hand-made",
                   source: Entry.Source = .sweep, states: Int = 3) -> Entry {
            Entry(source: source, gamma: gamma, states: states, label: label,
                  check: Check(observed: observed, bound: bound, tolerance: 1e-12))
        }
        var all: [Statement: [Entry]] = [:]
        for statement in Statement.allCases { all[statement] = [entry(0.5, 0.5, 1), entry(0.9, 0.5, 1)] }
        // Lemma 19: above the bound by half the tolerance only (rounding): still confirmed.
        all[.lemma19] = [entry(0.5, 1 + 5e-13, 1), entry(0.9, 0.5, 1)]
        // Proposition 27: broken at γ = 0.9 only: partly confirmed; and attained at γ = 0.5 only.
        all[.prop27] = [entry(0.5, 0.995, 1), entry(0.9, 1.1, 1, label: "the bad one")]
        // Proposition 26 as written: broken at both γ: refuted.
        all[.prop26AsWritten] = [entry(0.5, 3, 1), entry(0.9, 2, 1)]
        // Proposition 24: first attained (0.995 > 0.99), second not (0.98).
        all[.prop24Optimal] = [entry(0.5, 0.995, 1), entry(0.9, 0.5, 1)]
        all[.prop24Policy] = [entry(0.5, 0.98, 1), entry(0.9, 0.5, 1)]
        // Proposition 25: its largest ratio is γ at both γ (loose by exactly γ).
        all[.prop25] = prop25AtBothGammas ? [entry(0.5, 0.5, 1), entry(0.9, 0.9, 1)] : [entry(0.5, 0.5, 1)]

        let run = PolicyIterationPart.Run(shape: nil, gamma: 0.5, index: 0)
        func step(_ gamma: Double, loss: Double, strict: Double, unchanged: Int, gain: Double = 1) -> PolicyIterationPart.Step {
            PolicyIterationPart.Step(run: PolicyIterationPart.Run(shape: nil, gamma: gamma, index: 0), step: 0, changedStates: 1,
                                     lossExcess: loss, largestGain: gain, largestSwitchAdvantage: 1, strictExcess: strict,
                                     smallestGain: 0, unchangedStates: unchanged, tolerance: 1e-12)
        }
        let runs = [PolicyIterationPart.RunOutcome(run: run, states: 2, actions: 2, iterations: 2,
                                                   steps: [step(0.5, loss: 0.5, strict: -3, unchanged: 1)]),
                    PolicyIterationPart.RunOutcome(run: PolicyIterationPart.Run(shape: nil, gamma: 0.9, index: 0), states: 2,
                                                   actions: 2, iterations: 2, steps: [step(0.9, loss: -1, strict: 0.2, unchanged: 0, gain: gainAtGammaNine)])]
        let size = Configuration.Size(states: 2, actions: 2)
        let small = [0.5, 0.9].map {
            PolicyIterationPart.SmallOutcome(cell: .init(size: size, family: .dense, gamma: $0, mdp: 0), iterations: [1, 2, 3, 2])
        }
        func convergence(_ gamma: Double, _ op: ConvergencePart.Operator, _ excess: Double) -> ConvergencePart.Outcome {
            ConvergencePart.Outcome(run: .init(shape: config.convergenceShapes[0], gamma: gamma, op: op, index: 0), start: "zero",
                                    iterations: 10, initialError: 1, finalError: 1e-15, finalTolerance: 1e-14, worstExcess: excess,
                                    largestRateRatio: 0.9, curve: [])
        }
        let converged = [convergence(0.5, .policy, 0.3), convergence(0.9, .policy, 0.1),
                         convergence(0.5, .optimal, 0.3), convergence(0.9, .optimal, 2)]
        return Findings(config: config, entries: Entries(all: all), saved: [:], sweepCount: 4, mdpCount: 2, adversarial: [],
                        constructedCount: 0, iterationRuns: runs, small: small, convergence: converged)
    }

    func testVerdictRulesOnHandMadeData() {
        let f = handMadeFindings()
        func verdict(_ id: String) -> VerdictKind { f.verdicts.first { $0.id == id }!.verdict }
        XCTAssertEqual(f.verdicts.map(\.id), (1...24).map { "C10.\($0)" })
        XCTAssertEqual(verdict("C10.1"), .confirmed, "an excess below the rounding tolerance is not a violation")
        XCTAssertEqual(verdict("C10.2"), .confirmed, "a trustworthy ratio above 0.99 (here 1 + 5·10⁻¹³) attains it")
        XCTAssertEqual(verdict("C10.4"), .inconclusive, "no trustworthy ratio above 0.99")
        XCTAssertEqual(verdict("C10.5"), .confirmed)
        XCTAssertEqual(verdict("C10.6"), .partlyConfirmed, "holds at γ = 0.5, fails at γ = 0.9")
        XCTAssertEqual(verdict("C10.7"), .confirmed)
        XCTAssertEqual(verdict("C10.8"), .confirmed)
        XCTAssertEqual(verdict("C10.9"), .partlyConfirmed, "one unchanged state at γ = 0.5, none at γ = 0.9")
        XCTAssertEqual(verdict("C10.10"), .confirmed)
        XCTAssertEqual(verdict("C10.11"), .inconclusive, "3 of 4 policies is not 0.99 of the bound")
        XCTAssertEqual(verdict("C10.14"), .confirmed)
        XCTAssertEqual(verdict("C10.15"), .inconclusive)
        XCTAssertEqual(verdict("C10.17"), .confirmed, "largest ratio of Proposition 25 equals γ at both γ")
        XCTAssertEqual(verdict("C10.18"), .refuted)
        XCTAssertEqual(verdict("C10.23"), .partlyConfirmed)
        XCTAssertTrue(f.verdicts.first { $0.id == "C10.23" }!.detail.contains("fails at γ = 0.9"))
        XCTAssertTrue(f.verdicts.first { $0.id == "C10.23" }!.detail.contains("the bad one"), "the row names the breaking instance")
        XCTAssertEqual(verdict("C10.24"), .inconclusive,
                       "0.995 attains it at γ = 0.5; at γ = 0.9 only the breaking instance (1.1) reaches 0.99, which is no evidence of tightness")
        XCTAssertEqual(verdict("C10.21"), .inconclusive, "no instance reaches 0.99 of the sharper Proposition 26")
        // Plain Unicode only (Verdict's initialiser checks it too).
        for v in f.verdicts { XCTAssertFalse((v.statement + v.rule + v.detail).contains("\\"), v.id) }
    }

    /// C10.8 is decided by the largest gain itself: a step whose every gain is within rounding refutes it.
    /// C10.17 cannot be decided at a γ without a trustworthy instance: inconclusive, not refuted.
    func testStrictnessAndLoosenessVerdictsOnHandMadeData() {
        func verdict(_ f: Findings, _ id: String) -> VerdictKind { f.verdicts.first { $0.id == id }!.verdict }
        XCTAssertEqual(verdict(handMadeFindings(gainAtGammaNine: 1e-13), "C10.8"), .partlyConfirmed,
                       "gains beyond rounding at γ = 0.5 only")
        XCTAssertEqual(verdict(handMadeFindings(prop25AtBothGammas: false), "C10.17"), .inconclusive)
    }

    func testProposition25LoosenessRuleRefutesARatioAboveGamma() {
        let rule = RangeRule(quantity: "r", lower: 0.99, upper: 1.001)
        XCTAssertEqual(rule.verdict([1, 0.995]), .confirmed)
        XCTAssertEqual(rule.verdict([1, 1.01]), .refuted)
        XCTAssertEqual(rule.verdict([1, 0.5]), .refuted)
    }

    // MARK: determinism

    func testOneAndTwoThreadsWriteIdenticalBytes() throws {
        XCTAssertEqual(try BellmanBounds.filesDifferingAcrossThreadCounts(.forProfile(.smoke), masterSeed: 3), [])
    }

    // MARK: Proposition 26 as written

    /// One state; action 0 pays 0, action 1 pays 1, both stay. V* = 1/(1−γ); take V = V* (raised by V*'s
    /// rounding bound so V ≥ V* holds exactly), so ε = ‖BV − V‖ is rounding; π = "always action 0" has
    /// V_π = 0, far below V* − ε/(1−γ). Proposition 26 as written names no policy, so it claims this
    /// cannot happen; with π greedy w.r.t. V it holds.
    func testProposition26AsWrittenIsBrokenByAnArbitraryPolicy() throws {
        for gamma in [0.5, 0.9, 0.99] {
            let mdp = try MDP(stateCount: 1, actionCount: 2, transitions: [1, 1], rewards: [0, 1], discount: gamma,
                              initialDistribution: [1])
            let optimum = try BellmanOperators.optimalValue(in: mdp)
            XCTAssertEqual(optimum.value[0], 1 / (1 - gamma), accuracy: 1e-12)
            let v = above(optimum.value, margin: optimum.tolerance, offsets: [0])
            let worse = BellmanOperators.deterministicPolicy([0], actions: 2)
            let checks = try InstanceChecks.compute(mdp: mdp, optimum: optimum, value: v, second: v, policy: worse)
            XCTAssertTrue(checks.valueAboveOptimal)
            let asWritten = try XCTUnwrap(checks.checks[.prop26AsWritten])
            XCTAssertEqual(asWritten.observed, 1 / (1 - gamma), accuracy: 1e-12)   // V* − V_π = 1/(1−γ)
            XCTAssertLessThan(asWritten.bound, 1e-10)                                // ε/(1−γ) is rounding
            XCTAssertFalse(asWritten.holds)
            XCTAssertGreaterThan(asWritten.excess, 1e10)
            // Corrected (π greedy w.r.t. V): the greedy action is 1, optimal, no loss.
            XCTAssertTrue(try XCTUnwrap(checks.checks[.prop26Greedy]).holds)
            XCTAssertTrue(try XCTUnwrap(checks.checks[.prop26GreedySharp]).holds)
            // With π's own residual ‖B_πV − V‖ = (1−γ)V the bound is V = V*: it holds, with equality.
            let residual = try XCTUnwrap(checks.checks[.prop26PolicyResidual])
            XCTAssertTrue(residual.holds)
            XCTAssertEqual(residual.ratio, 1, accuracy: 1e-12)
        }
    }

    /// Every instance a standard run saved as breaking a statement (copied from
    /// results/bellman-bounds/counterexamples into Fixtures: tests never read results/) still breaks it
    /// when rebuilt from its JSON file.
    func testSavedCounterexamplesStillBreakTheirStatement() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasPrefix("prop26-as-written") && $0.hasSuffix(".json") }.sorted()
        XCTAssertEqual(files.count, 2, "the constructed and a random counterexample to Proposition 26 as written")
        for file in files {
            let saved = try JSONDecoder().decode(SavedInstance.self, from: Data(contentsOf: folder.appendingPathComponent(file)))
            let statement = try XCTUnwrap(Statement(rawValue: saved.statement))
            let checks = try saved.recheck()
            let check = try XCTUnwrap(checks.checks[statement], file)
            XCTAssertFalse(check.holds, file)
            XCTAssertGreaterThan(check.excess, 1000, file)
            XCTAssertEqual(check.observed, try XCTUnwrap(saved.check).observed, accuracy: 1e-9 * max(1, abs(check.observed)), file)
            // The corrected statements hold on the same instance.
            XCTAssertTrue(try XCTUnwrap(checks.checks[.prop26Greedy]).holds, file)
            XCTAssertTrue(try XCTUnwrap(checks.checks[.prop26GreedySharp]).holds, file)
        }
    }

    // MARK: Lemma 21's strictness

    /// The saved policy-iteration steps (constructed, and from a Garnet) improve some state but leave
    /// others exactly unchanged: strict somewhere, not everywhere.
    func testSavedPolicyIterationStepsAreNotStrictEverywhere() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasPrefix("lemma21-strict-every") && $0.hasSuffix(".json") }.sorted()
        XCTAssertEqual(files.count, 2, "the constructed step and one from a Garnet")
        for file in files {
            let saved = try JSONDecoder().decode(SavedPolicyIteration.self, from: Data(contentsOf: folder.appendingPathComponent(file)))
            let (unchanged, gains, largest) = try SavedPolicyIteration.measure(mdp: try saved.mdp(), start: saved.start, step: saved.step)
            XCTAssertEqual(unchanged, saved.unchangedStates, file)
            XCTAssertFalse(unchanged.isEmpty, file)
            XCTAssertGreaterThan(largest, 0, file)
            for g in gains { XCTAssertEqual(g, 0, accuracy: 1e-9, file) }
        }
    }

    /// The constructed two-state instance by hand: V_{π₀} = (0, 1/(1−γ)), V_{π₁} = (γ/(1−γ), 1/(1−γ)).
    func testConstructedPolicyIterationStepByHand() throws {
        for gamma in [0.5, 0.9, 0.999] {
            let mdp = try PolicyIterationPart.constructed(gamma: gamma)
            let run = try BellmanOperators.policyIteration(in: mdp, start: [0, 0])
            XCTAssertEqual(run.policies, [[0, 0], [1, 0]])
            XCTAssertEqual(run.values[0][0], 0, accuracy: 1e-12)
            XCTAssertEqual(run.values[1][0], gamma / (1 - gamma), accuracy: 1e-9)
            XCTAssertEqual(run.values[1][1], run.values[0][1])   // bit for bit: the same solve of an absorbing state
            XCTAssertEqual(PolicyIterationPart.certifiedUnchanged(mdp: mdp, old: run.policies[0], new: run.policies[1]), [1])
        }
    }

    // MARK: the constructed instances attain their bounds

    func testConstructedInstancesAttainTheirBounds() throws {
        for gamma in Configuration.standardDiscounts {
            for o in try Constructed.run(gamma: gamma) where o.target != .prop26AsWritten {
                let check = try XCTUnwrap(o.checks.checks[o.target], o.name)
                XCTAssertTrue(check.holds, "\(o.name) at γ = \(gamma)")
                XCTAssertTrue(check.measurable, "\(o.name) at γ = \(gamma)")
                XCTAssertGreaterThan(check.ratio, 1 - 2 * Constructed.margin, "\(o.name) at γ = \(gamma)")
            }
            // On the instance that attains Proposition 27, Proposition 25's ratio is γ(1 − 10⁻⁶).
            let p27 = try XCTUnwrap(try Constructed.run(gamma: gamma).first { $0.target == .prop27 })
            XCTAssertEqual(try XCTUnwrap(p27.checks.checks[.prop25]).ratio, gamma * (1 - Constructed.margin), accuracy: 1e-9)
        }
    }

    /// The tolerances are tight enough to catch a small error: on the instance attaining Proposition 27,
    /// a bound 10⁻⁴ smaller than the true one is reported broken.
    func testATooSmallBoundIsCaught() throws {
        let p27 = try XCTUnwrap(try Constructed.run(gamma: 0.9).first { $0.target == .prop27 })
        var check = try XCTUnwrap(p27.checks.checks[.prop27])
        check.bound *= 1 - 1e-4
        XCTAssertFalse(check.holds)
    }
}
