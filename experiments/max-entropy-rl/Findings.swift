import ExperimentKit
import Foundation
import OutputKit

/// The aggregate of whatever trial files exist: CSVs, verdicts, macros and the report's table. Every
/// comparison comes from a 95% percentile bootstrap over seeds, each method's seeds resampled
/// independently (`AggregateMetrics.stratifiedBootstrapInterval`); a selection ("the best fixed α") is
/// made again in every replicate. A cell with fewer than `minimumSeeds` seeds has no interval, and its
/// verdict is inconclusive.
struct Findings: VerdictCollecting {
    var verdicts: [Verdict] = []
    /// `me` for the smoke and standard profiles, `mep` for the paper profile (both folders enter the report).
    var macros: LaTeXMacros
    var scoreTable = LaTeXTable(header: ["task", "method", "seeds", "final return [95\\% CI]", "IQM", "final entropy"], alignment: "llrrrr")
    let config: Configuration
    let masterSeed: UInt64
    let files: [Trial: TrialFile]
    let complete: Bool

    /// Below three seeds a percentile bootstrap of a mean is the sample's range, not an interval.
    static let minimumSeeds = 3

    init(config: Configuration, masterSeed: UInt64, files: [Trial: TrialFile], complete: Bool) {
        self.config = config
        self.masterSeed = masterSeed
        self.files = files
        self.complete = complete
        macros = LaTeXMacros(prefix: config.profile == .paper ? "mep" : "me")
    }

    /// Stable identifiers: C18.1–C18.9 at the smoke and standard profiles (reduced settings), C18.10–C18.18
    /// for the same statements at the papers' settings (paper profile).
    func id(_ k: Int) -> String { "C18.\(k + (config.profile == .paper ? 9 : 0))" }

    // MARK: per-seed quantities

    /// The trial files of a (task, method), by seed.
    func runs(_ task: String, _ method: Method) -> [TrialFile] {
        (0..<config.seeds).compactMap { files[Trial(task: task, method: method, seed: $0)] }
    }

    /// The mean of the last `finalCheckpoints` values.
    func finalValue(_ xs: [Double]) -> Double { Statistics.mean(Array(xs.suffix(config.finalCheckpoints))) }

    /// Final evaluation return per seed.
    func finals(_ task: String, _ method: Method) -> [Double] { runs(task, method).map { finalValue($0.returns) } }
    /// Mean evaluation return over all checkpoints per seed (the area under the learning curve).
    func averages(_ task: String, _ method: Method) -> [Double] { runs(task, method).map { Statistics.mean($0.returns) } }
    /// Final entropy minus its target per seed (SAC).
    func entropyGaps(_ task: String, _ method: Method) -> [Double] {
        runs(task, method).compactMap { f in f.entropies.map { finalValue($0) - f.targetEntropy! } }
    }
    /// The return drop under perturbation per seed: R(nominal length) − mean over the other lengths of R.
    func drops(_ task: String, _ method: Method, sampled: Bool) -> [Double] {
        runs(task, method).compactMap { f in
            guard let scales = f.perturbationScales, let r = sampled ? f.perturbedSampledReturns : f.perturbedReturns,
                  let nominal = scales.firstIndex(of: 1) else { return nil }
            let others = scales.indices.filter { $0 != nominal }.map { r[$0] }
            return others.isEmpty ? nil : r[nominal] - Statistics.mean(others)
        }
    }

    // MARK: statistics

    func stream(_ id: String, _ setting: String) -> SeededGenerator {
        StreamKey(experiment: MaxEntropyRL.name, setting: "bootstrap-\(id)-\(setting)", trial: 0, masterSeed: masterSeed).generator()
    }

