import ExperimentCLI
import ExperimentKit
import OutputKit
import Foundation
import Tabular
import XCTest
@testable import implicit_q

/// C13 (Hamid, Deep Reinforcement Learning notes, §5.2; Kostrikov, Nair & Levine 2022): the
/// experiment's verdict rules on hand-made data, its determinism, and the saved counterexample to the
/// notes' extraction loss as written.
final class ImplicitQTests: XCTestCase {
    func testSmokeIsDeterministicAcrossThreadCounts() throws {
        XCTAssertEqual(try ImplicitQExperiment.filesDifferingAcrossThreadCounts(.forProfile(.smoke), masterSeed: 0), [])
    }

    // MARK: verdict rules on hand-made data

    func expectile(index: Int, bisectionError: Double = 0, decrease: Bool = false) -> ExpectilePart.Outcome {
        // Two points 0 and 1 with weights ½: m_τ = τ, the mean ½, the maximum 1.
        let taus = [0.5, 0.9, 0.99]
        let rows = taus.enumerated().map { i, tau in
            ExpectilePart.Row(tau: tau, exact: decrease && i == 2 ? 0.8 : tau, bisection: tau + bisectionError,
                              directMinimiser: tau, lossExact: 0.1, lossDirect: 0.1, lossTolerance: 1e-16, tolerance: 1e-15,
                              gapBound: (1 - tau) / tau)
        }
        return ExpectilePart.Outcome(index: index, support: 2, ties: false, mean: 0.5, maximum: 1, minimum: 0, rows: rows)
    }

    func instance(gamma: Double, limitGap: Double, inSupportLoss: Double = 1, away: Double = 1,
                  above: Double = 0, notesDrop: Double = -1) -> FixedPointPart.Outcome {
        let cell = FixedPointPart.Cell(shape: try! Garnet(states: 2, actions: 2, branching: 1), gamma: gamma, index: 0)
        let rows = [0.5, 0.999].map {
            FixedPointPart.TauRow(tau: $0, iterations: 10, tolerance: 1e-14, gapInSupport: 0.1, gapOptimal: 0.5, aboveInSupport: above)
        }
        let betas = [1.0, 1e8].map {
            FixedPointPart.BetaRow(beta: $0, outsideMass: 0, analyticalDifference: 0.5, boundExcess: 0, totalVariation: 0, tiedStates: 0)
        }
        return FixedPointPart.Outcome(cell: cell, states: 2, unseenOptimal: 1, inSupportLoss: inSupportLoss, optimalTolerance: 1e-14,
                                      halfDifference: 0.5, largestDecrease: -1, rows: rows, limitGap: limitGap,
                                      limitGapOptimal: away * inSupportLoss, boundRatio: 0.5, boundAt999: 0.01, betas: betas,
                                      notesLossDrop: notesDrop, maximiserExcess: -1, witness: nil)
    }

    func verdict(_ f: Findings, _ id: String) -> Verdict { f.verdicts.first { $0.id == id }! }

    func handMadeConfig() -> Configuration {
        var config = Configuration.forProfile(.smoke)
        config.discounts = [0.5, 0.9]
        config.taus = [0.5, 0.999]
        return config
    }

    /// Everything holds: every verdict confirmed except C13.16, which hand-made data break by construction.
    func testAllHold() {
        let f = Findings(config: handMadeConfig(), expectiles: [expectile(index: 0), expectile(index: 1)],
                         instances: [instance(gamma: 0.5, limitGap: 1e-9), instance(gamma: 0.9, limitGap: 1e-9)])
        XCTAssertEqual(f.verdicts.map(\.id), (1...17).map { "C13.\($0)" })
        for v in f.verdicts where v.id != "C13.16" { XCTAssertEqual(v.verdict, .confirmed, v.id) }
        XCTAssertEqual(verdict(f, "C13.16").verdict, .refuted)
    }

