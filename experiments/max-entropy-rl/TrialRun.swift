import Control
import ExperimentKit
import Foundation
import Locomotion
import OffPolicy
import PPO

/// One trial's computation: train the method on the task from the trial's seed, evaluating the
/// deterministic policy at evenly spaced checkpoints (SAC also: α and the entropy over the evaluation
/// states), then, on Pendulum, the trained policy under perturbed dynamics.
///
/// Random streams, from the trial's `StreamKey` (common to every method of a (task, seed)): the agent's
/// initialisation, the training loop, the evaluation reset seeds (the same episodes' starts for every
/// method), the perturbed episodes' reset seeds (likewise), and the draws of SAC's entropy estimate and
/// sampled-action evaluation.
enum TrialRun {
    /// The task's environment; Pendulum with its length scaled by `lengthScale` (Gymnasium's l = 1).
    static func environment(_ task: String, lengthScale: Double = 1) throws -> any EpisodicEnvironment {
        if task == Configuration.pendulum {
            var p = Pendulum()
            p.length = lengthScale
            return TimeLimited(p)
        }
        precondition(lengthScale == 1, "only the pendulum is perturbed")
        return try LocomotionRegistry.make(id: task)
    }

    /// The seeds and schedule every method of a (task, seed) shares.
    struct Schedule {
        var checkpointSteps: [Int]
        var evaluationSeeds: [[UInt64]]
        var perturbationSeeds: [UInt64]
        var agentSeed: UInt64
        var loopSeed: UInt64
        var samplingSeed: UInt64

        init(_ trial: Trial, _ config: Configuration, masterSeed: UInt64) {
            let b = config.budgets[trial.task]!
            checkpointSteps = (1...b.checkpoints).map { $0 * b.steps / b.checkpoints }
            var streams = SplitMix64(state: trial.streamKey(masterSeed: masterSeed).seed)
            agentSeed = streams.next()
            loopSeed = streams.next()
            samplingSeed = streams.next()
            var evaluation = SeededGenerator(seed: streams.next())
            evaluationSeeds = checkpointSteps.map { _ in (0..<config.evaluationEpisodes).map { _ in evaluation.next() } }
            var perturbation = SeededGenerator(seed: streams.next())
            perturbationSeeds = (0..<config.perturbationEpisodes).map { _ in perturbation.next() }
        }
    }

    static func run(_ trial: Trial, _ config: Configuration, masterSeed: UInt64, codeHash: String) throws -> TrialFile {
        let start = Date()
        var file = try train(try environment(trial.task), trial, config, schedule: Schedule(trial, config, masterSeed: masterSeed))
        file.masterSeed = masterSeed
        file.codeHash = codeHash
        for r in file.returns + (file.perturbedReturns ?? []) where !r.isFinite {
            throw NumericalError("\(trial.name): a non-finite evaluation return")
        }
        file.seconds = (Date().timeIntervalSince(start) * 1000).rounded() / 1000
        return file
    }

    /// The mean return of `policy` over episodes from `seeds` on `environment`, recording every observation it acts on.
    static func evaluate<E: EpisodicEnvironment>(_ environment: inout E, seeds: [UInt64], states: inout [Double],
                                                 policy: ([Double]) -> [Double]) -> Double {
        Statistics.mean(seeds.map { seed in
            OffPolicyTraining.evaluate(policy: { observation in
                states += observation
                return policy(observation)
            }, environment: &environment, seed: seed)
        })
    }

    /// The mean return of `policy` at each of the configuration's pendulum lengths (nil off Pendulum).
    static func perturbed(_ task: String, _ config: Configuration, _ schedule: Schedule,
                          policy: ([Double]) -> [Double]) throws -> [Double]? {
        guard config.perturbs(task) else { return nil }
        var ignored: [Double] = []
        return try config.perturbationScales.map { scale in
            var e = try environment(task, lengthScale: scale)
            return evaluate(&e, seeds: schedule.perturbationSeeds, states: &ignored, policy: policy)
        }
    }

