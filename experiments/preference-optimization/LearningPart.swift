import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// Part 3: learning from sampled Bradley–Terry preferences on tabular contextual bandits. Per seed: a
/// bandit (rewards `r* ~ N(0,1)`, π_ref a random softmax), one draw of the largest dataset, and its
/// first N pairs for every N. Estimates, per N and β, with ridge λ on the summed loss:
/// - DPO: penalty `(λ/2)‖θ − log π_ref‖²` (weight decay towards the reference);
/// - two-stage: reward model with `(λ/2)‖r‖²`, then `analyticalUpdate(π_ref, r̂, β)` (Lemma 28);
/// - matched DPO: penalty `(λβ²/2)‖θ − log π_ref‖²`, which is the two-stage problem reparametrised.
/// Each is compared with `π* = analyticalUpdate(π_ref, r*, β)`.
enum LearningPart {
    struct Trial: Sendable {
        var kind: Int
        var seed: Int
        var label: String { "\(Configuration.kinds[kind].name) seed \(seed)" }
    }

    struct Row: Sendable {
        var n: Int
        var beta: Double
        var klDPO: Double
        var klTwoStage: Double
        var rewardGapDPO: Double
        var rewardGapTwoStage: Double
        var objectiveGapDPO: Double
        var objectiveGapTwoStage: Double
        /// max over the two estimates of |J(π*) − J(π̂) − β KL(π̂‖π*)| in rounding units.
        var objectiveIdentityUnits: Double
        /// max_{x,y} |log π̂_matched − log π̂_two-stage|.
        var matchedLogDifference: Double
        /// E_x of π*'s mass on responses no pair of the dataset compares.
        var optimumMassUncompared: Double
        var converged: Bool
    }

    struct Outcome: Sendable {
        var trial: Trial
        /// Per N: contexts whose unpenalised likelihood has a maximiser (Ford's condition), and the
        /// (context, response) cells no pair compares.
        var mleContexts: [Int]
        var uncomparedCells: [Int]
        var rows: [Row]
    }

    static func trials(_ config: Configuration) -> [Trial] {
        Configuration.kinds.indices.flatMap { k in (0..<config.seeds).map { Trial(kind: k, seed: $0) } }
    }

