import Control
import ExperimentKit
import Locomotion

/// The tasks: `Pendulum-v1` (Gymnasium 1.4.0's classic control, under its 200-step limit) and the v5
/// MuJoCo tasks `HalfCheetah-v5` and `Hopper-v5` (1000-step limit).
enum Tasks {
    static let pendulum = Pendulum.id
    static let halfCheetah = HalfCheetah.id
    static let hopper = Hopper.id

    /// A fresh environment under its registered time limit. Throws for an unknown task or a missing model file.
    static func make(_ task: String) throws -> any EpisodicEnvironment {
        switch task {
        case pendulum: return TimeLimited(Pendulum())
        case halfCheetah, hopper: return try LocomotionRegistry.make(id: task)
        default: throw InputError(parameter: "task", given: task, allowed: Configuration.allTasks.joined(separator: ", "))
        }
    }

    /// The registered episode length (Gymnasium's `max_episode_steps`).
    static func registeredLimit(_ task: String) -> Int {
        task == pendulum ? Pendulum.maxEpisodeSteps : task == halfCheetah ? HalfCheetah.maxEpisodeSteps : Hopper.maxEpisodeSteps
    }

    /// A bound on |r|, where the task has one: Pendulum's reward is `−(θ² + 0.1 θ̇² + 0.001 u²)` with
    /// |θ| ≤ π, |θ̇| ≤ 8, |u| ≤ 2, so |r| ≤ π² + 6.4 + 0.004. The MuJoCo rewards (forward velocity) have none.
    static func rewardBound(_ task: String) -> Double? {
        task == pendulum ? Double.pi * Double.pi + 0.1 * 64 + 0.001 * 4 : nil
    }

    static func isMuJoCo(_ task: String) -> Bool { task != pendulum }
}
