import Foundation
import ExperimentKit

/// A finite Markov decision process `(S, A, P, r, γ, ρ₀)` (docs/CLAIMS.md, "Notation").
///
/// States are `0..<stateCount`, actions `0..<actionCount`. Storage is flat and row-major:
/// `P(s'|s,a)` at `transitions[(s·|A| + a)·|S| + s']`, `r(s,a)` at `rewards[s·|A| + a]`.
/// The initialiser validates everything a theorem assumes, so a value of this type is always a
/// well-formed MDP: rows of `P` and `ρ₀` are probability vectors (within `tolerance`, then
/// renormalised exactly), rewards are finite, and `γ ∈ [0, 1)`.
public struct MDP: Sendable {
    public let stateCount: Int
    public let actionCount: Int
    public let transitions: [Double]
    public let rewards: [Double]
    /// The discount factor γ.
    public let discount: Double
    /// The initial state distribution ρ₀.
    public let initialDistribution: [Double]

    /// Default tolerance on a probability row's sum: rows from text files or from sums of
    /// floating-point cut points are accepted when `|Σ − 1| ≤ 1e-9`.
    public static let defaultTolerance = 1e-9

    public init(stateCount: Int, actionCount: Int, transitions: [Double], rewards: [Double],
                discount: Double, initialDistribution: [Double],
                tolerance: Double = MDP.defaultTolerance) throws {
        guard stateCount >= 1 else { throw MDPError.emptyStateSpace }
        guard actionCount >= 1 else { throw MDPError.emptyActionSpace }
        guard discount.isFinite, discount >= 0, discount < 1 else { throw MDPError.discountOutOfRange(discount) }
        guard transitions.count == stateCount * actionCount * stateCount else {
            throw MDPError.shapeMismatch(parameter: "transitions", expected: stateCount * actionCount * stateCount,
                                         given: transitions.count)
        }
        guard rewards.count == stateCount * actionCount else {
            throw MDPError.shapeMismatch(parameter: "rewards", expected: stateCount * actionCount, given: rewards.count)
        }
        guard initialDistribution.count == stateCount else {
            throw MDPError.shapeMismatch(parameter: "initialDistribution", expected: stateCount,
                                         given: initialDistribution.count)
        }
        var normalised = transitions
        for s in 0..<stateCount {
            for a in 0..<actionCount {
                let row = (s * actionCount + a) * stateCount
                let sum = try MDP.checkProbabilityRow(normalised[row..<row + stateCount], tolerance: tolerance) {
                    MDPError.transitionRowNotStochastic(state: s, action: a, detail: $0)
                }
                for k in row..<row + stateCount { normalised[k] /= sum }
            }
        }
        for (k, r) in rewards.enumerated() where !r.isFinite {
            throw MDPError.nonFiniteReward(state: k / actionCount, action: k % actionCount, value: r)
        }
        let rhoSum = try MDP.checkProbabilityRow(initialDistribution[...], tolerance: tolerance) {
            MDPError.initialDistributionInvalid(detail: $0)
        }
        self.stateCount = stateCount
        self.actionCount = actionCount
        self.transitions = normalised
        self.rewards = rewards
        self.discount = discount
        self.initialDistribution = initialDistribution.map { $0 / rhoSum }
    }

    /// `P(s'|s,a)`.
    @inlinable public func transition(_ s: Int, _ a: Int, _ next: Int) -> Double {
        transitions[(s * actionCount + a) * stateCount + next]
    }

    /// `r(s,a)`.
    @inlinable public func reward(_ s: Int, _ a: Int) -> Double { rewards[s * actionCount + a] }

    /// The same MDP with another discount factor (validated).
    public func withDiscount(_ gamma: Double) throws -> MDP {
        try MDP(stateCount: stateCount, actionCount: actionCount, transitions: transitions, rewards: rewards,
                discount: gamma, initialDistribution: initialDistribution)
    }

    /// Checks entries are finite and non-negative and the sum is within `tolerance` of 1; returns the sum.
    static func checkProbabilityRow(_ row: ArraySlice<Double>, tolerance: Double,
                                    error: (String) -> MDPError) throws -> Double {
        var sum = 0.0
        for (offset, p) in row.enumerated() {
            guard p.isFinite, p >= 0 else { throw error("entry \(offset) is \(p); probabilities must be finite and ≥ 0") }
            sum += p
        }
        guard abs(sum - 1) <= tolerance else {
            throw error("entries sum to \(sum); must be 1 within \(tolerance)")
        }
        return sum
    }
}

/// Why an MDP was rejected. Each message names the parameter and what is allowed.
public enum MDPError: Error, Equatable, CustomStringConvertible, Sendable {
    case emptyStateSpace
    case emptyActionSpace
    case discountOutOfRange(Double)
    case shapeMismatch(parameter: String, expected: Int, given: Int)
    case transitionRowNotStochastic(state: Int, action: Int, detail: String)
    case nonFiniteReward(state: Int, action: Int, value: Double)
    case initialDistributionInvalid(detail: String)
    case policyRowInvalid(state: Int, detail: String)

    public var description: String {
        switch self {
        case .emptyStateSpace: return "stateCount must be at least 1"
        case .emptyActionSpace: return "actionCount must be at least 1"
        case .discountOutOfRange(let g): return "discount γ = \(g) is outside the allowed range [0, 1)"
        case let .shapeMismatch(p, e, g): return "\(p) has \(g) entries; expected \(e)"
        case let .transitionRowNotStochastic(s, a, d): return "transition row P(·|s=\(s), a=\(a)): \(d)"
        case let .nonFiniteReward(s, a, v): return "reward r(s=\(s), a=\(a)) = \(v); rewards must be finite"
        case .initialDistributionInvalid(let d): return "initial distribution ρ₀: \(d)"
        case let .policyRowInvalid(s, d): return "policy row π(·|s=\(s)): \(d)"
        }
    }
}

extension MDP {
    /// Transition probabilities from unconstrained logits, one softmax per (state, action) row:
    /// `P(s'|s,a) = exp(ℓ(s,a,s') − logsumexp_t ℓ(s,a,t))`, row-major `[(s·|A| + a)·|S| + s']`. The
    /// adversarial searches (trpo-bounds, bellman-bounds) search over these logits so that every point is
    /// a valid MDP. Precondition: `logits.count == |S|·|A|·|S|`, finite.
    public static func transitions(fromLogits logits: [Double], states n: Int, actions m: Int) -> [Double] {
        precondition(logits.count == n * m * n, "one logit per (s, a, s')")
        var transitions = [Double](repeating: 0, count: n * m * n)
        for row in 0..<(n * m) {
            let lse = logSumExp(logits[(row * n)..<(row * n + n)])
            for t in 0..<n { transitions[row * n + t] = exp(logits[row * n + t] - lse) }
        }
        return transitions
    }
}
