import Control
import ExperimentKit
import Foundation
import Neural

/// A stochastic policy π_θ(a|s) as Duan et al. (2016, §5 "Policy representation") use it: an MLP
/// maps s to the distribution's parameters — the mean of a Gaussian whose log σ is a
/// state-independent vector in θ, or the logits of a categorical — with θ laid out as
/// [MLP | log σ (Gaussian head only)]. No value network: the batch algorithms use rllab's
/// `LinearFeatureBaseline`, the gradient-free ones no baseline at all.
///
/// Every density, KL and gradient formula is the one in `Neural` (`DiagonalGaussian`,
/// `Categorical`); this type only dispatches on the head and runs the MLP's passes.
public struct PolicyNetwork: Sendable, Equatable {
    public let head: PolicyHead
    public let network: MLP

    /// Precondition: positive sizes.
    public init(observationLength: Int, head: PolicyHead, hiddenSizes: [Int], activation: Activation = .tanh) {
        self.head = head
        network = MLP(layerSizes: [observationLength] + hiddenSizes + [head.networkOutputs], activation: activation)
    }

    /// The policy for an environment's action set: Gaussian over a box, categorical over a discrete set.
    public init(observationLength: Int, actionSet: ActionSet, hiddenSizes: [Int], activation: Activation = .tanh) {
        let head: PolicyHead
        switch actionSet {
        case .discrete(let count): head = .categorical(actionCount: count)
        case .box(let low, _): head = .gaussian(dimension: low.count)
        }
        self.init(observationLength: observationLength, head: head, hiddenSizes: hiddenSizes, activation: activation)
    }

    /// Where log σ starts in θ (= the parameter count for a categorical head).
    public var logStdOffset: Int { network.parameterEnd }
    public var parameterCount: Int {
        if case .gaussian(let d) = head { return network.parameterEnd + d }
        return network.parameterEnd
    }
    public var observationLength: Int { network.inputSize }

    /// θ₀: orthogonal weights (gain √2 in hidden layers, 0.01 in the output layer), zero biases,
    /// log σ = `initialLogStd`. (rllab initialises with Glorot-uniform weights; the suite keeps
    /// one initialiser, `MLP.initialize`, and says so.)
    public func initialParameters(initialLogStd: Double = 0, using rng: inout SeededGenerator) -> [Double] {
        var theta = [Double](repeating: 0, count: parameterCount)
        network.initialize(&theta, hiddenGain: 2.0.squareRoot(), outputGain: 0.01, using: &rng)
        for i in logStdOffset..<parameterCount { theta[i] = initialLogStd }
        return theta
    }

    /// log σ (empty for a categorical head).
    public func logStd(_ theta: [Double]) -> ArraySlice<Double> { theta[logStdOffset..<parameterCount] }

    /// The forward pass on `batch` observations (row-major): its `output` holds the distribution
    /// parameters (means or logits), one row per observation.
    public func forward(_ theta: [Double], observations: [Double], batch: Int) -> MLP.Activations {
        network.forward(theta, inputs: observations, batch: batch)
    }

    /// log π(a|s) from the network's output row for s.
    public func logProbability(_ theta: [Double], outputs: ArraySlice<Double>, action: ArraySlice<Double>) -> Double {
        head.logProbability(outputs: outputs, logStd: logStd(theta), action: action)
    }

    /// log π(aᵢ|sᵢ) for every row of a forward pass.
    public func logProbabilities(_ theta: [Double], outputs: [Double], actions: [Double]) -> [Double] {
        let k = head.networkOutputs, w = head.actionWidth
        return (0..<(outputs.count / k)).map { i in
            logProbability(theta, outputs: outputs[(i * k)..<((i + 1) * k)], action: actions[(i * w)..<((i + 1) * w)])
        }
    }

    /// a ~ π(·|s) from the output row for s.
    public func sampleAction(_ theta: [Double], outputs: ArraySlice<Double>, using rng: inout SeededGenerator) -> [Double] {
        head.sampleAction(outputs: outputs, logStd: logStd(theta), using: &rng)
    }

    /// KL(π_old(·|s) ‖ π_θ(·|s)) from the old output row and log σ and the current ones.
    public func klDivergence(oldOutputs: ArraySlice<Double>, oldLogStd: ArraySlice<Double>,
                             _ theta: [Double], outputs: ArraySlice<Double>) -> Double {
        head.klDivergence(oldOutputs: oldOutputs, oldLogStd: oldLogStd, outputs: outputs, logStd: logStd(theta))
    }

    /// ∇_θ Σᵢ cᵢ log π_θ(aᵢ|sᵢ) over the rows of a forward pass at θ: the per-row gradients with
    /// respect to the distribution parameters (`Neural`'s formulas), pulled back through the MLP
    /// by its backward pass; the log σ entries are summed directly.
    public func logProbabilityGradient(_ theta: [Double], activations: MLP.Activations, actions: [Double],
                                       coefficients c: [Double]) -> [Double] {
        let k = head.networkOutputs, w = head.actionWidth, n = activations.batch
        precondition(c.count == n && actions.count == n * w)
        let outputs = activations.output
        var outputGradient = [Double](repeating: 0, count: n * k)
        var gradient = [Double](repeating: 0, count: theta.count)
        for i in 0..<n where c[i] != 0 {
            let row = outputs[(i * k)..<((i + 1) * k)], action = actions[(i * w)..<((i + 1) * w)]
            switch head {
            case .gaussian:
                DiagonalGaussian.addLogDensityGradient(c[i], action, mean: row, logStd: logStd(theta),
                                                       meanGradient: &outputGradient, at: i * k,
                                                       logStdGradient: &gradient, at: logStdOffset)
            case .categorical:
                Categorical.addLogProbabilityGradient(c[i], action: Int(action[action.startIndex]),
                                                      logProbabilities: Categorical.logProbabilities(row),
                                                      into: &outputGradient, at: i * k)
            }
        }
        network.backward(theta, activations: activations, outputGradient: outputGradient, gradient: &gradient)
        return gradient
    }
}
