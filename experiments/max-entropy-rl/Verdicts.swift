import ExperimentKit
import Foundation
import OutputKit

/// The verdicts C18.1–C18.9, each from intervals over seeds (see `Findings`). A statement made per
/// task is judged per task (`PerSetting`).
extension Findings {
    /// C18.1, the learning check: SAC (automatic α) and TD3 reach the stated Pendulum return. The threshold
    /// −400 is far below the RL Zoo's published TD3 agent for Pendulum-v1 (mean −196 ± 119 over its
    /// evaluation episodes, after 20 000 steps), so a correct learner at that budget clears it.
    mutating func learningCheck() {
        let rule = IntervalRule(quantity: "the mean over seeds of the final evaluation return on Pendulum-v1",
                                threshold: config.pendulumThreshold, side: .above)
        var outcomes: [(setting: String, verdict: VerdictKind)] = [], details: [String] = []
        var values: [Double] = []
        if tasks.contains(Configuration.pendulum) {
            for m in [Method.sacAuto, .td3] {
                var rng = stream(id(1), m.name)
                let r = interval([finals(Configuration.pendulum, m)], &rng) { Statistics.mean($0[0]) }
                outcomes.append((m.name, rule.verdict(lower: r.lower, upper: r.upper)))
                details.append("\(m.name) \(Findings.ci(r))")
                values.append(r.value)
            }
        }
        let per = PerSetting(outcomes)
        record(Verdict(id: id(1), statement: "Learning check: SAC (automatic α) and TD3 learn Pendulum-v1 at this profile's budget (final return above \(RuleNumber.text(config.pendulumThreshold)); the RL Zoo's TD3 agent scores −196 ± 119 after 20 000 steps)",
                       verdict: outcomes.isEmpty ? .inconclusive : per.verdict, figure: "lower_of_the_two_mean_final_returns",
                       value: values.min() ?? .nan,
                       rule: "\(rule.statement), for SAC (automatic α) and TD3 separately; \(PerSetting.statement); \(sampleNote)",
                       detail: outcomes.isEmpty ? "no Pendulum trials" : "\(per.summary). " + details.joined(separator: "; ")),
               macro: "Sanity")
    }

    /// C18.2: the automatic temperature drives the policy's entropy to its target −dim(A)
    /// (Haarnoja et al. 2018b, §5, eq. 17–18), within ±tolerance at the end of training.
    mutating func entropyVerdict() {
        let tol = config.entropyTolerance
        let below = IntervalRule(quantity: "mean final entropy − target", threshold: tol, side: .atMost)
        let above = IntervalRule(quantity: "mean final entropy − target", threshold: -tol, side: .above)
        var outcomes: [(setting: String, verdict: VerdictKind)] = [], details: [String] = [], worst = 0.0
        for task in tasks {
            var rng = stream(id(2), task)
            let r = interval([entropyGaps(task, .sacAuto)], &rng) { Statistics.mean($0[0]) }
            guard r.value.isFinite else { continue }
            outcomes.append((task, VerdictKind.allOf([below.verdict(lower: r.lower, upper: r.upper), above.verdict(lower: r.lower, upper: r.upper)])))
            details.append("\(task) \(Findings.ci(r)) nats")
            if abs(r.value) > abs(worst) { worst = r.value }
        }
        let per = PerSetting(outcomes)
        record(Verdict(id: id(2), statement: "The automatic temperature drives SAC's policy entropy (−E log π over the evaluation states) to its target −dim(A) (Haarnoja et al. 2018b, §5, eq. 18)",
                       verdict: outcomes.isEmpty ? .inconclusive : per.verdict, figure: "largest_mean_final_entropy_gap_nats",
                       value: outcomes.isEmpty ? .nan : worst,
                       rule: "confirmed if the 95% interval of the mean final (entropy − target) lies within ±\(RuleNumber.text(tol)) nats, refuted if it lies wholly outside, inconclusive otherwise; "
                           + "final = the last \(config.finalCheckpoints) checkpoint(s); \(PerSetting.statement); \(sampleNote)",
                       detail: outcomes.isEmpty ? "no SAC runs" : "\(per.summary). Final entropy − target: " + details.joined(separator: "; ")),
               macro: "Entropy")
    }

