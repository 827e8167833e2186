import Neural
import Control
import ExperimentKit

/// PPO on an environment named by its Gymnasium id.
public enum PPOTraining {
    /// Trains a fresh agent with `configuration` from `seed` and returns its record.
    /// Throws an `InputError` for an unknown id or an invalid configuration, before any work.
    public static func train(environmentID id: String, configuration: PPOConfiguration, seed: UInt64,
                             afterUpdate: (UpdateDiagnostics) -> Void = { _ in }) throws -> TrainingRecord {
        try configuration.validate()
        func run<E: ClassicControl>(_ environment: E) -> TrainingRecord {
            var run = PPORun(environment: environment, configuration: configuration, seed: seed)
            return run.train(afterUpdate: afterUpdate)
        }
        let environment: any ClassicControl
        do { environment = try ClassicControlRegistry.make(id: id) } catch {
            throw InputError(parameter: "environment", given: id, allowed: ClassicControlRegistry.ids.joined(separator: ", "))
        }
        return run(environment)
    }
}
