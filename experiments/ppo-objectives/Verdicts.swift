import ExperimentKit
import Foundation

extension Findings {
    typealias Summary = [String: (average: Double, iqm: Double, iqmCI: (Double, Double), poi: Double, poiCI: (Double, Double))]

    /// Verdicts on the paper's orderings, the report's table and macros, and every CSV.
    func assemble(tasks: CSVTable, runs: CSVTable, table: CSVTable, profiles: CSVTable, curves: CSVTable,
                  meanCurves: CSVTable, diagnostics: CSVTable, summary: Summary, included: [String],
                  complete: [String]) throws -> ExperimentOutput {
        func f(_ x: Double) -> String { LaTeXMacros.format(x, digits: 2) }
        let ranked = complete.sorted { summary[$0]!.average > summary[$1]!.average }
        guard let best = ranked.first, let worst = ranked.last, let clip = summary["clip-0.2"] else {
            throw NumericalError("clip-0.2 has no runs on every included task")
        }
        let families = { (prefix: String) in complete.filter { $0.hasPrefix(prefix) } }
        func bestOf(_ labels: [String]) -> (String, Double)? {
            labels.map { ($0, summary[$0]!.average) }.max { $0.1 < $1.1 }
        }
        let taskList = "\(included.count) of \(config.environments.count) tasks (\(included.joined(separator: ", ")))"
        var verdicts: [Verdict] = []

        // 1. Clipping with ε = 0.2 scores best.
        let poiBest = best == "clip-0.2" ? nil : summary[best]
        let kind1: VerdictKind
        if best == "clip-0.2" { kind1 = .confirmed }
        else if let b = poiBest, b.poiCI.0 <= 0.5 && 0.5 <= b.poiCI.1 { kind1 = .inconclusive }
        else { kind1 = .refuted }
        verdicts.append(Verdict(
            claim: "C9", statement: "Clipping with ε = 0.2 has the highest average normalised score of the eleven settings (paper: 0.82)",
            verdict: kind1, figure: "clip-0.2 average normalised score", value: clip.average,
            detail: "best: \(best) (\(f(summary[best]!.average)))"
                + (poiBest.map { "; P(clip-0.2 > \(best)) = \(f($0.poi)) [\(f($0.poiCI.0)), \(f($0.poiCI.1))]: refuted if the interval excludes 0.5, inconclusive if it contains it" } ?? "")
                + "; over \(taskList)"))

        // 2. No clipping or penalty scores worst.
        let none = summary["none"]
        verdicts.append(Verdict(
            claim: "C9", statement: "No clipping or penalty has the lowest average normalised score (paper: −0.39)",
            verdict: none == nil ? .inconclusive : (worst == "none" ? .confirmed : .refuted),
            figure: "none average normalised score", value: none?.average ?? .nan,
            detail: "lowest: \(worst) (\(f(summary[worst]!.average))); rank of none: "
                + "\((ranked.firstIndex(of: "none") ?? -1) + 1) of \(ranked.count)"))

        // 3. Adaptive KL is competitive: its best setting within 0.1 of clip-0.2 (the paper's gap is 0.08).
        if let adaptive = bestOf(families("adaptive-kl")) {
            let gap = clip.average - adaptive.1
            verdicts.append(Verdict(
                claim: "C9", statement: "Adaptive KL is competitive: its best d_targ scores within 0.1 of clip-0.2 (paper: 0.74 vs 0.82)",
                verdict: gap <= 0.1 ? .confirmed : .refuted, figure: "clip-0.2 minus best adaptive KL", value: gap,
                detail: "best adaptive KL: \(adaptive.0) (\(f(adaptive.1))); clip-0.2: \(f(clip.average))"))
        }

        // 4. The best clipping setting beats every KL-penalty setting.
        if let bestClip = bestOf(families("clip-")), let bestKL = bestOf(families("adaptive-kl") + families("fixed-kl")) {
            verdicts.append(Verdict(
                claim: "C9", statement: "The best clipping setting beats the best KL-penalty setting, adaptive or fixed (paper: 0.82 vs 0.74)",
                verdict: bestClip.1 > bestKL.1 ? .confirmed : .refuted, figure: "best clip minus best KL penalty",
                value: bestClip.1 - bestKL.1, detail: "\(bestClip.0) \(f(bestClip.1)) vs \(bestKL.0) \(f(bestKL.1))"))
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

        var macros = LaTeXMacros(prefix: config.suite == .mujoco ? "pm" : "po")
        macros.define("Steps", integer: config.steps)
        macros.define("Seeds", integer: config.seeds)
        macros.define("Tasks", integer: config.environments.count)
        macros.define("IncludedTasks", integer: included.count)
        macros.define("Runs", integer: files.count)
        macros.define("Best", "\\texttt{\(best)}")
        macros.define("Worst", "\\texttt{\(worst)}")
        macros.define("ClipAverage", number: clip.average, digits: 2)
        macros.define("BestAverage", number: summary[best]!.average, digits: 2)
        macros.define("Replicates", integer: config.bootstrapReplicates)
        macros.define("Confirmed", integer: verdicts.filter { $0.verdict == .confirmed }.count)
        macros.define("Orderings", integer: verdicts.count)

        var output = ExperimentOutput()
        output.tables = [("tasks.csv", tasks), ("runs.csv", runs), ("table.csv", table), ("profiles.csv", profiles),
                         ("curves.csv", curves), ("curves-mean.csv", meanCurves), ("diagnostics.csv", diagnostics),
                         ("verdicts.csv", Verdict.table(verdicts))]
        output.texts = [("macros.tex", macros.text), ("table-objectives.tex", latex.text), ("table-tasks.tex", taskTable.text)]
        output.settings = config.settingsRecord.merging(["trials.found": "\(files.count) of \(config.trials.count)",
                                                         "code.hashes": Set(files.values.map(\.codeHash)).sorted().joined(separator: " ")]) { $1 }
        return output
    }
}