    /// C18.3 (sensitivity) and C18.4 (the automatic rule against the best fixed α).
    mutating func temperatureVerdicts() {
        let fixed = config.fixedTemperatures.map(Method.sacFixed)
        // C18.3: the final return at the smallest and the largest fixed α (two decades apart) differ by more
        // than the margin of the task's range: chosen in advance, so no selection enters the interval.
        let margin = config.comparableMargin
        let sensitive = (IntervalRule(quantity: "(mean at the largest α − mean at the smallest α) / range", threshold: margin, side: .above),
                         IntervalRule(quantity: "(mean at the largest α − mean at the smallest α) / range", threshold: -margin, side: .atMost))
        var outcomes3: [(setting: String, verdict: VerdictKind)] = [], details3: [String] = [], values3: [Double] = []
        var outcomes4: [(setting: String, verdict: VerdictKind)] = [], details4: [String] = [], values4: [Double] = []
        let comparable = IntervalRule(quantity: "(mean of the automatic α − best mean of the fixed α) / range", threshold: -margin, side: .above)
        for task in tasks {
            let range = range(task)
            guard range > 0, let first = fixed.first, let last = fixed.last, first != last else { continue }
            var rng3 = stream(id(3), task)
            let d = interval([finals(task, last), finals(task, first)], &rng3) { z in
                let m = Findings.means(z)
                return (m[0] - m[1]) / range
            }
            if d.value.isFinite {
                let up = sensitive.0.verdict(lower: d.lower, upper: d.upper), down = sensitive.1.verdict(lower: d.lower, upper: d.upper)
                // Either direction is a sensitivity; both refuted means the interval lies within ±margin.
                let v: VerdictKind = up == .confirmed || down == .confirmed ? .confirmed : (up == .refuted && down == .refuted ? .refuted : .inconclusive)
                outcomes3.append((task, v))
                details3.append("\(task) \(Findings.ci(d)) (range \(Findings.plain(range)))")
                values3.append(d.value)
            }
            var rng4 = stream(id(4), task)
            let c = interval([finals(task, .sacAuto)] + fixed.map { finals(task, $0) }, &rng4) { z in
                let m = Findings.means(z)
                return (m[0] - m.dropFirst().max()!) / range
            }
            if c.value.isFinite {
                outcomes4.append((task, comparable.verdict(lower: c.lower, upper: c.upper)))
                details4.append("\(task) \(Findings.ci(c))")
                values4.append(c.value)
            }
        }
        let per3 = PerSetting(outcomes3), per4 = PerSetting(outcomes4)
        record(Verdict(id: id(3), statement: "SAC is sensitive to a fixed temperature: the final return at the largest and the smallest fixed α (two decades apart) differ by more than \(RuleNumber.text(margin)) of the task's range (Haarnoja et al. 2018b, §5: the best α differs across tasks and over training)",
                       verdict: outcomes3.isEmpty ? .inconclusive : per3.verdict, figure: "largest_minus_smallest_alpha_over_range",
                       value: values3.first ?? .nan,
                       rule: "confirmed if the 95% interval of (mean at the largest α − mean at the smallest α)/range lies above \(RuleNumber.text(margin)) or below −\(RuleNumber.text(margin)), refuted if it lies within ±\(RuleNumber.text(margin)), inconclusive otherwise; "
                           + "range = the spread of all methods' mean final returns on the task (point estimate); \(PerSetting.statement); \(sampleNote)",
                       detail: outcomes3.isEmpty ? "no sweep" : "\(per3.summary). " + details3.joined(separator: "; ")),
               macro: "Sensitivity")
        record(Verdict(id: id(4), statement: "The automatic temperature performs comparably to the best fixed α without per-task tuning: within \(RuleNumber.text(margin)) of the task's range below it, or better (Haarnoja et al. 2018b, §6)",
                       verdict: outcomes4.isEmpty ? .inconclusive : per4.verdict, figure: "auto_minus_best_fixed_over_range",
                       value: values4.first ?? .nan,
                       rule: "\(comparable.statement); the best fixed α is chosen again in every replicate on the same seeds, so it is optimistic (a selection on the data it is judged on) and the rule is harsh on the automatic α; \(PerSetting.statement); \(sampleNote)",
                       detail: outcomes4.isEmpty ? "no sweep" : "\(per4.summary). " + details4.joined(separator: "; ")),
               macro: "Auto")
    }

