import Control
import ExperimentKit

/// What the generic off-policy loop asks of a learner (DDPG, TD3, SAC, soft Q-learning).
public protocol OffPolicyAgent: Sendable {
    /// The behaviour action during training (after the uniform-random start steps), exploration included.
    mutating func explorationAction(_ observation: [Double], using rng: inout SeededGenerator) -> [Double]
    /// The action an evaluation episode takes (the deterministic actor, or the policy's mean/mode).
    func evaluationAction(_ observation: [Double]) -> [Double]
    /// The critic's estimate `Q(s, a)` (for the value-estimate probe).
    func valueEstimate(_ observation: [Double], action: [Double]) -> Double
    /// Called at every episode start (resets temporally correlated exploration noise).
    mutating func beginEpisode()
    /// One gradient step (critic, and actor/targets when due) on a minibatch sampled from `buffer` with `rng`.
    mutating func update(buffer: ReplayBuffer, using rng: inout SeededGenerator)
}

/// The schedule of the loop, as CleanRL's `*_continuous_action.py` write it (one environment): at step
/// `t = 0, 1, …, totalSteps − 1` the action is uniform in the box if `t < learningStarts` and the agent's
/// exploration action otherwise; the transition is stored; then, if `t > learningStarts` and
/// `t % trainFrequency == 0`, `gradientSteps` updates run. The update-to-data ratio is
/// `gradientSteps/trainFrequency` (1 in CleanRL and in Stable-Baselines3's defaults, `train_freq = 1,
/// gradient_steps = 1`).
public struct OffPolicyLoop: Sendable, Equatable, Codable {
    public var totalSteps: Int
    public var bufferSize: Int
    public var learningStarts: Int
    public var trainFrequency: Int
    public var gradientSteps: Int

    public init(totalSteps: Int, bufferSize: Int = 1_000_000, learningStarts: Int, trainFrequency: Int = 1, gradientSteps: Int = 1) {
        self.totalSteps = totalSteps
        self.bufferSize = bufferSize
        self.learningStarts = learningStarts
        self.trainFrequency = trainFrequency
        self.gradientSteps = gradientSteps
    }

    /// Checks every field, naming the offending one.
    public func validate() throws {
        if totalSteps < 1 { throw InputError(parameter: "totalSteps", given: "\(totalSteps)", allowed: "an integer ≥ 1") }
        if bufferSize < 1 { throw InputError(parameter: "bufferSize", given: "\(bufferSize)", allowed: "an integer ≥ 1") }
        if learningStarts < 0 { throw InputError(parameter: "learningStarts", given: "\(learningStarts)", allowed: "an integer ≥ 0") }
        if trainFrequency < 1 { throw InputError(parameter: "trainFrequency", given: "\(trainFrequency)", allowed: "an integer ≥ 1") }
        if gradientSteps < 0 { throw InputError(parameter: "gradientSteps", given: "\(gradientSteps)", allowed: "an integer ≥ 0") }
    }
}

/// One environment step of the loop, passed to the per-step callback.
public struct OffPolicyStepRecord: Sendable, Equatable {
    /// Environment steps taken so far (1 after the first).
    public var step: Int
    public var reward: Double
    public var terminated: Bool
    public var truncated: Bool
    /// The undiscounted return of the episode that ended at this step, if one did.
    public var episodeReturn: Double?
    /// Gradient steps taken so far.
    public var updates: Int
}

/// The generic off-policy loop over an `EpisodicEnvironment`. Transitions are stored with
/// `terminated` only: at a time-limit truncation `s'` is the episode's last observation and the target
/// bootstraps from it (CleanRL's `real_next_obs`, Stable-Baselines3's `handle_timeout_termination`);
/// the next episode starts from a fresh reset.
///
/// Random streams: `seed` gives three independent `SeededGenerator`s, for the behaviour actions (the
/// uniform start steps and the exploration noise), for the updates (minibatch indices and the policies'
/// noise) and for the reset seeds. With the agent seeded too, a run is a pure function of its seeds:
/// the same parameter bytes on every run.
public enum OffPolicyTraining {
    /// Runs `loop` on `agent` (the caller keeps the trained agent), calling `onStep(record, agent)`
    /// after every environment step (and after that step's updates). Returns the replay buffer.
    /// Preconditions: a box action set; `loop` valid (see `OffPolicyLoop.validate`).
    @discardableResult
    public static func run<A: OffPolicyAgent, E: EpisodicEnvironment>(
        _ agent: inout A, environment: inout E, loop: OffPolicyLoop, seed: UInt64,
        onStep: (OffPolicyStepRecord, A) -> Void = { _, _ in }
    ) -> ReplayBuffer {
        precondition((try? loop.validate()) != nil, "invalid off-policy loop settings")
        guard case .box(let low, let high) = environment.actionSet else {
            preconditionFailure("off-policy actor-critics need a box action set")
        }
        var master = SeededGenerator(seed: seed)
        var actionRNG = SeededGenerator(seed: master.next())
        var updateRNG = SeededGenerator(seed: master.next())
        var resetRNG = SeededGenerator(seed: master.next())
        var buffer = ReplayBuffer(capacity: loop.bufferSize, observationWidth: environment.observationLength,
                                  actionWidth: low.count)
        var observation = environment.reset(seed: resetRNG.next())
        agent.beginEpisode()
        var episodeReturn = 0.0
        var updates = 0
        for t in 0..<loop.totalSteps {
            let action = t < loop.learningStarts
                ? low.indices.map { low[$0] + (high[$0] - low[$0]) * actionRNG.nextUniform() }
                : agent.explorationAction(observation, using: &actionRNG)
            let step = environment.step(action)
            buffer.add(observation: observation, action: action, reward: step.reward,
                       nextObservation: step.observation, terminated: step.terminated)
            episodeReturn += step.reward
            var finished: Double? = nil
            if step.terminated || step.truncated {
                finished = episodeReturn
                episodeReturn = 0
                observation = environment.reset(seed: resetRNG.next())
                agent.beginEpisode()
            } else {
                observation = step.observation
            }
            if t > loop.learningStarts && t % loop.trainFrequency == 0 {
                for _ in 0..<loop.gradientSteps {
                    agent.update(buffer: buffer, using: &updateRNG)
                    updates += 1
                }
            }
            onStep(OffPolicyStepRecord(step: t + 1, reward: step.reward, terminated: step.terminated,
                                       truncated: step.truncated, episodeReturn: finished, updates: updates), agent)
        }
        return buffer
    }

    /// The undiscounted return of one evaluation episode (the agent's `evaluationAction`) from
    /// `reset(seed:)`, run to termination or truncation.
    public static func evaluate<A: OffPolicyAgent, E: EpisodicEnvironment>(_ agent: A, environment: inout E, seed: UInt64) -> Double {
        evaluate(policy: agent.evaluationAction, environment: &environment, seed: seed)
    }

    /// The undiscounted return of one episode from `reset(seed:)` taking `policy(observation)` at every
    /// step (any policy: a trained PPO agent's mean action, a SAC actor's sampled action), run to
    /// termination or truncation.
    public static func evaluate<E: EpisodicEnvironment>(policy: ([Double]) -> [Double], environment: inout E, seed: UInt64) -> Double {
        var observation = environment.reset(seed: seed)
        var total = 0.0
        while true {
            let step = environment.step(policy(observation))
            total += step.reward
            if step.terminated || step.truncated { return total }
            observation = step.observation
        }
    }
}
