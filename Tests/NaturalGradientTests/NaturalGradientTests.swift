import ExperimentCLI
import ExperimentKit
import Foundation
import Neural
import OutputKit
import PolicySearch
import XCTest
@testable import natural_gradient

/// C16 (Kakade 2001; Schulman et al. 2015; Hamid, lecture notes, §2.8–2.9; both lecture decks): the
/// experiment's determinism, its verdict rules on hand-made data, and the saved counterexamples to the
/// notes' quadratic model without the ½ (C16.4) and the decks' step length √(2ε/gᵀFg) (C16.5).
final class NaturalGradientTests: XCTestCase {
    func testSmokeIsDeterministicAcrossThreadCounts() throws {
        XCTAssertEqual(try NaturalGradientExperiment.filesDifferingAcrossThreadCounts(.forProfile(.smoke), masterSeed: 0), [])
    }

    // MARK: verdict rules on hand-made data

    func verdict(_ f: Findings, _ id: String) -> Verdict { f.verdicts.first { $0.id == id }! }

    /// rows with KL̄/(½ΔᵀFΔ) = 1 + c√δ and KL̄/δ = the same (no damping): slope ½, and the breakpoint is
    /// where c√δ passes the accuracy tolerance.
    func handMadeRows(_ c: Double, deltas: [Double]) -> [QuadraticModelPart.Row] {
        deltas.map { d in
            let kl = d * (1 + c * d.squareRoot())
            return QuadraticModelPart.Row(direction: "rllab", delta: d, stepLength: 1, modelKL: d, meanKL: kl, meanReverseKL: kl,
                                          deckStepLength: 1, deckMeanReverseKL: d)
        }
    }

    func emptyFindings(_ outcomes: [TrainingPart.Outcome] = []) -> Findings {
        Findings(config: .forProfile(.smoke), masterSeed: 1, outcomes: outcomes)
    }

    /// C16.2's slope and C16.3's "where it breaks" on rows with a known third-order term.
    func testSlopeAndBreakpointOnAKnownThirdOrderTerm() {
        let f = emptyFindings()
        let deltas = Configuration.forProfile(.smoke).deltas
        let rows = handMadeRows(3, deltas: deltas)
        XCTAssertEqual(f.slope(rows) { $0.ratioToModel }, 0.5, accuracy: 1e-9)
        // 3√δ ≤ 0.1 ⇔ δ ≤ 1/900: the largest half-decade at or below it is 10⁻³.
        XCTAssertEqual(f.breakpoint(rows), 1e-3, accuracy: 1e-15)
        // A ratio that is off even at the smallest δ breaks everywhere.
        XCTAssertEqual(f.breakpoint(handMadeRows(1e6, deltas: deltas)), 0)
    }

    func update(_ iteration: Int, meanKL: Double, maxKL: Double, fullKL: Double, accepted: Bool = true,
                gain: Double = 1) -> TrainingPart.UpdateRow {
        TrainingPart.UpdateRow(iteration: iteration, steps: 100, paths: 2, averageReturn: 10, fullMeanKL: fullKL,
                               fullSurrogateChange: 1, fullMaxKL: maxKL, backtracks: fullKL > 0.01 ? 2 : 0, accepted: accepted,
                               meanKL: meanKL, maxKL: maxKL, meanReverseKL: meanKL, maxReverseKL: maxKL, meanTV: 0.01, maxTV: 0.1,
                               surrogateChange: gain)
    }

    func outcomes(ratio: Double, meanKL: Double = 0.009, fullKL: Double = 0.009, gain: Double = 1) -> [TrainingPart.Outcome] {
        Task.allCases.flatMap { task in
            (0..<2).map { seed in
                TrainingPart.Outcome(trial: .init(task: task, seed: seed),
                                     updates: (0..<3).map { update($0, meanKL: meanKL, maxKL: ratio * meanKL * (1 + 0.1 * Double($0)),
                                                                   fullKL: fullKL, gain: gain) },
                                     probes: [], smallInstances: [:])
            }
        }
    }

    /// C16.8 is confirmed when max/mean KL sits far above 2 at every task, refuted when it sits at 1.5.
    func testMaxToMeanRuleDecidesOnTheMedianInterval() {
        let high = emptyFindings(outcomes(ratio: 10))
        XCTAssertEqual(verdict(high, "C16.8").verdict, .confirmed)
        XCTAssertEqual(verdict(high, "C16.8").value, 11, accuracy: 1e-12)
        XCTAssertEqual(verdict(emptyFindings(outcomes(ratio: 1.5)), "C16.8").verdict, .refuted)
    }

    /// C16.6 is refuted by one accepted step with KL̄ > δ or without improvement; C16.7 is confirmed by
    /// one full step over δ and inconclusive when every full step passes.
    func testLineSearchAndFullStepRules() {
        XCTAssertEqual(verdict(emptyFindings(outcomes(ratio: 5)), "C16.6").verdict, .confirmed)
        XCTAssertEqual(verdict(emptyFindings(outcomes(ratio: 5, meanKL: 0.011)), "C16.6").verdict, .refuted)
        XCTAssertEqual(verdict(emptyFindings(outcomes(ratio: 5, gain: -1)), "C16.6").verdict, .refuted)
        XCTAssertEqual(verdict(emptyFindings(outcomes(ratio: 5)), "C16.7").verdict, .inconclusive)
        let over = emptyFindings(outcomes(ratio: 5, fullKL: 0.02))
        XCTAssertEqual(verdict(over, "C16.7").verdict, .confirmed)
        XCTAssertEqual(verdict(over, "C16.7").value, 1)
    }

