import Control
import ExperimentKit
import Foundation
import Neural

/// DQN (Mnih et al. 2015) and Double DQN (van Hasselt, Guez & Silver 2016) as CleanRL's `dqn.py`
/// writes them: ε-greedy acting, a replay buffer, one minibatch step every `trainFrequency`
/// environment steps once `learningStarts` steps are stored, and a target network copied (Polyak
/// with `tau`, 1 = hard copy) every `targetNetworkFrequency` steps.
///
/// The TD target for a transition `(s, a, r, s', d)` (`d` = terminated):
///   DQN:         `y = r + γ (1 − d) max_{a'} Q(s', a'; θ′)`
///                `  = r + γ (1 − d) Q(s', argmax_{a'} Q(s', a'; θ′); θ′)`
///   Double DQN:  `y = r + γ (1 − d) Q(s', argmax_{a'} Q(s', a'; θ); θ′)`
/// (van Hasselt, Guez & Silver 2016, eq. 4: the online network θ selects, the target network θ′
/// values), and the loss is CleanRL's `F.mse_loss`, `L(θ) = (1/B) Σ_i (Q(s_i, a_i; θ) − y_i)²`,
/// minimised by Adam with `y` held fixed.
public enum DQNTarget {
    /// The targets `y_i` for a batch. `nextTarget` holds `Q(s'_i, ·; θ′)` and `nextOnline`
    /// `Q(s'_i, ·; θ)` (row-major, B × m); `nextOnline == nil` gives DQN's target (θ′ selects),
    /// otherwise Double DQN's (θ selects). Ties in the argmax go to the lowest action, as `torch.argmax`.
    public static func targets(rewards: [Double], terminated: [Bool], nextTarget: [Double], nextOnline: [Double]?,
                               actions m: Int, discount gamma: Double) -> [Double] {
        let b = rewards.count
        precondition(terminated.count == b && nextTarget.count == b * m && (nextOnline?.count ?? b * m) == b * m,
                     "batch shapes")
        return (0..<b).map { i in
            if terminated[i] { return rewards[i] }
            let selecting = nextOnline ?? nextTarget
            var best = 0
            for a in 1..<m where selecting[i * m + a] > selecting[i * m + best] { best = a }
            return rewards[i] + gamma * nextTarget[i * m + best]
        }
    }
}

public enum DQNLoss {
    /// `L = (1/B) Σ_i (Q_i[a_i] − y_i)²` and `∂L/∂Q` (B × m: `2 (Q_i[a_i] − y_i)/B` at `a_i`, 0 elsewhere).
    public static func lossAndGradient(q: [Double], actions: [Int], targets y: [Double], actionCount m: Int)
        -> (loss: Double, gradient: [Double]) {
        let b = y.count
        precondition(q.count == b * m && actions.count == b, "batch shapes")
        var loss = 0.0
        var g = [Double](repeating: 0, count: b * m)
        for i in 0..<b {
            let d = q[i * m + actions[i]] - y[i]
            loss += d * d
            g[i * m + actions[i]] = 2 * d / Double(b)
        }
        return (loss / Double(b), g)
    }
}

/// Every setting of a DQN run. `cleanRL(totalSteps:)` gives CleanRL's `dqn.py` defaults (its
/// classic-control settings, used for CartPole-v1 and Acrobot-v1 alike).
public struct DQNConfiguration: Sendable, Equatable, Codable {
    public var totalSteps: Int
    public var learningRate: Double
    public var bufferSize: Int
    public var discount: Double
    /// Polyak coefficient of the target update (1 = hard copy).
    public var tau: Double
    public var targetNetworkFrequency: Int
    public var batchSize: Int
    public var startEpsilon: Double
    public var endEpsilon: Double
    /// The fraction of `totalSteps` over which ε decays linearly from start to end.
    public var explorationFraction: Double
    public var learningStarts: Int
    public var trainFrequency: Int
    public var hiddenSizes: [Int]
    /// Double DQN's target (online network selects) instead of DQN's.
    public var doubleTarget: Bool

    /// CleanRL `dqn.py`'s defaults: 500k steps, Adam 2.5·10⁻⁴, buffer 10⁴, γ 0.99, τ 1, target copy
    /// every 500 steps, batch 128, ε 1 → 0.05 over half the run, learning from step 10⁴, a step every
    /// 10, a 120–84 ReLU network.
    public static func cleanRL(totalSteps: Int = 500_000, doubleTarget: Bool = false) -> DQNConfiguration {
        DQNConfiguration(totalSteps: totalSteps, learningRate: 2.5e-4, bufferSize: 10_000, discount: 0.99, tau: 1,
                         targetNetworkFrequency: 500, batchSize: 128, startEpsilon: 1, endEpsilon: 0.05,
                         explorationFraction: 0.5, learningStarts: 10_000, trainFrequency: 10, hiddenSizes: [120, 84],
                         doubleTarget: doubleTarget)
    }

    /// CleanRL's `linear_schedule`: `max(start + (end − start) t / (fraction · total), end)`.
    public func epsilon(atStep t: Int) -> Double {
        let duration = explorationFraction * Double(totalSteps)
        let slope = (endEpsilon - startEpsilon) / duration
        return max(slope * Double(t) + startEpsilon, endEpsilon)
    }
}

