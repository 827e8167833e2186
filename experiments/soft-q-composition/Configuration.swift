import ExperimentCLI
import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// The sizes of every part of the experiment, per profile; all recorded in the manifest.
struct Configuration: ExperimentConfiguration {
    var profile: Profile
    /// Part 1, composition on Garnets: shapes, discounts, temperatures, instances per cell (each cell
    /// draws every reward-pair kind once per instance).
    var shapes: [Garnet]
    var discounts: [Double]
    var temperatures: [Double]
    var instancesPerCell: Int
    /// The adversarial search: Nelder–Mead over both reward vectors of a Garnet's transitions, per
    /// (objective, γ, α): restarts and evaluations per restart.
    var searchShape: Garnet
    var searchRestarts: Int
    var searchEvaluations: Int
    /// Part 2, the sampler: temperatures, training steps, particles per step (half fixed, half
    /// updated), Adam's step, samples drawn for evaluation, seeds; plain SVGD's particles and iterations;
    /// exact-sample replicates for the noise floor; quadrature cells per axis (1-D, 2-D); projections in 2-D.
    var samplerTemperatures: [Double]
    var samplerSteps: Int
    var samplerParticles: Int
    var samplerLearningRate: Double
    var evaluationSamples: Int
    var samplerSeeds: Int
    var svgdParticles: Int
    var svgdIterations: Int
    var svgdStepSize: Double
    var floorReplicates: Int
    var quadratureCells1D: Int
    var quadratureCells2D: Int
    var projections: Int
    var bootstrapReplicates: Int
    /// The threshold of "samples match": distance over the noise floor's mean.
    var matchRatio: Double
    /// Part 3, the lattice multigoal task: discount and temperatures (none at smoke: 226 states).
    var multigoalDiscount: Double
    var multigoalTemperatures: [Double]
    /// Part 4, the continuous point mass: discounts, temperatures, state-action points checked per
    /// instance (s ~ N(0, 5²I), a ~ N(0, 2²I)), simulated episodes per instance.
    var continuousDiscounts: [Double]
    var continuousTemperatures: [Double]
    var continuousPoints: Int
    var continuousEpisodes: Int

    static func forProfile(_ profile: Profile) -> Configuration {
        func garnet(_ n: Int, _ m: Int, _ b: Int) -> Garnet { try! Garnet(states: n, actions: m, branching: b) }
        switch profile {
        case .smoke:
            return Configuration(profile: profile, shapes: [garnet(4, 2, 2)], discounts: [0.5, 0.9], temperatures: [0.1, 1],
                                 instancesPerCell: 1, searchShape: garnet(3, 2, 2), searchRestarts: 1, searchEvaluations: 20,
                                 samplerTemperatures: [0.3], samplerSteps: 30, samplerParticles: 16, samplerLearningRate: 1e-3,
                                 evaluationSamples: 100, samplerSeeds: 2, svgdParticles: 16, svgdIterations: 30, svgdStepSize: 0.01,
                                 floorReplicates: 3, quadratureCells1D: 200, quadratureCells2D: 30, projections: 4,
                                 bootstrapReplicates: 200, matchRatio: 2, multigoalDiscount: 0.5, multigoalTemperatures: [],
                                 continuousDiscounts: [0.9], continuousTemperatures: [1], continuousPoints: 32, continuousEpisodes: 50)
        case .standard, .paper:
            let paper = profile == .paper
            return Configuration(profile: profile, shapes: [garnet(5, 3, 2), garnet(10, 4, 3), garnet(20, 5, 4)],
                                 discounts: [0.5, 0.9, 0.99], temperatures: [0.1, 1, 10], instancesPerCell: paper ? 10 : 2,
                                 searchShape: garnet(3, 2, 2), searchRestarts: paper ? 8 : 2, searchEvaluations: paper ? 1500 : 300,
                                 samplerTemperatures: [0.1, 0.3, 1], samplerSteps: paper ? 4000 : 1000, samplerParticles: 32,
                                 samplerLearningRate: 1e-3, evaluationSamples: 500, samplerSeeds: paper ? 10 : 4,
                                 svgdParticles: paper ? 64 : 32, svgdIterations: paper ? 1000 : 500, svgdStepSize: 0.01,
                                 floorReplicates: paper ? 100 : 20, quadratureCells1D: 4000, quadratureCells2D: 200, projections: 8,
                                 bootstrapReplicates: 2000, matchRatio: 2, multigoalDiscount: 0.9, multigoalTemperatures: [10, 20],
                                 continuousDiscounts: [0.5, 0.9, 0.99], continuousTemperatures: [0.1, 1, 10], continuousPoints: 256,
                                 continuousEpisodes: paper ? 10_000 : 1000)
        }
    }

    var settings: [String: String] {
        func list<T>(_ xs: [T]) -> String { xs.map { "\($0)" }.joined(separator: " ") }
        return [
            "composition.shapes": list(shapes), "composition.gammas": list(discounts), "composition.alphas": list(temperatures),
            "composition.instancesPerCell": "\(instancesPerCell)",
            "composition.rewardPairs": RewardPair.allCases.map(\.description).joined(separator: "; "),
            "search.shape": "\(searchShape)", "search.restarts": "\(searchRestarts)", "search.evaluations": "\(searchEvaluations)",
            "search.parameters": "both reward vectors (2|S||A| numbers), start U[0,1], step 0.5; transitions fixed per restart",
            "sampler.alphas": list(samplerTemperatures), "sampler.steps": "\(samplerSteps)",
            "sampler.particles": "\(samplerParticles) (half fixed, half updated)", "sampler.adamStep": "\(samplerLearningRate)",
            "sampler.network": "MLP d-32-32-d, tanh hidden, a = tanh(output), noise N(0, I_d)",
            "sampler.evaluationSamples": "\(evaluationSamples)", "sampler.seeds": "\(samplerSeeds)",
            "svgd.particles": "\(svgdParticles)", "svgd.iterations": "\(svgdIterations)", "svgd.stepSize": "\(svgdStepSize)",
            "distance": "sliced 1-Wasserstein over \(projections) directions in 2-D (the 1-Wasserstein distance in 1-D) against midpoint quadrature",
            "floor.replicates": "\(floorReplicates)", "quadrature.cells": "\(quadratureCells1D) (1-D), \(quadratureCells2D)² (2-D)",
            "bootstrap.replicates": "\(bootstrapReplicates)", "match.ratio": "\(matchRatio)",
            "multigoal.gamma": "\(multigoalDiscount)", "multigoal.alphas": list(multigoalTemperatures),
            "continuous.task": "point mass s' = s + a + w, w ~ N(0, \(LinearQuadraticPart.noise)² I), r = −(s − g)ᵀdiag(m)(s − g) − \(LinearQuadraticPart.actionCost)|a|², start (0, 0)",
            "continuous.pairs": LinearQuadraticPart.pairs.map(\.name).joined(separator: "; "),
            "continuous.gammas": list(continuousDiscounts), "continuous.alphas": list(continuousTemperatures),
            "continuous.points": "\(continuousPoints) (s ~ N(0, 5² I), a ~ N(0, 2² I))",
            "continuous.episodes": "\(continuousEpisodes), truncated where γ^T < 1e-12, common random numbers",
        ]
    }
}
