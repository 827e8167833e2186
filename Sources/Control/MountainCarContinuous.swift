import ExperimentKit
import Foundation

/// `MountainCarContinuous-v0` as in Gymnasium 1.4.0 `classic_control/continuous_mountain_car.py`.
/// Gymnasium keeps this state in float32 after the first step, and NumPy 2 computes the update in
/// float32 (Python floats adopt the array's type), so it is computed in `Float` here:
/// v += clip(a, −1, 1)·0.0015 − 0.0025·cos(3x), clipped to ±0.07; x += v, clipped to [−1.2, 0.6],
/// v = 0 at the left wall; terminated at x ≥ 0.45 with v ≥ 0; reward 100 on termination minus
/// 0.1·a² (the unclipped action); time limit 999; reset x ~ U(−0.6, −0.4), v = 0.
public struct MountainCarContinuous: ClassicControl {
    public static let id = "MountainCarContinuous-v0"
    public static let maxEpisodeSteps = 999
    public static let actionSpace = ActionSpace.box(low: -1, high: 1)
    public static let observationLength = 2
    static let minPosition: Float = -1.2, maxPosition: Float = 0.6, maxSpeed: Float = 0.07, goalPosition: Float = 0.45
    static let power: Float = 0.0015

    var position: Float = 0, velocity: Float = 0
    public init() {}

    public var state: [Double] {
        get { [Double(position), Double(velocity)] }
        set { position = Float(newValue[0]); velocity = Float(newValue[1]) }
    }

    public var observation: [Float] { [position, velocity] }

    public mutating func resetState(using rng: inout SeededGenerator) {
        position = Float(-0.6 + 0.2 * rng.nextUniform())
        velocity = 0
    }

    public mutating func advance(_ action: Double) -> (reward: Double, terminated: Bool) {
        let a = Float(action)
        let gravityTerm = Float(0.0025 * cos(Double(3 * position)))
        if a >= -1 && a <= 1 {
            velocity = velocity + (a * Self.power - gravityTerm)
        } else {   // clipped to a Python float: that product is formed in double precision
            velocity = velocity + Float(min(max(Double(a), -1), 1) * 0.0015 - 0.0025 * cos(Double(3 * position)))
        }
        if velocity > Self.maxSpeed { velocity = Self.maxSpeed }
        if velocity < -Self.maxSpeed { velocity = -Self.maxSpeed }
        position = position + velocity
        if position > Self.maxPosition { position = Self.maxPosition }
        if position < Self.minPosition { position = Self.minPosition }
        if position == Self.minPosition && velocity < 0 { velocity = 0 }
        let terminated = position >= Self.goalPosition && velocity >= 0
        return ((terminated ? 100 : 0) - Double(a) * Double(a) * 0.1, terminated)
    }
}
