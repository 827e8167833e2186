import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// Verdicts, cited numbers and tables, computed from the five parts.
struct Findings {
    var verdicts: [Verdict] = []
    var macros = LaTeXMacros(prefix: "bb")
    var boundTable = LaTeXTable(header: ["statement", "instances", "violations", "worst excess",
                                         "largest ratio: random", "adversarial", "constructed"], alignment: "lrrrrrr")
    var gammaTable = LaTeXTable(header: ["$\\gamma$", "Prop.~25", "Prop.~27", "Prop.~27, search only", "Prop.~26, greedy",
                                         "Prop.~26, greedy, $\\gamma\\epsilon$", "Prop.~26 as written: broken"], alignment: "rrrrrrr")
    var iterationTable = LaTeXTable(header: ["$|S|\\times|A|$", "family", "runs", "largest", "$|A|^{|S|}$", "mean"],
                                    alignment: "llrrrr")

    static let macroNames: [Statement: String] = [
        .lemma19: "LemmaNineteen", .lemma22: "LemmaTwentyTwo", .prop24Optimal: "PropTwentyFourOptimal",
        .prop24Policy: "PropTwentyFourPolicy", .prop25: "PropTwentyFive", .prop26AsWritten: "PropTwentySixAsWritten",
        .prop26Greedy: "PropTwentySixGreedy", .prop26GreedySharp: "PropTwentySixSharp",
        .prop26PolicyResidual: "PropTwentySixResidual", .prop27: "PropTwentySeven",
    ]

    /// The stable verdict identifiers.
    static let ids: [String: String] = [
        "lemma19": "C10.1", "lemma19-tight": "C10.2", "lemma22": "C10.3", "lemma22-tight": "C10.4",
        "prop20": "C10.5", "prop23": "C10.6", "lemma21-monotone": "C10.7", "lemma21-strict-some": "C10.8",
        "lemma21-strict-every": "C10.9", "lemma21-iterations": "C10.10", "lemma21-iterations-tight": "C10.11",
        "prop24-optimal": "C10.12", "prop24-policy": "C10.13", "prop24-optimal-tight": "C10.14",
        "prop24-policy-tight": "C10.15", "prop25": "C10.16", "prop25-tight": "C10.17", "prop26-as-written": "C10.18",
        "prop26-greedy": "C10.19", "prop26-greedy-sharp": "C10.20", "prop26-greedy-sharp-tight": "C10.21",
        "prop26-policy-residual": "C10.22", "prop27": "C10.23", "prop27-tight": "C10.24",
    ]

    let config: Configuration
    let entries: Entries
    /// File names of the saved instances, per (statement, γ).
    let saved: [String: [String]]

    init(config: Configuration, entries: Entries, saved: [String: [String]], sweepCount: Int, mdpCount: Int,
         adversarial: [AdversarialSearch.Outcome], constructedCount: Int,
         iterationRuns: [PolicyIterationPart.RunOutcome], small: [PolicyIterationPart.SmallOutcome],
         convergence: [ConvergencePart.Outcome]) {
        self.config = config
        self.entries = entries
        self.saved = saved
        macros.define("Instances", integer: sweepCount)
        macros.define("MDPs", integer: mdpCount)
        macros.define("Restarts", integer: config.restarts)
        macros.define("EvaluationsPerRestart", integer: config.evaluationsPerRestart)
        macros.define("AdversarialSearches", integer: adversarial.count)
        macros.define("AdversarialEvaluations", integer: adversarial.reduce(0) { $0 + $1.evaluations })
        macros.define("Constructed", integer: constructedCount)
        macros.define("Gammas", config.discounts.map { "\($0)" }.joined(separator: ", "))

        contraction(.lemma19, id: "lemma19")
        contraction(.lemma22, id: "lemma22")
        convergenceVerdicts(convergence)
        policyIteration(iterationRuns, small)
        validity(.prop24Optimal, id: "prop24-optimal")
        validity(.prop24Policy, id: "prop24-policy")
        attained(.prop24Optimal, id: "prop24-optimal-tight", perGamma: false,
                 statement: "the first bound of Proposition 24 is attained (tight)")
        attained(.prop24Policy, id: "prop24-policy-tight", perGamma: false,
                 statement: "the second bound of Proposition 24 is attained (tight)")
        validity(.prop25, id: "prop25")
        prop25Looseness()
        validity(.prop26AsWritten, id: "prop26-as-written")
        validity(.prop26Greedy, id: "prop26-greedy")
        validity(.prop26GreedySharp, id: "prop26-greedy-sharp")
        attained(.prop26GreedySharp, id: "prop26-greedy-sharp-tight", perGamma: true,
                 statement: "the sharper corrected Proposition 26, γε/(1−γ), is attained at every γ (tight)")
        validity(.prop26PolicyResidual, id: "prop26-policy-residual")
        validity(.prop27, id: "prop27")
        attained(.prop27, id: "prop27-tight", perGamma: true, statement: "Proposition 27's bound 2γε/(1−γ) is attained at every γ (tight)")
        tables()
        verdicts.sort { Int($0.id.split(separator: ".")[1])! < Int($1.id.split(separator: ".")[1])! }
        macros.define("VerdictCount", integer: verdicts.count)
        macros.define("RefutedCount", integer: verdicts.filter { $0.verdict == .refuted }.count)
    }