    /// Runs the off-policy loop, evaluating the agent's deterministic policy at each checkpoint and then
    /// calling `atCheckpoint` with the agent and the evaluation states; returns the mean return per checkpoint.
    static func train<A: OffPolicyAgent, E: EpisodicEnvironment>(
        _ agent: inout A, _ environment: inout E, _ evaluationEnvironment: inout E, loop: OffPolicyLoop, schedule: Schedule,
        atCheckpoint: (A, [Double]) -> Void
    ) -> [Double] {
        var returns: [Double] = []
        OffPolicyTraining.run(&agent, environment: &environment, loop: loop, seed: schedule.loopSeed) { record, a in
            guard returns.count < schedule.checkpointSteps.count, record.step == schedule.checkpointSteps[returns.count] else { return }
            var states: [Double] = []
            returns.append(evaluate(&evaluationEnvironment, seeds: schedule.evaluationSeeds[returns.count], states: &states,
                                    policy: a.evaluationAction))
            atCheckpoint(a, states)
        }
        return returns
    }

    static func train<E: EpisodicEnvironment>(_ environment: E, _ trial: Trial, _ config: Configuration,
                                              schedule: Schedule) throws -> TrialFile {
        guard case .box(let low, let high) = environment.actionSet else {
            throw InputError(parameter: "task", given: trial.task, allowed: "a task with continuous actions")
        }
        var evaluationEnvironment = try TrialRun.environment(trial.task) as! E
        var file = TrialFile(task: trial.task, method: trial.method.name, seed: trial.seed, masterSeed: 0, codeHash: "",
                             steps: schedule.checkpointSteps, returns: [], seconds: 0)
        file.perturbationScales = config.perturbs(trial.task) ? config.perturbationScales : nil
        var sampling = SeededGenerator(seed: schedule.samplingSeed)
        let width = environment.observationLength
        var env = environment
        switch trial.method {
        case .sacAuto, .sacFixed:
            let temperature: SACTemperature = trial.method.fixedTemperature.map { .fixed($0) } ?? .automatic(initial: 1, targetEntropy: nil)
            let c = LearnerSettings.sac(config, task: trial.task, temperature: temperature)
            var agent = try SAC(configuration: c, observationLength: width, low: low, high: high, seed: schedule.agentSeed)
            var temperatures: [Double] = [], entropies: [Double] = []
            file.returns = train(&agent, &env, &evaluationEnvironment, loop: c.loop, schedule: schedule) { a, states in
                temperatures.append(a.temperature)
                entropies.append(a.actor.entropyEstimate(a.phi, observations: states, batch: states.count / width,
                                                         samplesPerState: 1, using: &sampling).mean)
            }
            file.temperatures = temperatures
            file.entropies = entropies
            file.targetEntropy = agent.targetEntropy
            file.perturbedReturns = try perturbed(trial.task, config, schedule, policy: agent.evaluationAction)
            file.perturbedSampledReturns = try perturbed(trial.task, config, schedule) { observation in
                agent.actor.sample(agent.phi, observations: observation, batch: 1, using: &sampling).actions
            }
        case .td3, .ddpg:
            let c = trial.method == .td3 ? LearnerSettings.td3(config, task: trial.task) : LearnerSettings.ddpg(config, task: trial.task)
            var agent = try DeterministicActorCritic(configuration: c, observationLength: width, low: low, high: high,
                                                     seed: schedule.agentSeed)
            file.returns = train(&agent, &env, &evaluationEnvironment, loop: c.loop, schedule: schedule) { _, _ in }
            file.perturbedReturns = try perturbed(trial.task, config, schedule, policy: agent.evaluationAction)
        case .softQ:
            let c = LearnerSettings.softQ(config, task: trial.task)
            var agent = try SoftQLearning(configuration: c, observationLength: width, low: low, high: high, seed: schedule.agentSeed)
            file.returns = train(&agent, &env, &evaluationEnvironment, loop: c.loop, schedule: schedule) { _, _ in }
            file.perturbedReturns = try perturbed(trial.task, config, schedule, policy: agent.evaluationAction)
        case .ppo:
            let c = LearnerSettings.ppo(config, task: trial.task)
            try c.validate()
            var run = PPORun(environment: env, configuration: c, seed: schedule.agentSeed)
            var next = 0
            var steps: [Int] = []
            // PPO updates once per horizon: each checkpoint is evaluated after the first update that reaches it.
            while run.steps < c.totalSteps {
                _ = run.update(run.collectRollout())
                while next < schedule.checkpointSteps.count && run.steps >= schedule.checkpointSteps[next] {
                    var states: [Double] = []
                    file.returns.append(evaluate(&evaluationEnvironment, seeds: schedule.evaluationSeeds[next], states: &states,
                                                 policy: run.evaluationAction))
                    steps.append(run.steps)
                    next += 1
                }
            }
            file.steps = steps
            file.perturbedReturns = try perturbed(trial.task, config, schedule, policy: run.evaluationAction)
        }
        return file
    }
}