    // MARK: the saved counterexamples

    func saved(_ name: String) throws -> Counterexample {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
        return try JSONDecoder().decode(Counterexample.self, from: Data(contentsOf: url))
    }

    /// The natural step of a saved instance, recomputed: x ≈ (F + λI)⁻¹g by rllab's CG (checked against
    /// its residual, so x is the natural gradient), Δ = αx.
    func naturalStep(_ c: Counterexample) -> (problem: SurrogateProblem, step: [Double], x: [Double]) {
        let problem = c.problem
        let g = problem.surrogateGradient(c.theta)
        let damped: ([Double]) -> [Double] = { v in zip(problem.fisherVectorProduct(v), v).map { $0 + c.damping * $1 } }
        let x = conjugateGradient(damped, g, iterations: c.cgIterations)
        let residual = zip(damped(x), g).map { $0 - $1 }
        XCTAssertLessThan(dot(residual, residual).squareRoot(), 1e-4 * dot(g, g).squareRoot(), "x solves (F + λI)x = g")
        let alpha = NaturalPolicyGradient.stepLength(stepSize: c.delta, direction: x, curvature: damped(x))
        return (problem, x.map { alpha * $0 }, x)
    }

    /// C16.4 replayed: on the saved batch, the mean KL(π_new ‖ π_old) of the natural step is half of ΔᵀFΔ,
    /// not ΔᵀFΔ as the notes write; and ΔᵀFΔ itself is confirmed without the Fisher product, as the second
    /// difference KL(θ + Δ) + KL(θ − Δ) of the KL along Δ (KL(θ) = 0).
    func testNotesQuadraticModelCounterexampleReplays() throws {
        let c = try saved("C16.4-notes-quadratic-model.json")
        let replay = c.measured()
        XCTAssertEqual(replay.reverseKLOverNotesModel, c.reverseKLOverNotesModel, accuracy: 1e-9)
        XCTAssertEqual(replay.meanReverseKL, c.meanReverseKL, accuracy: 1e-9 * c.meanReverseKL)
        XCTAssertGreaterThan(abs(c.reverseKLOverNotesModel - 1), Configuration.agreementTolerance, "the notes' model fails")
        XCTAssertEqual(c.reverseKLOverNotesModel, 0.5, accuracy: Configuration.agreementTolerance, "the model with the ½ holds")
        let (problem, step, _) = naturalStep(c)
        func reverseKL(_ t: Double) -> Double {
            let d = problem.stateDivergences(c.theta.indices.map { c.theta[$0] + t * step[$0] }, reverse: true, totalVariation: false)
            return d.reverseKL.reduce(0, +) / Double(d.reverseKL.count)
        }
        let secondDifference = reverseKL(1) + reverseKL(-1)
        XCTAssertEqual(secondDifference, 2 * c.quadraticModelKL, accuracy: 1e-3 * secondDifference, "ΔᵀFΔ from the KL itself")
        XCTAssertEqual(reverseKL(1) / secondDifference, 0.5, accuracy: Configuration.agreementTolerance)
    }

    /// C16.5 replayed: the decks' α = √(2ε/gᵀFg) on the natural direction realises a mean KL far from ε,
    /// in the proportion xᵀFx/gᵀFg ≈ gᵀF⁻¹g/gᵀFg; the step length √(2ε/gᵀF⁻¹g) realises ε.
    func testDeckStepLengthCounterexampleReplays() throws {
        let c = try saved("C16.5-deck-step-length.json")
        let replay = c.measured()
        XCTAssertEqual(replay.deckReverseKLOverDelta, c.deckReverseKLOverDelta, accuracy: 1e-9 * c.deckReverseKLOverDelta)
        XCTAssertGreaterThan(abs(c.deckReverseKLOverDelta - 1), Configuration.accuracyTolerance, "the decks' step length fails")
        let (problem, step, x) = naturalStep(c)
        let g = problem.surrogateGradient(c.theta)
        let gFg = dot(g, problem.fisherVectorProduct(g)), xFx = dot(x, problem.fisherVectorProduct(x))
        XCTAssertEqual(c.deckReverseKLOverDelta, xFx / gFg, accuracy: 0.01 * xFx / gFg)
        let deckAlpha = (2 * c.delta / gFg).squareRoot()
        let deck = problem.stateDivergences(c.theta.indices.map { c.theta[$0] + deckAlpha * x[$0] }, reverse: true, totalVariation: false)
        XCTAssertEqual(deck.reverseKL.reduce(0, +) / Double(deck.reverseKL.count), c.deckMeanReverseKL, accuracy: 1e-9 * c.deckMeanReverseKL)
        let natural = problem.stateDivergences(c.theta.indices.map { c.theta[$0] + step[$0] }, reverse: true, totalVariation: false)
        XCTAssertEqual(natural.reverseKL.reduce(0, +) / Double(natural.reverseKL.count) / c.delta, 1, accuracy: Configuration.agreementTolerance)
    }
}
