import ExperimentCLI
import ExperimentKit
import OutputKit
import Neural
import PPO

/// One of the PPO paper's eleven settings (Schulman et al. 2017, Table 1) and its published
/// average normalised score over 7 MuJoCo tasks (docs/CLAIMS.md, C9).
struct ObjectiveSetting: Sendable {
    var label: String
    var objective: PPOObjective
    var paperScore: Double
    /// The row's family in the paper's table.
    var family: String
}

/// Which tasks the study runs on: the five classic-control tasks, or the seven MuJoCo tasks of the
/// PPO paper's Table 1.
enum Suite: String, CaseIterable, Sendable {
    case classicControl = "classic-control"
    case mujoco

    static var allowedValues: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// The experiment's name, its results folder and the root of its random streams.
    var experimentName: String { self == .classicControl ? "ppo-objectives" : "ppo-objectives-mujoco" }
}

/// The sizes per profile; every setting is recorded in the manifest.
struct Configuration: ExperimentConfiguration {
    var suite: Suite = .classicControl
    var profile: Profile
    var environments: [String]
    var steps: Int
    var seeds: Int
    var randomEpisodes: Int
    var bootstrapReplicates: Int
    /// T and M (the paper's 2048 and 64 in every profile; smaller only in tests).
    var horizon = 2048
    var minibatchSize = 64

    /// Trial files of the MuJoCo study are compact (they are committed: a full-scale run spans
    /// sessions and machines): the last 100 episodes, the learning curve at the grid, and every
    /// `updateStride`-th update's diagnostics. Classic-control files keep everything.
    var compactTrialFiles: Bool { suite == .mujoco }
    var updateStride: Int { suite == .mujoco ? 10 : 1 }

    /// The 50 evenly spaced steps at which learning curves are read.
    var curveGrid: [Int] { (1...50).map { steps * $0 / 50 } }

    static let settings: [ObjectiveSetting] = [
        .init(label: "none", objective: .unclipped, paperScore: -0.39, family: "no clipping or penalty"),
        .init(label: "clip-0.1", objective: .clipped(epsilon: 0.1), paperScore: 0.76, family: "clipping"),
        .init(label: "clip-0.2", objective: .clipped(epsilon: 0.2), paperScore: 0.82, family: "clipping"),
        .init(label: "clip-0.3", objective: .clipped(epsilon: 0.3), paperScore: 0.70, family: "clipping"),
        .init(label: "adaptive-kl-0.003", objective: .adaptiveKL(target: 0.003, initialBeta: 1), paperScore: 0.68, family: "adaptive KL"),
        .init(label: "adaptive-kl-0.01", objective: .adaptiveKL(target: 0.01, initialBeta: 1), paperScore: 0.74, family: "adaptive KL"),
        .init(label: "adaptive-kl-0.03", objective: .adaptiveKL(target: 0.03, initialBeta: 1), paperScore: 0.71, family: "adaptive KL"),
        .init(label: "fixed-kl-0.3", objective: .fixedKL(beta: 0.3), paperScore: 0.62, family: "fixed KL"),
        .init(label: "fixed-kl-1", objective: .fixedKL(beta: 1), paperScore: 0.71, family: "fixed KL"),
        .init(label: "fixed-kl-3", objective: .fixedKL(beta: 3), paperScore: 0.72, family: "fixed KL"),
        .init(label: "fixed-kl-10", objective: .fixedKL(beta: 10), paperScore: 0.69, family: "fixed KL"),
    ]

    /// Continuous-action tasks first (Gaussian policies, as the paper's MuJoCo tasks), then the
    /// discrete ones (categorical policies).
    static let allEnvironments = ["Pendulum-v1", "MountainCarContinuous-v0", "CartPole-v1", "Acrobot-v1", "MountainCar-v0"]

    /// The PPO paper's seven MuJoCo tasks (Table 1), in the suite's registry order.
    static let mujocoEnvironments = ["HalfCheetah-v5", "Hopper-v5", "InvertedDoublePendulum-v5", "InvertedPendulum-v5",
                                     "Reacher-v5", "Swimmer-v5", "Walker2d-v5"]

