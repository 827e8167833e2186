import Control
import ExperimentKit
import Foundation
import Neural
@testable import PPO
import TestSupport
import XCTest

final class PPOTests: XCTestCase {
    /// A batch whose old policy is a perturbation of θ, so ratios differ from 1 on both sides.
    func makeBatch(_ agent: ActorCritic, _ theta: [Double], rows: Int, _ rng: inout SeededGenerator) -> PPOBatch {
        var old = theta
        for i in old.indices { old[i] += 0.15 * rng.nextGaussian() }
        let observations = (0..<(rows * agent.observationLength)).map { _ in rng.nextGaussian() }
        let outputs = agent.policy.forward(old, inputs: observations, batch: rows).output
        let k = agent.head.networkOutputs
        var actions: [Double] = [], logProbabilities: [Double] = []
        for i in 0..<rows {
            let row = outputs[(i * k)..<((i + 1) * k)]
            let a = agent.sampleAction(old, outputs: row, using: &rng)
            actions += a
            logProbabilities.append(agent.logProbability(old, outputs: row, action: a[...]))
        }
        return PPOBatch(observations: observations, actions: actions, oldLogProbabilities: logProbabilities,
                        oldOutputs: outputs, oldLogStd: Array(agent.logStd(old)),
                        advantages: (0..<rows).map { _ in rng.nextGaussian() },
                        returns: (0..<rows).map { _ in rng.nextGaussian() })
    }

    /// The PPO loss gradient (through both networks, log σ, the ratio, KL and entropy terms)
    /// agrees with central finite differences of the loss, for every objective and both heads.
    func testPPOLossGradientMatchesFiniteDifferencesForEveryObjective() {
        var rng = SeededGenerator(seed: 20)
        let objectives: [PPOObjective] = [.unclipped, .clipped(epsilon: 0.2), .adaptiveKL(target: 0.01, initialBeta: 1),
                                          .fixedKL(beta: 3)]
        for head in [PolicyHead.gaussian(dimension: 2), .categorical(actionCount: 3)] {
            let agent = ActorCritic(observationLength: 3, head: head, hiddenSizes: [8, 8], activation: .tanh)
            let theta = agent.initialParameters(initialLogStd: -0.3, using: &rng).map { $0 + 0.3 * rng.nextGaussian() }
            let batch = makeBatch(agent, theta, rows: 12, &rng)
            for objective in objectives {
                let beta = objective.initialBeta == 0 ? 0 : objective.initialBeta
                func loss(_ t: [Double]) -> Double {
                    ppoLoss(agent, t, batch: batch, objective: objective, beta: beta, valueCoefficient: 0.5,
                            entropyCoefficient: 0.01, withGradient: false).terms.loss
                }
                let (terms, gradient) = ppoLoss(agent, theta, batch: batch, objective: objective, beta: beta,
                                                valueCoefficient: 0.5, entropyCoefficient: 0.01)
                XCTAssertEqual(terms.loss, loss(theta))
                assertGradientsAgree(gradient, centralDifferences(theta, loss), "\(head) \(objective)")
                if case .clipped = objective { XCTAssertGreaterThan(terms.clipFraction, 0, "the check must cross the clip") }
            }
        }
    }

    /// The fast loss (fused terms, hand-written backward passes) against the paper's equations
    /// (`ppoLossReference`): the same value, and a gradient equal to the finite-difference gradient of
    /// the reference, for every objective and both heads.
    func testFastLossAndGradientAgreeWithThePapersEquations() {
        var rng = SeededGenerator(seed: 21)
        let objectives: [PPOObjective] = [.unclipped, .clipped(epsilon: 0.2), .adaptiveKL(target: 0.01, initialBeta: 1),
                                          .fixedKL(beta: 3)]
        for head in [PolicyHead.gaussian(dimension: 2), .categorical(actionCount: 3)] {
            let agent = ActorCritic(observationLength: 3, head: head, hiddenSizes: [8, 8], activation: .tanh)
            let theta = agent.initialParameters(initialLogStd: -0.3, using: &rng).map { $0 + 0.3 * rng.nextGaussian() }
            let batch = makeBatch(agent, theta, rows: 16, &rng)
            for objective in objectives {
                let beta = objective.initialBeta
                func reference(_ t: [Double]) -> Double {
                    ppoLossReference(agent, t, batch: batch, objective: objective, beta: beta, valueCoefficient: 0.5,
                                     entropyCoefficient: 0.01)
                }
                let (terms, gradient) = ppoLoss(agent, theta, batch: batch, objective: objective, beta: beta,
                                                valueCoefficient: 0.5, entropyCoefficient: 0.01)
                XCTAssertEqual(terms.loss, reference(theta), accuracy: 1e-12 * max(1, abs(terms.loss)), "\(head) \(objective)")
                assertGradientsAgree(gradient, centralDifferences(theta, reference), "\(head) \(objective) against the reference")
            }
        }
    }

