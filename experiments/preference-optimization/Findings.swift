import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// Verdicts, cited numbers and the learning curves' table, computed from the three parts.
struct Findings: VerdictCollecting {
    var verdicts: [Verdict] = []
    var macros = LaTeXMacros(prefix: "dpo")
    var curves = CSVTable(columns: ["kind", "beta", "pairs", "kl_dpo", "kl_dpo_lower", "kl_dpo_upper", "kl_two_stage",
                                    "kl_two_stage_lower", "kl_two_stage_upper", "kl_difference", "kl_difference_lower",
                                    "kl_difference_upper", "reward_gap_dpo", "reward_gap_two_stage", "reward_difference",
                                    "reward_difference_lower", "reward_difference_upper", "mle_fraction", "uncompared_fraction",
                                    "optimum_mass_uncompared"])

    let config: Configuration
    let masterSeed: UInt64

    init(config: Configuration, masterSeed: UInt64, identities: [IdentityPart.Outcome], population: [PopulationPart.Outcome],
         learning: [LearningPart.Outcome]) {
        self.config = config
        self.masterSeed = masterSeed
        macros.define("IdentityInstances", integer: identities.count)
        macros.define("PopulationInstances", integer: population.count)
        macros.define("Seeds", integer: config.seeds)
        macros.define("Contexts", integer: config.contexts)
        macros.define("Responses", integer: config.responses)
        macros.define("Betas", config.betas.map { RuleNumber.text($0) }.joined(separator: ", "))
        macros.define("LargestN", integer: config.sampleSizes.max()!)
        macros.define("ComparisonN", integer: config.comparisonSize)
        macros.define("Ridge", RuleNumber.text(config.ridge))
        identityVerdicts(identities)
        populationVerdicts(population)
        learningVerdicts(learning)
        macros.define("VerdictCount", integer: verdicts.count)
        macros.define("RefutedCount", integer: verdicts.filter { $0.verdict == .refuted }.count)
    }

    func fmt(_ x: Double) -> String { String(format: "%.3g", x).replacingOccurrences(of: "-", with: "−") }


    /// The mean of `x` with its percentile-bootstrap interval (resampling seeds), on a stream of its own.
    func meanInterval(_ x: [Double], key: String) -> (mean: Double, lower: Double, upper: Double) {
        var rng = StreamKey(experiment: PreferenceOptimizationExperiment.name, setting: "bootstrap \(key)", trial: 0,
                            masterSeed: masterSeed).generator()
        let (lower, upper) = AggregateMetrics.stratifiedBootstrapInterval([[x]], replicates: config.bootstrapReplicates, using: &rng) {
            Statistics.mean($0[0][0])
        }
        return (Statistics.mean(x), lower, upper)
    }

