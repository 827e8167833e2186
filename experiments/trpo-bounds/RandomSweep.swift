import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// Part 1: many random instances, every bound evaluated on each (one row per instance).
enum RandomSweep {
    struct Cell: Sendable { var shape: Garnet; var gamma: Double; var change: PolicyChange; var instance: Int }

    struct Outcome: Sendable { var cell: Cell; var quantities: SurrogateErrorQuantities }

    static func cells(_ config: Configuration) -> [Cell] {
        var cells: [Cell] = []
        for gamma in config.discounts {
            for shape in config.shapes {
                for change in config.changes {
                    for i in 0..<config.instancesPerCell {
                        cells.append(Cell(shape: shape, gamma: gamma, change: change, instance: i))
                    }
                }
            }
        }
        return cells
    }

    static func run(_ cell: Cell, masterSeed: UInt64) throws -> Outcome {
        var rng = StreamKey(experiment: TRPOBounds.name, setting: "sweep/\(cell.shape)/gamma=\(cell.gamma)/\(cell.change)",
                            trial: cell.instance, masterSeed: masterSeed).generator()
        let mdp = try cell.shape.sample(discount: cell.gamma, using: &rng)
        let n = mdp.stateCount, m = mdp.actionCount
        let logits = (0..<(n * m)).map { _ in rng.nextGaussian() }
        let old = TabularPolicy.softmax(logits: logits, stateCount: n, actionCount: m)
        let new = cell.change.apply(toLogits: logits, stateCount: n, actionCount: m, using: &rng)
        let q = try SurrogateErrorQuantities(old: try PolicyEvaluation(policy: old, in: mdp), new: new)
        return Outcome(cell: cell, quantities: q)
    }

    static let boundColumns: [(SurrogateBound, String)] = [
        (.trpoTV, "bound_trpo_tv"), (.trpoTVSimplified, "bound_trpo_tv_simple"), (.trpoKL, "bound_trpo_kl"),
        (.expectedKL, "bound_expected_kl"), (.cpoTV, "bound_cpo_tv"), (.cpoKL, "bound_cpo_kl"),
    ]

    static func table(_ outcomes: [Outcome]) -> CSVTable {
        var table = CSVTable(columns: ["gamma", "n_states", "n_actions", "branching", "change_kind", "change_size",
                                       "instance", "max_kl_old_new", "mean_kl_new_old", "max_tv", "mean_tv",
                                       "epsilon", "epsilon_cpo", "error", "error_tolerance", "advantage_tolerance"] + boundColumns.map(\.1))
        for o in outcomes {
            let c = o.cell, q = o.quantities
            table.append([.double(c.gamma), .int(c.shape.states), .int(c.shape.actions), .int(c.shape.branching),
                          .string(c.change.kind), .double(c.change.size), .int(c.instance),
                          .double(q.maxKLOldNew), .double(q.meanKLNewOld), .double(q.maxTV), .double(q.meanTV),
                          .double(q.epsilon), .double(q.epsilonCPO), .double(q.error), .double(q.errorTolerance), .double(q.advantageTolerance)]
                         + boundColumns.map { .double($0.0.value(q)) })
        }
        return table
    }

    /// A violation is an error above the bound on an instance where the ratio is trustworthy
    /// (`isMeasurable`); elsewhere the comparison is between rounding errors and says nothing.
    static func violates(_ q: SurrogateErrorQuantities, _ bound: SurrogateBound) -> Bool {
        q.isMeasurable(bound) && q.error > bound.value(q)
    }

    struct Summary: Sendable {
        var gamma: Double, bound: SurrogateBound, instances: Int, measurable: Int, violations: Int
        var worstRatio: Double, medianLooseness: Double, lowerLooseness: Double, upperLooseness: Double
    }

    /// Per (γ, bound): violations, worst `error/bound`, and quantiles of `bound/error` over the
    /// instances where the ratio is trustworthy (`isMeasurable`).
    static func summarise(_ outcomes: [Outcome], discounts: [Double]) -> [Summary] {
        var rows: [Summary] = []
        for bound in SurrogateBound.allCases {   // ordered by (bound, γ): each plotted series is contiguous
            for gamma in discounts {
                let group = outcomes.filter { $0.cell.gamma == gamma }.map(\.quantities)
                let measurable = group.filter { $0.isMeasurable(bound) }
                let looseness = measurable.map { $0.looseness(bound) }
                rows.append(Summary(
                    gamma: gamma, bound: bound, instances: group.count, measurable: measurable.count,
                    violations: group.filter { violates($0, bound) }.count,
                    worstRatio: measurable.map { $0.violationRatio(bound) }.max() ?? .nan,
                    medianLooseness: looseness.isEmpty ? .nan : Statistics.median(looseness),
                    lowerLooseness: looseness.isEmpty ? .nan : Statistics.quantile(looseness, 0.1),
                    upperLooseness: looseness.isEmpty ? .nan : Statistics.quantile(looseness, 0.9)))
            }
        }
        return rows
    }

    static func summaryTable(_ rows: [Summary]) -> CSVTable {
        var table = CSVTable(columns: ["gamma", "bound", "stated", "instances", "measurable", "violations", "worst_ratio",
                                       "median_looseness", "looseness_q10", "looseness_q90", "worst_looseness"])
        for r in rows {
            table.append([.double(r.gamma), .string(r.bound.rawValue), .int(r.bound.isStated(forDiscount: r.gamma) ? 1 : 0),
                          .int(r.instances), .int(r.measurable), .int(r.violations), .finiteOrEmpty(r.worstRatio), .finiteOrEmpty(r.medianLooseness),
                          .finiteOrEmpty(r.lowerLooseness), .finiteOrEmpty(r.upperLooseness), .finiteOrEmpty(1 / r.worstRatio)])
        }
        return table
    }

    /// The comparisons the claim is about: the fraction of instances where the first bound is smaller.
    static let comparisons: [(SurrogateBound, SurrogateBound)] = [
        (.expectedKL, .trpoKL), (.expectedKL, .trpoTV), (.cpoTV, .trpoTV), (.cpoTV, .expectedKL), (.cpoKL, .expectedKL),
    ]

    /// At discount `gamma`: on how many instances every bound in `smaller` is below `b`, of how many.
    static func tighterCount(_ outcomes: [Outcome], gamma: Double, _ smaller: SurrogateBound, than larger: [SurrogateBound])
        -> (smaller: Int, instances: Int) {
        let group = outcomes.filter { $0.cell.gamma == gamma }.map(\.quantities)
        return (group.filter { q in larger.allSatisfy { smaller.value(q) < $0.value(q) } }.count, group.count)
    }

    static func tighterFraction(_ outcomes: [Outcome], gamma: Double, _ a: SurrogateBound, _ b: SurrogateBound) -> Double {
        let (k, n) = tighterCount(outcomes, gamma: gamma, a, than: [b])
        return Double(k) / Double(max(n, 1))
    }

    static func tighterTable(_ outcomes: [Outcome], discounts: [Double]) -> CSVTable {
        var table = CSVTable(columns: ["gamma", "smaller", "larger", "fraction", "instances"])
        for (a, b) in comparisons {
            for gamma in discounts {
                let count = outcomes.filter { $0.cell.gamma == gamma }.count
                table.append([.double(gamma), .string(a.rawValue), .string(b.rawValue),
                              .double(tighterFraction(outcomes, gamma: gamma, a, b)), .int(count)])
            }
        }
        return table
    }
}
