import Control
import ExperimentKit
import Neural

/// One episode (path) of a policy in an environment, row-major where a row is a vector.
public struct Trajectory: Sendable, Equatable {
    /// s₀ … s_{T−1}.
    public var observations: [Double]
    /// a₀ … a_{T−1} as sampled (a Gaussian sample before any clipping to the action box).
    public var actions: [Double]
    /// r₀ … r_{T−1}.
    public var rewards: [Double]
    /// Whether the episode ended by the task's own termination (false: time limit or path cap).
    public var terminated: Bool

    public var length: Int { rewards.count }
    /// Σ_t r_t, the undiscounted return Duan et al.'s metric averages.
    public var undiscountedReturn: Double { rewards.reduce(0, +) }
}

/// Runs π_θ from fresh resets until at least `minimumSteps` steps have been taken, keeping every
/// path whole (rllab's `BatchSampler` with `whole_paths=True`, so a batch slightly exceeds its
/// nominal size). A path ends at termination, at the environment's time limit, or after
/// `maximumLength` steps (rllab's `max_path_length`). Each reset draws its seed from `rng`, then the
/// path's actions are drawn from `rng` too: one stream, so a batch depends on (θ, rng) only.
/// Continuous actions are clipped to the box only when sent to the environment; the stored
/// action is the sample, whose log-density the updates use.
/// Preconditions: minimumSteps > 0, maximumLength > 0.
public func sampleTrajectories<Environment: EpisodicEnvironment>(
    _ environment: inout Environment, policy: PolicyNetwork, theta: [Double], minimumSteps: Int, maximumLength: Int,
    using rng: inout SeededGenerator
) -> [Trajectory] {
    precondition(minimumSteps > 0 && maximumLength > 0)
    var paths: [Trajectory] = []
    var steps = 0
    while steps < minimumSteps {
        let path = sampleTrajectory(&environment, policy: policy, theta: theta, maximumLength: maximumLength, using: &rng)
        steps += path.length
        paths.append(path)
    }
    return paths
}

/// One path of π_θ from a fresh reset (see `sampleTrajectories`).
public func sampleTrajectory<Environment: EpisodicEnvironment>(
    _ environment: inout Environment, policy: PolicyNetwork, theta: [Double], maximumLength: Int,
    using rng: inout SeededGenerator
) -> Trajectory {
    var path = Trajectory(observations: [], actions: [], rewards: [], terminated: false)
    var observation = environment.reset(seed: rng.next())
    let actionSet = environment.actionSet
    for _ in 0..<maximumLength {
        let outputs = policy.network(theta, observation)
        let action = policy.sampleAction(theta, outputs: outputs[...], using: &rng)
        let sent: [Double]
        switch actionSet {
        case .discrete: sent = action
        case .box(let low, let high): sent = action.indices.map { min(max(action[$0], low[$0]), high[$0]) }
        }
        let step = environment.step(sent)
        path.observations += observation
        path.actions += action
        path.rewards.append(step.reward)
        if step.terminated { path.terminated = true }
        if step.terminated || step.truncated { break }
        observation = step.observation
    }
    return path
}

/// What the batch algorithms (REINFORCE, TNPG, TRPO, ERWR) update on, one row per step of every
/// path: rllab's `process_samples`.
public struct PolicySamples: Sendable, Equatable {
    public var observations: [Double]
    public var actions: [Double]
    /// Â_t, after whatever centring or shifting the algorithm asks for.
    public var advantages: [Double]
    /// The discounted returns-to-go R_t = Σ_{k≥t} γ^{k−t} r_k (the baseline's regression targets).
    public var returns: [Double]

    public var count: Int { advantages.count }

    public init(observations: [Double], actions: [Double], advantages: [Double], returns: [Double]) {
        self.observations = observations
        self.actions = actions
        self.advantages = advantages
        self.returns = returns
    }
}

/// How rllab's `process_samples` post-processes the advantages.
public enum AdvantageTransform: Sendable, Equatable {
    /// Â as estimated.
    case none
    /// (Â − mean)/(std + 10⁻⁸) (`center_adv=True`, rllab's default for every batch algorithm).
    case centered
    /// Centred, then shifted to be positive, Â − min Â + 10⁻⁸ (`positive_adv=True`, ERWR).
    case centeredThenPositive
}

extension PolicySamples {
    /// rllab's `process_samples` for a batch of paths and the baseline fitted on the previous
    /// batch (it is refitted only after the advantages are computed, so b never sees the returns it
    /// predicts): per path, with b_T = 0 at the path's end whether it terminated or was cut —
    ///   δ_t = r_t + γ b(s_{t+1}) − b(s_t),   Â_t = Σ_k (γλ)^k δ_{t+k},   R_t = Σ_k γ^k r_{t+k},
    /// i.e. `generalizedAdvantageEstimates` with every path end treated as terminal, and the same
    /// function with b = 0, λ = 1 for R_t. λ = 1 (rllab's default `gae_lambda`) gives REINFORCE's
    /// reward-to-go minus baseline. Then `transform` is applied over the whole batch.
    public init(paths: [Trajectory], baseline: LinearFeatureBaseline, gamma: Double, lambda: Double,
                transform: AdvantageTransform) {
        var observations: [Double] = [], actions: [Double] = [], advantages: [Double] = [], returns: [Double] = []
        for path in paths {
            let n = path.length
            let b = baseline.predict(path)
            var next = [Double](repeating: 0, count: n)
            for t in 0..<(n - 1) { next[t] = b[t + 1] }
            let ends = (0..<n).map { $0 == n - 1 }
            advantages += generalizedAdvantageEstimates(rewards: path.rewards, values: b, nextValues: next,
                                                        terminated: ends, episodeEnded: ends, gamma: gamma, lambda: lambda)
            let zeros = [Double](repeating: 0, count: n)
            returns += generalizedAdvantageEstimates(rewards: path.rewards, values: zeros, nextValues: zeros,
                                                     terminated: ends, episodeEnded: ends, gamma: gamma, lambda: 1)
            observations += path.observations
            actions += path.actions
        }
        switch transform {
        case .none: break
        case .centered: advantages = standardized(advantages)
        case .centeredThenPositive:
            advantages = standardized(advantages)
            let low = advantages.min()!
            advantages = advantages.map { $0 - low + 1e-8 }
        }
        self.init(observations: observations, actions: actions, advantages: advantages, returns: returns)
    }
}
