import ExperimentKit

/// Sampling trajectories of a policy on an MDP, for Monte Carlo estimates.
///
/// Transitions are kept as sparse successor lists in compressed-row form (one flat array of
/// successor states and one of their probabilities, with row offsets), so a step costs `O(b)` on
/// a Garnet with branching `b` and allocates nothing.
public struct RolloutSampler: Sendable {
    public let mdp: MDP
    private let rowStart: [Int]            // row k = s·|A| + a spans rowStart[k] ..< rowStart[k+1]
    private let successorState: [Int]
    private let successorProbability: [Double]

    public init(mdp: MDP) {
        self.mdp = mdp
        let n = mdp.stateCount
        var start = [0], states: [Int] = [], probabilities: [Double] = []
        for k in 0..<(n * mdp.actionCount) {
            for t in 0..<n where mdp.transitions[k * n + t] > 0 {
                states.append(t); probabilities.append(mdp.transitions[k * n + t])
            }
            start.append(states.count)
        }
        rowStart = start
        successorState = states
        successorProbability = probabilities
    }

    /// `s₀ ~ ρ₀`.
    @inlinable public func initialState(using rng: inout SeededGenerator) -> Int {
        rng.nextCategorical(mdp.initialDistribution)
    }

    /// `a ~ π(·|s)`.
    @inlinable public func action(_ policy: TabularPolicy, at s: Int, using rng: inout SeededGenerator) -> Int {
        rng.nextCategorical(policy.row(s))
    }

    /// `s' ~ P(·|s,a)`.
    public func nextState(_ s: Int, _ a: Int, using rng: inout SeededGenerator) -> Int {
        let k = s * mdp.actionCount + a
        let lo = rowStart[k], hi = rowStart[k + 1]
        return successorState[lo + rng.nextCategorical(successorProbability[lo..<hi])]
    }

    /// Walks one trajectory `(s₀, a₀, …, s_T, a_T)` of `policy` with a random horizon
    /// `T ~ Geometric`, `P(T = t) = (1−γ)γᵗ`, calling `visit(t, s_t, a_t, isLast)` at each step.
    ///
    /// Two facts make it the basis of unbiased estimators: the last pair is distributed as
    /// `d^π × π`, and `E[Σ_{t≤T} f(s_t,a_t)] = Σ_t γᵗ E[f(s_t,a_t)]` because `P(T ≥ t) = γᵗ`.
    /// Expected length `1/(1−γ)`.
    public func geometricTrajectory(_ policy: TabularPolicy, using rng: inout SeededGenerator,
                                    visit: (_ t: Int, _ state: Int, _ action: Int, _ isLast: Bool) -> Void) {
        let horizon = rng.nextGeometric(continuation: mdp.discount)
        var s = initialState(using: &rng)
        for t in 0...horizon {
            let a = action(policy, at: s, using: &rng)
            visit(t, s, a, t == horizon)
            if t < horizon { s = nextState(s, a, using: &rng) }
        }
    }

    /// An unbiased sample of `Q_π(s,a)`: `Σ_{t≤T} r(s_t,a_t)` from `(s₀,a₀) = (s,a)`, then `π`, with a
    /// random horizon `T`, `P(T ≥ t) = γᵗ` (so the mean is `Σ_t γᵗ E[r_t]`). Expected length `1/(1−γ)`.
    public func randomHorizonReturn(from s: Int, action a: Int, following policy: TabularPolicy,
                                    using rng: inout SeededGenerator) -> Double {
        let horizon = rng.nextGeometric(continuation: mdp.discount)
        var state = s, act = a, total = 0.0
        for t in 0...horizon {
            total += mdp.reward(state, act)
            if t < horizon {
                state = nextState(state, act, using: &rng)
                act = action(policy, at: state, using: &rng)
            }
        }
        return total
    }
}
