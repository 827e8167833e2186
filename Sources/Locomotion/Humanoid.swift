import ExperimentKit

/// `Humanoid-v5` (Gymnasium 1.4.0 `humanoid_v5.py`, defaults): frame skip 5; observation qpos[2:],
/// qvel, and of every body but the world cinert, cvel, then qfrc_actuator[6:] and cfrc_ext (348);
/// with ẋ from the mass centre Σ_b m_b·xipos_b / Σ_b m_b: reward = (1.25·ẋ + 5·healthy) −
/// (0.1·Σ ctrl² + min(5·10⁻⁷·Σ cfrc_ext², 10)) (in float64: this task's control cost reads
/// `data.ctrl`); healthy when z ∈ (1, 2); terminates when unhealthy; time limit 1000; reset qpos,
/// qvel + U(−0.01, 0.01).
public struct Humanoid: LocomotionTask {
    public static let id = "Humanoid-v5"
    public static let modelFile = "humanoid.xml"
    public static let frameSkip = 5
    public static let maxEpisodeSteps = 1000
    static let forwardRewardWeight = 1.25, controlCostWeight = 0.1, contactCostWeight = 5e-7
    static let contactCostMaximum = 10.0, healthyReward = 5.0, healthyZRange = (1.0, 2.0), resetNoiseScale = 0.01
    public init() {}

    public func initialState(of simulation: Simulation, using rng: inout SeededGenerator) -> (qpos: [Double], qvel: [Double]) {
        (Self.uniformNoise(around: simulation.initialQpos, scale: Self.resetNoiseScale, using: &rng),
         Self.uniformNoise(around: simulation.initialQvel, scale: Self.resetNoiseScale, using: &rng))
    }

    public func observation(of simulation: Simulation) -> [Double] {
        Array(simulation.qpos.dropFirst(2)) + Array(simulation.qvel) + Array(simulation.cinert.dropFirst(10))
            + Array(simulation.cvel.dropFirst(6)) + Array(simulation.qfrcActuator.dropFirst(6))
            + Array(simulation.cfrcExt.dropFirst(6))
    }

    /// `mass_center`: `np.einsum('b,bj->j', body_mass, xipos)` (summed over b in order) over
    /// `np.sum(body_mass)`, x and y.
    func massCenter(_ simulation: Simulation) -> [Double] {
        var numerator = [0.0, 0, 0]
        for b in 0..<simulation.nbody {
            for j in 0..<3 { numerator[j] += simulation.bodyMass[b] * simulation.xipos[3 * b + j] }
        }
        let denominator = NumPyArithmetic.sum(Array(simulation.bodyMass)[...])
        return [numerator[0] / denominator, numerator[1] / denominator]
    }

    public func positionBeforeStep(of simulation: Simulation) -> [Double] { massCenter(simulation) }

    public func outcome(of simulation: Simulation, before: [Double], action: [Float], dt: Double) -> (reward: Double, terminated: Bool) {
        let xVelocity = (massCenter(simulation)[0] - before[0]) / dt
        let z = simulation.qpos[2]
        let healthy = Self.healthyZRange.0 < z && z < Self.healthyZRange.1
        let rewards = Self.forwardRewardWeight * xVelocity + (healthy ? Self.healthyReward : 0)
        let controlCost = Self.controlCostWeight * NumPyArithmetic.sumOfSquares(Array(simulation.ctrl))
        let contactCost = min(Self.contactCostWeight * NumPyArithmetic.sumOfSquares(Array(simulation.cfrcExt)),
                              Self.contactCostMaximum)
        return (rewards - (controlCost + contactCost), !healthy)
    }
}
