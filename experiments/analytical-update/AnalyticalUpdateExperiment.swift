import ExperimentCLI
import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// The experiment as a pure computation: configuration and seed in, files out.
enum AnalyticalUpdateExperiment: Experiment {
    static let name = "analytical-update"
    static let abstract = "C5: the analytical update rule — maximiser, monotonic improvement, the role of C, as an algorithm."

    static func configuration(for profile: Profile, options: NoExtraOptions) -> Configuration { .forProfile(profile) }

    static func run(_ config: Configuration, context: RunContext) throws -> ExperimentOutput {
        let masterSeed = context.masterSeed
        func runner(_ label: String) -> TrialRunner { context.runner("\(name) \(label)") }
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

        let findings = Findings(config: config, maximiser: maximiser, improvement: rows, runs: runs, tuned: tuned)
        var output = ExperimentOutput()
        output.tables = [
            ("maximiser.csv", Maximiser.table(maximiser)),
            ("improvement.csv", Improvement.table(rows)),
            ("curves.csv", Curves.curvesTable(runs)),
            ("curves-summary.csv", Curves.summaryTable(runs, config: config)),
            ("iterations.csv", Curves.iterationsTable(runs)),
            ("tuning.csv", Curves.iterationsTable(tuningRuns)),
            ("verdicts.csv", Verdict.table(findings.verdicts)),
        ]
        output.macros = findings.macros
        output.texts = [
            ("table-improvement.tex", findings.improvementTable.text),
            ("table-iterations.tex", findings.iterationsTable.text),
        ]
        return output
    }
}
