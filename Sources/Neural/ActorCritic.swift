import ExperimentKit

/// How the policy network's outputs define π(·|s).
public enum PolicyHead: Sendable, Equatable {
    /// N(μ(s), diag σ²) over `dimension` actions: the network outputs μ(s); log σ is a
    /// state-independent parameter vector in θ.
    case gaussian(dimension: Int)
    /// softmax(z(s)) over `actionCount` actions: the network outputs the logits z(s).
    case categorical(actionCount: Int)

    /// The policy network's output size.
    public var networkOutputs: Int {
        switch self {
        case .gaussian(let d): return d
        case .categorical(let k): return k
        }
    }

    /// How many numbers store one action (the index for a categorical head).
    public var actionWidth: Int {
        switch self {
        case .gaussian(let d): return d
        case .categorical: return 1
        }
    }
}

extension PolicyHead {
    /// log π(a|s) from the network's output row for s (means or logits) and log σ (empty for a
    /// categorical head): the one dispatch every policy type shares.
    public func logProbability(outputs: ArraySlice<Double>, logStd: ArraySlice<Double>, action: ArraySlice<Double>) -> Double {
        switch self {
        case .gaussian: return DiagonalGaussian.logDensity(action, mean: outputs, logStd: logStd)
        case .categorical: return Categorical.logProbabilities(outputs)[Int(action[action.startIndex])]
        }
    }

    /// KL(π_old(·|s) ‖ π(·|s)) from the old and current output rows and log σ.
    public func klDivergence(oldOutputs: ArraySlice<Double>, oldLogStd: ArraySlice<Double>,
                             outputs: ArraySlice<Double>, logStd: ArraySlice<Double>) -> Double {
        switch self {
        case .gaussian:
            return DiagonalGaussian.klDivergence(meanP: oldOutputs, logStdP: oldLogStd, meanQ: outputs, logStdQ: logStd)
        case .categorical:
            return Categorical.klDivergence(oldOutputs, outputs)
        }
    }

    /// a ~ π(·|s) from the output row for s.
    public func sampleAction(outputs: ArraySlice<Double>, logStd: ArraySlice<Double>,
                             using rng: inout SeededGenerator) -> [Double] {
        switch self {
        case .gaussian: return DiagonalGaussian.sample(mean: outputs, logStd: logStd, using: &rng)
        case .categorical: return [Double(Categorical.sample(outputs, using: &rng))]
        }
    }
}

/// A policy network and a separate value network (no shared layers, as in the PPO paper's
/// MuJoCo experiments), with every parameter in one vector θ laid out as
/// [policy MLP | log σ (Gaussian head only) | value MLP].
public struct ActorCritic: Sendable, Equatable {
    public let head: PolicyHead
    public let policy: MLP
    /// Where log σ starts in θ (equal to `value.parameterOffset` for a categorical head).
    public let logStdOffset: Int
    public let value: MLP

    /// Precondition: positive sizes.
    public init(observationLength: Int, head: PolicyHead, hiddenSizes: [Int], activation: Activation) {
        policy = MLP(layerSizes: [observationLength] + hiddenSizes + [head.networkOutputs], activation: activation)
        self.head = head
        logStdOffset = policy.parameterEnd
        let logStdCount: Int
        if case .gaussian(let d) = head { logStdCount = d } else { logStdCount = 0 }
        value = MLP(layerSizes: [observationLength] + hiddenSizes + [1], activation: activation,
                    parameterOffset: logStdOffset + logStdCount)
    }

    public var parameterCount: Int { value.parameterEnd }
    public var observationLength: Int { policy.inputSize }

    /// θ₀ as the PPO implementations initialise it (Baselines, Stable-Baselines3, CleanRL):
    /// orthogonal weights with gain √2 in hidden layers, 0.01 in the policy's output layer and 1 in
    /// the value's; zero biases; log σ = `initialLogStd`.
    public func initialParameters(initialLogStd: Double = 0, using rng: inout SeededGenerator) -> [Double] {
        var theta = [Double](repeating: 0, count: parameterCount)
        let hiddenGain = 2.0.squareRoot()
        policy.initialize(&theta, hiddenGain: hiddenGain, outputGain: 0.01, using: &rng)
        for i in logStdOffset..<value.parameterOffset { theta[i] = initialLogStd }
        value.initialize(&theta, hiddenGain: hiddenGain, outputGain: 1, using: &rng)
        return theta
    }

    /// log σ (empty for a categorical head).
    public func logStd(_ theta: [Double]) -> ArraySlice<Double> { theta[logStdOffset..<value.parameterOffset] }

    /// log π(a|s) from the policy network's output row for s.
    public func logProbability(_ theta: [Double], outputs: ArraySlice<Double>, action: ArraySlice<Double>) -> Double {
        head.logProbability(outputs: outputs, logStd: logStd(theta), action: action)
    }

