import ExperimentCLI
import ExperimentKit
import OffPolicy
import OutputKit
import Foundation
import Tabular

/// The sizes of every part of the experiment, per profile; all recorded in the manifest.
struct Configuration: ExperimentConfiguration {
    var profile: Profile
    /// Part 1, estimators: arm counts, samples per arm, random-mean instances per (K, n), Monte Carlo draws.
    var armCounts: [Int]
    var samplesPerArm: [Int]
    var randomInstances: Int
    var estimatorDraws: Int
    /// Part 2, Sutton & Barto's Example 6.7: runs, episodes, B's action count, ε, α, B's reward law.
    var exampleRuns: Int
    var exampleEpisodes: Int
    var exampleActionsAtB: Int
    var exampleEpsilon: Double
    var exampleStepSize: Double
    var exampleRewardMean: Double
    /// Part 3, Garnets with noisy rewards: shapes, discounts, noise deviations, instances per setting,
    /// sampled updates per run, the checkpoints (numbers of updates) and the step-size exponent ω in α = 1/n^ω.
    var shapes: [Garnet]
    var discounts: [Double]
    var noises: [Double]
    var garnetSeeds: Int
    var garnetCheckpoints: [Int]
    var stepSizeExponent: Double
    /// Part 4, DQN and Double DQN: environments, seeds, CleanRL's settings at `dqnSteps` steps, the
    /// checkpoints (fractions of training), evaluation episodes per checkpoint, and the tail tolerance γ^k.
    var environments: [String]
    var dqnSeeds: Int
    var dqnSteps: Int
    var dqnCheckpoints: Int
    var evaluationEpisodes: Int
    var tailTolerance: Double
    /// Bootstrap replicates for every interval over seeds.
    var bootstrapReplicates: Int

    /// CleanRL's settings scaled to `dqnSteps`: `learning_starts` keeps its share (10k of 500k = 2%) of
    /// the run; ε decays over half the run as in CleanRL; everything else is CleanRL's.
    func dqn(double: Bool) -> DQNConfiguration {
        var c = DQNConfiguration.cleanRL(totalSteps: dqnSteps, doubleTarget: double)
        c.learningStarts = dqnSteps * 10_000 / 500_000
        return c
    }

    var checkpointSteps: [Int] { (1...dqnCheckpoints).map { dqnSteps * $0 / dqnCheckpoints } }

    static func forProfile(_ profile: Profile) -> Configuration {
        func garnet(_ n: Int, _ m: Int, _ b: Int) -> Garnet { try! Garnet(states: n, actions: m, branching: b) }
        let envs = ["CartPole-v1", "Acrobot-v1"]
        switch profile {
        case .smoke:
            return Configuration(profile: profile, armCounts: [2, 5], samplesPerArm: [2, 10], randomInstances: 1,
                                 estimatorDraws: 2000, exampleRuns: 400, exampleEpisodes: 300, exampleActionsAtB: 10,
                                 exampleEpsilon: 0.1, exampleStepSize: 0.1, exampleRewardMean: -0.1,
                                 shapes: [garnet(10, 3, 2)], discounts: [0.9], noises: [1], garnetSeeds: 4,
                                 garnetCheckpoints: [1_000, 5_000, 20_000], stepSizeExponent: 0.8,
                                 environments: envs, dqnSeeds: 2, dqnSteps: 2_000, dqnCheckpoints: 2, evaluationEpisodes: 1,
                                 tailTolerance: 1e-3, bootstrapReplicates: 500)
        case .standard, .paper:
            let paper = profile == .paper
            return Configuration(profile: profile, armCounts: [2, 5, 10, 50], samplesPerArm: [2, 10, 100],
                                 randomInstances: paper ? 5 : 2, estimatorDraws: paper ? 200_000 : 20_000,
                                 exampleRuns: 10_000, exampleEpisodes: 300, exampleActionsAtB: 10,
                                 exampleEpsilon: 0.1, exampleStepSize: 0.1, exampleRewardMean: -0.1,
                                 shapes: [garnet(20, 4, 3), garnet(10, 10, 2)], discounts: [0.5, 0.9], noises: [0.5, 2],
                                 garnetSeeds: paper ? 50 : 20,
                                 garnetCheckpoints: paper ? [2_000, 10_000, 50_000, 200_000, 1_000_000]
                                                          : [2_000, 10_000, 50_000, 200_000],
                                 stepSizeExponent: 0.8,
                                 environments: envs, dqnSeeds: paper ? 10 : 5, dqnSteps: paper ? 500_000 : 30_000,
                                 dqnCheckpoints: paper ? 10 : 5, evaluationEpisodes: paper ? 5 : 2,
                                 tailTolerance: 1e-3, bootstrapReplicates: paper ? 10_000 : 2_000)
        }
    }

