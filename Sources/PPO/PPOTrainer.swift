import Control
import ExperimentKit
import Foundation
import Neural

/// One finished episode: the environment step at which it ended (counting from 1), its
/// undiscounted return in the environment's own rewards, and its length.
public struct EpisodeRecord: Sendable, Equatable {
    public var endStep: Int
    public var episodeReturn: Double
    public var length: Int
}

/// Diagnostics of one update, computed on the whole rollout after the K epochs (except
/// `explainedVariance`, which is that of the rollout's values before the update):
/// mean KL(π_old ‖ π_new), fraction of |r − 1| > ε, mean entropy, mean (V − R̂)², and
/// 1 − Var[R̂ − V_old]/Var[R̂]. `beta` is the KL coefficient the update used.
public struct UpdateDiagnostics: Sendable, Equatable {
    public var update: Int
    public var steps: Int
    public var beta: Double
    public var learningRate: Double
    public var meanKL: Double
    public var clipFraction: Double
    public var entropy: Double
    public var valueLoss: Double
    public var explainedVariance: Double
    public var surrogate: Double
}

/// What a training run produced.
public struct TrainingRecord: Sendable {
    public var episodes: [EpisodeRecord] = []
    public var updates: [UpdateDiagnostics] = []

    /// The mean return of the last `count` finished episodes (of all, if fewer; nil if none):
    /// the PPO paper's score.
    public func meanReturnOfLastEpisodes(_ count: Int = 100) -> Double? {
        guard !episodes.isEmpty else { return nil }
        return Self.meanOfLast(episodes.map(\.episodeReturn)[...], count)
    }

    /// The mean of the last `count` values of `x` (of all, if fewer), summed in order: the one
    /// implementation of the paper's score and of every point of a learning curve.
    /// Precondition: `x` non-empty.
    public static func meanOfLast(_ x: ArraySlice<Double>, _ count: Int) -> Double {
        precondition(!x.isEmpty && count > 0)
        let tail = x.suffix(count)
        return tail.reduce(0, +) / Double(tail.count)
    }

    /// For each i, the mean of x[max(0, i − window + 1)…i]: the learning curve the score is read from.
    public static func trailingMeans(_ x: [Double], window: Int) -> [Double] {
        x.indices.map { i in meanOfLast(x[...i], window) }
    }
}

/// One rollout of T steps, with what GAE needs.
public struct Rollout: Sendable {
    public var batch: PPOBatch
    public var values: [Double]
    public var nextValues: [Double]
    public var rewards: [Double]
    public var terminated: [Bool]
    public var episodeEnded: [Bool]
}

/// PPO (Schulman et al. 2017, Algorithm 1) on one environment, read top to bottom:
/// for each iteration, run π_old for T steps, compute GAE advantages, then optimise the surrogate
/// for K epochs with minibatches of M, and adapt β for the adaptive-KL objective.
///
/// Episode ends: at termination V(s_{t+1}) = 0; at a time-limit truncation the value of the
/// episode's last observation is bootstrapped (the time limit is not part of the state).
/// Continuous actions are sampled from the Gaussian and clipped to the action box only when
/// sent to the environment; log-probabilities use the unclipped sample (as Stable-Baselines3).
///
/// Randomness: three streams derived from the seed with SplitMix64 — θ₀, action sampling and
/// episode resets, minibatch shuffling — so a run depends on its seed only.
public struct PPORun<Environment: EpisodicEnvironment> {
    public let configuration: PPOConfiguration
    public let agent: ActorCritic
    public private(set) var theta: [Double]
    public private(set) var beta: Double
    public private(set) var record = TrainingRecord()
    public private(set) var steps = 0
    var optimizer: Adam
    var environment: Environment
    let actionSet: ActionSet
    var observationNormalizer: ObservationNormalizer
    var rewardScaler: RewardScaler
    var actingRNG: SeededGenerator
    var shufflingRNG: SeededGenerator
    var rawObservation: [Double] = []
    var episodeReturn = 0.0, episodeLength = 0

