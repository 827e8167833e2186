import ExperimentKit
import Foundation
import OutputKit
import PolicySearch

/// Part 1: on one TRPO batch, the natural step Δ = α·x for δ over a grid, against its quadratic model.
///
/// x ≈ (F + λI)⁻¹g by conjugate gradient (rllab's 10 iterations, or a long run standing for "to
/// convergence"), and α = √(2δ / (xᵀ(F + λI)x + 10⁻⁸)) (`NaturalPolicyGradient.stepLength`), which is the
/// step length √(2δ / gᵀF⁻¹g) of Kakade (2001) and Schulman et al. (2015, App. C) when x = F⁻¹g and λ → 0.
/// Its quadratic model is ½ΔᵀFΔ = ½α²xᵀFx (F undamped: the Hessian of the mean KL at θ_old), which is δ up
/// to the damping's share λ‖x‖²/xᵀ(F + λI)x. The realised mean KL, in TRPO's order KL(π_old ‖ π_θ) and in
/// the lecture notes' order KL(π_θ ‖ π_old), is measured at each δ. The lecture decks' step length
/// √(2δ / gᵀFg) is applied to the same direction x for comparison.
enum QuadraticModelPart {
    /// One direction x and the curvatures that scale it.
    struct Direction: Sendable {
        var name: String
        var x: [Double]
        /// xᵀFx and xᵀ(F + λI)x.
        var curvature: Double
        var dampedCurvature: Double
        /// ‖(F + λI)x − g‖ / ‖g‖, recomputed with one more product.
        var relativeResidual: Double
    }

    /// The measurements at one (direction, δ).
    struct Row: Sendable, Equatable {
        var direction: String
        var delta: Double
        var stepLength: Double
        /// ½ΔᵀFΔ.
        var modelKL: Double
        /// KL̄(π_old ‖ π_θ+Δ) and KL̄(π_θ+Δ ‖ π_old).
        var meanKL: Double
        var meanReverseKL: Double
        /// The decks' α = √(2δ / gᵀFg) on the same x, and the mean KL(π_θ+Δ ‖ π_old) it realises.
        var deckStepLength: Double
        var deckMeanReverseKL: Double

        var ratioToDelta: Double { meanKL / delta }
        var ratioToModel: Double { meanKL / modelKL }
        var reverseRatioToModel: Double { meanReverseKL / modelKL }
        /// KL(π_θ+Δ ‖ π_old) / ΔᵀFΔ, the notes' model without the ½.
        var reverseRatioToNotesModel: Double { meanReverseKL / (2 * modelKL) }
        var deckRatioToDelta: Double { deckMeanReverseKL / delta }
    }

    /// Everything measured on one batch.
    struct Probe: Sendable {
        var task: Task
        var seed: Int
        var iteration: Int
        var rows: [Row]
        var residuals: [String: Double]
        /// xᵀFx of each direction, and gᵀFg.
        var curvatures: [String: Double]
        var gradientCurvature: Double

        var label: String { "\(task.rawValue) seed \(seed) iteration \(iteration)" }
        var thetaKind: String { iteration == 0 ? "random θ₀" : "after \(iteration) TRPO iterations" }
    }

    static let directionNames = ["rllab", "long"]

    /// The two directions: rllab's CG and the long run.
    static func directions(_ problem: SurrogateProblem, gradient g: [Double], method: NaturalPolicyGradient,
                           longIterations: Int, longRelativeResidual: Double) -> [Direction] {
        let damped: ([Double]) -> [Double] = { v in
            let fv = problem.fisherVectorProduct(v)
            return v.indices.map { fv[$0] + method.damping * v[$0] }
        }
        let gg = dot(g, g)
        let runs: [(String, Int, Double)] = [
            ("rllab", method.cgIterations, method.cgResidualTolerance),
            ("long", longIterations, longRelativeResidual * longRelativeResidual * gg),
        ]
        return runs.map { name, iterations, tolerance in
            let x = conjugateGradient(damped, g, iterations: iterations, residualTolerance: tolerance)
            let fx = problem.fisherVectorProduct(x)
            let curvature = dot(x, fx), dampedCurvature = curvature + method.damping * dot(x, x)
            let residual = x.indices.map { fx[$0] + method.damping * x[$0] - g[$0] }
            return Direction(name: name, x: x, curvature: curvature, dampedCurvature: dampedCurvature,
                             relativeResidual: (dot(residual, residual) / gg).squareRoot())
        }
    }

