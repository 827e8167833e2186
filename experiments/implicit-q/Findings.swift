import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// Verdicts, cited numbers and the gap table, computed from the three parts.
struct Findings: VerdictCollecting {
    var verdicts: [Verdict] = []
    var macros = LaTeXMacros(prefix: "iq")
    var gapTable = LaTeXTable(header: ["$\\gamma$", "$\\tau$", "max gap to $V^*_\\beta$", "max gap to $V^*$",
                                       "min gap to $V^*$, unseen best"], alignment: "rrrrr")

    let config: Configuration

    init(config: Configuration, expectiles: [ExpectilePart.Outcome], instances: [FixedPointPart.Outcome]) {
        self.config = config
        macros.define("Distributions", integer: expectiles.count)
        macros.define("Instances", integer: instances.count)
        macros.define("Gammas", config.discounts.map { "\($0)" }.joined(separator: ", "))
        macros.define("Taus", config.taus.map { "\($0)" }.joined(separator: ", "))
        macros.define("ExtractionTau", "\(config.extractionTau)")
        expectileVerdicts(expectiles)
        fixedPointVerdicts(instances)
        extractionVerdicts(instances)
        gapRows(instances)
        macros.define("VerdictCount", integer: verdicts.count)
        macros.define("RefutedCount", integer: verdicts.filter { $0.verdict == .refuted }.count)
    }


    /// `x / tolerance`, with an exact zero (e.g. a distribution whose support is one value, where both
    /// the difference and its tolerance vanish) counted as 0.
    func units(_ x: Double, _ tolerance: Double) -> Double { x == 0 ? 0 : x / tolerance }

    func fmt(_ x: Double) -> String { String(format: "%.3g", x).replacingOccurrences(of: "-", with: "−") }

    mutating func expectileVerdicts(_ outcomes: [ExpectilePart.Outcome]) {
        let inner = { (r: ExpectilePart.Row) in r.tau > 0 && r.tau < 1 }
        var bisect: [(Double, String)] = [], direct: [(Double, String)] = [], decrease: [(Double, String)] = []
        var mean: [(Double, String)] = [], top: [(Double, String)] = []
        var farthest = 0.0
        for o in outcomes {
            for r in o.rows where inner(r) {
                bisect.append((units(abs(r.exact - r.bisection), r.tolerance), "\(o.label), τ = \(r.tau)"))
                direct.append((units(r.lossExact - r.lossDirect, r.lossTolerance), "\(o.label), τ = \(r.tau)"))
                if o.maximum > o.minimum { farthest = max(farthest, abs(r.exact - r.directMinimiser) / (o.maximum - o.minimum)) }
                if r.tau >= 0.5 {
                    top.append((units(o.maximum - r.exact, r.gapBound + r.tolerance), "\(o.label), τ = \(r.tau)"))
                }
                if r.tau == 0.5 { mean.append((units(abs(r.exact - o.mean), r.tolerance), o.label)) }
            }
            for (a, b) in zip(o.rows, o.rows.dropFirst()) {
                decrease.append((units(a.exact - b.exact, a.tolerance + b.tolerance), "\(o.label), τ = \(a.tau) to \(b.tau)"))
            }
        }
        let n = "distributions × τ"
        every("C13.1", "the exact solve of the expectile's first-order condition agrees with bisection on it",
              rule: EveryInstanceRule(quantity: "|exact − bisection| in rounding tolerances", limit: 1),
              figure: "largest_difference_over_rounding_tolerance", bisect, what: n, macro: "Bisection")
        every("C13.2", "no point found by Nelder–Mead on the expectile loss has a lower loss than the exact solve",
              rule: EveryInstanceRule(quantity: "loss(exact) − loss(Nelder–Mead) in rounding tolerances of the loss", limit: 1),
              figure: "largest_loss_excess_over_rounding_tolerance", direct, what: n, macro: "DirectExcess")
        verdicts[verdicts.count - 1].detail += "; the two points differ by at most \(fmt(farthest)) of max − min"
        macros.define("DirectDistance", number: farthest)
        every("C13.3", "the τ-expectile is non-decreasing in τ",
              rule: EveryInstanceRule(quantity: "decrease from one τ to the next in rounding tolerances", limit: 1),
              figure: "largest_decrease_over_rounding_tolerance", decrease, what: "consecutive τ pairs", macro: "ExpectileDecrease")
        every("C13.4", "the ½-expectile is the mean",
              rule: EveryInstanceRule(quantity: "|m_½ − mean| in rounding tolerances", limit: 1),
              figure: "largest_difference_over_rounding_tolerance", mean, what: "distributions", macro: "MeanDifference")
        every("C13.5", "the τ-expectile tends to the maximum of the support as τ → 1: max − m_τ ≤ (1−τ)(1−p_max)(max − min)/(τ p_max)",
              rule: EveryInstanceRule(quantity: "(max − m_τ)/(bound + tolerance)", limit: 1),
              figure: "largest_gap_over_bound", top, what: "distributions × τ ≥ 0.5", macro: "MaxRatio")
        let last = config.expectileTaus.last!
        let lastGap = outcomes.compactMap { o -> Double? in
            guard o.maximum > o.minimum, let r = o.rows.last else { return nil }
            return (o.maximum - r.exact) / (o.maximum - o.minimum)
        }.max() ?? .nan
        verdicts[verdicts.count - 1].detail += "; at τ = \(last) the largest (max − m_τ)/(max − min) is \(fmt(lastGap))"
        macros.define("LastRelativeGap", number: lastGap)
    }

