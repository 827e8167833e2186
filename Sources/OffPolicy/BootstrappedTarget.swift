/// The one-step critic targets of the off-policy actor-critics, for transitions `(s, a, r, s', d)` with
/// `d` = terminated (the task's own end; a time-limit truncation has `d = 0` and bootstraps):
///
///   `y = r + γ (1 − d) v(s')`,
///
/// where the next-state value `v(s')` is
///   DDPG (Lillicrap et al. 2016, eq. 5 and Algorithm 1):  `Q′(s', μ′(s'))`;
///   TD3 (Fujimoto et al. 2018, eq. 10 and 15):            `min_{j=1,2} Q′_j(s', ã')`, `ã'` the smoothed target action;
///   SAC (Haarnoja et al. 2018, eq. 3 with the twin-Q minimum of §5): `min_j Q′_j(s', ã') − α log π(ã'|s')`, `ã' ~ π(·|s')`;
///   soft Q-learning (Haarnoja et al. 2017, eq. 10): the importance-sampled soft value `V′(s')`.
public enum BootstrappedTarget {
    /// `yᵢ = rᵢ + γ (1 − dᵢ) vᵢ`. Precondition: equal lengths.
    public static func targets(rewards: [Double], terminated: [Bool], nextValues v: [Double], discount gamma: Double) -> [Double] {
        precondition(rewards.count == terminated.count && rewards.count == v.count, "batch shapes")
        return rewards.indices.map { terminated[$0] ? rewards[$0] : rewards[$0] + gamma * v[$0] }
    }

    /// Clipped double Q (Fujimoto et al. 2018, eq. 10): `min(Q′₁, Q′₂)` row by row.
    public static func clippedDoubleQ(_ q1: [Double], _ q2: [Double]) -> [Double] {
        precondition(q1.count == q2.count, "one value per row from each critic")
        return zip(q1, q2).map { min($0, $1) }
    }
}
