import Control
import ExperimentKit
import OffPolicy
import OutputKit
import Foundation

/// Part 4: DQN against Double DQN (Sources/OffPolicy/DQN.swift, CleanRL's settings) on CartPole-v1 and
/// Acrobot-v1. At each checkpoint the greedy policy runs `evaluationEpisodes` episodes through
/// `ValueEstimateProbe` (no time limit for 500 + k steps with γ^k ≤ tolerance; steps t < 500 scored),
/// and the run's overestimation is the mean over scored steps of `Q(s_t, a_t) − G_t`. Both algorithms
/// of a seed share the learner seed (same initial network, same reset stream) and the evaluation seeds.
enum DeepPart {
    struct Trial: Sendable {
        var environment: String
        var seed: Int
        var double: Bool
        var algorithm: String { double ? "Double DQN" : "DQN" }
    }

    struct Checkpoint: Sendable {
        var step: Int
        var meanPredicted: Double
        var meanReturn: Double
        var overestimation: Double
        var scoredSteps: Int
        var meanRegisteredReturn: Double
        var terminatedEpisodes: Int
        /// The largest truncation error of a scored G_t in this checkpoint's episodes (0 if all terminated).
        var tailBound: Double
    }

    struct Outcome: Sendable {
        var trial: Trial
        var checkpoints: [Checkpoint]
        var trainingEpisodes: Int
        var lastTrainingReturns: Double
        /// The mean over checkpoints of the overestimation: the run's figure.
        var meanOverestimation: Double { checkpoints.map(\.overestimation).reduce(0, +) / Double(checkpoints.count) }
    }

    static func trials(_ config: Configuration) -> [Trial] {
        config.environments.flatMap { env in (0..<config.dqnSeeds).flatMap { seed in
            [false, true].map { Trial(environment: env, seed: seed, double: $0) }
        } }
    }

    static func run(_ trial: Trial, config: Configuration, masterSeed: UInt64) -> Outcome {
        switch trial.environment {
        case CartPole.id: return run(trial, make: { TimeLimited(CartPole()) }, limit: CartPole.maxEpisodeSteps, config: config, masterSeed: masterSeed)
        case Acrobot.id: return run(trial, make: { TimeLimited(Acrobot()) }, limit: Acrobot.maxEpisodeSteps, config: config, masterSeed: masterSeed)
        default: preconditionFailure("unknown environment \(trial.environment)")
        }
    }

    static func run<E: EpisodicEnvironment>(_ trial: Trial, make: () -> E, limit: Int, config: Configuration,
                                            masterSeed: UInt64) -> Outcome {
        let dqn = config.dqn(double: trial.double)
        let seed = StreamKey(experiment: "double-q", setting: "dqn \(trial.environment)", trial: trial.seed, masterSeed: masterSeed).seed
        var environment = make()
        guard case .discrete(let actions) = environment.actionSet else { preconditionFailure("discrete actions") }
        var learner = DQNLearner(configuration: dqn, observationLength: environment.observationLength, actionCount: actions, seed: seed)
        let tail = ValueEstimateProbe.tailSteps(discount: dqn.discount, tolerance: config.tailTolerance)
        let rewardBound = 1.0   // |r| ≤ 1 on CartPole-v1 and Acrobot-v1
        var checkpoints: [Checkpoint] = []
        let steps = config.checkpointSteps
        let finished = learner.train(&environment, checkpoints: Set(steps)) { step, learner in
            let index = steps.firstIndex(of: step)!
            var predicted = 0.0, returns = 0.0, scored = 0, registered = 0.0, terminated = 0, tailBound = 0.0
            for e in 0..<config.evaluationEpisodes {
                let evalSeed = StreamKey(experiment: "double-q", setting: "dqn evaluation \(trial.environment) seed \(trial.seed) checkpoint \(index)",
                                         trial: e, masterSeed: masterSeed).seed
                var probeEnvironment = make()
                let episode = ValueEstimateProbe.run(&probeEnvironment, seed: evalSeed, discount: dqn.discount, scoredSteps: limit,
                                                     tailSteps: tail, registeredLimit: limit, q: learner.qValues)
                predicted += episode.predicted.reduce(0, +)
                returns += episode.returns.reduce(0, +)
                scored += episode.predicted.count
                registered += episode.registeredReturn
                if episode.terminated { terminated += 1 } else {
                    tailBound = max(tailBound, pow(dqn.discount, Double(tail)) * rewardBound / (1 - dqn.discount))
                }
            }
            let s = Double(scored)
            checkpoints.append(Checkpoint(step: step, meanPredicted: predicted / s, meanReturn: returns / s,
                                          overestimation: (predicted - returns) / s, scoredSteps: scored,
                                          meanRegisteredReturn: registered / Double(config.evaluationEpisodes),
                                          terminatedEpisodes: terminated, tailBound: tailBound))
        }
        let recent = finished.suffix(10).map(\.episodeReturn)
        return Outcome(trial: trial, checkpoints: checkpoints, trainingEpisodes: finished.count,
                       lastTrainingReturns: recent.isEmpty ? .nan : recent.reduce(0, +) / Double(recent.count))
    }

    static func table(_ outcomes: [Outcome]) -> CSVTable {
        var t = CSVTable(columns: ["environment", "algorithm", "seed", "step", "mean_predicted_q", "mean_mc_return",
                                   "overestimation", "scored_steps", "evaluation_return", "terminated_episodes", "tail_bound"])
        for o in outcomes {
            for c in o.checkpoints {
                t.append([.string(o.trial.environment), .string(o.trial.algorithm), .int(o.trial.seed), .int(c.step),
                          .double(c.meanPredicted), .double(c.meanReturn), .double(c.overestimation), .int(c.scoredSteps),
                          .double(c.meanRegisteredReturn), .int(c.terminatedEpisodes), .double(c.tailBound)])
            }
        }
        return t
    }
}
