import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// Verdicts, cited numbers and tables, computed from the sweep and the adversarial search.
struct Findings {
    var verdicts: [Verdict] = []
    var macros = LaTeXMacros(prefix: "tb")
    var boundTable = LaTeXTable(header: ["bound", "stated for", "violations", "worst (random)",
                                         "worst (adversarial)", "median looseness, $\\gamma=0.99$"],
                                alignment: "llrrrr")
    var tighterTable = LaTeXTable(header: ["$\\gamma$", "exp.-KL $<$ TRPO-KL", "exp.-KL $<$ TRPO-TV",
                                           "CPO-TV $<$ TRPO-TV", "CPO-TV $<$ exp.-KL"], alignment: "rrrrr")

    static let names: [SurrogateBound: String] = [
        .trpoTV: "TRPO, TV (sharp)", .trpoTVSimplified: "TRPO, TV (Thm 1)", .trpoKL: "TRPO, max-KL",
        .expectedKL: "Li et al., expected-KL", .cpoTV: "CPO, expected-TV", .cpoKL: "CPO, Pinsker/Jensen KL",
    ]
    /// The stable verdict identifiers of "the bound holds within its stated conditions".
    static let validityIDs: [SurrogateBound: String] = [
        .trpoTV: "C3.1", .trpoTVSimplified: "C3.2", .trpoKL: "C3.3", .expectedKL: "C4.1", .cpoTV: "C4.3", .cpoKL: "C4.4",
    ]
    static let macroNames: [SurrogateBound: String] = [
        .trpoTV: "TrpoTV", .trpoTVSimplified: "TrpoTVSimple", .trpoKL: "TrpoKL", .expectedKL: "ExpectedKL",
        .cpoTV: "CpoTV", .cpoKL: "CpoKL",
    ]

    init(config: Configuration, sweep: [RandomSweep.Outcome], summary: [RandomSweep.Summary],
         adversarial: [AdversarialSearch.Outcome]) {
        validity(summary, adversarial)
        tightness(config, sweep, summary)
        sentences()
        macros.define("Instances", integer: sweep.count)
        macros.define("Restarts", integer: config.restarts)
        macros.define("EvaluationsPerRestart", integer: config.evaluationsPerRestart)
        macros.define("AdversarialEvaluations", integer: adversarial.reduce(0) { $0 + $1.evaluations })
    }

    // MARK: validity

