import ExperimentKit
import Foundation
import Tabular

/// The experiment as a pure computation: configuration and seed in, files out.
enum AnalyticalUpdateExperiment {
    static let name = "analytical-update"

    static func run(config: Configuration, masterSeed: UInt64, threads: Int, showProgress: Bool = false) throws -> ExperimentOutput {
        func runner(_ label: String) -> TrialRunner {
            TrialRunner(threads: threads, progressLabel: showProgress ? "\(name) \(label)" : nil)
        }
        let maximiser = try runner("maximiser").run(count: config.maximiserTrials) { Maximiser.run(trial: $0, masterSeed: masterSeed) }

        let tasks = Improvement.tasks(config)
        let improvement = try runner("improvement").run(count: tasks.count) {
            try Improvement.run(tasks[$0], config: config, masterSeed: masterSeed)
        }
        let rows = Improvement.rows(improvement, config: config)

        // Tune the fixed C on separate problems first, then run every algorithm on the test problems.
        let tuningProblems = Curves.problems(config, tuning: true)
        let tuningJobs = tuningProblems.flatMap { p in config.tunedTemperatures.map { (p, $0) } }
        let tuningRuns = try runner("tuning").run(count: tuningJobs.count) {
            try Curves.run(tuningJobs[$0].0, algorithm: "rule-tuned", temperature: tuningJobs[$0].1, config: config,
                           masterSeed: masterSeed)
        }
        let tuned = Curves.tunedTemperatures(tuningRuns, config: config)
        let problems = Curves.problems(config, tuning: false)
        let jobs = problems.flatMap { p in Curves.algorithms.map { (p, $0) } }
        let runs = try runner("curves").run(count: jobs.count) { k in
            let (p, algorithm) = jobs[k]
            return try Curves.run(p, algorithm: algorithm,
                                  temperature: algorithm == "rule-tuned" ? tuned[Curves.key(p.family, p.gamma)] : nil,
                                  config: config, masterSeed: masterSeed)
        }

        var findings = Findings(config: config, maximiser: maximiser, improvement: rows, runs: runs, tuned: tuned)
        findings.macros.define("Profile", config.profile.rawValue)
        findings.macros.define("Seed", "\(masterSeed)")
        var output = ExperimentOutput()
        output.settings = config.settings
        output.tables = [
            ("maximiser.csv", Maximiser.table(maximiser)),
            ("improvement.csv", Improvement.table(rows)),
            ("curves.csv", Curves.curvesTable(runs)),
            ("curves-summary.csv", Curves.summaryTable(runs, config: config)),
            ("iterations.csv", Curves.iterationsTable(runs)),
            ("tuning.csv", Curves.iterationsTable(tuningRuns)),
            ("verdicts.csv", Verdict.table(findings.verdicts)),
        ]
        output.texts = [
            ("macros.tex", findings.macros.text),
            ("table-improvement.tex", findings.improvementTable.text),
            ("table-iterations.tex", findings.iterationsTable.text),
        ]
        return output
    }
}
