import Control
import ExperimentKit
import Neural
import TestSupport
import XCTest
@testable import OffPolicy

/// Sources/OffPolicy (C11's DQN and Double DQN): targets on hand-made numbers, the replay buffer's
/// determinism and ring order, the TD loss's gradient through the MLP against finite differences, the
/// target update, CleanRL's ε schedule and the value-estimate probe's returns.
final class OffPolicyTests: XCTestCase {
    /// Two transitions, three actions, γ = 0.5. Row 0: θ′ gives (1, 5, 2), θ gives (4, 0, 3): DQN's target
    /// is r + γ·5 = 3.5; Double DQN's selects a = 0 with θ and values it with θ′: 1 + 0.5·1 = 1.5. Row 1 is
    /// terminal: both targets are r.
    func testTargetsByHand() {
        let nextTarget: [Double] = [1, 5, 2, 7, 7, 7], nextOnline: [Double] = [4, 0, 3, 0, 9, 0]
        let dqn = DQNTarget.targets(rewards: [1, -2], terminated: [false, true], nextTarget: nextTarget, nextOnline: nil,
                                    actions: 3, discount: 0.5)
        let ddqn = DQNTarget.targets(rewards: [1, -2], terminated: [false, true], nextTarget: nextTarget, nextOnline: nextOnline,
                                     actions: 3, discount: 0.5)
        XCTAssertEqual(dqn, [3.5, -2])
        XCTAssertEqual(ddqn, [1.5, -2])
        // When θ = θ′ the two targets coincide.
        XCTAssertEqual(DQNTarget.targets(rewards: [1], terminated: [false], nextTarget: [1, 5, 2], nextOnline: [1, 5, 2], actions: 3,
                                         discount: 0.5), [3.5])
    }

    func testLossByHand() {
        // Q = (1, 2 | 3, 4), actions (1, 0), y = (0, 5): L = ((2−0)² + (3−5)²)/2 = 4; ∂L/∂Q = (0, 2 | −2, 0).
        let (loss, g) = DQNLoss.lossAndGradient(q: [1, 2, 3, 4], actions: [1, 0], targets: [0, 5], actionCount: 2)
        XCTAssertEqual(loss, 4)
        XCTAssertEqual(g, [0, 2, -2, 0])
    }

    /// The gradient of L(θ) = (1/B)Σ(Q(s_i,a_i;θ) − y_i)² through the MLP's backward pass equals central
    /// finite differences, on a random network, batch and targets.
    func testTDLossGradientAgainstFiniteDifferences() {
        let mlp = MLP(layerSizes: [4, 7, 5, 3], activation: .relu)
        var rng = SeededGenerator(seed: 11)
        var theta = [Double](repeating: 0, count: mlp.parameterCount)
        mlp.initializeAsTorchLinear(&theta, using: &rng)
        let batch = 6
        let inputs = (0..<(batch * 4)).map { _ in rng.nextGaussian() }
        let actions = (0..<batch).map { _ in rng.nextInt(below: 3) }
        let y = (0..<batch).map { _ in rng.nextGaussian() }
        func loss(_ t: [Double]) -> Double {
            DQNLoss.lossAndGradient(q: mlp.forward(t, inputs: inputs, batch: batch).output, actions: actions, targets: y,
                                    actionCount: 3).loss
        }
        let activations = mlp.forward(theta, inputs: inputs, batch: batch)
        let g = DQNLoss.lossAndGradient(q: activations.output, actions: actions, targets: y, actionCount: 3).gradient
        var analytic = [Double](repeating: 0, count: theta.count)
        mlp.backward(theta, activations: activations, outputGradient: g, gradient: &analytic)
        assertGradientsAgree(analytic, centralDifferences(theta, loss), "TD loss through the MLP")
    }

    /// The same seed gives the same indices and batch; the buffer overwrites its oldest transition when full.
    func testReplayBufferDeterminismAndRing() {
        var buffer = ReplayBuffer(capacity: 3, observationWidth: 2, actionWidth: 1)
        for i in 0..<5 {
            let x = Double(i)
            buffer.add(observation: [x, -x], action: [x], reward: 10 * x, nextObservation: [x + 1, 0], terminated: i == 4)
        }
        XCTAssertEqual(buffer.count, 3)
        XCTAssertEqual(buffer.cursor, 2)
        // Slots hold transitions 3, 4, 2.
        XCTAssertEqual(buffer.batch([0, 1, 2]).rewards, [30, 40, 20])
        XCTAssertEqual(buffer.batch([1]).terminated, [true])
        XCTAssertEqual(buffer.batch([2]).observations, [2, -2])
        var a = SeededGenerator(seed: 5), b = SeededGenerator(seed: 5)
        let first = buffer.sample(64, using: &a), second = buffer.sample(64, using: &b)
        XCTAssertEqual(first, second)
        XCTAssertEqual(Set(first.rewards), [20, 30, 40], "uniform sampling reaches every slot")
        var c = SeededGenerator(seed: 6)
        XCTAssertNotEqual(buffer.sampleIndices(64, using: &c), buffer.sampleIndices(64, using: &a))
    }

    func testTargetUpdate() {
        var target: [Double] = [0, 10]
        TargetNetwork.update(&target, toward: [1, 0], tau: 0.25)
        XCTAssertEqual(target, [0.25, 7.5])
        TargetNetwork.update(&target, toward: [3, 4], tau: 1)
        XCTAssertEqual(target, [3, 4])
    }

    /// CleanRL's linear schedule: 1 at t = 0, 0.525 at a quarter of the run, 0.05 from half the run on.
    func testEpsilonSchedule() {
        let c = DQNConfiguration.cleanRL(totalSteps: 1000)
        XCTAssertEqual(c.epsilon(atStep: 0), 1)
        XCTAssertEqual(c.epsilon(atStep: 250), 0.525, accuracy: 1e-15)
        XCTAssertEqual(c.epsilon(atStep: 500), 0.05, accuracy: 1e-15)
        XCTAssertEqual(c.epsilon(atStep: 900), 0.05)
    }

    /// G_t = r_t + γG_{t+1}; k with γ^k ≤ 10⁻³ at γ = 0.99 is 688.
    func testProbeReturnsAndTail() {
        XCTAssertEqual(ValueEstimateProbe.discountedReturns([1, 2, 4], discount: 0.5), [3, 4, 4])
        XCTAssertEqual(ValueEstimateProbe.tailSteps(discount: 0.99, tolerance: 1e-3), 688)
        // On CartPole with a constant Q the probe runs the greedy action (0) until termination; every G_t is
        // exact there, and predicted Q(s_t, a_t) is the constant.
        var env = TimeLimited(CartPole())
        let e = ValueEstimateProbe.run(&env, seed: 3, discount: 0.99, scoredSteps: 500, tailSteps: 688, registeredLimit: 500) { _ in [2, 1] }
        XCTAssertTrue(e.terminated)
        XCTAssertEqual(e.predicted, Array(repeating: 2, count: e.length))
        XCTAssertEqual(e.returns.last, 1)
        XCTAssertEqual(e.registeredReturn, Double(e.length))
    }

    /// Training is a pure function of the seed.
    func testTrainingIsDeterministic() {
        var c = DQNConfiguration.cleanRL(totalSteps: 400, doubleTarget: true)
        c.learningStarts = 50
        c.targetNetworkFrequency = 100
        func run() -> [Double] {
            var env = TimeLimited(CartPole())
            var learner = DQNLearner(configuration: c, observationLength: 4, actionCount: 2, seed: 42)
            learner.train(&env)
            return learner.theta
        }
        XCTAssertEqual(run(), run())
    }
}
