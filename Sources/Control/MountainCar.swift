import ExperimentKit
import Foundation

/// `MountainCar-v0` as in Gymnasium 1.4.0 `classic_control/mountain_car.py` (Moore 1990): velocity
/// += (a − 1)·0.001 − 0.0025·cos(3x), clipped to ±0.07; x += v, clipped to [−1.2, 0.6], with v = 0
/// at the left wall; terminated at x ≥ 0.5; reward −1; time limit 200; reset x ~ U(−0.6, −0.4), v = 0.
public struct MountainCar: ClassicControl {
    public static let id = "MountainCar-v0"
    public static let maxEpisodeSteps = 200
    public static let actionSpace = ActionSpace.discrete(count: 3)
    public static let observationLength = 2
    static let minPosition = -1.2, maxPosition = 0.6, maxSpeed = 0.07, goalPosition = 0.5
    static let force = 0.001, gravity = 0.0025

    public var state = [0.0, 0]
    public init() {}

    public var observation: [Float] { state.map(Float.init) }

    public mutating func resetState(using rng: inout SeededGenerator) {
        state = [-0.6 + 0.2 * rng.nextUniform(), 0]
    }

    public mutating func advance(_ action: Double) -> (reward: Double, terminated: Bool) {
        var position = state[0], velocity = state[1]
        velocity += (action - 1) * Self.force + cos(3 * position) * -Self.gravity
        velocity = min(max(velocity, -Self.maxSpeed), Self.maxSpeed)
        position += velocity
        position = min(max(position, Self.minPosition), Self.maxPosition)
        if position == Self.minPosition && velocity < 0 { velocity = 0 }
        state = [position, velocity]
        return (-1, position >= Self.goalPosition && velocity >= 0)
    }
}
