import Control
import ExperimentKit
import Foundation
import OffPolicy

/// One checkpoint of a trial: the value-estimate probe's pooled figures (`ValueEstimateProbe.Summary`).
struct Checkpoint: Codable, Sendable, Equatable {
    /// Environment steps taken when the probe ran.
    var step: Int
    var meanPredictedQ: Double
    var meanReturn: Double
    /// Mean over scored steps of `Q₁(s_t, a_t) − G_t`.
    var bias: Double
    var scoredSteps: Int
    /// Mean undiscounted return of the probe episodes under the registered time limit.
    var evaluationReturn: Double
    var terminatedEpisodes: Int
    /// The largest error of a scored `G_t` from stopping the episode after limit + k steps,
    /// `γ^k · r_max/(1 − γ)` if some episode did not terminate (0 if all did); nil where r is unbounded.
    var tailBound: Double?
}

/// Training one learner with probes at checkpoints: the computation of a trial, a pure function of its arguments.
enum TrialComputation {
    struct Outcome: Sendable {
        var checkpoints: [Checkpoint]
        var trainingEpisodes: Int
    }

    /// Trains `agent` on `task` from `learnerSeed` (split into the learner's and the loop's seeds) and, after
    /// each step in `checkpointSteps`, runs `evaluationEpisodes` probe episodes from `evaluationSeed(e)`.
    static func run(task: String, agent c: DeterministicActorCriticConfiguration, checkpointSteps: [Int], evaluationEpisodes: Int,
                    tailTolerance: Double, learnerSeed: UInt64, evaluationSeed: (Int) -> UInt64) throws -> Outcome {
        precondition(checkpointSteps.allSatisfy { $0 >= 1 && $0 <= c.loop.totalSteps } && evaluationEpisodes >= 1)
        func train<E: EpisodicEnvironment>(_ environment: E) throws -> Outcome {
            guard case .box(let low, let high) = environment.actionSet else {
                throw InputError(parameter: "task", given: task, allowed: "a task with continuous actions")
            }
            var env = environment
            var probe = try Tasks.make(task) as! E
            var streams = SplitMix64(state: learnerSeed)
            var learner = try DeterministicActorCritic(configuration: c, observationLength: environment.observationLength,
                                                       low: low, high: high, seed: streams.next())
            let limit = Tasks.registeredLimit(task)
            let tail = ValueEstimateProbe.tailSteps(discount: c.discount, tolerance: tailTolerance)
            let due = Set(checkpointSteps)
            var checkpoints: [Checkpoint] = []
            var episodes = 0
            OffPolicyTraining.run(&learner, environment: &env, loop: c.loop, seed: streams.next()) { record, learner in
                if record.episodeReturn != nil { episodes += 1 }
                guard due.contains(record.step) else { return }
                let runs = (0..<evaluationEpisodes).map { e in
                    ValueEstimateProbe.run(learner, environment: &probe, seed: evaluationSeed(e), discount: c.discount,
                                           scoredSteps: limit, tailSteps: tail, registeredLimit: limit)
                }
                let s = ValueEstimateProbe.Summary(runs)
                let tailBound = Tasks.rewardBound(task).map { bound in
                    runs.allSatisfy(\.terminated) ? 0 : pow(c.discount, Double(tail)) * bound / (1 - c.discount)
                }
                checkpoints.append(Checkpoint(step: record.step, meanPredictedQ: s.meanPredicted, meanReturn: s.meanReturn, bias: s.bias,
                                              scoredSteps: s.scoredSteps, evaluationReturn: s.meanRegisteredReturn,
                                              terminatedEpisodes: s.terminatedEpisodes, tailBound: tailBound))
            }
            return Outcome(checkpoints: checkpoints, trainingEpisodes: episodes)
        }
        return try train(try Tasks.make(task))
    }
}
