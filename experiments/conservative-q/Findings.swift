import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// A number as the verdict details print it (three significant digits, a true minus sign).
private func fmt(_ x: Double) -> String { String(format: "%.3g", x).replacingOccurrences(of: "-", with: "−") }

/// Verdicts, cited numbers and the dataset-size table, computed from the two parts.
struct Findings: VerdictCollecting {
    var verdicts: [Verdict] = []
    var macros = LaTeXMacros(prefix: "cq")
    var sizeTable = LaTeXTable(header: ["$\\gamma$", "$|D(s)|$", "datasets", "seen pairs", "median $\\alpha^*_1$",
                                        "median thm.~3.1 $\\alpha$", "max ratio", "Q-bound at thm.~3.1",
                                        "V-bound at thm.~3.2", "naive eval.\\ over", "naive Q-l.\\ over"],
                               alignment: "rrrrrrrrrrr")

    let config: Configuration

    init(config: Configuration, exact: [ExactPart.Outcome], sampled: [SampledPart.DatasetOutcome]) {
        self.config = config
        macros.define("ExactInstances", integer: exact.count)
        macros.define("Datasets", integer: sampled.count)
        macros.define("Delta", "\(config.delta)")
        macros.define("RareWeight", "\(config.rareWeight)")
        macros.define("Sizes", config.perStateSizes.map { "\($0)" }.joined(separator: ", "))
        macros.define("ExactGammas", config.exactDiscounts.map { "\($0)" }.joined(separator: ", "))
        macros.define("SampledGammas", config.sampledDiscounts.map { "\($0)" }.joined(separator: ", "))
        macros.define("ExactAlphas", config.exactAlphas.map { RuleNumber.text($0) }.joined(separator: ", "))
        exactVerdicts(exact)
        sampledVerdicts(sampled)
        maximiserVerdicts(exact)
        sizeRows(sampled)
        macros.define("VerdictCount", integer: verdicts.count)
        macros.define("RefutedCount", integer: verdicts.filter { $0.verdict == .refuted }.count)
    }


    mutating func exactVerdicts(_ outcomes: [ExactPart.Outcome]) {
        let what = "Garnet instances × α"
        func rows(_ f: (ExactPart.AlphaRow) -> Double) -> [(Double, String)] {
            outcomes.flatMap { o in o.rows.map { (f($0), "\(o.label), α = \(RuleNumber.text($0.alpha))") } }
        }
        every("C12.1", "iterating the CQL update Q ← B^π Q − α p (the per-pair minimiser of Eq. 1 or Eq. 2, p = μ/π̂_β or μ/π̂_β − 1) converges to the linear solve Q̂ = (I − γP^π)⁻¹(r − α p)",
              rule: EveryInstanceRule(quantity: "‖iterate − solve‖∞ in tolerances", limit: 1),
              figure: "largest_difference_over_tolerance", outcomes.map { ($0.iterationDifference, $0.label) },
              what: "Garnet instances (both objectives, α = \(config.iterationAlphas.map { RuleNumber.text($0) }.joined(separator: ", ")))",
              macro: "IterationDifference")
        macros.define("Iterations", integer: outcomes.map(\.iterations).max() ?? 0)
        every("C12.2", "without sampling error (B̂^π = B^π), Eq. 1's fixed point lies below Q^π at every state-action pair for every α > 0 (Kumar et al. 2020, Theorem 3.1)",
              rule: EveryInstanceRule(quantity: "max_{s,a} (Q̂ − Q^π) in tolerances", limit: 1),
              figure: "largest_excess_over_tolerance", rows(\.q1Excess), what: what, macro: "ExactQOne")
        let gap = outcomes.flatMap { $0.rows.map(\.gapPerAlpha) }.min() ?? .nan
        verdicts[verdicts.count - 1].detail += "; the smallest conservatism per unit α, min (Q^π − Q̂)/α, is \(fmt(gap))"
        macros.define("GapPerAlpha", number: gap)
        every("C12.3", "without sampling error, Eq. 2's fixed point with μ = π lower-bounds the value: V̂ = E_π[Q̂] ≤ V^π at every state for every α > 0 (Theorem 3.2)",
              rule: EveryInstanceRule(quantity: "max_s (V̂ − V^π) in tolerances", limit: 1),
              figure: "largest_excess_over_tolerance", rows(\.v2Excess), what: what, macro: "ExactVTwo")
        let q2 = rows(\.q2Excess)
        let rule4 = SomeInstanceRule(quantity: "max_{s,a} (Q̂ − Q^π) in tolerances", limit: 1, side: .above)
        let shows = q2.filter { rule4.shows($0.0) }.count
        let best = q2.indices.max { q2[$0].0 < q2[$1].0 }
        let fractionPairs = Statistics.mean(outcomes.flatMap { $0.rows.map(\.q2AboveFraction) })
        verdicts.append(Verdict(
            id: "C12.4", statement: "Eq. 2's fixed point is not a pointwise lower bound on Q^π: some pair has Q̂ > Q^π",
            verdict: rule4.verdict(q2.map(\.0)), figure: "largest_excess_over_tolerance", value: best.map { q2[$0].0 } ?? .nan,
            rule: rule4.statement,
            detail: "\(shows) of \(q2.count) Garnet instances × α have a pair above Q^π; on average \(fmt(fractionPairs)) of the pairs; the largest is \(best.map { q2[$0].1 } ?? "none")"))
        macros.define("ExactQTwoShare", number: Double(shows) / Double(max(q2.count, 1)))
        macros.define("ExactQTwoPairs", number: fractionPairs)
        macros.define("VerdictExactQTwo", rule4.verdict(q2.map(\.0)).rawValue)
        every("C12.5", "Eq. 2's extra maximisation term under π̂_β tightens the bound: Q̂₂ − Q̂₁ = α/(1−γ) at every pair",
              rule: EveryInstanceRule(quantity: "|Q̂₂ − Q̂₁ − α/(1−γ)| in tolerances", limit: 1),
              figure: "largest_residual_over_tolerance", rows(\.tighterResidual), what: what, macro: "Tighter")
    }

