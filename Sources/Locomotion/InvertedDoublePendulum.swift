import ExperimentKit
import Foundation

/// `InvertedDoublePendulum-v5` (Gymnasium 1.4.0 `inverted_double_pendulum_v5.py`, defaults): frame
/// skip 5; observation qpos[:1], sin and cos of qpos[1:], clip(qvel, −10, 10), clip(qfrc_constraint,
/// −10, 10)[:1] (9); with (x, _, y) the tip site's position: terminates when y ≤ 1; reward =
/// 10·alive − (0.01x² + (y − 2)²) − (0.001v₁² + 0.005v₂²); time limit 1000; reset qpos +
/// U(−0.1, 0.1), qvel + 0.1·N(0, 1). Squares are `pow(·, 2)`, as NumPy's scalar `**` computes them.
public struct InvertedDoublePendulum: LocomotionTask {
    public static let id = "InvertedDoublePendulum-v5"
    public static let modelFile = "inverted_double_pendulum.xml"
    public static let frameSkip = 5
    public static let maxEpisodeSteps = 1000
    static let healthyReward = 10.0, resetNoiseScale = 0.1
    public init() {}

    public func initialState(of simulation: Simulation, using rng: inout SeededGenerator) -> (qpos: [Double], qvel: [Double]) {
        (Self.uniformNoise(around: simulation.initialQpos, scale: Self.resetNoiseScale, using: &rng),
         Self.gaussianNoise(around: simulation.initialQvel, scale: Self.resetNoiseScale, using: &rng))
    }

    public func observation(of simulation: Simulation) -> [Double] {
        let angles: [Double] = Array(simulation.qpos.dropFirst())
        let sines: [Double] = angles.map { sin($0) }, cosines: [Double] = angles.map { cos($0) }
        let velocities: [Double] = simulation.qvel.map { Self.clip($0, -10, 10) }
        let constraint: Double = Self.clip(simulation.qfrcConstraint[0], -10, 10)
        return [simulation.qpos[0]] + sines + cosines + velocities + [constraint]
    }

    public func positionBeforeStep(of simulation: Simulation) -> [Double] { [] }

    public func outcome(of simulation: Simulation, before: [Double], action: [Float], dt: Double) -> (reward: Double, terminated: Bool) {
        let x = simulation.siteXpos[0], y = simulation.siteXpos[2]
        let terminated = y <= 1
        let v1 = simulation.qvel[1], v2 = simulation.qvel[2]
        let distancePenalty = 0.01 * pow(x, 2) + pow(y - 2, 2)
        let velocityPenalty = 0.001 * pow(v1, 2) + 0.005 * pow(v2, 2)
        let aliveBonus = Self.healthyReward * (terminated ? 0 : 1)
        return (aliveBonus - distancePenalty - velocityPenalty, terminated)
    }
}