    static func run(_ trial: Trial, config: Configuration, masterSeed: UInt64) -> Outcome {
        let kind = Configuration.kinds[trial.kind]
        var rng = StreamKey(experiment: PreferenceOptimizationExperiment.name, setting: "learning \(kind.name)", trial: trial.seed,
                            masterSeed: masterSeed).generator()
        let nx = config.contexts, m = config.responses
        let reference = TabularPolicy.randomSoftmax(stateCount: nx, actionCount: m, scale: kind.referenceScale, using: &rng)
        let reward = (0..<(nx * m)).map { _ in rng.nextGaussian() }
        var pairPolicy = reference
        if kind.dropBest {
            var mu = reference.probabilities
            for x in 0..<nx {
                let best = (0..<m).max { reward[x * m + $0] < reward[x * m + $1] }!
                mu[x * m + best] = 0
                let total = mu[(x * m)..<((x + 1) * m)].reduce(0, +)
                for y in 0..<m { mu[x * m + y] /= total }
            }
            pairPolicy = try! TabularPolicy(stateCount: nx, actionCount: m, probabilities: mu)
        }
        let pairs = BradleyTerry.samplePairs(reward: reward, pairPolicy: pairPolicy, count: config.sampleSizes.max()!, using: &rng)
        let optima = config.betas.map { analyticalUpdate(policy: reference, advantage: reward, temperature: $0) }
        var counts = ComparisonCounts(contexts: nx, responses: m)
        var used = 0
        var mleContexts: [Int] = [], uncomparedCells: [Int] = [], rows: [Row] = []
        for n in config.sampleSizes {
            counts.add(pairs[used..<n])
            used = n
            mleContexts.append((0..<nx).filter { counts.maximumLikelihoodExists(context: $0) }.count)
            let uncompared = (0..<nx).map { counts.uncompared(context: $0) }
            uncomparedCells.append(uncompared.reduce(0) { $0 + $1.count })
            let rewardModel = DirectPreferenceOptimization.rewardModel(counts: counts, ridge: config.ridge)
            for (b, beta) in config.betas.enumerated() {
                let optimum = optima[b]
                let dpo = DirectPreferenceOptimization.fit(counts: counts, reference: reference, beta: beta, ridge: config.ridge)
                let twoStage = analyticalUpdate(policy: reference, advantage: rewardModel.parameters, temperature: beta)
                let matched = DirectPreferenceOptimization.fit(counts: counts, reference: reference, beta: beta, ridge: config.ridge * beta * beta)
                let jStar = DirectPreferenceOptimization.klRegularizedReward(policy: optimum, reference: reference, reward: reward, beta: beta)
                let eStar = DirectPreferenceOptimization.expectedReward(policy: optimum, reward: reward)
                func gaps(_ p: TabularPolicy) -> (kl: Double, reward: Double, objective: Double, units: Double) {
                    let kl = DirectPreferenceOptimization.meanKL(p, optimum)
                    let objective = jStar - DirectPreferenceOptimization.klRegularizedReward(policy: p, reference: reference, reward: reward, beta: beta)
                    var magnitude = 0.0
                    for x in 0..<nx {
                        let q = Array(reference.row(x)), r = Array(reward[(x * m)..<((x + 1) * m)])
                        magnitude += updateObjectiveMagnitude(Array(optimum.row(x)), old: q, advantage: r, temperature: beta)
                            + updateObjectiveMagnitude(Array(p.row(x)), old: q, advantage: r, temperature: beta)
                    }
                    let tolerance = 2 * Double(m + 8) * IdentityPart.u * (magnitude / Double(nx) + 8 * beta * kl)
                    let excess = abs(objective - beta * kl)
                    return (kl, eStar - DirectPreferenceOptimization.expectedReward(policy: p, reward: reward), objective,
                            excess == 0 ? 0 : excess / tolerance)
                }
                let d = gaps(dpo.policy), t = gaps(twoStage)
                let matchedDifference = zip(matched.policy.probabilities, twoStage.probabilities).map { abs(log($0) - log($1)) }.max()!
                var uncomparedMass = 0.0
                for x in 0..<nx { for y in uncompared[x] { uncomparedMass += optimum[x, y] } }
                rows.append(Row(n: n, beta: beta, klDPO: d.kl, klTwoStage: t.kl, rewardGapDPO: d.reward, rewardGapTwoStage: t.reward,
                                objectiveGapDPO: d.objective, objectiveGapTwoStage: t.objective,
                                objectiveIdentityUnits: max(d.units, t.units), matchedLogDifference: matchedDifference,
                                optimumMassUncompared: uncomparedMass / Double(nx),
                                converged: dpo.converged && matched.converged && rewardModel.converged))
            }
        }
        return Outcome(trial: trial, mleContexts: mleContexts, uncomparedCells: uncomparedCells, rows: rows)
    }

    static func table(_ outcomes: [Outcome], config: Configuration) -> CSVTable {
        var t = CSVTable(columns: ["kind", "seed", "pairs", "beta", "kl_dpo", "kl_two_stage", "reward_gap_dpo", "reward_gap_two_stage",
                                   "objective_gap_dpo", "objective_gap_two_stage", "objective_identity_units",
                                   "matched_log_difference", "optimum_mass_uncompared", "mle_contexts", "uncompared_cells", "converged"])
        for o in outcomes {
            for r in o.rows {
                let i = config.sampleSizes.firstIndex(of: r.n)!
                t.append([.string(Configuration.kinds[o.trial.kind].name), .int(o.trial.seed), .int(r.n), .double(r.beta),
                          .double(r.klDPO), .double(r.klTwoStage), .double(r.rewardGapDPO), .double(r.rewardGapTwoStage),
                          .double(r.objectiveGapDPO), .double(r.objectiveGapTwoStage), .double(r.objectiveIdentityUnits),
                          .double(r.matchedLogDifference), .double(r.optimumMassUncompared), .int(o.mleContexts[i]),
                          .int(o.uncomparedCells[i]), .int(r.converged ? 1 : 0)])
            }
        }
        return t
    }
}
