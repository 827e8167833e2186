import ExperimentKit
import OutputKit
import Foundation

extension Findings {
    typealias Summary = [String: (average: Double, iqm: Double, iqmCI: (Double, Double), poi: Double, poiCI: (Double, Double))]

    /// Verdicts on the paper's orderings, the report's table and macros, and every CSV.
    func assemble(tasks: CSVTable, runs: CSVTable, table: CSVTable, profiles: CSVTable, curves: CSVTable,
                  meanCurves: CSVTable, diagnostics: CSVTable, summary: Summary, included: [String],
                  complete: [String], perTask: [String: [[Double]]]) throws -> ExperimentOutput {
        func f(_ x: Double) -> String { LaTeXMacros.format(x, digits: 2) }
        func plain(_ x: Double) -> String { String(format: "%.2f", x) }
        let ranked = complete.sorted { summary[$0]!.average > summary[$1]!.average }
        guard let best = ranked.first, let worst = ranked.last, summary["clip-0.2"] != nil else {
            throw NumericalError("clip-0.2 has no runs on every included task")
        }
        let families = { (prefix: String) in complete.filter { $0.hasPrefix(prefix) } }
        func bestOf(_ labels: [String]) -> (String, Double)? {
            labels.map { ($0, summary[$0]!.average) }.max { $0.1 < $1.1 }
        }
        let taskList = "\(included.count) of \(config.environments.count) tasks (\(included.joined(separator: ", ")))"
        let seedCounts = Set(perTask.values.flatMap { $0.map(\.count) })
        let seedsStated = seedCounts.count == 1 ? "\(seedCounts.first!) seeds per cell" : "\(seedCounts.min()!)–\(seedCounts.max()!) seeds per cell"

        // Every comparison comes from a stratified-bootstrap interval. Each verdict draws from its own
        // random stream (keyed by its id), so no interval moves when another verdict is added or skipped.
        // A percentile bootstrap needs a few runs per task to vary at all: with fewer than
        // `minimumRunsPerTask` in any task the interval is not computed and the verdict is inconclusive.
        let minimumRunsPerTask = 3
        func enough(_ z: [[Double]]) -> Bool { z.allSatisfy { $0.count >= minimumRunsPerTask } }
        // Stable identifiers: C9.1–C9.4 on the paper's MuJoCo tasks, C9.5–C9.8 on classic control.
        let firstID = config.suite == .mujoco ? 1 : 5
        func id(_ k: Int) -> String { "C9.\(firstID + k)" }
        func stream(_ k: Int) -> SeededGenerator {
            StreamKey(experiment: config.experimentName, setting: "bootstrap-\(id(k))", trial: 0, masterSeed: masterSeed).generator()
        }
        /// `statistic` on the settings' per-task scores, with its stratified-bootstrap interval (NaN when
        /// some setting has too few runs). Any choice the statistic makes (e.g. "the best of a family")
        /// is made again inside every replicate, so the interval accounts for the selection.
        func interval(_ labels: [String], _ rng: inout SeededGenerator, _ statistic: ([[[Double]]]) -> Double)
            -> (value: Double, lower: Double, upper: Double) {
            let samples = labels.map { perTask[$0]! }
            let value = statistic(samples)
            guard samples.allSatisfy(enough) else { return (value, .nan, .nan) }
            let ci = AggregateMetrics.stratifiedBootstrapInterval(samples, replicates: config.bootstrapReplicates, using: &rng,
                                                                  statistic: statistic)
            return (value, ci.lower, ci.upper)
        }
        func average(_ z: [[Double]]) -> Double { Statistics.mean(z.map { Statistics.mean($0) }) }
        /// The index of the sample with the highest average normalised score.
        func bestIndex(_ samples: ArraySlice<[[Double]]>) -> Int { samples.indices.max { average(samples[$0]) < average(samples[$1]) }! }
        let better = IntervalRule(quantity: "P(X > Y)", threshold: 0.5, side: .above)
        let sampleNote = "intervals need at least \(minimumRunsPerTask) runs per task (inconclusive with fewer)"
        var verdicts: [Verdict] = []

        // 1. Clipping with ε = 0.2 scores best: P(clip-0.2 > s) > 0.5 for every other setting.
        let others = complete.filter { $0 != "clip-0.2" }
        var rng1 = stream(0)
        let first = others.map { y in
            (y, interval(["clip-0.2", y], &rng1) { AggregateMetrics.probabilityOfImprovement($0[0], over: $0[1]) })
        }
        let firstKinds = first.map { better.verdict(lower: $0.1.lower, upper: $0.1.upper) }
        let weakest = first.min { $0.1.value < $1.1.value }
        verdicts.append(Verdict(
            id: id(0), statement: "Clipping with ε = 0.2 beats each of the other \(others.count) settings (paper: 0.82, the highest average normalised score)",
            verdict: IntervalRule.all(firstKinds), figure: "smallest P(clip-0.2 > setting)", value: weakest?.1.value ?? .nan,
            rule: "\(better.statement), for X = clip-0.2 and Y each of the \(others.count) other settings; confirmed if all are, refuted if any is; \(sampleNote)",
            detail: "Weakest: P(clip-0.2 > \(weakest?.0 ?? "–")) = "
                + "\(plain(weakest?.1.value ?? .nan)) [\(plain(weakest?.1.lower ?? .nan)), \(plain(weakest?.1.upper ?? .nan))]; "
                + "\(firstKinds.filter { $0 == .refuted }.count) comparisons refuted, \(firstKinds.filter { $0 == .confirmed }.count) confirmed; "
                + "highest average: \(best) (\(plain(summary[best]!.average))); over \(taskList), \(seedsStated)"))

        // 2. No clipping or penalty scores worst: P(s > none) > 0.5 for every other setting.
        if complete.contains("none") {
            var rng2 = stream(1)
            let second = complete.filter { $0 != "none" }.map { x in
                (x, interval([x, "none"], &rng2) { AggregateMetrics.probabilityOfImprovement($0[0], over: $0[1]) })
            }
            let kinds = second.map { better.verdict(lower: $0.1.lower, upper: $0.1.upper) }
            let closest = second.min { $0.1.value < $1.1.value }
            verdicts.append(Verdict(
                id: id(1), statement: "Each of the other \(second.count) settings beats no clipping or penalty (paper: −0.39, the lowest)",
                verdict: IntervalRule.all(kinds), figure: "smallest P(setting > none)", value: closest?.1.value ?? .nan,
                rule: "\(better.statement), for X each of the \(second.count) other settings and Y = none; confirmed if all are, refuted if any is; \(sampleNote)",
                detail: "Closest: P(\(closest?.0 ?? "–") > none) = "
                    + "\(plain(closest?.1.value ?? .nan)) [\(plain(closest?.1.lower ?? .nan)), \(plain(closest?.1.upper ?? .nan))]; "
                    + "lowest average: \(worst); rank of none: \((ranked.firstIndex(of: "none") ?? -1) + 1) of \(ranked.count)"))
        }

        // 3. Adaptive KL is competitive: clip-0.2's average exceeds the best adaptive KL's by at most 0.1,
        //    the best d_targ chosen again in every bootstrap replicate.
        let adaptiveSettings = families("adaptive-kl")
        if let adaptive = bestOf(adaptiveSettings) {
            var rng3 = stream(2)
            let gap = interval(["clip-0.2"] + adaptiveSettings, &rng3) { z in
                average(z[0]) - z.dropFirst().map(average).max()!
            }
            let rule = IntervalRule(quantity: "clip-0.2's average normalised score minus the best adaptive KL's", threshold: 0.1, side: .atMost)
            verdicts.append(Verdict(
                id: id(2), statement: "Adaptive KL is competitive: clip-0.2's average normalised score exceeds the best d_targ's by at most \(RuleNumber.text(rule.threshold)) (paper: 0.82 vs 0.74)",
                verdict: rule.verdict(lower: gap.lower, upper: gap.upper), figure: "clip-0.2 minus best adaptive KL", value: gap.value,
                rule: rule.statement + " (stratified bootstrap, the best d_targ chosen again in every replicate); \(sampleNote)",
                detail: "best adaptive KL (by its average): \(adaptive.0); gap \(plain(gap.value)) [\(plain(gap.lower)), \(plain(gap.upper))]"))
        }

        // 4. The best clipping setting beats the best KL-penalty setting, both chosen again in every replicate.
        let clipSettings = families("clip-"), klSettings = families("adaptive-kl") + families("fixed-kl")
        if let bestClip = bestOf(clipSettings), let bestKL = bestOf(klSettings) {
            var rng4 = stream(3)
            let p = interval(clipSettings + klSettings, &rng4) { z in
                let clips = z.prefix(clipSettings.count), kls = z.dropFirst(clipSettings.count)
                return AggregateMetrics.probabilityOfImprovement(clips[bestIndex(clips)], over: kls[bestIndex(kls)])
            }
            verdicts.append(Verdict(
                id: id(3), statement: "The best clipping setting beats the best KL-penalty setting, adaptive or fixed (paper: 0.82 vs 0.74)",
                verdict: better.verdict(lower: p.lower, upper: p.upper), figure: "P(best clip > best KL penalty)", value: p.value,
                rule: "\(better.statement), for X the best clipping setting and Y the best KL-penalty setting, both chosen by average "
                    + "again in every bootstrap replicate; \(sampleNote)",
                detail: "X = \(bestClip.0), Y = \(bestKL.0) (each the best of its family by average: "
                    + "\(plain(bestClip.1)) vs \(plain(bestKL.1))); P = \(plain(p.value)) [\(plain(p.lower)), \(plain(p.upper))]"))
        }

        // The table in the paper's layout, with our columns beside the paper's.
        var latex = LaTeXTable(header: ["algorithm", "paper", "ours: avg.\\ norm.\\ score", "IQM [95\\% CI]",
                                        "$P(\\text{clip }0.2 > \\cdot)$ [95\\% CI]"], alignment: "lrrrr")
        for s in Configuration.settings where summary[s.label] != nil {
            let x = summary[s.label]!
            let name: String
            switch s.objective {
            case .unclipped: name = "No clipping or penalty"
            case .clipped(let e): name = "Clipping, $\\epsilon=\(e)$"
            case .adaptiveKL(let t, _): name = "Adaptive KL $d_{targ}=\(t)$"
            case .fixedKL(let b): name = "Fixed KL, $\\beta=\(b == b.rounded() ? String(Int(b)) : String(b))$"
            }
            latex.append([name, LaTeXTable.number(s.paperScore, digits: 2), LaTeXTable.number(x.average, digits: 2),
                          "$\(f(x.iqm))$ [$\(f(x.iqmCI.0))$, $\(f(x.iqmCI.1))$]",
                          x.poi.isFinite ? "$\(f(x.poi))$ [$\(f(x.poiCI.0))$, $\(f(x.poiCI.1))$]" : "--"])
        }
        var taskTable = LaTeXTable(header: ["task", "random policy", "best setting", "its mean score", "in average"], alignment: "lrlrc")
        for row in tasks.rows {
            guard case .string(let e) = row[0], case .double(let r) = row[1], case .string(let b) = row[2],
                  case .double(let m) = row[3], case .int(let inc) = row[4] else { continue }
            taskTable.append(["\\texttt{\(e)}", LaTeXTable.number(r), "\\texttt{\(b)}", LaTeXTable.number(m), inc == 1 ? "yes" : "no"])
        }

        // The MuJoCo study at full scale and its small check run both enter the report: distinct prefixes.
        var macros = LaTeXMacros(prefix: config.suite == .classicControl ? "po" : config.profile == .paper ? "pm" : "pmcheck")
        macros.define("Steps", integer: config.steps)
        macros.define("Seeds", integer: config.seeds)
        macros.define("Tasks", integer: config.environments.count)
        macros.define("IncludedTasks", integer: included.count)
        macros.define("Runs", integer: files.count)
        macros.define("PlannedRuns", integer: config.trials.count)
        macros.define("Best", "\\texttt{\(best)}")
        macros.define("Worst", "\\texttt{\(worst)}")
        macros.define("ClipAverage", number: summary["clip-0.2"]!.average, digits: 2)
        macros.define("BestAverage", number: summary[best]!.average, digits: 2)
        macros.define("Replicates", integer: config.bootstrapReplicates)
        macros.define("Confirmed", integer: verdicts.filter { $0.verdict == .confirmed }.count)
        macros.define("Orderings", integer: verdicts.count)
        macros.define("SeedsPerCell", seedCounts.count == 1 ? "\(seedCounts.first!)" : "\(seedCounts.min()!)--\(seedCounts.max()!)")

        // The same table and verdicts in Markdown, for the README to link (numbers generated, never typed).
        var markdown = "<!-- Generated by ppo-objectives from its trial files; do not edit. -->\n"
        markdown += "C9 on \(config.suite == .mujoco ? "the PPO paper's MuJoCo tasks" : "the classic-control tasks"), profile `\(config.profile.rawValue)`: "
            + "\(files.count) of \(config.trials.count) runs (\(seedsStated); \(config.steps) steps each), over \(taskList).\n\n"
        markdown += "| setting | paper | ours: average normalised score | IQM [95% CI] | P(clip-0.2 > setting) [95% CI] |\n|---|---:|---:|---|---|\n"
        for s in Configuration.settings where summary[s.label] != nil {
            let x = summary[s.label]!
            markdown += "| \(s.label) | \(plain(s.paperScore)) | \(plain(x.average)) | \(plain(x.iqm)) [\(plain(x.iqmCI.0)), \(plain(x.iqmCI.1))] | "
                + (x.poi.isFinite ? "\(plain(x.poi)) [\(plain(x.poiCI.0)), \(plain(x.poiCI.1))]" : "–") + " |\n"
        }
        markdown += "\n| id | statement | verdict | rule | measurement |\n|---|---|---|---|---|\n"
        for v in verdicts { markdown += "| \(v.id) | \(v.statement) | **\(v.verdict.rawValue)** | \(v.rule) | \(v.detail) |\n" }

        var output = ExperimentOutput()
        output.tables = [("tasks.csv", tasks), ("runs.csv", runs), ("table.csv", table), ("profiles.csv", profiles),
                         ("curves.csv", curves), ("curves-mean.csv", meanCurves), ("diagnostics.csv", diagnostics),
                         ("verdicts.csv", Verdict.table(verdicts))]
        output.macros = macros
        output.texts = [("table-objectives.tex", latex.text), ("table-tasks.tex", taskTable.text),
                        ("summary.md", markdown)]
        output.settings = ["trials.found": "\(files.count) of \(config.trials.count)",
                           "code.hashes": Set(files.values.map(\.codeHash)).sorted().joined(separator: " ")]
        return output
    }
}
