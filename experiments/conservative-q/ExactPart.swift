import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// Part 1: no sampling error (the empirical MDP is the true one and π̂_β = π_β, of limited coverage):
/// CQL's fixed points for Eq. (1) and Eq. (2) with μ = π, against Q^π and V^π, over an α grid; the CQL
/// update iterated against the linear solve; and the CQL(R) maximising distribution at every state.
enum ExactPart {
    struct Cell: Sendable {
        var shape: Garnet
        var gamma: Double
        var index: Int
        var rareWeight: Double
    }

    /// One α of one instance; excesses are in units of the comparison's rounding tolerance.
    struct AlphaRow: Sendable {
        var alpha: Double
        /// max_{s,a} (Q̂₁ − Q^π)/tol: ≤ 1 is Theorem 3.1's pointwise bound.
        var q1Excess: Double
        /// max_s (V̂₂ − V^π)/tol: ≤ 1 is Theorem 3.2's bound on V.
        var v2Excess: Double
        /// max_{s,a} (Q̂₂ − Q^π)/tol, and the fraction of pairs where it exceeds 1.
        var q2Excess: Double
        var q2AboveFraction: Double
        /// max_{s,a} |Q̂₂ − Q̂₁ − α/(1−γ)|/tol.
        var tighterResidual: Double
        /// min_{s,a} (Q^π − Q̂₁)/α: the smallest conservatism per unit α (exactly min (I−γP^π)⁻¹[μ/π_β]).
        var gapPerAlpha: Double
    }

    /// The maximising distribution at one (state, α): prior uniform, Q = Q^π(s,·).
    struct MaximiserRow: Sendable {
        var state: Int
        var alpha: Double
        /// (max of α E_μ[Q] − KL(μ‖ρ)) − its value at the notes' μ ∝ ρ·exp(Q), in rounding tolerances.
        var notesGap: Double
        /// |objective at μ ∝ ρ·exp(αQ) − closed-form maximum| in tolerances.
        var attainment: Double
        /// Largest increase of the objective from moving mass between two actions of μ ∝ ρ·exp(αQ), in tolerances.
        var perturbationExcess: Double
        /// max_a |μ − analyticalUpdate(ρ, A = Q, C = 1/α)| in rounding tolerances.
        var analyticalDifference: Double
    }

    struct Outcome: Sendable {
        var cell: Cell
        var label: String
        var rows: [AlphaRow]
        /// max over `iterationAlphas` and both objectives of ‖iterate − solve‖∞/(tolerances), and the most iterations.
        var iterationDifference: Double
        var iterations: Int
        var maximiser: [MaximiserRow]
        var witness: MaximiserWitness?
    }

    /// The notes' maximising distribution at one state, saved as the counterexample to the notes'
    /// "μ ∝ ρ·exp(Q)" for the objective α·E_μ[Q] − D_KL(μ‖ρ).
    struct MaximiserWitness: Codable, Sendable, Equatable {
        var instance: String
        var state: Int
        var alpha: Double
        var q: [Double]
        var prior: [Double]
        var notesDistribution: [Double]
        var maximiser: [Double]
        var objectiveNotes: Double
        var objectiveMaximiser: Double

