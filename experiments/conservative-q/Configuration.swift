import ExperimentCLI
import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// The sizes of every part of the experiment, per profile; all recorded in the manifest.
struct Configuration: ExperimentConfiguration {
    var profile: Profile
    /// Exact part (no sampling error, π̂_β = π_β): Garnet shapes, discounts, instances per (shape, γ), α grid,
    /// and the α at which the CQL update is iterated against the linear solve.
    var exactShapes: [Garnet]
    var exactDiscounts: [Double]
    var exactInstances: Int
    /// The rare-action weights of the exact part's behaviour policies: limited coverage, and full coverage
    /// (weight 1: no action is rare), where π_β can be close to π and Eq. 2's pointwise failure can show.
    var exactRareWeights: [Double]
    var exactAlphas: [Double]
    var iterationAlphas: [Double]
    /// Sampled part: one Garnet shape, discounts, instances per γ, transitions per state, datasets per
    /// (instance, size), the α grid of the sweep, and the δ of the theorems' "probability ≥ 1 − δ".
    var sampledShape: Garnet
    var sampledDiscounts: [Double]
    var sampledInstances: Int
    var perStateSizes: [Int]
    var datasets: Int
    var sweepAlphas: [Double]
    var delta: Double
    /// Behaviour policy: each action is "rare" with probability ½ (at least one action per state is not),
    /// and a rare action's weight is multiplied by `rareWeight`.
    var rareWeight: Double

    static func forProfile(_ profile: Profile) -> Configuration {
        func garnet(_ n: Int, _ m: Int, _ b: Int) -> Garnet { try! Garnet(states: n, actions: m, branching: b) }
        let exactAlphas = [0.001, 0.01, 0.1, 1, 10, 100, 1000]
        let sweep = (0...14).map { pow(10, -3 + Double($0) / 2) }
        switch profile {
        case .smoke:
            return Configuration(profile: profile, exactShapes: [garnet(5, 3, 2)], exactDiscounts: [0.9], exactInstances: 2, exactRareWeights: [0.02, 1],
                                 exactAlphas: exactAlphas, iterationAlphas: [0.1, 10], sampledShape: garnet(6, 3, 2),
                                 sampledDiscounts: [0.9], sampledInstances: 2, perStateSizes: [4, 64], datasets: 5,
                                 sweepAlphas: sweep, delta: 0.05, rareWeight: 0.02)
        case .standard, .paper:
            let paper = profile == .paper
            return Configuration(profile: profile, exactShapes: [garnet(10, 4, 3), garnet(20, 5, 4)],
                                 exactDiscounts: [0.5, 0.9, 0.99], exactInstances: paper ? 30 : 10, exactRareWeights: [0.02, 1],
                                 exactAlphas: exactAlphas, iterationAlphas: [0.1, 10], sampledShape: garnet(10, 4, 3),
                                 sampledDiscounts: [0.5, 0.9], sampledInstances: paper ? 30 : 10,
                                 perStateSizes: [4, 16, 64, 256], datasets: paper ? 50 : 20,
                                 sweepAlphas: sweep, delta: 0.05, rareWeight: 0.02)
        }
    }

    var settings: [String: String] {
        func list<T>(_ xs: [T]) -> String { xs.map { "\($0)" }.joined(separator: " ") }
        return [
            "exact.shapes": list(exactShapes), "exact.gammas": list(exactDiscounts), "exact.instancesPerCell": "\(exactInstances)", "exact.rareWeights": list(exactRareWeights),
            "exact.alphas": list(exactAlphas), "exact.iterationAlphas": list(iterationAlphas),
            "sampled.shape": "\(sampledShape)", "sampled.gammas": list(sampledDiscounts),
            "sampled.instancesPerGamma": "\(sampledInstances)", "sampled.transitionsPerState": list(perStateSizes),
            "sampled.datasetsPerInstanceAndSize": "\(datasets)", "sampled.alphas": list(sweepAlphas.map { RuleNumber.text($0) }),
            "sampled.delta": "\(delta)",
            "sampled.design": "every state gets the same number of transitions; a ~ π_β, s' ~ P, reward Bernoulli(r(s,a))",
            "target": "π: softmax of N(0,1) logits; with data, π restricted to the seen actions and renormalised; μ = π",
            "behaviour": "π_β ∝ exp(N(0,1)) per action, times \(rareWeight) for a rare action (each action rare with probability 1/2, one kept common)",
            "garnet.rewards": "state-action, U[0,1]",
            "maximiser.prior": "uniform (CQL(H)); Q = Q^π of the exact part's instances, every state, every α of exact.alphas",
        ]
    }
}
