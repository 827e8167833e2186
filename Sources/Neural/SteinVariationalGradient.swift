import Foundation

/// The RBF kernel of Stein variational gradient descent (Liu & Wang 2016, §5):
/// `k(x, y) = exp(−‖x − y‖²/h)` with bandwidth `h > 0`.
public struct RBFKernel: Sendable, Equatable {
    public let bandwidth: Double

    /// Precondition: `h > 0` and finite.
    public init(bandwidth h: Double) {
        precondition(h > 0 && h.isFinite, "RBF bandwidth must be positive and finite")
        bandwidth = h
    }

    /// The median heuristic `h = med²/log(n + 1)`, `med²` the median of the squared distances
    /// `‖xᵢ − xⱼ‖²` over all `n²` ordered pairs, the diagonal's zeros included (the median of an even
    /// count is the mean of the two middle values). Liu & Wang (2016, §5) write `h = med²/log n`; their
    /// reference code (and this function) takes `log(n + 1)` and the full `n × n` distance matrix.
    /// If every particle coincides (`med = 0`) the bandwidth falls back to `minimumBandwidth`.
    /// Precondition: at least one particle, all of one dimension.
    public static func medianHeuristic(_ particles: [[Double]], minimumBandwidth: Double = 1e-3) -> RBFKernel {
        let n = particles.count
        precondition(n >= 1, "the median heuristic needs particles")
        var squared: [Double] = []
        squared.reserveCapacity(n * n)
        for i in 0..<n { for j in 0..<n { squared.append(squaredDistance(particles[i], particles[j])) } }
        squared.sort()
        let count = squared.count
        let median = count % 2 == 1 ? squared[count / 2] : (squared[count / 2 - 1] + squared[count / 2]) / 2
        return RBFKernel(bandwidth: max(median / log(Double(n) + 1), minimumBandwidth))
    }

    /// `‖x − y‖²`. Precondition: equal lengths.
    public static func squaredDistance(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count, "particles must have one dimension")
        var total = 0.0
        for i in x.indices { total += (x[i] - y[i]) * (x[i] - y[i]) }
        return total
    }

    /// `k(x, y)`.
    public func callAsFunction(_ x: [Double], _ y: [Double]) -> Double {
        exp(-RBFKernel.squaredDistance(x, y) / bandwidth)
    }

    /// `∇ₓ k(x, y) = −(2/h)(x − y) k(x, y)`.
    public func gradientWithRespectToFirst(_ x: [Double], _ y: [Double]) -> [Double] {
        let k = self(x, y)
        return x.indices.map { -2 / bandwidth * (x[$0] - y[$0]) * k }
    }
}

/// Stein variational gradient descent (Liu & Wang 2016, Algorithm 1) and the amortised form that
/// soft Q-learning trains its sampling network with (Haarnoja et al. 2017, "Reinforcement Learning
/// with Deep Energy-Based Policies", eq. 13 and Algorithm 1).
public enum SteinVariationalGradient {
    /// The SVGD direction at every particle (Liu & Wang 2016, Algorithm 1):
    ///
    ///   `φ(xᵢ) = (1/n) Σⱼ [k(xⱼ, xᵢ) ∇log p(xⱼ) + ∇_{xⱼ} k(xⱼ, xᵢ)]`,
    ///
    /// the first term driving particles towards high density, the second (the kernel's gradient)
    /// repelling them from each other. One iteration is `xᵢ ← xᵢ + ε φ(xᵢ)`.
    /// Precondition: `scores[j] = ∇log p(xⱼ)`, one per particle, all of one dimension.
    public static func direction(particles x: [[Double]], scores: [[Double]], kernel: RBFKernel) -> [[Double]] {
        precondition(x.count == scores.count && !x.isEmpty, "one score per particle")
        return steinDirection(at: x, from: x, weightedScores: scores, repulsionWeight: 1, kernel: kernel)
    }

