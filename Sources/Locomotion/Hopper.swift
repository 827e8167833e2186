import ExperimentKit

/// `Hopper-v5` (Gymnasium 1.4.0 `hopper_v5.py`, defaults): frame skip 4; observation qpos[1:] and
/// clip(qvel, −10, 10) (11); reward = (ẋ + 1·healthy) − 0.001·Σa² (cost in float32); healthy when
/// every entry of (qpos[2:], qvel) is in (−100, 100), z ∈ (0.7, ∞) and the angle ∈ (−0.2, 0.2);
/// terminates when unhealthy; time limit 1000; reset qpos, qvel + U(−0.005, 0.005).
public struct Hopper: LocomotionTask {
    public static let id = "Hopper-v5"
    public static let modelFile = "hopper.xml"
    public static let frameSkip = 4
    public static let maxEpisodeSteps = 1000
    static let forwardRewardWeight = 1.0, controlCostWeight = 0.001, healthyReward = 1.0, resetNoiseScale = 0.005
    static let healthyStateRange = (-100.0, 100.0), healthyZRange = (0.7, Double.infinity), healthyAngleRange = (-0.2, 0.2)
    public init() {}

    public func initialState(of simulation: Simulation, using rng: inout SeededGenerator) -> (qpos: [Double], qvel: [Double]) {
        (Self.uniformNoise(around: simulation.initialQpos, scale: Self.resetNoiseScale, using: &rng),
         Self.uniformNoise(around: simulation.initialQvel, scale: Self.resetNoiseScale, using: &rng))
    }

    public func observation(of simulation: Simulation) -> [Double] { Self.planarWalkerObservation(simulation) }

    func isHealthy(_ simulation: Simulation) -> Bool {
        let z = simulation.qpos[1], angle = simulation.qpos[2]
        let state = Array(simulation.qpos.dropFirst(2)) + Array(simulation.qvel)
        let healthyState = state.allSatisfy { Self.healthyStateRange.0 < $0 && $0 < Self.healthyStateRange.1 }
        return healthyState && Self.healthyZRange.0 < z && z < Self.healthyZRange.1
            && Self.healthyAngleRange.0 < angle && angle < Self.healthyAngleRange.1
    }

    public func positionBeforeStep(of simulation: Simulation) -> [Double] { Self.rootX(simulation) }

    public func outcome(of simulation: Simulation, before: [Double], action: [Float], dt: Double) -> (reward: Double, terminated: Bool) {
        Self.planarWalkerOutcome(simulation, before: before, action: action, dt: dt, healthy: isHealthy(simulation),
                                 forwardRewardWeight: Self.forwardRewardWeight, healthyReward: Self.healthyReward,
                                 controlCostWeight: Self.controlCostWeight)
    }
}
