import ExperimentKit
import Foundation

/// `Pendulum-v1` as in Gymnasium 1.4.0 `classic_control/pendulum.py` (g = 10, m = l = 1, dt = 0.05):
/// u = clip(a, −2, 2) (a float32); cost = normalize(θ)² + 0.1·θ̇² + 0.001·u²; θ̇ += (15 sin θ + 3u)·dt,
/// clipped to ±8; θ += θ̇·dt; reward −cost; never terminates; time limit 200;
/// reset θ ~ U(−π, π), θ̇ ~ U(−1, 1). The float32 products with `u` are kept in `Float`, as NumPy does.
/// `u²` is the correctly rounded square; NumPy's scalar float32 `u**2` differs from it by one ulp in
/// about 0.07% of cases, so the reward matches Gymnasium to within that float32 rounding.
public struct Pendulum: ClassicControl {
    public static let id = "Pendulum-v1"
    public static let maxEpisodeSteps = 200
    public static let actionSpace = ActionSpace.box(low: -2, high: 2)
    public static let observationLength = 3
    static let maxSpeed = 8.0, maxTorque: Float = 2.0, dt = 0.05, g = 10.0, m = 1.0
    /// Gymnasium's `l`, the pendulum's length (1). An instance property so that a
    /// system-identification wrapper can vary it per episode; at 1 every step is Gymnasium's.
    public var length = 1.0

    public var state = [0.0, 0]
    public init() {}

    public var observation: [Float] { [Float(cos(state[0])), Float(sin(state[0])), Float(state[1])] }

    public mutating func resetState(using rng: inout SeededGenerator) {
        state = [Double.pi * (2 * rng.nextUniform() - 1), 2 * rng.nextUniform() - 1]
    }

    /// `((x + π) mod 2π) − π` with NumPy's floored modulo.
    static func angleNormalize(_ x: Double) -> Double {
        let period = 2 * Double.pi
        var r = fmod(x + Double.pi, period)
        if r != 0 && (r < 0) != (period < 0) { r += period }
        return r - Double.pi
    }

    public mutating func advance(_ action: Double) -> (reward: Double, terminated: Bool) {
        let th = state[0], thdot = state[1]
        let u = min(max(Float(action), -Self.maxTorque), Self.maxTorque)
        let costs = Self.angleNormalize(th) * Self.angleNormalize(th) + 0.1 * (thdot * thdot) + Double(Float(0.001) * (u * u))
        var newThdot = thdot + (3 * Self.g / (2 * length) * sin(th) + Double(Float(3.0 / (Self.m * length * length)) * u)) * Self.dt
        newThdot = min(max(newThdot, -Self.maxSpeed), Self.maxSpeed)
        let newTh = th + newThdot * Self.dt
        state = [newTh, newThdot]
        return (-costs, false)
    }
}
