import ExperimentKit
import Foundation
import OutputKit
import PolicySearch

/// Verdicts, cited numbers and summary tables, computed from the training runs and their probes.
struct Findings: VerdictCollecting {
    var verdicts: [Verdict] = []
    var macros = LaTeXMacros(prefix: "ng")
    var probeSummary = CSVTable(columns: ["task", "seed", "iteration", "direction", "cg_relative_residual", "slope_kl",
                                          "slope_reverse_kl", "breakpoint_delta", "kl_over_model_smallest_delta",
                                          "reverse_kl_over_notes_model_smallest_delta", "kl_over_delta_trpo_delta",
                                          "deck_reverse_kl_over_delta_smallest_delta", "gradient_fisher_gradient",
                                          "direction_fisher_direction"])
    var ratioQuantiles = CSVTable(columns: ["task", "quantile", "max_to_mean_kl", "lower", "upper"])
    var backtrackCounts = CSVTable(columns: ["task", "backtracks", "accepted", "updates", "fraction"])

    let config: Configuration
    let masterSeed: UInt64
    let probes: [QuadraticModelPart.Probe]

    var delta: Double { config.method.stepSize }
    var smallestDelta: Double { config.deltas.min()! }

    init(config: Configuration, masterSeed: UInt64, outcomes: [TrainingPart.Outcome]) {
        self.config = config
        self.masterSeed = masterSeed
        probes = outcomes.flatMap(\.probes)
        macros.define("Seeds", integer: config.seeds)
        macros.define("BatchSize", integer: config.batchSize)
        macros.define("Iterations", integer: config.iterations)
        macros.define("Delta", number: delta)
        macros.define("SmallestDelta", number: smallestDelta)
        macros.define("LargestDelta", number: config.deltas.max()!)
        macros.define("SlopeFitLargestDelta", number: config.slopeFitLargestDelta)
        macros.define("ProbeCount", integer: probes.count)
        macros.define("ProbeIterations", config.probeIterations.map(String.init).joined(separator: ", "))
        macros.define("LongCGIterations", integer: config.longCGIterations)
        macros.define("LongCGResidual", number: config.longCGRelativeResidual)
        macros.define("AccuracyTolerance", number: Configuration.accuracyTolerance)
        macros.define("AgreementTolerance", number: Configuration.agreementTolerance)
        macros.define("RatioThreshold", number: Configuration.ratioThreshold)
        macros.define("Backtracks", integer: config.method.maximumTrials)
        quadraticModelVerdicts()
        trainingVerdicts(outcomes)
        macros.define("VerdictCount", integer: verdicts.count)
        macros.define("RefutedCount", integer: verdicts.filter { $0.verdict == .refuted }.count)
    }

    func fmt(_ x: Double) -> String { String(format: "%.3g", x).replacingOccurrences(of: "-", with: "−") }


    /// `statistic` of the values pooled over seeds, with its percentile-bootstrap interval from resampling
    /// whole seeds (runs) with replacement, on a stream of its own.
    func seedBootstrap(_ perSeed: [[Double]], key: String, statistic: ([Double]) -> Double) -> (value: Double, lower: Double, upper: Double) {
        var rng = StreamKey(experiment: NaturalGradientExperiment.name, setting: "bootstrap \(key)", trial: 0,
                            masterSeed: masterSeed).generator()
        let indices = [[perSeed.indices.map(Double.init)]]
        let (lower, upper) = AggregateMetrics.stratifiedBootstrapInterval(indices, replicates: config.bootstrapReplicates, using: &rng) {
            statistic($0[0][0].flatMap { perSeed[Int($0)] })
        }
        return (statistic(perSeed.flatMap { $0 }), lower, upper)
    }

    /// The rows of a probe for one direction, in δ order (largest first).
    func rows(_ p: QuadraticModelPart.Probe, _ direction: String) -> [QuadraticModelPart.Row] {
        p.rows.filter { $0.direction == direction }
    }

    /// The slope of log|ratio − 1| against log δ over δ ≤ the fit's largest δ.
    func slope(_ rows: [QuadraticModelPart.Row], _ ratio: (QuadraticModelPart.Row) -> Double) -> Double {
        let fit = rows.filter { $0.delta <= config.slopeFitLargestDelta * (1 + 1e-9) }
        return Statistics.slope(x: fit.map { log10($0.delta) }, y: fit.map { log10(abs(ratio($0) - 1)) })
    }

