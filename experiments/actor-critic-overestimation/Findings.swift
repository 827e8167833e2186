import ExperimentKit
import Foundation
import OffPolicy
import OutputKit

/// The CSVs, tables, macros and verdicts, a pure function of the trial files that exist.
///
/// A run's figure is its window bias: the mean, over the checkpoints in the second half of training
/// (`Configuration.inWindow`), of the probe's bias `mean_t Q₁(s_t, a_t) − G_t`. Every verdict is judged per
/// task on a 95% percentile bootstrap interval over seeds (`SeedBootstrap`; comparisons paired by seed,
/// over the seeds both variants have) and combined over tasks by `PerSetting`. "Most" is fixed as in C11:
/// `|b̄_DDPG| − 2|b̄_TD3| > 0`, TD3's bias less than half of DDPG's in magnitude.
struct Findings: VerdictCollecting {
    var verdicts: [Verdict] = []
    var macros: LaTeXMacros
    let config: Configuration
    let masterSeed: UInt64
    let files: [Trial: TrialFile]
    let complete: Bool

    /// Intervals need this many seeds (paired: this many common seeds); with fewer a verdict is inconclusive.
    static let minimumSeeds = 3

    // MARK: the rules, each written once

    static let overestimates = IntervalRule(quantity: "DDPG's mean window bias over seeds", threshold: 0, side: .above)
    static let lower = IntervalRule(quantity: "the mean paired difference of window biases, DDPG − TD3", threshold: 0, side: .above)
    static let mostRemoved = IntervalRule(quantity: "|mean DDPG bias| − 2·|mean TD3 bias| (paired over seeds)", threshold: 0, side: .above)
    static let notOver = IntervalRule(quantity: "TD3's mean window bias over seeds", threshold: 0, side: .atMost)
    static func raises(_ removed: Variant, over other: Variant) -> IntervalRule {
        IntervalRule(quantity: "the mean paired difference of window biases, \(removed.label) − \(other.label)", threshold: 0, side: .above)
    }

    init(config: Configuration, masterSeed: UInt64, files: [Trial: TrialFile], complete: Bool) {
        self.config = config
        self.masterSeed = masterSeed
        self.files = files
        self.complete = complete
        macros = LaTeXMacros(prefix: config.profile == .paper ? "acop" : "aco")
    }

    // MARK: data

    /// The tasks with at least one trial file, in the configuration's order.
    var tasks: [String] { config.tasks.filter { t in files.keys.contains { $0.task == t } } }

    func file(_ task: String, _ variant: Variant, _ seed: Int) -> TrialFile? { files[Trial(task: task, variant: variant, seed: seed)] }

    /// The window bias (and predicted Q, Monte Carlo return) of one run.
    func window(_ f: TrialFile) -> (bias: Double, predicted: Double, returns: Double) {
        let w = f.checkpoints.filter { config.inWindow(f.task, step: $0.step) }
        return (Statistics.mean(w.map(\.bias)), Statistics.mean(w.map(\.meanPredictedQ)), Statistics.mean(w.map(\.meanReturn)))
    }

    /// Per seed (ascending) with a file: the window bias.
    func biases(_ task: String, _ variant: Variant) -> [(seed: Int, bias: Double)] {
        (0..<config.seeds).compactMap { s in file(task, variant, s).map { (s, window($0).bias) } }
    }

    /// The window biases of two variants on the seeds both have, in seed order.
    func paired(_ task: String, _ a: Variant, _ b: Variant) -> (a: [Double], b: [Double]) {
        let x = Dictionary(uniqueKeysWithValues: biases(task, a).map { ($0.seed, $0.bias) })
        let y = biases(task, b)
        let common = y.filter { x[$0.seed] != nil }
        return (common.map { x[$0.seed]! }, common.map(\.bias))
    }

    func fmt(_ x: Double) -> String { String(format: "%.3g", x).replacingOccurrences(of: "-", with: "−") }
    func interval(_ i: (lower: Double, upper: Double)) -> String { "[\(fmt(i.lower)), \(fmt(i.upper))]" }

    /// The 95% bootstrap interval of `statistic` over `seeds` resampled seeds (NaN with fewer than `minimumSeeds`).
    func bootstrap(_ seeds: Int, _ rng: inout SeededGenerator, _ statistic: ([Int]) -> Double) -> (lower: Double, upper: Double) {
        guard seeds >= Self.minimumSeeds else { return (.nan, .nan) }
        return SeedBootstrap.interval(seeds: seeds, replicates: config.bootstrapReplicates, using: &rng, statistic)
    }