    mutating func fixedPointVerdicts(_ outcomes: [FixedPointPart.Outcome]) {
        every("C13.6", "at τ = ½ IQL's fixed point is the behaviour policy's value V_{π_β}",
              rule: EveryInstanceRule(quantity: "max_s |V_½ − V_{π_β}| in tolerances", limit: 1),
              figure: "largest_difference_over_tolerance", outcomes.map { ($0.halfDifference, $0.cell.label) },
              what: "Garnet instances", macro: "HalfDifference")
        every("C13.7", "IQL's fixed point V_τ is non-decreasing in τ at every state",
              rule: EveryInstanceRule(quantity: "largest decrease of V_τ(s) as τ grows, in tolerances", limit: 1),
              figure: "largest_decrease_over_tolerance", outcomes.map { ($0.largestDecrease, $0.cell.label) },
              what: "Garnet instances (every pair of τ, every state)", macro: "ValueDecrease")
        every("C13.8", "V_τ never exceeds the in-support optimum V*_β, at any τ",
              rule: EveryInstanceRule(quantity: "max_s (V_τ − V*_β) in tolerances", limit: 1),
              figure: "largest_excess_over_tolerance",
              outcomes.map { o in (o.rows.map(\.aboveInSupport).max()!, o.cell.label) },
              what: "Garnet instances × τ", macro: "AboveInSupport")

        // C13.9: judged at each γ.
        let limitRule = EveryInstanceRule(quantity: "(1−γ)·max_s |V_{τ→1} − V*_β|", limit: 1e-6)
        var outcomesPerGamma: [(setting: String, verdict: VerdictKind)] = []
        var parts: [String] = []
        for gamma in config.discounts {
            let os = outcomes.filter { $0.cell.gamma == gamma }
            outcomesPerGamma.append(("γ = \(gamma)", limitRule.verdict(os.map(\.limitGap))))
            let at999 = os.compactMap { $0.rows.first { $0.tau == 0.999 }?.gapInSupport }.max() ?? .nan
            parts.append("γ = \(gamma): limit gap ≤ \(fmt(os.map(\.limitGap).max() ?? .nan)), gap at τ = 0.999 ≤ \(fmt(at999))")
        }
        let per = PerSetting(outcomesPerGamma)
        let worst = outcomes.max { $0.limitGap < $1.limitGap }
        verdicts.append(Verdict(
            id: "C13.9", statement: "as τ → 1 IQL's fixed point tends to the in-support optimum V*_β (the optimal value of the MDP restricted to π_β's support)",
            verdict: per.verdict, figure: "largest_scaled_limit_gap",
            value: worst?.limitGap ?? .nan, rule: PerSetting.statement + "; at each γ " + limitRule.statement,
            detail: "\(per.summary); limit extrapolated linearly in 1 − τ from τ = \(config.extrapolationTaus.map { "\($0)" }.joined(separator: ", ")); " + parts.joined(separator: "; ") + (worst.map { "; the worst is \($0.cell.label)" } ?? "")))
        macros.define("LimitGap", number: worst?.limitGap ?? .nan)
        macros.define("VerdictLimitGap", per.verdict.rawValue)
        let gap999 = outcomes.compactMap { $0.rows.first { $0.tau == 0.999 }?.gapInSupport }.max() ?? .nan
        macros.define("GapAtNineNineNine", number: gap999)

        every("C13.10", "IQL's fixed point is within ‖b_τ‖∞/(1−γ) of the in-support optimum, b_τ(s) = (1−τ)(1−p)(spread of Q_τ(s,·) on the support)/(τ p) with p = π_β of the best supported action; a bound ∝ 1 − τ, so V_τ → V*_β as τ → 1",
              rule: EveryInstanceRule(quantity: "max_s (V*_β − V_τ) / (‖b_τ‖∞/(1−γ) + tolerance)", limit: 1),
              figure: "largest_gap_over_bound", outcomes.map { ($0.boundRatio, $0.cell.label) },
              what: "Garnet instances (every τ, including the two next to 1)", macro: "BoundRatio")
        let b999 = outcomes.map(\.boundAt999).max() ?? .nan
        verdicts[verdicts.count - 1].detail += "; the largest ‖b_τ‖∞ at τ = 0.999 is \(fmt(b999))"
        macros.define("BoundAtNineNineNine", number: b999)

        let unseen = outcomes.filter { $0.inSupportLoss > 1000 * $0.optimalTolerance }
        every("C13.11", "when an action outside π_β's support is better, the τ → 1 limit stays away from V*: max_s (V* − V_{τ→1}) is at least half of max_s (V* − V*_β)",
              rule: EveryInstanceRule(quantity: "max_s (V* − V_{τ→1}) / max_s (V* − V*_β)", limit: 0.5, side: .atLeast),
              figure: "smallest_limit_gap_to_optimum_ratio", unseen.map { ($0.limitGapOptimal / $0.inSupportLoss, $0.cell.label) },
              what: "Garnet instances whose unseen actions are better (V* − V*_β above 1000 tolerances)", macro: "AwayRatio")
        macros.define("UnseenInstances", integer: unseen.count)
        macros.define("UnseenStates", integer: outcomes.reduce(0) { $0 + $1.unseenOptimal })
        macros.define("States", integer: outcomes.reduce(0) { $0 + $1.states })
    }

