import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// What the data say: verdicts (each computed from the data by a rule stated in its detail),
/// the numbers the report cites (LaTeX macros), and the report's tables.
struct Findings {
    var verdicts: [Verdict] = []
    var macros = LaTeXMacros(prefix: "pd")
    var exactTable = LaTeXTable(header: ["$\\gamma$", "instances", "max $\\kappa_\\infty$", "on-policy", "importance",
                                         "Lemma 10", "max gap/tol."], alignment: "rrrrrrr")
    var monteCarloTable = LaTeXTable(header: ["$\\gamma$", "$N$", "cov.\\ traj.", "cov.\\ on-pol.", "cov.\\ IS",
                                              "RMSE traj.", "RMSE on-pol.", "RMSE IS"], alignment: "rrrrrrrr")
    var mismatchTable = LaTeXTable(header: ["instances", "pairs", "$\\alpha$ range", "max gap/coupling",
                                            "max gap/$2\\alpha t$", "median gap/coupling at $T$"],
                                   alignment: "lrrrrr")

    init(config: Configuration, exact: [ExactIdentities.Outcome], instances: [MonteCarlo.Instance],
         mcSummary: [MonteCarlo.SummaryRow], paths: [SurrogateGap.Path], points: [[SurrogateGap.Point]],
         curves: [StateMismatch.Curve]) {
        exactFindings(config, exact)
        monteCarloFindings(config, instances, mcSummary)
        surrogateFindings(paths, points)
        mismatchFindings(config, curves)
    }

    // MARK: Part 1

    private mutating func exactFindings(_ config: Configuration, _ exact: [ExactIdentities.Outcome]) {
        let statements: [ExactIdentities.Form: (String, String, String)] = [
            .onPolicy: ("C1.1", "J(π′) − J(π) = E[A_π(s,a)] / (1 − γ) with s ∼ d^π′, a ∼ π′, exactly", "OnPolicy"),
            .importance: ("C1.2", "J(π′) − J(π) = E[(π′(a|s)/π(a|s)) A_π(s,a)] / (1 − γ) with s ∼ d^π′, a ∼ π, exactly", "Importance"),
            .lemma10: ("C1.3", "E_τ∼π[Σ_t γ^t f(s_t,a_t)] = E[f(s,a)] / (1 − γ) with s ∼ d^π, a ∼ π, exactly (Lemma 10)", "Lemma"),
        ]
        let rule = EveryInstanceRule(quantity: "gap/tolerance (tolerance 3n·κ∞·u·scale)", limit: 1)
        for form in ExactIdentities.Form.allCases {
            let (id, statement, macro) = statements[form]!
            let relative = exact.map { form.gap($0) / form.scale($0) }
            let overTolerance = exact.map { form.gap($0) / form.tolerance($0) }
            let worst = rule.worstIndex(overTolerance)!
            let w = exact[worst].cell
            let maxRel = relative.max()!
            verdicts.append(Verdict(
                id: id, statement: statement, verdict: rule.verdict(overTolerance),
                figure: "max_rel_gap", value: maxRel, rule: rule.statement,
                detail: "\(exact.count) Garnet instances, γ from \(exact.map(\.cell.gamma).min()!) to "
                    + "\(exact.map(\.cell.gamma).max()!), n up to \(exact.map(\.cell.shape.states).max()!); "
                    + "largest gap/tolerance \(String(format: "%.3g", overTolerance[worst])) at "
                    + "\(w.shape), γ=\(w.gamma), \(w.change), instance \(w.instance)"))
            macros.define("MaxRelGap\(macro)", number: maxRel)
            macros.define("MaxAbsGap\(macro)", number: exact.map(form.gap).max()!)
            macros.define("MaxGapOverTol\(macro)", number: overTolerance[worst])
        }
        macros.define("ExactInstances", integer: exact.count)
        macros.define("ExactMaxStates", integer: exact.map(\.cell.shape.states).max()!)
        macros.define("ExactMaxKappa", number: exact.map(\.kappa).max()!)
        macros.define("ExactMaxTV", number: exact.map(\.maxTV).max()!)
        macros.define("ExactMinTV", number: exact.map(\.maxTV).min()!)
        for gamma in config.exactDiscounts {
            let group = exact.filter { $0.cell.gamma == gamma }
            if group.isEmpty { continue }
            func worst(_ f: ExactIdentities.Form) -> Double { group.map { f.gap($0) / f.scale($0) }.max()! }
            let tol = group.map { o in ExactIdentities.Form.allCases.map { $0.gap(o) / $0.tolerance(o) }.max()! }.max()!
            exactTable.append(["$\(gamma)$", "\(group.count)", LaTeXTable.number(group.map(\.kappa).max()!),
                               LaTeXTable.number(worst(.onPolicy), digits: 2),
                               LaTeXTable.number(worst(.importance), digits: 2),
                               LaTeXTable.number(worst(.lemma10), digits: 2), LaTeXTable.number(tol, digits: 2)])
        }
    }

    // MARK: Part 2

