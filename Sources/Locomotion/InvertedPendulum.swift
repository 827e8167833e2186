import ExperimentKit

/// `InvertedPendulum-v5` (Gymnasium 1.4.0 `inverted_pendulum_v5.py`, defaults): frame skip 2;
/// observation (qpos, qvel) (4); reward 1 while the pole stands; terminates when an observation is
/// not finite or |angle| > 0.2; time limit 1000; reset qpos, qvel + U(−0.01, 0.01).
public struct InvertedPendulum: LocomotionTask {
    public static let id = "InvertedPendulum-v5"
    public static let modelFile = "inverted_pendulum.xml"
    public static let frameSkip = 2
    public static let maxEpisodeSteps = 1000
    static let resetNoiseScale = 0.01
    public init() {}

    public func initialState(of simulation: Simulation, using rng: inout SeededGenerator) -> (qpos: [Double], qvel: [Double]) {
        (Self.uniformNoise(around: simulation.initialQpos, scale: Self.resetNoiseScale, using: &rng),
         Self.uniformNoise(around: simulation.initialQvel, scale: Self.resetNoiseScale, using: &rng))
    }

    public func observation(of simulation: Simulation) -> [Double] { Array(simulation.qpos) + Array(simulation.qvel) }

    public func positionBeforeStep(of simulation: Simulation) -> [Double] { [] }

    public func outcome(of simulation: Simulation, before: [Double], action: [Float], dt: Double) -> (reward: Double, terminated: Bool) {
        let o = observation(of: simulation)
        let terminated = !o.allSatisfy(\.isFinite) || abs(o[1]) > 0.2
        return (terminated ? 0 : 1, terminated)
    }
}