    /// The rows of one batch: every direction × δ.
    static func rows(_ problem: SurrogateProblem, deltas: [Double], method: NaturalPolicyGradient, longIterations: Int,
                     longRelativeResidual: Double) -> (rows: [Row], directions: [Direction], gradientCurvature: Double) {
        let theta = problem.oldTheta
        let g = problem.surrogateGradient(theta)
        let gFg = dot(g, problem.fisherVectorProduct(g))
        let directions = directions(problem, gradient: g, method: method, longIterations: longIterations,
                                    longRelativeResidual: longRelativeResidual)
        var rows: [Row] = []
        for d in directions {
            for delta in deltas {
                let alpha = NaturalPolicyGradient.stepLength(stepSize: delta, dampedCurvature: d.dampedCurvature)
                let step = theta.indices.map { theta[$0] + alpha * d.x[$0] }
                let divergences = problem.stateDivergences(step, reverse: true, totalVariation: false)
                let deckAlpha = (2 * delta / gFg).squareRoot()
                let deckStep = theta.indices.map { theta[$0] + deckAlpha * d.x[$0] }
                let deck = problem.stateDivergences(deckStep, reverse: true, totalVariation: false)
                let n = Double(problem.samples.count)
                rows.append(Row(direction: d.name, delta: delta, stepLength: alpha, modelKL: 0.5 * alpha * alpha * d.curvature,
                                meanKL: divergences.kl.reduce(0, +) / n, meanReverseKL: divergences.reverseKL.reduce(0, +) / n,
                                deckStepLength: deckAlpha, deckMeanReverseKL: deck.reverseKL.reduce(0, +) / n))
            }
        }
        return (rows, directions, gFg)
    }

    static func probe(_ problem: SurrogateProblem, task: Task, seed: Int, iteration: Int, config: Configuration) -> Probe {
        let (rows, directions, gFg) = Self.rows(problem, deltas: config.deltas, method: config.method,
                                                longIterations: config.longCGIterations,
                                                longRelativeResidual: config.longCGRelativeResidual)
        return Probe(task: task, seed: seed, iteration: iteration, rows: rows,
                     residuals: Dictionary(uniqueKeysWithValues: directions.map { ($0.name, $0.relativeResidual) }),
                     curvatures: Dictionary(uniqueKeysWithValues: directions.map { ($0.name, $0.curvature) }),
                     gradientCurvature: gFg)
    }

    static func table(_ probes: [Probe]) -> CSVTable {
        var table = CSVTable(columns: ["task", "seed", "iteration", "direction", "cg_relative_residual", "delta", "step_length",
                                       "model_kl", "mean_kl", "mean_reverse_kl", "kl_over_delta", "kl_over_model",
                                       "reverse_kl_over_model", "reverse_kl_over_notes_model", "deck_step_length",
                                       "deck_reverse_kl_over_delta"])
        for p in probes {
            for r in p.rows {
                table.append([.string(p.task.rawValue), .int(p.seed), .int(p.iteration), .string(r.direction),
                              .double(p.residuals[r.direction]!), .double(r.delta), .double(r.stepLength), .double(r.modelKL),
                              .double(r.meanKL), .double(r.meanReverseKL), .double(r.ratioToDelta), .double(r.ratioToModel),
                              .double(r.reverseRatioToModel), .double(r.reverseRatioToNotesModel), .double(r.deckStepLength),
                              .double(r.deckRatioToDelta)])
            }
        }
        return table
    }
}
