import ExperimentKit

/// A replay buffer (Lin 1992; Mnih et al. 2015): the last `capacity` transitions
/// `(s, a, r, s', terminated)`, overwritten oldest first, sampled uniformly **with replacement** with
/// the suite's generator (as Stable-Baselines3's buffer, which CleanRL's DQN uses, draws indices with
/// `randint`). Observations and actions are stored as flat rows of fixed widths, so the same buffer
/// holds discrete actions (width 1, the index) and continuous ones.
///
/// `terminated` marks the task's own end, where the target must not bootstrap; a time-limit truncation
/// is stored as an ordinary transition whose `s'` is the last observation of the episode (so the
/// target bootstraps there, as in CleanRL's `real_next_obs`).
public struct ReplayBuffer: Sendable {
    public let capacity: Int
    public let observationWidth: Int
    public let actionWidth: Int
    /// How many transitions are stored (≤ capacity).
    public private(set) var count = 0
    /// Where the next transition goes.
    public private(set) var cursor = 0
    var observations: [Double]
    var actions: [Double]
    var rewards: [Double]
    var nextObservations: [Double]
    var terminated: [Bool]

    /// Precondition: all sizes positive.
    public init(capacity: Int, observationWidth: Int, actionWidth: Int) {
        precondition(capacity > 0 && observationWidth > 0 && actionWidth > 0, "positive sizes")
        self.capacity = capacity
        self.observationWidth = observationWidth
        self.actionWidth = actionWidth
        observations = Array(repeating: 0, count: capacity * observationWidth)
        nextObservations = observations
        actions = Array(repeating: 0, count: capacity * actionWidth)
        rewards = Array(repeating: 0, count: capacity)
        terminated = Array(repeating: false, count: capacity)
    }

    /// Stores one transition, overwriting the oldest when full.
    public mutating func add(observation: [Double], action: [Double], reward: Double, nextObservation: [Double],
                             terminated done: Bool) {
        precondition(observation.count == observationWidth && nextObservation.count == observationWidth
                     && action.count == actionWidth, "transition widths")
        let i = cursor
        for k in 0..<observationWidth {
            observations[i * observationWidth + k] = observation[k]
            nextObservations[i * observationWidth + k] = nextObservation[k]
        }
        for k in 0..<actionWidth { actions[i * actionWidth + k] = action[k] }
        rewards[i] = reward
        terminated[i] = done
        cursor = (cursor + 1) % capacity
        count = min(count + 1, capacity)
    }

    /// `size` indices drawn uniformly from the stored transitions, with replacement (one
    /// `nextInt(below: count)` each). Precondition: at least one transition stored.
    public func sampleIndices(_ size: Int, using rng: inout SeededGenerator) -> [Int] {
        precondition(count > 0, "sampling an empty replay buffer")
        return (0..<size).map { _ in rng.nextInt(below: count) }
    }

    /// The transitions at `indices`, as row-major batches.
    public func batch(_ indices: [Int]) -> ReplayBatch {
        var b = ReplayBatch(size: indices.count, observationWidth: observationWidth, actionWidth: actionWidth)
        for (row, i) in indices.enumerated() {
            precondition(i >= 0 && i < count, "index \(i) outside the \(count) stored transitions")
            for k in 0..<observationWidth {
                b.observations[row * observationWidth + k] = observations[i * observationWidth + k]
                b.nextObservations[row * observationWidth + k] = nextObservations[i * observationWidth + k]
            }
            for k in 0..<actionWidth { b.actions[row * actionWidth + k] = actions[i * actionWidth + k] }
            b.rewards[row] = rewards[i]
            b.terminated[row] = terminated[i]
        }
        return b
    }

    /// `batch(sampleIndices(size, using:))`.
    public func sample(_ size: Int, using rng: inout SeededGenerator) -> ReplayBatch {
        batch(sampleIndices(size, using: &rng))
    }
}

/// A minibatch of transitions, row-major.
public struct ReplayBatch: Sendable, Equatable {
    public var size: Int
    public var observations: [Double]
    public var actions: [Double]
    public var rewards: [Double]
    public var nextObservations: [Double]
    public var terminated: [Bool]

    init(size: Int, observationWidth: Int, actionWidth: Int) {
        self.size = size
        observations = Array(repeating: 0, count: size * observationWidth)
        nextObservations = observations
        actions = Array(repeating: 0, count: size * actionWidth)
        rewards = Array(repeating: 0, count: size)
        terminated = Array(repeating: false, count: size)
    }
}