    static func macroName(_ task: String) -> String { String(task.prefix { $0.isLetter }) }
    static func macroName(_ v: Variant) -> String {
        switch v {
        case .ddpg: return "DDPG"
        case .td3: return "TDthree"
        case .td3NoClippedDoubleQ: return "NoCDQ"
        case .td3NoDelayedUpdates: return "NoDelay"
        case .td3NoTargetSmoothing: return "NoSmoothing"
        }
    }

    // MARK: output

    mutating func output() -> ExperimentOutput {
        var rng = StreamKey(experiment: ActorCriticOverestimation.name, setting: "bootstrap", trial: 0, masterSeed: masterSeed).generator()
        var checkpointTable = CSVTable(columns: ["task", "variant", "seed", "step", "in_window", "mean_predicted_q", "mean_mc_return", "bias",
                                                 "scored_steps", "evaluation_return", "terminated_episodes", "tail_bound"])
        var runs = CSVTable(columns: ["task", "variant", "seed", "window_bias", "window_predicted_q", "window_mc_return",
                                     "final_evaluation_return", "training_episodes"])
        for t in config.trials {
            guard let f = files[t] else { continue }
            for c in f.checkpoints {
                checkpointTable.append([.string(t.task), .string(t.variant.rawValue), .int(t.seed), .int(c.step),
                                        .int(config.inWindow(t.task, step: c.step) ? 1 : 0), .double(c.meanPredictedQ), .double(c.meanReturn),
                                        .double(c.bias), .int(c.scoredSteps), .double(c.evaluationReturn), .int(c.terminatedEpisodes),
                                        c.tailBound.map { .double($0) } ?? .empty])
            }
            let w = window(f)
            runs.append([.string(t.task), .string(t.variant.rawValue), .int(t.seed), .double(w.bias), .double(w.predicted), .double(w.returns),
                         .double(f.checkpoints.last!.evaluationReturn), .int(f.trainingEpisodes)])
        }

        // Curves: per task, variant and checkpoint, the mean over seeds with a bootstrap band.
        var curves = CSVTable(columns: ["task", "variant", "step", "seeds", "bias", "bias_low", "bias_high", "mean_predicted_q",
                                        "mean_mc_return", "evaluation_return"])
        // Summary: per task and variant, the window figures (the end-of-training bars).
        var summary = CSVTable(columns: ["task", "variant", "variant_index", "seeds", "window_bias", "low", "high", "window_predicted_q",
                                         "window_mc_return", "final_evaluation_return"])
        var latex = LaTeXTable(header: ["task", "variant", "seeds", "window bias $\\bar Q-\\bar G$", "predicted $\\bar Q$", "MC $\\bar G$",
                                        "final return"], alignment: "llrrrrr")
        for task in tasks {
            for (index, v) in config.variants.enumerated() {
                let fs = (0..<config.seeds).compactMap { file(task, v, $0) }
                guard !fs.isEmpty else { continue }
                for (k, step) in config.checkpointSteps(task).enumerated() {
                    let cs = fs.compactMap { $0.checkpoints.count > k ? $0.checkpoints[k] : nil }
                    let b = cs.map(\.bias)
                    let i = bootstrap(b.count, &rng) { SeedBootstrap.mean(b, $0) }
                    curves.append([.string(task), .string(v.rawValue), .int(step), .int(cs.count), .double(Statistics.mean(b)),
                                   .finiteOrEmpty(i.lower), .finiteOrEmpty(i.upper), .double(Statistics.mean(cs.map(\.meanPredictedQ))),
                                   .double(Statistics.mean(cs.map(\.meanReturn))), .double(Statistics.mean(cs.map(\.evaluationReturn)))])
                }
                // Descriptive, not judged: the last checkpoint's mean bias, and the largest bias of any window checkpoint.
                let name = Self.macroName(task) + Self.macroName(v)
                macros.define(name + "FinalBias", number: Statistics.mean(fs.map { $0.checkpoints.last!.bias }))
                macros.define(name + "LargestWindowBias",
                              number: fs.flatMap { $0.checkpoints.filter { config.inWindow(task, step: $0.step) }.map(\.bias) }.max()!)
                let w = fs.map(window)
                let b = w.map(\.bias)
                let i = bootstrap(b.count, &rng) { SeedBootstrap.mean(b, $0) }
                let m = Statistics.mean(b), q = Statistics.mean(w.map(\.predicted)), g = Statistics.mean(w.map(\.returns))
                let r = Statistics.mean(fs.map { $0.checkpoints.last!.evaluationReturn })
                summary.append([.string(task), .string(v.rawValue), .int(index), .int(fs.count), .double(m), .finiteOrEmpty(i.lower),
                                .finiteOrEmpty(i.upper), .double(q), .double(g), .double(r)])
                let cell = "$\(LaTeXMacros.format(m))$" + (i.lower.isFinite
                    ? " {\\footnotesize$[\(LaTeXMacros.format(i.lower)),\(LaTeXMacros.format(i.upper))]$}" : "")
                latex.append(["\\texttt{\(task)}", v.label.replacingOccurrences(of: "−", with: "$-$"), "\(fs.count)", cell,
                              LaTeXTable.number(q), LaTeXTable.number(g), LaTeXTable.number(r)])
                macros.define(name + "Bias", number: m)
                macros.define(name + "BiasLower", number: i.lower)
                macros.define(name + "BiasUpper", number: i.upper)
                macros.define(name + "Predicted", number: q)
                macros.define(name + "MC", number: g)
                macros.define(name + "Return", number: r)
            }
        }

        let comparisons = judge(&rng)
        describe()

        var output = ExperimentOutput()
        output.tables = [("checkpoints.csv", checkpointTable), ("runs.csv", runs), ("curves.csv", curves), ("summary.csv", summary),
                         ("comparisons.csv", comparisons), ("verdicts.csv", Verdict.table(verdicts))]
        output.macros = macros
        output.texts = [("table-bias.tex", latex.text)]
        let seconds = config.trials.compactMap { files[$0]?.seconds }
        var cost: [String] = []
        for task in tasks {
            let fs = config.trials.filter { $0.task == task }.compactMap { files[$0] }
            let perTrial = Statistics.mean(fs.map(\.seconds))
            cost.append("\(task): \(fs.count) trials, mean \(String(format: "%.1f", perTrial)) s per trial, "
                        + "\(String(format: "%.0f", Double(fs.map(\.steps).reduce(0, +)) / fs.map(\.seconds).reduce(0, +))) steps/s")
        }
        output.settings = [
            "trials.found": "\(files.count) of \(config.trials.count)" + (complete ? "" : " (partial merge: the seeds column of summary.csv says how many per row)"),
            "code.hashes": Set(files.values.map(\.codeHash)).sorted().joined(separator: " "),
            "cost": cost.joined(separator: "; ") + String(format: "; total %.1f s over %d trials (wall clock of each trial on its machine, probes included)",
                                                           seconds.reduce(0, +), seconds.count),
        ]
        return output
    }