    /// The clipped surrogate: min(rÂ, clip(r)Â), flat (derivative 0) exactly where clipping binds.
    func testClippedSurrogateCases() {
        let clip = PPOObjective.clipped(epsilon: 0.2)
        XCTAssertEqual(clip.surrogate(ratio: 1.5, advantage: 2).value, 2.4, accuracy: 1e-15)
        XCTAssertEqual(clip.surrogate(ratio: 1.5, advantage: 2).derivative, 0)
        XCTAssertEqual(clip.surrogate(ratio: 1.5, advantage: -2).value, -3)       // pessimistic side: unclipped
        XCTAssertEqual(clip.surrogate(ratio: 1.5, advantage: -2).derivative, -2)
        XCTAssertEqual(clip.surrogate(ratio: 0.5, advantage: -2).value, -1.6, accuracy: 1e-15)
        XCTAssertEqual(clip.surrogate(ratio: 0.5, advantage: -2).derivative, 0)
        XCTAssertEqual(clip.surrogate(ratio: 0.5, advantage: 2).derivative, 2)
        XCTAssertEqual(clip.surrogate(ratio: 1.1, advantage: 2).derivative, 2)
        XCTAssertEqual(PPOObjective.unclipped.surrogate(ratio: 3, advantage: 2).value, 6)
    }

    /// The adaptive KL rule: β halves below d_targ/1.5, doubles above 1.5·d_targ, else stays;
    /// other objectives keep β.
    func testAdaptiveBetaRule() {
        let adaptive = PPOObjective.adaptiveKL(target: 0.01, initialBeta: 1)
        XCTAssertEqual(adaptive.initialBeta, 1)
        XCTAssertEqual(adaptive.adaptedBeta(1, meanKL: 0.006), 0.5)
        XCTAssertEqual(adaptive.adaptedBeta(1, meanKL: 0.016), 2)
        XCTAssertEqual(adaptive.adaptedBeta(1, meanKL: 0.01), 1)
        XCTAssertEqual(PPOObjective.fixedKL(beta: 3).adaptedBeta(3, meanKL: 1), 3)
        XCTAssertEqual(PPOObjective.clipped(epsilon: 0.2).initialBeta, 0)
    }

    /// GAE equals its definition Â_t = Σ_l (γλ)^l δ_{t+l} within the episode; termination stops the
    /// bootstrap, truncation bootstraps from the episode's last observation.
    func testGeneralizedAdvantageEstimatesMatchTheDefinition() {
        var rng = SeededGenerator(seed: 21)
        let n = 12, gamma = 0.97, lambda = 0.9
        let rewards = (0..<n).map { _ in rng.nextGaussian() }
        let values = (0..<n).map { _ in rng.nextGaussian() }
        var nextValues = (0..<n).map { t in t + 1 < n ? values[t + 1] : 0.4 }
        var terminated = [Bool](repeating: false, count: n), ended = terminated
        terminated[3] = true; ended[3] = true          // a termination
        ended[7] = true; nextValues[7] = -1.3            // a truncation: bootstrap from the final observation
        nextValues[3] = 99                                // must be ignored
        let advantages = generalizedAdvantageEstimates(rewards: rewards, values: values, nextValues: nextValues,
                                                       terminated: terminated, episodeEnded: ended, gamma: gamma, lambda: lambda)
        for t in 0..<n {
            var expected = 0.0, weight = 1.0
            for u in t..<n {
                let delta = rewards[u] + (terminated[u] ? 0 : gamma * nextValues[u]) - values[u]
                expected += weight * delta
                if ended[u] { break }
                weight *= gamma * lambda
            }
            XCTAssertEqual(advantages[t], expected, accuracy: 1e-13, "t = \(t)")
        }
        XCTAssertEqual(advantages[7], rewards[7] + gamma * -1.3 - values[7], accuracy: 1e-15)
        XCTAssertEqual(advantages[3], rewards[3] - values[3], accuracy: 1e-15)
    }

