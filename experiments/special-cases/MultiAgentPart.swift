import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// The multi-agent corollary (docs/CLAIMS.md C6; Li, Clavette & He 2022, Result 3): in a cooperative
/// game with a factorised policy, updating one agent at a time by the rule (its own advantage, the
/// other fixed) gives `J(π_new) ≥ J(π_old)`. Against that, both agents updating at once from the
/// old joint policy. Random games (a Garnet over joint actions, shared reward) and one coordination game
/// with a known trap: shared payoff `[[5, 6], [6, −10]]`, both agents at `(0.95, 0.05)`. Each agent
/// alone gains by moving to action 1; both moving at once lands on −10.
enum MultiAgentPart {
    struct Row: Sendable {
        var game: String, gamma: Double, kappa: Double?, instance: Int
        var sequential: Double, simultaneous: Double, tolerance: Double
    }

    static func update(_ policy: FactorisedPolicy, in mdp: MDP, kappa: Double?, sequential: Bool) throws -> FactorisedPolicy {
        let e = try PolicyEvaluation(policy: policy.joint, in: mdp)
        let a1 = policy.agentAdvantage(0, from: e), a2 = policy.agentAdvantage(1, from: e)
        func temperature(_ a: [Double]) -> Double {
            kappa.map { SurrogateBound.expectedKLConstant(epsilon: a.map(abs).max()!, gamma: mdp.discount) / $0 } ?? 0
        }
        var next = policy
        next.first = analyticalUpdate(policy: policy.first, advantage: a1, temperature: temperature(a1))
        if sequential {
            let e1 = try PolicyEvaluation(policy: next.joint, in: mdp)
            let a2After = next.agentAdvantage(1, from: e1)
            next.second = analyticalUpdate(policy: policy.second, advantage: a2After, temperature: temperature(a2After))
        } else {
            next.second = analyticalUpdate(policy: policy.second, advantage: a2, temperature: temperature(a2))
        }
        return next
    }

    static func evaluate(game: String, mdp: MDP, policy: FactorisedPolicy, gamma: Double, kappa: Double?, index: Int) throws -> Row {
        let before = try PolicyEvaluation(policy: policy.joint, in: mdp)
        let seq = try PolicyEvaluation(policy: try update(policy, in: mdp, kappa: kappa, sequential: true).joint, in: mdp)
        let sim = try PolicyEvaluation(policy: try update(policy, in: mdp, kappa: kappa, sequential: false).joint, in: mdp)
        let tolerance = PolicyEvaluation.roundingTolerance(
            of: [before, seq, sim], scale: abs(before.performance) + max(abs(seq.performance), abs(sim.performance)))
        return Row(game: game, gamma: gamma, kappa: kappa, instance: index, sequential: seq.performance - before.performance,
                   simultaneous: sim.performance - before.performance, tolerance: tolerance)
    }

    static func runRandom(gamma: Double, index: Int, config: Configuration, masterSeed: UInt64) throws -> [Row] {
        let m = config.gameActions
        var rng = StreamKey(experiment: SpecialCases.name, setting: "games/gamma=\(gamma)", trial: index,
                            masterSeed: masterSeed).generator()
        let mdp = try Garnet(states: 6, actions: m * m, branching: 3).sample(discount: gamma, using: &rng)
        let policy = FactorisedPolicy(
            first: .randomSoftmax(stateCount: 6, actionCount: m, scale: 1.5, using: &rng),
            second: .randomSoftmax(stateCount: 6, actionCount: m, scale: 1.5, using: &rng))
        return try config.gameKappas.map { try evaluate(game: "random", mdp: mdp, policy: policy, gamma: gamma, kappa: $0, index: index) }
    }

    /// The coordination trap, as a one-state game repeated with discount γ.
    static func runTrap(gamma: Double, config: Configuration) throws -> [Row] {
        let mdp = try MDP(stateCount: 1, actionCount: 4, transitions: [1, 1, 1, 1], rewards: [5, 6, 6, -10],
                          discount: gamma, initialDistribution: [1])
        let start = try TabularPolicy(stateCount: 1, actionCount: 2, probabilities: [0.95, 0.05])
        let policy = FactorisedPolicy(first: start, second: start)
        return try config.gameKappas.map { try evaluate(game: "trap", mdp: mdp, policy: policy, gamma: gamma, kappa: $0, index: 0) }
    }

    static func table(_ rows: [Row]) -> CSVTable {
        var t = CSVTable(columns: ["game", "gamma", "kappa", "instance", "delta_j_sequential", "delta_j_simultaneous",
                                   "tolerance", "sequential_lowered", "simultaneous_lowered"])
        for r in rows {
            t.append([.string(r.game), .double(r.gamma), .string(r.kappa.map { "\($0)" } ?? "greedy"), .int(r.instance),
                      .double(r.sequential), .double(r.simultaneous), .double(r.tolerance),
                      .int(r.sequential < -r.tolerance ? 1 : 0), .int(r.simultaneous < -r.tolerance ? 1 : 0)])
        }
        return t
    }
}
