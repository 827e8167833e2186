import ExperimentCLI
import ExperimentKit
import Foundation
import Neural
import OutputKit

/// A learner of the comparison: SAC with the automatic temperature (Haarnoja et al. 2018b, §5,
/// eq. 18), SAC with a fixed α (Haarnoja et al. 2018a), TD3, DDPG, PPO, soft Q-learning (Haarnoja et al. 2017).
enum Method: Hashable, Sendable {
    case sacAuto
    case sacFixed(Double)
    case td3
    case ddpg
    case ppo
    case softQ

    /// The name in trial names and CSVs: `sac-auto`, `sac-fixed-0.2`, `td3`, `ddpg`, `ppo`.
    var name: String {
        switch self {
        case .sacAuto: return "sac-auto"
        case .sacFixed(let a): return "sac-fixed-\(a)"
        case .td3: return "td3"
        case .ddpg: return "ddpg"
        case .ppo: return "ppo"
        case .softQ: return "sql"
        }
    }

    /// Letters only, for LaTeX macro names (`SACAuto`, `SACFixedA`… in the order of the sweep, `TDThree`, `DDPG`, `PPO`).
    func macroName(_ config: Configuration) -> String {
        switch self {
        case .sacAuto: return "SACAuto"
        case .sacFixed(let a): return "SACFixed" + String(UnicodeScalar(UInt8(65 + (config.fixedTemperatures.firstIndex(of: a) ?? 0))))
        case .td3: return "TDThree"
        case .ddpg: return "DDPG"
        case .ppo: return "PPO"
        case .softQ: return "SQL"
        }
    }

    var isSAC: Bool {
        switch self {
        case .sacAuto, .sacFixed: return true
        case .td3, .ddpg, .ppo, .softQ: return false
        }
    }

    /// The fixed temperature, if any.
    var fixedTemperature: Double? { if case .sacFixed(let a) = self { return a } else { return nil } }

    /// The family whose code a trial runs (one code hash each).
    var family: String { isSAC ? "sac" : name }
}

/// How many environment steps and which warm-up a task gets in a profile.
struct TaskBudget: Sendable, Equatable {
    var steps: Int
    /// Uniform-random steps before the off-policy learners' first update (SAC, TD3, DDPG).
    var learningStarts: Int
    /// Evenly spaced evaluations: after every `steps / checkpoints` environment steps.
    var checkpoints: Int
}

/// The sizes per profile; every one is recorded in the manifest.
///
/// - smoke: CI's seconds-long run of every code path.
/// - standard (`make all`): Pendulum only, small networks (64-64, batch 64, Adam 10⁻³ as the RL Zoo's
///   Pendulum settings), 10 000 steps, 3 seeds, a 3-value α sweep. Not the papers' sizes.
/// - paper: Haarnoja et al.'s SAC (`SACConfiguration.haarnoja2018`: 256-256, batch 256, Adam 3·10⁻⁴),
///   Fujimoto et al.'s TD3 (`TD3.fujimoto2018`), Lillicrap et al.'s DDPG (`DDPG.lillicrap2016`),
///   Schulman et al.'s PPO (the `PPOConfiguration` defaults); 1M steps on HalfCheetah-v5 and Hopper-v5,
///   20 000 on Pendulum-v1 (the RL Zoo's budget for SAC, TD3 and DDPG there); 5 seeds; four fixed α
///   spanning two decades.
struct Configuration: ExperimentConfiguration {
    var profile: Profile
    var tasks: [String]
    var budgets: [String: TaskBudget]
    var seeds: Int
    var fixedTemperatures: [Double]
    /// nil: each method's published preset (paper profile); otherwise the shared small settings.
    var small: SmallSettings?
    var evaluationEpisodes: Int
    /// Relative scales of the pendulum's length for the perturbed-dynamics evaluation (1 is nominal).
    var perturbationScales: [Double]
    var perturbationEpisodes: Int
    var bootstrapReplicates: Int
    /// |final entropy − target| allowed by "the entropy reaches its target", in nats.
    var entropyTolerance: Double = 0.5
    /// The learning check's threshold on Pendulum's final return.
    var pendulumThreshold: Double = -400
    /// "Comparable": auto minus best fixed α at least −margin × (range of the SAC variants' means).
    var comparableMargin: Double = 0.1
    /// The "final" return and entropy average the last fifth of the checkpoints (at least one).
    var finalFraction: Double = 0.2
    /// The off-policy networks' dense-layer products: double (smoke, standard) or float32 as PyTorch's
    /// (paper: about 1.7× faster, `ProductPrecision.single`). PPO's networks are always double.
    var products: ProductPrecision = .double

    /// The off-policy learners' shared small settings (smoke, standard).
    struct SmallSettings: Sendable, Equatable {
        var hiddenSizes: [Int]
        var batchSize: Int
        var learningRate: Double
        var ppoHorizon: Int
        var ppoMinibatch: Int
    }

    static let pendulum = "Pendulum-v1"
    static let locomotionTasks = ["HalfCheetah-v5", "Hopper-v5"]

