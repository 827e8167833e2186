import ExperimentKit

/// `Ant-v5` (Gymnasium 1.4.0 `ant_v5.py`, defaults): frame skip 5; observation qpos[2:], qvel and
/// clip(cfrc_ext, −1, 1) of every body but the world (105); with ẋ from the torso's `xpos` (body 1):
/// reward = (ẋ + 1·healthy) − (0.5·Σa² (float32) + 5·10⁻⁴·Σ clip(cfrc_ext, −1, 1)²); healthy when
/// the state is finite and z ∈ [0.2, 1]; terminates when unhealthy; time limit 1000; reset qpos +
/// U(−0.1, 0.1), qvel + 0.1·N(0, 1).
public struct Ant: LocomotionTask {
    public static let id = "Ant-v5"
    public static let modelFile = "ant.xml"
    public static let frameSkip = 5
    public static let maxEpisodeSteps = 1000
    static let forwardRewardWeight = 1.0, controlCostWeight = 0.5, contactCostWeight = 5e-4
    static let healthyReward = 1.0, healthyZRange = (0.2, 1.0), contactForceRange = (-1.0, 1.0)
    static let resetNoiseScale = 0.1, mainBody = 1
    public init() {}

    public func initialState(of simulation: Simulation, using rng: inout SeededGenerator) -> (qpos: [Double], qvel: [Double]) {
        (Self.uniformNoise(around: simulation.initialQpos, scale: Self.resetNoiseScale, using: &rng),
         Self.gaussianNoise(around: simulation.initialQvel, scale: Self.resetNoiseScale, using: &rng))
    }

    func contactForces(_ simulation: Simulation) -> [Double] {
        simulation.cfrcExt.map { Self.clip($0, Self.contactForceRange.0, Self.contactForceRange.1) }
    }

    public func observation(of simulation: Simulation) -> [Double] {
        Array(simulation.qpos.dropFirst(2)) + Array(simulation.qvel) + Array(contactForces(simulation).dropFirst(6))
    }

    func isHealthy(_ simulation: Simulation) -> Bool {
        let finite = simulation.qpos.allSatisfy(\.isFinite) && simulation.qvel.allSatisfy(\.isFinite)
        let z = simulation.qpos[2]
        return finite && Self.healthyZRange.0 <= z && z <= Self.healthyZRange.1
    }

    public func positionBeforeStep(of simulation: Simulation) -> [Double] {
        [simulation.xpos[3 * Self.mainBody], simulation.xpos[3 * Self.mainBody + 1]]
    }

    public func outcome(of simulation: Simulation, before: [Double], action: [Float], dt: Double) -> (reward: Double, terminated: Bool) {
        let xVelocity = (simulation.xpos[3 * Self.mainBody] - before[0]) / dt
        let healthy = isHealthy(simulation)
        let rewards = xVelocity * Self.forwardRewardWeight + (healthy ? Self.healthyReward : 0)
        let controlCost = Self.float32ControlCost(action, weight: Self.controlCostWeight)
        let contactCost = Self.contactCostWeight * NumPyArithmetic.sumOfSquares(contactForces(simulation))
        return (rewards - (Double(controlCost) + contactCost), !healthy)
    }
}
