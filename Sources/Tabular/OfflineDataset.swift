import ExperimentKit
import Foundation

/// A tabular offline dataset `D = {(s, a, r, s')}` kept as counts: `|D(s,a)|`, the sum of the rewards
/// seen at `(s,a)` and the successor counts. From it come the empirical behaviour policy
/// `π̂_β(a|s) = |D(s,a)|/|D(s)|` and the empirical MDP `(r̂, P̂)` of conservative Q-learning's tabular
/// analysis (Kumar, Zhou, Tucker & Levine 2020, §3.1: `r̂(s,a)` the mean reward and `P̂(s'|s,a)` the
/// successor frequencies at `(s,a)`).
public struct OfflineDataset: Sendable, Equatable {
    public let stateCount: Int
    public let actionCount: Int
    /// `|D(s,a)|` at `[s·|A| + a]`.
    public private(set) var counts: [Int]
    /// `Σ r` over the transitions from `(s,a)`, at `[s·|A| + a]`.
    public private(set) var rewardSums: [Double]
    /// `#{(s,a,·,s')}` at `[(s·|A| + a)·|S| + s']`.
    public private(set) var successorCounts: [Int]

    public init(stateCount: Int, actionCount: Int) {
        self.stateCount = stateCount
        self.actionCount = actionCount
        counts = [Int](repeating: 0, count: stateCount * actionCount)
        rewardSums = [Double](repeating: 0, count: stateCount * actionCount)
        successorCounts = [Int](repeating: 0, count: stateCount * actionCount * stateCount)
    }

    public mutating func add(state s: Int, action a: Int, reward r: Double, next: Int) {
        let k = s * actionCount + a
        counts[k] += 1
        rewardSums[k] += r
        successorCounts[k * stateCount + next] += 1
    }

    /// `|D(s)| = Σ_a |D(s,a)|`.
    public func count(state s: Int) -> Int { (0..<actionCount).reduce(0) { $0 + counts[s * actionCount + $1] } }

    /// `perState` transitions from every state (a stratified design, so every state is in `D` and
    /// `|D(s)|` is fixed): `a ~ π_β(·|s)`, `s' ~ P(·|s,a)`, and a Bernoulli reward with mean `r(s,a)`
    /// (so `R_max = 1`). Precondition: rewards in `[0, 1]`, `perState ≥ 1`.
    public static func sample(from mdp: MDP, behaviour: TabularPolicy, perState: Int,
                              using rng: inout SeededGenerator) -> OfflineDataset {
        precondition(perState >= 1 && mdp.rewards.allSatisfy { $0 >= 0 && $0 <= 1 }, "Bernoulli rewards need r ∈ [0, 1]")
        let n = mdp.stateCount, m = mdp.actionCount
        var d = OfflineDataset(stateCount: n, actionCount: m)
        for s in 0..<n {
            for _ in 0..<perState {
                let a = rng.nextCategorical(behaviour.row(s))
                let row = (s * m + a) * n
                let next = rng.nextCategorical(mdp.transitions[row..<row + n])
                let r: Double = rng.nextUniform() < mdp.reward(s, a) ? 1 : 0
                d.add(state: s, action: a, reward: r, next: next)
            }
        }
        return d
    }

    /// `π̂_β(a|s) = |D(s,a)|/|D(s)|`. Precondition: every state has a transition.
    public func empiricalBehaviour() throws -> TabularPolicy {
        var p = [Double](repeating: 0, count: stateCount * actionCount)
        for s in 0..<stateCount {
            let total = count(state: s)
            guard total > 0 else { throw InputError(parameter: "offline dataset", given: "no transition from state \(s)", allowed: "|D(s)| ≥ 1 at every state") }
            for a in 0..<actionCount { p[s * actionCount + a] = Double(counts[s * actionCount + a]) / Double(total) }
        }
        return try TabularPolicy(stateCount: stateCount, actionCount: actionCount, probabilities: p)
    }

    /// The empirical MDP: `r̂(s,a)` the mean reward and `P̂(·|s,a)` the successor frequencies where
    /// `|D(s,a)| > 0`. A pair with no data is given a copy of the lowest-index seen action at its state
    /// (reward and successors), so that the value is a valid MDP whose optimal value is the in-data
    /// maximum; a policy that puts no mass on unseen pairs never reads them.
    public func empiricalMDP(discount: Double, initialDistribution: [Double]) throws -> MDP {
        let n = stateCount, m = actionCount
        var p = [Double](repeating: 0, count: n * m * n), r = [Double](repeating: 0, count: n * m)
        for s in 0..<n {
            guard let first = (0..<m).first(where: { counts[s * m + $0] > 0 }) else {
                throw InputError(parameter: "offline dataset", given: "no transition from state \(s)", allowed: "|D(s)| ≥ 1 at every state")
            }
            for a in 0..<m {
                let source = counts[s * m + a] > 0 ? s * m + a : s * m + first
                let c = Double(counts[source])
                r[s * m + a] = rewardSums[source] / c
                for t in 0..<n { p[(s * m + a) * n + t] = Double(successorCounts[source * n + t]) / c }
            }
        }
        return try MDP(stateCount: n, actionCount: m, transitions: p, rewards: r, discount: discount,
                       initialDistribution: initialDistribution)
    }

    /// `π` restricted to the actions seen at each state and renormalised, `π_D(a|s) ∝ π(a|s)·1[|D(s,a)| > 0]`:
    /// a target policy with `supp π_D ⊂ supp π̂_β`, as Theorems 3.1–3.2 of Kumar et al. (2020) require of `μ`.
    /// Precondition: `π` puts mass on some seen action at every state.
    public func restricted(_ policy: TabularPolicy) throws -> TabularPolicy {
        var p = policy.probabilities
        for k in p.indices where counts[k] == 0 { p[k] = 0 }
        for s in 0..<stateCount {
            let total = (0..<actionCount).reduce(0.0) { $0 + p[s * actionCount + $1] }
            guard total > 0 else { throw InputError(parameter: "target policy", given: "no mass on a seen action at state \(s)", allowed: "π(a|s) > 0 for some a with |D(s,a)| > 0") }
            for a in 0..<actionCount { p[s * actionCount + a] /= total }
        }
        return try TabularPolicy(stateCount: stateCount, actionCount: actionCount, probabilities: p)
    }
}
