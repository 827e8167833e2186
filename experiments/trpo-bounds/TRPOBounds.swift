import ExperimentKit
import Foundation
import Tabular

/// The experiment as a pure computation: configuration and seed in, files out.
enum TRPOBounds {
    static let name = "trpo-bounds"

    static func run(config: Configuration, masterSeed: UInt64, threads: Int, showProgress: Bool = false) throws -> ExperimentOutput {
        func runner(_ label: String) -> TrialRunner {
            TrialRunner(threads: threads, progressLabel: showProgress ? "\(name) \(label)" : nil)
        }
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

        var findings = Findings(config: config, sweep: sweep, summary: summary, adversarial: searched)
        findings.macros.define("Profile", config.profile.rawValue)
        findings.macros.define("Seed", "\(masterSeed)")
        var output = ExperimentOutput()
        output.settings = config.settings
        output.tables = [
            ("instances.csv", RandomSweep.table(sweep)),
            ("bounds-summary.csv", RandomSweep.summaryTable(summary)),
            ("tighter.csv", RandomSweep.tighterTable(sweep, discounts: config.discounts)),
            ("adversarial.csv", adversarialTable),
            ("paths.csv", PolicyChangePaths.table(paths, points, sizes: config.pathSizes)),
            ("verdicts.csv", Verdict.table(findings.verdicts)),
        ]
        output.texts = [
            ("macros.tex", findings.macros.text),
            ("table-bounds.tex", findings.boundTable.text),
            ("table-tighter.tex", findings.tighterTable.text),
        ]
        for best in bests { if let c = best.instance { output.texts.append((c.fileName, try c.json())) } }
        return output
    }
}