    /// A fraction judged by its Wilson interval at each (γ, size); the row names the settings.
    mutating func fraction(_ id: String, _ statement: String, rule: IntervalRule, figure: String, macro: String,
                           _ outcomes: [SampledPart.DatasetOutcome], _ success: (SampledPart.DatasetOutcome) -> Bool?,
                           extra: (([SampledPart.DatasetOutcome]) -> String)? = nil) {
        var per: [(setting: String, verdict: VerdictKind)] = []
        var parts: [String] = []
        var total = 0, hits = 0, undefined = 0
        for gamma in config.sampledDiscounts {
            for size in config.perStateSizes {
                let os = outcomes.filter { $0.gamma == gamma && $0.perState == size }
                let judged = os.compactMap(success)
                undefined += os.count - judged.count
                let k = judged.filter { $0 }.count
                total += judged.count; hits += k
                let v = rule.verdict(successes: k, n: judged.count)
                per.append(("γ = \(gamma), |D(s)| = \(size)", v))
                let w = judged.isEmpty ? (lower: Double.nan, upper: Double.nan) : Statistics.wilsonInterval(successes: k, n: judged.count)
                parts.append("γ = \(gamma), |D(s)| = \(size): \(k)/\(judged.count) [\(fmt(w.lower)), \(fmt(w.upper))]" + (extra.map { "; " + $0(os) } ?? ""))
            }
        }
        let p = PerSetting(per)
        let value = total > 0 ? Double(hits) / Double(total) : .nan
        verdicts.append(Verdict(id: id, statement: statement, verdict: p.verdict, figure: figure, value: value,
                                rule: PerSetting.statement + "; at each " + rule.statement + " (Wilson interval over datasets)",
                                detail: "\(p.summary); " + parts.joined(separator: "; ")
                                    + (undefined > 0 ? "; \(undefined) datasets with an infinite threshold left out" : "")))
        macros.define(macro, number: value)
        macros.define("Verdict" + macro, p.verdict.rawValue)
    }