    // MARK: helpers

    static func number(_ x: Double) -> String { String(format: "%.4g", x) }

    private mutating func add(_ key: String, macro: String, statement: String, verdict: VerdictKind, figure: String, value: Double,
                              rule: String, detail: String) {
        verdicts.append(Verdict(id: Findings.ids[key]!, statement: statement, verdict: verdict, figure: figure, value: value,
                                rule: rule, detail: detail))
        macros.define("Verdict\(macro)", verdict.rawValue)
    }

    private func savedText(_ statement: Statement) -> String {
        let files = config.discounts.flatMap { saved["\(statement.rawValue)/\($0)"] ?? [] }
        return files.isEmpty ? "" : "; saved: results/bellman-bounds/" + files.joined(separator: ", ")
    }

    private func counts(_ list: [Entry]) -> String {
        let sweep = list.filter { $0.source == .sweep }.count, adv = list.filter { $0.source == .adversarial }.count
        let constructed = list.filter { $0.source == .constructed }.count
        return "\(list.count) instances (\(sweep) random, \(adv) adversarial searches' best points, \(constructed) constructed)"
    }

    // MARK: validity: observed ≤ bound within rounding, judged per γ

    static let excessRule = EveryInstanceRule(quantity: "(observed − bound)/rounding tolerance", limit: 1)

    @discardableResult
    private mutating func validity(_ statement: Statement, id: String, statementText: String? = nil) -> VerdictKind {
        let rule = Findings.excessRule
        var outcomes: [(String, VerdictKind)] = []
        for gamma in config.discounts {
            outcomes.append(("γ = \(gamma)", rule.verdict(entries.of(statement, gamma: gamma).map(\.check.excess))))
        }
        let perSetting = PerSetting(outcomes)
        let list = entries.of(statement)
        let violations = list.filter { !$0.check.holds }
        let worst = entries.worstExcess(statement)
        let best = entries.bestRatio(statement)
        let bestAdversarial = entries.bestRatio(statement, source: .adversarial)
        var detail = counts(list) + " at γ ∈ {\(config.discounts.map { "\($0)" }.joined(separator: ", "))}; " + perSetting.summary
        detail += "; violations \(violations.count)"
        if let worst { detail += "; worst (observed − bound)/tolerance \(Findings.number(worst.check.excess)) (\(worst.label))" }
        if let best { detail += "; largest trustworthy observed/bound \(Findings.number(best.check.ratio)) (\(best.label))" }
        if let bestAdversarial { detail += "; adversarial search's largest \(Findings.number(bestAdversarial.check.ratio))" }
        detail += savedText(statement)
        let macro = Findings.macroNames[statement]!
        add(id, macro: macro, statement: statementText ?? statement.text, verdict: perSetting.verdict,
            figure: "worst_excess_over_rounding_tolerance", value: worst?.check.excess ?? .nan,
            rule: rule.statement + "; " + PerSetting.statement, detail: detail)
        macros.define("Violations\(macro)", integer: violations.count)
        macros.define("Checked\(macro)", integer: list.count)
        macros.define("RandomChecked\(macro)", integer: list.filter { $0.source == .sweep }.count)
        macros.define("RandomViolations\(macro)", integer: violations.filter { $0.source == .sweep }.count)
        macros.define("WorstExcess\(macro)", number: worst?.check.excess ?? .nan)
        macros.define("MaxRatio\(macro)", number: best?.check.ratio ?? .nan, digits: 4)
        macros.define("MaxRatioRandom\(macro)", number: entries.bestRatio(statement, source: .sweep)?.check.ratio ?? .nan, digits: 4)
        macros.define("MaxRatioAdversarial\(macro)", number: bestAdversarial?.check.ratio ?? .nan, digits: 4)
        return perSetting.verdict
    }

