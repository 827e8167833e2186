import ExperimentCLI
import ExperimentKit
import Neural
import OffPolicy
import OutputKit

/// DDPG, TD3 and TD3 with one ingredient removed (Fujimoto, van Hoof & Meger 2018, Table 2's ablation,
/// measured here for the value bias of §4 rather than for the return). DDPG is the paper's "our DDPG"
/// (its §6.2: TD3's networks and hyperparameters with all three ingredients off), so that the five
/// variants differ in the ingredients only.
enum Variant: String, CaseIterable, Sendable, Codable {
    case ddpg
    case td3
    case td3NoClippedDoubleQ = "td3-no-clipped-double-q"
    case td3NoDelayedUpdates = "td3-no-delayed-updates"
    case td3NoTargetSmoothing = "td3-no-target-smoothing"

    var label: String {
        switch self {
        case .ddpg: return "DDPG"
        case .td3: return "TD3"
        case .td3NoClippedDoubleQ: return "TD3 − clipped double Q"
        case .td3NoDelayedUpdates: return "TD3 − delayed policy updates"
        case .td3NoTargetSmoothing: return "TD3 − target policy smoothing"
        }
    }

    /// `base` with this variant's ingredients (`TD3.ablation`).
    func agent(_ base: DeterministicActorCriticConfiguration) -> DeterministicActorCriticConfiguration {
        switch self {
        case .ddpg: return TD3.ablation(base, clippedDoubleQ: false, delayedPolicyUpdates: false, targetPolicySmoothing: false)
        case .td3: return TD3.ablation(base)
        case .td3NoClippedDoubleQ: return TD3.ablation(base, clippedDoubleQ: false)
        case .td3NoDelayedUpdates: return TD3.ablation(base, delayedPolicyUpdates: false)
        case .td3NoTargetSmoothing: return TD3.ablation(base, targetPolicySmoothing: false)
        }
    }
}

/// One independent run: a task, a variant, a seed.
struct Trial: Sendable, Hashable {
    var task: String
    var variant: Variant
    var seed: Int

    /// The seed of the learner and the loop: the same for every variant of (task, seed), so that the
    /// variants start from the same actor and first critic and the same reset stream (paired by seed).
    func learnerKey(masterSeed: UInt64) -> StreamKey {
        StreamKey(experiment: ActorCriticOverestimation.name, setting: "learner \(task)", trial: seed, masterSeed: masterSeed)
    }

    /// The reset seed of evaluation episode `e`: the same at every checkpoint and for every variant.
    func evaluationSeed(_ e: Int, masterSeed: UInt64) -> UInt64 {
        StreamKey(experiment: ActorCriticOverestimation.name, setting: "evaluation \(task) seed \(seed)", trial: e,
                  masterSeed: masterSeed).seed
    }
}

/// The sizes of a profile (every one recorded in the manifest). The paper profile is Fujimoto et al.'s
/// setting (`TD3.fujimoto2018`: 400-300 ReLU, batch 100, Adam 10⁻³, τ 0.005, exploration σ 0.1, 1 M steps on
/// MuJoCo with 10 000 random steps on HalfCheetah and 1 000 on Hopper); the standard profile is a reduced
/// one sized for `make all` (Pendulum, and DDPG and TD3 on Hopper for 10 000 steps: the MuJoCo path, too
/// short to decide the claim; 64-64 networks, batch 64).
struct Configuration: ExperimentConfiguration {
    var profile: Profile
    var tasks: [String]
    var variants: [Variant] = Variant.allCases
    var seeds: Int
    /// Environment steps per task, and the uniform-random steps at the start.
    var totalSteps: [String: Int]
    var learningStarts: [String: Int]
    var hiddenSizes: [Int]
    var batchSize: Int
    var products: ProductPrecision = .single
    /// Probes at steps `T·k/checkpoints`, k = 1…checkpoints, each of `evaluationEpisodes` episodes.
    var checkpoints: Int
    var evaluationEpisodes: Int
    /// The probe runs `registered limit + k` steps with `γ^k ≤ tailTolerance` and scores the first `limit`.
    var tailTolerance: Double
    var bootstrapReplicates: Int

    static let allTasks = [Tasks.pendulum, Tasks.halfCheetah, Tasks.hopper]