    static func forProfile(_ profile: Profile) -> Configuration {
        switch profile {
        case .smoke:
            return Configuration(profile: profile, tasks: [pendulum],
                                 budgets: [pendulum: TaskBudget(steps: 600, learningStarts: 200, checkpoints: 3)],
                                 seeds: 2, fixedTemperatures: [0.1, 1],
                                 small: SmallSettings(hiddenSizes: [16, 16], batchSize: 16, learningRate: 1e-3, ppoHorizon: 200, ppoMinibatch: 50),
                                 evaluationEpisodes: 1, perturbationScales: [0.7, 1, 1.3], perturbationEpisodes: 1, bootstrapReplicates: 200)
        case .standard:
            return Configuration(profile: profile, tasks: [pendulum],
                                 budgets: [pendulum: TaskBudget(steps: 10_000, learningStarts: 1_000, checkpoints: 5)],
                                 seeds: 3, fixedTemperatures: [0.01, 0.1, 1],
                                 small: SmallSettings(hiddenSizes: [64, 64], batchSize: 64, learningRate: 1e-3, ppoHorizon: 2048, ppoMinibatch: 64),
                                 evaluationEpisodes: 3, perturbationScales: [0.7, 0.85, 1, 1.15, 1.3], perturbationEpisodes: 3,
                                 bootstrapReplicates: 2000)
        case .paper:
            var c = Configuration(profile: profile, tasks: [pendulum] + locomotionTasks,
                                 budgets: [pendulum: TaskBudget(steps: 20_000, learningStarts: 1_000, checkpoints: 10),
                                           "HalfCheetah-v5": TaskBudget(steps: 1_000_000, learningStarts: 10_000, checkpoints: 200),
                                           "Hopper-v5": TaskBudget(steps: 1_000_000, learningStarts: 1_000, checkpoints: 200)],
                                 seeds: 5, fixedTemperatures: [0.01, 0.05, 0.2, 1], small: nil,
                                 evaluationEpisodes: 10, perturbationScales: [0.7, 0.8, 0.9, 1, 1.1, 1.2, 1.3], perturbationEpisodes: 10,
                                 bootstrapReplicates: 10_000)
            c.products = .single
            return c
        }
    }

    /// Whether soft Q-learning runs: at smoke (its code path, in CI) and at the paper profile, not at the
    /// standard one, where its 3 Pendulum trials would cost about 66 CPU-s (11× TD3's), over `make all`'s budget.
    var includesSoftQ: Bool { profile != .standard }

    var methods: [Method] { [.sacAuto] + fixedTemperatures.map(Method.sacFixed) + [.td3, .ddpg, .ppo] + (includesSoftQ ? [.softQ] : []) }

    /// Every (task, seed, method): task-major, then seed, so that a run stopped early has whole seeds of a task.
    var trials: [Trial] {
        tasks.flatMap { t in (0..<seeds).flatMap { s in methods.map { Trial(task: t, method: $0, seed: s) } } }
    }

    /// How many of the last checkpoints make up the "final" return and entropy (the last fifth, at least one).
    var finalCheckpoints: Int { max(1, Int((Double(budgets.values.map(\.checkpoints).min() ?? 1) * finalFraction).rounded(.down))) }

    /// Whether a task has the perturbed-dynamics evaluation (the pendulum's length; the locomotion tasks have none here).
    func perturbs(_ task: String) -> Bool { task == Configuration.pendulum }

    var trialDescription: String {
        let b = tasks.map { t in "\(t):\(budgets[t]!.steps)/\(budgets[t]!.learningStarts)/\(budgets[t]!.checkpoints)" }.joined(separator: ",")
        return "max-entropy-rl;budgets=\(b);small=\(small.map { "\($0)" } ?? "presets");products=\(products);episodes=\(evaluationEpisodes);"
            + "scales=\(perturbationScales);perturbationEpisodes=\(perturbationEpisodes)"
    }

    var settings: [String: String] {
        func list<T>(_ xs: [T]) -> String { xs.map { "\($0)" }.joined(separator: " ") }
        return [
            "tasks": list(tasks),
            "budgets": tasks.map { t in "\(t): \(budgets[t]!.steps) steps, \(budgets[t]!.learningStarts) random steps first (off-policy learners), \(budgets[t]!.checkpoints) evaluations" }.joined(separator: "; "),
            "methods": list(methods.map(\.name)),
            "seeds": "\(seeds)",
            "learners": LearnerSettings.description(self),
            "evaluation": "\(evaluationEpisodes) episodes of the deterministic policy (SAC: c + s tanh μ(s); TD3, DDPG: μ(s); PPO: the Gaussian's mean, clipped) at each of the evenly spaced checkpoints; final = mean over the last \(finalCheckpoints) checkpoint(s)",
            "entropy": "SAC's policy entropy −E log π(a|s) (squashed density) over the states the evaluation episodes visit, one draw per state; target −dim(A); tolerance ±\(entropyTolerance) nats",
            "perturbation": "Pendulum-v1 only: the pendulum's length (Gymnasium's l) scaled by \(list(perturbationScales)), \(perturbationEpisodes) episodes per scale from the same reset seeds for every method; SAC also with sampled actions",
            "statistics": "95% percentile bootstrap over seeds (\(bootstrapReplicates) replicates, each method's seeds resampled independently; any selection made again in every replicate)",
            "products": products == .double ? "double precision (ProductPrecision.double) everywhere"
                : "SAC, TD3 and DDPG networks with float32 dense-layer products as PyTorch's (ProductPrecision.single); PPO in double precision",
            "profile.note": profile == .paper ? "the papers' settings (presets); Pendulum's length from the RL Zoo" : "reduced settings (not the papers' sizes)",
        ]
    }
}

/// One independent run: a learner on a task from a seed.
struct Trial: Hashable, Sendable {
    var task: String
    var method: Method
    var seed: Int

    var name: String { "\(task)__\(method.name)__seed\(seed)" }

    /// The same key for every method of (task, seed): the evaluation and perturbation reset seeds are common.
    func streamKey(masterSeed: UInt64) -> StreamKey {
        StreamKey(experiment: MaxEntropyRL.name, setting: task, trial: seed, masterSeed: masterSeed)
    }
}