    // MARK: attainment: some instance reaches 0.99 of the bound

    /// Attainment counts only instances on which the bound holds (observed − bound within rounding) and
    /// whose ratio is trustworthy (bound ≥ 1000 × its rounding tolerance): an instance that breaks a
    /// bound is no evidence that the bound is tight.
    static let attainRule = SomeInstanceRule(quantity: "observed/bound on an instance where the bound holds and is at least "
                                                 + "1000× its rounding tolerance", limit: 0.99, side: .above)

    private mutating func attained(_ statement: Statement, id: String, perGamma: Bool, statement text: String) {
        let rule = Findings.attainRule
        let macro = Findings.macroNames[statement]!
        func witness(_ gamma: Double?) -> String {
            guard let best = entries.bestRatio(statement, gamma: gamma) else { return "no trustworthy instance" }
            let adversarial = entries.bestRatio(statement, gamma: gamma, source: .adversarial)
            let random = entries.bestRatio(statement, gamma: gamma, source: .sweep)
            return "best \(Findings.number(best.check.ratio)) (\(best.label)); random sweep's best "
                + (random.map { Findings.number($0.check.ratio) } ?? "none") + ", adversarial search's best "
                + (adversarial.map { Findings.number($0.check.ratio) } ?? "none")
        }
        let entries = self.entries
        func ratios(_ gamma: Double?) -> [Double] {
            entries.of(statement, gamma: gamma).filter { $0.check.measurable && $0.check.holds }.map(\.check.ratio)
        }
        let verdict: VerdictKind, detail: String, ruleText: String
        if perGamma {
            var outcomes: [(String, VerdictKind)] = [], parts: [String] = []
            for gamma in config.discounts {
                outcomes.append(("γ = \(gamma)", rule.verdict(ratios(gamma))))
                parts.append("γ = \(gamma): " + witness(gamma))
            }
            let perSetting = PerSetting(outcomes)
            verdict = perSetting.verdict
            detail = perSetting.summary + ". " + parts.joined(separator: "; ")
            let searchBests = config.discounts.map { entries.bestRatio(statement, gamma: $0, source: .adversarial)?.check.ratio ?? .nan }
            macros.define("SmallestSearchBest\(macro)", number: searchBests.contains { !$0.isFinite } ? .nan : searchBests.min()!, digits: 4)
            ruleText = rule.statement + "; " + PerSetting.statement
        } else {
            verdict = rule.verdict(ratios(nil))
            detail = witness(nil)
            ruleText = rule.statement
        }
        add(id, macro: macro + "Tight", statement: text, verdict: verdict, figure: "largest_observed_over_bound",
            value: entries.bestRatio(statement)?.check.ratio ?? .nan, rule: ruleText, detail: detail)
    }

    // MARK: Lemmas 19 and 22

    private mutating func contraction(_ statement: Statement, id: String) {
        validity(statement, id: id, statementText: statement == .lemma19
                 ? "the policy backup B_π is a γ-contraction in the sup norm: " + statement.text
                 : "the optimality backup B is a γ-contraction in the sup norm: " + statement.text)
        attained(statement, id: id + "-tight", perGamma: false,
                 statement: (statement == .lemma19 ? "B_π" : "B") + "'s contraction factor γ is attained (tight)")
    }

    // MARK: Propositions 20 and 23