    /// H(π(·|s)).
    public func entropy(_ theta: [Double], outputs: ArraySlice<Double>) -> Double {
        switch head {
        case .gaussian: return DiagonalGaussian.entropy(logStd: logStd(theta))
        case .categorical: return Categorical.entropy(outputs)
        }
    }

    /// KL(π_old(·|s) ‖ π_θ(·|s)), from the old policy's output row and log σ and the current ones.
    public func klDivergence(oldOutputs: ArraySlice<Double>, oldLogStd: ArraySlice<Double>,
                             _ theta: [Double], outputs: ArraySlice<Double>) -> Double {
        head.klDivergence(oldOutputs: oldOutputs, oldLogStd: oldLogStd, outputs: outputs, logStd: logStd(theta))
    }

    /// a ~ π(·|s) from the output row for s.
    public func sampleAction(_ theta: [Double], outputs: ArraySlice<Double>, using rng: inout SeededGenerator) -> [Double] {
        head.sampleAction(outputs: outputs, logStd: logStd(theta), using: &rng)
    }

    /// What PPO's loss needs at one state, computed once: log π(a|s), KL(π_old(·|s) ‖ π_θ(·|s)),
    /// H(π_θ(·|s)), and, for a categorical head, both softmaxes (reused by the gradient).
    public struct StateTerms {
        public let logProbability: Double
        public let klDivergence: Double
        public let entropy: Double
        let logProbabilities: [Double], oldLogProbabilities: [Double]
    }

    public func stateTerms(_ theta: [Double], outputs: ArraySlice<Double>, action: ArraySlice<Double>,
                           oldOutputs: ArraySlice<Double>, oldLogStd: ArraySlice<Double>) -> StateTerms {
        switch head {
        case .gaussian:
            return StateTerms(logProbability: logProbability(theta, outputs: outputs, action: action),
                              klDivergence: klDivergence(oldOutputs: oldOutputs, oldLogStd: oldLogStd, theta, outputs: outputs),
                              entropy: entropy(theta, outputs: outputs), logProbabilities: [], oldLogProbabilities: [])
        case .categorical:
            let lq = Categorical.logProbabilities(outputs), lp = Categorical.logProbabilities(oldOutputs)
            return StateTerms(logProbability: lq[Int(action[action.startIndex])],
                              klDivergence: Categorical.klDivergence(logProbabilitiesP: lp, logProbabilitiesQ: lq),
                              entropy: Categorical.entropy(logProbabilities: lq),
                              logProbabilities: lq, oldLogProbabilities: lp)
        }
    }

    /// Adds to `outputGradient` (row `row` of a batch × networkOutputs array) and to θ's log σ
    /// entries of `gradient` the gradient of
    ///   c_logπ · log π(a|s) + c_KL · KL(π_old(·|s) ‖ π(·|s)) + c_H · H(π(·|s))
    /// with respect to the output row and log σ; `terms` are this state's `stateTerms`.
    public func addPolicyGradient(_ theta: [Double], outputs: ArraySlice<Double>, action: ArraySlice<Double>,
                                  oldOutputs: ArraySlice<Double>, oldLogStd: ArraySlice<Double>, terms: StateTerms,
                                  logProbabilityCoefficient: Double, klCoefficient: Double, entropyCoefficient: Double,
                                  outputGradient: inout [Double], row: Int, gradient: inout [Double]) {
        let o = row * head.networkOutputs
        switch head {
        case .gaussian(let d):
            let sigma = logStd(theta)
            DiagonalGaussian.addLogDensityGradient(logProbabilityCoefficient, action, mean: outputs, logStd: sigma,
                                                   meanGradient: &outputGradient, at: o,
                                                   logStdGradient: &gradient, at: logStdOffset)
            if klCoefficient != 0 {
                DiagonalGaussian.addKLGradientWithRespectToQ(klCoefficient, meanP: oldOutputs, logStdP: oldLogStd,
                                                             meanQ: outputs, logStdQ: sigma,
                                                             meanGradient: &outputGradient, at: o,
                                                             logStdGradient: &gradient, at: logStdOffset)
            }
            if entropyCoefficient != 0 {
                for i in 0..<d { gradient[logStdOffset + i] += entropyCoefficient }
            }
        case .categorical:
            Categorical.addLogProbabilityGradient(logProbabilityCoefficient, action: Int(action[action.startIndex]),
                                                  logProbabilities: terms.logProbabilities, into: &outputGradient, at: o)
            if klCoefficient != 0 {
                Categorical.addKLGradientWithRespectToQ(klCoefficient, logProbabilitiesP: terms.oldLogProbabilities,
                                                        logProbabilitiesQ: terms.logProbabilities, into: &outputGradient, at: o)
            }
            if entropyCoefficient != 0 {
                Categorical.addEntropyGradient(entropyCoefficient, logProbabilities: terms.logProbabilities,
                                               into: &outputGradient, at: o)
            }
        }
    }
}
