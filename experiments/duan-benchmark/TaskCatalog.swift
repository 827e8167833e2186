import Control
import ExperimentKit
import Locomotion
import OffPolicy
import PolicySearch

/// The suite's counterparts of Duan et al.'s tasks and their partially observable variants.
///
/// | Duan et al. (rllab) | here | actions |
/// | --- | --- | --- |
/// | Cart-Pole Balancing | `CartPole-v1` | 2 discrete forces ±10 (rllab: a continuous force) |
/// | Mountain Car | `MountainCarContinuous-v0` | continuous, as rllab's |
/// | Acrobot Swing Up | `Acrobot-v1` | 3 discrete torques (rllab: continuous) |
/// | Cart-Pole Swing Up (nearest: pendulum swing-up) | `Pendulum-v1` | continuous |
/// | Double Inverted Pendulum Balancing | `InvertedDoublePendulum-v5` (MuJoCo) | continuous |
/// | Swimmer, Hopper, Walker, Half-Cheetah, Ant, Humanoid | the v5 MuJoCo tasks | continuous |
///
/// Discrete tasks get a categorical policy (the batch and gradient-free algorithms need only
/// log π and sampling); DDPG, which needs continuous actions, is not applicable there
/// (`Configuration.notApplicable`).
enum TaskCatalog {
    /// Limited sensors: the observation entries that are positions (angles as cos/sin pairs).
    static let positions: [String: [Int]] = [
        "CartPole-v1": [0, 2],                      // x, θ of x, ẋ, θ, θ̇
        "MountainCarContinuous-v0": [0],            // x of x, v
        "Acrobot-v1": [0, 1, 2, 3],                 // cos/sin θ₁, θ₂ of those and θ̇₁, θ̇₂
        "Pendulum-v1": [0, 1],                      // cos θ, sin θ of those and θ̇
        "InvertedDoublePendulum-v5": [0, 1, 2, 3, 4],   // x, sin θ₁, sin θ₂, cos θ₁, cos θ₂ of 9
    ]

    /// The tasks with discrete actions (no DDPG).
    static let discreteTasks: Set<String> = ["CartPole-v1", "Acrobot-v1"]

    /// The tasks with a physical parameter the system-identification variant redraws.
    static let identifiable: Set<String> = ["CartPole-v1", "Pendulum-v1"]

    static var allTasks: [String] { Configuration.classicTasks + Configuration.locomotionTasks }

    /// The task under its time limit, fully observed.
    static func make(task: String) throws -> any EpisodicEnvironment {
        if ClassicControlRegistry.ids.contains(task) {
            func limited<E: ClassicControl>(_ e: E) -> any EpisodicEnvironment { TimeLimited(e) }
            return limited(try ClassicControlRegistry.make(id: task))
        }
        if LocomotionRegistry.ids.contains(task) { return try LocomotionRegistry.make(id: task) }
        throw InputError(parameter: "--task", given: task, allowed: allTasks.joined(separator: ", "))
    }

    /// The task in a variant. Throws for an unknown task or a variant the task does not have.
    static func make(task: String, variant: Variant) throws -> any EpisodicEnvironment {
        switch variant {
        case .full:
            return try make(task: task)
        case .limitedSensors:
            guard let keep = positions[task] else {
                throw InputError(parameter: "--variant", given: "\(variant.rawValue) for \(task)", allowed: "full (no position list for this task)")
            }
            func occlude<E: EpisodicEnvironment>(_ e: E) -> any EpisodicEnvironment { LimitedSensors(e, keeping: keep) }
            return occlude(try make(task: task))
        case .noisyDelayed:
            func perturb<E: EpisodicEnvironment>(_ e: E) -> any EpisodicEnvironment { NoisyObservations(DelayedActions(e)) }
            return perturb(try make(task: task))
        case .systemIdentification:
            switch task {
            case CartPole.id: return SystemIdentification(CartPole())
            case Pendulum.id: return SystemIdentification(Pendulum())
            default:
                throw InputError(parameter: "--variant", given: "\(variant.rawValue) for \(task)",
                                 allowed: "full, limited-sensors, noisy-delayed (system identification: \(identifiable.sorted().joined(separator: ", ")))")
            }
        }
    }