    /// C18.5–C18.7: SAC (automatic α) against DDPG, TD3 and PPO, per task, at equal environment steps.
    mutating func comparisonVerdicts() {
        for (k, other) in [(5, Method.ddpg), (6, .td3), (7, .ppo)] { compareWithSAC(id: self.id(k), other) }
    }

    /// C18.19 and C18.20, where soft Q-learning runs (smoke and paper profiles; the same ids at both, after the
    /// paper profile's C18.18): its learning check on Pendulum, and SAC against it (Haarnoja et al. 2018a,
    /// Figure 1 compares SAC with soft Q-learning on every task).
    mutating func softQVerdicts() {
        guard config.includesSoftQ else { return }
        let rule = IntervalRule(quantity: "the mean over seeds of soft Q-learning's final evaluation return on Pendulum-v1",
                                threshold: config.pendulumThreshold, side: .above)
        var verdict = VerdictKind.inconclusive, value = Double.nan, detail = "no Pendulum trials of soft Q-learning"
        if tasks.contains(Configuration.pendulum) {
            var rng = stream("C18.19", Method.softQ.name)
            let r = interval([finals(Configuration.pendulum, .softQ)], &rng) { Statistics.mean($0[0]) }
            verdict = rule.verdict(lower: r.lower, upper: r.upper)
            value = r.value
            detail = "sql \(Findings.ci(r)); the authors' default temperature α = 1 with rewards unscaled (no published Pendulum setting)"
        }
        record(Verdict(id: "C18.19", statement: "Learning check: soft Q-learning (Haarnoja et al. 2017, the authors' default settings) learns Pendulum-v1 at this profile's budget (final return above \(RuleNumber.text(config.pendulumThreshold)))",
                       verdict: verdict, figure: "mean_final_return", value: value, rule: "\(rule.statement); \(sampleNote)", detail: detail),
               macro: "SoftQSanity")
        compareWithSAC(id: "C18.20", .softQ)
    }

    /// "SAC (automatic α) outperforms `other` at equal environment steps", per task, from the interval of the
    /// difference of mean final returns (seeds resampled independently), with the IQM difference alongside.
    mutating func compareWithSAC(id: String, _ other: Method) {
        let rule = IntervalRule(quantity: "mean final return of SAC (automatic α) − that of \(other.name.uppercased())", threshold: 0, side: .above)
        var outcomes: [(setting: String, verdict: VerdictKind)] = [], details: [String] = [], values: [Double] = []
        for task in tasks {
            var rng = stream(id, task)
            let r = interval([finals(task, .sacAuto), finals(task, other)], &rng) { z in
                let m = Findings.means(z)
                return m[0] - m[1]
            }
            guard r.value.isFinite else { continue }
            outcomes.append((task, rule.verdict(lower: r.lower, upper: r.upper)))
            var irng = stream(id + "-iqm", task)
            let iqm = interval([finals(task, .sacAuto), finals(task, other)], &irng) { z in
                AggregateMetrics.interquartileMean([z[0]]) - AggregateMetrics.interquartileMean([z[1]])
            }
            details.append("\(task) \(Findings.ci(r)) (IQM difference \(Findings.ci(iqm)))")
            values.append(r.value)
        }
        let per = PerSetting(outcomes)
        record(Verdict(id: id, statement: "SAC (automatic α) outperforms \(other.name.uppercased()) at equal environment steps (Haarnoja et al. 2018a, §5.1, Figure 1; 2018b, §6, Figure 1)",
                       verdict: outcomes.isEmpty ? .inconclusive : per.verdict, figure: "sac_minus_\(other.name)_first_task",
                       value: values.first ?? .nan,
                       rule: "\(rule.statement), per task; \(PerSetting.statement); \(sampleNote)",
                       detail: outcomes.isEmpty ? "no runs" : "\(per.summary). " + details.joined(separator: "; ")),
               macro: "Versus" + other.macroName(config))
    }