    private mutating func monteCarloFindings(_ config: Configuration, _ instances: [MonteCarlo.Instance],
                                             _ rows: [MonteCarlo.SummaryRow]) {
        // Sizes come from the data, not the configuration, so the rules apply to whatever was run.
        let largest = rows.map(\.samples).max()!
        let atLargest = rows.filter { $0.samples == largest }
        // Bonferroni: k intervals are tested at once, so each is a Wilson interval at level 1 − 0.05/k.
        let nominal = 0.95
        let familyLevel = 1 - 0.05 / Double(atLargest.count)
        let cells = PerSetting(atLargest.map { row in
            let w = Statistics.wilsonInterval(successes: row.hits, n: row.replications, level: familyLevel)
            return ("\(row.estimator) at γ = \(row.gamma)", w.lower <= nominal && nominal <= w.upper ? .confirmed : .refuted)
        })
        let worstCoverage = atLargest.min { $0.coverage < $1.coverage }!
        let smallest = rows.map(\.samples).min()!
        let atSmallest = rows.filter { $0.samples == smallest }
        let worstSmall = atSmallest.min { $0.coverage < $1.coverage }!
        verdicts.append(Verdict(
            id: "C1.4", statement: "95% intervals of the lemma's Monte Carlo estimates cover J(π′) − J(π) at their nominal rate",
            verdict: cells.verdict, figure: "min_coverage_at_largest_N", value: worstCoverage.coverage,
            rule: "per estimator and γ, confirmed if the Wilson interval of the coverage at Bonferroni level "
                + "\(String(format: "%.4f", familyLevel)) contains \(RuleNumber.text(nominal)), refuted if it excludes it; "
                + PerSetting.statement,
            detail: "\(worstCoverage.replications) replications per γ, N = \(largest); \(cells.summary); "
                + "lowest \(String(format: "%.3f", worstCoverage.coverage)) (\(worstCoverage.estimator), γ=\(worstCoverage.gamma)); "
                + "at N = \(smallest) the lowest is \(String(format: "%.3f", worstSmall.coverage)) "
                + "(\(worstSmall.estimator), γ=\(worstSmall.gamma))"))

        var slopes: [(Double, String, Double)] = []
        for inst in instances {
            for e in MonteCarlo.estimators {
                slopes.append((inst.gamma, e, MonteCarlo.rateSlope(rows, gamma: inst.gamma, estimator: e)))
            }
        }
        let farthest = slopes.max { abs($0.2 + 0.5) < abs($1.2 + 0.5) }!
        let rate = RangeRule(quantity: "least-squares slope of log RMSE on log N", lower: -0.6, upper: -0.4)
        verdicts.append(Verdict(
            id: "C1.5", statement: "the Monte Carlo error shrinks like 1/√N",
            verdict: rate.verdict(slopes.map(\.2)), figure: "rmse_slope_farthest_from_-0.5", value: farthest.2,
            rule: rate.statement,
            detail: "N = \(smallest)…\(largest), 3 estimators × \(instances.count) γ; farthest \(farthest.1) at γ=\(farthest.0); slopes "
                + slopes.map { String(format: "%.3f", $0.2) }.joined(separator: " ")))

        macros.define("MCReplications", integer: worstCoverage.replications)
        macros.define("MCLargestN", integer: largest)
        macros.define("MCSmallestN", integer: smallest)
        macros.define("MCMinCoverage", number: worstCoverage.coverage)
        macros.define("MCMaxCoverage", number: atLargest.map(\.coverage).max()!)
        macros.define("MCMinCoverageSmallN", number: worstSmall.coverage)
        macros.define("MCWorstSlope", number: farthest.2)
        for row in rows {
            if row.estimator != MonteCarlo.estimators[0] { continue }
            let same = rows.filter { $0.gamma == row.gamma && $0.samples == row.samples }
            func by(_ e: String) -> MonteCarlo.SummaryRow { same.first { $0.estimator == e }! }
            let (t, o, i) = (by("trajectory"), by("onpolicy"), by("importance"))
            monteCarloTable.append(["$\(row.gamma)$", "\(row.samples)",
                                    String(format: "%.3f", t.coverage), String(format: "%.3f", o.coverage),
                                    String(format: "%.3f", i.coverage),
                                    LaTeXTable.number(t.rmse), LaTeXTable.number(o.rmse), LaTeXTable.number(i.rmse)])
        }
    }

    // MARK: Part 3