    /// Precondition: a valid configuration (see `PPOConfiguration.validate`).
    public init(environment: Environment, configuration: PPOConfiguration, seed: UInt64) {
        self.configuration = configuration
        let head: PolicyHead
        actionSet = environment.actionSet
        switch actionSet {
        case .discrete(let count): head = .categorical(actionCount: count)
        case .box(let low, _): head = .gaussian(dimension: low.count)
        }
        agent = ActorCritic(observationLength: environment.observationLength, head: head,
                            hiddenSizes: configuration.hiddenSizes, activation: configuration.activation)
        var streams = SplitMix64(state: seed)
        var initialization = SeededGenerator(seed: streams.next())
        actingRNG = SeededGenerator(seed: streams.next())
        shufflingRNG = SeededGenerator(seed: streams.next())
        theta = agent.initialParameters(initialLogStd: configuration.initialLogStd, using: &initialization)
        beta = configuration.objective.initialBeta
        optimizer = Adam(parameterCount: agent.parameterCount, learningRate: configuration.learningRate,
                         epsilon: configuration.adamEpsilon)
        self.environment = environment
        observationNormalizer = ObservationNormalizer(dimension: environment.observationLength)
        rewardScaler = RewardScaler(gamma: configuration.gamma)
        rawObservation = resetEnvironment()
    }

    mutating func resetEnvironment() -> [Double] {
        let observation = environment.reset(seed: actingRNG.next())
        if configuration.normalizeObservations { observationNormalizer.update(observation) }
        return observation
    }

    func normalized(_ observation: [Double]) -> [Double] {
        configuration.normalizeObservations ? observationNormalizer.normalize(observation) : observation
    }

    /// The action the environment receives: the index, or the sample clipped to the box.
    func environmentAction(_ action: [Double]) -> [Double] {
        switch actionSet {
        case .discrete: return action
        case .box(let low, let high): return action.indices.map { min(max(action[$0], low[$0]), high[$0]) }
        }
    }

    /// Runs π_θ for T steps, recording finished episodes. The values V(s_t) and the truncation
    /// bootstraps V(s_T) are computed after the rollout in one batched pass over the stored
    /// (normalised) observations: θ does not change during a rollout, and a batched row is computed
    /// with exactly the arithmetic of a single one, so this changes no bit, only the time.
    public mutating func collectRollout() -> Rollout {
        let t = configuration.horizon
        let k = agent.head.networkOutputs
        var observations: [Double] = [], actions: [Double] = [], logProbabilities: [Double] = [], outputs: [Double] = []
        var rewards: [Double] = [], terminated: [Bool] = [], ended: [Bool] = []
        // Observations whose value is needed besides the s_t: truncated episodes' last ones, and s_T.
        var bootstrapSteps: [Int] = [], bootstrapObservations: [Double] = []
        observations.reserveCapacity(t * agent.observationLength)
        outputs.reserveCapacity(t * k)
        var observation = normalized(rawObservation)
        for _ in 0..<t {
            let row = agent.policy(theta, observation)
            let action = agent.sampleAction(theta, outputs: row[...], using: &actingRNG)
            let logProbability = agent.logProbability(theta, outputs: row[...], action: action[...])
            let result = environment.step(environmentAction(action))
            steps += 1
            episodeReturn += result.reward
            episodeLength += 1
            let reward = configuration.normalizeRewards ? rewardScaler.scale(result.reward) : result.reward

            observations += observation
            actions += action
            logProbabilities.append(logProbability)
            outputs += row
            rewards.append(reward)
            terminated.append(result.terminated)
            let episodeEnds = result.terminated || result.truncated
            ended.append(episodeEnds)

            rawObservation = result.observation
            if configuration.normalizeObservations { observationNormalizer.update(rawObservation) }
            if episodeEnds {
                if !result.terminated {
                    bootstrapSteps.append(ended.count - 1)
                    bootstrapObservations += normalized(rawObservation)
                }
                record.episodes.append(EpisodeRecord(endStep: steps, episodeReturn: episodeReturn, length: episodeLength))
                episodeReturn = 0
                episodeLength = 0
                rewardScaler.episodeEnded()
                rawObservation = resetEnvironment()
            }
            observation = normalized(rawObservation)
        }
        if !ended[t - 1] {
            bootstrapSteps.append(t - 1)
            bootstrapObservations += observation
        }
        let allValues = agent.value.forward(theta, inputs: observations + bootstrapObservations,
                                            batch: t + bootstrapSteps.count).output
        let values = Array(allValues[0..<t])
        var nextValues = [Double](repeating: 0, count: t)
        for step in 0..<(t - 1) where !ended[step] { nextValues[step] = values[step + 1] }
        for (i, step) in bootstrapSteps.enumerated() { nextValues[step] = allValues[t + i] }

        let batch = PPOBatch(observations: observations, actions: actions, oldLogProbabilities: logProbabilities,
                             oldOutputs: outputs, oldLogStd: Array(agent.logStd(theta)), advantages: [], returns: [])
        return Rollout(batch: batch, values: values, nextValues: nextValues, rewards: rewards,
                       terminated: terminated, episodeEnded: ended)
    }

