import Neural
/// What PPO's update reads from a rollout, one row per step (row-major where a row is a vector).
public struct PPOBatch: Sendable {
    public var observations: [Double]
    public var actions: [Double]
    /// log π_old(a_t|s_t).
    public var oldLogProbabilities: [Double]
    /// π_old's network outputs at s_t (mean or logits), for the KL terms.
    public var oldOutputs: [Double]
    /// π_old's log σ (state-independent; empty for a categorical head).
    public var oldLogStd: [Double]
    /// Â_t (normalised or not, as the update uses them).
    public var advantages: [Double]
    /// The value targets R̂_t = Â_t + V_old(s_t) (before any normalisation of Â).
    public var returns: [Double]

    public var count: Int { advantages.count }

    public init(observations: [Double], actions: [Double], oldLogProbabilities: [Double], oldOutputs: [Double],
                oldLogStd: [Double], advantages: [Double], returns: [Double]) {
        self.observations = observations
        self.actions = actions
        self.oldLogProbabilities = oldLogProbabilities
        self.oldOutputs = oldOutputs
        self.oldLogStd = oldLogStd
        self.advantages = advantages
        self.returns = returns
    }

    /// The rows `indices`, in that order.
    public func rows(_ indices: ArraySlice<Int>, agent: ActorCritic) -> PPOBatch {
        func gather(_ source: [Double], width: Int) -> [Double] {
            var out: [Double] = []
            out.reserveCapacity(indices.count * width)
            for i in indices { out.append(contentsOf: source[(i * width)..<((i + 1) * width)]) }
            return out
        }
        return PPOBatch(observations: gather(observations, width: agent.observationLength),
                        actions: gather(actions, width: agent.head.actionWidth),
                        oldLogProbabilities: gather(oldLogProbabilities, width: 1),
                        oldOutputs: gather(oldOutputs, width: agent.head.networkOutputs),
                        oldLogStd: oldLogStd,
                        advantages: gather(advantages, width: 1),
                        returns: gather(returns, width: 1))
    }
}
