import ExperimentKit
import OffPolicy
import OutputKit
import Foundation
import Tabular

/// Verdicts, cited numbers and the generated tables, computed from the four parts.
struct Findings: VerdictCollecting {
    var verdicts: [Verdict] = []
    var macros = LaTeXMacros(prefix: "dq")
    var garnetTable = LaTeXTable(header: ["Garnet", "$\\gamma$", "$\\sigma$", "bias, Q-learning", "bias, double Q",
                                          "$|\\bar b_Q|-2|\\bar b_{DQ}|$"], alignment: "lrrrrr")
    var dqnTable = LaTeXTable(header: ["environment", "DQN: $Q-G$", "Double DQN: $Q-G$", "DQN $-$ Double DQN",
                                       "$|\\bar b_{DQN}|-2|\\bar b_{DDQN}|$", "return (DQN / DDQN)"], alignment: "lrrrrr")
    var garnetSummary = CSVTable(columns: ["states", "actions", "branching", "gamma", "noise_sd", "updates", "algorithm", "mean_bias", "lower", "upper"])
    var dqnSummary = CSVTable(columns: ["environment", "algorithm", "step", "mean_overestimation", "lower", "upper",
                                        "mean_predicted_q", "mean_mc_return", "evaluation_return"])
    /// The estimator instance that breaks C11.4 most, saved and replayed by the tests.
    var counterexample: EstimatorWitness?

    let config: Configuration

    // MARK: the rules, each written once

    static let singleNonNegative = EveryInstanceRule(quantity: "single-estimator bias + its quadrature error bound", limit: 0, side: .atLeast)
    static let doubleNonPositive = EveryInstanceRule(quantity: "double-estimator bias − its quadrature error bound", limit: 0)
    static let monteCarloAgreement = EveryInstanceRule(quantity: "|Monte Carlo mean − quadrature| in Monte Carlo standard errors", limit: 4)
    static let estimatorMostRemoved = EveryInstanceRule(quantity: "|double bias| − ½·single bias − both quadrature errors", limit: 0)
    static let estimatorUnderestimates = SomeInstanceRule(quantity: "double bias + its quadrature error bound", limit: 0, side: .below)
    /// Example 6.7: intervals are Wilson's at 1 − 0.05/episodes (Bonferroni over the episodes searched).
    static func exampleLevel(_ episodes: Int) -> Double { 1 - 0.05 / Double(episodes) }
    static func leftMoreThanRight(_ episodes: Int) -> IntervalRule {
        IntervalRule(quantity: "Q-learning's fraction of left at its peak episode", threshold: 0.5, side: .above, level: exampleLevel(episodes))
    }
    static func leftAboveOptimal(_ episodes: Int) -> EveryInstanceRule {
        EveryInstanceRule(quantity: "episode's lower Wilson bound (level \(RuleNumber.text(exampleLevel(episodes)))) of Q-learning's fraction of left",
                          limit: 0.05, side: .atLeast)
    }
    static let doubleNearOptimal = RangeRule(quantity: "bound of the 95% Wilson interval of double Q-learning's fraction of left at the last episode",
                                             lower: 0.04, upper: 0.06)
    static let overestimates = IntervalRule(quantity: "the mean bias over seeds", threshold: 0, side: .above)
    static let underestimates = IntervalRule(quantity: "the mean bias over seeds", threshold: 0, side: .atMost)
    static let mostRemoved = IntervalRule(quantity: "|mean bias without double| − 2·|mean bias with double| (paired over seeds)",
                                          threshold: 0, side: .above)
    static let lessThan = IntervalRule(quantity: "the mean paired difference DQN − Double DQN of the overestimation", threshold: 0, side: .above)

    init(config: Configuration, estimators: [EstimatorPart.Outcome], example: ExamplePart.Counts,
         garnet: [GarnetPart.Outcome], deep: [DeepPart.Outcome], masterSeed: UInt64) {
        self.config = config
        estimatorVerdicts(estimators)
        exampleVerdicts(example)
        var rng = StreamKey(experiment: "double-q", setting: "bootstrap", trial: 0, masterSeed: masterSeed).generator()
        garnetVerdicts(garnet, rng: &rng)
        deepVerdicts(deep, rng: &rng)
        macros.define("VerdictCount", integer: verdicts.count)
        macros.define("RefutedCount", integer: verdicts.filter { $0.verdict == .refuted }.count)
    }

