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
        switch id {
        case CartPole.id: return run(CartPole())
        case Acrobot.id: return run(Acrobot())
        case MountainCar.id: return run(MountainCar())
        case MountainCarContinuous.id: return run(MountainCarContinuous())
        case Pendulum.id: return run(Pendulum())
        default:
            throw InputError(parameter: "environment", given: id, allowed: ClassicControlRegistry.ids.joined(separator: ", "))
        }
    }
}