    private mutating func convergenceVerdicts(_ outcomes: [ConvergencePart.Outcome]) {
        let rule = EveryInstanceRule(quantity: "max over n of (‖Vₙ − target‖∞ − γⁿ‖V₀ − target‖∞)/rounding tolerance", limit: 1)
        for op in ConvergencePart.Operator.allCases {
            let group = outcomes.filter { $0.run.op == op }
            var settings: [(String, VerdictKind)] = []
            for gamma in config.discounts {
                settings.append(("γ = \(gamma)", rule.verdict(group.filter { $0.run.gamma == gamma }.map(\.worstExcess))))
            }
            let perSetting = PerSetting(settings)
            let worst = group.max { $0.worstExcess < $1.worstExcess }
            let macro = op == .policy ? "PropTwenty" : "PropTwentyThree"
            let statement = op == .policy
                ? "(B_π)ⁿV → V_π, at the proof's rate ‖(B_π)ⁿV − V_π‖∞ ≤ γⁿ‖V − V_π‖∞ (Proposition 20, its hypothesis ‖V − V′‖ < ∞ read as ‖V − V_π‖ < ∞, true for any V on a finite MDP)"
                : "BⁿV → V*, at the proof's rate ‖BⁿV − V*‖∞ ≤ γⁿ‖V − V*‖∞ (Proposition 23)"
            let detail = "\(group.count) runs (V₀ = 0 or target + N(0, 1/(1−γ)²) noise) on \(config.convergenceShapes.map { "\($0)" }.joined(separator: ", ")), "
                + "each until γⁿ‖V₀ − target‖∞ ≤ 10⁻¹⁴ of the target's size (up to \(group.map(\.iterations).max() ?? 0) backups); "
                + perSetting.summary + "; worst excess " + Findings.number(worst?.worstExcess ?? .nan)
                + "; largest final distance/tolerance " + Findings.number(group.map { $0.finalError / $0.finalTolerance }.max() ?? .nan)
                + "; largest ‖Vₙ − target‖/(γⁿ‖V₀ − target‖) where trustworthy " + Findings.number(group.map(\.largestRateRatio).max() ?? .nan)
            add(op == .policy ? "prop20" : "prop23", macro: macro, statement: statement, verdict: perSetting.verdict,
                figure: "worst_excess_over_rounding_tolerance", value: worst?.worstExcess ?? .nan,
                rule: rule.statement + "; " + PerSetting.statement, detail: detail)
            macros.define("Runs\(macro)", integer: group.count)
            macros.define("WorstExcess\(macro)", number: worst?.worstExcess ?? .nan)
            macros.define("RateRatio\(macro)", number: group.map(\.largestRateRatio).max() ?? .nan, digits: 4)
            macros.define("MaxIterations\(macro)", integer: group.map(\.iterations).max() ?? 0)
        }
    }

    // MARK: Lemma 21

