import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// PPO's clip range (Li, Clavette & He 2022, "Connections to Prior Work"): the rule's ratio
/// `π_new/π_old = exp(α)/Z`, `α = A/C`, `Z = E_{π_old}[e^α]`, lies in `[e^{α_min}/Z, e^{α_max}/Z]`.
/// For each update, the realised interval `[min, max]` of `π_new/π_old` over visited state-action
/// pairs, its agreement with that closed form state by state, and its position against
/// `[1 − ε, 1 + ε]`, `ε ∈ {0.1, 0.2, 0.3}`, as γ and κ (`C = C_π/κ`) vary.
enum PPOPart {
    struct Row: Sendable {
        var gamma: Double, kappa: Double, instance: Int
        var lower: Double, upper: Double, closedFormGap: Double, tolerance: Double
    }

    static func run(gamma: Double, index: Int, config: Configuration, masterSeed: UInt64) throws -> [Row] {
        let (mdp, old, _) = try instance("ppo", shape: try Garnet(states: 20, actions: 4, branching: 3), gamma: gamma,
                                         index: index, masterSeed: masterSeed)
        let e = try PolicyEvaluation(policy: old, in: mdp)
        let m = mdp.actionCount
        let theorem = SurrogateBound.expectedKLConstant(epsilon: e.maxAbsoluteAdvantage, gamma: gamma)
        return config.ppoKappas.map { kappa in
            let c = theorem / kappa
            let new = analyticalUpdate(policy: old, advantage: e.advantage, temperature: c)
            var lower = Double.infinity, upper = -Double.infinity, gap = 0.0, exponent = 0.0
            for s in 0..<mdp.stateCount where e.discountedStateDistribution[s] > 0 {
                let alpha = (0..<m).map { e.advantage(s, $0) / c }
                let z = (0..<m).reduce(0) { $0 + old[s, $1] * exp(alpha[$1] - alpha.max()!) }
                for a in 0..<m {
                    let ratio = new[s, a] / old[s, a]
                    lower = min(lower, ratio); upper = max(upper, ratio)
                    let closed = exp(alpha[a] - alpha.max()!) / z
                    guard closed > 1e-300 else { continue }   // both underflow: nothing to compare
                    gap = max(gap, abs(ratio - closed) / closed)
                    exponent = max(exponent, abs(alpha[a]) + abs(alpha.max()!) + abs(log(old[s, a])))
                }
            }
            // Relative accuracy of each ratio: a few ulps per operation plus the rounding of its
            // exponent. The closed form rounds α = A/C and α_max before subtracting them, so that
            // error is u·(|α| + |α_max|), plus u·|log π_old| from the rule's logits.
            let tolerance = 8 * Double(m + 2) * (Double.ulpOfOne / 2) * (1 + exponent)
            return Row(gamma: gamma, kappa: kappa, instance: index, lower: lower, upper: upper, closedFormGap: gap,
                       tolerance: tolerance)
        }
    }

    static func table(_ rows: [Row]) -> CSVTable {
        var t = CSVTable(columns: ["gamma", "kappa", "instance", "ratio_min", "ratio_max", "closed_form_gap", "tolerance",
                                   "inside_0.1", "inside_0.2", "inside_0.3"])
        for r in rows {
            let inside = [0.1, 0.2, 0.3].map { eps -> CSVValue in .int(r.lower >= 1 - eps && r.upper <= 1 + eps ? 1 : 0) }
            t.append([.double(r.gamma), .double(r.kappa), .int(r.instance), .double(r.lower), .double(r.upper),
                      .double(r.closedFormGap), .double(r.tolerance)] + inside)
        }
        return t
    }
}
