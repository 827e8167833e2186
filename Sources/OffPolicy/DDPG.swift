/// Deep deterministic policy gradient (Lillicrap et al. 2016, Algorithm 1): a deterministic actor
/// `μ_φ` trained by the deterministic policy gradient through a critic `Q_θ` fitted to
/// `y = r + γ(1 − d) Q_θ′(s', μ_φ′(s'))` (eq. 5), replay, Polyak-averaged targets (`τ`) and exploration
/// noise — `DeterministicActorCritic` with TD3's three switches off. The presets give published
/// settings; the loop's `totalSteps` is the caller's.
public enum DDPG {
    /// CleanRL's `ddpg_continuous_action.py`: Adam 3·10⁻⁴ for both networks, buffer 10⁶, γ 0.99,
    /// τ 0.005, batch 256, 256-256 ReLU actor and critic, Gaussian exploration σ = 0.1 (of the half-width),
    /// uniform random actions for the first 25 000 steps, and `policy_frequency = 2` (CleanRL's DDPG
    /// delays the actor and target updates like TD3, though it has one critic and no target smoothing).
    public static func cleanRL(totalSteps: Int = 1_000_000, learningStarts: Int = 25_000) -> DeterministicActorCriticConfiguration {
        DeterministicActorCriticConfiguration(
            loop: OffPolicyLoop(totalSteps: totalSteps, learningStarts: learningStarts), discount: 0.99, tau: 0.005,
            actorLearningRate: 3e-4, criticLearningRate: 3e-4, batchSize: 256, actorHiddenSizes: [256, 256],
            criticHiddenSizes: [256, 256], exploration: .gaussian(standardDeviation: 0.1), policyDelay: 2)
    }

    /// Stable-Baselines3's `DDPG` defaults: Adam 10⁻³ for both, buffer 10⁶, γ 0.99, τ 0.005, batch 256,
    /// 400-300 ReLU networks, learning from step 100, one gradient step per environment step, no delay,
    /// and no action noise unless given (`action_noise=None`; its documentation's example uses
    /// `NormalActionNoise(σ = 0.1)`, passed here as `exploration`).
    public static func stableBaselines3(totalSteps: Int = 1_000_000,
                                        exploration: ExplorationNoise = .none) -> DeterministicActorCriticConfiguration {
        DeterministicActorCriticConfiguration(
            loop: OffPolicyLoop(totalSteps: totalSteps, learningStarts: 100), discount: 0.99, tau: 0.005,
            actorLearningRate: 1e-3, criticLearningRate: 1e-3, batchSize: 256, actorHiddenSizes: [400, 300],
            criticHiddenSizes: [400, 300], exploration: exploration, policyDelay: 1)
    }

    /// The paper's settings (Lillicrap et al. 2016, §7, low-dimensional inputs): Adam 10⁻⁴ (actor) and
    /// 10⁻³ (critic) with L2 weight decay 10⁻² on the critic, γ 0.99, τ 0.001, batch 64, buffer 10⁶,
    /// 400-300 ReLU networks with output layers drawn from `U(±3·10⁻³)`, Ornstein–Uhlenbeck noise
    /// θ = 0.15, σ = 0.2. Not reproduced: the paper's batch normalisation and its critic taking the
    /// action at the second hidden layer (here at the input, as every reference implementation); the paper
    /// states no warm-up, so `learningStarts` is the caller's (default: one minibatch's worth, 64).
    public static func lillicrap2016(totalSteps: Int = 1_000_000, learningStarts: Int = 64) -> DeterministicActorCriticConfiguration {
        DeterministicActorCriticConfiguration(
            loop: OffPolicyLoop(totalSteps: totalSteps, learningStarts: learningStarts), discount: 0.99, tau: 0.001,
            actorLearningRate: 1e-4, criticLearningRate: 1e-3, criticWeightDecay: 1e-2, batchSize: 64,
            actorHiddenSizes: [400, 300], criticHiddenSizes: [400, 300],
            exploration: .ornsteinUhlenbeck(theta: 0.15, standardDeviation: 0.2, timeStep: 1), policyDelay: 1,
            outputLayerInitBound: 3e-3)
    }
}
