import Neural

/// An action-value critic `Q_θ(s, a)`: an MLP on the concatenated input `x = (s, a)` with one linear
/// output, as CleanRL's `QNetwork` (`torch.cat([x, a], 1)`, ReLU hidden layers) and Stable-Baselines3's
/// `ContinuousCritic`. (Lillicrap et al. 2016, §7, feed the action in at the second hidden layer
/// instead; the concatenated input is what the reference implementations and Fujimoto et al. 2018
/// use.) Besides the parameter gradient of a TD loss it gives `∇ₐQ(s, a)`, the last `actionWidth`
/// columns of `∂Q/∂x`, which the deterministic policy gradient and soft Q-learning's SVGD need.
public struct QCritic: Sendable, Equatable {
    public let network: MLP
    public let observationLength: Int
    public let actionWidth: Int

    /// `parameterOffset` places the critic inside a longer θ (twin critics share one vector and one Adam,
    /// as CleanRL's single `q_optimizer` over both networks).
    public init(observationLength: Int, actionWidth: Int, hiddenSizes: [Int], activation: Activation = .relu,
                parameterOffset: Int = 0, products: ProductPrecision = .double) {
        network = MLP(layerSizes: [observationLength + actionWidth] + hiddenSizes + [1], activation: activation,
                      parameterOffset: parameterOffset, products: products)
        self.observationLength = observationLength
        self.actionWidth = actionWidth
    }

    public var parameterCount: Int { network.parameterCount }

    /// The rows `(sᵢ, aᵢ)`, row-major (batch × (observationLength + actionWidth)).
    public func inputs(observations: [Double], actions: [Double], batch: Int) -> [Double] {
        let n = observationLength, m = actionWidth
        precondition(observations.count == batch * n && actions.count == batch * m, "batch shapes")
        var x = [Double](repeating: 0, count: batch * (n + m))
        for i in 0..<batch {
            for k in 0..<n { x[i * (n + m) + k] = observations[i * n + k] }
            for k in 0..<m { x[i * (n + m) + n + k] = actions[i * m + k] }
        }
        return x
    }

    /// The forward pass on a batch: `activations.output` holds `Q_θ(sᵢ, aᵢ)`.
    public func forward(_ theta: [Double], observations: [Double], actions: [Double], batch: Int) -> MLP.Activations {
        network.forward(theta, inputs: inputs(observations: observations, actions: actions, batch: batch), batch: batch)
    }

    /// `Q_θ(sᵢ, aᵢ)` for a batch.
    public func values(_ theta: [Double], observations: [Double], actions: [Double], batch: Int) -> [Double] {
        forward(theta, observations: observations, actions: actions, batch: batch).output
    }

    /// `wᵢ ∇ₐQ_θ(sᵢ, aᵢ)` for every row (batch × actionWidth), from a forward pass, by the MLP's input
    /// gradient with output gradient `w` (`w = 1` gives `∇ₐQ` itself).
    public func actionGradient(_ theta: [Double], activations: MLP.Activations, weights w: [Double]) -> [Double] {
        let batch = activations.batch, n = observationLength, m = actionWidth
        precondition(w.count == batch, "one weight per row")
        let gx = network.inputGradient(theta, activations: activations, outputGradient: w)
        var ga = [Double](repeating: 0, count: batch * m)
        for i in 0..<batch { for k in 0..<m { ga[i * m + k] = gx[i * (n + m) + n + k] } }
        return ga
    }

    /// Adds `∂L/∂θ` of the TD loss `L(θ) = (1/B) Σᵢ (Q_θ(sᵢ, aᵢ) − yᵢ)²` (CleanRL's `F.mse_loss`, `y` fixed)
    /// to `gradient` and returns `L`.
    @discardableResult
    public func addTDLossGradient(_ theta: [Double], activations: MLP.Activations, targets y: [Double],
                                  gradient: inout [Double]) -> Double {
        let q = activations.output, b = Double(y.count)
        precondition(q.count == y.count, "one target per row")
        var loss = 0.0
        var g = [Double](repeating: 0, count: q.count)
        for i in q.indices {
            let d = q[i] - y[i]
            loss += d * d
            g[i] = 2 * d / b
        }
        network.backward(theta, activations: activations, outputGradient: g, gradient: &gradient)
        return loss / b
    }

    /// `∂/∂θ Σⱼ L_j(θ)` for critics sharing one θ (`parameterCount` long), every critic regressed on the same
    /// targets `y` at the batch's `(sᵢ, aᵢ)`: the critic step of DDPG/TD3, SAC and soft Q-learning.
    public static func tdLossGradient(_ critics: [QCritic], theta: [Double], batch: ReplayBatch, targets y: [Double]) -> [Double] {
        var gradient = [Double](repeating: 0, count: theta.count)
        for critic in critics {
            let activations = critic.forward(theta, observations: batch.observations, actions: batch.actions, batch: batch.size)
            critic.addTDLossGradient(theta, activations: activations, targets: y, gradient: &gradient)
        }
        return gradient
    }
}
