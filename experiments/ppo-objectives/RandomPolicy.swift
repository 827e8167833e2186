import Control
import ExperimentKit

/// The mean undiscounted return of the uniformly random policy (an action index uniform over the
/// actions, or a value uniform in the action box, as Gymnasium's `action_space.sample()`), over
/// `episodes` episodes: the 0 of the paper's normalised score.
func randomPolicyReturn(environmentID id: String, episodes: Int, masterSeed: UInt64) throws -> Double {
    var rng = StreamKey(experiment: PPOObjectives.name, setting: "random-policy/\(id)", trial: 0, masterSeed: masterSeed).generator()
    func run<E: ClassicControl>(_ environment: E) -> Double {
        var env = TimeLimited(environment)
        var total = 0.0
        for _ in 0..<episodes {
            _ = env.reset(seed: rng.next())
            while true {
                let action: Double
                switch E.actionSpace {
                case .discrete(let count): action = Double(rng.nextInt(below: count))
                case .box(let low, let high): action = low + (high - low) * rng.nextUniform()
                }
                let step = env.step(action)
                total += step.reward
                if step.terminated || step.truncated { break }
            }
        }
        return total / Double(episodes)
    }
    return run(try ClassicControlRegistry.make(id: id))
}
