import ExperimentCLI
import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// The experiment as a pure computation: configuration and seed in, files out.
enum ImplicitQExperiment: Experiment {
    static let name = "implicit-q"
    static let abstract = "C13: implicit Q-learning — expectiles, IQL's tabular fixed point as τ → 1, advantage-weighted extraction."

    static func configuration(for profile: Profile, options: NoExtraOptions) -> Configuration { .forProfile(profile) }

    /// Saved instances of an earlier run must not outlive it.
    static func prepare(output: OutputDirectory) throws {
        try? FileManager.default.removeItem(at: output.fileURL("counterexamples"))
    }

    static func run(_ config: Configuration, context: RunContext) throws -> ExperimentOutput {
        let masterSeed = context.masterSeed
        let expectiles = try context.runner("\(name) expectiles").run(count: config.distributions) {
            ExpectilePart.run(index: $0, config: config, masterSeed: masterSeed)
        }
        let cells = FixedPointPart.cells(config)
        let instances = try context.runner("\(name) fixed points").run(count: cells.count) {
            try FixedPointPart.run(cells[$0], config: config, masterSeed: masterSeed)
        }
        let findings = Findings(config: config, expectiles: expectiles, instances: instances)
        var output = ExperimentOutput()
        output.tables = [
            ("expectiles.csv", ExpectilePart.table(expectiles)),
            ("instances.csv", FixedPointPart.table(instances)),
            ("summary.csv", FixedPointPart.summary(instances, config: config)),
            ("extraction.csv", FixedPointPart.extractionTable(instances)),
            ("verdicts.csv", Verdict.table(findings.verdicts)),
        ]
        output.macros = findings.macros
        output.texts = [("table-gaps.tex", findings.gapTable.text)]
        // The instance that breaks C13.16 most (the notes' L_π as written), replayed by the tests.
        if let worst = instances.filter({ $0.witness != nil && $0.notesLossDrop < 0 }).min(by: { $0.notesLossDrop < $1.notesLossDrop }) {
            output.texts.append(("counterexamples/C13.16-notes-extraction-loss.json", try worst.witness!.json()))
        }
        return output
    }
}
