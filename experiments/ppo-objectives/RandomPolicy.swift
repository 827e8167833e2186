import Control
import ExperimentKit

/// The mean undiscounted return of the uniformly random policy (an action index uniform over the
/// actions, or each coordinate uniform in the action box, as Gymnasium's `action_space.sample()`),
/// over `episodes` episodes: the 0 of the paper's normalised score.
func randomPolicyReturn(environmentID id: String, episodes: Int, experiment: String, masterSeed: UInt64) throws -> Double {
    var rng = StreamKey(experiment: experiment, setting: "random-policy/\(id)", trial: 0, masterSeed: masterSeed).generator()
    func run<E: EpisodicEnvironment>(_ environment: E) -> Double {
        var env = environment
        var total = 0.0
        for _ in 0..<episodes {
            _ = env.reset(seed: rng.next())
            while true {
                let action: [Double]
                switch env.actionSet {
                case .discrete(let count): action = [Double(rng.nextInt(below: count))]
                case .box(let low, let high): action = low.indices.map { low[$0] + (high[$0] - low[$0]) * rng.nextUniform() }
                }
                let step = env.step(action)
                total += step.reward
                if step.terminated || step.truncated { break }
            }
        }
        return total / Double(episodes)
    }
    return run(try EnvironmentCatalog.make(id: id))
}