    mutating func identityVerdicts(_ outcomes: [IdentityPart.Outcome]) {
        func rows(_ f: (IdentityPart.Row) -> Double) -> [(Double, String)] {
            outcomes.flatMap { o in o.rows.map { (f($0), "\(o.label), β = \(RuleNumber.text($0.beta))") } }
        }
        let what = "bandits × β"
        every("C14.1", "Lemma 28: π* = π_ref·exp(r/β)/Z (C5's analytical update with C = β, rewards for advantages) maximises E_π[r] − β KL(π ‖ π_ref): no point found by Nelder–Mead on the logits does better",
              rule: EveryInstanceRule(quantity: "objective(Nelder–Mead) − objective(π*) in rounding tolerances", limit: 1),
              figure: "largest_excess_over_rounding_tolerance", rows(\.nelderMeadExcessUnits), what: what, macro: "DirectExcess")
        let shortfall = outcomes.flatMap { $0.rows.map(\.nelderMeadShortfall) }.max() ?? .nan
        verdicts[verdicts.count - 1].detail += "; Nelder–Mead falls short of π*'s objective by at most \(fmt(shortfall))"
        macros.define("DirectShortfall", number: shortfall)
        macros.define("SmallestReference", number: outcomes.map(\.smallestReference).min() ?? .nan)
        every("C14.2", "the maximum of E_π[r] − β KL(π ‖ π_ref) is β log Z, Z = Σ_y π_ref(y) exp(r(y)/β)",
              rule: EveryInstanceRule(quantity: "|objective(π*) − β log Z| in rounding tolerances", limit: 1),
              figure: "largest_difference_over_rounding_tolerance", rows(\.valueUnits), what: what, macro: "ValueDifference")
        let underflows = outcomes.reduce(0) { $0 + $1.rows.reduce(0) { $0 + $1.underflows } }
        every("C14.3", "the reward reparametrisation r(y) = β log(π*(y)/π_ref(y)) + β log Z holds at every response",
              rule: EveryInstanceRule(quantity: "max_y |β log(π*/π_ref) + β log Z − r| in rounding tolerances", limit: 1),
              figure: "largest_difference_over_rounding_tolerance", rows(\.reparametrisationUnits), what: what, macro: "Reparametrisation")
        verdicts[verdicts.count - 1].detail += "; \(underflows) responses whose π* underflows to 0 left out"
        macros.define("Underflows", integer: underflows)
        every("C14.4", "the Bradley–Terry probability written with π* (the DPO form, Z cancels) equals σ(r(y₁) − r(y₂))",
              rule: EveryInstanceRule(quantity: "max over pairs of |σ(β log π*/π_ref(y₁) − β log π*/π_ref(y₂)) − σ(r₁ − r₂)| in rounding tolerances", limit: 1),
              figure: "largest_difference_over_rounding_tolerance", rows(\.preferenceUnits), what: what, macro: "PreferenceDifference")
        every("C14.5", "adding a per-context constant to r changes neither the Bradley–Terry preferences nor π* (the reward is identified only up to that constant)",
              rule: EveryInstanceRule(quantity: "largest change of a preference or of π*(y)/π*(y) in rounding tolerances", limit: 1),
              figure: "largest_change_over_rounding_tolerance", rows(\.shiftUnits), what: what + " (shift c ~ N(0, 10²))", macro: "ShiftChange")
    }

    mutating func populationVerdicts(_ outcomes: [PopulationPart.Outcome]) {
        let rows = outcomes.flatMap { o in o.rows.map { (o, $0) } }
        every("C14.6", "with pairs drawn from π_ref (full support) and infinitely many of them, DPO's loss is minimised by π*, and the two-stage route gives the same policy",
              rule: EveryInstanceRule(quantity: "max_y |log π̂(y) − log π*(y)| of the unpenalised Newton solution", limit: 1e-9),
              figure: "largest_log_difference",
              rows.map { o, r in (r.converged ? max(r.logDifference, r.twoStageLogDifference) : .infinity, "\(o.label), β = \(RuleNumber.text(r.beta))") },
              what: "bandits × β (expected comparison weights)", macro: "PopulationDifference")
        let iterations = rows.map(\.1.iterations).max() ?? 0
        verdicts[verdicts.count - 1].detail += "; Newton took at most \(iterations) iterations"
        let equalLoss = rows.filter { $0.1.uncoveredLossUnits <= 1 }
        every("C14.7", "DPO's loss determines π*: a policy with the same expected DPO loss as π* is π* (the notes: 'we now learn the optimal policy'), for any pair distribution",
              rule: EveryInstanceRule(quantity: "KL(π′ ‖ π*) of a policy π′ whose expected loss equals π*'s within rounding", limit: 1e-12),
              figure: "largest_kl_between_minimisers",
              equalLoss.map { o, r in (r.uncoveredKL, "\(o.label), β = \(RuleNumber.text(r.beta))") },
              what: "bandits × β whose pairs never show the best response (π′: DPO's choice as its weight decay vanishes)", macro: "UncoveredKL")
        let lossUnits = rows.map(\.1.uncoveredLossUnits).max() ?? .nan
        verdicts[verdicts.count - 1].detail += "; the two losses differ by at most \(fmt(lossUnits)) rounding tolerances (\(rows.count - equalLoss.count) instances above 1 left out)"
        macros.define("UncoveredLossUnits", number: lossUnits)
        let smallest = equalLoss.map(\.1.uncoveredKL).min() ?? .nan
        macros.define("UncoveredKLSmallest", number: smallest)
    }

