import Foundation

/// A stationary stochastic policy on a finite MDP: `π(a|s)` stored row-major at `[s·|A| + a]`.
/// Every row is a probability vector (validated, or produced by a softmax).
public struct TabularPolicy: Sendable, Equatable {
    public let stateCount: Int
    public let actionCount: Int
    public let probabilities: [Double]

    /// A policy from explicit probabilities; each row must be non-negative and sum to 1 within
    /// `tolerance` (then renormalised).
    public init(stateCount: Int, actionCount: Int, probabilities: [Double],
                tolerance: Double = MDP.defaultTolerance) throws {
        guard stateCount >= 1, actionCount >= 1, probabilities.count == stateCount * actionCount else {
            throw MDPError.shapeMismatch(parameter: "policy probabilities", expected: stateCount * actionCount,
                                         given: probabilities.count)
        }
        var p = probabilities
        for s in 0..<stateCount {
            let row = s * actionCount
            let sum = try MDP.checkProbabilityRow(p[row..<row + actionCount], tolerance: tolerance) {
                MDPError.policyRowInvalid(state: s, detail: $0)
            }
            for k in row..<row + actionCount { p[k] /= sum }
        }
        self.stateCount = stateCount
        self.actionCount = actionCount
        self.probabilities = p
    }

    private init(unchecked probabilities: [Double], stateCount: Int, actionCount: Int) {
        self.stateCount = stateCount
        self.actionCount = actionCount
        self.probabilities = probabilities
    }

    /// The softmax policy `π(a|s) = exp θ(s,a) / Σ_b exp θ(s,b)`, computed through log-sum-exp
    /// so any finite logits give a valid policy. Precondition: finite logits, `|S|·|A|` of them.
    public static func softmax(logits: [Double], stateCount: Int, actionCount: Int) -> TabularPolicy {
        precondition(logits.count == stateCount * actionCount && logits.allSatisfy(\.isFinite))
        var p = [Double](repeating: 0, count: logits.count)
        for s in 0..<stateCount {
            let row = s * actionCount
            let lse = logSumExp(logits[row..<row + actionCount])
            for a in 0..<actionCount { p[row + a] = exp(logits[row + a] - lse) }
        }
        return TabularPolicy(unchecked: p, stateCount: stateCount, actionCount: actionCount)
    }

    /// The uniform policy `π(a|s) = 1/|A|`.
    public static func uniform(stateCount: Int, actionCount: Int) -> TabularPolicy {
        TabularPolicy(unchecked: [Double](repeating: 1 / Double(actionCount), count: stateCount * actionCount),
                      stateCount: stateCount, actionCount: actionCount)
    }

    /// The mixture `(1 − w)·self + w·other`. Precondition: `w ∈ [0, 1]`, same shape.
    public func mixed(with other: TabularPolicy, weight w: Double) -> TabularPolicy {
        precondition(w >= 0 && w <= 1 && other.stateCount == stateCount && other.actionCount == actionCount)
        let p = zip(probabilities, other.probabilities).map { (1 - w) * $0 + w * $1 }
        return TabularPolicy(unchecked: p, stateCount: stateCount, actionCount: actionCount)
    }

    /// `π(a|s)`.
    @inlinable public subscript(s: Int, a: Int) -> Double { probabilities[s * actionCount + a] }

    /// The action distribution `π(·|s)`.
    public func row(_ s: Int) -> ArraySlice<Double> {
        probabilities[s * actionCount..<(s + 1) * actionCount]
    }
}

/// `log Σᵢ exp xᵢ`, shifted by the maximum so it neither overflows nor underflows.
public func logSumExp<C: Collection>(_ x: C) -> Double where C.Element == Double {
    guard let m = x.max(), m.isFinite else { return x.max() ?? -.infinity }
    var sum = 0.0
    for v in x { sum += exp(v - m) }
    return m + log(sum)
}