    /// `statistic` on per-method seed samples, with its 95% bootstrap interval (NaN bounds below `minimumSeeds`).
    func interval(_ samples: [[Double]], _ rng: inout SeededGenerator, replicates: Int? = nil,
                  _ statistic: @escaping ([[Double]]) -> Double) -> (value: Double, lower: Double, upper: Double) {
        guard samples.allSatisfy({ !$0.isEmpty }) else { return (.nan, .nan, .nan) }
        let value = statistic(samples)
        guard samples.allSatisfy({ $0.count >= Findings.minimumSeeds }) else { return (value, .nan, .nan) }
        let ci = AggregateMetrics.stratifiedBootstrapInterval(samples.map { [$0] }, replicates: replicates ?? config.bootstrapReplicates,
                                                              using: &rng) { statistic($0.map { $0[0] }) }
        return (value, ci.lower, ci.upper)
    }

    static func means(_ z: [[Double]]) -> [Double] { z.map { Statistics.mean($0) } }
    /// The mean, or NaN for no values (a partial aggregate).
    static func meanOrNaN(_ x: [Double]) -> Double { x.isEmpty ? .nan : Statistics.mean(x) }
    static func plain(_ x: Double) -> String { x.isFinite ? String(format: "%.3g", x) : "–" }
    static func ci(_ r: (value: Double, lower: Double, upper: Double)) -> String { "\(plain(r.value)) [\(plain(r.lower)), \(plain(r.upper))]" }

    var sampleNote: String {
        "95% bootstrap intervals over seeds (\(config.bootstrapReplicates) replicates, each method's seeds resampled independently; "
            + "at least \(Findings.minimumSeeds) seeds per cell, otherwise inconclusive)"
    }

    /// The tasks with at least one file.
    var tasks: [String] { config.tasks.filter { t in config.methods.contains { !runs(t, $0).isEmpty } } }

    /// The range of the methods' mean final returns on a task (the scale of "comparable" and "sensitive"):
    /// SAC's variants, TD3, DDPG and PPO, the methods these verdicts were defined with (soft Q-learning,
    /// added later and not run at every profile, does not move them).
    func range(_ task: String) -> Double {
        let m = config.methods.filter { $0 != .softQ }.map { finals(task, $0) }.filter { !$0.isEmpty }.map { Statistics.mean($0) }
        return (m.max() ?? 0) - (m.min() ?? 0)
    }

    // MARK: output

    mutating func output() throws -> ExperimentOutput {
        learningCheck()
        entropyVerdict()
        temperatureVerdicts()
        comparisonVerdicts()
        robustnessVerdicts()
        softQVerdicts()
        var output = ExperimentOutput()
        output.tables = [
            ("curves.csv", curves()),
            ("curve-summary.csv", curveSummary()),
            ("scores.csv", scores()),
            ("sweep.csv", sweep()),
            ("robustness.csv", robustness()),
            ("verdicts.csv", Verdict.table(verdicts)),
        ]
        macros.define("Seeds", integer: config.seeds)
        macros.define("SeedsPresent", integer: tasks.map { t in config.methods.map { runs(t, $0).count }.min() ?? 0 }.min() ?? 0)
        macros.define("TrialsPresent", integer: files.count)
        macros.define("TrialsTotal", integer: config.trials.count)
        macros.define("Complete", complete ? "complete" : "partial")
        macros.define("PendulumSteps", integer: config.budgets[Configuration.pendulum]?.steps ?? 0)
        macros.define("Checkpoints", integer: config.budgets[Configuration.pendulum]?.checkpoints ?? 0)
        macros.define("FinalCheckpoints", integer: config.finalCheckpoints)
        macros.define("EvaluationEpisodes", integer: config.evaluationEpisodes)
        macros.define("PerturbationEpisodes", integer: config.perturbationEpisodes)
        macros.define("Alphas", config.fixedTemperatures.map { "\($0)" }.joined(separator: ", "))
        macros.define("Scales", config.perturbationScales.map { "\($0)" }.joined(separator: ", "))
        macros.define("EntropyTolerance", number: config.entropyTolerance)
        macros.define("Threshold", number: config.pendulumThreshold)
        macros.define("Margin", number: config.comparableMargin)
        macros.define("BootstrapReplicates", integer: config.bootstrapReplicates)
        macros.define("VerdictCount", integer: verdicts.count)
        macros.define("ConfirmedCount", integer: verdicts.filter { $0.verdict == .confirmed }.count)
        macros.define("RefutedCount", integer: verdicts.filter { $0.verdict == .refuted }.count)
        macros.define("InconclusiveCount", integer: verdicts.filter { $0.verdict == .inconclusive }.count)
        output.macros = macros
        output.texts = [("table-scores.tex", scoreTable.text)]
        output.settings = ["aggregate": complete ? "all \(config.trials.count) trials" : "partial: \(files.count) of \(config.trials.count) trials"]
        return output
    }

