/// The actions an episodic environment accepts, as Gymnasium declares them: `Discrete(n)` (one
/// number, the index 0..<n) or a `Box` of `low.count` numbers, each in `low[i]...high[i]`.
public enum ActionSet: Sendable, Equatable {
    case discrete(count: Int)
    case box(low: [Double], high: [Double])

    /// How many numbers one action has.
    public var width: Int {
        switch self {
        case .discrete: return 1
        case .box(let low, _): return low.count
        }
    }
}

/// `(observation, reward, terminated, truncated)` of one step, observations as float64.
public struct EnvironmentStep: Sendable, Equatable {
    public var observation: [Double]
    public var reward: Double
    public var terminated: Bool
    public var truncated: Bool

    public init(observation: [Double], reward: Double, terminated: Bool, truncated: Bool) {
        self.observation = observation
        self.reward = reward
        self.terminated = terminated
        self.truncated = truncated
    }
}

/// An environment as `gymnasium.make(id)` returns it, time limit included: what PPO and the other
/// learners train on. `reset(seed:)` starts an episode from the environment's reset distribution
/// (drawn with the suite's generator); `step` applies one action. `truncated` is the registered
/// time limit's; `terminated` the task's own end.
public protocol EpisodicEnvironment {
    /// The registered id, e.g. `Hopper-v5`.
    var id: String { get }
    var observationLength: Int { get }
    var actionSet: ActionSet { get }
    mutating func reset(seed: UInt64) -> [Double]
    /// Precondition: `action.count == actionSet.width` (an index for a discrete set).
    mutating func step(_ action: [Double]) -> EnvironmentStep
}

extension ActionSpace {
    /// The one-dimensional classic-control space as an `ActionSet`.
    public var actionSet: ActionSet {
        switch self {
        case .discrete(let count): return .discrete(count: count)
        case .box(let low, let high): return .box(low: [low], high: [high])
        }
    }
}

extension TimeLimited: EpisodicEnvironment {
    public var id: String { Environment.id }
    public var observationLength: Int { Environment.observationLength }
    public var actionSet: ActionSet { Environment.actionSpace.actionSet }

    public mutating func step(_ action: [Double]) -> EnvironmentStep {
        let s: Step = step(action[0])
        return EnvironmentStep(observation: s.observation.map(Double.init), reward: s.reward,
                               terminated: s.terminated, truncated: s.truncated)
    }
}