    /// GAE, then K epochs of minibatch Adam steps on the loss, then β's adaptation.
    public mutating func update(_ rollout: Rollout) -> UpdateDiagnostics {
        let c = configuration
        let advantages = generalizedAdvantageEstimates(rewards: rollout.rewards, values: rollout.values,
                                                       nextValues: rollout.nextValues, terminated: rollout.terminated,
                                                       episodeEnded: rollout.episodeEnded, gamma: c.gamma, lambda: c.lambda)
        var batch = rollout.batch
        batch.returns = zip(advantages, rollout.values).map { $0 + $1 }
        batch.advantages = c.normalizeAdvantages ? standardized(advantages) : advantages
        let explained = explainedVariance(predictions: rollout.values, targets: batch.returns)

        let updateIndex = record.updates.count + 1
        let totalUpdates = (c.totalSteps + c.horizon - 1) / c.horizon
        optimizer.learningRate = c.annealLearningRate
            ? c.learningRate * (1 - Double(updateIndex - 1) / Double(totalUpdates)) : c.learningRate
        var order = Array(0..<batch.count)
        for _ in 0..<c.epochs {
            shuffle(&order)
            for start in stride(from: 0, to: order.count, by: c.minibatchSize) {
                let minibatch = batch.rows(order[start..<min(start + c.minibatchSize, order.count)], agent: agent)
                var (_, gradient) = ppoLoss(agent, theta, batch: minibatch, objective: c.objective, beta: beta,
                                            valueCoefficient: c.valueCoefficient, entropyCoefficient: c.entropyCoefficient)
                if let maxNorm = c.maxGradientNorm { clipGlobalNorm(&gradient, maxNorm: maxNorm) }
                optimizer.update(&theta, gradient: gradient)
            }
        }
        let (terms, _) = ppoLoss(agent, theta, batch: batch, objective: c.objective, beta: beta,
                                 valueCoefficient: c.valueCoefficient, entropyCoefficient: c.entropyCoefficient,
                                 withGradient: false)
        let diagnostics = UpdateDiagnostics(update: updateIndex, steps: steps, beta: beta,
                                            learningRate: optimizer.learningRate, meanKL: terms.meanKL,
                                            clipFraction: terms.clipFraction, entropy: terms.entropy,
                                            valueLoss: terms.valueLoss, explainedVariance: explained,
                                            surrogate: terms.surrogate)
        beta = c.objective.adaptedBeta(beta, meanKL: terms.meanKL)
        record.updates.append(diagnostics)
        return diagnostics
    }

    /// Fisher–Yates with the shuffling stream.
    mutating func shuffle(_ order: inout [Int]) {
        for i in stride(from: order.count - 1, to: 0, by: -1) {
            order.swapAt(i, shufflingRNG.nextInt(below: i + 1))
        }
    }

    /// The action an evaluation episode takes: the policy's mode on the observation normalised with the
    /// running statistics as they are now (the mean `μ_θ(s)` for a Gaussian head, clipped to the box as
    /// in training; the most probable index for a categorical one).
    public func evaluationAction(_ observation: [Double]) -> [Double] {
        let row = agent.policy(theta, normalized(observation))
        switch actionSet {
        case .discrete: return [Double(row.indices.max { row[$0] < row[$1] }!)]
        case .box: return environmentAction(row)
        }
    }

    /// Trains for `totalSteps` steps; `afterUpdate` sees each update's diagnostics.
    public mutating func train(afterUpdate: (UpdateDiagnostics) -> Void = { _ in }) -> TrainingRecord {
        while steps < configuration.totalSteps {
            let rollout = collectRollout()
            afterUpdate(update(rollout))
        }
        return record
    }
}

/// 1 − Var[y − ŷ]/Var[y] (NaN when Var[y] = 0).
public func explainedVariance(predictions: [Double], targets: [Double]) -> Double {
    let targetVariance = Statistics.populationVariance(targets)
    guard targetVariance > 0 else { return .nan }
    return 1 - Statistics.populationVariance(zip(targets, predictions).map { $0 - $1 }) / targetVariance
}

extension PPORun: Sendable where Environment: Sendable {}

extension PPORun {
    /// PPO on a classic-control environment under its registered time limit.
    public init<Task: ClassicControl>(environment: Task, configuration: PPOConfiguration, seed: UInt64)
    where Environment == TimeLimited<Task> {
        self.init(environment: TimeLimited(environment), configuration: configuration, seed: seed)
    }
}
