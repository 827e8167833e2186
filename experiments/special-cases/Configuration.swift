import ExperimentCLI
import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// The sizes of every part, per profile; all recorded in the manifest.
struct Configuration: ExperimentConfiguration {
    var profile: Profile
    var discounts: [Double]
    /// REPS: Garnets per γ and KL budgets.
    var repsInstances: Int
    var repsBudgets: [Double]
    /// SAC: Garnets per γ with actions on a line, the restricted family's projection.
    var sacInstances: Int
    var sacActions: Int
    /// PPO: Garnets per (γ, κ), κ values.
    var ppoInstances: Int
    var ppoKappas: [Double]
    /// Soft PI: Garnets per (γ, α), random Q pairs per instance, temperatures, iterations.
    var softInstances: Int
    var softPairs: Int
    var softTemperatures: [Double]
    var softIterations: Int
    /// Multi-agent: random games per γ, actions per agent, and the divisors κ of C (nil: greedy).
    var gameInstances: Int
    var gameActions: Int
    var gameKappas: [Double?]

    static func forProfile(_ profile: Profile) -> Configuration {
        let smoke = profile == .smoke, paper = profile == .paper
        return Configuration(
            profile: profile,
            discounts: smoke ? [0.5, 0.9] : [0.5, 0.7, 0.9, 0.95, 0.99, 0.999],
            repsInstances: smoke ? 2 : (paper ? 50 : 10),
            repsBudgets: (0..<9).map { pow(10, -4 + 0.5 * Double($0)) },
            sacInstances: smoke ? 2 : (paper ? 50 : 10), sacActions: 9,
            ppoInstances: smoke ? 3 : (paper ? 100 : 20), ppoKappas: [1, 1e2, 1e4, 1e6],
            softInstances: smoke ? 2 : (paper ? 30 : 8), softPairs: smoke ? 5 : 25,
            softTemperatures: [0.01, 0.1, 1], softIterations: smoke ? 20 : 60,
            gameInstances: smoke ? 10 : (paper ? 2000 : 300), gameActions: 3, gameKappas: [1, 1e3, 1e6, nil])
    }

    var settings: [String: String] {
        func list<T>(_ xs: [T]) -> String { xs.map { "\($0)" }.joined(separator: " ") }
        return [
            "gammas": list(discounts), "reps.instances": "\(repsInstances)", "reps.budgets": list(repsBudgets),
            "reps.q": "d^{π_old}(s) π_old(a|s); δ = A_{π_old}",
            "sac.instances": "\(sacInstances)", "sac.actions": "\(sacActions) on [−1, 1]",
            "sac.family": "discretised Gaussian per state, parameters (μ, log σ), projection by Nelder–Mead on KL(π_θ‖π_new)",
            "sac.temperature": "C = ε (max |A_{π_old}|)",
            "ppo.instances": "\(ppoInstances)", "ppo.kappas": list(ppoKappas),
            "soft.instances": "\(softInstances)", "soft.pairs": "\(softPairs)", "soft.temperatures": list(softTemperatures),
            "soft.iterations": "\(softIterations)",
            "games.instances": "\(gameInstances)", "games.actions": "\(gameActions) per agent, Garnet over joint actions",
            "games.kappas": gameKappas.map { $0.map { "\($0)" } ?? "greedy" }.joined(separator: " "),
            "garnet.rewards": "state-action, U[0,1]", "policy.old": "softmax, logits N(0,1)",
        ]
    }
}

/// A Garnet instance and a random old policy, keyed by (part, γ, index).
func instance(_ part: String, shape: Garnet, gamma: Double, index: Int, masterSeed: UInt64,
              logitScale: Double = 1) throws -> (MDP, TabularPolicy, SeededGenerator) {
    var rng = StreamKey(experiment: SpecialCases.name, setting: "\(part)/\(shape)/gamma=\(gamma)", trial: index,
                        masterSeed: masterSeed).generator()
    let mdp = try shape.sample(discount: gamma, using: &rng)
    let old = TabularPolicy.randomSoftmax(stateCount: mdp.stateCount, actionCount: mdp.actionCount, scale: logitScale, using: &rng)
    return (mdp, old, rng)
}

/// The largest absolute difference between two policies' probabilities.
func maxGap(_ p: TabularPolicy, _ q: TabularPolicy) -> Double {
    zip(p.probabilities, q.probabilities).reduce(0) { max($0, abs($1.0 - $1.1)) }
}
