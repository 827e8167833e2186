import ExperimentKit
import Foundation

/// `Acrobot-v1` as in Gymnasium 1.4.0 `classic_control/acrobot.py` ("book" dynamics of Sutton &
/// Barto): one RK4 step of dt = 0.2 on (θ₁, θ₂, θ̇₁, θ̇₂) with torque in {−1, 0, +1}; angles wrapped
/// to [−π, π], velocities bounded by 4π and 9π; terminated when −cos θ₁ − cos(θ₂ + θ₁) > 1; reward
/// −1 per step (0 on termination); time limit 500; reset U(−0.1, 0.1)⁴ rounded to float32.
public struct Acrobot: ClassicControl {
    public static let id = "Acrobot-v1"
    public static let maxEpisodeSteps = 500
    public static let actionSpace = ActionSpace.discrete(count: 3)
    public static let observationLength = 6
    static let dt = 0.2, m1 = 1.0, m2 = 1.0, l1 = 1.0, lc1 = 0.5, lc2 = 0.5, moi = 1.0
    static let maxVel1 = 4 * Double.pi, maxVel2 = 9 * Double.pi
    static let torques = [-1.0, 0.0, 1.0]

    public var state = [0.0, 0, 0, 0]
    public init() {}

    public var observation: [Float] {
        [cos(state[0]), sin(state[0]), cos(state[1]), sin(state[1]), state[2], state[3]].map(Float.init)
    }

    public mutating func resetState(using rng: inout SeededGenerator) {
        state = (0..<4).map { _ in Double(Float(-0.1 + 0.2 * rng.nextUniform())) }
    }

    /// The time derivative of `(θ₁, θ₂, θ̇₁, θ̇₂)` under torque `a` (the "book" equations).
    static func derivative(_ s: [Double], torque a: Double) -> [Double] {
        let g = 9.8, i1 = moi, i2 = moi
        let (theta1, theta2, dtheta1, dtheta2) = (s[0], s[1], s[2], s[3])
        let d1 = m1 * (lc1 * lc1) + m2 * ((l1 * l1) + (lc2 * lc2) + 2 * l1 * lc2 * cos(theta2)) + i1 + i2
        let d2 = m2 * ((lc2 * lc2) + l1 * lc2 * cos(theta2)) + i2
        let phi2 = m2 * lc2 * g * cos(theta1 + theta2 - Double.pi / 2.0)
        let phi1 = -m2 * l1 * lc2 * (dtheta2 * dtheta2) * sin(theta2)
            - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * sin(theta2)
            + (m1 * lc1 + m2 * l1) * g * cos(theta1 - Double.pi / 2)
            + phi2
        let ddtheta2 = (a + d2 / d1 * phi1 - m2 * l1 * lc2 * (dtheta1 * dtheta1) * sin(theta2) - phi2)
            / (m2 * (lc2 * lc2) + i2 - (d2 * d2) / d1)
        let ddtheta1 = -(d2 * ddtheta2 + phi1) / d1
        return [dtheta1, dtheta2, ddtheta1, ddtheta2]
    }

    public mutating func advance(_ action: Double) -> (reward: Double, terminated: Bool) {
        let torque = Self.torques[Int(action)]
        // RK4 over [0, dt], in Gymnasium's order: y + dt/6 · (((k1 + 2k2) + 2k3) + k4).
        let y = state, dt = Self.dt, half = dt / 2.0
        func add(_ a: [Double], _ h: Double, _ k: [Double]) -> [Double] { (0..<4).map { a[$0] + h * k[$0] } }
        let k1 = Self.derivative(y, torque: torque)
        let k2 = Self.derivative(add(y, half, k1), torque: torque)
        let k3 = Self.derivative(add(y, half, k2), torque: torque)
        let k4 = Self.derivative(add(y, dt, k3), torque: torque)
        var next = (0..<4).map { y[$0] + dt / 6.0 * (((k1[$0] + 2 * k2[$0]) + 2 * k3[$0]) + k4[$0]) }
        next[0] = Self.wrap(next[0]); next[1] = Self.wrap(next[1])
        next[2] = min(max(next[2], -Self.maxVel1), Self.maxVel1)
        next[3] = min(max(next[3], -Self.maxVel2), Self.maxVel2)
        state = next
        let terminated = -cos(next[0]) - cos(next[1] + next[0]) > 1.0
        return (terminated ? 0 : -1, terminated)
    }

    /// Gymnasium's `wrap(x, −π, π)`: subtract or add 2π until inside.
    static func wrap(_ x: Double) -> Double {
        var x = x
        let diff = Double.pi - -Double.pi
        while x > Double.pi { x -= diff }
        while x < -Double.pi { x += diff }
        return x
    }
}