    /// Runs `iterations` iterations of an algorithm (DDPG: the same number of environment steps as
    /// the batch methods) and returns its records.
    static func train(task: String, variant: Variant, algorithm: Algorithm, config: Configuration, seed: UInt64) throws
        -> [BatchIterationRecord] {
        let environment = try make(task: task, variant: variant)
        func run<E: EpisodicEnvironment>(_ e: E) throws -> [BatchIterationRecord] {
            let batch: BatchAlgorithm
            switch algorithm {
            case .reinforce: batch = .duanREINFORCE
            case .tnpg: batch = .duanTNPG
            case .trpo: batch = .duanTRPO
            case .erwr: batch = .duanERWR
            case .reps: batch = .duanREPS
            case .cem, .cmaes:
                var search = GradientFreePolicySearch(environment: e, method: algorithm == .cem ? .cem : .cmaes,
                                                      hiddenSizes: config.hiddenSizes, batchSize: config.batchSize,
                                                      maximumPathLength: config.maximumPathLength, seed: seed)
                return (0..<config.iterations).map { _ in search.iterate() }
            case .ddpg:
                return try ddpg(PathCapped(e, maximumLength: config.maximumPathLength), config: config, seed: seed)
            }
            var search = BatchPolicySearch(environment: e, algorithm: batch, hiddenSizes: config.hiddenSizes, batchSize: config.batchSize,
                                           maximumPathLength: config.maximumPathLength, seed: seed)
            return (0..<config.iterations).map { _ in search.iterate() }
        }
        return try run(environment)
    }

    /// DDPG as rllab's `DDPG` defaults set it (batch 32, τ 0.001, Adam 10⁻³ critic and 10⁻⁴ actor, no
    /// weight decay, a 10 000-transition warm-up, one update per step, Ornstein–Uhlenbeck noise θ 0.15,
    /// σ 0.3), on the suite's DDPG (Lillicrap et al.'s preset otherwise), with the batch algorithms'
    /// hidden sizes for actor and critic, for the same number of environment steps (batch × iterations).
    static func ddpgConfiguration(_ config: Configuration) -> DeterministicActorCriticConfiguration {
        let total = config.batchSize * config.iterations
        var c = DDPG.lillicrap2016(totalSteps: total, learningStarts: min(10_000, total / 10))
        c.batchSize = 32
        c.criticWeightDecay = 0
        c.actorHiddenSizes = config.hiddenSizes
        c.criticHiddenSizes = config.hiddenSizes
        c.exploration = .ornsteinUhlenbeck(theta: 0.15, standardDeviation: 0.3, timeStep: 1)
        return c
    }

    static func ddpgDescription(_ config: Configuration) -> String {
        let c = ddpgConfiguration(config)
        return "batch \(c.batchSize), τ \(c.tau), Adam actor \(c.actorLearningRate) critic \(c.criticLearningRate), warm-up \(c.loop.learningStarts) uniform steps, "
            + "OU θ 0.15 σ 0.3, hidden \(c.actorHiddenSizes); an iteration is \(config.batchSize) steps and its average return the mean of "
            + "the training episodes (exploration on) that end in it"
    }

    /// A DDPG run of batch × iterations steps, read as iterations of `batchSize` steps: the iteration's
    /// average return is the mean undiscounted return of the training episodes ending in it (at least
    /// one does: paths are capped at `maximumPathLength` ≤ `batchSize`).
    static func ddpg<E: EpisodicEnvironment>(_ environment: E, config: Configuration, seed: UInt64) throws -> [BatchIterationRecord] {
        guard case .box(let low, let high) = environment.actionSet else {
            throw InputError(parameter: "--algorithm", given: "ddpg on \(environment.id)", allowed: "a task with continuous actions")
        }
        precondition(config.maximumPathLength <= config.batchSize)
        var streams = SplitMix64(state: seed)
        var agent = try DeterministicActorCritic(configuration: ddpgConfiguration(config), observationLength: environment.observationLength,
                                                 low: low, high: high, seed: streams.next())
        var env = environment
        var returns: [[Double]] = Array(repeating: [], count: config.iterations)
        OffPolicyTraining.run(&agent, environment: &env, loop: ddpgConfiguration(config).loop, seed: streams.next()) { record, _ in
            if let r = record.episodeReturn { returns[(record.step - 1) / config.batchSize].append(r) }
        }
        return returns.enumerated().map { i, r in
            BatchIterationRecord(iteration: i + 1, paths: r.count, steps: config.batchSize, averageReturn: r.isEmpty ? .nan : Statistics.mean(r))
        }
    }
}

/// Ends a path after `maximumLength` steps (truncated), as rllab's `max_path_length` does for every
/// algorithm; the batch and gradient-free samplers cap paths themselves, DDPG's loop does not.
struct PathCapped<Base: EpisodicEnvironment>: EpisodicEnvironment {
    var base: Base
    let maximumLength: Int
    var elapsed = 0

    init(_ base: Base, maximumLength: Int) {
        self.base = base
        self.maximumLength = maximumLength
    }

    var id: String { base.id }
    var observationLength: Int { base.observationLength }
    var actionSet: ActionSet { base.actionSet }

    mutating func reset(seed: UInt64) -> [Double] {
        elapsed = 0
        return base.reset(seed: seed)
    }

    mutating func step(_ action: [Double]) -> EnvironmentStep {
        var s = base.step(action)
        elapsed += 1
        if elapsed >= maximumLength { s.truncated = true }
        return s
    }
}
