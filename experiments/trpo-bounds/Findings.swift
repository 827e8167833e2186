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
            verdicts.append(Verdict(
                claim: bound == .expectedKL ? "C4" : (bound == .cpoTV || bound == .cpoKL ? "C4 (CPO)" : "C3"),
                statement: "\(name) bound holds within its stated conditions"
                    + (bound == .expectedKL ? " ($\\gamma\\in[0.5,1)$)" : ""),
                verdict: violations == 0 && worst <= 1 ? .confirmed : .refuted,
                figure: "worst_error_over_bound", value: worst,
                detail: "rule: no instance with error > bound where the ratio is trustworthy (error and ε each ≥ 1000× "
                    + "their rounding tolerance); random violations \(violations) of "
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
                verdicts.append(Verdict(
                    claim: "C4 (outside)", statement: "expected-KL bound also holds below $\\gamma=0.5$ (outside the theorem)",
                    verdict: outViolations == 0 && worstOut <= 1 ? .confirmed : .refuted,
                    figure: "worst_error_over_bound_below_0.5", value: worstOut,
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
        let stated = verdicts.filter { $0.statement.hasSuffix("holds within its stated conditions")
            || $0.statement.contains("holds within its stated conditions (") }
        let failing = stated.filter { $0.verdict != .confirmed }
        if failing.isEmpty {
            macros.define("ValidityText", "Within their stated conditions no bound fails on a random instance, "
                          + "and the adversarial search finds no violation")
        } else {
            macros.define("ValidityText", "Within their stated conditions the data refute: "
                          + failing.map { LaTeXMacros.escapeText($0.statement.replacingOccurrences(of: " holds within its stated conditions", with: "")) }
                            .joined(separator: "; ")
                          + " (see the verdicts)")
        }
        if let outside = verdicts.first(where: { $0.claim == "C4 (outside)" }) {
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
        let fractionKL = stated.map { RandomSweep.tighterFraction(sweep, gamma: $0, .expectedKL, .trpoKL) }
        let fractionTV = stated.map { RandomSweep.tighterFraction(sweep, gamma: $0, .expectedKL, .trpoTV) }
        let tighterAt = zip(stated, fractionKL).filter { $0.1 > 0.5 }.map(\.0)
        let verdict: VerdictKind = tighterAt.count == stated.count ? .confirmed : (tighterAt.isEmpty ? .refuted : .partlyConfirmed)
        let pooled = Double(stated.reduce(0) { total, g in
            total + sweep.filter { $0.cell.gamma == g && SurrogateBound.expectedKL.value($0.quantities) < SurrogateBound.trpoKL.value($0.quantities) }.count
        }) / Double(max(1, sweep.filter { stated.contains($0.cell.gamma) }.count))
        verdicts.append(Verdict(
            claim: "C4", statement: "the expected-KL bound is tighter than TRPO's max-KL bound",
            verdict: verdict, figure: "fraction_expected_kl_smaller", value: pooled,
            detail: "rule: confirmed if smaller on most instances at every stated γ, refuted if at none; "
                + "fraction smaller per γ " + zip(stated, fractionKL).map { "\($0.0): " + String(format: "%.3f", $0.1) }.joined(separator: ", ")
                + (tighterAt.isEmpty ? "; tighter on most instances at no γ" : "; tighter on most instances for γ ∈ {" + tighterAt.map { "\($0)" }.joined(separator: ", ") + "}")))
        let tighterThanTV = zip(stated, fractionTV).filter { $0.1 > 0.5 }.map(\.0)
        verdicts.append(Verdict(
            claim: "C4", statement: "the expected-KL bound is tighter than TRPO's sharp TV bound",
            verdict: tighterThanTV.count == stated.count ? .confirmed : (tighterThanTV.isEmpty ? .refuted : .partlyConfirmed),
            figure: "largest_fraction_expected_kl_smaller", value: fractionTV.max() ?? .nan,
            detail: "fraction smaller per γ " + zip(stated, fractionTV).map { "\($0.0): " + String(format: "%.3f", $0.1) }.joined(separator: ", ")))
        let cpoVsTRPO = Double(sweep.filter { SurrogateBound.cpoTV.value($0.quantities) < SurrogateBound.trpoTV.value($0.quantities) }.count) / Double(sweep.count)
        let cpoVsLi = Double(sweep.filter { SurrogateBound.cpoTV.value($0.quantities) < SurrogateBound.expectedKL.value($0.quantities) }.count) / Double(sweep.count)
        verdicts.append(Verdict(
            claim: "C4 (CPO)", statement: "CPO's expected-TV bound is tighter than both TRPO's and the expected-KL bound",
            verdict: cpoVsTRPO > 0.5 && cpoVsLi > 0.5 ? (min(cpoVsTRPO, cpoVsLi) > 0.99 ? .confirmed : .partlyConfirmed) : .refuted,
            figure: "fraction_cpo_smaller_than_both_min", value: min(cpoVsTRPO, cpoVsLi),
            detail: "all \(sweep.count) random instances (every γ): smaller than TRPO's sharp TV bound on "
                + String(format: "%.3f", cpoVsTRPO) + ", than the expected-KL bound on " + String(format: "%.3f", cpoVsLi)
                + "; rule: confirmed above 0.99 for both, partly above 0.5"))
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