/// A DQN or Double DQN learner on a discrete-action environment: network, target, optimiser, buffer
/// and its random streams. `train` runs the loop; `qValues` is the current `Q(s, ·; θ)`.
public struct DQNLearner: Sendable {
    public let configuration: DQNConfiguration
    public let network: MLP
    public let actionCount: Int
    public private(set) var theta: [Double]
    public private(set) var targetTheta: [Double]
    var optimizer: Adam
    public private(set) var buffer: ReplayBuffer
    /// ε-greedy draws and minibatch sampling.
    var rng: SeededGenerator
    /// Episode reset seeds.
    var resetRNG: SeededGenerator
    /// Gradient steps taken.
    public private(set) var updates = 0

    /// A learner whose network is initialised as PyTorch's `nn.Linear` default (CleanRL's `QNetwork`),
    /// the target a copy. `seed` seeds everything the run draws.
    public init(configuration: DQNConfiguration, observationLength: Int, actionCount: Int, seed: UInt64) {
        self.configuration = configuration
        self.actionCount = actionCount
        network = MLP(layerSizes: [observationLength] + configuration.hiddenSizes + [actionCount], activation: .relu)
        var master = SeededGenerator(seed: seed)
        var initRNG = SeededGenerator(seed: master.next())
        rng = SeededGenerator(seed: master.next())
        resetRNG = SeededGenerator(seed: master.next())
        var theta = [Double](repeating: 0, count: network.parameterCount)
        network.initializeAsTorchLinear(&theta, using: &initRNG)
        self.theta = theta
        targetTheta = theta
        optimizer = Adam(parameterCount: theta.count, learningRate: configuration.learningRate)
        buffer = ReplayBuffer(capacity: configuration.bufferSize, observationWidth: observationLength, actionWidth: 1)
    }

    /// `Q(s, ·; θ)`.
    public func qValues(_ observation: [Double]) -> [Double] { network(theta, observation) }

    /// The first action of largest `Q(s, ·; θ)`.
    public func greedyAction(_ observation: [Double]) -> Int {
        let q = qValues(observation)
        var best = 0
        for a in 1..<q.count where q[a] > q[best] { best = a }
        return best
    }

    /// Runs `configuration.totalSteps` environment steps (CleanRL's loop, one environment), calling
    /// `checkpoint(step, self)` after step `t` whenever `t + 1` is in `checkpoints`. Returns the
    /// undiscounted returns of the episodes completed during training, with the step each ended at.
    @discardableResult
    public mutating func train<E: EpisodicEnvironment>(_ environment: inout E, checkpoints: Set<Int> = [],
                                                       checkpoint: (Int, DQNLearner) -> Void = { _, _ in })
        -> [(step: Int, episodeReturn: Double)] {
        let c = configuration
        precondition(environment.actionSet == .discrete(count: actionCount), "DQN needs \(actionCount) discrete actions")
        var observation = environment.reset(seed: resetRNG.next())
        var episodeReturn = 0.0
        var finished: [(step: Int, episodeReturn: Double)] = []
        for t in 0..<c.totalSteps {
            let epsilon = c.epsilon(atStep: t)
            let action = rng.nextUniform() < epsilon ? rng.nextInt(below: actionCount) : greedyAction(observation)
            let step = environment.step([Double(action)])
            buffer.add(observation: observation, action: [Double(action)], reward: step.reward,
                       nextObservation: step.observation, terminated: step.terminated)
            episodeReturn += step.reward
            if step.terminated || step.truncated {
                finished.append((t + 1, episodeReturn))
                episodeReturn = 0
                observation = environment.reset(seed: resetRNG.next())
            } else {
                observation = step.observation
            }
            if t > c.learningStarts {
                if t % c.trainFrequency == 0 { trainStep() }
                if t % c.targetNetworkFrequency == 0 { TargetNetwork.update(&targetTheta, toward: theta, tau: c.tau) }
            }
            if checkpoints.contains(t + 1) { checkpoint(t + 1, self) }
        }
        return finished
    }

    /// One minibatch step on `L(θ)` with the targets of `DQNTarget`.
    public mutating func trainStep() {
        let c = configuration, m = actionCount
        let batch = buffer.sample(c.batchSize, using: &rng)
        let nextTarget = network.forward(targetTheta, inputs: batch.nextObservations, batch: batch.size).output
        let nextOnline = c.doubleTarget ? network.forward(theta, inputs: batch.nextObservations, batch: batch.size).output : nil
        let y = DQNTarget.targets(rewards: batch.rewards, terminated: batch.terminated, nextTarget: nextTarget,
                                  nextOnline: nextOnline, actions: m, discount: c.discount)
        let activations = network.forward(theta, inputs: batch.observations, batch: batch.size)
        let (_, g) = DQNLoss.lossAndGradient(q: activations.output, actions: batch.actions.map { Int($0) }, targets: y,
                                             actionCount: m)
        var gradient = [Double](repeating: 0, count: theta.count)
        network.backward(theta, activations: activations, outputGradient: g, gradient: &gradient)
        optimizer.update(&theta, gradient: gradient)
        updates += 1
    }
}

extension MLP {
    /// PyTorch's default `nn.Linear` initialisation (`kaiming_uniform_(a = √5)` on the weights and the
    /// matching bias rule): every weight and bias of a layer with `m` inputs is `U(−1/√m, 1/√m)`.
    /// Draws the weights then the biases of each layer in order, from `rng`.
    public func initializeAsTorchLinear(_ theta: inout [Double], using rng: inout SeededGenerator) {
        var offset = parameterOffset
        for l in 1..<layerSizes.count {
            let m = layerSizes[l - 1], n = layerSizes[l]
            let bound = 1 / Double(m).squareRoot()
            for i in 0..<(m * n + n) { theta[offset + i] = bound * (2 * rng.nextUniform() - 1) }
            offset += m * n + n
        }
    }
}