    func fmt(_ x: Double) -> String { String(format: "%.3g", x).replacingOccurrences(of: "-", with: "−") }
    func interval(_ i: (lower: Double, upper: Double)) -> String { "[\(fmt(i.lower)), \(fmt(i.upper))]" }


    /// A per-setting verdict: each setting judged by `rule`'s interval, combined by PerSetting; the figure is
    /// the number of settings confirmed.
    mutating func perSetting(_ id: String, _ statement: String, _ outcomes: [(setting: String, verdict: VerdictKind)],
                             rule: IntervalRule, at: String, detail: String, parts: [String], macro: String) {
        let p = PerSetting(outcomes)
        let confirmed = outcomes.filter { $0.verdict == .confirmed }.count
        verdicts.append(Verdict(id: id, statement: statement, verdict: p.verdict, figure: "settings_confirmed",
                                value: Double(confirmed), rule: PerSetting.statement + "; at each \(at) " + rule.statement,
                                detail: "\(p.summary); \(detail); " + parts.joined(separator: "; ")))
        macros.define(macro + "Confirmed", integer: confirmed)
        macros.define("Verdict" + macro, p.verdict.rawValue)
    }

    // MARK: part 1

    mutating func estimatorVerdicts(_ outcomes: [EstimatorPart.Outcome]) {
        macros.define("EstimatorInstances", integer: outcomes.count)
        macros.define("EstimatorDraws", integer: config.estimatorDraws)
        macros.define("LargestQuadratureError", number: outcomes.map { max($0.single.error, $0.double.error) }.max() ?? .nan)
        let what = "Gaussian-arm instances (σ = 1)"
        every("C11.1", "the single estimator overestimates: E[max_i X̂_i] ≥ max_i μ_i",
              rule: Self.singleNonNegative, figure: "smallest_single_bias_plus_error",
              outcomes.map { ($0.single.value + $0.single.error, $0.instance.label) }, what: what, macro: "SingleBias")
        let smallestPositive = outcomes.map(\.single.value).min() ?? .nan
        verdicts[verdicts.count - 1].detail += "; the smallest single bias is \(fmt(smallestPositive))"
        every("C11.2", "the double estimator does not overestimate: E[μ̂^B at argmax μ̂^A] ≤ max_i μ_i (van Hasselt 2010, Lemma 1)",
              rule: Self.doubleNonPositive, figure: "largest_double_bias_minus_error",
              outcomes.map { ($0.double.value - $0.double.error, $0.instance.label) }, what: what, macro: "DoubleBias")
        every("C11.3", "the quadrature values are the estimators' expectations: Monte Carlo means of both estimators agree with them",
              rule: Self.monteCarloAgreement, figure: "largest_abs_z",
              outcomes.flatMap { [(abs($0.singleZ), "\($0.instance.label), single"), (abs($0.doubleZ), "\($0.instance.label), double")] },
              what: "estimator × instance pairs (\(config.estimatorDraws) draws each)", macro: "LargestZ")
        let excess = outcomes.map { abs($0.double.value) - 0.5 * $0.single.value - $0.double.error - $0.single.error }
        every("C11.4", "the double estimator removes most of the single estimator's bias: |double bias| ≤ ½ single bias",
              rule: Self.estimatorMostRemoved, figure: "largest_excess",
              zip(excess, outcomes).map { ($0, $1.instance.label) }, what: what, macro: "MostExcess")
        if let w = excess.indices.max(by: { excess[$0] < excess[$1] }), excess[w] > Self.estimatorMostRemoved.limit {
            let worst = outcomes[w]
            counterexample = EstimatorWitness(instance: worst.instance.label, arms: worst.arms, singleBias: worst.single.value,
                                              doubleBias: worst.double.value, ratio: abs(worst.double.value) / worst.single.value)
            macros.define("WorstSingle", number: worst.single.value)
            macros.define("WorstDouble", number: worst.double.value)
            macros.define("WorstInstance", LaTeXMacros.escapeText(worst.instance.label))
        }
        macros.define("MostHeld", integer: excess.filter { Self.estimatorMostRemoved.holds($0) }.count)
        let equal = outcomes.filter { $0.instance.pattern == "equal" }
        if let e = equal.max(by: { $0.single.value < $1.single.value }) {
            macros.define("EqualLargestSingle", number: e.single.value)
            macros.define("EqualLargestSingleLabel", LaTeXMacros.escapeText(e.instance.label))
        }
        let kind = Self.estimatorUnderestimates.verdict(outcomes.map { $0.double.value + $0.double.error })
        let most = outcomes.min { $0.double.value < $1.double.value }
        verdicts.append(Verdict(id: "C11.5", statement: "the double estimator can underestimate: some instance has E[double estimate] < max_i μ_i",
                                verdict: kind, figure: "smallest_double_bias", value: most?.double.value ?? .nan,
                                rule: Self.estimatorUnderestimates.statement,
                                detail: "\(outcomes.filter { $0.double.value + $0.double.error < 0 }.count) of \(outcomes.count) instances; the most negative is \(most?.instance.label ?? "none") at \(fmt(most?.double.value ?? .nan))"))
        macros.define("SmallestDoubleBias", number: most?.double.value ?? .nan)
        macros.define("VerdictSmallestDoubleBias", kind.rawValue)
    }

