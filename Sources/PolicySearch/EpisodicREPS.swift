import Foundation
import Tabular

/// Episodic, sample-based relative entropy policy search (Peters, Mülling & Altün 2010;
/// Deisenroth, Neumann & Peters 2013, §2.4.2): over the M paths of a batch, with returns Rⱼ and the
/// empirical (uniform) distribution q = 1/M, find
///   p = argmax Σⱼ pⱼ Rⱼ  subject to  KL(p ‖ q) ≤ ε,   so  pⱼ ∝ exp(Rⱼ/η*),
/// η* the minimiser of the convex dual
///   g(η) = ηε + η log Σⱼ qⱼ exp(Rⱼ/η),   g′(η) = ε − KL(p_η ‖ q),
/// solved by the suite's `Tabular.REPS.solve` (bisection on g′ in log η, so KL(p ‖ q) = ε at the
/// optimum when the bound binds); then the policy is fitted to the reweighted paths,
///   θ' = argmax_θ Σⱼ pⱼ Σ_t log π_θ(a_t^j|s_t^j)   (by L-BFGS, scaled by M/N).
///
/// rllab's `REPS`, which Duan et al. ran, differs: it reweights single steps, with the
/// Bellman-error scores δ = r_t + (φ(s_{t+1}) − φ(s_t))ᵀv of a linear value function on the
/// baseline's features, minimises the dual jointly in (η, v) by L-BFGS-B from η = 15 for at most
/// 50 iterations, and defaults to ε = 0.5. The (η, v) dual is not implemented here.
public struct EpisodicREPS: Sendable, Equatable {
    /// ε, the bound on KL(p ‖ q).
    public var epsilon: Double
    public var optimizer: LBFGS

    public init(epsilon: Double = DuanDefaults.repsEpsilon, maximumIterations: Int = DuanDefaults.repsLBFGSIterations) {
        precondition(epsilon > 0)
        self.epsilon = epsilon
        optimizer = LBFGS(maximumIterations: maximumIterations)
    }

    /// g(η) = ηε + η log (1/M) Σⱼ exp(Rⱼ/η), through the shifted sum. Precondition: η > 0.
    public static func dual(eta: Double, scores: [Double], epsilon: Double) -> Double {
        precondition(eta > 0 && !scores.isEmpty)
        let top = scores.max()!
        let mean = scores.reduce(0) { $0 + exp(($1 - top) / eta) } / Double(scores.count)
        return eta * epsilon + top + eta * log(mean)
    }

    /// g′(η) = ε + log (1/M) Σⱼ exp(Rⱼ/η) − E_{p_η}[R]/η = ε − KL(p_η ‖ q).
    public static func dualDerivative(eta: Double, scores: [Double], epsilon: Double) -> Double {
        let p = weights(eta: eta, scores: scores)
        let m = Double(scores.count)
        var kl = 0.0
        for j in p.indices where p[j] > 0 { kl += p[j] * log(p[j] * m) }
        return epsilon - kl
    }

    /// p_η ∝ exp(Rⱼ/η) (normalised, through the shifted exponent).
    public static func weights(eta: Double, scores: [Double]) -> [Double] {
        let top = scores.max()!
        let w = scores.map { exp(($0 - top) / eta) }
        let total = w.reduce(0, +)
        return w.map { $0 / total }
    }

    /// The REPS distribution over the scores and its η* (uniform weights and η = ∞ if every score
    /// is equal: then nothing distinguishes the paths).
    public func solve(scores: [Double]) -> (weights: [Double], eta: Double, divergence: Double) {
        let m = scores.count
        guard scores.max()! > scores.min()! else { return ([Double](repeating: 1 / Double(m), count: m), .infinity, 0) }
        let solution = REPS.solve(q: [Double](repeating: 1 / Double(m), count: m), delta: scores, budget: epsilon)
        return (solution.joint, solution.eta, solution.divergence)
    }

    /// θ ← the fit to the reweighted paths; the scores are the paths' discounted returns.
    public func update(policy: PolicyNetwork, theta: inout [Double], paths: [Trajectory], gamma: Double) {
        let scores = paths.map { path in path.rewards.reversed().reduce(0) { $0 * gamma + $1 } }
        let p = solve(scores: scores).weights
        let totalSteps = Double(paths.reduce(0) { $0 + $1.length })
        var weights: [Double] = [], observations: [Double] = [], actions: [Double] = []
        for (j, path) in paths.enumerated() {
            weights += [Double](repeating: p[j] * Double(paths.count) / totalSteps, count: path.length)
            observations += path.observations
            actions += path.actions
        }
        theta = weightedMaximumLikelihood(policy: policy, theta: theta, observations: observations, actions: actions,
                                          weights: weights, optimizer: optimizer).point
    }
}
