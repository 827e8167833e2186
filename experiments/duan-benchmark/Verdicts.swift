import ExperimentKit
import OutputKit
import Foundation

/// The verdicts on Duan et al.'s (2016) conclusions. Each comparison comes from a bootstrap over
/// seeds (resampling each algorithm's seeds independently, `AggregateMetrics.stratifiedBootstrapInterval`);
/// any choice a statistic makes ("the best of the others") is made again in every replicate. Each
/// verdict draws from its own stream, keyed by its id. A conclusion stated per task is judged per
/// task (`PerSetting`), on the full-observation rows.
extension Findings {
    /// The per-seed scores of the algorithms, in order, on one row.
    func cell(_ task: String, _ variant: Variant, _ algorithms: [Algorithm]) -> [[Double]] {
        algorithms.map { scores(task, variant, $0) }
    }

    /// Stable identifiers: C15.1–C15.5 for the classic rows at the smoke and standard profiles (a reduced
    /// protocol), C15.6–C15.10 for the same statements at Duan et al.'s protocol (paper profile),
    /// C15.11–C15.15 for the locomotion rows; both classic folders enter the report.
    func id(_ k: Int) -> String {
        let offset = config.suite == .mujoco ? 10 : config.profile == .paper ? 5 : 0
        return "C15.\(k + offset)"
    }

    func stream(_ id: String) -> SeededGenerator {
        StreamKey(experiment: config.experimentName, setting: "bootstrap-\(id)", trial: 0, masterSeed: masterSeed).generator()
    }

    /// `statistic` on per-algorithm seed samples (one stratum each), with its 95% bootstrap interval;
    /// NaN bounds when some algorithm has fewer than `minimumSeeds` seeds.
    func interval(_ samples: [[Double]], _ rng: inout SeededGenerator, _ statistic: @escaping ([[Double]]) -> Double)
        -> (value: Double, lower: Double, upper: Double) {
        guard samples.allSatisfy({ !$0.isEmpty }) else { return (.nan, .nan, .nan) }
        let value = statistic(samples)
        guard samples.allSatisfy({ $0.count >= Findings.minimumSeeds }) else { return (value, .nan, .nan) }
        let ci = AggregateMetrics.stratifiedBootstrapInterval(samples.map { [$0] }, replicates: config.bootstrapReplicates, using: &rng) {
            statistic($0.map { $0[0] })
        }
        return (value, ci.lower, ci.upper)
    }

    static func means(_ z: [[Double]]) -> [Double] { z.map { Statistics.mean($0) } }

    static func plain(_ x: Double) -> String { x.isFinite ? String(format: "%.3g", x) : "–" }

    var sampleNote: String { "95% bootstrap intervals over seeds (\(config.bootstrapReplicates) replicates; at least \(Findings.minimumSeeds) seeds per cell, otherwise inconclusive)" }

