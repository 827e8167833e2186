import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// Part 3: the rule as an algorithm. From the uniform policy, with exact advantages, `J` against
/// iteration for the rule with the theorem's `C_π` (recomputed each iteration), the rule with a
/// fixed tuned `C`, policy iteration, tabular natural policy gradient, tabular PPO-clip and soft
/// policy iteration, on Garnets and on a gridworld.
enum Curves {
    static let algorithms = ["rule-theorem", "rule-tuned", "policy-iteration", "npg", "ppo-clip", "soft-pi"]

    struct Problem: Sendable { var family: String; var gamma: Double; var index: Int; var tuning: Bool }

    struct Run: Sendable {
        var problem: Problem, algorithm: String, temperature: Double?
        var optimum: Double, performances: [Double]

        /// First iteration with `J ≥ 0.99·J*` (the criterion), or `nil`.
        var iterationsTo99: Int? { performances.firstIndex { $0 >= 0.99 * optimum } }
        /// First iteration that closes 99% of the initial gap, `J* − J ≤ 0.01 (J* − J₀)`, or `nil`.
        var iterationsToGap99: Int? { performances.firstIndex { optimum - $0 <= 0.01 * (optimum - performances[0]) } }
    }

    static func mdp(_ p: Problem, config: Configuration, masterSeed: UInt64) throws -> MDP {
        if p.family == "gridworld" { return try Gridworld.make(size: 5, slip: 0.1, discount: p.gamma) }
        var rng = StreamKey(experiment: AnalyticalUpdateExperiment.name, setting: p.tuning ? "curves-tuning" : "curves",
                            trial: p.index, masterSeed: masterSeed).generator()
        return try config.curveShape.sample(discount: 0.5, using: &rng).withDiscount(p.gamma)
    }

    static func problems(_ config: Configuration, tuning: Bool) -> [Problem] {
        var list: [Problem] = []
        for gamma in config.curveDiscounts {
            for i in 0..<(tuning ? config.tuningMDPs : config.curveMDPs) {
                list.append(Problem(family: "garnet", gamma: gamma, index: i, tuning: tuning))
            }
            list.append(Problem(family: "gridworld", gamma: gamma, index: 0, tuning: tuning))
        }
        return list
    }

    /// Runs one algorithm for `config.iterations` iterations; `temperature` is the fixed `C` of the
    /// tuned rule.
    static func run(_ p: Problem, algorithm: String, temperature: Double?, config: Configuration, masterSeed: UInt64) throws -> Run {
        let mdp = try mdp(p, config: config, masterSeed: masterSeed)
        let optimum = try TabularAlgorithms.optimum(of: mdp).performance
        var policy = TabularPolicy.uniform(stateCount: mdp.stateCount, actionCount: mdp.actionCount)
        var performances: [Double] = []
        for _ in 0...config.iterations {
            let e = try PolicyEvaluation(policy: policy, in: mdp)
            performances.append(e.performance)
            switch algorithm {
            case "rule-theorem":
                let c = SurrogateBound.expectedKLConstant(epsilon: e.maxAbsoluteAdvantage, gamma: p.gamma)
                policy = analyticalUpdate(policy: policy, advantage: e.advantage, temperature: c)
            case "rule-tuned":
                policy = analyticalUpdate(policy: policy, advantage: e.advantage, temperature: temperature!)
            case "policy-iteration":
                policy = TabularAlgorithms.policyIterationStep(e)
            case "npg":
                policy = TabularAlgorithms.naturalPolicyGradientStep(e, stepSize: config.npgStepSize)
            case "ppo-clip":
                policy = TabularAlgorithms.ppoClipStep(e, clip: config.ppoClip, learningRate: config.ppoLearningRate,
                                                       steps: config.ppoSteps)
            case "soft-pi":
                let soft = try SoftPolicyEvaluation(policy: policy, in: mdp, temperature: config.softTemperature)
                policy = TabularAlgorithms.softPolicyIterationStep(soft)
            default:
                preconditionFailure("unknown algorithm \(algorithm)")
            }
        }
        return Run(problem: p, algorithm: algorithm, temperature: temperature, optimum: optimum, performances: performances)
    }