    /// The amortised direction of soft Q-learning (Haarnoja et al. 2017, eq. 13): for the policy
    /// `π(a|s) ∝ exp(Q(s, a)/α)`, whose score is `∇ₐQ/α`, and actions `aᵢ = f^θ(ξᵢ; s)` drawn from
    /// the sampling network,
    ///
    ///   `Δf(aᵢ) = (1/m) Σⱼ [κ(a'ⱼ, aᵢ) ∇_{a'}Q(s, a'ⱼ) + α ∇_{a'ⱼ} κ(a'ⱼ, aᵢ)]`,
    ///
    /// i.e. `α·φ(aᵢ)` for `p ∝ exp(Q/α)`, with the expectation over the `m` "fixed" particles `a'ⱼ`
    /// (Algorithm 1 draws a second set of actions from the same network for it; the reference
    /// implementation splits one draw into fixed and updated actions). Each action moves along
    /// `Δf(aᵢ)`; the network follows it through the chain rule, see `samplerParameterDirection`.
    /// Preconditions: `actionValueGradients[j] = ∇_{a'}Q(s, a'ⱼ)`, one per fixed action; `α > 0`.
    public static func amortisedDirection(updatedActions a: [[Double]], fixedActions aPrime: [[Double]],
                                          actionValueGradients: [[Double]], temperature alpha: Double,
                                          kernel: RBFKernel) -> [[Double]] {
        precondition(aPrime.count == actionValueGradients.count && !aPrime.isEmpty, "one ∇Q per fixed action")
        precondition(alpha > 0, "temperature must be positive")
        return steinDirection(at: a, from: aPrime, weightedScores: actionValueGradients, repulsionWeight: alpha,
                              kernel: kernel)
    }

    /// `(1/m) Σⱼ [k(yⱼ, xᵢ) gⱼ + w ∇_{yⱼ} k(yⱼ, xᵢ)]` at each `xᵢ`: the one sum both directions are.
    static func steinDirection(at x: [[Double]], from y: [[Double]], weightedScores g: [[Double]],
                               repulsionWeight w: Double, kernel: RBFKernel) -> [[Double]] {
        let m = Double(y.count)
        return x.map { xi in
            var phi = [Double](repeating: 0, count: xi.count)
            for (yj, gj) in zip(y, g) {
                precondition(gj.count == xi.count && yj.count == xi.count, "particles must have one dimension")
                let k = kernel(yj, xi)
                for d in phi.indices {
                    // ∇_{yⱼ} k(yⱼ, xᵢ) = −(2/h)(yⱼ − xᵢ) k
                    phi[d] += k * gj[d] - w * 2 / kernel.bandwidth * (yj[d] - xi[d]) * k
                }
            }
            return phi.map { $0 / m }
        }
    }

    /// How the sampling network consumes the amortised direction (Haarnoja et al. 2017, the parameter gradient after eq. 13):
    /// its parameters move along `Σᵢ (∂aᵢ/∂θ)ᵀ Δf(aᵢ)`, the gradient with respect to θ of the surrogate
    /// `Σᵢ Δf(aᵢ) · f^θ(ξᵢ; s)` with `Δf` held fixed. For an `MLP` whose forward pass on the batch
    /// of inputs `(s, ξᵢ)` produced the actions (`activations`), that is one backward pass with the
    /// directions as the output gradient. This returns the *ascent* direction (θ ← θ + ε·it); an
    /// optimiser that minimises (Adam here) is given its negative. A squashing `tanh` after the
    /// network is the caller's: multiply `Δf` by `1 − tanh²` first.
    /// Precondition: one direction per row of the forward pass, each of the network's output size.
    public static func samplerParameterDirection(network: MLP, parameters theta: [Double],
                                                 activations: MLP.Activations, directions: [[Double]]) -> [Double] {
        precondition(directions.count == activations.batch, "one direction per sampled action")
        precondition(directions.allSatisfy { $0.count == network.outputSize }, "directions must match the output size")
        var gradient = [Double](repeating: 0, count: theta.count)
        network.backward(theta, activations: activations, outputGradient: directions.flatMap { $0 }, gradient: &gradient)
        return gradient
    }
}