    func fullObservationVerdicts() -> [Verdict] {
        let tasks = rows.filter { $0.variant == .full }.map(\.task)
        var verdicts: [Verdict] = []
        let others: [Algorithm] = [.reinforce, .erwr, .reps, .cem, .cmaes]

        // C15.1: TNPG and TRPO both beat every other algorithm (the batch ones and the gradient-free ones).
        var rng1 = stream(id(1))
        let beats = IntervalRule(quantity: "min(mean TNPG, mean TRPO) − the best mean of the others", threshold: 0, side: .above)
        var outcomes1: [(setting: String, verdict: VerdictKind)] = [], details1: [String] = []
        for task in tasks {
            let r = interval(cell(task, .full, [.tnpg, .trpo] + others), &rng1) { z in
                let m = Findings.means(z)
                return min(m[0], m[1]) - m.dropFirst(2).max()!
            }
            outcomes1.append((task, beats.verdict(lower: r.lower, upper: r.upper)))
            details1.append("\(task) \(Findings.plain(r.value)) [\(Findings.plain(r.lower)), \(Findings.plain(r.upper))]")
        }
        let per1 = PerSetting(outcomes1)
        verdicts.append(Verdict(
            id: id(1), statement: "TNPG and TRPO each outperform REINFORCE, RWR, REPS, CEM and CMA-ES (Duan et al.: \"by a large margin on most tasks\")",
            verdict: per1.verdict, figure: "tasks_where_tnpg_and_trpo_beat_the_rest",
            value: Double(outcomes1.filter { $0.verdict == .confirmed }.count),
            rule: "\(beats.statement), per full-observation task (the best other algorithm chosen again in every replicate); \(PerSetting.statement); \(sampleNote)",
            detail: "\(per1.summary). Per task, in return units: " + details1.joined(separator: "; ")))

        // C15.2: gradient-free methods are competitive on the low-dimensional tasks (every classic task is one).
        var rng2 = stream(id(2))
        let competitive = IntervalRule(quantity: "(best gradient-based mean − best gradient-free mean) / (range of the algorithms' means)",
                                       threshold: 0.1, side: .atMost)
        let gradient: [Algorithm] = [.reinforce, .tnpg, .erwr, .reps, .trpo]
        var outcomes2: [(setting: String, verdict: VerdictKind)] = [], details2: [String] = []
        for task in tasks {
            let r = interval(cell(task, .full, gradient + [.cem, .cmaes]), &rng2) { z in
                let m = Findings.means(z)
                let range = m.max()! - m.min()!
                return range > 0 ? (m.prefix(5).max()! - m.suffix(2).max()!) / range : 0
            }
            outcomes2.append((task, competitive.verdict(lower: r.lower, upper: r.upper)))
            details2.append("\(task) \(Findings.plain(r.value)) [\(Findings.plain(r.lower)), \(Findings.plain(r.upper))]")
        }
        let per2 = PerSetting(outcomes2)
        verdicts.append(Verdict(
            id: id(2), statement: config.suite == .mujoco
                ? "Gradient-free methods (CEM, CMA-ES) are competitive with the gradient-based ones on the locomotion tasks (Duan et al.: they are not; performance \"degrades quickly\")"
                : "Gradient-free methods (CEM, CMA-ES) are competitive with the gradient-based ones on the low-dimensional tasks (Duan et al.: CEM is very good on Cart-Pole Balancing and Mountain Car)",
            verdict: per2.verdict, figure: "tasks_where_gradient_free_competitive", value: Double(outcomes2.filter { $0.verdict == .confirmed }.count),
            rule: "\(competitive.statement), per full-observation task (both bests chosen again in every replicate); \(PerSetting.statement); \(sampleNote)",
            detail: "\(per2.summary). Gap per task: " + details2.joined(separator: "; ")))

        // C15.3: DDPG is strong on some tasks (within 10% of the task's range of the best other algorithm,
        // or better, on at least one task) and less stable than TRPO (larger seed-to-seed spread) on each.
        var rng3 = stream(id(3))
        let strong = IntervalRule(quantity: "(DDPG's mean − the best other mean) / (range of the algorithms' means)", threshold: -0.1, side: .above)
        let spread = IntervalRule(quantity: "log(sd of DDPG's scores / sd of TRPO's scores)", threshold: 0, side: .above)
        let continuous = tasks.filter { config.applies(.ddpg, to: $0) && !scores($0, .full, .ddpg).isEmpty }
        var strongKinds: [VerdictKind] = [], spreadOutcomes: [(setting: String, verdict: VerdictKind)] = [], details3: [String] = []
        let rest: [Algorithm] = [.reinforce, .tnpg, .erwr, .reps, .trpo, .cem, .cmaes]
        for task in continuous {
            let r = interval(cell(task, .full, [.ddpg] + rest), &rng3) { z in
                let m = Findings.means(z)
                let range = m.max()! - m.min()!
                return range > 0 ? (m[0] - m.dropFirst().max()!) / range : 0
            }
            let v = interval(cell(task, .full, [.ddpg, .trpo]), &rng3) { z in
                let a = Statistics.variance(z[0]), b = Statistics.variance(z[1])
                return a > 0 && b > 0 ? 0.5 * log(a / b) : (a > b ? .infinity : a < b ? -.infinity : 0)
            }
            strongKinds.append(strong.verdict(lower: r.lower, upper: r.upper))
            spreadOutcomes.append((task, spread.verdict(lower: v.lower, upper: v.upper)))
            details3.append("\(task): gap \(Findings.plain(r.value)) [\(Findings.plain(r.lower)), \(Findings.plain(r.upper))], "
                            + "log sd ratio \(Findings.plain(v.value)) [\(Findings.plain(v.lower)), \(Findings.plain(v.upper))]")
        }
        let strongKind: VerdictKind = strongKinds.contains(.confirmed) ? .confirmed
            : (!strongKinds.isEmpty && strongKinds.allSatisfy { $0 == .refuted }) ? .refuted : .inconclusive
        let perSpread = PerSetting(spreadOutcomes)
        verdicts.append(Verdict(
            id: id(3), statement: "DDPG is strong on some tasks but less stable than the batch algorithms: larger seed-to-seed spread than TRPO (Duan et al.: faster on some tasks, \"less stable\")",
            verdict: continuous.isEmpty ? .inconclusive : VerdictKind.allOf([strongKind, perSpread.verdict]),
            figure: "continuous_tasks_where_ddpg_spread_exceeds_trpo", value: Double(spreadOutcomes.filter { $0.verdict == .confirmed }.count),
            rule: "two parts, both needed: strong: \(strong.statement) on at least one continuous-action task (confirmed if on one, refuted if refuted on all); "
                + "less stable: \(spread.statement), per continuous-action task, \(PerSetting.statement); \(sampleNote)",
            detail: continuous.isEmpty ? "no DDPG runs" : "strong: \(strongKind.rawValue); spread: \(perSpread.summary). " + details3.joined(separator: "; ")))

        // C15.4: REPS is weak: below the median of the other six algorithms.
        var rng4 = stream(id(4))
        let weak = IntervalRule(quantity: "median of the other six algorithms' means (DDPG, absent on discrete tasks, left out) − REPS's mean", threshold: 0, side: .above)
        var outcomes4: [(setting: String, verdict: VerdictKind)] = [], details4: [String] = []
        for task in tasks {
            let r = interval(cell(task, .full, [.reps, .reinforce, .tnpg, .erwr, .trpo, .cem, .cmaes]), &rng4) { z in
                let m = Findings.means(z)
                return Statistics.median(Array(m.dropFirst())) - m[0]
            }
            outcomes4.append((task, weak.verdict(lower: r.lower, upper: r.upper)))
            details4.append("\(task) \(Findings.plain(r.value)) [\(Findings.plain(r.lower)), \(Findings.plain(r.upper))]")
        }
        let per4 = PerSetting(outcomes4)
        verdicts.append(Verdict(
            id: id(4), statement: "REPS is weak: below the median of the six other batch and gradient-free algorithms on each task (Duan et al.'s REPS is per-step with a linear value function; this is episodic REPS)",
            verdict: per4.verdict, figure: "tasks_where_reps_below_median", value: Double(outcomes4.filter { $0.verdict == .confirmed }.count),
            rule: "\(weak.statement), per full-observation task; \(PerSetting.statement); \(sampleNote)",
            detail: "\(per4.summary). Per task: " + details4.joined(separator: "; ")))
        return verdicts
    }