    var settings: [String: String] {
        func list<T>(_ xs: [T]) -> String { xs.map { "\($0)" }.joined(separator: " ") }
        let d = dqn(double: false)
        return [
            "estimators.arms": list(armCounts), "estimators.samplesPerArm": list(samplesPerArm),
            "estimators.means": "per (K, n): all equal (0); one best at 0, the rest at −0.5; linear from 0 to −1; "
                + "\(randomInstances) draws of N(0,1) means; σ = 1",
            "estimators.draws": "\(estimatorDraws)",
            "estimators.quadrature": "composite 8-point Gauss–Legendre on [min μ − 12s, max μ + 12s], panels ≤ s/4, error from N vs 2N panels plus tails",
            "example67.runs": "\(exampleRuns)", "example67.episodes": "\(exampleEpisodes)",
            "example67.actionsAtB": "\(exampleActionsAtB)", "example67.epsilon": "\(exampleEpsilon)",
            "example67.stepSize": "\(exampleStepSize)", "example67.gamma": "1",
            "example67.rewardAtB": "N(\(exampleRewardMean), 1)", "example67.ties": "broken uniformly at random; Q initialised to 0",
            "garnet.shapes": list(shapes), "garnet.gammas": list(discounts), "garnet.noiseSd": list(noises),
            "garnet.seeds": "\(garnetSeeds)", "garnet.checkpoints": list(garnetCheckpoints),
            "garnet.sampling": "each update: (s, a) uniform, s' ~ P(·|s,a), r = r(s,a) + σ·N(0,1); Q₀ = Q* (exact)",
            "garnet.stepSize": "α = 1/n(s,a)^\(stepSizeExponent) per table",
            "garnet.rewards": "state-action, U[0,1]; V* by policy iteration",
            "dqn.environments": list(environments), "dqn.seeds": "\(dqnSeeds)",
            "dqn.reference": "CleanRL dqn.py defaults (Huang et al. 2022): lr 2.5e-4, buffer 10000, γ 0.99, τ 1, target every 500, batch 128, ε 1→0.05 over 0.5 of the run, learning_starts 10000 of 500000, train every 10, 120-84 ReLU, Adam, MSE loss",
            "dqn.totalSteps": "\(d.totalSteps)", "dqn.learningStarts": "\(d.learningStarts)",
            "dqn.learningRate": "\(d.learningRate)", "dqn.bufferSize": "\(d.bufferSize)",
            "dqn.targetNetworkFrequency": "\(d.targetNetworkFrequency)", "dqn.batchSize": "\(d.batchSize)",
            "dqn.trainFrequency": "\(d.trainFrequency)", "dqn.explorationFraction": "\(d.explorationFraction)",
            "dqn.epsilon": "\(d.startEpsilon) → \(d.endEpsilon)", "dqn.hidden": list(d.hiddenSizes), "dqn.gamma": "\(d.discount)",
            "dqn.checkpoints": list(checkpointSteps), "dqn.evaluationEpisodes": "\(evaluationEpisodes)",
            "dqn.probe": "greedy policy, no time limit for 500 + k steps with γ^k ≤ \(tailTolerance); steps t < 500 scored",
            "bootstrap.replicates": "\(bootstrapReplicates)",
        ]
    }
}
