import ExperimentKit

/// `HalfCheetah-v5` (Gymnasium 1.4.0 `half_cheetah_v5.py`, defaults): frame skip 5; observation
/// qpos[1:] and qvel (17); reward = ẋ − 0.1·Σa² (the cost in float32, as NumPy computes it);
/// never terminates; time limit 1000; reset qpos + U(−0.1, 0.1), qvel + 0.1·N(0, 1).
public struct HalfCheetah: LocomotionTask {
    public static let id = "HalfCheetah-v5"
    public static let modelFile = "half_cheetah.xml"
    public static let frameSkip = 5
    public static let maxEpisodeSteps = 1000
    static let forwardRewardWeight = 1.0, controlCostWeight = 0.1, resetNoiseScale = 0.1
    public init() {}

    public func initialState(of simulation: Simulation, using rng: inout SeededGenerator) -> (qpos: [Double], qvel: [Double]) {
        (Self.uniformNoise(around: simulation.initialQpos, scale: Self.resetNoiseScale, using: &rng),
         Self.gaussianNoise(around: simulation.initialQvel, scale: Self.resetNoiseScale, using: &rng))
    }

    public func observation(of simulation: Simulation) -> [Double] {
        Array(simulation.qpos.dropFirst()) + Array(simulation.qvel)
    }

    public func positionBeforeStep(of simulation: Simulation) -> [Double] { Self.rootX(simulation) }

    public func outcome(of simulation: Simulation, before: [Double], action: [Float], dt: Double) -> (reward: Double, terminated: Bool) {
        let xVelocity = (simulation.qpos[0] - before[0]) / dt
        let forwardReward = Self.forwardRewardWeight * xVelocity
        let controlCost = Self.float32ControlCost(action, weight: Self.controlCostWeight)
        return (forwardReward - Double(controlCost), false)
    }
}
