import ExperimentCLI
import ExperimentKit
import OutputKit
import PolicySearch

/// The algorithms of Duan et al.'s (2016) Table 1 in its column order. DDPG, the off-policy one,
/// needs continuous actions: on the discrete tasks its cells are "not applicable".
enum Algorithm: String, CaseIterable, Sendable {
    case reinforce, tnpg, erwr, reps, trpo, cem, cmaes, ddpg

    /// The label in the paper's table.
    var paperName: String {
        switch self {
        case .reinforce: return "REINFORCE"
        case .tnpg: return "TNPG"
        case .erwr: return "RWR"
        case .reps: return "REPS"
        case .trpo: return "TRPO"
        case .cem: return "CEM"
        case .cmaes: return "CMA-ES"
        case .ddpg: return "DDPG"
        }
    }

    /// The algorithms this build runs.
    static let run: [Algorithm] = [.reinforce, .tnpg, .erwr, .reps, .trpo, .cem, .cmaes, .ddpg]
    static var allowedValues: String { run.map(\.rawValue).joined(separator: ", ") }

    var isGradientFree: Bool { self == .cem || self == .cmaes }
}

/// The partially observable variants (Duan et al. 2016, "Partially Observable Tasks"), as wrappers
/// from `Control`.
enum Variant: String, CaseIterable, Sendable {
    case full
    case limitedSensors = "limited-sensors"
    case noisyDelayed = "noisy-delayed"
    case systemIdentification = "system-identification"

    var label: String {
        switch self {
        case .full: return "full observation"
        case .limitedSensors: return "limited sensors"
        case .noisyDelayed: return "noisy observations and delayed actions"
        case .systemIdentification: return "system identification"
        }
    }
}

/// Which rows: the classic-control tasks (and their partially observable variants), or the
/// locomotion tasks (full observation only).
enum Suite: String, CaseIterable, Sendable {
    case classicControl = "classic-control"
    case mujoco

    static var allowedValues: String { allCases.map(\.rawValue).joined(separator: ", ") }
    var experimentName: String { self == .classicControl ? "duan-benchmark" : "duan-benchmark-mujoco" }
}

/// The sizes per profile. Duan et al.'s protocol as the suite records it (`DuanDefaults`: batch
/// 5000 steps, paths of at most 500 steps, γ = 0.99, 32-32 tanh policies on the basic tasks,
/// 100-50-25 on locomotion); the iteration counts (100 basic, 500 locomotion) and the locomotion
/// batch (50 000) are the issue's summary of the paper's appendix, not re-read here.
struct Configuration: ExperimentConfiguration {
    var suite: Suite = .classicControl
    var profile: Profile
    var tasks: [String]
    var variants: [Variant]
    var algorithms: [Algorithm] = Algorithm.run
    var seeds: Int
    var batchSize: Int
    var iterations: Int
    var maximumPathLength: Int
    var hiddenSizes: [Int]
    var bootstrapReplicates: Int

    static let classicTasks = ["CartPole-v1", "MountainCarContinuous-v0", "Acrobot-v1", "Pendulum-v1", "InvertedDoublePendulum-v5"]
    static let locomotionTasks = ["Swimmer-v5", "Hopper-v5", "Walker2d-v5", "HalfCheetah-v5", "Ant-v5", "Humanoid-v5"]

    static func forProfile(_ profile: Profile, suite: Suite = .classicControl) -> Configuration {
        if suite == .mujoco {
            switch profile {
            case .smoke:
                return Configuration(suite: suite, profile: profile, tasks: ["Swimmer-v5", "Hopper-v5"], variants: [.full], seeds: 2,
                                     batchSize: 400, iterations: 2, maximumPathLength: 100, hiddenSizes: [8], bootstrapReplicates: 200)
            case .standard:
                return Configuration(suite: suite, profile: profile, tasks: locomotionTasks, variants: [.full], seeds: 2,
                                     batchSize: 1000, iterations: 2, maximumPathLength: 200, hiddenSizes: DuanDefaults.locomotionHiddenSizes,
                                     bootstrapReplicates: 1000)
            case .paper:
                return Configuration(suite: suite, profile: profile, tasks: locomotionTasks, variants: [.full], seeds: 5,
                                     batchSize: 50_000, iterations: 500, maximumPathLength: DuanDefaults.maximumPathLength,
                                     hiddenSizes: DuanDefaults.locomotionHiddenSizes, bootstrapReplicates: 10_000)
            }
        }
        switch profile {
        case .smoke:
            return Configuration(profile: profile, tasks: ["CartPole-v1", "Pendulum-v1"], variants: Variant.allCases, seeds: 2,
                                 batchSize: 200, iterations: 3, maximumPathLength: 100, hiddenSizes: [8], bootstrapReplicates: 200)
        case .standard:
            // Sized for `make all`'s budget (≤ 90 s at --threads 2): a reduced protocol, stated as such.
            return Configuration(profile: profile, tasks: ["CartPole-v1", "MountainCarContinuous-v0", "Acrobot-v1", "Pendulum-v1"],
                                 variants: Variant.allCases, seeds: 5, batchSize: 1000, iterations: 8, maximumPathLength: 200,
                                 hiddenSizes: [16, 16], bootstrapReplicates: 2000)
        case .paper:
            return Configuration(profile: profile, tasks: classicTasks, variants: Variant.allCases, seeds: 5,
                                 batchSize: DuanDefaults.batchSize, iterations: 100, maximumPathLength: DuanDefaults.maximumPathLength,
                                 hiddenSizes: DuanDefaults.basicHiddenSizes, bootstrapReplicates: 10_000)
        }
    }

