import OffPolicy
import PPO

/// Each method's settings in a configuration, for one task's budget.
///
/// Paper profile: the published presets — SAC `haarnoja2018` (Haarnoja et al. 2018b, Appendix D), TD3
/// `fujimoto2018` (Fujimoto et al. 2018, §6.1), DDPG `lillicrap2016` (Lillicrap et al. 2016, §7), PPO the
/// `PPOConfiguration` defaults (Schulman et al. 2017, Table 3) — with the task's steps; the off-policy
/// learners share the task's uniform-random warm-up.
/// Smoke and standard: the same presets with the small networks, batch and Adam step of
/// `Configuration.SmallSettings` (so the comparison is between algorithms, not network sizes), PPO with
/// the small horizon and minibatch.
enum LearnerSettings {
    static func sac(_ config: Configuration, task: String, temperature: SACTemperature) -> SACConfiguration {
        let b = config.budgets[task]!
        var c = SACConfiguration.haarnoja2018(totalSteps: b.steps, learningStarts: b.learningStarts)
        c.temperature = temperature
        c.products = config.products
        if let s = config.small {
            (c.actorHiddenSizes, c.criticHiddenSizes, c.batchSize) = (s.hiddenSizes, s.hiddenSizes, s.batchSize)
            (c.actorLearningRate, c.criticLearningRate, c.temperatureLearningRate) = (s.learningRate, s.learningRate, s.learningRate)
        }
        return c
    }

    static func td3(_ config: Configuration, task: String) -> DeterministicActorCriticConfiguration {
        let b = config.budgets[task]!
        return small(TD3.fujimoto2018(totalSteps: b.steps, learningStarts: b.learningStarts), config)
    }

    static func ddpg(_ config: Configuration, task: String) -> DeterministicActorCriticConfiguration {
        let b = config.budgets[task]!
        return small(DDPG.lillicrap2016(totalSteps: b.steps, learningStarts: b.learningStarts), config)
    }

    static func small(_ base: DeterministicActorCriticConfiguration, _ config: Configuration) -> DeterministicActorCriticConfiguration {
        var c = base
        c.products = config.products
        guard let s = config.small else { return c }
        (c.actorHiddenSizes, c.criticHiddenSizes, c.batchSize) = (s.hiddenSizes, s.hiddenSizes, s.batchSize)
        (c.actorLearningRate, c.criticLearningRate) = (s.learningRate, s.learningRate)
        return c
    }

    /// Soft Q-learning: the authors' code's defaults (`SoftQLearningConfiguration.reference`: α = 1, M = K = 16,
    /// Adam 10⁻³, the target copied every update) with the task's steps and warm-up; the profile's small
    /// networks, batch and Adam step where it has them.
    static func softQ(_ config: Configuration, task: String) -> SoftQLearningConfiguration {
        let b = config.budgets[task]!
        var c = SoftQLearningConfiguration.reference(totalSteps: b.steps, learningStarts: b.learningStarts)
        if let s = config.small {
            (c.criticHiddenSizes, c.samplerHiddenSizes, c.batchSize) = (s.hiddenSizes, s.hiddenSizes, s.batchSize)
            (c.criticLearningRate, c.samplerLearningRate) = (s.learningRate, s.learningRate)
        }
        return c
    }

    static func ppo(_ config: Configuration, task: String) -> PPOConfiguration {
        var c = PPOConfiguration(totalSteps: config.budgets[task]!.steps)
        if let s = config.small {
            c.horizon = s.ppoHorizon
            c.minibatchSize = s.ppoMinibatch
        }
        return c
    }

    static func description(_ config: Configuration) -> String {
        let t = config.tasks[0]
        let s = sac(config, task: t, temperature: .automatic(initial: 1, targetEntropy: nil)), d = td3(config, task: t)
        let g = ddpg(config, task: t), p = ppo(config, task: t)
        return "SAC: \(s.actorHiddenSizes) ReLU, batch \(s.batchSize), Adam \(s.actorLearningRate)/\(s.criticLearningRate)/\(s.temperatureLearningRate), "
            + "γ \(s.discount), τ \(s.tau), initial α 1 (automatic) toward −dim(A); "
            + "TD3: \(d.actorHiddenSizes), batch \(d.batchSize), Adam \(d.actorLearningRate), exploration N(0, 0.1²), d 2, smoothing 0.2/0.5; "
            + "DDPG: \(g.actorHiddenSizes), batch \(g.batchSize), Adam \(g.actorLearningRate)/\(g.criticLearningRate), τ \(g.tau), critic L2 \(g.criticWeightDecay), OU θ 0.15 σ 0.2; "
            + "PPO: \(p.hiddenSizes) tanh, horizon \(p.horizon), \(p.epochs) epochs, minibatch \(p.minibatchSize), Adam \(p.learningRate), clip 0.2"
            + (config.small == nil ? " (the published presets)" : " (the presets with the profile's small networks, batch and Adam step)")
    }
}
