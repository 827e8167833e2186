import ExperimentKit
import Foundation

/// `Reacher-v5` (Gymnasium 1.4.0 `reacher_v5.py`, defaults): frame skip 2; observation cos and sin of
/// the two joint angles, the target's position qpos[2:], the joint velocities qvel[:2], and
/// (fingertip − target)[:2] (10); reward = −‖fingertip − target‖ − Σa² (the control term in
/// float32); never terminates; time limit 50; reset qpos + U(−0.1, 0.1), the target drawn from
/// U(−0.2, 0.2)² until inside the disc of radius 0.2, qvel + U(−0.005, 0.005) with the target's at 0.
public struct Reacher: LocomotionTask {
    public static let id = "Reacher-v5"
    public static let modelFile = "reacher.xml"
    public static let frameSkip = 2
    public static let maxEpisodeSteps = 50
    static let distanceWeight = 1.0, controlWeight = 1.0
    public init() {}

    public func initialState(of simulation: Simulation, using rng: inout SeededGenerator) -> (qpos: [Double], qvel: [Double]) {
        var qpos = Self.uniformNoise(around: simulation.initialQpos, scale: 0.1, using: &rng)
        var goal: [Double]
        repeat {
            goal = Self.uniformNoise(around: [0, 0], scale: 0.2, using: &rng)
        } while !(NumPyArithmetic.norm(goal) < 0.2)
        qpos[qpos.count - 2] = goal[0]
        qpos[qpos.count - 1] = goal[1]
        var qvel = Self.uniformNoise(around: simulation.initialQvel, scale: 0.005, using: &rng)
        qvel[qvel.count - 2] = 0
        qvel[qvel.count - 1] = 0
        return (qpos, qvel)
    }

    /// fingertip − target, both as `xpos` rows (`get_body_com`).
    func fingertipToTarget(_ simulation: Simulation) -> [Double] {
        let f = simulation.bodyIndex("fingertip")!, t = simulation.bodyIndex("target")!
        return (0..<3).map { simulation.xpos[3 * f + $0] - simulation.xpos[3 * t + $0] }
    }

    public func observation(of simulation: Simulation) -> [Double] {
        let theta = [simulation.qpos[0], simulation.qpos[1]]
        let v = fingertipToTarget(simulation)
        return theta.map(cos) + theta.map(sin) + Array(simulation.qpos.dropFirst(2))
            + [simulation.qvel[0], simulation.qvel[1]] + [v[0], v[1]]
    }

    public func positionBeforeStep(of simulation: Simulation) -> [Double] { [] }

    public func outcome(of simulation: Simulation, before: [Double], action: [Float], dt: Double) -> (reward: Double, terminated: Bool) {
        let distanceReward = -NumPyArithmetic.norm(fingertipToTarget(simulation)) * Self.distanceWeight
        let controlReward = -NumPyArithmetic.sumOfSquares(action) * Float(Self.controlWeight)
        return (distanceReward + Double(controlReward), false)
    }
}