    var experimentName: String { suite.experimentName }

    /// Why the algorithm does not run on the task, or nil if it does: DDPG needs continuous actions;
    /// CMA-ES keeps an n × n covariance, about 2.3 GB at Ant's n ≈ 17 000 policy parameters and 13 GB
    /// at Humanoid's ≈ 40 000 (Duan et al. report CMA-ES as N/A on their largest task too).
    static func notApplicable(_ algorithm: Algorithm, to task: String) -> String? {
        if algorithm == .ddpg && TaskCatalog.discreteTasks.contains(task) { return "not applicable (discrete actions)" }
        if algorithm == .cmaes && ["Ant-v5", "Humanoid-v5"].contains(task) { return "not applicable (covariance too large)" }
        return nil
    }

    func applies(_ algorithm: Algorithm, to task: String) -> Bool { Configuration.notApplicable(algorithm, to: task) == nil }

    /// Whether (task, variant) is a row: system identification exists for the tasks with an
    /// identifiable parameter only (`TaskCatalog.identifiable`).
    func hasRow(_ task: String, _ variant: Variant) -> Bool {
        variant != .systemIdentification || TaskCatalog.identifiable.contains(task)
    }

    /// Every (variant, task, seed, algorithm): variant-major (full observation first), then task, so
    /// that a long run stopped early has whole rows (every seed of every algorithm) of the
    /// full-observation table first.
    var trials: [Trial] {
        variants.flatMap { v in
            tasks.filter { hasRow($0, v) }.flatMap { t in
                (0..<seeds).flatMap { seed in
                    algorithms.filter { applies($0, to: t) }.map { Trial(task: t, variant: v, algorithm: $0, seed: seed) }
                }
            }
        }
    }

    /// Everything a trial's result depends on besides its task, variant, algorithm and seed.
    var trialDescription: String {
        "\(experimentName);batch=\(batchSize);iterations=\(iterations);path=\(maximumPathLength);hidden=\(hiddenSizes);"
            + "gamma=\(DuanDefaults.discount);hyperparameters=\(settings["hyperparameters"]!)"
    }

    var settings: [String: String] {
        [
            "tasks": tasks.joined(separator: " "),
            "variants": variants.map(\.rawValue).joined(separator: " "),
            "algorithms": algorithms.map(\.rawValue).joined(separator: " ") + " (DDPG on the continuous-action tasks only)",
            "ddpg": TaskCatalog.ddpgDescription(self),
            "hyperparameters": "δ \(DuanDefaults.klStepSize), CG \(DuanDefaults.cgIterations) iterations damping \(DuanDefaults.cgDamping), "
                + "backtracking \(DuanDefaults.backtrackRatio)×\(DuanDefaults.maximumBacktracks) (TNPG 1), REINFORCE Adam \(DuanDefaults.reinforceLearningRate), "
                + "ERWR L-BFGS \(DuanDefaults.erwrLBFGSIterations), episodic REPS ε \(DuanDefaults.repsEpsilon) L-BFGS \(DuanDefaults.repsLBFGSIterations), "
                + "CEM n \(DuanDefaults.cemPopulationSize) elite \(DuanDefaults.cemEliteFraction) extra σ \(DuanDefaults.cemExtraStandardDeviation)/\(DuanDefaults.cemExtraDecayIterations), "
                + "CMA-ES σ₀ \(DuanDefaults.cmaesInitialSigma))",
            "seeds": "\(seeds)",
            "batch.size": "\(batchSize) steps per iteration (whole paths)",
            "iterations": "\(iterations)",
            "maximum.path.length": "\(maximumPathLength) (and each task's registered time limit)",
            "policy": "MLP \(hiddenSizes) tanh; Gaussian head with state-independent log σ₀ = 0 (continuous) or categorical (discrete)",
            "discount": "\(DuanDefaults.discount), GAE λ \(DuanDefaults.gaeLambda), linear feature baseline",
            "metric": "Duan et al.'s: the average over all iterations of the iteration's average undiscounted return",
            "statistics": "bootstrap over seeds (\(bootstrapReplicates) replicates, 95% percentile intervals), any selection made again in every replicate",
            "variants.detail": "limited sensors: positions only; noisy-delayed: N(0, 0.1²) on every observation entry and actions delayed 3 steps; "
                + "system identification: pole half-length (CartPole) or length (Pendulum) × (1 + U(−0.5, 0.5)) per episode",
            "profile.note": profile == .paper ? "Duan et al.'s protocol as recorded in DuanDefaults (iteration count: the issue's summary)"
                : "reduced protocol (not Duan et al.'s sizes)",
        ]
    }
}

/// One independent run.
struct Trial: Sendable, Hashable {
    var task: String
    var variant: Variant
    var algorithm: Algorithm
    var seed: Int

    var row: String { variant == .full ? task : "\(task)/\(variant.rawValue)" }

    /// The same seed for every algorithm of a row (Duan et al.: "the same [seeds] across all algorithms").
    func streamKey(experiment: String, masterSeed: UInt64) -> StreamKey {
        StreamKey(experiment: experiment, setting: "\(task)/\(variant.rawValue)", trial: seed, masterSeed: masterSeed)
    }
}
