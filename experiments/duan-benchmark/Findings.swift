import ExperimentKit
import OutputKit
import Foundation

/// Scores, the table beside Duan et al.'s conclusions, learning curves, rankings and the verdicts,
/// from the trial files (a pure function of them).
struct Findings {
    let config: Configuration
    let masterSeed: UInt64
    let files: [Trial: TrialFile]

    /// Intervals need this many seeds per cell; with fewer a verdict is inconclusive.
    static let minimumSeeds = 3

    /// Per-seed scores (Duan et al.'s metric) of a cell, in seed order.
    func scores(_ task: String, _ variant: Variant, _ algorithm: Algorithm) -> [Double] {
        (0..<config.seeds).compactMap { files[Trial(task: task, variant: variant, algorithm: algorithm, seed: $0)]?.score }
    }

    var macroPrefix: String {
        config.suite == .mujoco ? "dbm" : config.profile == .paper ? "dbp" : "db"
    }

    /// The rows with data, in the configuration's order.
    var rows: [(task: String, variant: Variant)] {
        config.variants.flatMap { v in config.tasks.filter { config.hasRow($0, v) }.map { ($0, v) } }
            .filter { r in config.algorithms.contains { !scores(r.0, r.1, $0).isEmpty } }
    }

    func output() throws -> ExperimentOutput {
        var runs = CSVTable(columns: ["task", "variant", "algorithm", "seed", "score", "path_weighted_score", "final_average_return",
                                      "iterations", "environment_steps"])
        var steps: [Double] = []
        for t in config.trials {
            guard let f = files[t] else { continue }
            let n = f.iterations.reduce(0) { $0 + $1[2] }
            steps.append(n)
            runs.append([.string(t.task), .string(t.variant.rawValue), .string(t.algorithm.rawValue), .int(t.seed), .double(f.score),
                         .double(f.pathWeightedScore), .double(f.averageReturns.last!), .int(f.iterations.count), .int(Int(n))])
        }

        // The table: per row and algorithm, mean ± sample standard deviation over seeds (the paper's
        // layout), the 95% bootstrap interval of the mean, and the rank by mean within the row.
        var rng = StreamKey(experiment: config.experimentName, setting: "bootstrap-table", trial: 0, masterSeed: masterSeed).generator()
        var table = CSVTable(columns: ["task", "variant", "algorithm", "status", "seeds", "mean", "std", "ci_low", "ci_high", "rank"])
        var latex = LaTeXTable(header: ["task"] + Algorithm.allCases.map(\.paperName), alignment: "l" + String(repeating: "r", count: Algorithm.allCases.count))
        var markdownRows: [String] = []
        for (task, variant) in rows {
            let means = Dictionary(uniqueKeysWithValues: config.algorithms.compactMap { a -> (Algorithm, Double)? in
                let x = scores(task, variant, a)
                return x.isEmpty ? nil : (a, Statistics.mean(x))
            })
            let ranked = means.keys.sorted { means[$0]! > means[$1]! || (means[$0]! == means[$1]! && $0.rawValue < $1.rawValue) }
            var cells: [String] = [], md: [String] = []
            for a in Algorithm.allCases {
                let x = scores(task, variant, a)
                guard !x.isEmpty else {
                    let status = Configuration.notApplicable(a, to: task) ?? "not run"
                    let short = config.applies(a, to: task) ? "not run" : "n/a"
                    table.append([.string(task), .string(variant.rawValue), .string(a.rawValue), .string(status), .int(0),
                                  .empty, .empty, .empty, .empty, .empty])
                    cells.append(short)
                    md.append(short)
                    continue
                }
                let m = Statistics.mean(x), s = x.count > 1 ? Statistics.variance(x).squareRoot() : Double.nan
                var low = Double.nan, high = Double.nan
                if x.count >= Findings.minimumSeeds {
                    let ci = AggregateMetrics.stratifiedBootstrapInterval([[x]], replicates: config.bootstrapReplicates, using: &rng) {
                        Statistics.mean($0[0][0])
                    }
                    (low, high) = (ci.lower, ci.upper)
                }
                let rank = ranked.firstIndex(of: a)! + 1
                table.append([.string(task), .string(variant.rawValue), .string(a.rawValue), .string("run"), .int(x.count), .double(m),
                              .finiteOrEmpty(s), .finiteOrEmpty(low), .finiteOrEmpty(high), .int(rank)])
                let best = rank == 1
                // A cell with fewer seeds than the profile's says how many it has.
                let partial = x.count < config.seeds ? " (\(x.count) of \(config.seeds) seeds)" : ""
                let text = "$\(LaTeXMacros.format(m, digits: 1))" + (s.isFinite ? " \\pm \(LaTeXMacros.format(s, digits: 1))$" : "$")
                cells.append((best ? "\\textbf{\(text)}" : text) + (partial.isEmpty ? "" : "\\textsuperscript{\(x.count)}"))
                md.append((s.isFinite ? String(format: "%.1f ± %.1f", m, s) : String(format: "%.1f", m)) + partial + (best ? " (best)" : ""))
            }
            let name = "\\texttt{\(task)}" + (variant == .full ? "" : " (\(variant.label))")
            latex.append([name] + cells)
            markdownRows.append("| \(task)\(variant == .full ? "" : " (\(variant.label))") | " + md.joined(separator: " | ") + " |")
        }

        let (curves, ranking) = curvesAndRanking()
        var verdicts = fullObservationVerdicts()
        verdicts.append(partialObservabilityVerdict())

        var macros = LaTeXMacros(prefix: macroPrefix)
        macros.define("Seeds", integer: config.seeds)
        macros.define("BatchSize", integer: config.batchSize)
        macros.define("Iterations", integer: config.iterations)
        macros.define("PathLength", integer: config.maximumPathLength)
        macros.define("Hidden", config.hiddenSizes.map(String.init).joined(separator: "--"))
        macros.define("Tasks", integer: config.tasks.count)
        macros.define("Rows", integer: rows.count)
        macros.define("Runs", integer: files.count)
        macros.define("PlannedRuns", integer: config.trials.count)
        macros.define("Replicates", integer: config.bootstrapReplicates)
        macros.define("StepsPerTrial", integer: Int(Statistics.mean(steps).rounded()))
        macros.define("TotalSteps", integer: Int(steps.reduce(0, +)))
        let seedCounts = Set(rows.flatMap { r in config.algorithms.map { scores(r.task, r.variant, $0).count } }.filter { $0 > 0 })
        macros.define("SeedsPerCell", seedCounts.count == 1 ? "\(seedCounts.first!)" : "\(seedCounts.min() ?? 0)--\(seedCounts.max() ?? 0)")
        let fullRows = rows.filter { $0.variant == .full }
        // Complete: every algorithm that applies to the task has every seed.
        func complete(_ r: (task: String, variant: Variant)) -> Bool {
            config.algorithms.filter { config.applies($0, to: r.task) }.allSatisfy { scores(r.task, r.variant, $0).count == config.seeds }
        }
        let completeFull = fullRows.filter(complete)
        macros.define("FullRows", integer: fullRows.count)
        macros.define("CompleteFullRows", integer: completeFull.count)
        macros.define("CompleteFullRowNames", completeFull.isEmpty ? "none" : completeFull.map { "\\texttt{\($0.task)}" }.joined(separator: ", "))
        let completeRows = rows.filter(complete)
        macros.define("CompleteRows", integer: completeRows.count)
        // The algorithm with the best mean on each complete full-observation row (the table's bold cell).
        let bestPerRow = completeFull.compactMap { r -> String? in
            let means = config.algorithms.compactMap { a -> (Algorithm, Double)? in
                let x = scores(r.task, .full, a)
                return x.isEmpty ? nil : (a, Statistics.mean(x))
            }
            guard let best = means.max(by: { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0.rawValue > $1.0.rawValue) }) else { return nil }
            return "\(best.0.paperName) on \\texttt{\(r.task)}"
        }
        macros.define("BestPerCompleteRow", bestPerRow.isEmpty ? "none" : bestPerRow.joined(separator: ", "))
        for (name, v) in zip(["VerdictBest", "VerdictGradientFree", "VerdictDDPG", "VerdictREPS", "VerdictPartial"], verdicts) {
            macros.define(name, v.verdict.rawValue)
            macros.define(name + "ID", v.id)
        }
        macros.define("Confirmed", integer: verdicts.filter { $0.verdict == .confirmed }.count)
        macros.define("Verdicts", integer: verdicts.count)

