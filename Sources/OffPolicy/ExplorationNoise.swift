import ExperimentKit

/// The behaviour noise a deterministic actor adds to `μ(s)` during training, in units of the action
/// box's half-width `s` (so `σ = 0.1` means 10% of the range's half, whatever the box): the action taken is
/// `clip(μ(s) + s ⊙ εₜ, low, high)`.
///
/// - `gaussian(σ)`: `εₜ ~ N(0, σ² I)` independent across steps, as Fujimoto et al. (2018, §6.1: "uncorrelated
///   Gaussian noise … we found the Ornstein-Uhlenbeck process offered no performance benefits"), CleanRL's
///   `ddpg_continuous_action.py`/`td3_continuous_action.py` (`torch.normal(0, action_scale · 0.1)`) and
///   Stable-Baselines3's `NormalActionNoise`. The default of the CleanRL and SB3 presets.
/// - `ornsteinUhlenbeck(θ, σ, dt)`: Lillicrap et al. (2016, §7): `εₜ₊₁ = εₜ − θ εₜ dt + σ √dt ξₜ`,
///   `ξₜ ~ N(0, I)`, the state reset to 0 at each episode start and the updated state returned (as SB3's and rllab's); reset to 0 at each episode start (θ = 0.15, σ = 0.2; `dt = 1` as rllab's
///   `OUStrategy`, which Duan et al. 2016 ran; SB3's `OrnsteinUhlenbeckActionNoise` defaults to `dt = 10⁻²`).
///   Temporally correlated, meant for inertial systems.
/// - `none`: the greedy action (SB3's DDPG/TD3 default `action_noise=None`).
public enum ExplorationNoise: Sendable, Equatable, Codable {
    case none
    case gaussian(standardDeviation: Double)
    case ornsteinUhlenbeck(theta: Double, standardDeviation: Double, timeStep: Double)
}

/// The state of an exploration process: `ε` (OU only) and the step rule.
public struct ExplorationProcess: Sendable, Equatable {
    public let noise: ExplorationNoise
    public private(set) var state: [Double]

    public init(_ noise: ExplorationNoise, width: Int) {
        self.noise = noise
        state = Array(repeating: 0, count: width)
    }

    /// `ε ← 0` (called at every episode start).
    public mutating func reset() { for i in state.indices { state[i] = 0 } }

    /// The next `εₜ` (one Gaussian draw per coordinate, none for `.none`).
    public mutating func next(using rng: inout SeededGenerator) -> [Double] {
        switch noise {
        case .none:
            return state.map { _ in 0 }
        case .gaussian(let sigma):
            return state.map { _ in sigma * rng.nextGaussian() }
        case .ornsteinUhlenbeck(let theta, let sigma, let dt):
            for i in state.indices { state[i] += -theta * state[i] * dt + sigma * dt.squareRoot() * rng.nextGaussian() }
            return state
        }
    }

    /// `clip(a + s ⊙ ε, low, high)`.
    public static func perturb(_ a: [Double], by epsilon: [Double], scale: [Double], low: [Double], high: [Double]) -> [Double] {
        a.indices.map { min(max(a[$0] + scale[$0] * epsilon[$0], low[$0]), high[$0]) }
    }
}
