/// A cooperative two-agent Markov game as an MDP over joint actions `a = a₁·m₂ + a₂` with a shared
/// reward, and a factorised joint policy `π(a₁, a₂ | s) = π₁(a₁|s) π₂(a₂|s)`
/// (docs/CLAIMS.md C6).
public struct FactorisedPolicy: Sendable, Equatable {
    public var first: TabularPolicy
    public var second: TabularPolicy

    public init(first: TabularPolicy, second: TabularPolicy) {
        precondition(first.stateCount == second.stateCount)
        self.first = first
        self.second = second
    }

    /// The joint policy on the MDP's joint actions.
    public var joint: TabularPolicy {
        let n = first.stateCount, m1 = first.actionCount, m2 = second.actionCount
        var p = [Double](repeating: 0, count: n * m1 * m2)
        for s in 0..<n {
            for a1 in 0..<m1 { for a2 in 0..<m2 { p[(s * m1 + a1) * m2 + a2] = first[s, a1] * second[s, a2] } }
        }
        return try! TabularPolicy(stateCount: n, actionCount: m1 * m2, probabilities: p)
    }

    /// Agent `i`'s advantage with the other agent's policy fixed:
    /// `A_i(s, aᵢ) = E_{a₋ᵢ~π₋ᵢ}[Q(s, aᵢ, a₋ᵢ)] − V(s)`, from the joint evaluation.
    public func agentAdvantage(_ agent: Int, from e: PolicyEvaluation) -> [Double] {
        let n = first.stateCount, m1 = first.actionCount, m2 = second.actionCount
        let mine = agent == 0 ? m1 : m2
        var a = [Double](repeating: 0, count: n * mine)
        for s in 0..<n {
            for a1 in 0..<m1 {
                for a2 in 0..<m2 {
                    let q = e.actionValue[(s * m1 + a1) * m2 + a2]
                    if agent == 0 { a[s * m1 + a1] += second[s, a2] * q } else { a[s * m2 + a2] += first[s, a1] * q }
                }
            }
            for k in 0..<mine { a[s * mine + k] -= e.value[s] }
        }
        return a
    }
}
