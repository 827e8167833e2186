import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// Part 3: instances built by hand, at every γ of the sweep, that attain a bound (up to a factor
/// 1 − 10⁻⁶ kept so that the greedy choice is not a tie) or break a statement. Each is solved by
/// hand in its comment; the experiment computes every check on it like on any other instance.
enum Constructed {
    struct Instance {
        var name: String
        /// The statement the instance was built for.
        var target: Statement
        var mdp: MDP
        var value: [Double]
        var second: [Double]
        var policy: TabularPolicy
    }

    struct Outcome: Sendable {
        var name: String
        var target: Statement
        var gamma: Double
        var checks: InstanceChecks
    }

    /// How far below the tie the greedy choice is kept: the attaining instances reach 1 − 10⁻⁶ of their bound.
    static let margin = 1e-6

    /// A two-armed MDP: at state 0, action 0 pays `γ/(1−γ) − δ` and moves to the absorbing state 2
    /// (reward 0); action 1 pays 0 and moves to the absorbing state 1 (reward 1). So V*(1) = 1/(1−γ),
    /// V*(2) = 0, V*(0) = γ/(1−γ) (action 1 is better by δ), and a policy that takes action 0 at
    /// state 0 loses exactly δ there.
    static func twoArmed(gamma: Double, delta: Double) throws -> MDP {
        try MDP(stateCount: 3, actionCount: 2,
                transitions: [0, 0, 1, 0, 1, 0,   0, 1, 0, 0, 1, 0,   0, 0, 1, 0, 0, 1],
                rewards: [gamma / (1 - gamma) - delta, 0, 1, 1, 0, 0], discount: gamma,
                initialDistribution: [1, 0, 0])
    }