    private mutating func validity(_ summary: [RandomSweep.Summary], _ adversarial: [AdversarialSearch.Outcome]) {
        let rule = EveryInstanceRule(quantity: "error/bound on an instance where the ratio is trustworthy (error and ε each "
                                         + "≥ 1000× their rounding tolerance)", limit: 1)
        for bound in SurrogateBound.allCases {
            let inside = summary.filter { $0.bound == bound && bound.isStated(forDiscount: $0.gamma) }
            let outside = summary.filter { $0.bound == bound && !bound.isStated(forDiscount: $0.gamma) }
            let advInside = adversarial.filter { $0.task.bound == bound && bound.isStated(forDiscount: $0.task.gamma) }
            let advOutside = adversarial.filter { $0.task.bound == bound && !bound.isStated(forDiscount: $0.task.gamma) }
            let violations = inside.reduce(0) { $0 + $1.violations }
            let worstRandom = inside.map(\.worstRatio).filter(\.isFinite).max() ?? .nan
            let worstAdv = advInside.max { $0.ratio < $1.ratio }
            let worst = max(worstRandom.isFinite ? worstRandom : 0, worstAdv?.ratio ?? 0)
            let name = Findings.names[bound]!, macro = Findings.macroNames[bound]!
            let where_ = worstAdv.map { "adversarial worst at γ=\($0.task.gamma) (n=\($0.task.states))" } ?? ""
            let failedAt = Set(advInside.filter { $0.ratio > 1 }.map(\.task.gamma)).sorted().map { "\($0)" }
            let ratios = inside.map(\.worstRatio).filter(\.isFinite) + advInside.map(\.ratio)
            verdicts.append(Verdict(
                id: Findings.validityIDs[bound]!,
                statement: "\(name) bound holds within its stated conditions"
                    + (bound == .expectedKL ? " (γ ∈ [0.5, 1))" : " (γ ∈ [0, 1))"),
                verdict: rule.verdict(ratios), figure: "worst_error_over_bound", value: worst, rule: rule.statement,
                detail: "\(advInside.count) adversarial searches (Nelder–Mead) and the random sweep; random violations \(violations) of "
                    + "\(inside.reduce(0) { $0 + $1.measurable }) measurable (\(inside.reduce(0) { $0 + $1.instances }) drawn); worst random ratio "
                    + String(format: "%.3g", worstRandom) + "; " + where_
                    + (failedAt.isEmpty ? "" : "; adversarial ratio > 1 at γ = " + failedAt.joined(separator: ", "))))
            macros.define("Worst\(macro)", number: worst, digits: 5)
            macros.define("RandomViolations\(macro)", integer: violations)
            if bound == .expectedKL {
                let outViolations = outside.reduce(0) { $0 + $1.violations }
                let worstOut = max(outside.map(\.worstRatio).filter(\.isFinite).max() ?? 0,
                                   advOutside.map(\.ratio).max() ?? 0)
                let failed = Set(advOutside.filter { $0.ratio > 1 }.map(\.task.gamma)).sorted().map { "\($0)" }
                let ratiosOut = outside.map(\.worstRatio).filter(\.isFinite) + advOutside.map(\.ratio)
                verdicts.append(Verdict(
                    id: "C4.2", statement: "the expected-KL bound also holds below γ = 0.5 (outside the theorem)",
                    verdict: rule.verdict(ratiosOut), figure: "worst_error_over_bound_below_0.5", value: worstOut,
                    rule: rule.statement,
                    detail: "γ ∈ {" + Configuration.belowStatedRange.map { "\($0)" }.joined(separator: ", ")
                        + "}; random violations \(outViolations); adversarial ratio > 1 at γ = "
                        + (failed.isEmpty ? "none" : failed.joined(separator: ", "))))
                macros.define("WorstExpectedKLOutside", number: worstOut)
                macros.define("RandomViolationsExpectedKLOutside", integer: outViolations)
            }
            let at99 = summary.first { $0.bound == bound && $0.gamma == 0.99 }
            boundTable.append([name, bound == .expectedKL ? "$\\gamma\\in[0.5,1)$" : "$\\gamma\\in[0,1)$",
                               "\(violations)", LaTeXTable.number(worstRandom), LaTeXTable.number(worstAdv?.ratio ?? .nan, digits: 5),
                               LaTeXTable.number(at99?.medianLooseness ?? .nan)])
            macros.define("MedianLooseness\(macro)", number: at99?.medianLooseness ?? .nan)
        }
    }

    /// The report's data-dependent sentences, written from the verdicts so the text cannot
    /// disagree with the data.
    private mutating func sentences() {
        let stated = verdicts.filter { Findings.validityIDs.values.contains($0.id) }
        let failing = stated.filter { $0.verdict != .confirmed }
        if failing.isEmpty {
            macros.define("ValidityText", "Within their stated conditions no bound fails on a random instance, "
                          + "and the adversarial search finds no violation")
        } else {
            macros.define("ValidityText", "Within their stated conditions the data refute: "
                          + failing.map { LaTeXMacros.escapeText($0.statement.components(separatedBy: " holds within")[0]) }
                            .joined(separator: "; ")
                          + " (see the verdicts)")
        }
        if let outside = verdicts.first(where: { $0.id == "C4.2" }) {
            macros.define("OutsideText", outside.verdict == .refuted
                ? "\\emph{Outside} its stated range the expected-KL bound does fail: below $\\gamma=0.5$ it is violated on "
                  + "\\tbRandomViolationsExpectedKLOutside{} random instances and by a factor of up to "
                  + "$\\tbWorstExpectedKLOutside$ in the adversarial search, so the condition $\\gamma\\ge0.5$ is needed"
                : "Below $\\gamma=0.5$, outside its stated range, the expected-KL bound held on every instance tried "
                  + "(largest ratio $\\tbWorstExpectedKLOutside$), so the condition $\\gamma\\ge0.5$ was not needed here")
        }
    }

    // MARK: tightness

