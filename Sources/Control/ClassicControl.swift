import ExperimentKit
import Foundation

/// A classic-control environment with Gymnasium's semantics (matched to Gymnasium 1.4.0's
/// `classic_control` sources; see each type). Observations are float32, as Gymnasium returns them;
/// the state is kept in the precision Gymnasium keeps it in (float64, or float32 where noted).
/// Actions are one number: the index for discrete actions, the value for 1-D continuous ones.
public protocol ClassicControl: Sendable {
    /// The registered id, e.g. `CartPole-v1`.
    static var id: String { get }
    /// The registered time limit (`max_episode_steps`).
    static var maxEpisodeSteps: Int { get }
    /// The action space as Gymnasium declares it.
    static var actionSpace: ActionSpace { get }
    /// The length of the observation vector.
    static var observationLength: Int { get }
    /// The internal state, as Gymnasium's `env.unwrapped.state`.
    var state: [Double] { get set }
    /// The observation of the current state.
    var observation: [Float] { get }
    /// Draws an initial state from Gymnasium's reset distribution (with the suite's generator, so
    /// the same distribution but not NumPy's numbers).
    mutating func resetState(using rng: inout SeededGenerator)
    /// One step of the dynamics: reward and termination (truncation is the time limit's).
    mutating func advance(_ action: Double) -> (reward: Double, terminated: Bool)
    /// Sets the state as `reset` leaves it (in the precision Gymnasium's reset stores it; setting
    /// `state` gives the precision a step leaves it in, where the two differ).
    mutating func setResetState(_ state: [Double])
}

extension ClassicControl {
    public mutating func setResetState(_ state: [Double]) { self.state = state }
}

/// Gymnasium's `Discrete(n)` (actions 0..<n) or a one-dimensional `Box(low, high)`.
public enum ActionSpace: Sendable, Equatable {
    case discrete(count: Int)
    case box(low: Double, high: Double)
}

/// `(observation, reward, terminated, truncated)`, as Gymnasium's `step` returns them.
public struct Step: Sendable, Equatable {
    public var observation: [Float]
    public var reward: Double
    public var terminated: Bool
    public var truncated: Bool
}

/// An environment with its registered time limit, as `gymnasium.make` wraps it (`TimeLimit`):
/// `truncated` is true once `maxEpisodeSteps` steps have been taken since the last reset,
/// independently of `terminated`.
public struct TimeLimited<Environment: ClassicControl>: Sendable {
    public var environment: Environment
    public private(set) var elapsedSteps = 0

    public init(_ environment: Environment) { self.environment = environment }

    /// `reset(seed)`: a fresh initial state from the seed; the float32 observation, widened.
    public mutating func reset(seed: UInt64) -> [Double] {
        var rng = SeededGenerator(seed: seed)
        environment.resetState(using: &rng)
        elapsedSteps = 0
        return environment.observation.map(Double.init)
    }

    /// Starts an episode from a given state, as `reset` would leave it (how the Gymnasium fixtures
    /// are recorded); `stateIsFloat32` gives it the precision a step leaves it in instead.
    public mutating func reset(state: [Double], stateIsFloat32: Bool = false) -> [Float] {
        if stateIsFloat32 { environment.state = state } else { environment.setResetState(state) }
        elapsedSteps = 0
        return environment.observation
    }

    /// Counts one step without moving the state (tests replay step `t` from a recorded state).
    mutating func advanceClockForTesting() { elapsedSteps += 1 }

    public mutating func step(_ action: Double) -> Step {
        let (reward, terminated) = environment.advance(action)
        elapsedSteps += 1
        return Step(observation: environment.observation, reward: reward, terminated: terminated,
                    truncated: elapsedSteps >= Environment.maxEpisodeSteps)
    }
}

/// The environments by id, for the replay command and tests.
public enum ClassicControlRegistry {
    public static let ids = [CartPole.id, Acrobot.id, MountainCar.id, MountainCarContinuous.id, Pendulum.id]

    /// Replays `actions` from `state` and returns every step (stopping at the episode's end).
    /// `stateIsFloat32`: the initial state has the precision a step leaves (otherwise: as `reset` leaves it).
    public static func replay(id: String, state: [Double], actions: [Double], stateIsFloat32: Bool = false) throws -> [Step] {
        func run<E: ClassicControl>(_ e: E) -> [Step] {
            var env = TimeLimited(e)
            _ = env.reset(state: state, stateIsFloat32: stateIsFloat32)
            var steps: [Step] = []
            for a in actions {
                let s = env.step(a)
                steps.append(s)
                if s.terminated || s.truncated { break }
            }
            return steps
        }
        switch id {
        case CartPole.id: return run(CartPole())
        case Acrobot.id: return run(Acrobot())
        case MountainCar.id: return run(MountainCar())
        case MountainCarContinuous.id: return run(MountainCarContinuous())
        case Pendulum.id: return run(Pendulum())
        default: throw InputError(parameter: "--env", given: id, allowed: ids.joined(separator: ", "))
        }
    }

    /// A fresh environment by id (its state is set by `TimeLimited.reset`).
    public static func make(id: String) throws -> any ClassicControl {
        switch id {
        case CartPole.id: return CartPole()
        case Acrobot.id: return Acrobot()
        case MountainCar.id: return MountainCar()
        case MountainCarContinuous.id: return MountainCarContinuous()
        case Pendulum.id: return Pendulum()
        default: throw InputError(parameter: "--env", given: id, allowed: ids.joined(separator: ", "))
        }
    }

    /// The state length each environment expects.
    public static func stateLength(id: String) -> Int? {
        [CartPole.id: 4, Acrobot.id: 4, MountainCar.id: 2, MountainCarContinuous.id: 2, Pendulum.id: 2][id]
    }
}