    /// "Where it breaks": the largest δ of the grid such that |mean KL/δ − 1| ≤ the accuracy tolerance there and
    /// at every smaller δ of the grid (0 if it fails even at the smallest).
    func breakpoint(_ rows: [QuadraticModelPart.Row]) -> Double {
        var largest = 0.0
        for r in rows.sorted(by: { $0.delta < $1.delta }) {
            guard abs(r.ratioToDelta - 1) <= Configuration.accuracyTolerance else { break }
            largest = r.delta
        }
        return largest
    }

    func closest(_ rows: [QuadraticModelPart.Row], _ delta: Double) -> QuadraticModelPart.Row {
        rows.min { abs(log($0.delta / delta)) < abs(log($1.delta / delta)) }!
    }

    mutating func quadraticModelVerdicts() {
        let directions = QuadraticModelPart.directionNames
        let orders: [(name: String, ratio: (QuadraticModelPart.Row) -> Double)] = [
            ("KL(π_old ‖ π_new)", { $0.ratioToModel }), ("KL(π_new ‖ π_old)", { $0.reverseRatioToModel }),
        ]
        // The per-probe summary table.
        for p in probes {
            for d in directions {
                let rs = rows(p, d)
                let small = closest(rs, smallestDelta), trpo = closest(rs, delta)
                probeSummary.append([.string(p.task.rawValue), .int(p.seed), .int(p.iteration), .string(d), .double(p.residuals[d]!),
                                     .double(slope(rs, orders[0].ratio)), .double(slope(rs, orders[1].ratio)), .double(breakpoint(rs)),
                                     .double(small.ratioToModel), .double(small.reverseRatioToNotesModel), .double(trpo.ratioToDelta),
                                     .double(small.deckRatioToDelta), .double(p.gradientCurvature), .double(p.curvatures[d]!)])
            }
        }
        let residualsLong = probes.map { $0.residuals["long"]! }, residualsRllab = probes.map { $0.residuals["rllab"]! }
        macros.define("LongResidualSmallest", number: residualsLong.min() ?? .nan)
        macros.define("LongResidualLargest", number: residualsLong.max() ?? .nan)
        macros.define("RllabResidualSmallest", number: residualsRllab.min() ?? .nan)
        macros.define("RllabResidualLargest", number: residualsRllab.max() ?? .nan)

        // C16.1: KL ≈ ½ΔᵀFΔ at the smallest δ, both orders, judged per CG direction.
        let agreementRule = EveryInstanceRule(quantity: "|mean KL/(½ΔᵀFΔ) − 1| at δ = \(RuleNumber.text(smallestDelta)) (both orders of the KL)",
                                              limit: Configuration.agreementTolerance)
        var settings1: [(setting: String, verdict: VerdictKind)] = []
        var parts1: [String] = []
        var worst1 = -Double.infinity
        for d in directions {
            var values: [(Double, String)] = []
            for p in probes { for o in orders {
                values.append((abs(o.ratio(closest(rows(p, d), smallestDelta)) - 1), "\(p.label), \(o.name)"))
            } }
            let kind = agreementRule.verdict(values.map(\.0))
            settings1.append(("\(d) CG", kind))
            let broken = values.filter { !agreementRule.holds($0.0) }.count
            if let w = agreementRule.worstIndex(values.map(\.0)) {
                parts1.append("\(d) CG: \(broken) of \(values.count) break it, the worst \(values[w].1) at \(fmt(values[w].0))")
                worst1 = max(worst1, values[w].0)
                macros.define("ModelAgreement\(d.capitalized)", number: values[w].0)
                macros.define("ModelAgreementBroken\(d.capitalized)", integer: broken)
            }
        }
        let per1 = PerSetting(settings1)
        verdicts.append(Verdict(id: "C16.1", statement: "the mean KL of a natural step Δ agrees with its quadratic model ½ΔᵀFΔ (F the Fisher information, the Hessian of the mean KL at θ_old) once δ is small, in either order of the KL (Kakade 2001; the Advanced Policy Optimization slides; Schulman et al. 2015): within 1% at δ = \(RuleNumber.text(smallestDelta))",
                                verdict: per1.verdict, figure: "largest_relative_difference", value: worst1,
                                rule: PerSetting.statement + "; for each CG direction " + agreementRule.statement,
                                detail: per1.summary + "; \(probes.count) batches × 2 KL orders per direction; " + parts1.joined(separator: "; ")))
        macros.define("ModelAgreement", number: worst1)
        macros.define("VerdictModelAgreement", per1.verdict.rawValue)

        // C16.2: the error is third order, slope ½ in δ, judged per task × θ × direction on the seed-mean slope.
        let above = IntervalRule(quantity: "mean over seeds of the slope of log|mean KL/(½ΔᵀFΔ) − 1| on log δ (\(RuleNumber.text(smallestDelta)) ≤ δ ≤ \(RuleNumber.text(config.slopeFitLargestDelta)))",
                                 threshold: 0.4, side: .above)
        let atMost = IntervalRule(quantity: above.quantity, threshold: 0.6, side: .atMost)
        var settings: [(setting: String, verdict: VerdictKind)] = []
        var parts: [String] = []
        var slopes: [Double] = []
        for d in directions {
            for task in config.probeTasks {
                for iteration in config.probeIterations {
                    let ps = probes.filter { $0.task == task && $0.iteration == iteration }
                    let perSeed = ps.map { p in [slope(rows(p, d), orders[0].ratio)] }
                    guard !perSeed.isEmpty else { continue }
                    let s = seedBootstrap(perSeed, key: "slope \(task.rawValue) \(iteration) \(d)") { Statistics.mean($0) }
                    let setting = "\(d) CG, \(task.rawValue), iteration \(iteration)"
                    settings.append((setting, VerdictKind.allOf([above.verdict(lower: s.lower, upper: s.upper),
                                                                 atMost.verdict(lower: s.lower, upper: s.upper)])))
                    parts.append("\(setting): \(fmt(s.value)) [\(fmt(s.lower)), \(fmt(s.upper))]")
                    slopes.append(s.value)
                    macros.define("Slope\(d.capitalized)\(task.macroName)\(iterationName(iteration))", number: s.value)
                }
            }
        }
        let per = PerSetting(settings)
        verdicts.append(Verdict(id: "C16.2", statement: "the quadratic model's relative error is of third order in the step: |mean KL/(½ΔᵀFΔ) − 1| falls like √δ as δ → 0 (slope ½ on log–log axes, since ‖Δ‖ ∝ √δ)",
                                verdict: per.verdict, figure: "mean_slope_farthest_from_half",
                                value: slopes.max { abs($0 - 0.5) < abs($1 - 0.5) } ?? .nan,
                                rule: PerSetting.statement + "; at each setting both: " + above.statement + "; and " + atMost.statement,
                                detail: per.summary + "; mean slope over seeds (95% bootstrap), KL(π_old ‖ π_new) — " + parts.joined(separator: "; ")))
        macros.define("VerdictSlope", per.verdict.rawValue)

        // C16.3: the step length realises δ at TRPO's δ.
        var atTRPO: [(Double, String)] = []
        for p in probes { for d in directions {
            atTRPO.append((abs(closest(rows(p, d), delta).ratioToDelta - 1), "\(p.label), \(d) CG"))
        } }
        every("C16.3", "the natural step with α = √(2δ / gᵀF⁻¹g) has mean KL(π_old ‖ π_new) ≈ δ: the quadratic approximation is accurate at the δ TRPO uses (δ = \(RuleNumber.text(delta)), Duan et al. 2016)",
              rule: EveryInstanceRule(quantity: "|mean KL/δ − 1| of the full natural step at δ = \(RuleNumber.text(delta))", limit: Configuration.accuracyTolerance),
              figure: "largest_relative_difference", atTRPO, what: "batches × CG directions", macro: "StepAccuracy")
        var bpParts: [String] = []
        for d in directions {
            for iteration in config.probeIterations {
                let ps = probes.filter { $0.iteration == iteration }
                guard !ps.isEmpty else { continue }
                let bps = ps.map { breakpoint(rows($0, d)) }
                let ratios = ps.map { closest(rows($0, d), delta).ratioToDelta }
                let inRange = ratios.filter { abs($0 - 1) <= Configuration.accuracyTolerance }.count
                bpParts.append("\(d) CG, iteration \(iteration): mean KL/δ at δ = \(RuleNumber.text(delta)) in [\(fmt(ratios.min()!)), \(fmt(ratios.max()!))] (\(inRange) of \(ps.count) within \(RuleNumber.text(Configuration.accuracyTolerance))), where it breaks median \(fmt(Statistics.median(bps))), smallest \(fmt(bps.min()!))")
                let name = d.capitalized + iterationName(iteration)
                macros.define("Breakpoint\(name)", number: Statistics.median(bps))
                macros.define("BreakpointSmallest\(name)", number: bps.min()!)
                macros.define("StepRatioSmallest\(name)", number: ratios.min()!)
                macros.define("StepRatioLargest\(name)", number: ratios.max()!)
                macros.define("StepRatioInRange\(name)", integer: inRange)
            }
        }
        verdicts[verdicts.count - 1].detail += "; where it breaks = the largest δ of the grid up to which |mean KL/δ − 1| ≤ \(RuleNumber.text(Configuration.accuracyTolerance)) at every grid δ (0: not even at the smallest) — " + bpParts.joined(separator: "; ")

        // C16.4: the notes' model without the ½ (rllab's direction, where the quadratic model holds at the smallest δ).
        var notes: [(Double, String)] = []
        for p in probes { notes.append((abs(closest(rows(p, "rllab"), smallestDelta).reverseRatioToNotesModel - 1), "\(p.label), rllab CG")) }
        let notesRatios = probes.map { closest(rows($0, "rllab"), smallestDelta).reverseRatioToNotesModel }
        let notesRule = EveryInstanceRule(quantity: "|mean KL(π_new ‖ π_old)/(ΔᵀFΔ) − 1| at δ = \(RuleNumber.text(smallestDelta)) (rllab's CG direction)",
                                          limit: Configuration.agreementTolerance)
        every("C16.4", "as the lecture notes (§2.8) and the Policy Gradient as Policy Iteration slides (Natural Policy Gradient) write it: D_KL(π_θ′ ‖ π_θ) ≈ (θ′ − θ)ᵀF(θ′ − θ)",
              rule: notesRule, figure: "largest_relative_difference", notes, what: "batches", macro: "NotesModel")
        verdicts[verdicts.count - 1].detail += "; the ratio lies in [\(fmt(notesRatios.min() ?? .nan)), \(fmt(notesRatios.max() ?? .nan))]: the expansion has a ½, KL ≈ ½ΔᵀFΔ (C16.1)"
        macros.define("NotesRatioSmallest", number: notesRatios.min() ?? .nan)
        macros.define("NotesRatioLargest", number: notesRatios.max() ?? .nan)

        // C16.5: the decks' step length √(2ε / gᵀFg) (rllab's direction).
        let deck = probes.map { p in (closest(rows(p, "rllab"), smallestDelta).deckRatioToDelta, p.label + ", rllab CG") }
        every("C16.5", "as both lecture decks write it (Natural Policy Gradient; Natural Gradient Based on Trust Region): θ′ = θ + αF⁻¹∇J with α = √(2ε / ∇JᵀF∇J) meets the constraint D_KL(π_θ′ ‖ π_θ) ≈ ε",
              rule: EveryInstanceRule(quantity: "|mean KL(π_new ‖ π_old)/ε − 1| at ε = \(RuleNumber.text(smallestDelta)) (rllab's CG direction)", limit: Configuration.accuracyTolerance),
              figure: "largest_relative_difference", deck.map { (abs($0.0 - 1), $0.1) }, what: "batches", macro: "DeckStep")
        let deckRatios = deck.map(\.0)
        let predicted = probes.map { $0.curvatures["rllab"]! / $0.gradientCurvature }
        verdicts[verdicts.count - 1].detail += "; mean KL/ε lies in [\(fmt(deckRatios.min() ?? .nan)), \(fmt(deckRatios.max() ?? .nan))], as xᵀFx/gᵀFg ≈ gᵀF⁻¹g/gᵀFg (in [\(fmt(predicted.min() ?? .nan)), \(fmt(predicted.max() ?? .nan))]) predicts; √(2ε/gᵀFg) is the length for the plain gradient direction g, the natural direction needs √(2ε/gᵀF⁻¹g)"
        macros.define("DeckRatioSmallest", number: deckRatios.min() ?? .nan)
        macros.define("DeckRatioLargest", number: deckRatios.max() ?? .nan)
    }