    func worstWitness(_ outcomes: [PopulationPart.Outcome]) -> PopulationPart.Witness? {
        outcomes.flatMap(\.rows).filter { $0.uncoveredLossUnits <= 1 }.max { $0.uncoveredKL < $1.uncoveredKL }?.witness
    }

    mutating func learningVerdicts(_ outcomes: [LearningPart.Outcome]) {
        let kinds = Configuration.kinds
        let sizes = config.sampleSizes
        // The curves, per kind × β × N.
        for (k, kind) in kinds.enumerated() {
            let os = outcomes.filter { $0.trial.kind == k }
            for beta in config.betas {
                for (i, n) in sizes.enumerated() {
                    let rows = os.map { o in o.rows.first { $0.n == n && $0.beta == beta }! }
                    let key = "\(kind.name) β=\(beta) N=\(n)"
                    let dpo = meanInterval(rows.map(\.klDPO), key: key + " kl dpo")
                    let two = meanInterval(rows.map(\.klTwoStage), key: key + " kl two-stage")
                    let diff = meanInterval(rows.map { $0.klTwoStage - $0.klDPO }, key: key + " kl difference")
                    let rdiff = meanInterval(rows.map { $0.rewardGapTwoStage - $0.rewardGapDPO }, key: key + " reward difference")
                    let mle = Double(os.reduce(0) { $0 + $1.mleContexts[i] }) / Double(os.count * config.contexts)
                    let uncompared = Double(os.reduce(0) { $0 + $1.uncomparedCells[i] }) / Double(os.count * config.contexts * config.responses)
                    curves.append([.string(kind.name), .double(beta), .int(n), .double(dpo.mean), .double(dpo.lower), .double(dpo.upper),
                                   .double(two.mean), .double(two.lower), .double(two.upper), .double(diff.mean), .double(diff.lower),
                                   .double(diff.upper), .double(Statistics.mean(rows.map(\.rewardGapDPO))),
                                   .double(Statistics.mean(rows.map(\.rewardGapTwoStage))), .double(rdiff.mean), .double(rdiff.lower),
                                   .double(rdiff.upper), .double(mle), .double(uncompared),
                                   .double(Statistics.mean(rows.map(\.optimumMassUncompared)))])
                }
            }
        }

        // C14.8: no minimiser at finite N (Ford's condition fails), on the covered kinds.
        let covered = outcomes.filter { !kinds[$0.trial.kind].dropBest }
        var perN: [String] = []
        var fractions: [Double] = []
        for (i, n) in sizes.enumerated() {
            let with = covered.reduce(0) { $0 + $1.mleContexts[i] }, total = covered.count * config.contexts
            let w = Statistics.wilsonInterval(successes: with, n: max(total, 1))
            fractions.append(Double(with) / Double(max(total, 1)))
            perN.append("N = \(n): \(with) of \(total) contexts (95% Wilson [\(fmt(w.lower)), \(fmt(w.upper))])")
        }
        let someRule = SomeInstanceRule(quantity: "fraction of contexts whose unpenalised DPO loss has a minimiser (Ford's condition)", limit: 1, side: .below)
        verdicts.append(Verdict(id: "C14.8", statement: "with finitely many pairs from π_ref, DPO's unpenalised loss can have no minimiser (a response that never lost, or never won, against the others), so λ → 0 drives some π̂(y) to 0 or 1 whatever β",
                                verdict: someRule.verdict(fractions), figure: "fraction_of_contexts_with_minimiser_at_smallest_n",
                                value: fractions.first ?? .nan, rule: someRule.statement,
                                detail: "diffuse and peaked π_ref, \(covered.count) datasets of \(config.contexts) contexts; " + perN.joined(separator: "; ")))
        macros.define("MleFractionSmallest", number: fractions.first ?? .nan)
        macros.define("MleFractionLargest", number: fractions.last ?? .nan)
        macros.define("VerdictNoMinimiser", verdicts.last!.verdict.rawValue)

        // C14.9: consistency, judged per kind × β on the slope between the two largest N.
        let (nPrevious, nLast) = (sizes[sizes.count - 2], sizes[sizes.count - 1])
        let decades = log10(Double(nLast)) - log10(Double(nPrevious))
        let slopeRule = IntervalRule(quantity: "mean over seeds of the slope of log KL(π̂_DPO ‖ π*) against log N between N = \(nPrevious) and \(nLast)",
                                     threshold: -0.5, side: .atMost)
        var settings: [(setting: String, verdict: VerdictKind)] = []
        var parts: [String] = []
        var worstSlope = -Double.infinity
        for (k, kind) in kinds.enumerated() {
            for beta in config.betas {
                let os = outcomes.filter { $0.trial.kind == k }
                let slopes = os.map { o -> Double in
                    let a = o.rows.first { $0.n == nPrevious && $0.beta == beta }!.klDPO
                    let b = o.rows.first { $0.n == nLast && $0.beta == beta }!.klDPO
                    return (log10(b) - log10(a)) / decades
                }
                let s = meanInterval(slopes, key: "slope \(kind.name) β=\(beta)")
                let last = meanInterval(os.map { o in o.rows.first { $0.n == nLast && $0.beta == beta }!.klDPO }, key: "last \(kind.name) β=\(beta)")
                let setting = "\(kind.name), β = \(RuleNumber.text(beta))"
                settings.append((setting, slopeRule.verdict(lower: s.lower, upper: s.upper)))
                parts.append("\(setting): slope \(fmt(s.mean)) [\(fmt(s.lower)), \(fmt(s.upper))], KL at N = \(nLast) \(fmt(last.mean)) [\(fmt(last.lower)), \(fmt(last.upper))]")
                worstSlope = max(worstSlope, s.mean)
                let name = kind.name.capitalized + betaName(beta)
                macros.define("Slope" + name, number: s.mean)
                macros.define("LastKL" + name, number: last.mean)
            }
        }
        let per = PerSetting(settings)
        verdicts.append(Verdict(id: "C14.9", statement: "DPO's estimate recovers π* as the number of preference pairs grows: KL(π̂_DPO ‖ π*) falls at least like N^(−1/2)",
                                verdict: per.verdict, figure: "largest_mean_slope", value: worstSlope,
                                rule: PerSetting.statement + "; at each setting " + slopeRule.statement,
                                detail: per.summary + "; " + parts.joined(separator: "; ")))
        macros.define("VerdictConsistency", per.verdict.rawValue)
        macros.define("WorstSlope", number: worstSlope)

        // C14.10: matched penalties give the same policy.
        every("C14.10", "in the tabular case DPO is the reward model's maximum likelihood reparametrised (θ = log π_ref + r/β): DPO with penalty λβ² on θ − log π_ref and the two-stage route with penalty λ on r give the same policy",
              rule: EveryInstanceRule(quantity: "max |log π̂_DPO − log π̂_two-stage|", limit: 1e-9),
              figure: "largest_log_difference",
              outcomes.flatMap { o in o.rows.map { ($0.converged ? $0.matchedLogDifference : .infinity, "\(o.trial.label), N = \($0.n), β = \(RuleNumber.text($0.beta))") } },
              what: "datasets × N × β", macro: "MatchedDifference")

        // C14.11: DPO against the two-stage route with the same λ in each one's own parameters, at one N.
        let compareRule = IntervalRule(quantity: "mean paired difference KL(π̂_two-stage ‖ π*) − KL(π̂_DPO ‖ π*) at N = \(config.comparisonSize)",
                                       threshold: 0, side: .above)
        var cSettings: [(setting: String, verdict: VerdictKind)] = []
        var cParts: [String] = []
        var largestDifference = -Double.infinity
        for (k, kind) in kinds.enumerated() where !kind.dropBest {
            for beta in config.betas where beta != 1 {
                let rows = outcomes.filter { $0.trial.kind == k }.map { o in o.rows.first { $0.n == config.comparisonSize && $0.beta == beta }! }
                let key = "\(kind.name) β=\(beta) N=\(config.comparisonSize)"
                let d = meanInterval(rows.map { $0.klTwoStage - $0.klDPO }, key: key + " kl difference")
                let r = meanInterval(rows.map { $0.rewardGapTwoStage - $0.rewardGapDPO }, key: key + " reward difference")
                let setting = "\(kind.name), β = \(RuleNumber.text(beta))"
                cSettings.append((setting, compareRule.verdict(lower: d.lower, upper: d.upper)))
                largestDifference = max(largestDifference, d.mean)
                cParts.append("\(setting): KL difference \(fmt(d.mean)) [\(fmt(d.lower)), \(fmt(d.upper))], true-reward-gap difference \(fmt(r.mean)) [\(fmt(r.lower)), \(fmt(r.upper))]")
                let name = kind.name.capitalized + betaName(beta)
                macros.define("KLDifference" + name, number: d.mean)
                macros.define("KLDifferenceLower" + name, number: d.lower)
                macros.define("KLDifferenceUpper" + name, number: d.upper)
            }
        }
        let cPer = PerSetting(cSettings)
        verdicts.append(Verdict(id: "C14.11", statement: "with the same weight decay λ in each route's own parameters (θ − log π_ref for DPO, r for the reward model), DPO's policy is closer to π* than the two-stage route's",
                                verdict: cPer.verdict, figure: "largest_mean_kl_difference_two_stage_minus_dpo",
                                value: cSettings.isEmpty ? .nan : largestDifference, rule: PerSetting.statement + "; at each setting " + compareRule.statement,
                                detail: cPer.summary + "; at β = 1 the two problems are the same (C14.10); the reward model's λ = \(RuleNumber.text(config.ridge)) is the precision of r*'s N(0,1) draw, while DPO's weight decay λ on θ is the prior N(0, β²/λ) on the implicit reward; " + cParts.joined(separator: "; ")))
        macros.define("LargestKLDifference", number: largestDifference)
        macros.define("VerdictComparison", cPer.verdict.rawValue)

        every("C14.12", "Lemma 28's proof: for any policy, J(π*) − J(π) = β E_x KL(π ‖ π*), with J the KL-regularised objective; so the regularised-objective gap of an estimate is β times its KL to π*",
              rule: EveryInstanceRule(quantity: "|J(π*) − J(π̂) − β KL(π̂ ‖ π*)| in rounding tolerances", limit: 1),
              figure: "largest_difference_over_rounding_tolerance",
              outcomes.flatMap { o in o.rows.map { ($0.objectiveIdentityUnits, "\(o.trial.label), N = \($0.n), β = \(RuleNumber.text($0.beta))") } },
              what: "datasets × N × β × {DPO, two-stage}", macro: "ObjectiveIdentity")
    }

    /// A macro-name fragment for β (macro names are letters only); the configurations use these three.
    func betaName(_ beta: Double) -> String {
        switch beta {
        case 0.1: return "BetaTenth"
        case 1: return "BetaOne"
        case 10: return "BetaTen"
        default: preconditionFailure("no macro name for β = \(beta)")
        }
    }
}
