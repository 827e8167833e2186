import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// Part 1: the τ-expectile of random discrete distributions, by the exact first-order solve, by
/// bisection and by Nelder–Mead on the loss, with the mean, the maximum and the gap bound.
enum ExpectilePart {
    struct Row: Sendable {
        var tau: Double
        var exact: Double
        var bisection: Double
        var directMinimiser: Double
        var lossExact: Double
        var lossDirect: Double
        var lossTolerance: Double
        var tolerance: Double
        var gapBound: Double
    }

    struct Outcome: Sendable {
        var index: Int
        var support: Int
        var ties: Bool
        var mean: Double
        var maximum: Double
        var minimum: Double
        var rows: [Row]
        var label: String { "distribution \(index) (\(support) points\(ties ? ", with ties" : ""))" }
    }

    /// The distribution of trial `index`: values N(0,1) (every third one rounded to one decimal, so that
    /// values repeat), weights flat Dirichlet.
    static func draw(index: Int, config: Configuration, masterSeed: UInt64) -> (values: [Double], weights: [Double], ties: Bool) {
        var rng = StreamKey(experiment: "implicit-q", setting: "expectile", trial: index, masterSeed: masterSeed).generator()
        let k = config.supportSizes[index % config.supportSizes.count]
        let ties = index % 3 == 2
        let values = (0..<k).map { _ -> Double in
            let x = rng.nextGaussian()
            return ties ? (x * 10).rounded() / 10 : x
        }
        var weights = (0..<k).map { _ in -log(rng.nextOpenUniform()) }
        let total = weights.reduce(0, +)
        weights = weights.map { $0 / total }
        return (values, weights, ties)
    }

    static func run(index: Int, config: Configuration, masterSeed: UInt64) -> Outcome {
        let (x, w, ties) = draw(index: index, config: config, masterSeed: masterSeed)
        let mean = zip(x, w).reduce(0) { $0 + $1.0 * $1.1 } / w.reduce(0, +)
        let top = x.max()!, bottom = x.min()!
        let u = Double.ulpOfOne / 2
        let rows = config.expectileTaus.map { tau -> Row in
            let exact = Expectile.value(x, weights: w, tau: tau)
            let f: ([Double]) -> Double = { Expectile.loss($0[0], values: x, weights: w, tau: tau) }
            let nm = NelderMead(maxEvaluations: 400, tolerance: 1e-16)
            let first = nm.minimize(f, from: [mean], step: max(top - bottom, 1e-3) / 4)
            let second = nm.minimize(f, from: first.point, step: max(top - bottom, 1e-3) / 64)
            let direct = second.value <= first.value ? second.point[0] : first.point[0]
            let lossExact = f([exact]), lossDirect = f([direct])
            // The loss is a sum of K positive terms of ≤ 6 roundings each, then one division.
            let lossTolerance = 2 * Double(x.count + 8) * u * max(lossExact, lossDirect)
            return Row(tau: tau, exact: exact, bisection: Expectile.bisection(x, weights: w, tau: tau), directMinimiser: direct,
                       lossExact: lossExact, lossDirect: lossDirect, lossTolerance: lossTolerance,
                       tolerance: Expectile.roundingTolerance(x, tau: tau),
                       gapBound: Expectile.maximumGapBound(x, weights: w, tau: tau))
        }
        return Outcome(index: index, support: x.count, ties: ties, mean: mean, maximum: top, minimum: bottom, rows: rows)
    }

    static func table(_ outcomes: [Outcome]) -> CSVTable {
        var t = CSVTable(columns: ["distribution", "support", "ties", "tau", "expectile", "bisection", "direct_minimiser", "mean",
                                   "maximum", "minimum", "tolerance", "gap_to_max", "gap_bound", "relative_gap"])
        for o in outcomes {
            for r in o.rows {
                let range = o.maximum - o.minimum
                t.append([.int(o.index), .int(o.support), .int(o.ties ? 1 : 0), .double(r.tau), .double(r.exact),
                          .double(r.bisection), .double(r.directMinimiser), .double(o.mean), .double(o.maximum),
                          .double(o.minimum), .double(r.tolerance), .double(o.maximum - r.exact), .double(r.gapBound),
                          range > 0 ? .double((o.maximum - r.exact) / range) : .empty])
            }
        }
        return t
    }
}