    func iterationName(_ iteration: Int) -> String {
        iteration == 0 ? "Random" : "Trained"
    }

    mutating func trainingVerdicts(_ outcomes: [TrainingPart.Outcome]) {
        let all = outcomes.flatMap { o in o.updates.map { (o.trial, $0) } }
        macros.define("Updates", integer: all.count)

        // C16.6: the line search enforces the constraint and the improvement.
        let values = all.map { t, u -> (Double, String) in
            let v = u.accepted ? (u.surrogateChange > 0 ? u.meanKL / delta : .infinity) : u.meanKL / delta
            return (v, "\(t.task.rawValue) seed \(t.seed) iteration \(u.iteration)")
        }
        every("C16.6", "TRPO's line search enforces the trust region: every step it takes improves the surrogate L and has mean KL(π_old ‖ π_new) ≤ δ (the Advanced Policy Optimization slides: a line search ensures both, which NPG and TNPG may not)",
              rule: EveryInstanceRule(quantity: "mean KL/δ after the line search (∞ for an accepted step that does not improve L)", limit: 1),
              figure: "largest_mean_kl_over_delta", values, what: "TRPO updates", macro: "LineSearch")
        let rejected = all.filter { !$0.1.accepted }.count
        verdicts[verdicts.count - 1].detail += "; \(rejected) updates rejected every trial and kept θ (mean KL = 0)"
        macros.define("Rejected", integer: rejected)

        // C16.7: the full natural step fails the test in some updates; how often, per task.
        let fails = all.map { $0.1.fullStepPasses(delta: delta) ? 0.0 : 1.0 }
        let some = SomeInstanceRule(quantity: "indicator that an update's full natural step fails the acceptance test (mean KL > δ or no improvement of L)",
                                    limit: 0, side: .above)
        var parts: [String] = []
        for task in config.tasks {
            let us = all.filter { $0.0.task == task }.map(\.1)
            guard !us.isEmpty else { continue }
            let n = us.count
            let failing = us.filter { !$0.fullStepPasses(delta: delta) }.count
            let overKL = us.filter { $0.fullMeanKL > delta }.count
            let noGain = us.filter { $0.fullSurrogateChange <= 0 }.count
            let w = Statistics.wilsonInterval(successes: failing, n: n), wk = Statistics.wilsonInterval(successes: overKL, n: n),
                wg = Statistics.wilsonInterval(successes: noGain, n: n)
            let fullRatios = us.map { $0.fullMeanKL / delta }
            let meanBacktracks = Statistics.mean(us.filter(\.accepted).map { Double($0.backtracks) })
            parts.append("\(task.rawValue): full step fails in \(failing) of \(n) updates (\(fmt(Double(failing) / Double(n))), 95% Wilson [\(fmt(w.lower)), \(fmt(w.upper))]) — mean KL > δ in \(overKL) ([\(fmt(wk.lower)), \(fmt(wk.upper))]), no improvement of L in \(noGain) ([\(fmt(wg.lower)), \(fmt(wg.upper))]); full-step mean KL/δ median \(fmt(Statistics.median(fullRatios))), largest \(fmt(fullRatios.max()!)); mean backtracks of accepted updates \(fmt(meanBacktracks)); \(us.filter { !$0.accepted }.count) rejected")
            let m = task.macroName
            macros.define("FullFail\(m)", number: Double(failing) / Double(n))
            macros.define("FullFailLower\(m)", number: w.lower)
            macros.define("FullFailUpper\(m)", number: w.upper)
            macros.define("FullOverKL\(m)", number: Double(overKL) / Double(n))
            macros.define("FullNoGain\(m)", number: Double(noGain) / Double(n))
            macros.define("FullRatioMedian\(m)", number: Statistics.median(fullRatios))
            macros.define("FullRatioLargest\(m)", number: fullRatios.max()!)
            macros.define("MeanBacktracks\(m)", number: meanBacktracks)
            for b in 0..<config.method.maximumTrials {
                for accepted in [true, false] {
                    let count = us.filter { $0.backtracks == b && $0.accepted == accepted }.count
                    if count > 0 || accepted {
                        backtrackCounts.append([.string(task.rawValue), .int(b), .int(accepted ? 1 : 0), .int(count), .double(Double(count) / Double(n))])
                    }
                }
            }
        }
        let pooled = fails.isEmpty ? Double.nan : Statistics.mean(fails)
        verdicts.append(Verdict(id: "C16.7", statement: "the full natural step (TNPG's step) does not by itself keep the mean KL within δ and improve the surrogate: in some updates it fails, so the line search must backtrack (the Advanced Policy Optimization slides: NPG and TNPG may not ensure them)",
                                verdict: some.verdict(fails), figure: "fraction_of_updates_whose_full_step_fails", value: pooled,
                                rule: some.statement, detail: "\(fails.count) TRPO updates; " + parts.joined(separator: "; ")))
        macros.define("FullFail", number: pooled)
        macros.define("VerdictFullStep", verdicts.last!.verdict.rawValue)

        // C16.8: mean KL does not control max KL.
        let rule = IntervalRule(quantity: "median over accepted updates of max_s KL(π_old ‖ π_new)/mean KL (seeds resampled)",
                                threshold: Configuration.ratioThreshold, side: .above)
        var settings: [(setting: String, verdict: VerdictKind)] = []
        var ratioParts: [String] = []
        var medians: [Double] = []
        for task in config.tasks {
            let perSeed = (0..<config.seeds).map { s in
                all.filter { $0.0.task == task && $0.0.seed == s && $0.1.accepted }.map { $0.1.maxToMean }
            }
            guard perSeed.contains(where: { !$0.isEmpty }) else { continue }
            let key = task.rawValue
            let median = seedBootstrap(perSeed, key: "median \(key)") { $0.isEmpty ? .nan : Statistics.median($0) }
            let q90 = seedBootstrap(perSeed, key: "q90 \(key)") { $0.isEmpty ? .nan : Statistics.quantile($0, 0.9) }
            let largest = perSeed.flatMap { $0 }.max()!
            for (q, s) in [(0.5, median), (0.9, q90)] {
                ratioQuantiles.append([.string(task.rawValue), .double(q), .double(s.value), .double(s.lower), .double(s.upper)])
            }
            let accepted = all.filter { $0.0.task == task && $0.1.accepted }.map(\.1)
            let overDelta = accepted.filter { $0.maxKL > delta }.count
            let w = Statistics.wilsonInterval(successes: overDelta, n: max(accepted.count, 1))
            let maxOverDelta = Statistics.median(accepted.map { $0.maxKL / delta })
            let maxTV = accepted.compactMap { $0.maxTV.isFinite ? $0.maxTV : nil }
            settings.append((task.rawValue, rule.verdict(lower: median.lower, upper: median.upper)))
            medians.append(median.value)
            ratioParts.append("\(task.rawValue): median \(fmt(median.value)) [\(fmt(median.lower)), \(fmt(median.upper))], 90% quantile \(fmt(q90.value)) [\(fmt(q90.lower)), \(fmt(q90.upper))], largest \(fmt(largest)); max_s KL > δ in \(overDelta) of \(accepted.count) accepted updates (95% Wilson [\(fmt(w.lower)), \(fmt(w.upper))]), median max_s KL/δ \(fmt(maxOverDelta))"
                              + (maxTV.isEmpty ? "" : ", median max_s D_TV \(fmt(Statistics.median(maxTV)))"))
            let m = task.macroName
            macros.define("RatioMedian\(m)", number: median.value)
            macros.define("RatioMedianLower\(m)", number: median.lower)
            macros.define("RatioMedianUpper\(m)", number: median.upper)
            macros.define("RatioNinety\(m)", number: q90.value)
            macros.define("RatioNinetyLower\(m)", number: q90.lower)
            macros.define("RatioNinetyUpper\(m)", number: q90.upper)
            macros.define("RatioLargest\(m)", number: largest)
            macros.define("MaxOverDelta\(m)", number: Double(overDelta) / Double(max(accepted.count, 1)))
            macros.define("MaxKLOverDeltaMedian\(m)", number: maxOverDelta)
            if !maxTV.isEmpty { macros.define("MaxTVMedian\(m)", number: Statistics.median(maxTV)) }
            let returns = outcomes.filter { $0.trial.task == task }.map { $0.updates.last!.averageReturn }
            let firsts = outcomes.filter { $0.trial.task == task }.map { $0.updates.first!.averageReturn }
            macros.define("ReturnFirst\(m)", number: Statistics.mean(firsts))
            macros.define("ReturnLast\(m)", number: Statistics.mean(returns))
        }
        let per = PerSetting(settings)
        verdicts.append(Verdict(id: "C16.8", statement: "TRPO's constraint on the mean KL over visited states does not control the maximum over states of KL(π_old ‖ π_new), the quantity C3's bound (Schulman et al. 2015, Theorem 1) needs: max-KL/mean-KL is well above 1",
                                verdict: per.verdict, figure: "smallest_median_ratio", value: medians.min() ?? .nan,
                                rule: PerSetting.statement + "; at each task " + rule.statement,
                                detail: per.summary + "; " + ratioParts.joined(separator: "; ")))
        macros.define("VerdictRatio", per.verdict.rawValue)
        macros.define("RatioMedianSmallest", number: medians.min() ?? .nan)
    }
}
