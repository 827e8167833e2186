import ExperimentKit
import Foundation
import Neural
import PolicySearch

/// A saved instance on which a statement of the sources fails as written, replayed by the tests: a
/// policy θ and the first few states of one of its TRPO batches (actions and centred advantages as
/// sampled), the natural step on that small batch (x ≈ (F + λI)⁻¹g by rllab's CG, which on so few states
/// has converged: `cgRelativeResidual` is the residual it reached) at one δ, and what it measured.
struct Counterexample: Codable, Equatable, Sendable {
    var verdict: String
    var statement: String
    var corrected: String
    var instance: String
    var observationLength: Int
    /// "categorical" or "gaussian", with the action count or dimension.
    var head: String
    var headSize: Int
    var hiddenSizes: [Int]
    var damping: Double
    var cgIterations: Int
    var cgRelativeResidual: Double
    var delta: Double
    var theta: [Double]
    var observations: [Double]
    var actions: [Double]
    var advantages: [Double]
    /// Measured: α, ½ΔᵀFΔ, the realised mean KL(π_θ+Δ ‖ π_old), and its ratio to ΔᵀFΔ (the notes' model).
    var stepLength: Double
    var quadraticModelKL: Double
    var meanReverseKL: Double
    var reverseKLOverNotesModel: Double
    /// gᵀFg, xᵀFx ≈ gᵀF⁻¹g, the decks' α = √(2δ/gᵀFg), the mean KL(π_θ+Δ ‖ π_old) it realises, and that over δ.
    var gradientCurvature: Double
    var naturalCurvature: Double
    var deckStepLength: Double
    var deckMeanReverseKL: Double
    var deckReverseKLOverDelta: Double

    var policyHead: PolicyHead { head == "categorical" ? .categorical(actionCount: headSize) : .gaussian(dimension: headSize) }

    /// The local problem the instance defines.
    var problem: SurrogateProblem {
        let policy = PolicyNetwork(observationLength: observationLength, head: policyHead, hiddenSizes: hiddenSizes)
        let samples = PolicySamples(observations: observations, actions: actions, advantages: advantages, returns: advantages)
        return SurrogateProblem(policy: policy, samples: samples, oldTheta: theta)
    }

    /// The instance with its measurements (re)computed (rllab's direction; the long run is not needed): what the experiment saves and the tests replay.
    func measured() -> Counterexample {
        let problem = self.problem
        let method = NaturalPolicyGradient(cgIterations: cgIterations, damping: damping, maximumTrials: 1)
        let (rows, directions, gFg) = QuadraticModelPart.rows(problem, deltas: [delta], method: method, longIterations: 1,
                                                              longRelativeResidual: 0)
        let row = rows.first { $0.direction == "rllab" }!
        let direction = directions.first { $0.name == "rllab" }!
        var out = self
        out.cgRelativeResidual = direction.relativeResidual
        out.stepLength = row.stepLength
        out.quadraticModelKL = row.modelKL
        out.meanReverseKL = row.meanReverseKL
        out.reverseKLOverNotesModel = row.reverseRatioToNotesModel
        out.gradientCurvature = gFg
        out.naturalCurvature = direction.curvature
        out.deckStepLength = row.deckStepLength
        out.deckMeanReverseKL = row.deckMeanReverseKL
        out.deckReverseKLOverDelta = row.deckRatioToDelta
        return out
    }

    /// The instance from a probed batch's first states, measured.
    static func make(verdict: String, statement: String, corrected: String, instance: String,
                     small: TrainingPart.SmallInstance, config: Configuration) -> Counterexample {
        let (head, size): (String, Int)
        switch small.head {
        case .categorical(let k): (head, size) = ("categorical", k)
        case .gaussian(let d): (head, size) = ("gaussian", d)
        }
        return Counterexample(verdict: verdict, statement: statement, corrected: corrected, instance: instance,
                              observationLength: small.observationLength, head: head, headSize: size,
                              hiddenSizes: config.hiddenSizes, damping: config.method.damping, cgIterations: config.method.cgIterations,
                              cgRelativeResidual: 0, delta: config.deltas.min()!, theta: small.theta,
                              observations: small.observations, actions: small.actions, advantages: small.advantages,
                              stepLength: 0, quadraticModelKL: 0, meanReverseKL: 0, reverseKLOverNotesModel: 0,
                              gradientCurvature: 0, naturalCurvature: 0, deckStepLength: 0, deckMeanReverseKL: 0,
                              deckReverseKLOverDelta: 0).measured()
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}