    /// C18.8–C18.9: the lecture's "stochastic policies are more robust": the return drop when the pendulum's
    /// length is perturbed, SAC against TD3 (deterministic mean action; then SAC acting with sampled actions).
    mutating func robustnessVerdicts() {
        for (k, sampled) in [(8, false), (9, true)] {
            let id = self.id(k)
            let policy = sampled ? "SAC's sampled actions" : "SAC's mean action"
            let rule = IntervalRule(quantity: "mean drop of TD3 − mean drop of \(policy)", threshold: 0, side: .above)
            var outcomes: [(setting: String, verdict: VerdictKind)] = [], details: [String] = [], values: [Double] = []
            for task in tasks where config.perturbs(task) {
                var rng = stream(id, task)
                let r = interval([drops(task, .td3, sampled: false), drops(task, .sacAuto, sampled: sampled)], &rng) { z in
                    let m = Findings.means(z)
                    return m[0] - m[1]
                }
                if task == Configuration.pendulum {
                    if !sampled { macros.define("DropTDThree", number: Findings.meanOrNaN(drops(task, .td3, sampled: false))) }
                    macros.define(sampled ? "DropSACSampled" : "DropSACMean", number: Findings.meanOrNaN(drops(task, .sacAuto, sampled: sampled)))
                    macros.define((sampled ? "RobustSampled" : "RobustMean") + "Lower", number: r.lower)
                    macros.define((sampled ? "RobustSampled" : "RobustMean") + "Upper", number: r.upper)
                }
                guard r.value.isFinite else { continue }
                outcomes.append((task, rule.verdict(lower: r.lower, upper: r.upper)))
                details.append("\(task): TD3 drop \(Findings.plain(Findings.meanOrNaN(drops(task, .td3, sampled: false)))), "
                               + "SAC drop \(Findings.plain(Findings.meanOrNaN(drops(task, .sacAuto, sampled: sampled)))), difference \(Findings.ci(r))")
                values.append(r.value)
            }
            let per = PerSetting(outcomes)
            record(Verdict(id: id, statement: "A maximum-entropy policy is more robust to perturbed dynamics than a deterministic one: the return lost when the pendulum's length is scaled (×\(config.perturbationScales.filter { $0 != 1 }.map { RuleNumber.text($0) }.joined(separator: ", ×"))) is smaller for \(policy) than for TD3 (CMU 10-703, \"Maximum Entropy RL\")",
                           verdict: outcomes.isEmpty ? .inconclusive : per.verdict, figure: "td3_drop_minus_sac_drop",
                           value: values.first ?? .nan,
                           rule: "drop = return at the nominal length − mean return over the perturbed lengths, per seed (same reset seeds for every method); \(rule.statement); \(PerSetting.statement); \(sampleNote)",
                           detail: outcomes.isEmpty ? "no perturbed evaluations" : "\(per.summary). " + details.joined(separator: "; ")),
                   macro: sampled ? "RobustSampled" : "RobustMean")
        }
    }
}
