import ExperimentCLI
import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// The experiment as a pure computation: configuration and seed in, files out.
enum ConservativeQExperiment: Experiment {
    static let name = "conservative-q"
    static let abstract = "C12: conservative Q-learning — CQL's tabular fixed points against Q^π and V^π, exactly and from sampled datasets; naive offline overestimation; the maximising distribution."

    static func configuration(for profile: Profile, options: NoExtraOptions) -> Configuration { .forProfile(profile) }

    /// Saved instances of an earlier run must not outlive it.
    static func prepare(output: OutputDirectory) throws {
        try? FileManager.default.removeItem(at: output.fileURL("counterexamples"))
    }

    static func run(_ config: Configuration, context: RunContext) throws -> ExperimentOutput {
        let masterSeed = context.masterSeed
        let exactCells = ExactPart.cells(config)
        let exact = try context.runner("\(name) exact").run(count: exactCells.count) {
            try ExactPart.run(exactCells[$0], config: config, masterSeed: masterSeed)
        }
        let sampledCells = SampledPart.cells(config)
        let sampled = try context.runner("\(name) datasets").run(count: sampledCells.count) {
            try SampledPart.run(sampledCells[$0], config: config, masterSeed: masterSeed)
        }.flatMap { $0 }
        let findings = Findings(config: config, exact: exact, sampled: sampled)
        var output = ExperimentOutput()
        output.tables = [
            ("exact.csv", ExactPart.table(exact)),
            ("maximiser.csv", ExactPart.maximiserTable(exact)),
            ("datasets.csv", SampledPart.table(sampled)),
            ("alpha-sweep.csv", SampledPart.sweepTable(sampled, config: config)),
            ("greedy-counts.csv", SampledPart.greedyTable(sampled, config: config)),
            ("verdicts.csv", Verdict.table(findings.verdicts)),
        ]
        output.macros = findings.macros
        output.texts = [("table-sizes.tex", findings.sizeTable.text)]
        // The state where the notes' μ ∝ ρ·exp(Q) falls furthest below the maximum at α = 10 (C12.11), replayed by the tests.
        let witnesses = exact.compactMap(\.witness)
        if let worst = witnesses.max(by: { $0.objectiveMaximiser - $0.objectiveNotes < $1.objectiveMaximiser - $1.objectiveNotes }) {
            output.texts.append(("counterexamples/C12.11-notes-maximising-distribution.json", try worst.json()))
        }
        return output
    }
}
