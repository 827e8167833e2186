import ExperimentKit
import Foundation

/// `CartPole-v1` as in Gymnasium 1.4.0 `classic_control/cartpole.py` (Barto, Sutton & Anderson
/// 1983): Euler integration with τ = 0.02, force ±10, termination at |x| > 2.4 or
/// |θ| > 12·2π/360, reward 1 per step (0 after termination), time limit 500; reset U(−0.05, 0.05)⁴.
public struct CartPole: ClassicControl {
    public static let id = "CartPole-v1"
    public static let maxEpisodeSteps = 500
    public static let actionSpace = ActionSpace.discrete(count: 2)
    public static let observationLength = 4
    static let gravity = 9.8, massCart = 1.0, massPole = 0.1, forceMagnitude = 10.0, tau = 0.02
    static let totalMass = massPole + massCart
    /// Gymnasium's `length`, the pole's half-length (0.5). An instance property so that a
    /// system-identification wrapper can vary it per episode; at 0.5 every step is Gymnasium's.
    public var poleHalfLength = 0.5
    var poleMassLength: Double { Self.massPole * poleHalfLength }
    static let thetaThreshold = 12 * 2 * Double.pi / 360, xThreshold = 2.4

    public var state = [0.0, 0, 0, 0]
    var stepsBeyondTerminated: Int? = nil

    public init() {}

    public var observation: [Float] { state.map(Float.init) }

    public mutating func resetState(using rng: inout SeededGenerator) {
        state = (0..<4).map { _ in -0.05 + 0.1 * rng.nextUniform() }
        stepsBeyondTerminated = nil
    }

    public mutating func advance(_ action: Double) -> (reward: Double, terminated: Bool) {
        var (x, xDot, theta, thetaDot) = (state[0], state[1], state[2], state[3])
        let force = action == 1 ? Self.forceMagnitude : -Self.forceMagnitude
        let cosTheta = cos(theta), sinTheta = sin(theta)
        let temp = (force + poleMassLength * (thetaDot * thetaDot) * sinTheta) / Self.totalMass
        let thetaAcc = (Self.gravity * sinTheta - cosTheta * temp)
            / (poleHalfLength * (4.0 / 3.0 - Self.massPole * (cosTheta * cosTheta) / Self.totalMass))
        let xAcc = temp - poleMassLength * thetaAcc * cosTheta / Self.totalMass
        x = x + Self.tau * xDot
        xDot = xDot + Self.tau * xAcc
        theta = theta + Self.tau * thetaDot
        thetaDot = thetaDot + Self.tau * thetaAcc
        state = [x, xDot, theta, thetaDot]
        let terminated = x < -Self.xThreshold || x > Self.xThreshold
            || theta < -Self.thetaThreshold || theta > Self.thetaThreshold
        if !terminated { return (1, false) }
        if stepsBeyondTerminated == nil { stepsBeyondTerminated = 0; return (1, true) }
        stepsBeyondTerminated! += 1
        return (0, true)
    }
}
