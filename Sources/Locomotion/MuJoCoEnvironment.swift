import Control
import ExperimentKit
import Foundation

/// A MuJoCo task as `gymnasium.make(id)` returns it: the task on its own simulation, under its
/// registered time limit. Actions are rounded to float32, the dtype of the task's `Box` action
/// space (what an agent's float32 actions are); they are not clipped (Gymnasium does not clip:
/// MuJoCo clamps the control internally, the control cost sees the action as given).
///
/// Holds a `Simulation` (a reference): copies of one environment share it, so give each thread its own.
public struct MuJoCoEnvironment<Task: LocomotionTask>: EpisodicEnvironment {
    public let simulation: Simulation
    public let task = Task()
    public private(set) var elapsedSteps = 0
    public let observationLength: Int
    public let actionSet: ActionSet
    /// `dt = model.opt.timestep × frame_skip`.
    public let dt: Double

    /// Loads the task's model from `assets` (Gymnasium's MJCF files).
    public init(assets: AssetDirectory = .installed) throws {
        simulation = try Simulation(modelFile: try assets.path(of: Task.modelFile))
        let range = simulation.controlRange
        actionSet = .box(low: range.low, high: range.high)
        dt = simulation.timestep * Double(Task.frameSkip)
        observationLength = task.observation(of: simulation).count
    }

    public var id: String { Task.id }

    /// `reset(seed)`: `mj_resetData`, then the task's noisy initial state (`set_state`).
    public mutating func reset(seed: UInt64) -> [Double] {
        var rng = SeededGenerator(seed: seed)
        simulation.resetData()
        let (qpos, qvel) = task.initialState(of: simulation, using: &rng)
        simulation.setState(qpos: qpos, qvel: qvel)
        elapsedSteps = 0
        return task.observation(of: simulation)
    }

    /// Starts an episode from a given state (`mj_resetData`, then `set_state(qpos, qvel)`), as the
    /// Gymnasium fixtures are recorded. Precondition: lengths `nq` and `nv`.
    public mutating func reset(qpos: [Double], qvel: [Double]) -> [Double] {
        simulation.resetData()
        simulation.setState(qpos: qpos, qvel: qvel)
        elapsedSteps = 0
        return task.observation(of: simulation)
    }

    public mutating func step(_ action: [Double]) -> EnvironmentStep {
        let float32Action = action.map { Float($0) }
        let before = task.positionBeforeStep(of: simulation)
        simulation.step(control: float32Action.map(Double.init), substeps: Task.frameSkip)
        let (reward, terminated) = task.outcome(of: simulation, before: before, action: float32Action, dt: dt)
        elapsedSteps += 1
        return EnvironmentStep(observation: task.observation(of: simulation), reward: reward,
                               terminated: terminated, truncated: elapsedSteps >= Task.maxEpisodeSteps)
    }
}