    mutating func extractionVerdicts(_ outcomes: [FixedPointPart.Outcome]) {
        func rows(_ f: (FixedPointPart.BetaRow) -> Double) -> [(Double, String)] {
            outcomes.flatMap { o in o.betas.map { (f($0), "\(o.cell.label), β = \(RuleNumber.text($0.beta))") } }
        }
        let what = "Garnet instances × β"
        every("C13.12", "advantage-weighted extraction π ∝ π_β·exp(βA) puts no mass outside π_β's support",
              rule: EveryInstanceRule(quantity: "largest probability outside the support", limit: 0),
              figure: "largest_probability_outside_support", rows(\.outsideMass), what: what, macro: "OutsideMass")
        every("C13.13", "advantage-weighted extraction is C5's analytical update with C = 1/β",
              rule: EveryInstanceRule(quantity: "max |π − analytical update| in rounding tolerances", limit: 1),
              figure: "largest_difference_over_rounding_tolerance", rows(\.analyticalDifference), what: what, macro: "AnalyticalDifference")
        every("C13.14", "the extracted policy's distance to the greedy in-support policy is at most Σ_{a≠a*} π_β(a)/π_β(a*)·exp(−β(A(a*) − A(a))), which → 0 as β → ∞",
              rule: EveryInstanceRule(quantity: "(TV − bound) in rounding tolerances", limit: 1),
              figure: "largest_excess_over_rounding_tolerance", rows(\.boundExcess), what: what, macro: "BoundExcess")
        let top = config.betas.last!
        let ties = outcomes.reduce(0) { $0 + ($1.betas.last?.tiedStates ?? 0) }
        every("C13.15", "as β → ∞ the extracted policy is the greedy in-support policy (states without a near tie)",
              rule: EveryInstanceRule(quantity: "total variation to the greedy in-support policy at β = \(RuleNumber.text(top))", limit: 1e-12),
              figure: "largest_total_variation_at_largest_beta",
              outcomes.map { ($0.betas.last!.totalVariation, $0.cell.label) }, what: "Garnet instances", macro: "GreedyDistance")
        verdicts[verdicts.count - 1].detail += "; \(ties) states with an in-support advantage gap below 10⁻⁶ left out"
        let squeezed = outcomes.filter { $0.notesLossDrop != 0 }
        every("C13.16", "the notes' Algorithm 1, descending L_π = E[exp(β(Q − V)) log π] as written, is minimised by π ∝ π_β·exp(βA): no policy has a lower L_π",
              rule: EveryInstanceRule(quantity: "L_π(π with mass 10⁻⁶ on all but one supported action) − L_π(π ∝ π_β e^{βA})", limit: 0, side: .atLeast),
              figure: "smallest_loss_difference", squeezed.map { ($0.notesLossDrop, "\($0.cell.label), state 0, β = 1") },
              what: "Garnet instances with two or more supported actions at state 0", macro: "NotesLossDrop")
        every("C13.17", "with L_π maximised instead (the sign reversed), π ∝ π_β·exp(βA) is its maximiser",
              rule: EveryInstanceRule(quantity: "L_π(perturbed) − L_π(π ∝ π_β e^{βA}) in rounding tolerances", limit: 1),
              figure: "largest_increase_over_rounding_tolerance", squeezed.map { ($0.maximiserExcess, "\($0.cell.label), state 0, β = 1") },
              what: "Garnet instances (mass 10⁻³, 10⁻², 10⁻¹ moved between every pair of supported actions)", macro: "MaximiserExcess")
    }

    mutating func gapRows(_ outcomes: [FixedPointPart.Outcome]) {
        for gamma in config.discounts {
            let os = outcomes.filter { $0.cell.gamma == gamma }
            let unseen = os.filter { $0.inSupportLoss > 1000 * $0.optimalTolerance }
            for (i, tau) in config.taus.enumerated() {
                gapTable.append(["\(gamma)", "\(tau)", LaTeXTable.number(os.map { $0.rows[i].gapInSupport }.max() ?? .nan),
                                 LaTeXTable.number(os.map { $0.rows[i].gapOptimal }.max() ?? .nan),
                                 unseen.isEmpty ? "--" : LaTeXTable.number(unseen.map { $0.rows[i].gapOptimal }.min()!)])
            }
            gapTable.append(["\(gamma)", "$\\to1$", LaTeXTable.number(os.map(\.limitGap).max() ?? .nan), "",
                             unseen.isEmpty ? "--" : LaTeXTable.number(unseen.map { $0.limitGapOptimal * (1 - gamma) }.min()!)])
        }
    }
}
