import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// Part 2 (C1, sampled): Monte Carlo estimates of `J(π') − J(π)` through the lemma.
///
/// One instance per γ (a Garnet and a policy pair, fixed by the seed); each replication draws
/// `N_max` independent geometric-horizon trajectories of `π'` (`P(T = t) = (1−γ)γᵗ`, see
/// `RolloutSampler.geometricTrajectory`) and reads three unbiased estimators at every prefix `N`:
/// - `trajectory`:  `Σ_{t≤T} A_π(s_t,a_t)`  (mean `E_{τ~π'}[Σ_t γᵗ A_π]`, the lemma's first form);
/// - `onpolicy`:    `A_π(s_T,a_T)/(1−γ)` with `(s_T,a_T) ~ d^{π'} × π'`;
/// - `importance`:  `π'(b|s_T)/π(b|s_T) · A_π(s_T,b)/(1−γ)` with a fresh `b ~ π(·|s_T)`.
/// Each estimate carries the normal 95% interval `mean ± 1.96·s/√N`; coverage is the fraction of
/// replications whose interval holds the exact value from the linear solves.
enum MonteCarlo {
    static let estimators = ["trajectory", "onpolicy", "importance"]

    struct Instance: Sendable {
        var gamma: Double
        var old: PolicyEvaluation
        var newPolicy: TabularPolicy
        var exact: Double
    }

    struct Replication: Sendable { var gammaIndex: Int; var replication: Int }

    /// One estimate: (estimator, N, mean, standard error).
    struct Estimate: Sendable { var estimator: String; var samples: Int; var mean: Double; var standardError: Double }

    static func instance(gamma: Double, config: Configuration, masterSeed: UInt64) throws -> Instance {
        var rng = StreamKey(experiment: PerformanceDifference.name, setting: "mc-instance/gamma=\(gamma)",
                            trial: 0, masterSeed: masterSeed).generator()
        let mdp = try config.monteCarloShape.sample(discount: gamma, using: &rng)
        let n = mdp.stateCount, m = mdp.actionCount
        let logits = (0..<(n * m)).map { _ in rng.nextGaussian() }
        let old = TabularPolicy.softmax(logits: logits, stateCount: n, actionCount: m)
        let new = config.monteCarloChange.apply(toLogits: logits, stateCount: n, actionCount: m, using: &rng)
        let evalOld = try PolicyEvaluation(policy: old, in: mdp)
        let evalNew = try PolicyEvaluation(policy: new, in: mdp)
        return Instance(gamma: gamma, old: evalOld, newPolicy: new, exact: evalNew.performance - evalOld.performance)
    }

    static func run(_ instance: Instance, replication: Int, sampleCounts: [Int], masterSeed: UInt64) -> [Estimate] {
        var rng = StreamKey(experiment: PerformanceDifference.name, setting: "mc/gamma=\(instance.gamma)",
                            trial: replication, masterSeed: masterSeed).generator()
        let old = instance.old, new = instance.newPolicy, gamma = instance.gamma
        let sampler = RolloutSampler(mdp: old.mdp)
        let total = sampleCounts.max()!
        var samples = [[Double]](repeating: [], count: 3)
        for k in 0..<3 { samples[k].reserveCapacity(total) }
        for _ in 0..<total {
            var sum = 0.0, s = 0, a = 0
            sampler.geometricTrajectory(new, using: &rng) { _, state, action, _ in
                sum += old.advantage(state, action)
                s = state; a = action
            }
            let b = sampler.action(old.policy, at: s, using: &rng)
            samples[0].append(sum)
            samples[1].append(old.advantage(s, a) / (1 - gamma))
            samples[2].append(new[s, b] / old.policy[s, b] * old.advantage(s, b) / (1 - gamma))
        }
        var estimates: [Estimate] = []
        for (k, name) in estimators.enumerated() {
            for n in sampleCounts {
                let prefix = Array(samples[k][0..<n])
                estimates.append(Estimate(estimator: name, samples: n, mean: Statistics.mean(prefix),
                                          standardError: Statistics.standardError(prefix)))
            }
        }
        return estimates
    }

    static let columns = ["gamma", "estimator", "samples", "replication", "estimate", "std_error", "exact",
                          "abs_error", "covered"]

    static func table(instances: [Instance], replications: [Replication], estimates: [[Estimate]]) -> CSVTable {
        var table = CSVTable(columns: columns)
        for (r, list) in zip(replications, estimates) {
            let inst = instances[r.gammaIndex]
            for e in list {
                let half = Statistics.z95 * e.standardError
                let covered = abs(e.mean - inst.exact) <= half
                table.append([.double(inst.gamma), .string(e.estimator), .int(e.samples), .int(r.replication),
                              .double(e.mean), .double(e.standardError), .double(inst.exact),
                              .double(abs(e.mean - inst.exact)), .int(covered ? 1 : 0)])
            }
        }
        return table
    }

    /// Per (γ, estimator, N): RMSE over replications, coverage of the 95% intervals with its
    /// Wilson interval, and the `1/√N` reference anchored at the smallest N.
    struct SummaryRow: Sendable {
        var gamma: Double, estimator: String, samples: Int, replications: Int
        var rmse: Double, coverage: Double, coverageLower: Double, coverageUpper: Double
        var hits: Int
    }

    static func summarise(instances: [Instance], replications: [Replication], estimates: [[Estimate]],
                          sampleCounts: [Int]) -> [SummaryRow] {
        var rows: [SummaryRow] = []
        for (g, inst) in instances.enumerated() {
            let mine = zip(replications, estimates).filter { $0.0.gammaIndex == g }.map(\.1)
            for name in estimators {
                for n in sampleCounts {
                    let es = mine.compactMap { list in list.first { $0.estimator == name && $0.samples == n } }
                    let squared = es.map { ($0.mean - inst.exact) * ($0.mean - inst.exact) }
                    let hits = es.filter { abs($0.mean - inst.exact) <= Statistics.z95 * $0.standardError }.count
                    let wilson = Statistics.wilsonInterval(successes: hits, n: es.count)
                    rows.append(SummaryRow(gamma: inst.gamma, estimator: name, samples: n, replications: es.count,
                                           rmse: Statistics.mean(squared).squareRoot(),
                                           coverage: Double(hits) / Double(es.count),
                                           coverageLower: wilson.lower, coverageUpper: wilson.upper, hits: hits))
                }
            }
        }
        return rows
    }

    static func summaryTable(_ rows: [SummaryRow]) -> CSVTable {
        var table = CSVTable(columns: ["gamma", "estimator", "samples", "replications", "rmse", "reference_sqrt",
                                       "coverage", "coverage_lower", "coverage_upper"])
        for row in rows {
            let first = rows.first { $0.gamma == row.gamma && $0.estimator == row.estimator }!
            let reference = first.rmse * (Double(first.samples) / Double(row.samples)).squareRoot()
            table.append([.double(row.gamma), .string(row.estimator), .int(row.samples), .int(row.replications),
                          .double(row.rmse), .double(reference), .double(row.coverage),
                          .double(row.coverageLower), .double(row.coverageUpper)])
        }
        return table
    }

    /// Least-squares slope of `log RMSE` on `log N` for one (γ, estimator); `−½` is the `1/√N` rate.
    static func rateSlope(_ rows: [SummaryRow], gamma: Double, estimator: String) -> Double {
        let mine = rows.filter { $0.gamma == gamma && $0.estimator == estimator }
        return Statistics.slope(x: mine.map { log(Double($0.samples)) }, y: mine.map { log($0.rmse) })
    }
}