    /// A bisection disagreeing by more than the tolerance, and an expectile that decreases, refute C13.1
    /// and C13.3 and name the distribution.
    func testExpectileCounterexamples() {
        let f = Findings(config: handMadeConfig(), expectiles: [expectile(index: 0), expectile(index: 7, bisectionError: 1e-12, decrease: true)],
                         instances: [instance(gamma: 0.5, limitGap: 1e-9)])
        XCTAssertEqual(verdict(f, "C13.1").verdict, .refuted)
        XCTAssertTrue(verdict(f, "C13.1").detail.contains("distribution 7"))
        XCTAssertEqual(verdict(f, "C13.3").verdict, .refuted)
    }

    /// The limit judged per γ: failing at γ = 0.9 only gives "partly confirmed" naming γ = 0.9; a limit that
    /// comes close to V* (ratio ¼) refutes C13.11; no instance with a better unseen action leaves it inconclusive.
    func testLimitPerGammaAndAway() {
        var f = Findings(config: handMadeConfig(), expectiles: [expectile(index: 0)],
                         instances: [instance(gamma: 0.5, limitGap: 1e-9), instance(gamma: 0.9, limitGap: 1e-3, away: 0.25)])
        XCTAssertEqual(verdict(f, "C13.9").verdict, .partlyConfirmed)
        XCTAssertTrue(verdict(f, "C13.9").detail.contains("fails at γ = 0.9"))
        XCTAssertEqual(verdict(f, "C13.11").verdict, .refuted)
        f = Findings(config: handMadeConfig(), expectiles: [expectile(index: 0)],
                     instances: [instance(gamma: 0.5, limitGap: 1e-9, inSupportLoss: 0), instance(gamma: 0.9, limitGap: 1e-9, inSupportLoss: 0)])
        XCTAssertEqual(verdict(f, "C13.11").verdict, .inconclusive)
        // Above the in-support optimum by two tolerances: C13.8 refuted.
        f = Findings(config: handMadeConfig(), expectiles: [expectile(index: 0)], instances: [instance(gamma: 0.5, limitGap: 0, above: 2)])
        XCTAssertEqual(verdict(f, "C13.8").verdict, .refuted)
    }

    // MARK: the saved counterexample

    /// The saved instance (copied from results/implicit-q/counterexamples into Fixtures: tests never read
    /// results/) still breaks the notes' L_π as written: the squeezed policy has a lower L_π than the
    /// advantage-weighted one, which is itself π_β·e^{βA} normalised.
    func testNotesExtractionLossCounterexampleReplays() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/C13.16-notes-extraction-loss.json")
        let w = try JSONDecoder().decode(FixedPointPart.NotesWitness.self, from: Data(contentsOf: url))
        let weights = zip(w.behaviour, w.advantage).map { $0 * exp(w.beta * $1) }
        let total = weights.reduce(0, +)
        for (p, q) in zip(w.advantageWeighted, weights.map { $0 / total }) { XCTAssertEqual(p, q, accuracy: 1e-15) }
        let atAWR = FixedPointPart.NotesWitness.loss(behaviour: w.behaviour, advantage: w.advantage, beta: w.beta, policy: w.advantageWeighted)
        let atSqueezed = FixedPointPart.NotesWitness.loss(behaviour: w.behaviour, advantage: w.advantage, beta: w.beta, policy: w.squeezed)
        XCTAssertEqual(atAWR, w.lossAdvantageWeighted, accuracy: 1e-12)
        XCTAssertEqual(atSqueezed, w.lossSqueezed, accuracy: 1e-12)
        XCTAssertLessThan(atSqueezed, atAWR - 1)
    }

    /// The saved instance is what the standard profile computes for it.
    func testCounterexampleIsRecomputed() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/C13.16-notes-extraction-loss.json")
        let saved = try JSONDecoder().decode(FixedPointPart.NotesWitness.self, from: Data(contentsOf: url))
        let config = Configuration.forProfile(.standard)
        let cell = FixedPointPart.cells(config).first { $0.label == saved.instance }!
        let outcome = try FixedPointPart.run(cell, config: config, masterSeed: 20260521)
        XCTAssertEqual(outcome.witness, saved)
    }
}