    mutating func sampledVerdicts(_ outcomes: [SampledPart.DatasetOutcome]) {
        let level = 1 - config.delta
        func ratio(_ os: [SampledPart.DatasetOutcome]) -> String {
            let r = os.filter { $0.threshold1.isFinite && $0.threshold1 > 0 }.map { $0.alphaStar1 / $0.threshold1 }
            return r.isEmpty ? "no ratio" : "median α*/threshold \(fmt(Statistics.median(r)))"
        }
        fraction("C12.6", "with sampling error, for α at Theorem 3.1's threshold, max_{s,a} C_{r,T,δ}R_max π̂_β(a|s)/((1−γ)√|D(s,a)| μ(a|s)), Eq. 1's fixed point lies below Q^π at every seen pair with probability ≥ 1 − δ",
                 rule: IntervalRule(quantity: "the fraction of datasets where the bound holds", threshold: level, side: .above),
                 figure: "fraction_of_datasets_where_bound_holds", macro: "SampledQOne", outcomes, { $0.holds1 }, extra: ratio)
        fraction("C12.7", "with sampling error, for α above Theorem 3.2's threshold as stated, C_{r,T,δ}R_max/(1−γ)·max_s 1/(√|D(s)| χ²(π‖π̂_β)(s)), Eq. 2's V̂ = E_π[Q̂] ≤ V^π at every state with probability ≥ 1 − δ",
                 rule: IntervalRule(quantity: "the fraction of datasets where the bound holds", threshold: level, side: .above),
                 figure: "fraction_of_datasets_where_bound_holds", macro: "SampledVTwo", outcomes, { $0.holds2 })
        let above = outcomes.compactMap { o in o.q2Above.map { ($0 ? 2.0 : 0.0, o.label) } }
        let rule8 = SomeInstanceRule(quantity: "an indicator of a seen pair with Q̂ > Q^π beyond tolerance", limit: 1, side: .above)
        let count8 = above.filter { rule8.shows($0.0) }.count
        verdicts.append(Verdict(
            id: "C12.8", statement: "with sampling error, at Theorem 3.2's α Eq. 2 still does not bound Q^π pointwise: some dataset has a seen pair with Q̂ > Q^π",
            verdict: rule8.verdict(above.map(\.0)), figure: "datasets_with_a_pair_above", value: Double(count8),
            rule: rule8.statement,
            detail: "\(count8) of \(above.count) datasets (finite threshold)" + (above.first { rule8.shows($0.0) }.map { "; the first is \($0.1)" } ?? "")))
        macros.define("SampledQTwoAbove", integer: count8)
        macros.define("SampledQTwoJudged", integer: above.count)
        macros.define("VerdictSampledQTwo", rule8.verdict(above.map(\.0)).rawValue)
        fraction("C12.9", "naive offline evaluation (α = 0, the empirical Bellman fixed point) overestimates Q^π at some seen pair in most datasets",
                 rule: IntervalRule(quantity: "the fraction of datasets with a pair above Q^π", threshold: 0.5, side: .above),
                 figure: "fraction_of_datasets_overestimating", macro: "NaiveEval", outcomes, { $0.naiveExcess > 1 })
        fraction("C12.10", "naive offline Q-learning (the max over the data's actions) overestimates: its estimate ρ₀ᵀV̂* exceeds the true value of its own greedy policy in most datasets",
                 rule: IntervalRule(quantity: "the fraction of datasets with ρ₀ᵀ(V̂* − V^π̂) above its tolerance", threshold: 0.5, side: .above),
                 figure: "fraction_of_datasets_overestimating", macro: "NaiveQ", outcomes, { $0.naiveOverestimation > $0.naiveTolerance },
                 extra: { os in "mean (1−γ)ρ₀ᵀ(V̂* − V^π̂) \(fmt(Statistics.mean(os.map { $0.naiveOverestimation * (1 - $0.gamma) })))" })

        // How conservative the theorems' thresholds are: the exact smallest α over the threshold.
        let r1 = outcomes.filter { $0.threshold1.isFinite && $0.threshold1 > 0 }.map { $0.alphaStar1 / $0.threshold1 }
        let r2 = outcomes.filter { $0.threshold2.isFinite && $0.threshold2 > 0 }.map { $0.alphaStar2 / $0.threshold2 }
        macros.define("RatioOneMedian", number: r1.isEmpty ? .nan : Statistics.median(r1))
        macros.define("RatioOneMax", number: r1.max() ?? .nan)
        macros.define("RatioTwoMedian", number: r2.isEmpty ? .nan : Statistics.median(r2))
        macros.define("RatioTwoMax", number: r2.max() ?? .nan)
        macros.define("InfiniteThresholdTwo", integer: outcomes.filter { !$0.threshold2.isFinite }.count)
        macros.define("ZeroAlphaStarOne", integer: outcomes.filter { $0.alphaStar1 == 0 }.count)
    }