    /// Defines `\me<name>` (a value) and `\meVerdict<name>` (the verdict word) for a verdict row.
    /// A verdict without data (a partial aggregate) records its figure as the count of settings with data, 0.
    mutating func record(_ v: Verdict, macro: String) {
        var v = v
        if !v.value.isFinite {
            v.figure = "settings_with_data"
            v.value = 0
        }
        verdicts.append(v)
        macros.define(macro, number: v.value)
        macros.define("Verdict" + macro, v.verdict.rawValue)
    }

    // MARK: tables

    func curves() -> CSVTable {
        var t = CSVTable(columns: ["task", "method", "seed", "checkpoint", "step", "evaluation_return", "temperature", "entropy", "target_entropy"])
        for task in config.tasks {
            for m in config.methods {
                for f in runs(task, m) {
                    for k in f.returns.indices {
                        t.append([.string(task), .string(m.name), .int(f.seed), .int(k + 1), .int(f.steps[k]), .double(f.returns[k]),
                                  f.temperatures.map { .double($0[k]) } ?? .empty, f.entropies.map { .double($0[k]) } ?? .empty,
                                  f.targetEntropy.map { .double($0) } ?? .empty])
                    }
                }
            }
        }
        return t
    }

    /// Per checkpoint: the mean evaluation return over seeds and its interval; SAC's mean entropy and α.
    func curveSummary() -> CSVTable {
        var t = CSVTable(columns: ["task", "method", "checkpoint", "step", "seeds", "mean_return", "return_lower", "return_upper",
                                   "mean_entropy", "entropy_lower", "entropy_upper", "target_entropy", "mean_temperature"])
        let replicates = min(config.bootstrapReplicates, 1000)
        for task in config.tasks {
            let b = config.budgets[task]!
            for m in config.methods {
                let fs = runs(task, m)
                guard !fs.isEmpty else { continue }
                var rng = stream("curve", "\(task)/\(m.name)")
                for k in 0..<b.checkpoints {
                    let r = interval([fs.map { $0.returns[k] }], &rng, replicates: replicates) { Statistics.mean($0[0]) }
                    var row: [CSVValue] = [.string(task), .string(m.name), .int(k + 1), .int((k + 1) * b.steps / b.checkpoints), .int(fs.count),
                                           .double(r.value), .finiteOrEmpty(r.lower), .finiteOrEmpty(r.upper)]
                    if m.isSAC {
                        let e = interval([fs.map { $0.entropies![k] }], &rng, replicates: replicates) { Statistics.mean($0[0]) }
                        row += [.double(e.value), .finiteOrEmpty(e.lower), .finiteOrEmpty(e.upper), .double(fs[0].targetEntropy!),
                                .double(Statistics.mean(fs.map { $0.temperatures![k] }))]
                    } else {
                        row += [.empty, .empty, .empty, .empty, .empty]
                    }
                    t.append(row)
                }
            }
        }
        return t
    }