    static func forProfile(_ profile: Profile, suite: Suite = .classicControl) -> Configuration {
        if suite == .mujoco {
            switch profile {
            case .smoke:
                return Configuration(suite: suite, profile: profile, environments: ["InvertedPendulum-v5", "Hopper-v5"],
                                     steps: 4096, seeds: 2, randomEpisodes: 5, bootstrapReplicates: 200)
            case .standard:
                // The check `make all` runs beside the committed full-scale results: every task and setting,
                // two PPO updates each (a pipeline check; its comparative verdicts cannot be decided).
                return Configuration(suite: suite, profile: profile, environments: mujocoEnvironments, steps: 4096, seeds: 2,
                                     randomEpisodes: 10, bootstrapReplicates: 1000)
            case .paper:
                return Configuration(suite: suite, profile: profile, environments: mujocoEnvironments, steps: 1_000_000, seeds: 5,
                                     randomEpisodes: 100, bootstrapReplicates: 10_000)
            }
        }
        switch profile {
        case .smoke:
            return Configuration(profile: profile, environments: ["Pendulum-v1", "CartPole-v1"], steps: 8192, seeds: 2,
                                 randomEpisodes: 20, bootstrapReplicates: 200)
        case .standard:
            // Sized for the suite's 30-minute `make all` on the slower 2-core machine: 165 runs of 100k
            // steps (early learning; the paper profile runs 1M steps × 5 seeds).
            return Configuration(profile: profile, environments: allEnvironments, steps: 100_000, seeds: 3,
                                 randomEpisodes: 100, bootstrapReplicates: 5000)
        case .paper:
            return Configuration(profile: profile, environments: allEnvironments, steps: 1_000_000, seeds: 5,
                                 randomEpisodes: 100, bootstrapReplicates: 10_000)
        }
    }

    /// The PPO paper's MuJoCo settings (the `PPOConfiguration` defaults: T = 2048, K = 10, M = 64,
    /// Adam 3·10⁻⁴, γ = 0.99, λ = 0.95, 64-64 tanh, observation normalisation, no gradient clipping,
    /// no entropy bonus) with the objective of `setting`, for every task unchanged.
    func ppo(_ setting: ObjectiveSetting) -> PPOConfiguration {
        var c = PPOConfiguration(totalSteps: steps)
        c.objective = setting.objective
        c.horizon = horizon
        c.minibatchSize = minibatchSize
        return c
    }

    var experimentName: String { suite.experimentName }

    /// Every (task, setting, seed) in a fixed order: tasks outermost for classic control; seeds
    /// outermost for MuJoCo, so that a long run that stops early has whole seeds of every cell.
    var trials: [Trial] {
        if suite == .mujoco {
            return (0..<seeds).flatMap { seed in
                environments.flatMap { e in Configuration.settings.map { Trial(environment: e, setting: $0.label, seed: seed) } }
            }
        }
        return environments.flatMap { e in
            Configuration.settings.flatMap { s in (0..<seeds).map { Trial(environment: e, setting: s.label, seed: $0) } }
        }
    }

    /// Everything one trial's result depends on besides its task, setting and seed: the study, the
    /// step budget, PPO's settings and what a trial file keeps. (Not the number of seeds or tasks,
    /// nor how results are aggregated: those do not change a trial.)
    var trialDescription: String {
        "\(experimentName);steps=\(steps);ppo=\(settings["ppo"]!);compact=\(compactTrialFiles);updateStride=\(updateStride)"
    }

    var settings: [String: String] {
        let c = ppo(Configuration.settings[0])
        var record = [
            "environments": environments.joined(separator: " "), "steps": "\(steps)", "seeds": "\(seeds)",
            "settings": Configuration.settings.map(\.label).joined(separator: " "),
            "ppo": "T \(c.horizon), K \(c.epochs), M \(c.minibatchSize), Adam \(c.learningRate) (ε \(c.adamEpsilon)), γ \(c.gamma), "
                + "λ \(c.lambda), hidden \(c.hiddenSizes) \(c.activation), c_V \(c.valueCoefficient), c_H \(c.entropyCoefficient), "
                + "grad clip none, obs norm \(c.normalizeObservations), reward scaling \(c.normalizeRewards), log σ₀ \(c.initialLogStd), "
                + "β₀ 1 for adaptive KL; the same for every task",
            "score": "mean return of the last 100 episodes",
            "normalisation": "per task: (score − random)/(best − random), best = setting with the highest mean score over seeds",
            "random.policy": "uniform actions (index, or uniform in the action box), \(randomEpisodes) episodes per task",
            "statistics": "IQM with stratified-bootstrap 95% percentile intervals (\(bootstrapReplicates) replicates); P(clip-0.2 > setting) averaged over tasks",
        ]
        if suite == .mujoco {
            record["suite"] = "MuJoCo tasks with Gymnasium 1.4.0 v5 semantics, simulated by MuJoCo \(EnvironmentCatalog.mujocoVersion)"
            record["trial.order"] = "seed-major: every (task, setting) of seed k before seed k + 1"
        }
        return record
    }
}

/// One independent run: a task, a setting, a seed index.
struct Trial: Sendable, Hashable {
    var environment: String
    var setting: String
    var seed: Int

    func streamKey(experiment: String, masterSeed: UInt64) -> StreamKey {
        StreamKey(experiment: experiment, setting: "\(environment)/\(setting)", trial: seed, masterSeed: masterSeed)
    }
}
