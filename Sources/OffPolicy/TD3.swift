/// Twin delayed deep deterministic policy gradient (Fujimoto, van Hoof & Meger 2018, Algorithm 1):
/// DDPG with three ingredients, each a switch of `DeterministicActorCriticConfiguration` for ablations
/// (the paper's Table 2 removes them one at a time):
///
/// - clipped double Q (§4.2, eq. 10): two critics, both regressed on `y = r + γ(1 − d) min_{j=1,2} Q_θ′ⱼ(s', ã')`;
///   the actor follows `Q_θ₁` — `twinCritics`;
/// - delayed policy updates (§5.2): the actor and the targets move once per `d = 2` critic updates — `policyDelay`;
/// - target policy smoothing (§5.3, eq. 14–15): `ã' = clip(μ_φ′(s') + clip(ε, −c, c))`, `ε ~ N(0, σ²)`,
///   σ = 0.2, c = 0.5 — `targetSmoothing`.
public enum TD3 {
    /// The paper's settings (§6.1 and Appendix C): Adam 10⁻³ for actor and critics, 400-300 ReLU networks,
    /// batch 100, γ 0.99, τ 0.005, Gaussian exploration σ = 0.1, σ̃ = 0.2, c = 0.5, d = 2, buffer 10⁶;
    /// purely random actions for the first 10 000 steps on HalfCheetah and Ant and 1 000 elsewhere (passed
    /// as `learningStarts`).
    public static func fujimoto2018(totalSteps: Int = 1_000_000, learningStarts: Int = 1_000) -> DeterministicActorCriticConfiguration {
        ablation(DeterministicActorCriticConfiguration(
            loop: OffPolicyLoop(totalSteps: totalSteps, learningStarts: learningStarts), discount: 0.99, tau: 0.005,
            actorLearningRate: 1e-3, criticLearningRate: 1e-3, batchSize: 100, actorHiddenSizes: [400, 300],
            criticHiddenSizes: [400, 300], exploration: .gaussian(standardDeviation: 0.1)))
    }

    /// CleanRL's `td3_continuous_action.py`: Adam 3·10⁻⁴, 256-256 ReLU, batch 256, γ 0.99, τ 0.005,
    /// exploration σ = 0.1, `policy_noise` 0.2, `noise_clip` 0.5, `policy_frequency` 2, buffer 10⁶,
    /// random actions for the first 25 000 steps.
    public static func cleanRL(totalSteps: Int = 1_000_000, learningStarts: Int = 25_000) -> DeterministicActorCriticConfiguration {
        ablation(DeterministicActorCriticConfiguration(
            loop: OffPolicyLoop(totalSteps: totalSteps, learningStarts: learningStarts), discount: 0.99, tau: 0.005,
            actorLearningRate: 3e-4, criticLearningRate: 3e-4, batchSize: 256, actorHiddenSizes: [256, 256],
            criticHiddenSizes: [256, 256], exploration: .gaussian(standardDeviation: 0.1)))
    }

    /// Stable-Baselines3's `TD3` defaults: Adam 10⁻³, 400-300 ReLU, batch 256, γ 0.99, τ 0.005, learning from
    /// step 100, `policy_delay` 2, `target_policy_noise` 0.2, `target_noise_clip` 0.5, no action noise unless given.
    public static func stableBaselines3(totalSteps: Int = 1_000_000,
                                        exploration: ExplorationNoise = .none) -> DeterministicActorCriticConfiguration {
        ablation(DeterministicActorCriticConfiguration(
            loop: OffPolicyLoop(totalSteps: totalSteps, learningStarts: 100), discount: 0.99, tau: 0.005,
            actorLearningRate: 1e-3, criticLearningRate: 1e-3, batchSize: 256, actorHiddenSizes: [400, 300],
            criticHiddenSizes: [400, 300], exploration: exploration))
    }

    /// `base` with TD3's ingredients switched on or off: clipped double Q (two critics), delayed policy
    /// updates (d = 2, else 1) and target policy smoothing (σ = 0.2, c = 0.5, else none). All off is DDPG
    /// with `base`'s other settings.
    public static func ablation(_ base: DeterministicActorCriticConfiguration, clippedDoubleQ: Bool = true,
                                delayedPolicyUpdates: Bool = true, targetPolicySmoothing: Bool = true)
        -> DeterministicActorCriticConfiguration {
        var c = base
        c.twinCritics = clippedDoubleQ
        c.policyDelay = delayedPolicyUpdates ? 2 : 1
        c.targetSmoothing = targetPolicySmoothing ? TargetPolicySmoothing(standardDeviation: 0.2, clip: 0.5) : nil
        return c
    }
}