    private mutating func policyIteration(_ runs: [PolicyIterationPart.RunOutcome], _ small: [PolicyIterationPart.SmallOutcome]) {
        let steps = runs.flatMap(\.steps)
        func perGamma(_ rule: EveryInstanceRule, _ value: (PolicyIterationPart.Step) -> Double) -> PerSetting {
            PerSetting(config.discounts.map { g in ("γ = \(g)", rule.verdict(steps.filter { $0.run.gamma == g }.map(value))) })
        }
        let garnetRuns = runs.filter { $0.run.shape != nil }
        let sizes = "\(garnetRuns.count) runs from random deterministic starts on "
            + config.iterationShapes.map { "\($0)" }.joined(separator: ", ") + " and the constructed two-state instance at each γ, "
            + "\(steps.count) improvement steps"

        let monotone = EveryInstanceRule(quantity: "max over states of (V_{π_i}(s) − V_{π_{i+1}}(s))/rounding tolerance", limit: 1)
        let mono = perGamma(monotone, \.lossExcess)
        let worstLoss = steps.map(\.lossExcess).max() ?? .nan
        add("lemma21-monotone", macro: "Monotone",
            statement: "policy iteration improves monotonically: V_{π_{i+1}} ≥ V_{π_i} at every state (Lemma 21)",
            verdict: mono.verdict, figure: "worst_loss_over_rounding_tolerance", value: worstLoss,
            rule: monotone.statement + "; " + PerSetting.statement,
            detail: sizes + "; " + mono.summary + "; worst loss/tolerance " + Findings.number(worstLoss))

        let strict = EveryInstanceRule(quantity: "policy-iteration step's largest gain max_s (V_{π_{i+1}}(s) − V_{π_i}(s)) "
                                           + "over its rounding tolerance", limit: 1, side: .atLeast)
        let someState = perGamma(strict, \.gainOverTolerance)
        let worstStrict = steps.map(\.strictExcess).max() ?? .nan
        let smallestAdvantage = steps.map(\.largestSwitchAdvantage).min() ?? .nan
        add("lemma21-strict-some", macro: "StrictSome",
            statement: "if π_i is suboptimal, V_{π_{i+1}}(s) > V_{π_i}(s) at some state (Lemma 21's strictness, read as: somewhere)",
            verdict: someState.verdict, figure: "worst_excess_over_rounding_tolerance", value: worstStrict,
            rule: strict.statement + ", at every step from a suboptimal π_i; " + PerSetting.statement,
            detail: sizes + " (every step starts from a suboptimal π_i: it switches some action); " + someState.summary
                + "; worst excess " + Findings.number(worstStrict) + "; smallest largest-switching-advantage "
                + Findings.number(smallestAdvantage))

        let everywhere = EveryInstanceRule(quantity: "number of states whose value provably cannot change (π_{i+1} reaches no state where the policy changed)",
                                           limit: 0)
        let every = perGamma(everywhere) { Double($0.unchangedStates) }
        let notStrict = steps.filter { $0.unchangedStates > 0 }
        let witness = notStrict.filter { $0.run.shape != nil }.min { ($0.run.shape!.states, $0.run.gamma) < ($1.run.shape!.states, $1.run.gamma) }
        let files = config.discounts.flatMap { saved["lemma21-strict-every/\($0)"] ?? [] }
        add("lemma21-strict-every", macro: "StrictEvery",
            statement: "if π_i is suboptimal, V_{π_{i+1}}(s) > V_{π_i}(s) at every state (Lemma 21's strictness, read as the componentwise order the notes define ≥ by)",
            verdict: every.verdict, figure: "steps_with_unchanged_states", value: Double(notStrict.count),
            rule: everywhere.statement + "; " + PerSetting.statement,
            detail: sizes + "; " + every.summary + "; \(notStrict.count) steps leave some state's value exactly unchanged"
                + (witness.map { "; e.g. \($0.run.shape!) run \($0.run.index), γ = \($0.run.gamma), step \($0.step): \($0.unchangedStates) of "
                    + "\($0.run.shape!.states) states cannot change, smallest computed gain " + Findings.number($0.smallestGain) } ?? "")
                + "; the constructed two-state instance (state 1 absorbing, same reward under both actions) shows it at every γ"
                + (files.isEmpty ? "" : "; saved: results/bellman-bounds/" + files.joined(separator: ", ")))
        macros.define("Steps", integer: steps.count)
        macros.define("GarnetRuns", integer: garnetRuns.count)
        macros.define("StepsNotStrict", integer: notStrict.count)
        macros.define("GarnetStepsNotStrict", integer: notStrict.filter { $0.run.shape != nil }.count)
        macros.define("GarnetSteps", integer: steps.filter { $0.run.shape != nil }.count)
        macros.define("WorstLossExcess", number: worstLoss)

        // Iterations against |A|^|S|: every run, on Garnets and on the small MDPs from every start.
        let bound = EveryInstanceRule(quantity: "iterations/|A|^|S|", limit: 1)
        var ratios: [(gamma: Double, states: Int, ratio: Double, label: String)] = []
        for r in garnetRuns {
            ratios.append((r.run.gamma, r.states, Double(r.iterations) / pow(Double(r.actions), Double(r.states)),
                           "\(r.run.shape!) run \(r.run.index)"))
        }
        for o in small {
            for (k, it) in o.iterations.enumerated() {
                ratios.append((o.cell.gamma, o.cell.size.states, Double(it) / Double(o.cell.size.policies),
                               "\(o.cell.size.states) states × \(o.cell.size.actions) actions, \(o.cell.family.rawValue) MDP \(o.cell.mdp), start \(k)"))
            }
        }
        let iterationSettings = PerSetting(config.discounts.map { g in ("γ = \(g)", bound.verdict(ratios.filter { $0.gamma == g }.map(\.ratio))) })
        let worstRatio = ratios.max { $0.ratio < $1.ratio }
        let worstMulti = ratios.filter { $0.states >= 2 }.max { $0.ratio < $1.ratio }
        let smallRuns = small.reduce(0) { $0 + $1.iterations.count }
        add("lemma21-iterations", macro: "Iterations",
            statement: "policy iteration stops within |A|^|S| iterations (policies evaluated) (Lemma 21's remark)",
            verdict: iterationSettings.verdict, figure: "largest_iterations_over_bound", value: worstRatio?.ratio ?? .nan,
            rule: bound.statement + "; " + PerSetting.statement,
            detail: "\(garnetRuns.count) runs on Garnets and \(smallRuns) on small MDPs (every deterministic start; sizes "
                + config.smallSizes.map { "\($0)" }.joined(separator: ", ") + "; dense and deterministic families); "
                + iterationSettings.summary + "; largest iterations/|A|^|S| " + Findings.number(worstRatio?.ratio ?? .nan)
                + (worstRatio.map { " (\($0.label), γ = \($0.gamma))" } ?? ""))
        let attain = SomeInstanceRule(quantity: "iterations/|A|^|S| on an MDP with |S| ≥ 2", limit: 0.99, side: .above)
        add("lemma21-iterations-tight", macro: "IterationsTight",
            statement: "the bound |A|^|S| on policy iteration's iterations is attained by some MDP with at least two states",
            verdict: attain.verdict(ratios.filter { $0.states >= 2 }.map(\.ratio)), figure: "largest_iterations_over_bound_two_or_more_states",
            value: worstMulti?.ratio ?? .nan, rule: attain.statement,
            detail: "largest with |S| ≥ 2: " + Findings.number(worstMulti?.ratio ?? .nan)
                + (worstMulti.map { " (\($0.label), γ = \($0.gamma))" } ?? "")
                + "; with |S| = 1 and |A| = 2 the bound is met trivially (2 iterations from the worse action)"
                + "; a random search over small MDPs with every start, not an adversarial one")
        macros.define("SmallRuns", integer: smallRuns)
        macros.define("MaxIterationRatio", number: worstMulti?.ratio ?? .nan)
        macros.define("MaxGarnetIterations", integer: garnetRuns.map(\.iterations).max() ?? 0)

        for size in config.smallSizes {
            for family in PolicyIterationPart.Family.allCases {
                let group = small.filter { $0.cell.size == size && $0.cell.family == family }.flatMap(\.iterations)
                guard !group.isEmpty else { continue }
                iterationTable.append(["$\(size.states)\\times\(size.actions)$", family.rawValue, "\(group.count)",
                                       "\(group.max()!)", "\(size.policies)",
                                       LaTeXTable.number(Double(group.reduce(0, +)) / Double(group.count))])
            }
        }
    }

