import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// Part 1 (C1, exact): on random Garnets, both forms of the performance difference lemma and
/// Lemma 10 (Hamid, Deep Reinforcement Learning notes, §2.7) hold to floating-point precision.
///
/// For each instance: `J(π') − J(π)` (two solves with `I − γP`) against
/// `1/(1−γ)·E_{d^{π'},π'}[A_π]` and `1/(1−γ)·E_{d^{π'},π}[(π'/π)A_π]` (solves with the transposes);
/// and Lemma 10 for a random `f(s,a) ~ U[−1,1]`: `E_{τ~π}[Σγᵗf]` against `1/(1−γ)·E_{d^π,π}[f]`.
///
/// Tolerance (not tuned): `PolicyEvaluation.roundingTolerance`, `3n·κ_∞·u` times the scale of
/// the quantity (the error bound of an LU solve, using the worse-conditioned of the two solves;
/// Lemma 10 uses only `π`'s). The scale of `J(π') − J(π)` is `|J(π)| + |J(π')|` (a
/// difference cannot be more accurate than its terms); that of Lemma 10 is `max|f|/(1−γ)`.
enum ExactIdentities {
    static let columns = [
        "shape", "n_states", "n_actions", "branching", "gamma", "change_kind", "change_size", "instance",
        "max_tv", "condition_number", "j_old", "j_new", "j_difference",
        "gap_onpolicy", "gap_importance", "gap_lemma10",
        "relgap_onpolicy", "relgap_importance", "relgap_lemma10",
        "tolerance_pdl", "tolerance_lemma10",
    ]

    struct Cell: Sendable { var shape: Garnet; var gamma: Double; var change: PolicyChange; var instance: Int }

    struct Outcome: Sendable {
        var cell: Cell
        var maxTV, kappa, jOld, jNew: Double
        var gapOnPolicy, gapImportance, gapLemma10: Double
        var scalePDL, scaleLemma10, tolerancePDL, toleranceLemma10: Double
    }

    static func cells(_ config: Configuration) -> [Cell] {
        var cells: [Cell] = []
        for shape in config.exactShapes {
            for gamma in config.exactDiscounts {
                for change in config.exactChanges {
                    for i in 0..<config.exactInstancesPerCell {
                        cells.append(Cell(shape: shape, gamma: gamma, change: change, instance: i))
                    }
                }
            }
        }
        return cells
    }

    static func run(_ cell: Cell, masterSeed: UInt64) throws -> Outcome {
        let key = StreamKey(experiment: PerformanceDifference.name,
                            setting: "exact/\(cell.shape)/gamma=\(cell.gamma)/\(cell.change)",
                            trial: cell.instance, masterSeed: masterSeed)
        var rng = key.generator()
        let mdp = try cell.shape.sample(discount: cell.gamma, using: &rng)
        let n = mdp.stateCount, m = mdp.actionCount
        let logits = (0..<(n * m)).map { _ in rng.nextGaussian() }
        let old = TabularPolicy.softmax(logits: logits, stateCount: n, actionCount: m)
        let new = cell.change.apply(toLogits: logits, stateCount: n, actionCount: m, using: &rng)
        let f = (0..<(n * m)).map { _ in 2 * rng.nextUniform() - 1 }

        let evalOld = try PolicyEvaluation(policy: old, in: mdp)
        let evalNew = try PolicyEvaluation(policy: new, in: mdp)
        let difference = evalNew.performance - evalOld.performance
        let onPolicy = performanceDifferenceOnPolicy(old: evalOld, new: evalNew)
        let importance = performanceDifferenceImportanceSampled(old: evalOld, new: evalNew)
        let lemmaLeft = try expectedDiscountedSum(of: f, policy: old, in: mdp)
        let lemmaRight = discountedExpectation(of: f, stateDistribution: evalOld.discountedStateDistribution,
                                               policy: old, discount: mdp.discount)

        let kappa = max(evalOld.conditionNumber, evalNew.conditionNumber)
        let scalePDL = abs(evalOld.performance) + abs(evalNew.performance)
        let scaleLemma = f.reduce(0) { max($0, abs($1)) } / (1 - mdp.discount)
        return Outcome(cell: cell, maxTV: old.maxTotalVariation(to: new), kappa: kappa,
                       jOld: evalOld.performance, jNew: evalNew.performance,
                       gapOnPolicy: abs(difference - onPolicy), gapImportance: abs(difference - importance),
                       gapLemma10: abs(lemmaLeft - lemmaRight),
                       scalePDL: scalePDL, scaleLemma10: scaleLemma,
                       tolerancePDL: PolicyEvaluation.roundingTolerance(of: [evalOld, evalNew], scale: scalePDL),
                       toleranceLemma10: evalOld.roundingTolerance(scale: scaleLemma))
    }

    static func table(_ outcomes: [Outcome]) -> CSVTable {
        var table = CSVTable(columns: columns)
        for o in outcomes {
            let c = o.cell
            table.append([
                .string("\(c.shape)"), .int(c.shape.states), .int(c.shape.actions), .int(c.shape.branching),
                .double(c.gamma), .string(c.change.kind), .double(c.change.size), .int(c.instance),
                .double(o.maxTV), .double(o.kappa), .double(o.jOld), .double(o.jNew), .double(o.jNew - o.jOld),
                .double(o.gapOnPolicy), .double(o.gapImportance), .double(o.gapLemma10),
                .double(o.gapOnPolicy / o.scalePDL), .double(o.gapImportance / o.scalePDL),
                .double(o.gapLemma10 / o.scaleLemma10),
                .double(o.tolerancePDL), .double(o.toleranceLemma10),
            ])
        }
        return table
    }

    /// The three identities, each with its gap, scale and tolerance per outcome.
    enum Form: String, CaseIterable, Sendable {
        case onPolicy = "pdl-onpolicy", importance = "pdl-importance", lemma10 = "lemma10"

        func gap(_ o: Outcome) -> Double {
            switch self { case .onPolicy: o.gapOnPolicy; case .importance: o.gapImportance; case .lemma10: o.gapLemma10 }
        }
        func scale(_ o: Outcome) -> Double { self == .lemma10 ? o.scaleLemma10 : o.scalePDL }
        func tolerance(_ o: Outcome) -> Double { self == .lemma10 ? o.toleranceLemma10 : o.tolerancePDL }
    }

    /// Per (γ, n, form): the largest absolute and relative gap and the largest gap/tolerance.
    static func summary(_ outcomes: [Outcome], config: Configuration) -> CSVTable {
        var table = CSVTable(columns: ["gamma", "n_states", "form", "instances", "max_abs_gap", "max_rel_gap",
                                       "max_gap_over_tolerance"])
        // Ordered by (form, n, γ) so each plotted series is one contiguous block.
        for form in Form.allCases {
            for shape in config.exactShapes {
                for gamma in config.exactDiscounts {
                    let group = outcomes.filter { $0.cell.gamma == gamma && $0.cell.shape == shape }
                    table.append([.double(gamma), .int(shape.states), .string(form.rawValue), .int(group.count),
                                  .double(group.map(form.gap).max() ?? 0),
                                  .double(group.map { form.gap($0) / form.scale($0) }.max() ?? 0),
                                  .double(group.map { form.gap($0) / form.tolerance($0) }.max() ?? 0)])
                }
            }
        }
        return table
    }
}
