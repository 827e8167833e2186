import ExperimentCLI
import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// The sizes of every part of the experiment, per profile; all recorded in the manifest.
struct Configuration: ExperimentConfiguration {
    var profile: Profile
    /// Random sweep: Garnet shapes, discounts, kinds of V, and instances per (shape, γ); each instance
    /// is one MDP with one V of every kind.
    var shapes: [Garnet]
    var discounts: [Double]
    var kinds: [ValueKind]
    var instancesPerCell: Int
    /// Adversarial search: Nelder–Mead restarts per (γ, statement), evaluations per restart, the small
    /// MDP sizes cycled over restarts, and actions per state.
    var restarts: Int
    var evaluationsPerRestart: Int
    var searchStates: [Int]
    var searchActions: Int
    /// Policy iteration on Garnets (Lemma 21's monotonicity and strictness): shapes, runs per (shape, γ).
    var iterationShapes: [Garnet]
    var iterationRuns: Int
    /// Policy iteration from every deterministic start on small MDPs (the |A|^|S| bound): sizes
    /// (|S|, |A|), and MDPs per (size, family, γ).
    var smallSizes: [Size]
    var smallMDPs: Int
    /// Convergence of (B_π)ⁿV and BⁿV: shapes and runs per (shape, γ, operator).
    var convergenceShapes: [Garnet]
    var convergenceRuns: Int

    struct Size: Sendable, Hashable, CustomStringConvertible {
        var states: Int
        var actions: Int
        var description: String { "\(states)x\(actions)" }
        var policies: Int { Int(pow(Double(actions), Double(states))) }
    }

    static let standardDiscounts = [0.5, 0.7, 0.9, 0.95, 0.99, 0.995, 0.999]

    static func forProfile(_ profile: Profile) -> Configuration {
        func garnet(_ n: Int, _ m: Int, _ b: Int) -> Garnet { try! Garnet(states: n, actions: m, branching: b) }
        func size(_ n: Int, _ m: Int) -> Size { Size(states: n, actions: m) }
        switch profile {
        case .smoke:
            return Configuration(
                profile: profile, shapes: [garnet(5, 2, 2), garnet(20, 4, 3)], discounts: [0.5, 0.9, 0.99],
                kinds: ValueKind.allCases, instancesPerCell: 2,
                restarts: 1, evaluationsPerRestart: 200, searchStates: [3], searchActions: 2,
                iterationShapes: [garnet(10, 2, 1), garnet(20, 3, 2)], iterationRuns: 2,
                smallSizes: [size(1, 2), size(2, 2), size(3, 2)], smallMDPs: 3,
                convergenceShapes: [garnet(10, 3, 2)], convergenceRuns: 1)
        case .standard, .paper:
            let paper = profile == .paper
            return Configuration(
                profile: profile,
                shapes: [garnet(5, 2, 2), garnet(10, 3, 10), garnet(20, 4, 3), garnet(50, 4, 5), garnet(100, 5, 1)],
                discounts: standardDiscounts, kinds: ValueKind.allCases, instancesPerCell: paper ? 40 : 20,
                restarts: paper ? 16 : 8, evaluationsPerRestart: paper ? 6000 : 4000, searchStates: [2, 3, 4],
                searchActions: 2,
                iterationShapes: [garnet(10, 2, 1), garnet(20, 3, 2), garnet(50, 4, 5), garnet(30, 2, 30)],
                iterationRuns: paper ? 60 : 20,
                smallSizes: [size(1, 2), size(1, 3), size(2, 2), size(2, 3), size(3, 2), size(3, 3), size(4, 2), size(5, 2)],
                smallMDPs: paper ? 200 : 50,
                convergenceShapes: [garnet(10, 3, 2), garnet(30, 4, 5)], convergenceRuns: paper ? 10 : 4)
        }
    }

    var settings: [String: String] {
        func list<T>(_ xs: [T]) -> String { xs.map { "\($0)" }.joined(separator: " ") }
        return [
            "sweep.shapes": list(shapes), "sweep.gammas": list(discounts), "sweep.kinds": list(kinds.map(\.rawValue)),
            "sweep.instancesPerCell": "\(instancesPerCell)",
            "sweep.policy": "softmax, logits N(0,1) (the arbitrary π of Lemma 19, Proposition 24 and Proposition 26)",
            "adversarial.restarts": "\(restarts)", "adversarial.evaluationsPerRestart": "\(evaluationsPerRestart)",
            "adversarial.states": list(searchStates), "adversarial.actions": "\(searchActions)",
            "adversarial.optimiser": "Nelder–Mead (Gao–Han coefficients), 70% of budget from a random start, 30% polish",
            "adversarial.noiseGuard": "bound ≥ 1000 × the rounding tolerance of observed − bound",
            "policyIteration.shapes": list(iterationShapes), "policyIteration.runs": "\(iterationRuns)",
            "policyIteration.smallSizes": list(smallSizes), "policyIteration.smallMDPs": "\(smallMDPs)",
            "policyIteration.smallFamilies": "dense G(n,m,n), deterministic G(n,m,1); every deterministic start",
            "convergence.shapes": list(convergenceShapes), "convergence.runs": "\(convergenceRuns)",
            "garnet.rewards": "state-action, U[0,1]",
        ]
    }
}

/// The kinds of value function V the sweep draws, with `S = 1/(1−γ)` (the largest value a reward in
/// [0, 1] allows) and `z` independent standard normals per state.
enum ValueKind: String, CaseIterable, Sendable {
    /// V = 0 (value iteration's start).
    case zero
    /// V = V* + 10⁻³·S·z.
    case near
    /// V = V* + S·z.
    case far
    /// V = V* + τ* + 10⁻³·S·|z| (V ≥ V*).
    case aboveNear = "above-near"
    /// V = V* + τ* + S·|z| (V ≥ V*).
    case aboveFar = "above-far"
    /// V = V* + c, one constant c ~ U[−S, S] at every state; V′ = V + c′ likewise.
    case shift
    /// V = V_μ for a random deterministic policy μ (V ≤ V*).
    case policy
    /// V = Bᵏ0 for k uniform in 1…min(200, ⌈1/(1−γ)⌉) (a value-iteration iterate).
    case iterate
}
