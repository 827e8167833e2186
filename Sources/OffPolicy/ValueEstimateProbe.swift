import Control
import Foundation

/// The value-estimate check of van Hasselt, Guez & Silver (2016, §3) and Fujimoto et al. (2018, §4.1),
/// made per state: run the greedy policy of a learned `Q`, and at each visited state compare the
/// predicted `Q(s_t, a_t)` with the discounted Monte Carlo return of the same episode from `t`,
/// `G_t = Σ_{k ≥ t} γ^{k−t} r_k` (computed backwards, `G_t = r_t + γ G_{t+1}`).
///
/// Time limits: `Q` is trained to bootstrap at truncations, so it estimates the return of an episode
/// without the limit. The probe therefore ignores `truncated` and keeps stepping (the dynamics go on
/// past the registered limit; for `TimeLimited` classic control `truncated` is only a flag) for up to
/// `scoredSteps + tailSteps` steps, and scores only `t < scoredSteps`. If the episode has not
/// terminated by then, each scored `G_t` misses at most `γ^{tailSteps} r_max/(1 − γ)`.
public enum ValueEstimateProbe {
    public struct Episode: Sendable, Equatable {
        /// `Q(s_t, a_t)` for the scored steps.
        public var predicted: [Double]
        /// `G_t` for the scored steps.
        public var returns: [Double]
        /// Steps run (≤ scoredSteps + tailSteps) and whether the task terminated.
        public var length: Int
        public var terminated: Bool
        /// The undiscounted return of the first `registeredLimit` steps: the episode as the registered
        /// environment would score it.
        public var registeredReturn: Double
    }

    /// Several probe episodes pooled over their scored steps (every scored step weighs the same, so a
    /// long episode counts more than one that terminated early): with `n = Σ_e |scored(e)|`,
    /// `meanPredicted = (1/n) Σ Q(s_t, a_t)`, `meanReturn = (1/n) Σ G_t` and the bias
    /// `(1/n) Σ (Q(s_t, a_t) − G_t)`, positive when the critic overestimates the return of its own policy
    /// (Fujimoto et al. 2018, §4.1 and Figure 1, there averaged over replay states). Precondition: some
    /// episode scored a step.
    public struct Summary: Sendable, Equatable, Codable {
        public var meanPredicted: Double
        public var meanReturn: Double
        public var bias: Double
        public var scoredSteps: Int
        /// The mean over episodes of the registered (time-limited, undiscounted) return.
        public var meanRegisteredReturn: Double
        public var terminatedEpisodes: Int

        public init(_ episodes: [Episode]) {
            let n = episodes.reduce(0) { $0 + $1.predicted.count }
            precondition(n > 0, "the probe scored no step")
            var q = 0.0, g = 0.0, d = 0.0
            for e in episodes {
                for (p, r) in zip(e.predicted, e.returns) {
                    q += p
                    g += r
                    d += p - r
                }
            }
            meanPredicted = q / Double(n)
            meanReturn = g / Double(n)
            bias = d / Double(n)
            scoredSteps = n
            meanRegisteredReturn = episodes.reduce(0) { $0 + $1.registeredReturn } / Double(episodes.count)
            terminatedEpisodes = episodes.filter(\.terminated).count
        }
    }

    /// The smallest `k` with `γ^k ≤ tolerance`.
    public static func tailSteps(discount gamma: Double, tolerance: Double) -> Int {
        precondition(gamma > 0 && gamma < 1 && tolerance > 0 && tolerance < 1)
        var k = Int((log(tolerance) / log(gamma)).rounded(.up))
        while pow(gamma, Double(k)) > tolerance { k += 1 }
        while k > 0 && pow(gamma, Double(k - 1)) <= tolerance { k -= 1 }
        return k
    }

    /// `G_t = r_t + γ G_{t+1}`, `G_T = 0`.
    public static func discountedReturns(_ rewards: [Double], discount gamma: Double) -> [Double] {
        var g = [Double](repeating: 0, count: rewards.count)
        var next = 0.0
        for t in stride(from: rewards.count - 1, through: 0, by: -1) {
            next = rewards[t] + gamma * next
            g[t] = next
        }
        return g
    }

    /// One greedy episode from `reset(seed:)`: `q` maps an observation to `Q(s, ·)`; the action is the
    /// first of largest value.
    public static func run<E: EpisodicEnvironment>(_ environment: inout E, seed: UInt64, discount gamma: Double,
                                                   scoredSteps: Int, tailSteps: Int, registeredLimit: Int,
                                                   q: ([Double]) -> [Double]) -> Episode {
        func greedy(_ values: [Double]) -> Int {
            var best = 0
            for a in 1..<values.count where values[a] > values[best] { best = a }
            return best
        }
        return run(&environment, seed: seed, discount: gamma, scoredSteps: scoredSteps, tailSteps: tailSteps,
                   registeredLimit: registeredLimit, policy: { [Double(greedy(q($0)))] },
                   value: { observation, action in q(observation)[Int(action[0])] })
    }

    /// One episode of any policy (continuous actions included) with any critic: `policy(s)` is the action
    /// taken, `value(s, a)` the predicted `Q(s, a)` scored against `G_t`. (The discrete form above is this
    /// with the greedy action of `Q(s, ·)`.)
    public static func run<E: EpisodicEnvironment>(_ environment: inout E, seed: UInt64, discount gamma: Double,
                                                   scoredSteps: Int, tailSteps: Int, registeredLimit: Int,
                                                   policy: ([Double]) -> [Double],
                                                   value: ([Double], [Double]) -> Double) -> Episode {
        var observation = environment.reset(seed: seed)
        var predicted: [Double] = [], rewards: [Double] = []
        var terminated = false
        while rewards.count < scoredSteps + tailSteps {
            let action = policy(observation)
            if rewards.count < scoredSteps { predicted.append(value(observation, action)) }
            let step = environment.step(action)
            rewards.append(step.reward)
            if step.terminated { terminated = true; break }
            observation = step.observation
        }
        let g = discountedReturns(rewards, discount: gamma)
        return Episode(predicted: predicted, returns: Array(g.prefix(predicted.count)), length: rewards.count,
                       terminated: terminated, registeredReturn: rewards.prefix(registeredLimit).reduce(0, +))
    }

    /// The probe for an off-policy actor-critic: its `evaluationAction` and its `valueEstimate`. (For SAC
    /// and soft Q-learning the critic is a soft value, which includes the entropy bonuses the Monte Carlo
    /// return lacks; compare accordingly.)
    public static func run<A: OffPolicyAgent, E: EpisodicEnvironment>(_ agent: A, environment: inout E, seed: UInt64,
                                                                      discount gamma: Double, scoredSteps: Int,
                                                                      tailSteps: Int, registeredLimit: Int) -> Episode {
        run(&environment, seed: seed, discount: gamma, scoredSteps: scoredSteps, tailSteps: tailSteps,
            registeredLimit: registeredLimit, policy: agent.evaluationAction,
            value: { agent.valueEstimate($0, action: $1) })
    }
}
