import ExperimentCLI
import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// The sizes of every part of the experiment, per profile; all recorded in the manifest.
struct Configuration: ExperimentConfiguration {
    var profile: Profile
    /// Part 1, Lemma 28's identities: single-context bandits, their response counts (cycled), the scales
    /// of π_ref's random logits (cycled; 10 gives near-deterministic references), and the β grid.
    var identityInstances: Int
    var identityResponses: [Int]
    var identityReferenceScales: [Double]
    var identityBetas: [Double]
    var nelderMeadEvaluations: Int
    /// Part 2, DPO's expected loss: instances, responses, reference scales (cycled), β grid.
    var populationInstances: Int
    var populationResponses: Int
    var populationReferenceScales: [Double]
    var betas: [Double]
    /// Part 3, learning from sampled preferences: bandit size, seeds per data kind, the nested dataset
    /// sizes N, the ridge λ, the N at which the two routes are compared, bootstrap replicates.
    var contexts: Int
    var responses: Int
    var seeds: Int
    var sampleSizes: [Int]
    var ridge: Double
    var comparisonSize: Int
    var bootstrapReplicates: Int

    /// The data kinds of part 3: π_ref's logit scale, and whether each context's best response is left
    /// out of the pairs.
    static let kinds: [(name: String, referenceScale: Double, dropBest: Bool)] = [
        ("diffuse", 0.5, false), ("peaked", 2.5, false), ("uncovered", 0.5, true),
    ]

    static func forProfile(_ profile: Profile) -> Configuration {
        let betas = [0.1, 1, 10]
        switch profile {
        case .smoke:
            return Configuration(profile: profile, identityInstances: 24, identityResponses: [2, 3, 5, 10],
                                 identityReferenceScales: [0.5, 3, 10], identityBetas: [0.01, 0.1, 1, 10, 100],
                                 nelderMeadEvaluations: 1500, populationInstances: 8, populationResponses: 5,
                                 populationReferenceScales: [0.5, 3], betas: betas, contexts: 4, responses: 4, seeds: 4,
                                 sampleSizes: [10, 100, 1000], ridge: 1, comparisonSize: 100, bootstrapReplicates: 200)
        case .standard, .paper:
            let paper = profile == .paper
            return Configuration(profile: profile, identityInstances: paper ? 1000 : 240, identityResponses: [2, 3, 5, 10],
                                 identityReferenceScales: [0.5, 3, 10], identityBetas: [0.01, 0.1, 1, 10, 100],
                                 nelderMeadEvaluations: 3000, populationInstances: paper ? 400 : 100, populationResponses: 5,
                                 populationReferenceScales: [0.5, 3], betas: betas, contexts: 8, responses: 6,
                                 seeds: paper ? 100 : 30, sampleSizes: [10, 100, 1000, 10_000, 100_000], ridge: 1,
                                 comparisonSize: 1000, bootstrapReplicates: paper ? 10_000 : 2000)
        }
    }

    var settings: [String: String] {
        func list<T>(_ xs: [T]) -> String { xs.map { "\($0)" }.joined(separator: " ") }
        return [
            "identity.instances": "\(identityInstances)", "identity.responses": list(identityResponses),
            "identity.referenceScales": list(identityReferenceScales), "identity.betas": list(identityBetas),
            "identity.draw": "one context; π_ref = softmax of N(0, scale²) logits; rewards N(0,1)",
            "identity.directMaximiser": "Nelder–Mead on the logits from log π_ref, step 1, \(nelderMeadEvaluations) evaluations, restarted once with step 1/16",
            "population.instances": "\(populationInstances)", "population.responses": "\(populationResponses)",
            "population.referenceScales": list(populationReferenceScales), "betas": list(betas),
            "population.pairs": "expected weights μ(i)μ(j)σ(r_i − r_j): μ = π_ref (C14.6); μ = π_ref without the best response (C14.7)",
            "learning.contexts": "\(contexts)", "learning.responses": "\(responses)", "learning.seeds": "\(seeds)",
            "learning.sampleSizes": list(sampleSizes) + " (nested: each dataset is the first N pairs of one draw)",
            "learning.kinds": Configuration.kinds.map { "\($0.name) (π_ref logit scale \($0.referenceScale)\($0.dropBest ? ", best response never in a pair" : ""))" }.joined(separator: "; "),
            "learning.rewards": "r*(x,y) ~ N(0,1), a new bandit per seed",
            "learning.ridge": "\(ridge) on the summed loss: DPO (λ/2)‖θ − log π_ref‖², reward model (λ/2)‖r‖²; matched DPO λβ²",
            "learning.solver": "damped Newton per context, stopped at a full step with ‖Δ‖∞ ≤ 1e-12 (1 + ‖v‖∞)",
            "learning.comparisonSize": "\(comparisonSize)", "bootstrap.replicates": "\(bootstrapReplicates)",
        ]
    }
}
