import ExperimentCLI
import ExperimentKit
import OutputKit
import Foundation
import Tabular
import XCTest
@testable import conservative_q

/// C12 (Hamid, lecture notes, §5.3; Kumar, Zhou, Tucker & Levine 2020, Theorems 3.1–3.2): the
/// experiment's determinism, its verdict rules on hand-made data, and the saved counterexample to the
/// notes' maximising distribution.
final class ConservativeQExperimentTests: XCTestCase {
    func testSmokeIsDeterministicAcrossThreadCounts() throws {
        XCTAssertEqual(try ConservativeQExperiment.filesDifferingAcrossThreadCounts(.forProfile(.smoke), masterSeed: 0), [])
    }

    // MARK: verdict rules on hand-made data

    func handMadeConfig() -> Configuration {
        var config = Configuration.forProfile(.smoke)
        config.sampledDiscounts = [0.9]
        config.perStateSizes = [4]
        return config
    }

    func exact(q1: Double = -5, v2: Double = -5, q2: Double = 3, resid: Double = 0.1, iteration: Double = 0.2,
               notesGap: Double = 50) -> ExactPart.Outcome {
        let cell = ExactPart.Cell(shape: try! Garnet(states: 2, actions: 2, branching: 1), gamma: 0.9, index: 0, rareWeight: 1)
        let rows = [0.1, 10].map {
            ExactPart.AlphaRow(alpha: $0, q1Excess: q1, v2Excess: v2, q2Excess: q2, q2AboveFraction: q2 > 1 ? 0.25 : 0,
                               tighterResidual: resid, gapPerAlpha: 1)
        }
        let maximiser = [1.0, 10].map {
            ExactPart.MaximiserRow(state: 0, alpha: $0, notesGap: $0 == 1 ? 0 : notesGap, attainment: 0.1, perturbationExcess: -3,
                                   analyticalDifference: 0.2)
        }
        return ExactPart.Outcome(cell: cell, label: "hand-made", rows: rows, iterationDifference: iteration, iterations: 10,
                                 maximiser: maximiser, witness: nil)
    }

    func datasets(_ count: Int, holds1: Bool = true, holds2: Bool? = true, q2Above: Bool? = false, naive: Double = 5,
                  failures: Int = 0) -> [SampledPart.DatasetOutcome] {
        (0..<count).map { d in
            SampledPart.DatasetOutcome(gamma: 0.9, perState: 4, instance: 0, dataset: d, seenFraction: 0.5, alphaStar1: 0.1,
                                       alphaStar2: 0.1, threshold1: 10, threshold2: 10, holds1: d < failures ? !holds1 : holds1,
                                       holds2: holds2, q2Above: d == 0 ? true : q2Above, naiveExcess: naive,
                                       naiveOverestimation: 1, naiveTolerance: 1e-12, greedyCounts: [1, 2], greedyOverestimation: [0.5, 0.1],
                                       sweepHolds1: [Bool](repeating: true, count: 15), sweepHolds2: [Bool](repeating: true, count: 15))
        }
    }

    func verdict(_ f: Findings, _ id: String) -> Verdict { f.verdicts.first { $0.id == id }! }

    /// Everything holds on 100 datasets: every verdict confirmed except C12.11 (the notes' μ), refuted by
    /// its shortfall at α = 10 and holding at α = 1 only.
    func testAllHold() {
        let f = Findings(config: handMadeConfig(), exact: [exact()], sampled: datasets(100))
        XCTAssertEqual(f.verdicts.map(\.id), (1...12).map { "C12.\($0)" })
        for v in f.verdicts where v.id != "C12.11" { XCTAssertEqual(v.verdict, .confirmed, v.id) }
        XCTAssertEqual(verdict(f, "C12.11").verdict, .refuted)
        XCTAssertTrue(verdict(f, "C12.11").detail.contains("at α = 1 the largest shortfall is 0"))
    }

    /// A pair above Q^π without sampling error refutes C12.2; a V above V^π refutes C12.3; Q̂₂ never above
    /// Q^π leaves C12.4 inconclusive; an iteration off the solve refutes C12.1.
    func testExactCounterexamples() {
        let f = Findings(config: handMadeConfig(), exact: [exact(q1: 2, v2: 1.5, q2: -1, iteration: 3)], sampled: datasets(100))
        XCTAssertEqual(verdict(f, "C12.1").verdict, .refuted)
        XCTAssertEqual(verdict(f, "C12.2").verdict, .refuted)
        XCTAssertTrue(verdict(f, "C12.2").detail.contains("hand-made"))
        XCTAssertEqual(verdict(f, "C12.3").verdict, .refuted)
        XCTAssertEqual(verdict(f, "C12.4").verdict, .inconclusive)
    }