    // MARK: part 2

    mutating func exampleVerdicts(_ c: ExamplePart.Counts) {
        let runs = config.exampleRuns, episodes = config.exampleEpisodes
        let level = Self.exampleLevel(episodes)
        macros.define("ExampleRuns", integer: runs)
        macros.define("ExampleEpisodes", integer: episodes)
        macros.define("ExampleActions", integer: config.exampleActionsAtB)
        let peak = c.leftQ.indices.max { c.leftQ[$0] < c.leftQ[$1] }!
        let peakInterval = Statistics.wilsonInterval(successes: c.leftQ[peak], n: runs, level: level)
        let rule1 = Self.leftMoreThanRight(episodes)
        let k1 = rule1.verdict(successes: c.leftQ[peak], n: runs)
        verdicts.append(Verdict(id: "C11.6", statement: "on Sutton & Barto's Example 6.7 Q-learning at first takes left (towards B's noisy actions) more often than right",
                                verdict: k1, figure: "peak_left_fraction_q_learning", value: Double(c.leftQ[peak]) / Double(runs), rule: rule1.statement,
                                detail: "\(runs) runs; the peak is at episode \(peak + 1): \(fmt(Double(c.leftQ[peak]) / Double(runs))), interval \(interval(peakInterval))"))
        macros.define("PeakFraction", number: Double(c.leftQ[peak]) / Double(runs))
        macros.define("PeakEpisode", integer: peak + 1)
        macros.define("PeakLower", number: peakInterval.lower)
        macros.define("VerdictPeakFraction", k1.rawValue)

        let lowers = c.leftQ.enumerated().map { (Statistics.wilsonInterval(successes: $0.element, n: runs, level: level).lower, "episode \($0.offset + 1)") }
        every("C11.7", "Q-learning takes left significantly more often than the 5% of the best ε-greedy policy, at every episode",
              rule: Self.leftAboveOptimal(episodes), figure: "smallest_lower_wilson_bound", lowers, what: "episodes", macro: "SmallestLower")
        let lastQ = Double(c.leftQ[episodes - 1]) / Double(runs)
        macros.define("LastFractionQ", number: lastQ)
        let lastQInterval = Statistics.wilsonInterval(successes: c.leftQ[episodes - 1], n: runs)
        macros.define("LastFractionQLower", number: lastQInterval.lower)
        macros.define("LastFractionQUpper", number: lastQInterval.upper)

        let last = Statistics.wilsonInterval(successes: c.leftDouble[episodes - 1], n: runs)
        let k3 = Self.doubleNearOptimal.verdict([last.lower, last.upper])
        let lastD = Double(c.leftDouble[episodes - 1]) / Double(runs)
        let peakD = c.leftDouble.dropFirst(9).max().map { Double($0) / Double(runs) } ?? .nan
        verdicts.append(Verdict(id: "C11.8", statement: "double Q-learning is essentially unaffected by the maximisation bias: its fraction of left approaches the 5% of the best ε-greedy policy",
                                verdict: k3, figure: "last_left_fraction_double_q", value: lastD, rule: Self.doubleNearOptimal.statement,
                                detail: "at episode \(episodes): \(fmt(lastD)), 95% interval \(interval(last)); Q-learning there: \(fmt(lastQ)); double Q-learning's largest fraction from episode 10 on: \(fmt(peakD))"))
        macros.define("LastFractionDouble", number: lastD)
        macros.define("LastFractionDoubleLower", number: last.lower)
        macros.define("LastFractionDoubleUpper", number: last.upper)
        macros.define("PeakDoubleAfterTen", number: peakD)
        macros.define("VerdictLastFractionDouble", k3.rawValue)
    }

