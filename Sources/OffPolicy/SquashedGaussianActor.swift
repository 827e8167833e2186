import ExperimentKit
import Foundation
import Neural

/// SAC's stochastic actor (Haarnoja et al. 2018, "Soft Actor-Critic Algorithms and Applications",
/// Appendix C): an MLP whose output row is `(μ, r)` (2·dim A numbers), the log standard deviation
/// squashed into `[ℓ_min, ℓ_max]` as CleanRL's `sac_continuous_action.py` (after Spinning Up and
/// D. Yarats' implementation) does,
///
///   `log σ = ℓ_min + ½ (ℓ_max − ℓ_min)(tanh r + 1)`,  `ℓ_min = −5`, `ℓ_max = 2`,
///
/// and the action `a = c + s ⊙ tanh(μ + σ ⊙ ξ)`, `ξ ~ N(0, I)`, with the density and the
/// reparametrisation gradients of `TanhGaussian` (exact log-Jacobian; CleanRL adds 10⁻⁶ inside its log,
/// Stable-Baselines3 clamps `log σ` to `[−20, 2]` instead of squashing it).
public struct SquashedGaussianActor: Sendable, Equatable {
    public let network: MLP
    public let centre: [Double]
    public let scale: [Double]
    public let logStdMin: Double
    public let logStdMax: Double

    public init(observationLength: Int, low: [Double], high: [Double], hiddenSizes: [Int], activation: Activation = .relu,
                logStdMin: Double = -5, logStdMax: Double = 2, products: ProductPrecision = .double) {
        precondition(logStdMin < logStdMax, "log σ bounds need min < max")
        network = MLP(layerSizes: [observationLength] + hiddenSizes + [2 * low.count], activation: activation,
                      products: products)
        (centre, scale) = TanhGaussian.boxCentreAndScale(low: low, high: high)
        self.logStdMin = logStdMin
        self.logStdMax = logStdMax
    }

    public var actionWidth: Int { centre.count }
    public var parameterCount: Int { network.parameterCount }

    /// A reparametrised draw on a batch, with what the gradients need.
    public struct Draw: Sendable {
        public var actions: [Double]
        /// `log π(aᵢ|sᵢ)`, one per row.
        public var logProbabilities: [Double]
        public var noise: [Double]
        public var means: [Double]
        public var logStds: [Double]
        public var activations: MLP.Activations
    }

    /// `(μ, log σ)` rows (batch × width each) from a forward pass.
    func heads(_ activations: MLP.Activations) -> (means: [Double], logStds: [Double]) {
        let d = actionWidth, out = activations.output, b = activations.batch
        var means = [Double](repeating: 0, count: b * d), logStds = means
        for i in 0..<b {
            for k in 0..<d {
                means[i * d + k] = out[i * 2 * d + k]
                logStds[i * d + k] = logStdMin + 0.5 * (logStdMax - logStdMin) * (tanh(out[i * 2 * d + d + k]) + 1)
            }
        }
        return (means, logStds)
    }

    /// Draws `aᵢ ~ π(·|sᵢ)` for `batch` observations with `noise` (one standard Gaussian per action
    /// coordinate, row-major).
    public func draw(_ phi: [Double], observations: [Double], batch: Int, noise xi: [Double]) -> Draw {
        let d = actionWidth
        precondition(xi.count == batch * d, "one noise draw per action coordinate")
        let activations = network.forward(phi, inputs: observations, batch: batch)
        let (means, logStds) = heads(activations)
        var actions = [Double](repeating: 0, count: batch * d), logProbabilities = [Double](repeating: 0, count: batch)
        for i in 0..<batch {
            let rows = (i * d)..<((i + 1) * d)
            let u = TanhGaussian.preSquash(noise: xi[rows], mean: means[rows], logStd: logStds[rows])
            actions.replaceSubrange(rows, with: TanhGaussian.action(preSquash: u, centre: centre, scale: scale))
            logProbabilities[i] = TanhGaussian.logDensity(preSquash: u, mean: means[rows], logStd: logStds[rows], scale: scale)
        }
        return Draw(actions: actions, logProbabilities: logProbabilities, noise: xi, means: means, logStds: logStds,
                    activations: activations)
    }

