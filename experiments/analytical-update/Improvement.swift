import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// Part 2: does `J(π_new) ≥ J(π_old)`? With exact advantages for `C = C_π/κ` over κ from 1 to 10⁶
/// and the greedy limit; then with advantages estimated from `N` rollouts per state-action pair.
///
/// A change counts as lowering `J` only if `ΔJ < −τ`, with `τ` the rounding tolerance of the two
/// evaluations (`PolicyEvaluation.roundingTolerance`), so a difference of rounding errors is neither.
enum Improvement {
    struct Task: Sendable {
        var shape: Garnet, gamma: Double, instance: Int
        /// `nil`: exact advantages; otherwise the rollouts per state-action pair.
        var samples: Int?
    }

    /// `ΔJ` and its tolerance for each κ (in `Configuration.kappas` order).
    struct Outcome: Sendable { var task: Task; var deltas: [Double]; var tolerances: [Double] }

    static func tasks(_ config: Configuration) -> [Task] {
        var tasks: [Task] = []
        for shape in config.exactShapes {
            for gamma in config.exactDiscounts {
                for i in 0..<config.exactInstances { tasks.append(Task(shape: shape, gamma: gamma, instance: i, samples: nil)) }
            }
        }
        for gamma in config.sampledDiscounts {
            for n in config.sampleCounts {
                for i in 0..<config.sampledInstances {
                    tasks.append(Task(shape: config.sampledShape, gamma: gamma, instance: i, samples: n))
                }
            }
        }
        return tasks
    }

    static func run(_ task: Task, config: Configuration, masterSeed: UInt64) throws -> Outcome {
        // The instance depends on (shape, γ, index) only, so exact and sampled runs share instances.
        var rng = StreamKey(experiment: AnalyticalUpdateExperiment.name, setting: "improvement/\(task.shape)/gamma=\(task.gamma)",
                            trial: task.instance, masterSeed: masterSeed).generator()
        let mdp = try task.shape.sample(discount: task.gamma, using: &rng)
        let old = TabularPolicy.randomSoftmax(stateCount: mdp.stateCount, actionCount: mdp.actionCount, scale: 1, using: &rng)
        let e = try PolicyEvaluation(policy: old, in: mdp)
        var advantage = e.advantage
        if let n = task.samples {
            var sampleRNG = StreamKey(experiment: AnalyticalUpdateExperiment.name,
                                      setting: "improvement-samples/\(task.shape)/gamma=\(task.gamma)/N=\(n)",
                                      trial: task.instance, masterSeed: masterSeed).generator()
            advantage = estimatedAdvantage(e, samples: n, using: &sampleRNG)
        }
        let epsilon = advantage.reduce(0) { max($0, abs($1)) }
        let theorem = SurrogateBound.expectedKLConstant(epsilon: epsilon, gamma: task.gamma)
        var deltas: [Double] = [], tolerances: [Double] = []
        for kappa in config.kappas {
            let c = kappa.map { theorem / $0 } ?? 0
            let new = try PolicyEvaluation(policy: analyticalUpdate(policy: old, advantage: advantage, temperature: c), in: mdp)
            deltas.append(new.performance - e.performance)
            tolerances.append(PolicyEvaluation.roundingTolerance(of: [new, e], scale: abs(new.performance) + abs(e.performance)))
        }
        return Outcome(task: task, deltas: deltas, tolerances: tolerances)
    }

    /// `Â(s,a) = Q̂(s,a) − Σ_b π(b|s) Q̂(s,b)`, with `Q̂` the mean of `n` random-horizon returns.
    static func estimatedAdvantage(_ e: PolicyEvaluation, samples n: Int, using rng: inout SeededGenerator) -> [Double] {
        let mdp = e.mdp, m = mdp.actionCount
        let sampler = RolloutSampler(mdp: mdp)
        var q = [Double](repeating: 0, count: mdp.stateCount * m)
        for s in 0..<mdp.stateCount {
            for a in 0..<m {
                var total = 0.0
                for _ in 0..<n { total += sampler.randomHorizonReturn(from: s, action: a, following: e.policy, using: &rng) }
                q[s * m + a] = total / Double(n)
            }
        }
        let v = policyAverage(q, under: e.policy)
        return q.indices.map { q[$0] - v[$0 / m] }
    }

    struct Row: Sendable {
        var gamma: Double, kappa: Double?, samples: Int?, instances: Int, lowered: Int, worst: Double, median: Double
        var improvedFraction: Double { Double(instances - lowered) / Double(instances) }
    }

    static func rows(_ outcomes: [Outcome], config: Configuration) -> [Row] {
        var rows: [Row] = []
        let groups: [(Double, Int?)] = config.exactDiscounts.map { ($0, nil) }
            + config.sampledDiscounts.flatMap { g in config.sampleCounts.map { (g, Optional($0)) } }
        for (gamma, samples) in groups {
            let group = outcomes.filter { $0.task.gamma == gamma && $0.task.samples == samples }
            guard !group.isEmpty else { continue }
            for (k, kappa) in config.kappas.enumerated() {
                let deltas = group.map { $0.deltas[k] }
                let lowered = group.filter { $0.deltas[k] < -$0.tolerances[k] }.count
                rows.append(Row(gamma: gamma, kappa: kappa, samples: samples, instances: group.count, lowered: lowered,
                                worst: deltas.min()!, median: Statistics.median(deltas)))
            }
        }
        return rows
    }

    static func table(_ rows: [Row]) -> CSVTable {
        var t = CSVTable(columns: ["gamma", "kappa", "advantages", "samples", "instances", "improved_fraction",
                                   "lowered", "worst_delta_j", "median_delta_j"])
        for r in rows {
            t.append([.double(r.gamma), .string(Configuration.kappaLabel(r.kappa)), .string(r.samples == nil ? "exact" : "sampled"),
                      r.samples.map { .int($0) } ?? .empty, .int(r.instances), .double(r.improvedFraction),
                      .int(r.lowered), .double(r.worst), .double(r.median)])
        }
        return t
    }
}