        func json() throws -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
        }
    }

    static func cells(_ config: Configuration) -> [Cell] {
        config.exactShapes.flatMap { shape in
            config.exactDiscounts.flatMap { gamma in
                config.exactRareWeights.flatMap { w in (0..<config.exactInstances).map { Cell(shape: shape, gamma: gamma, index: $0, rareWeight: w) } }
            }
        }
    }

    static func run(_ cell: Cell, config: Configuration, masterSeed: UInt64) throws -> Outcome {
        let inst = try Instance.draw(shape: cell.shape, gamma: cell.gamma, index: cell.index, rareWeight: cell.rareWeight, masterSeed: masterSeed)
        let mdp = inst.mdp, pi = inst.target, n = mdp.stateCount, m = mdp.actionCount, gamma = mdp.discount
        let label = inst.label + (cell.rareWeight == 1 ? ", full coverage" : ", rare weight \(cell.rareWeight)")
        let truth = try PolicyEvaluation(policy: pi, in: mdp)
        let truthTol = ConservativeQ.roundingTolerance(truth)
        let p1 = try ConservativeQ.penalty(.minimiseUnderMu, mu: pi, behaviour: inst.behaviour)
        let p2 = try ConservativeQ.penalty(.subtractBehaviour, mu: pi, behaviour: inst.behaviour)
        var rows: [AlphaRow] = []
        for alpha in config.exactAlphas {
            let e1 = try ConservativeQ.fixedPoint(in: mdp, policy: pi, penalty: p1, alpha: alpha)
            let e2 = try ConservativeQ.fixedPoint(in: mdp, policy: pi, penalty: p2, alpha: alpha)
            let t1 = ConservativeQ.roundingTolerance(e1) + truthTol, t2 = ConservativeQ.roundingTolerance(e2) + truthTol
            let t12 = ConservativeQ.roundingTolerance(e1) + ConservativeQ.roundingTolerance(e2) + 4 * Double.ulpOfOne * alpha / (1 - gamma)
            var q1 = -Double.infinity, v2 = -Double.infinity, q2 = -Double.infinity, above = 0, resid = 0.0, gap = Double.infinity
            for k in 0..<(n * m) {
                q1 = max(q1, (e1.actionValue[k] - truth.actionValue[k]) / t1)
                let d2 = (e2.actionValue[k] - truth.actionValue[k]) / t2
                q2 = max(q2, d2)
                if d2 > 1 { above += 1 }
                resid = max(resid, abs(e2.actionValue[k] - e1.actionValue[k] - alpha / (1 - gamma)) / t12)
                gap = min(gap, (truth.actionValue[k] - e1.actionValue[k]) / alpha)
            }
            for s in 0..<n { v2 = max(v2, (e2.value[s] - truth.value[s]) / t2) }
            rows.append(AlphaRow(alpha: alpha, q1Excess: q1, v2Excess: v2, q2Excess: q2, q2AboveFraction: Double(above) / Double(n * m),
                                 tighterResidual: resid, gapPerAlpha: gap))
        }
        var iterationDifference = -Double.infinity, iterations = 0
        for alpha in config.iterationAlphas {
            for p in [p1, p2] {
                let solve = try ConservativeQ.fixedPoint(in: mdp, policy: pi, penalty: p, alpha: alpha)
                let it = ConservativeQ.iterate(in: mdp, policy: pi, penalty: p, alpha: alpha)
                let tol = it.tolerance + ConservativeQ.roundingTolerance(solve)
                for k in 0..<(n * m) { iterationDifference = max(iterationDifference, abs(it.actionValue[k] - solve.actionValue[k]) / tol) }
                iterations = max(iterations, it.iterations)
            }
        }
        let (maximiser, witness) = maximiserRows(q: truth.actionValue, states: n, actions: m, alphas: config.exactAlphas, label: label)
        return Outcome(cell: cell, label: label, rows: rows, iterationDifference: iterationDifference, iterations: iterations,
                       maximiser: maximiser, witness: witness)
    }

    /// The CQL(R) maximising distribution with a uniform prior at every state and α; the witness is the
    /// (state, α = 10) where the notes' μ ∝ ρ·exp(Q) falls furthest below the maximum.
    static func maximiserRows(q: [Double], states n: Int, actions m: Int, alphas: [Double], label: String)
        -> ([MaximiserRow], MaximiserWitness?) {
        let u = Double.ulpOfOne / 2
        let prior = TabularPolicy.uniform(stateCount: n, actionCount: m)
        var rows: [MaximiserRow] = []
        var witness: MaximiserWitness? = nil
        for alpha in alphas {
            let mu = ConservativeQ.maximisingDistribution(q: q, prior: prior, alpha: alpha)
            let notes = ConservativeQ.maximisingDistribution(q: q, prior: prior, alpha: 1)
            let analytical = analyticalUpdate(policy: prior, advantage: q, temperature: 1 / alpha)
            for s in 0..<n {
                let qs = Array(q[s * m..<(s + 1) * m]), rho = Array(prior.row(s))
                let spread = qs.max()! - qs.min()!
                // The objective adds |A| terms of size ≤ α·max|Q| and a KL of size ≤ α·spread + log|A|,
                // each with a few roundings: (4|A| + 16)·u times that magnitude.
                let magnitude = alpha * qs.reduce(0) { max($0, abs($1)) } + alpha * spread + log(Double(m)) + 1
                let tol = Double(4 * m + 16) * u * magnitude
                let best = ConservativeQ.innerMaximum(q: qs, prior: rho, alpha: alpha)
                let atMu = ConservativeQ.innerObjective(Array(mu.row(s)), q: qs, prior: rho, alpha: alpha)
                let atNotes = ConservativeQ.innerObjective(Array(notes.row(s)), q: qs, prior: rho, alpha: alpha)
                var excess = -Double.infinity
                for i in 0..<m { for j in 0..<m where i != j {
                    for delta in [1e-3, 1e-2, 0.1] {
                        var p = Array(mu.row(s))
                        let moved = min(delta, p[i] / 2)
                        guard moved > 0 else { continue }
                        p[i] -= moved; p[j] += moved
                        excess = max(excess, (ConservativeQ.innerObjective(p, q: qs, prior: rho, alpha: alpha) - atMu) / tol)
                    }
                } }
                // Both forms exponentiate exponents of size ≤ α·spread with relative error a few u (C13.13's tolerance).
                let ptol = (4 * alpha * spread + 2 * Double(m) + 16) * u
                let diff = (0..<m).map { abs(mu[s, $0] - analytical[s, $0]) / ptol }.max()!
                rows.append(MaximiserRow(state: s, alpha: alpha, notesGap: (best - atNotes) / tol, attainment: abs(atMu - best) / tol,
                                         perturbationExcess: excess, analyticalDifference: diff))
                if alpha == 10, witness.map({ $0.objectiveMaximiser - $0.objectiveNotes < atMu - atNotes }) ?? true {
                    witness = MaximiserWitness(instance: label, state: s, alpha: alpha, q: qs, prior: rho,
                                               notesDistribution: Array(notes.row(s)), maximiser: Array(mu.row(s)),
                                               objectiveNotes: atNotes, objectiveMaximiser: atMu)
                }
            }
        }
        return (rows, witness)
    }

    static func table(_ outcomes: [Outcome]) -> CSVTable {
        var t = CSVTable(columns: ["shape", "gamma", "rare_weight", "instance", "alpha", "q1_excess", "v2_excess", "q2_excess", "q2_above_fraction",
                                   "tighter_residual", "gap_per_alpha"])
        for o in outcomes {
            for r in o.rows {
                t.append([.string("\(o.cell.shape)"), .double(o.cell.gamma), .double(o.cell.rareWeight), .int(o.cell.index), .double(r.alpha), .double(r.q1Excess),
                          .double(r.v2Excess), .double(r.q2Excess), .double(r.q2AboveFraction), .double(r.tighterResidual),
                          .double(r.gapPerAlpha)])
            }
        }
        return t
    }

    static func maximiserTable(_ outcomes: [Outcome]) -> CSVTable {
        var t = CSVTable(columns: ["shape", "gamma", "rare_weight", "instance", "state", "alpha", "notes_gap", "attainment", "perturbation_excess",
                                   "analytical_difference"])
        for o in outcomes {
            for r in o.maximiser {
                t.append([.string("\(o.cell.shape)"), .double(o.cell.gamma), .double(o.cell.rareWeight), .int(o.cell.index), .int(r.state), .double(r.alpha),
                          .double(r.notesGap), .double(r.attainment), .double(r.perturbationExcess), .double(r.analyticalDifference)])
            }
        }
        return t
    }
}