    /// The verdicts C17.1–C17.9 and the paired comparisons behind them.
    mutating func judge(_ rng: inout SeededGenerator) -> CSVTable {
        var comparisons = CSVTable(columns: ["task", "comparison", "seeds", "mean", "low", "high"])
        typealias Outcomes = [(setting: String, verdict: VerdictKind)]
        var outcome = [String: Outcomes](), parts = [String: [String]]()
        func record(_ id: String, _ task: String, _ kind: VerdictKind, _ text: String) {
            outcome[id, default: []].append((task, kind))
            parts[id, default: []].append("\(task): \(text)")
        }
        for task in tasks {
            let name = Self.macroName(task)
            // C17.1 and C17.4: one variant's mean bias.
            for (id, v, rule) in [("C17.1", Variant.ddpg, Self.overestimates), ("C17.4", .td3, Self.notOver)] {
                let b = biases(task, v).map(\.bias)
                guard !b.isEmpty else { continue }
                let i = bootstrap(b.count, &rng) { SeedBootstrap.mean(b, $0) }
                record(id, task, rule.verdict(lower: i.lower, upper: i.upper), "\(fmt(Statistics.mean(b))) \(interval(i)), \(b.count) seeds")
            }
            // Paired differences a − b, and C17.3's |ā| − 2|b̄|.
            let pairs: [(String, Variant, Variant, IntervalRule)] = [
                ("C17.2", .ddpg, .td3, Self.lower),
                ("C17.5", .td3NoClippedDoubleQ, .td3, Self.raises(.td3NoClippedDoubleQ, over: .td3)),
                ("C17.6", .td3NoDelayedUpdates, .td3, Self.raises(.td3NoDelayedUpdates, over: .td3)),
                ("C17.7", .td3NoTargetSmoothing, .td3, Self.raises(.td3NoTargetSmoothing, over: .td3)),
                ("C17.8", .td3NoClippedDoubleQ, .td3NoDelayedUpdates, Self.raises(.td3NoClippedDoubleQ, over: .td3NoDelayedUpdates)),
                ("C17.9", .td3NoClippedDoubleQ, .td3NoTargetSmoothing, Self.raises(.td3NoClippedDoubleQ, over: .td3NoTargetSmoothing)),
            ]
            for (id, a, b, rule) in pairs {
                let (x, y) = paired(task, a, b)
                guard !x.isEmpty else { continue }
                let d = zip(x, y).map { $0 - $1 }
                let i = bootstrap(d.count, &rng) { SeedBootstrap.mean(d, $0) }
                let m = Statistics.mean(d)
                comparisons.append([.string(task), .string("\(a.rawValue) − \(b.rawValue)"), .int(d.count), .double(m),
                                    .finiteOrEmpty(i.lower), .finiteOrEmpty(i.upper)])
                record(id, task, rule.verdict(lower: i.lower, upper: i.upper), "\(fmt(m)) \(interval(i)), \(d.count) paired seeds")
                macros.define(name + Self.macroName(a) + "Minus" + Self.macroName(b), number: m)
                macros.define(name + Self.macroName(a) + "Minus" + Self.macroName(b) + "Lower", number: i.lower)
                macros.define(name + Self.macroName(a) + "Minus" + Self.macroName(b) + "Upper", number: i.upper)
                if id == "C17.2" {
                    let mi = bootstrap(x.count, &rng) { SeedBootstrap.mostRemoved(x, y, $0) }
                    let mm = abs(Statistics.mean(x)) - 2 * abs(Statistics.mean(y))
                    comparisons.append([.string(task), .string("|ddpg| − 2·|td3|"), .int(x.count), .double(mm),
                                        .finiteOrEmpty(mi.lower), .finiteOrEmpty(mi.upper)])
                    record("C17.3", task, Self.mostRemoved.verdict(lower: mi.lower, upper: mi.upper),
                           "\(fmt(mm)) \(interval(mi)), TD3/DDPG ratio of means \(fmt(Statistics.mean(y) / Statistics.mean(x)))")
                    macros.define(name + "MostRemoved", number: mm)
                    macros.define(name + "MostRemovedLower", number: mi.lower)
                    macros.define(name + "MostRemovedUpper", number: mi.upper)
                    macros.define(name + "Ratio", number: Statistics.mean(y) / Statistics.mean(x))
                }
            }
        }
        let detail = "\(config.seeds) seeds per variant; a run's figure is its mean, over the checkpoints with step > T/2, of the mean over scored steps of Q₁(s_t, a_t) − G_t; 95% bootstrap intervals over seeds"
        let rows: [(String, String, IntervalRule, String, String)] = [
            ("C17.1", "DDPG's critic overestimates the discounted Monte Carlo return of its own policy", Self.overestimates, detail, "Over"),
            ("C17.2", "TD3's bias is lower than DDPG's", Self.lower, "paired by seed", "Lower"),
            ("C17.3", "clipped double Q removes most of DDPG's bias: TD3's bias is less than half of DDPG's in magnitude", Self.mostRemoved,
             "paired by seed", "Most"),
            ("C17.4", "TD3's critic does not overestimate (clipped double Q errs towards underestimation)", Self.notOver, detail, "NotOver"),
            ("C17.5", "removing clipped double Q from TD3 raises the bias", Self.raises(.td3NoClippedDoubleQ, over: .td3), "paired by seed", "NoCDQ"),
            ("C17.6", "removing delayed policy updates from TD3 raises the bias", Self.raises(.td3NoDelayedUpdates, over: .td3), "paired by seed", "NoDelay"),
            ("C17.7", "removing target policy smoothing from TD3 raises the bias", Self.raises(.td3NoTargetSmoothing, over: .td3), "paired by seed",
             "NoSmoothing"),
            ("C17.8", "clipped double Q matters more for the bias than delayed policy updates: removing it raises the bias more",
             Self.raises(.td3NoClippedDoubleQ, over: .td3NoDelayedUpdates), "paired by seed", "CDQOverDelay"),
            ("C17.9", "clipped double Q matters more for the bias than target policy smoothing: removing it raises the bias more",
             Self.raises(.td3NoClippedDoubleQ, over: .td3NoTargetSmoothing), "paired by seed", "CDQOverSmoothing"),
        ]
        for (id, statement, rule, text, macro) in rows {
            let o = outcome[id] ?? []
            let p = PerSetting(o)
            let confirmed = o.filter { $0.verdict == .confirmed }.count
            verdicts.append(Verdict(id: id, statement: statement, verdict: p.verdict, figure: "tasks_confirmed", value: Double(confirmed),
                                    rule: PerSetting.statement + "; at each task " + rule.statement,
                                    detail: ([p.summary.isEmpty ? "no task with data" : p.summary, text] + (parts[id] ?? [])).joined(separator: "; ")))
            macros.define(macro + "Confirmed", integer: confirmed)
            macros.define("Verdict" + macro, p.verdict.rawValue)
        }
        macros.define("VerdictCount", integer: verdicts.count)
        macros.define("ConfirmedCount", integer: verdicts.filter { $0.verdict == .confirmed }.count)
        macros.define("RefutedCount", integer: verdicts.filter { $0.verdict == .refuted }.count)
        return comparisons
    }