        var markdown = "<!-- Generated by duan-benchmark from its trial files; do not edit. -->\n"
        markdown += "C15, \(config.suite == .mujoco ? "locomotion rows" : "classic-control rows"), profile `\(config.profile.rawValue)`: "
            + "\(files.count) of \(config.trials.count) runs (batch \(config.batchSize) steps, \(config.iterations) iterations, "
            + "paths ≤ \(config.maximumPathLength), policy \(config.hiddenSizes)). Cells: mean ± std over seeds of the average return over all iterations.\n\n"
        markdown += "| row | " + Algorithm.allCases.map(\.paperName).joined(separator: " | ") + " |\n|---|"
            + String(repeating: "---:|", count: Algorithm.allCases.count) + "\n"
        markdown += markdownRows.joined(separator: "\n") + "\n\n| id | statement | verdict | rule | measurement |\n|---|---|---|---|---|\n"
        for v in verdicts { markdown += "| \(v.id) | \(v.statement) | **\(v.verdict.rawValue)** | \(v.rule) | \(v.detail) |\n" }

        var output = ExperimentOutput()
        output.tables = [("runs.csv", runs), ("table.csv", table), ("curves.csv", curves), ("ranking.csv", ranking),
                         ("verdicts.csv", Verdict.table(verdicts))]
        output.macros = macros
        output.texts = [("table-benchmark.tex", latex.text), ("summary.md", markdown)]
        let seconds = files.values.map(\.seconds)
        output.settings = [
            "trials.found": "\(files.count) of \(config.trials.count)",
            "code.hashes": Set(files.values.map(\.codeHash)).sorted().joined(separator: " "),
            "cost.seconds": String(format: "per trial: mean %.2f, median %.2f, max %.2f; total %.1f over %d trials (wall clock of each trial as its machine measured it)",
                                   Statistics.mean(seconds), Statistics.median(seconds), seconds.max() ?? 0, seconds.reduce(0, +), seconds.count),
            "cost.projected": projectedPaperCost(),
        ]
        return output
    }

    /// The paper profile of this suite, projected from these trials' wall-clock seconds per environment
    /// step (per task and algorithm): hours per trial for each algorithm (its mean over tasks) and the
    /// total over every trial of the paper profile. Informative only, like `cost.seconds`.
    func projectedPaperCost() -> String {
        let paper = Configuration.forProfile(.paper, suite: config.suite)
        let paperSteps = Double(paper.batchSize * paper.iterations)
        var perStep: [String: [Algorithm: Double]] = [:]
        for task in paper.tasks {
            for a in paper.algorithms where paper.applies(a, to: task) {
                let runs = files.filter { $0.key.task == task && $0.key.algorithm == a && $0.key.variant == .full }.map(\.value)
                let steps = runs.reduce(0.0) { $0 + $1.iterations.reduce(0) { $0 + $1[2] } }
                if steps > 0 { perStep[task, default: [:]][a] = runs.reduce(0) { $0 + $1.seconds } / steps }
            }
        }
        var total = 0.0, missing = 0
        for t in paper.trials where paper.applies(t.algorithm, to: t.task) {
            if let s = perStep[t.task]?[t.algorithm] { total += s * paperSteps } else { missing += 1 }
        }
        let perAlgorithm = paper.algorithms.compactMap { a -> String? in
            let values = perStep.values.compactMap { $0[a] }
            guard !values.isEmpty else { return nil }
            let seconds = Statistics.mean(values) * paperSteps
            return seconds < 3600 ? String(format: "%@ %.0f s", a.paperName, seconds) : String(format: "%@ %.2f h", a.paperName, seconds / 3600)
        }
        return "paper profile (\(Int(paperSteps)) steps per trial) from these trials' seconds per step: per trial "
            + perAlgorithm.joined(separator: ", ")
            + String(format: "; %.1f core-hours for the %d trials of the measured tasks and algorithms", total / 3600, paper.trials.count - missing)
            + (missing > 0 ? " (\(missing) trials of tasks or variants not measured here left out)" : "")
    }

    /// Per (row, algorithm, iteration): the mean over seeds of the iteration's average return and a
    /// normal 95% interval, mean ± 1.96 · s/√n (the figure's band; the verdicts use the bootstrap);
    /// and per row, each algorithm's rank by mean score.
    func curvesAndRanking() -> (CSVTable, CSVTable) {
        var curves = CSVTable(columns: ["task", "variant", "algorithm", "iteration", "mean", "low", "high", "seeds"])
        var ranking = CSVTable(columns: ["task", "variant", "algorithm", "rank", "mean_score", "normalized_score"])
        for (task, variant) in rows {
            var means: [(Algorithm, Double)] = []
            for a in config.algorithms {
                let runs = (0..<config.seeds).compactMap { files[Trial(task: task, variant: variant, algorithm: a, seed: $0)] }
                guard !runs.isEmpty else { continue }
                means.append((a, Statistics.mean(runs.map(\.score))))
                let count = runs.map { $0.iterations.count }.min()!
                for i in 0..<count {
                    let x = runs.map { $0.iterations[i][0] }
                    let m = Statistics.mean(x)
                    let half = x.count > 1 ? 1.96 * Statistics.standardError(x) : Double.nan
                    curves.append([.string(task), .string(variant.rawValue), .string(a.rawValue), .int(i + 1), .double(m),
                                   .finiteOrEmpty(m - half), .finiteOrEmpty(m + half), .int(x.count)])
                }
            }
            let low = means.map(\.1).min() ?? 0, high = means.map(\.1).max() ?? 0
            let sorted = means.sorted { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0.rawValue < $1.0.rawValue) }
            for (k, (a, m)) in sorted.enumerated() {
                ranking.append([.string(task), .string(variant.rawValue), .string(a.rawValue), .int(k + 1), .double(m),
                                .double(high > low ? (m - low) / (high - low) : 0)])
            }
        }
        return (curves, ranking)
    }
}