    // MARK: part 3

    mutating func garnetVerdicts(_ outcomes: [GarnetPart.Outcome], rng: inout SeededGenerator) {
        var over: [(setting: String, verdict: VerdictKind)] = []
        var most: [(setting: String, verdict: VerdictKind)] = []
        var under: [(setting: String, verdict: VerdictKind)] = []
        var overParts: [String] = [], mostParts: [String] = [], underParts: [String] = []
        var ratios: [Double] = []
        let final = config.garnetCheckpoints.max()!
        for shape in config.shapes { for gamma in config.discounts { for noise in config.noises {
            let os = outcomes.filter { $0.cell.shape == shape && $0.cell.gamma == gamma && $0.cell.noise == noise }
            let setting = "\(shape), γ = \(gamma), σ = \(noise)"
            for u in config.garnetCheckpoints.sorted() {
                let q = os.map { o in o.checkpoints.first { $0.updates == u }!.biasQ }
                let d = os.map { o in o.checkpoints.first { $0.updates == u }!.biasDouble }
                for (name, x) in [("Q-learning", q), ("double Q-learning", d)] {
                    let i = SeedBootstrap.interval(seeds: x.count, replicates: config.bootstrapReplicates, using: &rng) { SeedBootstrap.mean(x, $0) }
                    garnetSummary.append([.int(shape.states), .int(shape.actions), .int(shape.branching), .double(gamma), .double(noise), .int(u), .string(name),
                                          .double(Statistics.mean(x)), .double(i.lower), .double(i.upper)])
                }
            }
            let q = os.map { $0.checkpoints.first { $0.updates == final }!.biasQ }
            let d = os.map { $0.checkpoints.first { $0.updates == final }!.biasDouble }
            let iq = SeedBootstrap.interval(seeds: q.count, replicates: config.bootstrapReplicates, using: &rng) { SeedBootstrap.mean(q, $0) }
            let id = SeedBootstrap.interval(seeds: d.count, replicates: config.bootstrapReplicates, using: &rng) { SeedBootstrap.mean(d, $0) }
            let im = SeedBootstrap.interval(seeds: q.count, replicates: config.bootstrapReplicates, using: &rng) { SeedBootstrap.mostRemoved(q, d, $0) }
            over.append((setting, Self.overestimates.verdict(lower: iq.lower, upper: iq.upper)))
            under.append((setting, Self.underestimates.verdict(lower: id.lower, upper: id.upper)))
            most.append((setting, Self.mostRemoved.verdict(lower: im.lower, upper: im.upper)))
            let mq = Statistics.mean(q), md = Statistics.mean(d)
            ratios.append(abs(md) / abs(mq))
            overParts.append("\(setting): \(fmt(mq)) \(interval(iq))")
            underParts.append("\(setting): \(fmt(md)) \(interval(id))")
            mostParts.append("\(setting): \(fmt(abs(mq) - 2 * abs(md))) \(interval(im))")
            garnetTable.append(["$\(shape)$", "\(gamma)", "\(noise)",
                                "$\(LaTeXMacros.format(mq))$ {\\footnotesize$[\(LaTeXMacros.format(iq.lower)),\(LaTeXMacros.format(iq.upper))]$}",
                                "$\(LaTeXMacros.format(md))$ {\\footnotesize$[\(LaTeXMacros.format(id.lower)),\(LaTeXMacros.format(id.upper))]$}",
                                "$\(LaTeXMacros.format(abs(mq) - 2 * abs(md)))$ {\\footnotesize$[\(LaTeXMacros.format(im.lower)),\(LaTeXMacros.format(im.upper))]$}"])
        } } }
        let seedsText = "\(config.garnetSeeds) Garnets per setting, bias (1/|S|)Σ_s (V̂ − V*) after \(final) updates, 95% bootstrap intervals over Garnets"
        perSetting("C11.9", "tabular Q-learning overestimates V* on Garnets with noisy rewards", over, rule: Self.overestimates,
                   at: "setting", detail: seedsText, parts: overParts, macro: "GarnetOver")
        perSetting("C11.10", "double Q-learning removes most of Q-learning's bias on the same Garnets (most: less than half its magnitude)",
                   most, rule: Self.mostRemoved, at: "setting", detail: seedsText, parts: mostParts, macro: "GarnetMost")
        perSetting("C11.11", "double Q-learning's estimate lies below V* (the double estimator's direction, van Hasselt 2010)",
                   under, rule: Self.underestimates, at: "setting", detail: seedsText, parts: underParts, macro: "GarnetUnder")
        macros.define("GarnetSettings", integer: over.count)
        macros.define("GarnetSeeds", integer: config.garnetSeeds)
        macros.define("GarnetUpdates", integer: final)
        macros.define("GarnetLargestRatio", number: ratios.max() ?? .nan)
        macros.define("GarnetSmallestRatio", number: ratios.min() ?? .nan)
    }

