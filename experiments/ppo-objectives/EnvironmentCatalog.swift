import Control
import ExperimentKit
import Locomotion
import Neural
import PPO

/// The study's environments by Gymnasium id: the classic-control tasks under their time limits, and
/// the MuJoCo tasks.
enum EnvironmentCatalog {
    static var ids: [String] { ClassicControlRegistry.ids + LocomotionRegistry.ids }

    static var mujocoVersion: String { Simulation.libraryVersion }

    /// A fresh environment. Throws for an unknown id (or a MuJoCo model file that is not installed).
    static func make(id: String) throws -> any EpisodicEnvironment {
        func limited<E: ClassicControl>(_ e: E) -> any EpisodicEnvironment { TimeLimited(e) }
        if ClassicControlRegistry.ids.contains(id) { return limited(try ClassicControlRegistry.make(id: id)) }
        if LocomotionRegistry.ids.contains(id) { return try LocomotionRegistry.make(id: id) }
        throw InputError(parameter: "environment", given: id, allowed: ids.joined(separator: ", "))
    }

    /// Trains a fresh PPO agent on `id` (see `PPORun`). Throws for an unknown id or an invalid
    /// configuration, before any work.
    static func train(environmentID id: String, configuration: PPOConfiguration, seed: UInt64) throws -> TrainingRecord {
        try configuration.validate()
        func run<E: EpisodicEnvironment>(_ environment: E) -> TrainingRecord {
            var run = PPORun(environment: environment, configuration: configuration, seed: seed)
            return run.train()
        }
        return run(try make(id: id))
    }
}
