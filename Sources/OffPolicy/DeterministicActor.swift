import Foundation
import ExperimentKit
import Neural

/// The deterministic actor of DDPG and TD3 (Lillicrap et al. 2016, §7; Fujimoto et al. 2018, App. C):
/// an MLP `z = g_φ(s)` followed by tanh, scaled onto the action box,
///
///   `μ_φ(s) = c + s ⊙ tanh(g_φ(s))`,  `c = (high + low)/2`,  `s = (high − low)/2`,
///
/// as CleanRL's `Actor` (ReLU hidden layers, tanh output times `action_scale` plus `action_bias`).
/// The actor update needs `∇_φ μ_φ(s)ᵀ g` for an upstream gradient `g = ∂ℓ/∂a` (for the deterministic
/// policy gradient, `g = −∇ₐQ(s, a)|_{a = μ_φ(s)}`); `backward` gives it through
/// `∂aᵢ/∂zᵢ = sᵢ (1 − tanh² zᵢ)` and the MLP's backward pass.
public struct DeterministicActor: Sendable, Equatable {
    public let network: MLP
    public let centre: [Double]
    public let scale: [Double]

    /// Preconditions: `low < high` componentwise; positive hidden sizes.
    public init(observationLength: Int, low: [Double], high: [Double], hiddenSizes: [Int],
                activation: Activation = .relu, products: ProductPrecision = .double) {
        network = MLP(layerSizes: [observationLength] + hiddenSizes + [low.count], activation: activation, products: products)
        (centre, scale) = TanhGaussian.boxCentreAndScale(low: low, high: high)
    }

    public var actionWidth: Int { centre.count }
    public var parameterCount: Int { network.parameterCount }

    /// A forward pass on `batch` observations: the actions (batch × width) and what `backward` needs.
    public func forward(_ phi: [Double], observations: [Double], batch: Int) -> (actions: [Double], activations: MLP.Activations) {
        let activations = network.forward(phi, inputs: observations, batch: batch)
        let z = activations.output, d = actionWidth
        var a = [Double](repeating: 0, count: z.count)
        for i in z.indices { a[i] = centre[i % d] + scale[i % d] * tanh(z[i]) }
        return (a, activations)
    }

    /// `μ_φ(s)` for one observation.
    public func callAsFunction(_ phi: [Double], _ observation: [Double]) -> [Double] {
        forward(phi, observations: observation, batch: 1).actions
    }

    /// Adds `Σ_rows (∂a/∂φ)ᵀ g` to `gradient` (φ's layout), with `g = ∂ℓ/∂a` (batch × width).
    public func backward(_ phi: [Double], activations: MLP.Activations, actionGradient g: [Double],
                         gradient: inout [Double]) {
        let z = activations.output, d = actionWidth
        precondition(g.count == z.count, "one action gradient per action")
        var gz = [Double](repeating: 0, count: z.count)
        for i in z.indices {
            let t = tanh(z[i])
            gz[i] = g[i] * scale[i % d] * (1 - t * t)
        }
        network.backward(phi, activations: activations, outputGradient: gz, gradient: &gradient)
    }
}
