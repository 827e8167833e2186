import ExperimentCLI
import ExperimentKit
import Foundation
import OutputKit
import PolicySearch

/// The experiment as a pure computation: configuration and seed in, files out.
enum NaturalGradientExperiment: Experiment {
    static let name = "natural-gradient"
    static let abstract = "C16: the natural gradient's quadratic KL model and step length, TRPO's line search, and the mean KL TRPO constrains against the maximum KL C3's bound needs."

    static func configuration(for profile: Profile, options: NoExtraOptions) -> Configuration { .forProfile(profile) }

    /// Saved instances of an earlier run must not outlive it.
    static func prepare(output: OutputDirectory) throws {
        try? FileManager.default.removeItem(at: output.fileURL("counterexamples"))
    }

    static func run(_ config: Configuration, context: RunContext) throws -> ExperimentOutput {
        let masterSeed = context.masterSeed
        let trials = TrainingPart.trials(config)
        let outcomes = try context.runner("\(name) TRPO runs").run(count: trials.count) {
            TrainingPart.run(trials[$0], config: config, masterSeed: masterSeed)
        }
        let findings = Findings(config: config, masterSeed: masterSeed, outcomes: outcomes)
        var output = ExperimentOutput()
        output.tables = [
            ("training.csv", TrainingPart.table(outcomes)),
            ("quadratic-model.csv", QuadraticModelPart.table(findings.probes)),
            ("probes.csv", findings.probeSummary),
            ("ratio-quantiles.csv", findings.ratioQuantiles),
            ("backtracks.csv", findings.backtrackCounts),
            ("verdicts.csv", Verdict.table(findings.verdicts)),
        ]
        output.macros = findings.macros
        // C16.4 and C16.5 when refuted: every probed batch cut to its first states is a candidate, and the one
        // that breaks the statement most is saved (replayed by the tests).
        let smallInstances = outcomes.flatMap { o in o.probes.map { o.smallInstances[$0.iteration]! } }
        let saved: [(String, String, String, String, (Counterexample) -> Double)] = [
            ("C16.4", "notes-quadratic-model",
             "D_KL(π_θ′ ‖ π_θ) ≈ (θ′ − θ)ᵀF(θ′ − θ) (Hamid, lecture notes, §2.8; Policy Gradient as Policy Iteration slides, Natural Policy Gradient)",
             "D_KL(π_θ′ ‖ π_θ) = ½(θ′ − θ)ᵀF(θ′ − θ) + O(‖θ′ − θ‖³), in either order of the KL",
             { abs($0.reverseKLOverNotesModel - 1) }),
            ("C16.5", "deck-step-length",
             "θ′ = θ + αF⁻¹∇J with α = √(2ε / ∇JᵀF∇J) meets D_KL(π_θ′ ‖ π_θ) ≈ ε (both lecture decks)",
             "α = √(2ε / ∇JᵀF⁻¹∇J) for the natural direction F⁻¹∇J; √(2ε / ∇JᵀF∇J) is the length for the plain gradient direction ∇J",
             { abs(log($0.deckReverseKLOverDelta)) }),
        ]
        for (id, file, statement, corrected, violation) in saved where findings.verdicts.first(where: { $0.id == id })?.verdict == .refuted {
            let candidates = findings.probes.indices.map { i in
                Counterexample.make(verdict: id, statement: statement, corrected: corrected,
                                    instance: "the first \(config.counterexampleStates) states of the batch of \(findings.probes[i].label)",
                                    small: smallInstances[i], config: config)
            }
            if let worst = candidates.max(by: { violation($0) < violation($1) }) {
                output.texts.append(("counterexamples/\(id)-\(file).json", try worst.json()))
            }
        }
        return output
    }
}
