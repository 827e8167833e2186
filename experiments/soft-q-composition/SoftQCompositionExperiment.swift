import ExperimentCLI
import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// The experiment as a pure computation: configuration and seed in, files out.
enum SoftQCompositionExperiment: Experiment {
    static let name = "soft-q-composition"
    static let abstract = "C19: soft Q-learning — composability of maximum-entropy policies (Lemma 1, Theorem 1), the amortised SVGD sampler."

    static func configuration(for profile: Profile, options: NoExtraOptions) -> Configuration { .forProfile(profile) }

    /// Saved instances of an earlier run must not outlive it.
    static func prepare(output: OutputDirectory) throws {
        try? FileManager.default.removeItem(at: output.fileURL("counterexamples"))
    }

    static func run(_ config: Configuration, context: RunContext) throws -> ExperimentOutput {
        let masterSeed = context.masterSeed
        let cells = CompositionPart.cells(config)
        let garnets = try context.runner("\(name) garnets").run(count: cells.count) {
            try CompositionPart.run(cells[$0], masterSeed: masterSeed)
        }
        let searchCells = CompositionPart.searchCells(config)
        let searches = try context.runner("\(name) search").run(count: searchCells.count) {
            try CompositionPart.search(searchCells[$0], config: config, masterSeed: masterSeed)
        }
        let settings = SamplerPart.settings(config)
        let floors = try context.runner("\(name) floors").run(count: settings.count) {
            SamplerPart.floor(settings[$0], config: config, masterSeed: masterSeed)
        }
        let seeds = config.samplerSeeds
        let runs = try context.runner("\(name) samplers").run(count: settings.count * seeds) {
            SamplerPart.run(settings[$0 / seeds], seed: $0 % seeds, config: config, masterSeed: masterSeed)
        }
        let multigoalCells = MultigoalPart.cells(config)
        let multigoal = try context.runner("\(name) multigoal").run(count: multigoalCells.count) {
            try MultigoalPart.run(multigoalCells[$0], config: config)
        }
        let continuousCells = LinearQuadraticPart.cells(config)
        let continuous = try context.runner("\(name) continuous").run(count: continuousCells.count) {
            try LinearQuadraticPart.run(continuousCells[$0], config: config, masterSeed: masterSeed)
        }
        let findings = Findings(config: config, masterSeed: masterSeed, garnets: garnets, searches: searches, floors: floors,
                                runs: runs, multigoal: multigoal, continuous: continuous)
        var output = ExperimentOutput()
        output.tables = [
            ("composition.csv", CompositionPart.table(garnets + searches)),
            ("sampler.csv", SamplerPart.table(runs, floors: floors)),
            ("multigoal.csv", MultigoalPart.table(multigoal)),
            ("continuous.csv", LinearQuadraticPart.table(continuous)),
            ("verdicts.csv", Verdict.table(findings.verdicts)),
        ]
        output.macros = findings.macros
        output.texts = [("table-sampler.tex", findings.samplerTable.text), ("table-multigoal.tex", findings.multigoalTable.text),
                        ("table-continuous.tex", findings.continuousTable.text)]
        // The lecture's soft Bellman equation as written fails on every instance; the smallest failure is replayed by the tests.
        if let smallest = garnets.filter({ $0.measures.notesResidual > 1e-6 }).min(by: { $0.measures.notesResidual < $1.measures.notesResidual }),
           let witness = smallest.witness {
            output.texts.append(("counterexamples/C19.6-lecture-soft-bellman.json", try witness.json()))
        }
        return output
    }
}
