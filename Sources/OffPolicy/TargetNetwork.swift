/// Target networks (Mnih et al. 2015; Lillicrap et al. 2016): a slowly moving copy θ′ of the online
/// parameters θ that the TD targets are computed with, for any network whose parameters are one flat
/// vector (Sources/Neural's convention).
public enum TargetNetwork {
    /// The Polyak update `θ′ ← τ θ + (1 − τ) θ′`, `τ ∈ (0, 1]`. `τ = 1` is the hard update `θ′ ← θ`
    /// (DQN's periodic copy; done as an exact copy). Preconditions: equal lengths, `0 < τ ≤ 1`.
    public static func update(_ target: inout [Double], toward online: [Double], tau: Double) {
        precondition(target.count == online.count, "target and online parameters differ in length")
        precondition(tau > 0 && tau <= 1, "τ ∈ (0, 1]")
        if tau == 1 { target = online; return }
        for i in target.indices { target[i] = tau * online[i] + (1 - tau) * target[i] }
    }
}
