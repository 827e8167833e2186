import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// REPS (Peters et al. 2010) as posed — a joint KL budget on state-action distributions with
/// `q = d^{π_old} π_old` and `δ = A_{π_old}` — solved through its dual; its conditional policy
/// against the analytical rule with `C = η*`; the map `ε ↦ η*` against the theorem's `C_π`.
enum REPSPart {
    struct Row: Sendable {
        var gamma: Double, instance: Int, budget: Double, eta: Double, theoremC: Double
        var identityGap: Double, tolerance: Double, marginalShift: Double, divergence: Double
    }

    static func run(gamma: Double, index: Int, config: Configuration, masterSeed: UInt64) throws -> [Row] {
        let shape = try Garnet(states: 10, actions: 3, branching: 3)
        let (mdp, old, _) = try instance("reps", shape: shape, gamma: gamma, index: index, masterSeed: masterSeed)
        let e = try PolicyEvaluation(policy: old, in: mdp)
        let n = mdp.stateCount, m = mdp.actionCount
        let q = (0..<(n * m)).map { e.discountedStateDistribution[$0 / m] * old.probabilities[$0] }
        let theorem = SurrogateBound.expectedKLConstant(epsilon: e.maxAbsoluteAdvantage, gamma: gamma)
        return config.repsBudgets.map { budget in
            let solution = REPS.solve(q: q, delta: e.advantage, budget: budget)
            let reps = REPS.conditional(solution, stateCount: n, actionCount: m)
            let rule = analyticalUpdate(policy: old, advantage: e.advantage, temperature: solution.eta)
            let joint = solution.joint
            let marginal = (0..<n).map { s in (0..<m).reduce(0) { $0 + joint[s * m + $1] } }
            // Both are softmaxes of the same logits up to a per-state constant; each probability is
            // accurate to a few ulps plus the rounding of (A − max A)/η (u·max|A|/η relative).
            let tolerance = 16 * Double(m + 2) * (Double.ulpOfOne / 2) * (1 + e.maxAbsoluteAdvantage / solution.eta)
            return Row(gamma: gamma, instance: index, budget: budget, eta: solution.eta, theoremC: theorem,
                       identityGap: maxGap(reps, rule), tolerance: tolerance,
                       marginalShift: l1Distance(marginal, e.discountedStateDistribution), divergence: solution.divergence)
        }
    }

    static func table(_ rows: [Row]) -> CSVTable {
        var t = CSVTable(columns: ["gamma", "instance", "kl_budget", "eta", "c_theorem", "eta_over_c_theorem",
                                   "identity_gap", "tolerance", "marginal_shift_l1", "achieved_kl"])
        for r in rows {
            t.append([.double(r.gamma), .int(r.instance), .double(r.budget), .double(r.eta), .double(r.theoremC),
                      .double(r.eta / r.theoremC), .double(r.identityGap), .double(r.tolerance), .double(r.marginalShift),
                      .double(r.divergence)])
        }
        return t
    }
}