    /// The Wilson rule on datasets: 100/100 confirms (lower bound 0.963 > 0.95), 20/20 cannot (0.839),
    /// 80/100 refutes (upper bound 0.867 < 0.95); naive evaluation overestimating in no dataset refutes C12.9.
    func testWilsonRules() {
        XCTAssertEqual(verdict(Findings(config: handMadeConfig(), exact: [exact()], sampled: datasets(20)), "C12.6").verdict, .inconclusive)
        let f = Findings(config: handMadeConfig(), exact: [exact()], sampled: datasets(100, naive: -3, failures: 20))
        XCTAssertEqual(verdict(f, "C12.6").verdict, .refuted)
        XCTAssertTrue(verdict(f, "C12.6").detail.contains("80/100"))
        XCTAssertEqual(verdict(f, "C12.9").verdict, .refuted)
        // An infinite Theorem 3.2 threshold leaves the dataset out of C12.7 and C12.8.
        let g = Findings(config: handMadeConfig(), exact: [exact()], sampled: datasets(100, holds2: nil, q2Above: nil).map {
            var o = $0; o.q2Above = nil; o.threshold2 = .infinity; return o
        })
        XCTAssertEqual(verdict(g, "C12.7").verdict, .inconclusive)
        XCTAssertTrue(verdict(g, "C12.7").detail.contains("100 datasets with an infinite threshold left out"))
        XCTAssertEqual(verdict(g, "C12.8").verdict, .inconclusive)
    }

    // MARK: the saved counterexample

    func savedWitness() throws -> ExactPart.MaximiserWitness {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/C12.11-notes-maximising-distribution.json")
        return try JSONDecoder().decode(ExactPart.MaximiserWitness.self, from: Data(contentsOf: url))
    }

    /// The saved state (copied from results/conservative-q/counterexamples into Fixtures: tests never read
    /// results/) still breaks the notes' "μ ∝ ρ·exp(Q)": that distribution is ρ·e^Q normalised, yet
    /// ρ·e^{αQ} normalised has a higher α·E_μ[Q] − D_KL(μ‖ρ), equal to log Σ ρ e^{αQ}.
    func testNotesMaximisingDistributionCounterexampleReplays() throws {
        let w = try savedWitness()
        func tilt(_ alpha: Double) -> [Double] {
            let weights = zip(w.prior, w.q).map { $0 * exp(alpha * $1) }
            let total = weights.reduce(0, +)
            return weights.map { $0 / total }
        }
        for (p, q) in zip(w.notesDistribution, tilt(1)) { XCTAssertEqual(p, q, accuracy: 1e-14) }
        for (p, q) in zip(w.maximiser, tilt(w.alpha)) { XCTAssertEqual(p, q, accuracy: 1e-14) }
        let atNotes = ConservativeQ.innerObjective(w.notesDistribution, q: w.q, prior: w.prior, alpha: w.alpha)
        let atMaximiser = ConservativeQ.innerObjective(w.maximiser, q: w.q, prior: w.prior, alpha: w.alpha)
        XCTAssertEqual(atNotes, w.objectiveNotes, accuracy: 1e-12)
        XCTAssertEqual(atMaximiser, w.objectiveMaximiser, accuracy: 1e-12)
        XCTAssertEqual(atMaximiser, ConservativeQ.innerMaximum(q: w.q, prior: w.prior, alpha: w.alpha), accuracy: 1e-12)
        XCTAssertGreaterThan(atMaximiser - atNotes, 1)
        XCTAssertNotEqual(w.alpha, 1)
    }

    /// The saved state is what the standard profile computes for its instance.
    func testCounterexampleIsRecomputed() throws {
        let saved = try savedWitness()
        let config = Configuration.forProfile(.standard)
        var found: ExactPart.MaximiserWitness? = nil
        for cell in ExactPart.cells(config) where saved.instance.hasPrefix("\(cell.shape) instance \(cell.index), γ = \(cell.gamma)") {
            let o = try ExactPart.run(cell, config: config, masterSeed: 20260521)
            if o.label == saved.instance { found = o.witness }
        }
        XCTAssertEqual(found, saved)
    }
}
