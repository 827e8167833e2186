/// The exact state marginals `p_π(s_t = ·) = ρ₀ᵀ P_πᵗ` for `t = 0, 1, …, horizon`.
public func stateMarginals(policy: TabularPolicy, in mdp: MDP, through horizon: Int) -> [[Double]] {
    precondition(horizon >= 0)
    let n = mdp.stateCount
    let pPi = PolicyEvaluation.transitionMatrix(policy: policy, in: mdp)
    var marginals = [mdp.initialDistribution]
    marginals.reserveCapacity(horizon + 1)
    var current = mdp.initialDistribution
    for _ in 0..<horizon {
        var next = [Double](repeating: 0, count: n)
        for s in 0..<n where current[s] != 0 {
            let w = current[s]
            for t in 0..<n { next[t] += w * pPi[s * n + t] }
        }
        marginals.append(next)
        current = next
    }
    return marginals
}
