import ExperimentKit
import Foundation

/// `MountainCarContinuous-v0` as in Gymnasium 1.4.0 `classic_control/continuous_mountain_car.py`:
/// v += clip(a, −1, 1)·0.0015 − 0.0025·cos(3x), clipped to ±0.07; x += v, clipped to [−1.2, 0.6],
/// v = 0 at the left wall; terminated at x ≥ 0.45 with v ≥ 0; reward 100 on termination minus
/// 0.1·a² (the unclipped action); time limit 999; reset x ~ U(−0.6, −0.4), v = 0.
///
/// Precision follows Gymnasium's arrays. `reset` leaves a float64 state, so the first step after a
/// reset is computed in double precision (with the float32 terms NumPy 2 forms from the float32
/// action) and only its result is stored as float32; from then on the state is float32 and NumPy
/// computes the update in float32 (Python floats adopt the array's type), as `Float` here.
public struct MountainCarContinuous: ClassicControl {
    public static let id = "MountainCarContinuous-v0"
    public static let maxEpisodeSteps = 999
    public static let actionSpace = ActionSpace.box(low: -1, high: 1)
    public static let observationLength = 2
    static let minPosition: Float = -1.2, maxPosition: Float = 0.6, maxSpeed: Float = 0.07, goalPosition: Float = 0.45
    static let power: Float = 0.0015

    var position = 0.0, velocity = 0.0
    /// Whether the state is a float32 array (after a step) or a float64 one (as `reset` leaves it).
    public private(set) var stateIsFloat32 = true
    public init() {}

    /// Setting the state makes it a float32 array, as every step leaves it (`setResetState` sets a
    /// float64 one, as `reset` leaves it).
    public var state: [Double] {
        get { [position, velocity] }
        set {
            position = Double(Float(newValue[0]))
            velocity = Double(Float(newValue[1]))
            stateIsFloat32 = true
        }
    }

    public mutating func setResetState(_ state: [Double]) {
        position = state[0]
        velocity = state[1]
        stateIsFloat32 = false
    }

    public var observation: [Float] { [Float(position), Float(velocity)] }

    public mutating func resetState(using rng: inout SeededGenerator) {
        setResetState([-0.6 + 0.2 * rng.nextUniform(), 0])
    }

    public mutating func advance(_ action: Double) -> (reward: Double, terminated: Bool) {
        let a = Float(action)
        let terminated = stateIsFloat32 ? advanceFloat32(a) : advanceFloat64(a)
        stateIsFloat32 = true
        return ((terminated ? 100 : 0) - Double(a) * Double(a) * 0.1, terminated)
    }

    /// The step from a float32 state, in float32.
    mutating func advanceFloat32(_ a: Float) -> Bool {
        var position = Float(self.position), velocity = Float(self.velocity)
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
        self.position = Double(position)
        self.velocity = Double(velocity)
        return position >= Self.goalPosition && velocity >= 0
    }

    /// The first step after a reset, from a float64 state: the acceleration is the float32 value
    /// NumPy forms from the float32 action (a double if the action was clipped to a Python float),
    /// added to the float64 velocity; the limits are Python floats; the result is stored as float32.
    mutating func advanceFloat64(_ a: Float) -> Bool {
        var position = self.position, velocity = self.velocity
        let gravityTerm = 0.0025 * cos(3 * position)
        if a >= -1 && a <= 1 {
            velocity = velocity + Double(a * Self.power - Float(gravityTerm))
        } else {
            velocity = velocity + (min(max(Double(a), -1), 1) * 0.0015 - gravityTerm)
        }
        if velocity > 0.07 { velocity = 0.07 }
        if velocity < -0.07 { velocity = -0.07 }
        position = position + velocity
        if position > 0.6 { position = 0.6 }
        if position < -1.2 { position = -1.2 }
        if position == -1.2 && velocity < 0 { velocity = 0 }
        self.position = Double(Float(position))
        self.velocity = Double(Float(velocity))
        return position >= 0.45 && velocity >= 0
    }
}
