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

    /// The softmax policy `π(a|s) = exp θ(s,a) / Σ_b exp θ(s,b)`, shifted by the largest logit so
    /// any finite logits give a valid policy. Precondition: `|S|·|A|` logits.
    /// A logit of `−∞` gives probability 0; each state needs at least one finite logit.
    public static func softmax(logits: [Double], stateCount: Int, actionCount: Int) -> TabularPolicy {
        precondition(logits.count == stateCount * actionCount && logits.allSatisfy { $0.isFinite || $0 == -.infinity })
        var p = [Double](repeating: 0, count: logits.count)
        for s in 0..<stateCount {
            let row = s * actionCount
            // exp(θ − max θ) / Σ exp(θ − max θ): the shift is exact for the largest logit, and dividing
            // by the sum (rather than subtracting log-sum-exp) keeps every probability accurate to a
            // few ulps even for logits in the hundreds, where max + log Σ would round away log Σ.
            let largest = logits[row..<row + actionCount].max()!
            var total = 0.0
            for a in 0..<actionCount {
                let w = exp(logits[row + a] - largest)
                p[row + a] = w
                total += w
            }
            for a in 0..<actionCount { p[row + a] /= total }
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
