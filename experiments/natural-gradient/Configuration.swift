import ExperimentCLI
import ExperimentKit
import Foundation
import OutputKit
import PolicySearch

/// The classic-control tasks, with Gymnasium's registered ids and time limits.
enum Task: String, CaseIterable, Sendable {
    case cartPole = "CartPole-v1"
    case acrobot = "Acrobot-v1"
    case pendulum = "Pendulum-v1"

    /// A macro-name fragment (letters only).
    var macroName: String {
        switch self {
        case .cartPole: return "CartPole"
        case .acrobot: return "Acrobot"
        case .pendulum: return "Pendulum"
        }
    }
}

/// The sizes of every part of the experiment, per profile; all recorded in the manifest.
///
/// TRPO is run as Duan et al. (2016) ran it on their classic tasks, through `PolicySearch`'s defaults
/// (rllab's): δ = 0.01 on the mean KL, 10 conjugate-gradient iterations with damping 10⁻⁵, a line search
/// of 15 trials shrinking by 0.8, γ = 0.99, λ = 1 with rllab's linear baseline and centred advantages, a
/// 32-32 tanh policy. The paper profile takes their batch of 4000 steps and 100 iterations (the issue's
/// summary of the paper, not re-read here); standard and smoke are scaled down. The tasks are
/// Gymnasium's (CartPole-v1, Acrobot-v1, Pendulum-v1) under their registered time limits, not rllab's
/// own versions.
struct Configuration: ExperimentConfiguration {
    var profile: Profile
    var tasks: [Task]
    var seeds: Int
    var batchSize: Int
    var iterations: Int
    var hiddenSizes: [Int]
    var method: NaturalPolicyGradient
    /// Part 1: the tasks whose batches are probed, the TRPO iterations whose batch is probed (0: the
    /// random θ₀; later: partly trained θ), the δ grid (half decades), the largest δ in the slope fit,
    /// and the long CG run standing for "to convergence" (iterations cap, relative residual).
    var probeTasks: [Task]
    var probeIterations: [Int]
    var deltas: [Double]
    var slopeFitLargestDelta: Double
    var longCGIterations: Int
    var longCGRelativeResidual: Double
    /// States kept in a saved counterexample (the first of its batch).
    var counterexampleStates: Int
    var bootstrapReplicates: Int

    /// Where the quadratic model counts as accurate: |KL̄/δ − 1| ≤ this.
    static let accuracyTolerance = 0.1
    /// The agreement the second-order statements must reach at the smallest δ.
    static let agreementTolerance = 0.01
    /// C16.8's threshold on the median of max-KL/mean-KL.
    static let ratioThreshold = 2.0

    static func forProfile(_ profile: Profile) -> Configuration {
        let deltas = (2...16).map { pow(10, -Double($0) / 2) }
        switch profile {
        case .smoke:
            return Configuration(profile: profile, tasks: Task.allCases, seeds: 2, batchSize: 200, iterations: 3,
                                 hiddenSizes: DuanDefaults.basicHiddenSizes, method: .trpo,
                                 probeTasks: [.cartPole, .pendulum], probeIterations: [0, 2], deltas: deltas,
                                 slopeFitLargestDelta: 1e-6, longCGIterations: 30, longCGRelativeResidual: 1e-6,
                                 counterexampleStates: 4, bootstrapReplicates: 200)
        case .standard:
            return Configuration(profile: profile, tasks: Task.allCases, seeds: 5, batchSize: 1500, iterations: 20,
                                 hiddenSizes: DuanDefaults.basicHiddenSizes, method: .trpo,
                                 probeTasks: [.cartPole, .pendulum], probeIterations: [0, 10], deltas: deltas,
                                 slopeFitLargestDelta: 1e-6, longCGIterations: 100, longCGRelativeResidual: 1e-6,
                                 counterexampleStates: 4, bootstrapReplicates: 2000)
        case .paper:
            return Configuration(profile: profile, tasks: Task.allCases, seeds: 10, batchSize: 4000, iterations: 100,
                                 hiddenSizes: DuanDefaults.basicHiddenSizes, method: .trpo,
                                 probeTasks: [.cartPole, .pendulum], probeIterations: [0, 10, 50], deltas: deltas,
                                 slopeFitLargestDelta: 1e-6, longCGIterations: 400, longCGRelativeResidual: 1e-6,
                                 counterexampleStates: 4, bootstrapReplicates: 10_000)
        }
    }

    var settings: [String: String] {
        func list<T>(_ xs: [T]) -> String { xs.map { "\($0)" }.joined(separator: " ") }
        return [
            "tasks": tasks.map(\.rawValue).joined(separator: " ") + " (Gymnasium, registered time limits as path caps)",
            "seeds": "\(seeds)", "batchSize": "\(batchSize) steps (whole paths)", "iterations": "\(iterations)",
            "policy": "MLP \(list(hiddenSizes)) tanh; categorical logits or Gaussian mean with state-independent log σ (θ₀: orthogonal, output gain 0.01, log σ = 0)",
            "trpo": "δ = \(method.stepSize) on KL̄(π_old ‖ π_θ); CG \(method.cgIterations) iterations, damping \(method.damping), rᵀr < \(method.cgResidualTolerance); line search ratio \(method.backtrackRatio), \(method.maximumTrials) trials; γ = \(DuanDefaults.discount), λ = \(DuanDefaults.gaeLambda), linear feature baseline, centred advantages",
            "probe.tasks": probeTasks.map(\.rawValue).joined(separator: " "),
            "probe.iterations": list(probeIterations) + " (the batch and θ of that TRPO iteration; 0 is θ₀)",
            "probe.deltas": deltas.map { RuleNumber.text($0) }.joined(separator: " "),
            "probe.slopeFit": "log|ratio − 1| on log δ over δ ≤ \(RuleNumber.text(slopeFitLargestDelta))",
            "probe.directions": "rllab: CG \(method.cgIterations) iterations on F + \(method.damping)·I; long: CG on the same system until ‖r‖ ≤ \(RuleNumber.text(longCGRelativeResidual))‖g‖ or \(longCGIterations) iterations",
            "probe.accuracyTolerance": "\(Configuration.accuracyTolerance)", "probe.agreementTolerance": "\(Configuration.agreementTolerance)",
            "ratioThreshold": "\(Configuration.ratioThreshold)",
            "counterexampleStates": "\(counterexampleStates)", "bootstrap.replicates": "\(bootstrapReplicates) (resampling seeds)",
        ]
    }
}