    /// The sizes the report cites.
    mutating func describe() {
        macros.define("Tasks", integer: tasks.count)
        macros.define("Seeds", integer: config.seeds)
        macros.define("TrialsFound", integer: files.count)
        macros.define("TrialsTotal", integer: config.trials.count)
        macros.define("Complete", complete ? "complete" : "partial")
        macros.define("Checkpoints", integer: config.checkpoints)
        macros.define("EvaluationEpisodes", integer: config.evaluationEpisodes)
        macros.define("Hidden", config.hiddenSizes.map(String.init).joined(separator: "-"))
        macros.define("Batch", integer: config.batchSize)
        macros.define("Replicates", integer: config.bootstrapReplicates)
        for task in config.tasks {
            macros.define(Self.macroName(task) + "Steps", integer: config.totalSteps[task]!)
            macros.define(Self.macroName(task) + "LearningStarts", integer: config.learningStarts[task]!)
        }
        for task in config.tasks {
            macros.define(Self.macroName(task) + "TrialsFound", integer: config.trials.filter { $0.task == task && files[$0] != nil }.count)
            macros.define(Self.macroName(task) + "TrialsTotal", integer: config.trials.filter { $0.task == task }.count)
        }
        // The cost, from the wall-clock seconds the trial files record: for the paper profile only, whose
        // committed files make it a fixed input (elsewhere the files are fresh and the times vary). Wall clock,
        // not CPU time: on a loaded machine (or at a low priority) the rate is a lower bound on the rate of a
        // free core. The MuJoCo estimate extrapolates Pendulum's rate to 10⁶ steps per trial, ignoring the
        // simulation's own cost.
        if config.profile == .paper {
            let fs = config.trials.filter { $0.task == Tasks.pendulum }.compactMap { files[$0] }
            if !fs.isEmpty {
                let rate = Double(fs.map(\.steps).reduce(0, +)) / fs.map(\.seconds).reduce(0, +)
                macros.define("PendulumWallStepsPerSecond", number: rate, digits: 3)
                macros.define("PendulumWallMinutes", number: fs.map(\.seconds).reduce(0, +) / 60, digits: 3)
                let mujocoSteps = config.tasks.filter(Tasks.isMuJoCo).reduce(0) { $0 + config.totalSteps[$1]! } * config.seeds * config.variants.count
                macros.define("MuJoCoTrials", integer: config.tasks.filter(Tasks.isMuJoCo).count * config.seeds * config.variants.count)
                macros.define("MuJoCoWallHours", number: Double(mujocoSteps) / rate / 3600, digits: 3)
            }
        }
        let gamma = config.agent(config.tasks[0], .td3).discount
        let tail = ValueEstimateProbe.tailSteps(discount: gamma, tolerance: config.tailTolerance)
        macros.define("TailSteps", integer: tail)
        macros.define("TailTolerance", number: config.tailTolerance)
        if let bound = Tasks.rewardBound(Tasks.pendulum) {
            macros.define("PendulumTailBound", number: pow(gamma, Double(tail)) * bound / (1 - gamma))
        }
    }
}