    /// In a rollout, Pendulum's time limit is a truncation with a bootstrapped V(s_T), CartPole's
    /// falls are terminations; episode records are in the environment's own rewards.
    func testRolloutsSeparateTruncationFromTermination() {
        var pendulum = PPORun(environment: Pendulum(), configuration: PPOConfiguration(totalSteps: 4096), seed: 3)
        let rollout = pendulum.collectRollout()
        XCTAssertTrue(rollout.episodeEnded[199])
        XCTAssertFalse(rollout.terminated[199])
        XCTAssertNotEqual(rollout.nextValues[199], 0)
        XCTAssertEqual(rollout.episodeEnded.filter { $0 }.count, 2048 / 200)
        XCTAssertEqual(pendulum.record.episodes.map(\.length), Array(repeating: 200, count: 10))

        var cartPole = PPORun(environment: CartPole(), configuration: PPOConfiguration(totalSteps: 4096), seed: 3)
        let falls = cartPole.collectRollout()
        let ends = falls.episodeEnded.indices.filter { falls.episodeEnded[$0] }
        XCTAssertFalse(ends.isEmpty)
        XCTAssertTrue(ends.allSatisfy { falls.terminated[$0] })    // a random policy falls long before 500
        XCTAssertEqual(cartPole.record.episodes.map(\.episodeReturn), cartPole.record.episodes.map { Double($0.length) })
    }

    /// A run depends on its seed only: the same seed gives the same record, bit for bit.
    func testTrainingIsDeterministicGivenTheSeed() throws {
        var c = PPOConfiguration(totalSteps: 1024)
        c.horizon = 512
        c.objective = .adaptiveKL(target: 0.01, initialBeta: 1)
        c.normalizeRewards = true
        c.maxGradientNorm = 0.5
        let a = try PPOTraining.train(environmentID: "Pendulum-v1", configuration: c, seed: 7)
        let b = try PPOTraining.train(environmentID: "Pendulum-v1", configuration: c, seed: 7)
        XCTAssertEqual(a.episodes, b.episodes)
        XCTAssertEqual(a.updates, b.updates)
        XCTAssertEqual(a.updates.count, 2)
        // The trainer feeds each update's mean KL to the adaptive rule.
        XCTAssertEqual(a.updates[0].beta, 1)
        XCTAssertEqual(a.updates[1].beta, c.objective.adaptedBeta(1, meanKL: a.updates[0].meanKL))
        let other = try PPOTraining.train(environmentID: "Pendulum-v1", configuration: c, seed: 8)
        XCTAssertNotEqual(a.episodes, other.episodes)
    }

    /// Bad settings are rejected before any work, naming the setting.
    func testInvalidConfigurationNamesTheSetting() {
        var c = PPOConfiguration(totalSteps: 1000)
        c.minibatchSize = 4096
        XCTAssertThrowsError(try c.validate()) { XCTAssertEqual(($0 as? InputError)?.parameter, "minibatchSize") }
        c = PPOConfiguration(totalSteps: 1000)
        c.objective = .clipped(epsilon: 0)
        XCTAssertThrowsError(try c.validate()) { XCTAssertEqual(($0 as? InputError)?.parameter, "epsilon") }
        XCTAssertThrowsError(try PPOTraining.train(environmentID: "Hopper-v4", configuration: PPOConfiguration(totalSteps: 10), seed: 1)) {
            XCTAssertEqual(($0 as? InputError)?.parameter, "environment")
        }
    }
}
