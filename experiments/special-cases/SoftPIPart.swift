import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// Soft policy iteration (docs/CLAIMS.md C8; Hamid, Deep Reinforcement Learning notes, §2.11,
/// Lemmas 16–17; Fragkiadaki, CMU 10-703 "Maximum Entropy Reinforcement Learning" slides):
/// (1) the soft backup `T_π` is a γ-contraction: `‖T_π Q₁ − T_π Q₂‖_∞ / ‖Q₁ − Q₂‖_∞` on random pairs;
/// (2) soft improvement `π_new ∝ exp(Q^soft_{π_old}/α)` gives `Q^soft_{π_new} ≥ Q^soft_{π_old}` everywhere;
/// (3) soft policy iteration converges to the soft-optimal `Q*` (soft value iteration's fixed point);
/// (4) the soft improvement step is the analytical rule (C5) with `π_old` uniform, `C = α` and
/// `Q^soft_{π_old}` in place of the advantage (a per-state constant shift does not change the rule).
enum SoftPIPart {
    struct Row: Sendable {
        var gamma: Double, temperature: Double, instance: Int
        var worstFactor: Double, worstImprovement: Double, improvementTolerance: Double
        var identityGap: Double, identityTolerance: Double
        var distances: [Double]
    }

    static func run(gamma: Double, temperature alpha: Double, index: Int, config: Configuration, masterSeed: UInt64) throws -> Row {
        let (mdp, old, seeded) = try instance("soft-\(alpha)", shape: try Garnet(states: 10, actions: 3, branching: 3),
                                              gamma: gamma, index: index, masterSeed: masterSeed)
        var rng = seeded
        let n = mdp.stateCount * mdp.actionCount
        var worstFactor = 0.0
        for _ in 0..<config.softPairs {
            let q1 = (0..<n).map { _ in rng.nextGaussian() / (1 - gamma) }
            let q2 = (0..<n).map { _ in rng.nextGaussian() / (1 - gamma) }
            let t1 = SoftBellman.backup(q1, policy: old, in: mdp, temperature: alpha)
            let t2 = SoftBellman.backup(q2, policy: old, in: mdp, temperature: alpha)
            let num = zip(t1, t2).reduce(0) { max($0, abs($1.0 - $1.1)) }
            let den = zip(q1, q2).reduce(0) { max($0, abs($1.0 - $1.1)) }
            worstFactor = max(worstFactor, num / den)
        }
        let softOld = try SoftPolicyEvaluation(policy: old, in: mdp, temperature: alpha)
        let newPolicy = TabularAlgorithms.softPolicyIterationStep(softOld)
        let softNew = try SoftPolicyEvaluation(policy: newPolicy, in: mdp, temperature: alpha)
        let uniform = TabularPolicy.uniform(stateCount: mdp.stateCount, actionCount: mdp.actionCount)
        let rule = analyticalUpdate(policy: uniform, advantage: softOld.softActionValue, temperature: alpha)
        // Both are softmaxes of Q^soft/α up to a per-state constant: a few ulps per probability plus
        // the rounding of Q/α (u·max|Q|/α relative), as for C7.1.
        let maxQ = softOld.softActionValue.map(abs).max()!
        let identityTolerance = 16 * Double(mdp.actionCount + 2) * (Double.ulpOfOne / 2) * (1 + maxQ / alpha)
        let worstImprovement = zip(softNew.softActionValue, softOld.softActionValue).map { $0 - $1 }.min()!
        let scale = softOld.softActionValue.map(abs).max()! + softNew.softActionValue.map(abs).max()!
        let tolerance = PolicyEvaluation.roundingTolerance(of: [softOld.standard, softNew.standard], scale: scale)
        // Soft policy iteration from the uniform policy, distance to Q*.
        let optimal = try SoftBellman.optimalQ(in: mdp, temperature: alpha)
        var policy = TabularPolicy.uniform(stateCount: mdp.stateCount, actionCount: mdp.actionCount)
        var distances: [Double] = []
        for _ in 0...config.softIterations {
            let soft = try SoftPolicyEvaluation(policy: policy, in: mdp, temperature: alpha)
            distances.append(zip(soft.softActionValue, optimal).reduce(0) { max($0, abs($1.0 - $1.1)) })
            policy = TabularAlgorithms.softPolicyIterationStep(soft)
        }
        return Row(gamma: gamma, temperature: alpha, instance: index, worstFactor: worstFactor,
                   worstImprovement: worstImprovement, improvementTolerance: tolerance,
                   identityGap: maxGap(newPolicy, rule), identityTolerance: identityTolerance, distances: distances)
    }

    static func table(_ rows: [Row]) -> CSVTable {
        var t = CSVTable(columns: ["gamma", "temperature", "instance", "worst_contraction_factor", "factor_over_gamma",
                                   "worst_q_improvement", "tolerance", "final_distance_to_optimum",
                                   "identity_gap", "identity_tolerance"])
        for r in rows {
            t.append([.double(r.gamma), .double(r.temperature), .int(r.instance), .double(r.worstFactor),
                      .double(r.worstFactor / r.gamma), .double(r.worstImprovement), .double(r.improvementTolerance),
                      .double(r.distances.last!), .double(r.identityGap), .double(r.identityTolerance)])
        }
        return t
    }

    static func convergenceTable(_ rows: [Row]) -> CSVTable {
        var t = CSVTable(columns: ["gamma", "temperature", "instance", "iteration", "distance_to_optimum"])
        for r in rows { for (k, d) in r.distances.enumerated() { t.append([.double(r.gamma), .double(r.temperature), .int(r.instance), .int(k), .double(d)]) } }
        return t
    }
}