    /// `draw` with the noise from `rng`.
    public func sample(_ phi: [Double], observations: [Double], batch: Int, using rng: inout SeededGenerator) -> Draw {
        draw(phi, observations: observations, batch: batch, noise: (0..<(batch * actionWidth)).map { _ in rng.nextGaussian() })
    }

    /// The Monte Carlo estimate of the policy's entropy over a set of states,
    /// `Ĥ = −(1/(N K)) Σᵢ Σₖ log π(aᵢₖ|sᵢ)`, `aᵢₖ ~ π(·|sᵢ)` (K = `samplesPerState` draws at each of the
    /// `batch` states), with its standard error over the N·K terms. This is the quantity SAC's automatic
    /// temperature drives toward `H̄` (Haarnoja et al. 2018, "Soft Actor-Critic Algorithms and
    /// Applications", eq. 17–18: the constraint `E[−log π(a|s)] ≥ H̄` over the state distribution). The
    /// density is the squashed one (with the log-Jacobian of `a = c + s ⊙ tanh u`), so the estimate is the
    /// differential entropy of the action in the environment's box, which can be negative.
    public func entropyEstimate(_ phi: [Double], observations: [Double], batch: Int, samplesPerState k: Int,
                                using rng: inout SeededGenerator) -> (mean: Double, standardError: Double) {
        precondition(batch >= 1 && k >= 1, "at least one state and one draw")
        let repeated = (0..<batch).flatMap { i in
            (0..<k).flatMap { _ in observations[(i * network.inputSize)..<((i + 1) * network.inputSize)] }
        }
        let logProbabilities = sample(phi, observations: repeated, batch: batch * k, using: &rng).logProbabilities
        let terms = logProbabilities.map { -$0 }
        return (Statistics.mean(terms), terms.count > 1 ? Statistics.standardError(terms) : .nan)
    }

    /// The deterministic action `c + s ⊙ tanh(μ(s))` (evaluation).
    public func meanAction(_ phi: [Double], _ observation: [Double]) -> [Double] {
        let (means, _) = heads(network.forward(phi, inputs: observation, batch: 1))
        return TanhGaussian.action(preSquash: means, centre: centre, scale: scale)
    }

    /// Adds to `gradient` the φ-gradient of `Σᵢ [cᵢ log π(aᵢ|sᵢ) + gᵢ · aᵢ]` with ξ held fixed (the
    /// reparametrised actor loss's form: `cᵢ = α/B`, `gᵢ = −∇ₐ min Q/B`), through `TanhGaussian`'s
    /// derivatives in `(μ, log σ)`, the log-σ squash `∂ log σ/∂r = ½(ℓ_max − ℓ_min)(1 − tanh² r)` and the
    /// MLP's backward pass.
    public func backward(_ phi: [Double], draw: Draw, logDensityWeights c: [Double], actionGradient g: [Double],
                         gradient: inout [Double]) {
        let d = actionWidth, b = draw.activations.batch
        precondition(c.count == b && g.count == b * d, "batch shapes")
        var meanGradient = [Double](repeating: 0, count: b * d), logStdGradient = meanGradient
        for i in 0..<b {
            let rows = (i * d)..<((i + 1) * d)
            TanhGaussian.addActionGradient(g[rows], noise: draw.noise[rows], mean: draw.means[rows], logStd: draw.logStds[rows],
                                           scale: scale, meanGradient: &meanGradient, at: i * d,
                                           logStdGradient: &logStdGradient, at: i * d)
            TanhGaussian.addLogDensityGradient(c[i], noise: draw.noise[rows], mean: draw.means[rows], logStd: draw.logStds[rows],
                                               meanGradient: &meanGradient, at: i * d, logStdGradient: &logStdGradient, at: i * d)
        }
        let out = draw.activations.output
        var outputGradient = [Double](repeating: 0, count: b * 2 * d)
        for i in 0..<b {
            for k in 0..<d {
                outputGradient[i * 2 * d + k] = meanGradient[i * d + k]
                let t = tanh(out[i * 2 * d + d + k])
                outputGradient[i * 2 * d + d + k] = logStdGradient[i * d + k] * 0.5 * (logStdMax - logStdMin) * (1 - t * t)
            }
        }
        network.backward(phi, activations: draw.activations, outputGradient: outputGradient, gradient: &gradient)
    }
}