    mutating func scores() -> CSVTable {
        var t = CSVTable(columns: ["task", "method", "seeds", "final_mean", "final_lower", "final_upper", "final_iqm", "iqm_lower", "iqm_upper",
                                   "average_mean", "average_lower", "average_upper", "final_entropy_gap", "final_temperature"])
        for task in config.tasks {
            for m in config.methods {
                let x = finals(task, m)
                guard !x.isEmpty else {
                    // A partial aggregate still defines every macro the report cites ("n/a").
                    if task == Configuration.pendulum {
                        for suffix in ["", "Lower", "Upper", "IQM"] + (m.isSAC ? ["EntropyGap", "Alpha"] : []) {
                            macros.define("Pendulum\(m.macroName(config))\(suffix)", number: .nan)
                        }
                    }
                    continue
                }
                var rng = stream("scores", "\(task)/\(m.name)")
                let mean = interval([x], &rng) { Statistics.mean($0[0]) }
                let iqm = interval([x], &rng) { AggregateMetrics.interquartileMean([$0[0]]) }
                let average = interval([averages(task, m)], &rng) { Statistics.mean($0[0]) }
                let gap = entropyGaps(task, m)
                let alpha = runs(task, m).compactMap { $0.temperatures.map { finalValue($0) } }
                t.append([.string(task), .string(m.name), .int(x.count), .double(mean.value), .finiteOrEmpty(mean.lower), .finiteOrEmpty(mean.upper),
                          .double(iqm.value), .finiteOrEmpty(iqm.lower), .finiteOrEmpty(iqm.upper),
                          .double(average.value), .finiteOrEmpty(average.lower), .finiteOrEmpty(average.upper),
                          gap.isEmpty ? .empty : .double(Statistics.mean(gap)), alpha.isEmpty ? .empty : .double(Statistics.mean(alpha))])
                scoreTable.append([task, m.name, "\(x.count)", "\(LaTeXTable.number(mean.value)) [\(LaTeXTable.number(mean.lower)), \(LaTeXTable.number(mean.upper))]",
                                   LaTeXTable.number(iqm.value), gap.isEmpty ? "" : LaTeXTable.number(Statistics.mean(gap) + (runs(task, m)[0].targetEntropy ?? 0))])
                if task == Configuration.pendulum {
                    let key = m.macroName(config)
                    macros.define("Pendulum\(key)", number: mean.value)
                    macros.define("Pendulum\(key)Lower", number: mean.lower)
                    macros.define("Pendulum\(key)Upper", number: mean.upper)
                    macros.define("Pendulum\(key)IQM", number: iqm.value)
                    if !gap.isEmpty { macros.define("Pendulum\(key)EntropyGap", number: Statistics.mean(gap)) }
                    if !alpha.isEmpty { macros.define("Pendulum\(key)Alpha", number: Statistics.mean(alpha)) }
                }
            }
        }
        return t
    }

    /// Final return against α: the fixed values, and the automatic rule's final α.
    func sweep() -> CSVTable {
        var t = CSVTable(columns: ["task", "method", "alpha", "seeds", "final_mean", "final_lower", "final_upper"])
        for task in config.tasks {
            for m in config.methods where m.isSAC {
                let x = finals(task, m)
                guard !x.isEmpty else { continue }
                var rng = stream("sweep", "\(task)/\(m.name)")
                let r = interval([x], &rng) { Statistics.mean($0[0]) }
                let alpha = m.fixedTemperature ?? Statistics.mean(runs(task, m).map { finalValue($0.temperatures!) })
                t.append([.string(task), .string(m.name), .double(alpha), .int(x.count), .double(r.value), .finiteOrEmpty(r.lower), .finiteOrEmpty(r.upper)])
            }
        }
        return t
    }

    func robustness() -> CSVTable {
        var t = CSVTable(columns: ["task", "method", "policy", "scale", "seeds", "mean_return", "return_lower", "return_upper"])
        for task in config.tasks where config.perturbs(task) {
            for m in config.methods {
                let fs = runs(task, m)
                guard !fs.isEmpty else { continue }
                for sampled in m.isSAC ? [false, true] : [false] {
                    var rng = stream("robustness", "\(task)/\(m.name)/\(sampled)")
                    for (i, scale) in config.perturbationScales.enumerated() {
                        let x = fs.map { (sampled ? $0.perturbedSampledReturns! : $0.perturbedReturns!)[i] }
                        let r = interval([x], &rng, replicates: min(config.bootstrapReplicates, 1000)) { Statistics.mean($0[0]) }
                        t.append([.string(task), .string(m.name), .string(sampled ? "sampled" : "deterministic"), .double(scale), .int(fs.count),
                                  .double(r.value), .finiteOrEmpty(r.lower), .finiteOrEmpty(r.upper)])
                    }
                }
            }
        }
        return t
    }
}
