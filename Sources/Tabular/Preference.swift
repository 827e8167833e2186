import ExperimentKit
import Foundation

/// One comparison of a preference dataset `D = {(x, y_w, y_l)}`: in context `x`, response `winner`
/// (`y_w`) was preferred to response `loser` (`y_l`). Contexts and responses are indices of a tabular
/// contextual bandit (a `TabularPolicy`'s states and actions).
public struct PreferencePair: Sendable, Equatable, Codable {
    public var context: Int
    public var winner: Int
    public var loser: Int
    public init(context: Int, winner: Int, loser: Int) {
        self.context = context
        self.winner = winner
        self.loser = loser
    }
}

/// `σ(z) = 1/(1 + e^{−z})`, computed without overflow for any finite `z`.
public func sigmoid(_ z: Double) -> Double {
    z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
}

/// `softplus(z) = log(1 + e^z) = −log σ(−z)`, computed without overflow or cancellation.
public func softplus(_ z: Double) -> Double {
    z > 0 ? z + log1p(exp(-z)) : log1p(exp(z))
}

/// The Bradley–Terry preference model (Bradley & Terry 1952; Hamid, lecture notes, §6.1.1;
/// Rafailov et al. 2023, eq. 1): with a reward `r(x, y)`,
///   `p(y₁ ≻ y₂ | x) = exp r(x,y₁) / (exp r(x,y₁) + exp r(x,y₂)) = σ(r(x,y₁) − r(x,y₂))`.
/// It depends on `r` only through differences within a context, so `r` and `r + c(x)` give the same
/// preferences (Rafailov et al. 2023, Lemma 1): the reward is identified at most up to a per-context
/// constant, and only between responses that comparisons connect.
public enum BradleyTerry {
    /// `p(y₁ ≻ y₂) = σ(r₁ − r₂)`.
    public static func preferenceProbability(_ r1: Double, _ r2: Double) -> Double { sigmoid(r1 - r2) }

    /// `N` comparisons drawn as the notes describe the reward-modelling data (§6.1.1): a context `x`
    /// uniform over the contexts, two responses `y₁, y₂` drawn independently from `pairPolicy(·|x)`
    /// (`π_SFT = π_ref` in the notes; equal responses are kept: they carry no information), and
    /// `y₁` labelled the winner with probability `σ(r(x,y₁) − r(x,y₂))`. `reward` is row-major
    /// `[x·|Y| + y]`.
    public static func samplePairs(reward: [Double], pairPolicy: TabularPolicy, count: Int,
                                   using rng: inout SeededGenerator) -> [PreferencePair] {
        precondition(reward.count == pairPolicy.probabilities.count && count >= 0)
        let m = pairPolicy.actionCount
        return (0..<count).map { _ in
            let x = rng.nextInt(below: pairPolicy.stateCount)
            let y1 = rng.nextCategorical(pairPolicy.row(x)), y2 = rng.nextCategorical(pairPolicy.row(x))
            let firstWins = rng.nextUniform() < preferenceProbability(reward[x * m + y1], reward[x * m + y2])
            return firstWins ? PreferencePair(context: x, winner: y1, loser: y2) : PreferencePair(context: x, winner: y2, loser: y1)
        }
    }

    /// The reward model's negative log-likelihood as the notes write it (§6.1.1; Rafailov et al. 2023,
    /// eq. 2): `L_R(r) = −(1/N) Σ_{(x,y_w,y_l) ∈ D} log σ(r(x,y_w) − r(x,y_l))`. Plain reference
    /// implementation, one pair at a time; `ComparisonCounts` is the fast path.
    public static func negativeLogLikelihood(reward: [Double], responses m: Int, pairs: [PreferencePair]) -> Double {
        precondition(!pairs.isEmpty)
        return pairs.reduce(0) { $0 + softplus(-(reward[$1.context * m + $1.winner] - reward[$1.context * m + $1.loser])) }
            / Double(pairs.count)
    }

    /// `∇_r L_R`: each pair adds `−σ(−d)/N` at the winner and `+σ(−d)/N` at the loser, `d = r_w − r_l`.
    public static func negativeLogLikelihoodGradient(reward: [Double], responses m: Int, pairs: [PreferencePair]) -> [Double] {
        var g = [Double](repeating: 0, count: reward.count)
        let n = Double(pairs.count)
        for p in pairs {
            let w = p.context * m + p.winner, l = p.context * m + p.loser
            let s = sigmoid(-(reward[w] - reward[l])) / n
            g[w] -= s
            g[l] += s
        }
        return g
    }
}