    mutating func maximiserVerdicts(_ outcomes: [ExactPart.Outcome]) {
        func rows(_ f: (ExactPart.MaximiserRow) -> Double, where keep: (ExactPart.MaximiserRow) -> Bool = { _ in true }) -> [(Double, String)] {
            outcomes.flatMap { o in o.maximiser.filter(keep).map { (f($0), "\(o.label), state \($0.state), α = \(RuleNumber.text($0.alpha))") } }
        }
        let what = "Garnet instances × states × α (Q = Q^π, ρ uniform)"
        every("C12.11", "the notes' §5.3.2: with R(μ) = −D_KL(μ‖ρ), the maximising distribution of α·E_μ[Q] + R(μ) is μ ∝ ρ·exp(Q)",
              rule: EveryInstanceRule(quantity: "max_μ objective − objective at μ ∝ ρ·exp(Q), in rounding tolerances", limit: 1),
              figure: "largest_shortfall_over_tolerance", rows(\.notesGap), what: what, macro: "NotesShortfall")
        let atOne = rows(\.notesGap, where: { $0.alpha == 1 }).map(\.0).max() ?? .nan
        verdicts[verdicts.count - 1].detail += "; at α = 1 the largest shortfall is \(fmt(atOne)) tolerances (the statement holds there only)"
        macros.define("NotesShortfallAtOne", number: atOne)
        // The corrected statement: three checks, all must hold.
        let rule = EveryInstanceRule(quantity: "largest of (|objective − log Σ ρ e^{αQ}|, gain of a perturbation, |μ − analytical update with C = 1/α|) in tolerances", limit: 1)
        let combined = rows { max($0.attainment, $0.perturbationExcess, $0.analyticalDifference) }
        every("C12.12", "corrected: the maximiser is μ ∝ ρ·exp(αQ) (μ ∝ ρ·exp(Q) when the regulariser is scaled by α too, as CQL(H)'s α·log Σ exp Q assumes); it attains log Σ_a ρ(a)e^{αQ(a)}, no move of mass improves it, and it is C5's analytical update of ρ with A = Q and C = 1/α",
              rule: rule, figure: "largest_of_three_over_tolerance", combined, what: what, macro: "Maximiser")
    }

    mutating func sizeRows(_ outcomes: [SampledPart.DatasetOutcome]) {
        for gamma in config.sampledDiscounts {
            for size in config.perStateSizes {
                let os = outcomes.filter { $0.gamma == gamma && $0.perState == size }
                guard !os.isEmpty else { continue }
                let finite1 = os.filter { $0.threshold1.isFinite && $0.threshold1 > 0 }
                let h1 = os.compactMap(\.holds1), h2 = os.compactMap(\.holds2)
                func share(_ xs: [Bool]) -> String { xs.isEmpty ? "--" : "\(xs.filter { $0 }.count)/\(xs.count)" }
                sizeTable.append([
                    "\(gamma)", "\(size)", "\(os.count)", LaTeXTable.number(Statistics.mean(os.map(\.seenFraction))),
                    LaTeXTable.number(Statistics.median(os.map(\.alphaStar1))),
                    finite1.isEmpty ? "--" : LaTeXTable.number(Statistics.median(finite1.map(\.threshold1))),
                    finite1.isEmpty ? "--" : LaTeXTable.number(finite1.map { $0.alphaStar1 / $0.threshold1 }.max()!),
                    share(h1), share(h2), share(os.map { $0.naiveExcess > 1 }),
                    share(os.map { $0.naiveOverestimation > $0.naiveTolerance }),
                ])
            }
        }
    }
}