    static func instances(gamma: Double) throws -> [Instance] {
        // The deviation c, at the scale of the values (1/(1−γ)), so that the 10⁻⁶ margins stay far above
        // V*'s rounding bound τ* at every γ.
        let c = 1 / (1 - gamma)
        let uniform = TabularPolicy.uniform(stateCount: 3, actionCount: 2)
        var list: [Instance] = []

        // Proposition 27 attained (the bound's worst case): V = V* − c at the good state, V* + c at
        // the bad one, V(0) = BV(0). The residual is (1−γ)c at states 1 and 2 and 0 at state 0, so
        // ε = (1−γ)c; greedy compares γ/(1−γ) − δ + γc with γ/(1−γ) − γc and takes the bad action while
        // δ < 2γc, losing δ = 2γc(1 − 10⁻⁶) = (1 − 10⁻⁶)·2γε/(1−γ). Proposition 25's ratio is then γ(1 − 10⁻⁶).
        do {
            let mdp = try twoArmed(gamma: gamma, delta: 2 * gamma * c * (1 - margin))
            let vStar = try BellmanOperators.optimalValue(in: mdp).value
            var v = [0, vStar[1] - c, vStar[2] + c]
            v[0] = BellmanOperators.bellmanBackup(v, in: mdp)[0]
            list.append(Instance(name: "two-armed, Prop. 27 attained", target: .prop27, mdp: mdp, value: v,
                                 second: v.map { $0 + c }, policy: uniform))
        }
        // Proposition 26's sharper corrected form attained: V ≥ V*, exact at the good state (up to a
        // 10⁻⁹ margin above V*'s rounding bound τ*), V* + c at the bad one (c ≥ τ*), V(0) = BV(0). ε = (1−γ)c; greedy takes
        // the bad action while δ < γc, losing δ = γc(1 − 10⁻⁶) = (1 − 10⁻⁶)·γε/(1−γ), which is γ(1 − 10⁻⁶)
        // of the corrected Proposition 26's ε/(1−γ).
        do {
            let mdp = try twoArmed(gamma: gamma, delta: gamma * c * (1 - margin))
            let optimum = try BellmanOperators.optimalValue(in: mdp)
            let vStar = optimum.value
            var v = [0] + above(Array(vStar[1...]), margin: optimum.tolerance, offsets: [1e-9, c - optimum.tolerance])
            v[0] = BellmanOperators.bellmanBackup(v, in: mdp)[0]
            list.append(Instance(name: "two-armed, V ≥ V*, Prop. 26 sharper form attained", target: .prop26GreedySharp,
                                 mdp: mdp, value: v, second: v.map { $0 + c }, policy: uniform))
        }
        // Proposition 24 (first) and both contractions attained: V = V* + c gives BV = V* + γc, so
        // ‖V − V*‖ = c = ‖V − BV‖/(1−γ); V′ = V + c gives ‖BV − BV′‖ = γc = γ‖V − V′‖ (likewise B_π).
        do {
            let mdp = try twoArmed(gamma: gamma, delta: 0.5)
            let v = try BellmanOperators.optimalValue(in: mdp).value.map { $0 + c }
            list.append(Instance(name: "constant shift of V*", target: .prop24Optimal, mdp: mdp, value: v,
                                 second: v.map { $0 + c }, policy: uniform))
        }
        // Proposition 24 (second) attained: V = V_π + c gives B_πV = V_π + γc.
        do {
            let mdp = try twoArmed(gamma: gamma, delta: 0.5)
            let v = try PolicyEvaluation(policy: uniform, in: mdp).value.map { $0 + c }
            list.append(Instance(name: "constant shift of V_π", target: .prop24Policy, mdp: mdp, value: v,
                                 second: v.map { $0 - c }, policy: uniform))
        }
        // Proposition 26 as written, broken: one state, action 0 pays 0 and action 1 pays 1 forever, so
        // V* = 1/(1−γ). Take V = V* (plus V*'s rounding bound, so V ≥ V* holds exactly): ε is rounding,
        // yet π = "always action 0" has V_π = 0 < V* − ε/(1−γ). The statement names no greedy policy.
        do {
            let mdp = try MDP(stateCount: 1, actionCount: 2, transitions: [1, 1], rewards: [0, 1], discount: gamma,
                              initialDistribution: [1])
            let optimum = try BellmanOperators.optimalValue(in: mdp)
            let v = above(optimum.value, margin: optimum.tolerance, offsets: [0])
            list.append(Instance(name: "one state, V = V*, π takes the worse action", target: .prop26AsWritten, mdp: mdp,
                                 value: v, second: v.map { $0 + c },
                                 policy: BellmanOperators.deterministicPolicy([0], actions: 2)))
        }
        return list
    }

    static func run(gamma: Double) throws -> [Outcome] {
        try instances(gamma: gamma).map { i in
            Outcome(name: i.name, target: i.target, gamma: gamma,
                    checks: try InstanceChecks.compute(mdp: i.mdp, optimum: try BellmanOperators.optimalValue(in: i.mdp),
                                                       value: i.value, second: i.second, policy: i.policy))
        }
    }

    static func table(_ outcomes: [Outcome]) -> CSVTable {
        var table = CSVTable(columns: ["gamma", "name", "target", "epsilon", "distance_to_optimal", "above_optimal"]
                             + Statement.allCases.flatMap { ["\($0.rawValue)_ratio", "\($0.rawValue)_excess"] })
        for o in outcomes {
            var row: [CSVValue] = [.double(o.gamma), .string(o.name), .string(o.target.rawValue), .double(o.checks.epsilon),
                                   .double(o.checks.distanceToOptimal), .int(o.checks.valueAboveOptimal ? 1 : 0)]
            for statement in Statement.allCases {
                if let check = o.checks.checks[statement] {
                    row += [check.measurable ? .finiteOrEmpty(check.ratio) : .empty, .finiteOrEmpty(check.excess)]
                } else {
                    row += [.empty, .empty]
                }
            }
            table.append(row)
        }
        return table
    }
}
