import ExperimentKit

/// `Walker2d-v5` (Gymnasium 1.4.0 `walker2d_v5.py`, defaults; model `walker2d_v5.xml`): frame skip 4;
/// observation qpos[1:] and clip(qvel, −10, 10) (17); reward = (ẋ + 1·healthy) − 0.001·Σa² (cost in
/// float32); healthy when z ∈ (0.8, 2) and the angle ∈ (−1, 1); terminates when unhealthy; time
/// limit 1000; reset qpos, qvel + U(−0.005, 0.005).
public struct Walker2d: LocomotionTask {
    public static let id = "Walker2d-v5"
    public static let modelFile = "walker2d_v5.xml"
    public static let frameSkip = 4
    public static let maxEpisodeSteps = 1000
    static let forwardRewardWeight = 1.0, controlCostWeight = 0.001, healthyReward = 1.0, resetNoiseScale = 0.005
    static let healthyZRange = (0.8, 2.0), healthyAngleRange = (-1.0, 1.0)
    public init() {}

    public func initialState(of simulation: Simulation, using rng: inout SeededGenerator) -> (qpos: [Double], qvel: [Double]) {
        (Self.uniformNoise(around: simulation.initialQpos, scale: Self.resetNoiseScale, using: &rng),
         Self.uniformNoise(around: simulation.initialQvel, scale: Self.resetNoiseScale, using: &rng))
    }

    public func observation(of simulation: Simulation) -> [Double] { Self.planarWalkerObservation(simulation) }

    func isHealthy(_ simulation: Simulation) -> Bool {
        let z = simulation.qpos[1], angle = simulation.qpos[2]
        return Self.healthyZRange.0 < z && z < Self.healthyZRange.1
            && Self.healthyAngleRange.0 < angle && angle < Self.healthyAngleRange.1
    }

    public func positionBeforeStep(of simulation: Simulation) -> [Double] { Self.rootX(simulation) }

    public func outcome(of simulation: Simulation, before: [Double], action: [Float], dt: Double) -> (reward: Double, terminated: Bool) {
        Self.planarWalkerOutcome(simulation, before: before, action: action, dt: dt, healthy: isHealthy(simulation),
                                 forwardRewardWeight: Self.forwardRewardWeight, healthyReward: Self.healthyReward,
                                 controlCostWeight: Self.controlCostWeight)
    }
}
