import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// SAC's target and projection. The soft `Q̃ = Q + C log π_old` makes the Boltzmann policy
/// `exp(Q̃/C)/Z` equal to the analytical rule (the identity). SAC then minimises
/// `D_KL(π_θ(·|s) ‖ π_new(·|s))` over its policy family; with actions on a line and a discretised
/// Gaussian family `π_θ(k|s) ∝ exp(−(x_k − μ_s)²/(2σ_s²))`, which cannot represent a multi-modal
/// `π_new`, the projection is computed per state by Nelder–Mead on `(μ_s, log σ_s)`.
enum SACPart {
    struct Row: Sendable {
        var gamma: Double, instance: Int, identityGap: Double, tolerance: Double
        var jOld: Double, jNew: Double, jProjected: Double, meanProjectionKL: Double
    }

    static func positions(_ k: Int) -> [Double] { (0..<k).map { -1 + 2 * Double($0) / Double(k - 1) } }

    static func gaussian(mu: Double, logSigma: Double, positions x: [Double]) -> [Double] {
        let s = exp(logSigma)
        let logits = x.map { -($0 - mu) * ($0 - mu) / (2 * s * s) }
        return TabularPolicy.softmax(logits: logits, stateCount: 1, actionCount: x.count).probabilities
    }

    static func run(gamma: Double, index: Int, config: Configuration, masterSeed: UInt64) throws -> Row {
        let k = config.sacActions
        let shape = try Garnet(states: 10, actions: k, branching: 3)
        let (mdp, _, seeded) = try instance("sac", shape: shape, gamma: gamma, index: index, masterSeed: masterSeed)
        var rng = seeded
        let x = positions(k), n = mdp.stateCount
        // The old policy is in the family: one Gaussian per state.
        var parameters: [(Double, Double)] = (0..<n).map { _ in (0.5 * (2 * rng.nextUniform() - 1), log(0.5)) }
        let old = try TabularPolicy(stateCount: n, actionCount: k,
                                    probabilities: parameters.flatMap { gaussian(mu: $0.0, logSigma: $0.1, positions: x) })
        let e = try PolicyEvaluation(policy: old, in: mdp)
        let c = e.maxAbsoluteAdvantage
        let rule = analyticalUpdate(policy: old, advantage: e.advantage, temperature: c)
        let softQ = e.actionValue.indices.map { e.actionValue[$0] + c * log(old.probabilities[$0]) }
        let boltzmann = TabularPolicy.softmax(logits: softQ.map { $0 / c }, stateCount: n, actionCount: k)
        let scale = (e.actionValue.map(abs).max()! + c * old.probabilities.map { abs(log($0)) }.max()!) / c
        let tolerance = 16 * Double(k + 2) * (Double.ulpOfOne / 2) * (1 + scale)
        var projectionKL = 0.0
        for s in 0..<n {
            let target = Array(rule.row(s))
            let objective: ([Double]) -> Double = { klDivergence(gaussian(mu: $0[0], logSigma: $0[1], positions: x), target) }
            let best = NelderMead(maxEvaluations: 2000, tolerance: 1e-14)
                .minimize(objective, from: [parameters[s].0, parameters[s].1], step: 0.3)
            parameters[s] = (best.point[0], best.point[1])
            projectionKL += best.value / Double(n)
        }
        let projected = try TabularPolicy(stateCount: n, actionCount: k,
                                          probabilities: parameters.flatMap { gaussian(mu: $0.0, logSigma: $0.1, positions: x) })
        return Row(gamma: gamma, instance: index, identityGap: maxGap(boltzmann, rule), tolerance: tolerance,
                   jOld: e.performance, jNew: try PolicyEvaluation(policy: rule, in: mdp).performance,
                   jProjected: try PolicyEvaluation(policy: projected, in: mdp).performance, meanProjectionKL: projectionKL)
    }

    static func table(_ rows: [Row]) -> CSVTable {
        var t = CSVTable(columns: ["gamma", "instance", "identity_gap", "tolerance", "j_old", "j_new", "j_projected",
                                   "projected_gain_fraction", "mean_projection_kl"])
        for r in rows {
            t.append([.double(r.gamma), .int(r.instance), .double(r.identityGap), .double(r.tolerance), .double(r.jOld),
                      .double(r.jNew), .double(r.jProjected), .double((r.jProjected - r.jOld) / (r.jNew - r.jOld)),
                      .double(r.meanProjectionKL)])
        }
        return t
    }
}