    /// C15.5: partial observability hurts every algorithm. Per (variant, algorithm), pooled over the
    /// tasks that have the variant: the mean over tasks of (full − variant) / R_task, where R_task is
    /// the range of the algorithms' mean scores on the full-observation row (fixed at its point
    /// estimate), so that tasks of different reward scales weigh alike; stratified bootstrap by task.
    func partialObservabilityVerdict() -> Verdict {
        let hurts = IntervalRule(quantity: "mean over tasks of (full − variant score) / task range", threshold: 0, side: .above)
        var rng = stream(id(5))
        var outcomes: [(setting: String, verdict: VerdictKind)] = [], details: [String] = []
        let variants = config.variants.filter { $0 != .full }
        for v in variants {
            let tasks = rows.filter { $0.variant == v }.map(\.task).filter { t in rows.contains { $0.task == t && $0.variant == .full } }
            guard !tasks.isEmpty else { continue }
            for a in config.algorithms {
                let tasks = tasks.filter { config.applies(a, to: $0) }
                guard !tasks.isEmpty else { continue }
                let ranges = tasks.map { t -> Double in
                    let m = config.algorithms.map { scores(t, .full, $0) }.filter { !$0.isEmpty }.map { Statistics.mean($0) }
                    return (m.max() ?? 0) - (m.min() ?? 0)
                }
                let full = tasks.map { scores($0, .full, a) }, partial = tasks.map { scores($0, v, a) }
                guard full.allSatisfy({ !$0.isEmpty }) && partial.allSatisfy({ !$0.isEmpty }), ranges.allSatisfy({ $0 > 0 }) else { continue }
                func statistic(_ z: [[[Double]]]) -> Double {
                    Statistics.mean(tasks.indices.map { (Statistics.mean(z[0][$0]) - Statistics.mean(z[1][$0])) / ranges[$0] })
                }
                let value = statistic([full, partial])
                var lower = Double.nan, upper = Double.nan
                if (full + partial).allSatisfy({ $0.count >= Findings.minimumSeeds }) {
                    let ci = AggregateMetrics.stratifiedBootstrapInterval([full, partial], replicates: config.bootstrapReplicates,
                                                                          using: &rng, statistic: statistic)
                    (lower, upper) = (ci.lower, ci.upper)
                }
                outcomes.append(("\(a.paperName) \(v.label)", hurts.verdict(lower: lower, upper: upper)))
                details.append("\(a.paperName)/\(v.rawValue) \(Findings.plain(value)) [\(Findings.plain(lower)), \(Findings.plain(upper))]")
            }
        }
        let per = PerSetting(outcomes)
        return Verdict(
            id: id(5), statement: "Partial observability (limited sensors; noisy observations with delayed actions; system identification) lowers every algorithm's score",
            verdict: per.verdict, figure: "algorithm_variant_pairs_where_it_hurts", value: Double(outcomes.filter { $0.verdict == .confirmed }.count),
            rule: "\(hurts.statement), per (algorithm, variant), pooled over the tasks that have the variant; \(PerSetting.statement); \(sampleNote)",
            detail: outcomes.isEmpty ? "no partially observable rows" : "\(per.summary). Normalised drop: " + details.joined(separator: "; "))
    }
}
