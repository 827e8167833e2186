import ExperimentCLI
import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// The experiment as a pure computation: configuration and seed in, files out.
enum TRPOBounds: Experiment {
    static let name = "trpo-bounds"
    static let abstract = "C3/C4: validity, tightness and the γ condition of bounds on |J(π') − L_π(π')|."

    static func configuration(for profile: Profile, options: NoExtraOptions) -> Configuration { .forProfile(profile) }

    /// Counterexamples of an earlier run must not outlive it.
    static func prepare(output: OutputDirectory) throws {
        try? FileManager.default.removeItem(at: output.fileURL("counterexamples"))
    }

    static func run(_ config: Configuration, context: RunContext) throws -> ExperimentOutput {
        let masterSeed = context.masterSeed
        func runner(_ label: String) -> TrialRunner { context.runner("\(name) \(label)") }
        let cells = RandomSweep.cells(config)
        let sweep = try runner("sweep").run(count: cells.count) { try RandomSweep.run(cells[$0], masterSeed: masterSeed) }
        let summary = RandomSweep.summarise(sweep, discounts: config.discounts)

        let tasks = AdversarialSearch.tasks(config)
        let searched = try runner("adversarial").run(count: tasks.count) {
            try AdversarialSearch.run(tasks[$0], config: config, masterSeed: masterSeed)
        }
        let (adversarialTable, bests) = AdversarialSearch.table(searched, config: config)

        let paths = PolicyChangePaths.paths(config)
        let points = try runner("paths").run(count: paths.count) {
            try PolicyChangePaths.run(paths[$0], config: config, masterSeed: masterSeed)
        }

        let findings = Findings(config: config, sweep: sweep, summary: summary, adversarial: searched)
        var output = ExperimentOutput()
        output.tables = [
            ("instances.csv", RandomSweep.table(sweep)),
            ("bounds-summary.csv", RandomSweep.summaryTable(summary)),
            ("tighter.csv", RandomSweep.tighterTable(sweep, discounts: config.discounts)),
            ("adversarial.csv", adversarialTable),
            ("paths.csv", PolicyChangePaths.table(paths, points, sizes: config.pathSizes)),
            ("verdicts.csv", Verdict.table(findings.verdicts)),
        ]
        output.macros = findings.macros
        output.texts = [
            ("table-bounds.tex", findings.boundTable.text),
            ("table-tighter.tex", findings.tighterTable.text),
        ]
        for best in bests { if let c = best.instance { output.texts.append((c.fileName, try c.json())) } }
        return output
    }
}
