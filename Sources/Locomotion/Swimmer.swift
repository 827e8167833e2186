import ExperimentKit

/// `Swimmer-v5` (Gymnasium 1.4.0 `swimmer_v5.py`, defaults): frame skip 4; observation qpos[2:] and
/// qvel (8); reward = ẋ − 10⁻⁴·Σa² (cost in float32); never terminates; time limit 1000; reset
/// qpos, qvel + U(−0.1, 0.1).
public struct Swimmer: LocomotionTask {
    public static let id = "Swimmer-v5"
    public static let modelFile = "swimmer.xml"
    public static let frameSkip = 4
    public static let maxEpisodeSteps = 1000
    static let forwardRewardWeight = 1.0, controlCostWeight = 1e-4, resetNoiseScale = 0.1
    public init() {}

    public func initialState(of simulation: Simulation, using rng: inout SeededGenerator) -> (qpos: [Double], qvel: [Double]) {
        (Self.uniformNoise(around: simulation.initialQpos, scale: Self.resetNoiseScale, using: &rng),
         Self.uniformNoise(around: simulation.initialQvel, scale: Self.resetNoiseScale, using: &rng))
    }

    public func observation(of simulation: Simulation) -> [Double] {
        Array(simulation.qpos.dropFirst(2)) + Array(simulation.qvel)
    }

    public func positionBeforeStep(of simulation: Simulation) -> [Double] { Self.rootX(simulation) }

    public func outcome(of simulation: Simulation, before: [Double], action: [Float], dt: Double) -> (reward: Double, terminated: Bool) {
        let xVelocity = (simulation.qpos[0] - before[0]) / dt
        let controlCost = Self.float32ControlCost(action, weight: Self.controlCostWeight)
        return (Self.forwardRewardWeight * xVelocity - Double(controlCost), false)
    }
}
