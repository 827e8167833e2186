import Control
import ExperimentKit
import Foundation
import Neural
import OutputKit
import PolicySearch

/// Part 2: TRPO over training, one run per (task, seed), with every update's full natural step, line
/// search and divergences recorded; the batches of the probe iterations also go to part 1.
enum TrainingPart {
    struct Trial: Sendable {
        var task: Task
        var seed: Int
    }

    /// One TRPO update, on the batch sampled with θ_iteration (iteration 0: θ₀).
    struct UpdateRow: Sendable {
        var iteration: Int
        var steps: Int
        var paths: Int
        var averageReturn: Double
        /// The full step Δ = αx (line-search trial 0): KL̄, L(θ + Δ) − L(θ), and the largest per-state KL.
        var fullMeanKL: Double
        var fullSurrogateChange: Double
        var fullMaxKL: Double
        var backtracks: Int
        var accepted: Bool
        /// At the θ the line search returned (θ_old when it rejected, where all of these are 0): KL̄ and
        /// the maximum over the batch's states of KL(π_old ‖ π_θ), the same for KL(π_θ ‖ π_old) and for D_TV.
        var meanKL: Double
        var maxKL: Double
        var meanReverseKL: Double
        var maxReverseKL: Double
        var meanTV: Double
        var maxTV: Double
        var surrogateChange: Double

        /// Whether the full step passes the line search's test (L improves and KL̄ ≤ δ).
        func fullStepPasses(delta: Double) -> Bool { fullSurrogateChange > 0 && fullMeanKL <= delta }
        var maxToMean: Double { maxKL / meanKL }
    }

    /// The first states of a probed batch, with θ: what a saved counterexample needs.
    struct SmallInstance: Sendable {
        var observationLength: Int
        var head: PolicyHead
        var theta: [Double]
        var observations: [Double]
        var actions: [Double]
        var advantages: [Double]
    }

    struct Outcome: Sendable {
        var trial: Trial
        var updates: [UpdateRow]
        var probes: [QuadraticModelPart.Probe]
        var smallInstances: [Int: SmallInstance]
    }

    static func trials(_ config: Configuration) -> [Trial] {
        config.tasks.flatMap { task in (0..<config.seeds).map { Trial(task: task, seed: $0) } }
    }

    static func run(_ trial: Trial, config: Configuration, masterSeed: UInt64) -> Outcome {
        let seed = StreamKey(experiment: NaturalGradientExperiment.name, setting: trial.task.rawValue, trial: trial.seed,
                             masterSeed: masterSeed).seed
        switch trial.task {
        case .cartPole: return run(CartPole(), trial: trial, seed: seed, config: config)
        case .acrobot: return run(Acrobot(), trial: trial, seed: seed, config: config)
        case .pendulum: return run(Pendulum(), trial: trial, seed: seed, config: config)
        }
    }

    static func run<T: ClassicControl>(_ environment: T, trial: Trial, seed: UInt64, config: Configuration) -> Outcome {
        var search = BatchPolicySearch(environment: environment, algorithm: .trpo(config.method), hiddenSizes: config.hiddenSizes,
                                       batchSize: config.batchSize, maximumPathLength: T.maxEpisodeSteps, seed: seed)
        let probing = config.probeTasks.contains(trial.task)
        var outcome = Outcome(trial: trial, updates: [], probes: [], smallInstances: [:])
        for iteration in 0..<config.iterations {
            var row: UpdateRow?
            let record = search.iterate { problem, update in
                row = measure(problem, update, iteration: iteration)
                if probing && config.probeIterations.contains(iteration) {
                    outcome.probes.append(QuadraticModelPart.probe(problem, task: trial.task, seed: trial.seed, iteration: iteration,
                                                                   config: config))
                    outcome.smallInstances[iteration] = smallInstance(problem, states: config.counterexampleStates)
                }
            }
            guard var measured = row else { preconditionFailure("TRPO always hands its update over") }
            measured.steps = record.steps
            measured.paths = record.paths
            measured.averageReturn = record.averageReturn
            outcome.updates.append(measured)
        }
        return outcome
    }

    static func measure(_ problem: SurrogateProblem, _ update: NaturalPolicyGradient.Update, iteration: Int) -> UpdateRow {
        let search = update.lineSearch
        let full = search.trials[0]
        let theta = problem.oldTheta
        let fullMaxKL = problem.stateKLs(theta.indices.map { theta[$0] + update.fullStep[$0] }).max()!
        let d = problem.stateDivergences(update.theta)
        let n = Double(problem.samples.count)
        let tv = d.totalVariation ?? []
        return UpdateRow(iteration: iteration, steps: 0, paths: 0, averageReturn: 0, fullMeanKL: full.meanKL,
                         fullSurrogateChange: full.surrogate - update.surrogateBefore, fullMaxKL: fullMaxKL,
                         backtracks: search.backtracks, accepted: search.accepted, meanKL: d.kl.reduce(0, +) / n,
                         maxKL: d.kl.max()!, meanReverseKL: d.reverseKL.reduce(0, +) / n, maxReverseKL: d.reverseKL.max()!,
                         meanTV: tv.isEmpty ? .nan : tv.reduce(0, +) / n, maxTV: tv.max() ?? .nan,
                         surrogateChange: search.surrogate - update.surrogateBefore)
    }

    static func smallInstance(_ problem: SurrogateProblem, states m: Int) -> SmallInstance {
        let policy = problem.policy, samples = problem.samples
        let m = min(m, samples.count), o = policy.observationLength, w = policy.head.actionWidth
        return SmallInstance(observationLength: o, head: policy.head, theta: problem.oldTheta,
                             observations: Array(samples.observations[0..<(m * o)]), actions: Array(samples.actions[0..<(m * w)]),
                             advantages: Array(samples.advantages[0..<m]))
    }

    static func table(_ outcomes: [Outcome]) -> CSVTable {
        var table = CSVTable(columns: ["task", "seed", "iteration", "steps", "paths", "average_return", "full_step_mean_kl",
                                       "full_step_surrogate_change", "full_step_max_kl", "backtracks", "accepted", "mean_kl",
                                       "max_kl", "max_to_mean_kl", "mean_reverse_kl", "max_reverse_kl", "mean_tv", "max_tv",
                                       "surrogate_change"])
        func number(_ x: Double) -> CSVValue { x.isFinite ? .double(x) : .empty }
        for o in outcomes {
            for u in o.updates {
                table.append([.string(o.trial.task.rawValue), .int(o.trial.seed), .int(u.iteration), .int(u.steps), .int(u.paths),
                              .double(u.averageReturn), .double(u.fullMeanKL), .double(u.fullSurrogateChange), .double(u.fullMaxKL),
                              .int(u.backtracks), .int(u.accepted ? 1 : 0), .double(u.meanKL), .double(u.maxKL),
                              u.accepted ? number(u.maxToMean) : .empty, .double(u.meanReverseKL), .double(u.maxReverseKL),
                              number(u.meanTV), number(u.maxTV), .double(u.surrogateChange)])
            }
        }
        return table
    }
}
