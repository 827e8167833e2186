import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// Part 3 (C1, "also worth showing"): the surrogate `L_π(π')`, which takes states from `d^π`
/// instead of `d^{π'}`, is not `J(π')`; its error `|J(π') − L_π(π')|` grows with the policy change.
///
/// For each MDP and γ a fixed old policy and fixed directions (`Δ` for logit steps, `u` for
/// mixtures) are scaled along a grid of sizes, so each curve is one path `π' = π'(size)`.
/// Since `J(π') − L_π(π') = 1/(1−γ)·Σ_s (d^{π'}−d^π)(s)·E_{π'}[A_π(s,·)]` and both factors are
/// first order in the change, the gap is expected to be second order in `α = max_s D_TV`.
enum SurrogateGap {
    struct Path: Sendable { var mdpIndex: Int; var gamma: Double; var kind: String }

    struct Point: Sendable {
        var size, maxTV, jDifference, surrogateImprovement, gap: Double
    }

    static let columns = ["mdp", "gamma", "change_kind", "change_size", "max_tv", "j_difference",
                          "surrogate_difference", "surrogate_gap", "relative_gap"]

    static func paths(_ config: Configuration) -> [Path] {
        var paths: [Path] = []
        for i in 0..<config.surrogateMDPs {
            for gamma in config.surrogateDiscounts {
                for kind in ["logit-step", "mixture"] { paths.append(Path(mdpIndex: i, gamma: gamma, kind: kind)) }
            }
        }
        return paths
    }

    static func run(_ path: Path, config: Configuration, masterSeed: UInt64) throws -> [Point] {
        // The MDP and old policy depend only on the MDP index, so every γ and kind shares them.
        var rng = StreamKey(experiment: PerformanceDifference.name, setting: "surrogate/mdp",
                            trial: path.mdpIndex, masterSeed: masterSeed).generator()
        let base = try config.surrogateShape.sample(discount: 0.5, using: &rng)
        let mdp = try base.withDiscount(path.gamma)
        let n = mdp.stateCount, m = mdp.actionCount
        let logits = (0..<(n * m)).map { _ in rng.nextGaussian() }
        let direction = (0..<(n * m)).map { _ in rng.nextGaussian() }
        let target = TabularPolicy.randomSoftmax(stateCount: n, actionCount: m, scale: 1, using: &rng)
        let old = TabularPolicy.softmax(logits: logits, stateCount: n, actionCount: m)
        let evalOld = try PolicyEvaluation(policy: old, in: mdp)
        let sizes = path.kind == "mixture" ? config.surrogateMixtures : config.surrogateLogitSteps
        return try sizes.map { size in
            let new = path.kind == "mixture"
                ? old.mixed(with: target, weight: size)
                : TabularPolicy.softmax(logits: zip(logits, direction).map { $0 + size * $1 },
                                        stateCount: n, actionCount: m)
            let q = try SurrogateErrorQuantities(old: evalOld, new: new)
            return Point(size: size, maxTV: q.maxTV, jDifference: q.newPerformance - evalOld.performance,
                         surrogateImprovement: q.surrogateValue - evalOld.performance, gap: q.error)
        }
    }

    static func table(paths: [Path], points: [[Point]]) -> CSVTable {
        var table = CSVTable(columns: columns)
        for (path, list) in zip(paths, points) {
            for p in list {
                let scale = max(abs(p.jDifference), .leastNormalMagnitude)
                table.append([.int(path.mdpIndex), .double(path.gamma), .string(path.kind), .double(p.size),
                              .double(p.maxTV), .double(p.jDifference), .double(p.surrogateImprovement),
                              .double(p.gap), .double(p.gap / scale)])
            }
        }
        return table
    }

    /// Least-squares slope of `log gap` on `log α` over the points with `α ≤ maxAlpha` (the local
    /// order of the gap in the policy change), pooled over all paths.
    static func localOrder(paths: [Path], points: [[Point]], maxAlpha: Double, gamma: Double? = nil) -> Double {
        var x: [Double] = [], y: [Double] = []
        for (path, list) in zip(paths, points) where gamma == nil || path.gamma == gamma {
            for p in list where p.maxTV <= maxAlpha && p.gap > 0 && p.maxTV > 0 {
                x.append(log(p.maxTV)); y.append(log(p.gap))
            }
        }
        return x.count >= 2 ? Statistics.slope(x: x, y: y) : .nan
    }
}