    /// The tuned `C` per (family, γ): the temperature whose runs on the tuning problems reach
    /// `0.99·J*` in the fewest iterations on average (not reached counts as `iterations + 1`;
    /// ties go to the higher mean final `J/J*`). Gridworld has one instance, so it is tuned on itself.
    static func tunedTemperatures(_ runs: [Run], config: Configuration) -> [String: Double] {
        var chosen: [String: Double] = [:]
        for family in ["garnet", "gridworld"] {
            for gamma in config.curveDiscounts {
                func score(_ c: Double) -> (Double, Double) {
                    let mine = runs.filter { $0.problem.family == family && $0.problem.gamma == gamma && $0.temperature == c }
                    let iters = Statistics.mean(mine.map { Double($0.iterationsTo99 ?? config.iterations + 1) })
                    let final = Statistics.mean(mine.map { $0.performances.last! / $0.optimum })
                    return (iters, -final)
                }
                chosen[key(family, gamma)] = config.tunedTemperatures.min { score($0) < score($1) }!
            }
        }
        return chosen
    }

    static func key(_ family: String, _ gamma: Double) -> String { "\(family)/\(gamma)" }

    /// Iterations written to `curves.csv`: every one to 20, every 5th to 100, then every 10th.
    static func recorded(_ k: Int) -> Bool { k <= 20 || (k <= 100 && k % 5 == 0) || k % 10 == 0 }

    static func curvesTable(_ runs: [Run]) -> CSVTable {
        var t = CSVTable(columns: ["family", "gamma", "mdp", "algorithm", "iteration", "j", "j_over_optimal", "normalised_gap"])
        for r in runs {
            let start = r.performances[0]
            for (k, j) in r.performances.enumerated() where recorded(k) {
                t.append([.string(r.problem.family), .double(r.problem.gamma), .int(r.problem.index), .string(r.algorithm),
                          .int(k), .double(j), .double(j / r.optimum),
                          .double(max(r.optimum - j, 0) / (r.optimum - start))])
            }
        }
        return t
    }

    /// Per (family, γ, algorithm, recorded iteration): median and quartiles over problems of the
    /// normalised gap `(J* − J)/(J* − J₀)` (0 at the optimum), for the figure.
    static func summaryTable(_ runs: [Run], config: Configuration) -> CSVTable {
        var t = CSVTable(columns: ["family", "gamma", "algorithm", "iteration", "median_gap", "gap_q25", "gap_q75", "problems"])
        for family in ["garnet", "gridworld"] {
            for gamma in config.curveDiscounts {
                for algorithm in algorithms {
                    let mine = runs.filter { $0.problem.family == family && $0.problem.gamma == gamma && $0.algorithm == algorithm }
                    guard !mine.isEmpty else { continue }
                    for k in 0...config.iterations where recorded(k) {
                        let gaps = mine.map { max($0.optimum - $0.performances[k], 0) / ($0.optimum - $0.performances[0]) }
                        t.append([.string(family), .double(gamma), .string(algorithm), .int(k), .double(Statistics.median(gaps)),
                                  .double(Statistics.quantile(gaps, 0.25)), .double(Statistics.quantile(gaps, 0.75)), .int(mine.count)])
                    }
                }
            }
        }
        return t
    }

    static func iterationsTable(_ runs: [Run]) -> CSVTable {
        var t = CSVTable(columns: ["family", "gamma", "mdp", "algorithm", "temperature", "optimal_j", "iterations_to_99",
                                   "iterations_to_gap_99", "final_j_over_optimal"])
        for r in runs {
            t.append([.string(r.problem.family), .double(r.problem.gamma), .int(r.problem.index), .string(r.algorithm),
                      r.temperature.map { .double($0) } ?? .empty, .double(r.optimum),
                      r.iterationsTo99.map { .int($0) } ?? .empty, r.iterationsToGap99.map { .int($0) } ?? .empty,
                      .double(r.performances.last! / r.optimum)])
        }
        return t
    }

    /// Per (family, γ, algorithm): the median iterations to `0.99·J*` over problems (not reached:
    /// counted as above the budget) and how many reached it.
    /// With `gapCriterion`, the iterations to close 99% of the initial gap instead.
    static func medianLine(_ runs: [Run], family: String, gamma: Double, algorithm: String, budget: Int,
                           gapCriterion: Bool = false) -> (median: Double, reached: Int, total: Int) {
        let mine = runs.filter { $0.problem.family == family && $0.problem.gamma == gamma && $0.algorithm == algorithm }
        let hit = mine.map { gapCriterion ? $0.iterationsToGap99 : $0.iterationsTo99 }
        return (Statistics.median(hit.map { Double($0 ?? budget + 1) }), hit.compactMap { $0 }.count, mine.count)
    }
}
