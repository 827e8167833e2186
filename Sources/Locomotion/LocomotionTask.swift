import ExperimentKit
import Foundation

/// One of Gymnasium's MuJoCo tasks (Gymnasium 1.4.0, `envs/mujoco/*_v5.py`, default arguments):
/// its model file, frame skip and time limit, its reset noise, and what it observes, rewards and
/// ends on. The physics is MuJoCo's (see `Simulation`); a task only reads it.
public protocol LocomotionTask: Sendable {
    /// The registered id, e.g. `Hopper-v5`.
    static var id: String { get }
    /// The MJCF file among Gymnasium's assets.
    static var modelFile: String { get }
    /// MuJoCo steps per environment step.
    static var frameSkip: Int { get }
    /// The registered time limit (`max_episode_steps`).
    static var maxEpisodeSteps: Int { get }
    init()
    /// `reset_model`'s initial state: Gymnasium's noise around `init_qpos`/`init_qvel`, drawn with
    /// the suite's generator (the same distribution, not NumPy's numbers).
    func initialState(of simulation: Simulation, using rng: inout SeededGenerator) -> (qpos: [Double], qvel: [Double])
    /// `_get_obs()`.
    func observation(of simulation: Simulation) -> [Double]
    /// What `step` reads before `do_simulation` (a position, for the velocity term).
    func positionBeforeStep(of simulation: Simulation) -> [Double]
    /// `step`'s reward and `terminated`, after `do_simulation`. `action` is the action as the Box
    /// space holds it (float32); `dt` is `timestep × frameSkip`.
    func outcome(of simulation: Simulation, before: [Double], action: [Float], dt: Double) -> (reward: Double, terminated: Bool)
}

extension LocomotionTask {
    /// `init + U(−scale, scale)` per coordinate (NumPy's `uniform(low, high)` = low + (high − low)·u).
    static func uniformNoise(around center: [Double], scale: Double, using rng: inout SeededGenerator) -> [Double] {
        center.map { $0 + (-scale + (scale - -scale) * rng.nextUniform()) }
    }

    /// `init + scale·N(0, 1)` per coordinate.
    static func gaussianNoise(around center: [Double], scale: Double, using rng: inout SeededGenerator) -> [Double] {
        center.map { $0 + scale * rng.nextGaussian() }
    }

    /// `min(max(x, low), high)` as `np.clip`.
    static func clip(_ x: Double, _ low: Double, _ high: Double) -> Double { min(max(x, low), high) }

    /// `weight * np.sum(np.square(action))` for a float32 action and a Python-float weight: under
    /// NumPy 2's promotion rules the whole cost is float32 (the weight is rounded to float32).
    static func float32ControlCost(_ action: [Float], weight: Double) -> Float {
        Float(weight) * NumPyArithmetic.sumOfSquares(action)
    }

    /// `qpos[0]`, read before the step (the x position of a planar body).
    static func rootX(_ simulation: Simulation) -> [Double] { [simulation.qpos[0]] }

    /// Hopper's and Walker2d's observation: qpos[1:] and clip(qvel, −10, 10).
    static func planarWalkerObservation(_ simulation: Simulation) -> [Double] {
        Array(simulation.qpos.dropFirst()) + simulation.qvel.map { clip($0, -10, 10) }
    }

    /// Hopper's and Walker2d's step: reward (w_f·ẋ + r_h·healthy) − w_c·Σa² (cost in float32),
    /// terminated when not healthy.
    static func planarWalkerOutcome(_ simulation: Simulation, before: [Double], action: [Float], dt: Double, healthy: Bool,
                                    forwardRewardWeight: Double, healthyReward: Double, controlCostWeight: Double)
    -> (reward: Double, terminated: Bool) {
        let xVelocity = (simulation.qpos[0] - before[0]) / dt
        let rewards = forwardRewardWeight * xVelocity + (healthy ? healthyReward : 0)
        let controlCost = float32ControlCost(action, weight: controlCostWeight)
        return (rewards - Double(controlCost), !healthy)
    }
}
