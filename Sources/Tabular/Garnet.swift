import ExperimentKit
import Foundation

/// Garnet random MDPs `G(n, m, b)` (Archibald, McKinnon & Thomas 1995; as in Geist & Scherrer 2014).
///
/// For each `(s,a)`: `b` distinct successor states drawn uniformly without replacement; their
/// probabilities are the gaps between `b − 1` sorted uniform cut points of `[0,1]`. Rewards use
/// the **state-action** variant: `r(s,a) ~ U[0,1]` independently. The initial distribution,
/// which the definition leaves open, is drawn from the flat Dirichlet on the simplex
/// (normalised standard exponentials), so `d^π` is not tied to one start state.
public struct Garnet: Sendable, Hashable, CustomStringConvertible {
    public let states: Int
    public let actions: Int
    public let branching: Int

    /// Throws an `InputError` unless `n ≥ 1`, `m ≥ 1` and `1 ≤ b ≤ n`.
    public init(states: Int, actions: Int, branching: Int) throws {
        guard states >= 1 else { throw InputError(parameter: "Garnet n (states)", given: "\(states)", allowed: "n ≥ 1") }
        guard actions >= 1 else { throw InputError(parameter: "Garnet m (actions)", given: "\(actions)", allowed: "m ≥ 1") }
        guard branching >= 1, branching <= states else {
            throw InputError(parameter: "Garnet b (branching)", given: "\(branching)", allowed: "1 ≤ b ≤ n = \(states)")
        }
        self.states = states
        self.actions = actions
        self.branching = branching
    }

    public var description: String { "G(\(states),\(actions),\(branching))" }

    /// One Garnet MDP with discount `gamma`, drawn from `rng`.
    public func sample(discount gamma: Double, using rng: inout SeededGenerator) throws -> MDP {
        let n = states, m = actions, b = branching
        var transitions = [Double](repeating: 0, count: n * m * n)
        var candidates = Array(0..<n)
        for s in 0..<n {
            for a in 0..<m {
                for k in 0..<b {   // partial Fisher–Yates: the first b entries are a uniform b-subset
                    candidates.swapAt(k, k + rng.nextInt(below: n - k))
                }
                var cuts = (0..<(b - 1)).map { _ in rng.nextUniform() }
                cuts.sort()
                var previous = 0.0
                for k in 0..<b {
                    let next = k < b - 1 ? cuts[k] : 1.0
                    transitions[(s * m + a) * n + candidates[k]] = next - previous
                    previous = next
                }
            }
        }
        let rewards = (0..<(n * m)).map { _ in rng.nextUniform() }
        var rho = (0..<n).map { _ in -log(rng.nextOpenUniform()) }
        let total = rho.reduce(0, +)
        rho = rho.map { $0 / total }
        return try MDP(stateCount: n, actionCount: m, transitions: transitions, rewards: rewards,
                       discount: gamma, initialDistribution: rho)
    }
}

extension TabularPolicy {
    /// A softmax policy with independent logits `θ(s,a) ~ N(0, scale²)`.
    public static func randomSoftmax(stateCount: Int, actionCount: Int, scale: Double,
                                     using rng: inout SeededGenerator) -> TabularPolicy {
        let logits = (0..<(stateCount * actionCount)).map { _ in scale * rng.nextGaussian() }
        return softmax(logits: logits, stateCount: stateCount, actionCount: actionCount)
    }
}
