import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// Part 4 (C2): the exact state-marginal gap `‖p_{π'}(s_t) − p_π(s_t)‖₁` against the coupling bound
/// `2(1 − (1−α)ᵗ)` and its relaxation `2αt`, with `α = max_s D_TV(π'(·|s), π(·|s))`.
///
/// Random pairs on Garnets, plus one constructed instance that attains the coupling bound: state 0
/// keeps itself under action 0 and moves to an absorbing state 1 under action 1; `π` always
/// takes action 0 and `π'` takes action 1 with probability α, so `p_{π'}(s_t = 0) = (1−α)ᵗ` and
/// the gap is exactly `2(1 − (1−α)ᵗ)`: the bound cannot be improved in general.
enum StateMismatch {
    struct Pair: Sendable { var index: Int; var shape: Garnet?; var change: PolicyChange }

    struct Curve: Sendable {
        var pair: Pair
        var alpha: Double
        var gaps: [Double]
    }

    static let tightAlpha = 0.05

    static func pairs(_ config: Configuration) -> [Pair] {
        var pairs = [Pair(index: 0, shape: nil, change: .mixture(tightAlpha))]
        for i in 0..<config.mismatchPairs {
            let shape = config.mismatchShapes[i % config.mismatchShapes.count]
            let change = config.mismatchChanges[(i / config.mismatchShapes.count) % config.mismatchChanges.count]
            pairs.append(Pair(index: i + 1, shape: shape, change: change))
        }
        return pairs
    }

    static func run(_ pair: Pair, horizon: Int, masterSeed: UInt64) throws -> Curve {
        let mdp: MDP, old: TabularPolicy, new: TabularPolicy
        if let shape = pair.shape {
            var rng = StreamKey(experiment: PerformanceDifference.name, setting: "mismatch/\(shape)/\(pair.change)",
                                trial: pair.index, masterSeed: masterSeed).generator()
            mdp = try shape.sample(discount: 0.9, using: &rng)   // marginals do not depend on γ
            let logits = (0..<(mdp.stateCount * mdp.actionCount)).map { _ in rng.nextGaussian() }
            old = .softmax(logits: logits, stateCount: mdp.stateCount, actionCount: mdp.actionCount)
            new = pair.change.apply(toLogits: logits, stateCount: mdp.stateCount, actionCount: mdp.actionCount,
                                    using: &rng)
        } else {
            (mdp, old, new) = try tightInstance(alpha: tightAlpha)
        }
        let alpha = old.maxTotalVariation(to: new)
        let p = stateMarginals(policy: old, in: mdp, through: horizon)
        let q = stateMarginals(policy: new, in: mdp, through: horizon)
        return Curve(pair: pair, alpha: alpha, gaps: zip(p, q).map { l1Distance($0, $1) })
    }

    /// The two-state instance on which the coupling bound holds with equality (see the type's doc).
    static func tightInstance(alpha: Double) throws -> (MDP, TabularPolicy, TabularPolicy) {
        let mdp = try MDP(stateCount: 2, actionCount: 2,
                          transitions: [1, 0,   0, 1,     // s = 0: a = 0 stays, a = 1 leaves
                                        0, 1,   0, 1],    // s = 1 absorbing
                          rewards: [0, 0, 0, 0], discount: 0.9, initialDistribution: [1, 0])
        let old = try TabularPolicy(stateCount: 2, actionCount: 2, probabilities: [1, 0, 1, 0])
        let new = try TabularPolicy(stateCount: 2, actionCount: 2, probabilities: [1 - alpha, alpha, 1, 0])
        return (mdp, old, new)
    }

    static let columns = ["pair", "instance", "change_kind", "change_size", "alpha", "t", "l1_gap",
                          "coupling_bound", "linear_bound", "ratio_to_coupling", "pair_max_ratio_all_t"]

    /// The steps written to the CSV: every `t ≤ 10`, every 5th to 30, then every 10th (the tight
    /// instance: every step). Verdicts use every step of every curve, in memory.
    static func reportedSteps(horizon: Int, everyStep: Bool) -> [Int] {
        (0...horizon).filter { t in everyStep || t <= 10 || (t <= 30 && t % 5 == 0) || t % 10 == 0 || t == horizon }
    }

    static func table(_ curves: [Curve]) -> CSVTable {
        var table = CSVTable(columns: columns)
        for c in curves {
            let pairWorst = worstRatio([c], linear: false)
            for t in reportedSteps(horizon: c.gaps.count - 1, everyStep: c.pair.shape == nil) {
                let gap = c.gaps[t]
                let bound = DistributionMismatch.couplingBound(alpha: c.alpha, step: t)
                table.append([.int(c.pair.index), .string(c.pair.shape.map { "\($0)" } ?? "tight-2-state"),
                              .string(c.pair.change.kind), .double(c.pair.change.size), .double(c.alpha), .int(t),
                              .double(gap), .double(bound),
                              .double(DistributionMismatch.linearBound(alpha: c.alpha, step: t)),
                              bound > 0 ? .double(gap / bound) : .empty, .double(pairWorst)])
            }
        }
        return table
    }

    /// The largest `gap / bound` over all curves and steps with a positive bound.
    static func worstRatio(_ curves: [Curve], linear: Bool) -> Double {
        var worst = 0.0
        for c in curves {
            for (t, gap) in c.gaps.enumerated() {
                let bound = linear ? DistributionMismatch.linearBound(alpha: c.alpha, step: t)
                                   : DistributionMismatch.couplingBound(alpha: c.alpha, step: t)
                if bound > 0 { worst = max(worst, gap / bound) }
            }
        }
        return worst
    }
}