    private mutating func tightness(_ config: Configuration, _ sweep: [RandomSweep.Outcome], _ summary: [RandomSweep.Summary]) {
        let stated = config.discounts.filter { SurrogateBound.expectedKL.isStated(forDiscount: $0) }
        // "Tighter" is a claim about most instances at each γ: the Wilson interval of the fraction
        // where the first bound is smaller must lie above one half (the rule), judged per γ.
        let most = IntervalRule(quantity: "the fraction of instances where it is smaller", threshold: 0.5, side: .above)
        func perGamma(_ discounts: [Double], _ a: SurrogateBound, than b: [SurrogateBound]) -> (PerSetting, String) {
            var outcomes: [(String, VerdictKind)] = [], parts: [String] = []
            for g in discounts {
                let (k, n) = RandomSweep.tighterCount(sweep, gamma: g, a, than: b)
                let w = Statistics.wilsonInterval(successes: k, n: n)
                outcomes.append(("γ = \(g)", most.verdict(successes: k, n: n)))
                parts.append("γ = \(g): \(k)/\(n) = \(String(format: "%.3f", Double(k) / Double(max(n, 1)))) "
                             + "[\(String(format: "%.3f", w.lower)), \(String(format: "%.3f", w.upper))]")
            }
            return (PerSetting(outcomes), parts.joined(separator: "; "))
        }
        let fractionKL = stated.map { RandomSweep.tighterFraction(sweep, gamma: $0, .expectedKL, .trpoKL) }
        let tighterAt = zip(stated, fractionKL).filter { $0.1 > 0.5 }.map(\.0)
        let pooled = Double(stated.reduce(0) { $0 + RandomSweep.tighterCount(sweep, gamma: $1, .expectedKL, than: [.trpoKL]).smaller })
            / Double(max(1, sweep.filter { stated.contains($0.cell.gamma) }.count))
        let (klCells, klDetail) = perGamma(stated, .expectedKL, than: [.trpoKL])
        verdicts.append(Verdict(
            id: "C4.5", statement: "the expected-KL bound is tighter than TRPO's max-KL bound (on most instances, at each stated γ)",
            verdict: klCells.verdict, figure: "fraction_expected_kl_smaller", value: pooled,
            rule: most.statement + "; " + PerSetting.statement,
            detail: klCells.summary + ". Fraction smaller [95% Wilson interval]: " + klDetail))
        let (tvCells, tvDetail) = perGamma(stated, .expectedKL, than: [.trpoTV])
        let fractionTV = stated.map { RandomSweep.tighterFraction(sweep, gamma: $0, .expectedKL, .trpoTV) }
        verdicts.append(Verdict(
            id: "C4.6", statement: "the expected-KL bound is tighter than TRPO's sharp TV bound (on most instances, at each stated γ)",
            verdict: tvCells.verdict, figure: "largest_fraction_expected_kl_smaller", value: fractionTV.max() ?? .nan,
            rule: most.statement + "; " + PerSetting.statement,
            detail: tvCells.summary + ". Fraction smaller [95% Wilson interval]: " + tvDetail))
        let cpoVsTRPO = Double(sweep.filter { SurrogateBound.cpoTV.value($0.quantities) < SurrogateBound.trpoTV.value($0.quantities) }.count) / Double(sweep.count)
        let cpoVsLi = Double(sweep.filter { SurrogateBound.cpoTV.value($0.quantities) < SurrogateBound.expectedKL.value($0.quantities) }.count) / Double(sweep.count)
        let (cpoCells, cpoDetail) = perGamma(config.discounts, .cpoTV, than: [.trpoTV, .expectedKL])
        let cpoBoth = Double(config.discounts.reduce(0) { $0 + RandomSweep.tighterCount(sweep, gamma: $1, .cpoTV, than: [.trpoTV, .expectedKL]).smaller })
            / Double(max(sweep.count, 1))
        verdicts.append(Verdict(
            id: "C4.7", statement: "CPO's expected-TV bound is tighter than both TRPO's sharp TV bound and the expected-KL bound (on most instances, at each γ)",
            verdict: cpoCells.verdict, figure: "fraction_cpo_smaller_than_both", value: cpoBoth,
            rule: most.statement + " (smaller than both on the same instance); " + PerSetting.statement,
            detail: cpoCells.summary + ". Fraction smaller than both [95% Wilson interval]: " + cpoDetail))
        macros.define("FractionExpectedKLTighter", number: pooled)
        macros.define("FractionCpoTighterTrpo", number: cpoVsTRPO)
        macros.define("FractionCpoTighterLi", number: cpoVsLi)
        macros.define("TighterGammas", tighterAt.isEmpty ? "\\text{none}" : tighterAt.map { "\($0)" }.joined(separator: ", "))
        for gamma in config.discounts {
            let cells = RandomSweep.comparisons.prefix(4).map { RandomSweep.tighterFraction(sweep, gamma: gamma, $0.0, $0.1) }
            tighterTable.append(["$\(gamma)$"] + cells.map { String(format: "%.3f", $0) })
        }
    }
}
