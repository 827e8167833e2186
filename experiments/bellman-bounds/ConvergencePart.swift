import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// Part 5: Propositions 20 and 23. Iterate `B_π` (or `B`) from V₀ and compare `‖Vₙ − V_π‖∞` (or
/// `‖Vₙ − V*‖∞`) at every n with the proofs' `γⁿ‖V₀ − V_π‖∞`, until that falls below 10⁻¹⁴ of the
/// target's size (so that the limit is reached to rounding).
///
/// Tolerance at step n: the target's rounding bound τ (its solve, or τ* for V*) on both `eₙ` and
/// `e₀`, `τ(1 + γⁿ)`; the backups' accumulated rounding, `τ_B·(1 − γⁿ)/(1 − γ)` with τ_B the
/// bound of one backup at the largest size an iterate can have (`‖target‖ + e₀`); and `8u(eₙ + γⁿe₀)`.
enum ConvergencePart {
    enum Operator: String, CaseIterable, Sendable { case policy, optimal }

    struct Run: Sendable { var shape: Garnet; var gamma: Double; var op: Operator; var index: Int }

    struct Outcome: Sendable {
        var run: Run
        var start: String
        var iterations: Int
        var initialError: Double
        var finalError: Double
        var finalTolerance: Double
        /// `max_n (eₙ − γⁿe₀)/toleranceₙ`: above 1, an iterate is farther than the proof allows.
        var worstExcess: Double
        /// `max_{n ≥ 1} eₙ/(γⁿe₀)` over the n where γⁿe₀ is at least 1000 tolerances: how close the rate comes to γ.
        var largestRateRatio: Double
        /// (n, eₙ/e₀) at about 80 points, for the first run of each (γ, operator).
        var curve: [(Int, Double)]
    }

    static func runs(_ config: Configuration) -> [Run] {
        var runs: [Run] = []
        for gamma in config.discounts {
            for op in Operator.allCases {
                for shape in config.convergenceShapes {
                    for i in 0..<config.convergenceRuns { runs.append(Run(shape: shape, gamma: gamma, op: op, index: i)) }
                }
            }
        }
        return runs
    }

    static func run(_ run: Run, config: Configuration, masterSeed: UInt64) throws -> Outcome {
        var rng = StreamKey(experiment: BellmanBounds.name,
                            setting: "convergence/\(run.op.rawValue)/\(run.shape)/gamma=\(run.gamma)",
                            trial: run.index, masterSeed: masterSeed).generator()
        let mdp = try run.shape.sample(discount: run.gamma, using: &rng)
        let n = mdp.stateCount, gamma = run.gamma, u = Double.ulpOfOne / 2
        func norm(_ x: [Double]) -> Double { x.reduce(0) { max($0, abs($1)) } }
        let policy = TabularPolicy.randomSoftmax(stateCount: n, actionCount: mdp.actionCount, scale: 1, using: &rng)
        let target: [Double], tau: Double
        switch run.op {
        case .policy:
            let e = try PolicyEvaluation(policy: policy, in: mdp)
            target = e.value
            tau = e.roundingTolerance(scale: norm(e.value))
        case .optimal:
            let optimum = try BellmanOperators.optimalValue(in: mdp)
            target = optimum.value
            tau = optimum.tolerance
        }
        let far = run.index % 2 == 0
        let start = far ? target.map { $0 + rng.nextGaussian() / (1 - gamma) } : [Double](repeating: 0, count: n)
        let e0 = zip(start, target).reduce(0) { max($0, abs($1.0 - $1.1)) }
        let size = max(1, norm(target))
        let iterations = max(1, Int((log(1e-14 * size / e0) / log(gamma)).rounded(.up)))
        let tauB = BellmanOperators.backupRoundingTolerance(in: mdp, valueScale: norm(target) + e0)
        let every = max(1, iterations / 80)
        var worst = -Double.infinity, rate = 0.0, finalError = 0.0, finalTolerance = 0.0
        var curve: [(Int, Double)] = []
        let step: ([Double]) -> [Double] = run.op == .policy
            ? { BellmanOperators.policyBackup($0, policy: policy, in: mdp) }
            : { BellmanOperators.bellmanBackup($0, in: mdp) }
        BellmanOperators.iterate(from: start, iterations: iterations, step: step) { k, v in
            let error = zip(v, target).reduce(0) { max($0, abs($1.0 - $1.1)) }
            let geometric = pow(gamma, Double(k)) * e0
            let tolerance = tau * (1 + pow(gamma, Double(k))) + tauB * (1 - pow(gamma, Double(k))) / (1 - gamma)
                + 8 * u * (error + geometric)
            worst = max(worst, (error - geometric) / tolerance)
            if k >= 1 && geometric >= 1000 * tolerance { rate = max(rate, error / geometric) }
            if k % every == 0 || k == iterations { curve.append((k, error / e0)) }
            finalError = error
            finalTolerance = tolerance
        }
        return Outcome(run: run, start: far ? "far" : "zero", iterations: iterations, initialError: e0, finalError: finalError,
                       finalTolerance: finalTolerance, worstExcess: worst, largestRateRatio: rate,
                       curve: run.index == 0 && run.shape == config.convergenceShapes[0] ? curve : [])
    }

    static func table(_ outcomes: [Outcome]) -> CSVTable {
        var table = CSVTable(columns: ["gamma", "operator", "n_states", "n_actions", "branching", "run", "start", "iterations",
                                       "initial_error", "final_error", "final_tolerance", "worst_excess", "largest_rate_ratio"])
        for o in outcomes {
            table.append([.double(o.run.gamma), .string(o.run.op.rawValue), .int(o.run.shape.states), .int(o.run.shape.actions),
                          .int(o.run.shape.branching), .int(o.run.index), .string(o.start), .int(o.iterations),
                          .double(o.initialError), .double(o.finalError), .double(o.finalTolerance), .double(o.worstExcess),
                          .double(o.largestRateRatio)])
        }
        return table
    }

    static func curveTable(_ outcomes: [Outcome]) -> CSVTable {
        var table = CSVTable(columns: ["gamma", "operator", "n", "n_times_one_minus_gamma", "error_ratio", "geometric"])
        for o in outcomes where !o.curve.isEmpty {
            for (k, ratio) in o.curve {
                table.append([.double(o.run.gamma), .string(o.run.op.rawValue), .int(k), .double(Double(k) * (1 - o.run.gamma)),
                              .double(ratio), .double(pow(o.run.gamma, Double(k)))])
            }
        }
        return table
    }
}
