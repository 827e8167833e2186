import Foundation

/// The sufficient statistic of a tabular preference dataset: for each context `x`, the weight
/// `W_x(i, j)` of comparisons in which response `i` beat response `j` (a count for a sample; a
/// probability mass for the expected loss). Every loss of the Bradley–Terry family on tabular
/// parameters depends on the data only through these weights, so one pass over the pairs replaces
/// one pass per loss evaluation.
public struct ComparisonCounts: Sendable, Equatable {
    public let contexts: Int
    public let responses: Int
    /// `wins[x·m² + i·m + j] = W_x(i, j)`.
    public private(set) var wins: [Double]

    public init(contexts: Int, responses: Int) {
        precondition(contexts >= 1 && responses >= 1)
        self.contexts = contexts
        self.responses = responses
        wins = [Double](repeating: 0, count: contexts * responses * responses)
    }

    /// The counts of `pairs`.
    public init(contexts: Int, responses: Int, pairs: some Sequence<PreferencePair>) {
        self.init(contexts: contexts, responses: responses)
        add(pairs)
    }

    public mutating func add(_ pairs: some Sequence<PreferencePair>) {
        let m = responses
        for p in pairs { wins[p.context * m * m + p.winner * m + p.loser] += 1 }
    }

    /// The expected comparison weights of one draw per context from the process of
    /// `BradleyTerry.samplePairs` with pair policy `μ`: `W_x(i, j) = μ(i|x) μ(j|x) σ(r(x,i) − r(x,j))`
    /// (the expected loss per context, up to the factor `1/|X|` of the uniform context draw).
    public static func expected(reward: [Double], pairPolicy mu: TabularPolicy) -> ComparisonCounts {
        var c = ComparisonCounts(contexts: mu.stateCount, responses: mu.actionCount)
        let m = mu.actionCount
        for x in 0..<mu.stateCount {
            for i in 0..<m { for j in 0..<m where i != j {
                c.wins[x * m * m + i * m + j] = mu[x, i] * mu[x, j] * sigmoid(reward[x * m + i] - reward[x * m + j])
            } }
        }
        return c
    }

    /// `W_x(i, j)`.
    public subscript(x: Int, i: Int, j: Int) -> Double { wins[x * responses * responses + i * responses + j] }

    /// Responses of context `x` that appear in no comparison with another response.
    public func uncompared(context x: Int) -> [Int] {
        (0..<responses).filter { i in !(0..<responses).contains { j in j != i && (self[x, i, j] > 0 || self[x, j, i] > 0) } }
    }

    /// Whether the unpenalised Bradley–Terry likelihood of context `x` has a maximiser (unique up to a
    /// constant): Ford's condition (Ford 1957; Hunter 2004, Assumption 1): for every split of the
    /// responses into two non-empty groups, some response of each group beat some response of the
    /// other; equivalently, the directed graph `i → j` when `W_x(i, j) > 0` is strongly connected.
    /// When it fails, the likelihood (hence DPO's loss) keeps increasing as some reward difference
    /// goes to ±∞ (one-sided comparisons), or is flat along a direction (disconnected responses).
    public func maximumLikelihoodExists(context x: Int) -> Bool {
        let m = responses
        func reachesAll(forward: Bool) -> Bool {
            var seen = [Bool](repeating: false, count: m), stack = [0]
            seen[0] = true
            while let i = stack.popLast() {
                for j in 0..<m where !seen[j] && (forward ? self[x, i, j] : self[x, j, i]) > 0 {
                    seen[j] = true
                    stack.append(j)
                }
            }
            return !seen.contains(false)
        }
        return reachesAll(forward: true) && reachesAll(forward: false)
    }
}
