import Control
import ExperimentKit
import Neural
import XCTest
@testable import OffPolicy

/// TD3 (Fujimoto et al. 2018): the clipped double-Q target and target-policy smoothing on hand-made
/// numbers and through the networks, the delayed updates' count, and the ablation switches.
final class TD3Tests: XCTestCase {
    static func smallConfiguration(totalSteps: Int = 300) -> DeterministicActorCriticConfiguration {
        var c = TD3.cleanRL(totalSteps: totalSteps, learningStarts: 50)
        c.actorHiddenSizes = [8, 6]
        c.criticHiddenSizes = [7, 5]
        c.batchSize = 16
        return c
    }

    /// min(Q′₁, Q′₂) row by row, then y = r + γ(1 − d)min: Q′₁ = (3, −1, 5), Q′₂ = (2, 4, 9), γ = 0.9,
    /// r = (1, 1, 1), d = (no, no, yes): y = (2.8, 0.1, 1).
    func testClippedDoubleQTargetByHand() {
        let v = BootstrappedTarget.clippedDoubleQ([3, -1, 5], [2, 4, 9])
        XCTAssertEqual(v, [2, -1, 5])
        let y = BootstrappedTarget.targets(rewards: [1, 1, 1], terminated: [false, false, true], nextValues: v, discount: 0.9)
        XCTAssertEqual(y[0], 2.8, accuracy: 1e-15)
        XCTAssertEqual(y[1], 0.1, accuracy: 1e-15)
        XCTAssertEqual(y[2], 1)
    }

    /// ã' = clip(a + s·clip(σξ, −c, c), low, high) with σ = 0.2, c = 0.5 on the box [−2, 2] (s = 2):
    /// ξ = 1 → +0.4; ξ = 5 → noise clipped to 0.5 → +1; ξ = −10 → −1; a = 1.8, ξ = 2 → 1.8 + 0.8 → box clip 2.
    func testTargetSmoothingClipsNoiseThenAction() {
        let smoothing = TargetPolicySmoothing(standardDeviation: 0.2, clip: 0.5)
        let out = smoothing.smoothed([0, 0, 0, 1.8], noise: [1, 5, -10, 2], scale: [2], low: [-2], high: [2])
        XCTAssertEqual(out[0], 0.4, accuracy: 1e-15)
        XCTAssertEqual(out[1], 1)
        XCTAssertEqual(out[2], -1)
        XCTAssertEqual(out[3], 2)
    }

    /// The learner's target through its networks: y = r + γ min_j Q′ⱼ(s', ã'), ã' smoothed with the
    /// same Gaussian draws.
    func testTD3TargetThroughTheNetworks() throws {
        let learner = try DeterministicActorCritic(configuration: Self.smallConfiguration(), observationLength: 2,
                                                   low: [-1, -3], high: [1, 3], seed: 12)
        XCTAssertNotNil(learner.critic2)
        var buffer = ReplayBuffer(capacity: 2, observationWidth: 2, actionWidth: 2)
        buffer.add(observation: [0.3, -0.2], action: [0.5, 1], reward: 0.25, nextObservation: [0.7, 0.1], terminated: false)
        var rng = SeededGenerator(seed: 6), copy = rng
        let y = learner.criticTargets(buffer.batch([0]), using: &rng)
        let s1 = [0.7, 0.1]
        let xi = [copy.nextGaussian(), copy.nextGaussian()]
        let a = learner.actor(learner.targetPhi, s1)
        let smoothed = learner.configuration.targetSmoothing!.smoothed(a, noise: xi, scale: [1, 3], low: [-1, -3], high: [1, 3])
        let q1 = learner.critic1.values(learner.targetTheta, observations: s1, actions: smoothed, batch: 1)[0]
        let q2 = learner.critic2!.values(learner.targetTheta, observations: s1, actions: smoothed, batch: 1)[0]
        XCTAssertNotEqual(q1, q2)
        XCTAssertEqual(y[0], 0.25 + 0.99 * min(q1, q2), accuracy: 1e-14)
    }

    /// With d = 2 the actor and the targets move on every second critic update only: after 7 critic
    /// updates, 3 actor updates, and after an odd-numbered update the targets are unchanged.
    func testDelayedUpdatesCount() throws {
        var learner = try DeterministicActorCritic(configuration: Self.smallConfiguration(), observationLength: 2,
                                                   low: [-1], high: [1], seed: 3)
        var buffer = ReplayBuffer(capacity: 20, observationWidth: 2, actionWidth: 1)
        var rng = SeededGenerator(seed: 9)
        for _ in 0..<20 {
            buffer.add(observation: [rng.nextGaussian(), rng.nextGaussian()], action: [2 * rng.nextUniform() - 1],
                       reward: rng.nextGaussian(), nextObservation: [rng.nextGaussian(), rng.nextGaussian()], terminated: false)
        }
        for k in 1...7 {
            let (phi, targetPhi, targetTheta) = (learner.phi, learner.targetPhi, learner.targetTheta)
            learner.update(buffer: buffer, using: &rng)
            if k % 2 == 1 {
                XCTAssertEqual(learner.phi, phi, "update \(k): actor must wait")
                XCTAssertEqual(learner.targetPhi, targetPhi)
                XCTAssertEqual(learner.targetTheta, targetTheta)
            } else {
                XCTAssertNotEqual(learner.phi, phi, "update \(k): actor moves")
                XCTAssertNotEqual(learner.targetTheta, targetTheta)
            }
        }
        XCTAssertEqual(learner.criticUpdates, 7)
        XCTAssertEqual(learner.actorUpdates, 3)
    }

    /// The ablation switches: all on is TD3 (two critics, d = 2, σ̃ = 0.2, c = 0.5); all off leaves one
    /// critic, d = 1 and no smoothing (DDPG) with the other settings kept.
    func testAblationSwitches() throws {
        let td3 = TD3.fujimoto2018()
        XCTAssertTrue(td3.twinCritics)
        XCTAssertEqual(td3.policyDelay, 2)
        XCTAssertEqual(td3.targetSmoothing, TargetPolicySmoothing(standardDeviation: 0.2, clip: 0.5))
        let off = TD3.ablation(td3, clippedDoubleQ: false, delayedPolicyUpdates: false, targetPolicySmoothing: false)
        XCTAssertFalse(off.twinCritics)
        XCTAssertEqual(off.policyDelay, 1)
        XCTAssertNil(off.targetSmoothing)
        XCTAssertEqual(off.batchSize, 100)
        let single = try DeterministicActorCritic(configuration: off, observationLength: 3, low: [-1], high: [1], seed: 0)
        XCTAssertNil(single.critic2)
        XCTAssertEqual(single.theta.count, single.critic1.parameterCount)
    }
}
