import Foundation

/// One step of each tabular policy-optimisation algorithm the analytical rule is compared with,
/// as pure functions of the current policy's exact evaluation.
public enum TabularAlgorithms {
    /// Policy iteration: the deterministic greedy policy `π(s) = argmax_a Q_π(s,a)` (ties: lowest
    /// index). Where the current policy is already deterministic, its action is kept unless another
    /// beats it by more than the rounding tolerance of `Q` — otherwise rounding can flip between
    /// tied actions forever and policy iteration never stops.
    public static func policyIterationStep(_ e: PolicyEvaluation) -> TabularPolicy {
        let n = e.mdp.stateCount, m = e.mdp.actionCount
        let tolerance = e.roundingTolerance(scale: e.actionValue.reduce(0) { max($0, abs($1)) })
        var p = [Double](repeating: 0, count: n * m)
        for s in 0..<n {
            var best = 0
            for a in 1..<max(1, m) where e.actionValue[s * m + a] > e.actionValue[s * m + best] { best = a }
            if let current = (0..<m).first(where: { e.policy[s, $0] == 1 }),
               e.actionValue[s * m + current] >= e.actionValue[s * m + best] - tolerance {
                best = current
            }
            p[s * m + best] = 1
        }
        return try! TabularPolicy(stateCount: n, actionCount: m, probabilities: p)
    }

    /// An optimal policy and `J*`, by policy iteration from the uniform policy until the policy no
    /// longer changes (at most `maxIterations`; a finite MDP needs at most `|A|^|S|`, in practice a few).
    public static func optimum(of mdp: MDP, maxIterations: Int = 1_000) throws -> (policy: TabularPolicy, performance: Double) {
        var policy = TabularPolicy.uniform(stateCount: mdp.stateCount, actionCount: mdp.actionCount)
        var e = try PolicyEvaluation(policy: policy, in: mdp)
        for _ in 0..<maxIterations {
            let next = policyIterationStep(e)
            if next == policy { break }
            policy = next
            e = try PolicyEvaluation(policy: policy, in: mdp)
        }
        return (policy, e.performance)
    }

    /// Natural policy gradient for the tabular softmax policy (Kakade 2001; Agarwal, Kakade, Lee &
    /// Mahajan 2021, eq. (19)): `θ ← θ + η/(1−γ) · A_π`, i.e. `π_new ∝ π · exp(η A_π/(1−γ))` — the
    /// analytical rule with `C = (1−γ)/η`, so it is computed by that one implementation.
    public static func naturalPolicyGradientStep(_ e: PolicyEvaluation, stepSize eta: Double) -> TabularPolicy {
        analyticalUpdate(policy: e.policy, advantage: e.advantage, temperature: (1 - e.mdp.discount) / eta)
    }

    /// Tabular PPO-clip (Schulman et al. 2017, eq. (7)) with exact advantages: `steps` steps of
    /// gradient ascent on the logits of
    /// `L(θ) = Σ_s d^{π_old}(s) Σ_a π_old(a|s) · min(r A, clip(r, 1−ε, 1+ε) A)`, `r = π_θ/π_old`,
    /// starting from `θ = log π_old`. The gradient of an active unclipped term with respect to
    /// `θ(s,b)` is `d(s) π_θ(a|s) A(s,a) (1[a=b] − π_θ(b|s))`; clipped terms contribute nothing.
    public static func ppoClipStep(_ e: PolicyEvaluation, clip epsilon: Double, learningRate: Double,
                                   steps: Int) -> TabularPolicy {
        let n = e.mdp.stateCount, m = e.mdp.actionCount, old = e.policy, d = e.discountedStateDistribution
        var theta = old.probabilities.map { log($0) }
        for _ in 0..<steps {
            let current = TabularPolicy.softmax(logits: theta, stateCount: n, actionCount: m)
            for s in 0..<n {
                var gradient = [Double](repeating: 0, count: m)
                for a in 0..<m where old[s, a] > 0 {
                    let advantage = e.advantage(s, a), ratio = current[s, a] / old[s, a]
                    let clipped = (advantage > 0 && ratio > 1 + epsilon) || (advantage < 0 && ratio < 1 - epsilon)
                    if clipped { continue }
                    for b in 0..<m {
                        gradient[b] += d[s] * current[s, a] * advantage * ((a == b ? 1 : 0) - current[s, b])
                    }
                }
                for b in 0..<m { theta[s * m + b] += learningRate * gradient[b] }
            }
        }
        return TabularPolicy.softmax(logits: theta, stateCount: n, actionCount: m)
    }

    /// Soft policy iteration (Haarnoja et al. 2017/2018; Hamid, Deep Reinforcement Learning notes,
    /// §2.11): `π_new ∝ exp(Q^soft_π / τ)`.
    public static func softPolicyIterationStep(_ soft: SoftPolicyEvaluation) -> TabularPolicy {
        let m = soft.policy.actionCount
        return TabularPolicy.softmax(logits: soft.softActionValue.map { $0 / soft.temperature },
                                     stateCount: soft.policy.stateCount, actionCount: m)
    }
}

/// Exact soft (maximum-entropy) evaluation of a policy at temperature `τ > 0`:
/// `V^soft(s) = E_{a~π}[Q^soft(s,a) − τ log π(a|s)]`, `Q^soft(s,a) = r(s,a) + γ E_{s'}[V^soft(s')]`.
/// `V^soft` is the ordinary value of `π` on the MDP with reward `r(s,a) − τ log π(a|s)` (actions
/// with `π(a|s) = 0` carry weight 0 there, so their shaped reward is left at `r`), so one solver
/// serves both; then `Q^soft = Q' + (r − r')`, which is `r + γPV^soft` for every action.
public struct SoftPolicyEvaluation: Sendable {
    public let policy: TabularPolicy
    public let temperature: Double
    public let softValue: [Double]
    public let softActionValue: [Double]
    /// The ordinary evaluation of the same policy (return without the entropy bonus).
    public let standard: PolicyEvaluation

    public init(policy: TabularPolicy, in mdp: MDP, temperature tau: Double) throws {
        precondition(tau > 0, "soft evaluation needs τ > 0")
        let shaped = zip(mdp.rewards, policy.probabilities).map { $1 > 0 ? $0 - tau * log($1) : $0 }
        let entropyMDP = try MDP(stateCount: mdp.stateCount, actionCount: mdp.actionCount, transitions: mdp.transitions,
                                 rewards: shaped, discount: mdp.discount, initialDistribution: mdp.initialDistribution)
        let e = try PolicyEvaluation(policy: policy, in: entropyMDP)
        self.policy = policy
        self.temperature = tau
        softValue = e.value
        softActionValue = e.actionValue.indices.map { e.actionValue[$0] + mdp.rewards[$0] - shaped[$0] }
        standard = try PolicyEvaluation(policy: policy, in: mdp)
    }
}