    private mutating func surrogateFindings(_ paths: [SurrogateGap.Path], _ points: [[SurrogateGap.Point]]) {
        // Per path: the gap at the largest change, and the local order over α ≤ 0.05.
        var orders: [Double] = []
        var smallestLargeGap = Double.infinity
        for (path, list) in zip(paths, points) {
            let local = list.filter { $0.maxTV <= 0.05 && $0.gap > 0 && $0.maxTV > 0 }
            if local.count >= 3 {
                orders.append(Statistics.slope(x: local.map { log($0.maxTV) }, y: local.map { log($0.gap) }))
            }
            let last = list.last!
            smallestLargeGap = min(smallestLargeGap, last.gap / max(abs(last.jDifference), 1e-300))
            _ = path
        }
        let median = Statistics.median(orders)
        let nonzero = EveryInstanceRule(quantity: "gap/|J(π′) − J(π)| at the largest change", limit: 1e-6, side: .atLeast)
        let secondOrder = RangeRule(quantity: "median slope of log gap on log α over α ≤ 0.05", lower: 1.8, upper: 2.2)
        let parts = [nonzero.verdict([smallestLargeGap]), secondOrder.verdict([median])]
        let allGaps = points.flatMap { $0 }
        verdicts.append(Verdict(
            id: "C1.6", statement: "L_π(π′) ≠ J(π′), and the error grows with the policy change (second order in α)",
            verdict: VerdictKind.allOf(parts), figure: "median_local_order", value: median,
            rule: "both parts must hold (refuted if either fails): " + nonzero.statement + "; " + secondOrder.statement,
            detail: "\(paths.count) paths (MDP × γ × change kind); smallest ratio \(String(format: "%.3g", smallestLargeGap)); "
                + "local orders \(String(format: "%.2f", orders.min() ?? .nan))…\(String(format: "%.2f", orders.max() ?? .nan)); "
                + "L_π(π′) ≠ J(π′): \(parts[0].rawValue); second order: \(parts[1].rawValue)"))
        macros.define("SurrogateOrder", number: median)
        macros.define("SurrogateOrderMin", number: orders.min() ?? .nan)
        macros.define("SurrogateOrderMax", number: orders.max() ?? .nan)
        macros.define("SurrogateMaxGap", number: allGaps.map(\.gap).max()!)
        macros.define("SurrogateSmallestLargeRatio", number: smallestLargeGap)
    }

    // MARK: Part 4

    private mutating func mismatchFindings(_ config: Configuration, _ curves: [StateMismatch.Curve]) {
        let random = curves.filter { $0.pair.shape != nil }
        let tight = curves.filter { $0.pair.shape == nil }
        let worstCoupling = StateMismatch.worstRatio(random, linear: false)
        let worstLinear = StateMismatch.worstRatio(random, linear: true)
        let tightRatio = StateMismatch.worstRatio(tight, linear: false)
        let tightMin = tight.flatMap { c in
            c.gaps.enumerated().dropFirst().map { $0.element / DistributionMismatch.couplingBound(alpha: c.alpha, step: $0.offset) }
        }.min() ?? .nan
        // Rounding: each marginal is a product of stochastic matrices, accurate to a few ulps per step.
        let rule = EveryInstanceRule(quantity: "ratio of gap to bound", limit: 1 + 1e-12, limitText: "1 + 10⁻¹²")
        let horizon = curves.map { $0.gaps.count - 1 }.max()!
        verdicts.append(Verdict(
            id: "C2.1", statement: "Σ_s |p_π′(s_t) − p_π(s_t)| ≤ 2(1 − (1 − α)^t) for every t",
            verdict: rule.verdict([worstCoupling]), figure: "max_ratio_to_bound", value: worstCoupling, rule: rule.statement,
            detail: "\(random.count) random pairs, t = 0…\(horizon); "
                + "the two-state instance attains the bound (ratio \(String(format: "%.12f", tightMin))…"
                + "\(String(format: "%.12f", tightRatio)) over t ≥ 1), so it is tight"))
        verdicts.append(Verdict(
            id: "C2.2", statement: "Σ_s |p_π′(s_t) − p_π(s_t)| ≤ 2αt for every t",
            verdict: rule.verdict([worstLinear]), figure: "max_ratio_to_linear_bound",
            value: worstLinear, rule: rule.statement, detail: "the same \(random.count) pairs"))
        macros.define("MismatchPairs", integer: random.count)
        macros.define("MismatchHorizon", integer: horizon)
        macros.define("MismatchWorstRatio", number: worstCoupling)
        macros.define("MismatchWorstLinearRatio", number: worstLinear)
        macros.define("MismatchTightRatio", number: tightRatio, digits: 6)
        macros.define("MismatchTightAlpha", number: StateMismatch.tightAlpha)

        var groups: [(String, [StateMismatch.Curve])] = config.mismatchShapes.map { shape in
            ("\(shape)", random.filter { $0.pair.shape == shape })
        }
        groups.append(("two-state (tight)", tight))
        for (label, group) in groups where !group.isEmpty {
            let alphas = group.map(\.alpha)
            let atHorizon = group.map { c in
                c.gaps.last! / DistributionMismatch.couplingBound(alpha: c.alpha, step: c.gaps.count - 1)
            }
            mismatchTable.append([label, "\(group.count)",
                                  "\(LaTeXTable.number(alphas.min()!, digits: 2))–\(LaTeXTable.number(alphas.max()!, digits: 2))",
                                  LaTeXTable.number(StateMismatch.worstRatio(group, linear: false)),
                                  LaTeXTable.number(StateMismatch.worstRatio(group, linear: true)),
                                  LaTeXTable.number(Statistics.median(atHorizon))])
        }
    }
}