    static func forProfile(_ profile: Profile) -> Configuration {
        switch profile {
        case .smoke:
            // Pendulum and Hopper (the MuJoCo path; Hopper's untrained episodes terminate early, so its probe is cheap).
            let tasks = [Tasks.pendulum, Tasks.hopper]
            return Configuration(profile: profile, tasks: tasks, seeds: 3,
                                 totalSteps: Dictionary(uniqueKeysWithValues: tasks.map { ($0, 600) }),
                                 learningStarts: Dictionary(uniqueKeysWithValues: tasks.map { ($0, 200) }),
                                 hiddenSizes: [16, 16], batchSize: 32, checkpoints: 2, evaluationEpisodes: 1,
                                 tailTolerance: 1e-2, bootstrapReplicates: 200)
        case .standard:
            return Configuration(profile: profile, tasks: [Tasks.pendulum, Tasks.hopper], seeds: 3,
                                 totalSteps: [Tasks.pendulum: 10_000, Tasks.hopper: 10_000],
                                 learningStarts: [Tasks.pendulum: 1_000, Tasks.hopper: 1_000],
                                 hiddenSizes: [64, 64], batchSize: 64, checkpoints: 10, evaluationEpisodes: 3,
                                 tailTolerance: 1e-4, bootstrapReplicates: 2_000)
        case .paper:
            // Pendulum: 20 000 steps, rl-baselines3-zoo's n_timesteps for TD3 on Pendulum-v1 (the paper has no
            // Pendulum run); MuJoCo: the paper's 10⁶ steps and its start steps (§6.1).
            return Configuration(profile: profile, tasks: allTasks, seeds: 5,
                                 totalSteps: [Tasks.pendulum: 20_000, Tasks.halfCheetah: 1_000_000, Tasks.hopper: 1_000_000],
                                 learningStarts: [Tasks.pendulum: 1_000, Tasks.halfCheetah: 10_000, Tasks.hopper: 1_000],
                                 hiddenSizes: [400, 300], batchSize: 100, checkpoints: 10, evaluationEpisodes: 5,
                                 tailTolerance: 1e-4, bootstrapReplicates: 10_000)
        }
    }

    /// The learner of `variant` on `task`: Fujimoto et al.'s TD3 settings with this profile's sizes and
    /// products, then the variant's ingredients.
    func agent(_ task: String, _ variant: Variant) -> DeterministicActorCriticConfiguration {
        var base = TD3.fujimoto2018(totalSteps: totalSteps[task]!, learningStarts: learningStarts[task]!)
        base.actorHiddenSizes = hiddenSizes
        base.criticHiddenSizes = hiddenSizes
        base.batchSize = batchSize
        base.products = products
        return variant.agent(base)
    }

    /// The checkpoint steps of `task`: `T·k/K`, k = 1…K.
    func checkpointSteps(_ task: String) -> [Int] { (1...checkpoints).map { totalSteps[task]! * $0 / checkpoints } }

    /// The window the verdicts average over, fixed before any result was seen: the checkpoints in the
    /// second half of training, `step > T/2` (k > K/2).
    func inWindow(_ task: String, step: Int) -> Bool { 2 * step > totalSteps[task]! }

    /// The variants run on `task`: all of them, except on the standard profile's short Hopper run, where
    /// only DDPG and TD3 fit `make all`'s budget (the ablations are decided on Pendulum there).
    func variants(_ task: String) -> [Variant] {
        profile == .standard && Tasks.isMuJoCo(task) ? [.ddpg, .td3] : variants
    }

    /// Task-major, then seed, then variant: a run stopped early has whole (task, seed) pairs first.
    var trials: [Trial] {
        tasks.flatMap { t in (0..<seeds).flatMap { s in variants(t).map { Trial(task: t, variant: $0, seed: s) } } }
    }

    var trialDescription: String {
        "\(ActorCriticOverestimation.name);tasks=\(tasks.map { "\($0):\(totalSteps[$0]!)/\(learningStarts[$0]!)" });"
            + "hidden=\(hiddenSizes);batch=\(batchSize);products=\(products.rawValue);checkpoints=\(checkpoints);"
            + "episodes=\(evaluationEpisodes);tail=\(tailTolerance)"
    }

    var settings: [String: String] {
        let c = agent(tasks[0], .td3)
        return [
            "tasks": tasks.map { "\($0) (\(totalSteps[$0]!) steps, \(learningStarts[$0]!) uniform-random at the start)" }.joined(separator: ", "),
            "variants": variants.map(\.rawValue).joined(separator: " "),
            "seeds": "\(seeds) per (task, variant), the same learner seed for every variant of a seed",
            "agent": "Fujimoto et al. (2018)'s TD3 settings (TD3.fujimoto2018): Adam \(c.actorLearningRate) actor and critics, "
                + "γ \(c.discount), τ \(c.tau), exploration N(0, 0.1²) of the half-width, buffer \(c.loop.bufferSize), one update per step; "
                + "TD3: twin critics, d = 2, target smoothing σ 0.2 c 0.5; DDPG: all three off",
            "networks": "\(hiddenSizes) ReLU actor and critic(s), batch \(batchSize)"
                + (profile == .paper ? " (the paper's)" : " (reduced: the paper's are 400-300, batch 100)"),
            "products": "\(products.rawValue) (dense-layer products; parameters, activations and Adam in double)",
            "probe": "\(checkpoints) checkpoints at T·k/\(checkpoints); \(evaluationEpisodes) greedy episodes each from fixed reset seeds, "
                + "no time limit for limit + k steps with γ^k ≤ \(tailTolerance), the first `limit` steps scored; bias = mean over scored steps of Q₁(s_t, a_t) − G_t",
            "window": "per seed, the mean bias over the checkpoints with step > T/2 (fixed before the results)",
            "statistics": "percentile bootstrap over seeds (\(bootstrapReplicates) replicates, 95%), paired by seed for comparisons",
        ]
    }
}
