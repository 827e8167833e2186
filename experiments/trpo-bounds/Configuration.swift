import ExperimentCLI
import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// The sizes of every part of the experiment, per profile; all recorded in the manifest.
struct Configuration: ExperimentConfiguration {
    var profile: Profile
    /// Random sweep: Garnet shapes, discount grid (inside and below the stated `[0.5, 1)`), policy
    /// changes, and instances per (shape, γ, change).
    var shapes: [Garnet]
    var discounts: [Double]
    var changes: [PolicyChange]
    var instancesPerCell: Int
    /// Adversarial search: Nelder–Mead restarts per (γ, bound), evaluations per restart, the small
    /// MDP sizes cycled over restarts, and actions per state.
    var restarts: Int
    var evaluationsPerRestart: Int
    var searchStates: [Int]
    var searchActions: Int
    /// Bound against policy-change size: MDPs, discounts, logit-step sizes.
    var pathMDPs: Int
    var pathShape: Garnet
    var pathDiscounts: [Double]
    var pathSizes: [Double]

    static let belowStatedRange = [0.1, 0.2, 0.3, 0.45]
    static let statedRange = [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 0.995, 0.999]

    static func forProfile(_ profile: Profile) -> Configuration {
        func garnet(_ n: Int, _ m: Int, _ b: Int) -> Garnet { try! Garnet(states: n, actions: m, branching: b) }
        let sizes = (0..<25).map { 1e-3 * pow(3e3, Double($0) / 24) }   // 10⁻³ … 3, log-spaced
        switch profile {
        case .smoke:
            return Configuration(
                profile: profile, shapes: [garnet(5, 2, 2), garnet(20, 4, 3)], discounts: [0.3, 0.5, 0.9, 0.99],
                changes: [.logitStep(0.1), .logitStep(1), .mixture(0.1), .mixture(1)], instancesPerCell: 3,
                restarts: 2, evaluationsPerRestart: 400, searchStates: [2, 3], searchActions: 2,
                pathMDPs: 1, pathShape: garnet(20, 4, 3), pathDiscounts: [0.9, 0.99], pathSizes: sizes)
        case .standard, .paper:
            let paper = profile == .paper
            return Configuration(
                profile: profile,
                shapes: [garnet(5, 2, 2), garnet(10, 3, 2), garnet(20, 4, 3), garnet(20, 4, 20), garnet(50, 4, 5)],
                discounts: belowStatedRange + statedRange,
                changes: [.logitStep(0.01), .logitStep(0.03), .logitStep(0.1), .logitStep(0.3), .logitStep(1),
                          .logitStep(3), .mixture(0.01), .mixture(0.03), .mixture(0.1), .mixture(0.3), .mixture(1)],
                instancesPerCell: paper ? 50 : 14,
                restarts: paper ? 48 : 24, evaluationsPerRestart: paper ? 10000 : 4000,
                searchStates: [2, 3, 4], searchActions: 2,
                pathMDPs: 3, pathShape: garnet(20, 4, 3), pathDiscounts: [0.9, 0.99], pathSizes: sizes)
        }
    }

    var settings: [String: String] {
        func list<T>(_ xs: [T]) -> String { xs.map { "\($0)" }.joined(separator: " ") }
        return [
            "sweep.shapes": list(shapes), "sweep.gammas": list(discounts), "sweep.changes": list(changes),
            "sweep.instancesPerCell": "\(instancesPerCell)",
            "adversarial.restarts": "\(restarts)", "adversarial.evaluationsPerRestart": "\(evaluationsPerRestart)",
            "adversarial.states": list(searchStates), "adversarial.actions": "\(searchActions)",
            "adversarial.optimiser": "Nelder–Mead (Gao–Han coefficients), 70% of budget from a random start, 30% polish",
            "adversarial.noiseGuard": "bound ≥ 1000 × rounding tolerance of the error",
            "paths.mdps": "\(pathMDPs)", "paths.shape": "\(pathShape)", "paths.gammas": list(pathDiscounts),
            "garnet.rewards": "state-action, U[0,1]", "garnet.initialDistribution": "flat Dirichlet",
            "policy.old": "softmax, logits N(0,1)",
        ]
    }
}