    // MARK: part 4

    mutating func deepVerdicts(_ outcomes: [DeepPart.Outcome], rng: inout SeededGenerator) {
        var over: [(setting: String, verdict: VerdictKind)] = []
        var less: [(setting: String, verdict: VerdictKind)] = []
        var most: [(setting: String, verdict: VerdictKind)] = []
        var overParts: [String] = [], lessParts: [String] = [], mostParts: [String] = []
        for env in config.environments {
            let dqn = outcomes.filter { $0.trial.environment == env && !$0.trial.double }.sorted { $0.trial.seed < $1.trial.seed }
            let ddqn = outcomes.filter { $0.trial.environment == env && $0.trial.double }.sorted { $0.trial.seed < $1.trial.seed }
            for (name, runs) in [("DQN", dqn), ("Double DQN", ddqn)] {
                for (k, step) in config.checkpointSteps.enumerated() {
                    let x = runs.map { $0.checkpoints[k].overestimation }
                    let i = SeedBootstrap.interval(seeds: x.count, replicates: config.bootstrapReplicates, using: &rng) { SeedBootstrap.mean(x, $0) }
                    dqnSummary.append([.string(env), .string(name), .int(step), .double(Statistics.mean(x)), .double(i.lower), .double(i.upper),
                                       .double(Statistics.mean(runs.map { $0.checkpoints[k].meanPredicted })),
                                       .double(Statistics.mean(runs.map { $0.checkpoints[k].meanReturn })),
                                       .double(Statistics.mean(runs.map { $0.checkpoints[k].meanRegisteredReturn }))])
                }
            }
            let a = dqn.map(\.meanOverestimation), b = ddqn.map(\.meanOverestimation)
            let difference = zip(a, b).map { $0 - $1 }
            let ia = SeedBootstrap.interval(seeds: a.count, replicates: config.bootstrapReplicates, using: &rng) { SeedBootstrap.mean(a, $0) }
            let ib = SeedBootstrap.interval(seeds: b.count, replicates: config.bootstrapReplicates, using: &rng) { SeedBootstrap.mean(b, $0) }
            let idiff = SeedBootstrap.interval(seeds: a.count, replicates: config.bootstrapReplicates, using: &rng) { SeedBootstrap.mean(difference, $0) }
            let imost = SeedBootstrap.interval(seeds: a.count, replicates: config.bootstrapReplicates, using: &rng) { SeedBootstrap.mostRemoved(a, b, $0) }
            over.append((env, Self.overestimates.verdict(lower: ia.lower, upper: ia.upper)))
            less.append((env, Self.lessThan.verdict(lower: idiff.lower, upper: idiff.upper)))
            most.append((env, Self.mostRemoved.verdict(lower: imost.lower, upper: imost.upper)))
            let ma = Statistics.mean(a), mb = Statistics.mean(b), md = Statistics.mean(difference)
            overParts.append("\(env): DQN \(fmt(ma)) \(interval(ia)), Double DQN \(fmt(mb)) \(interval(ib))")
            lessParts.append("\(env): \(fmt(md)) \(interval(idiff))")
            mostParts.append("\(env): \(fmt(abs(ma) - 2 * abs(mb))) \(interval(imost))")
            let name = env.hasPrefix("CartPole") ? "CartPole" : "Acrobot"
            macros.define("\(name)DQN", number: ma)
            macros.define("\(name)DQNLower", number: ia.lower)
            macros.define("\(name)DQNUpper", number: ia.upper)
            macros.define("\(name)DDQN", number: mb)
            macros.define("\(name)DDQNLower", number: ib.lower)
            macros.define("\(name)DDQNUpper", number: ib.upper)
            macros.define("\(name)Difference", number: md)
            macros.define("\(name)DifferenceLower", number: idiff.lower)
            macros.define("\(name)DifferenceUpper", number: idiff.upper)
            let lastReturn = { (runs: [DeepPart.Outcome]) in Statistics.mean(runs.map { $0.checkpoints.last!.meanRegisteredReturn }) }
            macros.define("\(name)ReturnDQN", number: lastReturn(dqn))
            macros.define("\(name)ReturnDDQN", number: lastReturn(ddqn))
            func cell(_ m: Double, _ i: (lower: Double, upper: Double)) -> String {
                "$\(LaTeXMacros.format(m))$ {\\footnotesize$[\(LaTeXMacros.format(i.lower)),\(LaTeXMacros.format(i.upper))]$}"
            }
            dqnTable.append([env, cell(ma, ia), cell(mb, ib), cell(md, idiff), cell(abs(ma) - 2 * abs(mb), imost),
                             "$\(LaTeXMacros.format(lastReturn(dqn)))$ / $\(LaTeXMacros.format(lastReturn(ddqn)))$"])
        }
        let seedsText = "\(config.dqnSeeds) seeds per algorithm, \(config.dqnSteps) steps; a run's figure is the mean over its \(config.dqnCheckpoints) checkpoints of the mean over scored steps of Q(s_t,a_t) − G_t; 95% bootstrap intervals over seeds"
        perSetting("C11.12", "DQN's predicted Q of its greedy policy overestimates that policy's discounted Monte Carlo return",
                   over, rule: Self.overestimates, at: "environment", detail: seedsText, parts: overParts, macro: "DQNOver")
        perSetting("C11.13", "Double DQN overestimates less than DQN", less, rule: Self.lessThan, at: "environment",
                   detail: "paired by seed", parts: lessParts, macro: "DQNLess")
        perSetting("C11.14", "Double DQN removes most of DQN's overestimation (less than half its magnitude)", most,
                   rule: Self.mostRemoved, at: "environment", detail: "paired by seed", parts: mostParts, macro: "DQNMost")
        macros.define("DQNSeeds", integer: config.dqnSeeds)
        macros.define("DQNSteps", integer: config.dqnSteps)
        macros.define("DQNLearningStarts", integer: config.dqn(double: false).learningStarts)
        macros.define("DQNCheckpoints", integer: config.dqnCheckpoints)
        macros.define("DQNEvaluationEpisodes", integer: config.evaluationEpisodes)
        let gamma = config.dqn(double: false).discount
        let tail = ValueEstimateProbe.tailSteps(discount: gamma, tolerance: config.tailTolerance)
        macros.define("TailSteps", integer: tail)
        macros.define("TailBound", number: pow(gamma, Double(tail)) / (1 - gamma))
    }
}