    // MARK: Proposition 25's looseness

    private mutating func prop25Looseness() {
        let rule = RangeRule(quantity: "largest trustworthy ratio of Proposition 25 at a γ, divided by γ", lower: 0.99, upper: 1.001)
        // A γ without a trustworthy instance cannot decide: the verdict is then inconclusive, not refuted.
        var values: [Double] = [], parts: [String] = []
        for gamma in config.discounts {
            let best = entries.bestRatio(.prop25, gamma: gamma)
            let value = (best?.check.ratio ?? .nan) / gamma
            values.append(value)
            parts.append("γ = \(gamma): " + Findings.number(value) + (best.map { " (\($0.label))" } ?? ""))
        }
        add("prop25-tight", macro: "PropTwentyFiveLoose",
            statement: "Proposition 25's bound 2ε/(1−γ) is not tight: the largest loss is γ times it, i.e. Proposition 27's 2γε/(1−γ)",
            verdict: values.contains { !$0.isFinite } ? .inconclusive : rule.verdict(values),
            figure: "smallest_per_gamma_largest_ratio_over_gamma", value: values.filter(\.isFinite).min() ?? .nan,
            rule: rule.statement + " (the upper end allows the 10⁻³ relative rounding a trustworthy ratio may carry)",
            detail: parts.joined(separator: "; "))
    }

    // MARK: tables

    private mutating func tables() {
        for statement in Statement.allCases {
            let list = entries.of(statement)
            func ratio(_ source: Entry.Source) -> String {
                LaTeXTable.number(entries.bestRatio(statement, source: source)?.check.ratio ?? .nan, digits: 4)
            }
            boundTable.append([LaTeXMacros.escapeText(statement.label), "\(list.count)", "\(list.filter { !$0.check.holds }.count)",
                               LaTeXTable.number(entries.worstExcess(statement)?.check.excess ?? .nan),
                               ratio(.sweep), ratio(.adversarial), ratio(.constructed)])
        }
        for gamma in config.discounts {
            func best(_ s: Statement) -> String { LaTeXTable.number(entries.bestRatio(s, gamma: gamma)?.check.ratio ?? .nan, digits: 4) }
            let written = entries.of(.prop26AsWritten, gamma: gamma)
            let search = LaTeXTable.number(entries.bestRatio(.prop27, gamma: gamma, source: .adversarial)?.check.ratio ?? .nan, digits: 4)
            gammaTable.append(["$\(gamma)$", best(.prop25), best(.prop27), search, best(.prop26Greedy), best(.prop26GreedySharp),
                               "\(written.filter { !$0.check.holds }.count) of \(written.count)"])
        }
    }
}
