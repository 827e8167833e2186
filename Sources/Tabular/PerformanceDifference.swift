/// The quantities of the performance difference lemma and of Lemma 10 (docs/CLAIMS.md C1; Hamid,
/// Deep Reinforcement Learning notes, §2.7, Lemma 10, Theorem 11, Proposition 12; "Policy Gradient
/// as Policy Iteration" lecture slides; Kakade & Langford 2002, Lemma 6.1).

/// `1/(1−γ) · E_{s~d, a~π}[f(s,a)] = 1/(1−γ) Σ_s d(s) Σ_a π(a|s) f(s,a)`: the right-hand side of
/// Lemma 10 for a state distribution `d` and a state-action table `f` (at `[s·|A| + a]`).
public func discountedExpectation(of f: [Double], stateDistribution d: [Double],
                                  policy: TabularPolicy, discount gamma: Double) -> Double {
    precondition(d.count == policy.stateCount && f.count == policy.probabilities.count)
    let fPi = policyAverage(f, under: policy)
    var total = 0.0
    for s in 0..<d.count { total += d[s] * fPi[s] }
    return total / (1 - gamma)
}

/// `E_{τ~π}[Σ_t γᵗ f(s_t,a_t)]`, the left-hand side of Lemma 10, computed exactly as `J(π)` of the
/// same MDP with reward `f` (so it is `ρ₀ᵀ (I − γP_π)⁻¹ f_π`, a different solve from `d^π`'s).
public func expectedDiscountedSum(of f: [Double], policy: TabularPolicy, in mdp: MDP) throws -> Double {
    let relabelled = try MDP(stateCount: mdp.stateCount, actionCount: mdp.actionCount,
                             transitions: mdp.transitions, rewards: f, discount: mdp.discount,
                             initialDistribution: mdp.initialDistribution)
    return try PolicyEvaluation(policy: policy, in: relabelled).performance
}

/// The lemma's right-hand side, on-policy form: `1/(1−γ) · E_{s~d^{π'}, a~π'}[A_π(s,a)]`.
public func performanceDifferenceOnPolicy(old: PolicyEvaluation, new: PolicyEvaluation) -> Double {
    discountedExpectation(of: old.advantage, stateDistribution: new.discountedStateDistribution,
                          policy: new.policy, discount: old.mdp.discount)
}

/// The lemma's right-hand side, importance-sampled form:
/// `1/(1−γ) · E_{s~d^{π'}, a~π}[π'(a|s)/π(a|s) · A_π(s,a)]`.
/// Precondition: `π(a|s) > 0` wherever `π'(a|s) > 0` (absolute continuity); terms with
/// `π(a|s) = 0` are skipped, which is exact under that precondition.
public func performanceDifferenceImportanceSampled(old: PolicyEvaluation, new: PolicyEvaluation) -> Double {
    let m = old.mdp.actionCount
    var weighted = [Double](repeating: 0, count: old.advantage.count)
    for s in 0..<old.mdp.stateCount {
        for a in 0..<m {
            let behaviour = old.policy[s, a]
            precondition(behaviour > 0 || new.policy[s, a] == 0, "π' is not absolutely continuous w.r.t. π")
            if behaviour > 0 { weighted[s * m + a] = new.policy[s, a] / behaviour * old.advantage(s, a) }
        }
    }
    return discountedExpectation(of: weighted, stateDistribution: new.discountedStateDistribution,
                                 policy: old.policy, discount: old.mdp.discount)
}

/// The surrogate `L_π(π') = J(π) + 1/(1−γ) · E_{s~d^π, a~π'}[A_π(s,a)]` (docs/CLAIMS.md,
/// "Notation"): the lemma with the new policy's state distribution replaced by the old one's.
public func surrogate(old: PolicyEvaluation, new policy: TabularPolicy) -> Double {
    old.performance + discountedExpectation(of: old.advantage, stateDistribution: old.discountedStateDistribution,
                                            policy: policy, discount: old.mdp.discount)
}
