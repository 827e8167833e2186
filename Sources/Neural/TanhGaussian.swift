import ExperimentKit
import Foundation

/// Soft actor-critic's squashed Gaussian policy head (Haarnoja et al. 2018, "Soft Actor-Critic
/// Algorithms and Applications", Appendix C): a diagonal Gaussian `u ~ N(μ, diag σ²)` pushed through
/// `tanh` and, optionally, the affine map onto an action box `[low, high]`:
///
///   `a = c + s ⊙ tanh(u)`,  `c = (high + low)/2`,  `s = (high − low)/2`   (`c = 0`, `s = 1` for `[−1, 1]ᵈ`).
///
/// By the change of variables (Appendix C, eq. 21, with the box's constant Jacobian added):
///
///   `log π(a|s) = log N(u; μ, σ²) − Σᵢ log(1 − tanh²(uᵢ)) − Σᵢ log sᵢ`.
///
/// Sampling is reparametrised, `u = μ + σ ⊙ ξ`, `ξ ~ N(0, I)`, so the actor loss
/// `J_π = E_ξ[α log π(a|s) − Q(s, a)]` (ibid., eq. 7, 13) is differentiated with ξ held fixed; the
/// functions below give those derivatives with respect to `(μ, log σ)`, the outputs of the policy
/// network, which `MLP.backward` then carries to the network's parameters.
///
/// Everything is computed from `u` (or `ξ`), never from `a` by `atanh`, which loses all accuracy as
/// `|a| → s`; `logDensity(action:…)` inverts `a` only for tests and quadrature.
public enum TanhGaussian {
    /// `softplus(x) = log(1 + eˣ) = max(x, 0) + log1p(e^{−|x|})`, without overflow for large `x`.
    public static func softplus(_ x: Double) -> Double {
        max(x, 0) + log1p(exp(-abs(x)))
    }

    /// `log(1 − tanh²(u)) = 2(log 2 − u − softplus(−2u))`, the stable rewriting of eq. 21's
    /// log-Jacobian that OpenAI Spinning Up's SAC uses:
    /// `1 − tanh² u = 4/(eᵘ + e⁻ᵘ)² = 4e^{−2u}/(1 + e^{−2u})²`. Exact in real arithmetic, accurate to a
    /// few ulps for every finite `u`, and ≈ `2 log 2 − 2|u|` for large `|u|`, where the naive form
    /// below is `log 0 = −∞` (from `|u| ≈ 19` on).
    public static func logOneMinusTanhSquared(_ u: Double) -> Double {
        2 * (log(2) - u - softplus(-2 * u))
    }

    /// The naive `log(1 − tanh²(u))`, for comparison only: accurate where `1 − tanh² u` is not small
    /// (its relative error is about `u_machine/(1 − tanh² u)`).
    public static func naiveLogOneMinusTanhSquared(_ u: Double) -> Double {
        let t = tanh(u)
        return log(1 - t * t)
    }

    /// The box's centre `c = (high + low)/2` and half-width `s = (high − low)/2`, per coordinate.
    /// Precondition: `low < high` componentwise, same length.
    public static func boxCentreAndScale(low: [Double], high: [Double]) -> (centre: [Double], scale: [Double]) {
        precondition(low.count == high.count && zip(low, high).allSatisfy { $0 < $1 }, "action box needs low < high")
        return (zip(high, low).map { ($0 + $1) / 2 }, zip(high, low).map { ($0 - $1) / 2 })
    }

    /// The pre-squash point `u = μ + σ ⊙ ξ`.
    public static func preSquash(noise xi: ArraySlice<Double>, mean: ArraySlice<Double>, logStd: ArraySlice<Double>) -> [Double] {
        (0..<mean.count).map { i in
            mean[mean.startIndex + i] + exp(logStd[logStd.startIndex + i]) * xi[xi.startIndex + i]
        }
    }

    /// The action `a = c + s ⊙ tanh(u)`; `centre`/`scale` empty means the box `[−1, 1]ᵈ`.
    public static func action(preSquash u: [Double], centre: [Double] = [], scale: [Double] = []) -> [Double] {
        u.indices.map { i in
            (centre.isEmpty ? 0 : centre[i]) + (scale.isEmpty ? 1 : scale[i]) * tanh(u[i])
        }
    }

    /// A reparametrised draw: `ξ ~ N(0, I)` from `rng`, then `u` and `a` as above.
    public static func sample(mean: ArraySlice<Double>, logStd: ArraySlice<Double>, centre: [Double] = [],
                              scale: [Double] = [], using rng: inout SeededGenerator)
        -> (action: [Double], preSquash: [Double], noise: [Double]) {
        let xi = (0..<mean.count).map { _ in rng.nextGaussian() }
        let u = preSquash(noise: xi[...], mean: mean, logStd: logStd)
        return (action(preSquash: u, centre: centre, scale: scale), u, xi)
    }

    /// `log π(a|s) = log N(u; μ, σ²) − Σᵢ log(1 − tanh²(uᵢ)) − Σᵢ log sᵢ` (Appendix C, eq. 21),
    /// with the Gaussian term from `DiagonalGaussian.logDensity` and the stable log-Jacobian.
    public static func logDensity(preSquash u: [Double], mean: ArraySlice<Double>, logStd: ArraySlice<Double>,
                                  scale: [Double] = []) -> Double {
        var total = DiagonalGaussian.logDensity(u[...], mean: mean, logStd: logStd)
        for i in u.indices {
            total -= logOneMinusTanhSquared(u[i]) + (scale.isEmpty ? 0 : log(scale[i]))
        }
        return total
    }

    /// The density at an action in the open box, by `u = atanh((a − c)/s)`: for quadrature and tests
    /// only (see the type's note on accuracy). Returns `−∞` outside the open box.
    public static func logDensity(action a: [Double], mean: ArraySlice<Double>, logStd: ArraySlice<Double>,
                                  centre: [Double] = [], scale: [Double] = []) -> Double {
        var u = [Double](repeating: 0, count: a.count)
        for i in a.indices {
            let y = (a[i] - (centre.isEmpty ? 0 : centre[i])) / (scale.isEmpty ? 1 : scale[i])
            guard abs(y) < 1 else { return -.infinity }
            u[i] = atanh(y)
        }
        return logDensity(preSquash: u, mean: mean, logStd: logStd, scale: scale)
    }

    /// The diagonal Jacobian of the reparametrised action with ξ fixed:
    ///   `∂aᵢ/∂μᵢ = sᵢ(1 − tanh² uᵢ)`,  `∂aᵢ/∂log σᵢ = sᵢ(1 − tanh² uᵢ) σᵢ ξᵢ`
    /// (`∂uᵢ/∂μᵢ = 1`, `∂uᵢ/∂log σᵢ = σᵢ ξᵢ`). Adds `Σᵢ gᵢ ∂aᵢ/∂(μ, log σ)` for an upstream gradient
    /// `g = ∂ℓ/∂a` (e.g. `g = −∇ₐQ(s, a)` for SAC's actor loss).
    public static func addActionGradient(_ g: ArraySlice<Double>, noise xi: ArraySlice<Double>,
                                         mean: ArraySlice<Double>, logStd: ArraySlice<Double>, scale: [Double] = [],
                                         meanGradient: inout [Double], at m: Int,
                                         logStdGradient: inout [Double], at s: Int) {
        for i in 0..<mean.count {
            let sigma = exp(logStd[logStd.startIndex + i]), z = xi[xi.startIndex + i]
            let t = tanh(mean[mean.startIndex + i] + sigma * z)
            let da = g[g.startIndex + i] * (scale.isEmpty ? 1 : scale[i]) * (1 - t * t)
            meanGradient[m + i] += da
            logStdGradient[s + i] += da * sigma * z
        }
    }

    /// The reparametrised gradient of `log π(a|s)` with ξ fixed, times `c`. With `u − μ = σξ`,
    /// `log π = Σᵢ [−ξᵢ²/2 − log σᵢ − ½ log 2π − log(1 − tanh² uᵢ) − log sᵢ]`, and
    /// `d/du log(1 − tanh² u) = −2 tanh u`, so
    ///   `∂ log π/∂μᵢ = 2 tanh uᵢ`,  `∂ log π/∂log σᵢ = −1 + 2 tanh(uᵢ) σᵢ ξᵢ`.
    /// (The box's `log sᵢ` is constant.) This is the total derivative SAC's eq. 13 needs: its
    /// `∇_φ log π + ∇ₐ log π · ∇_φ f` in one term.
    public static func addLogDensityGradient(_ c: Double, noise xi: ArraySlice<Double>,
                                             mean: ArraySlice<Double>, logStd: ArraySlice<Double>,
                                             meanGradient: inout [Double], at m: Int,
                                             logStdGradient: inout [Double], at s: Int) {
        for i in 0..<mean.count {
            let sigma = exp(logStd[logStd.startIndex + i]), z = xi[xi.startIndex + i]
            let t = tanh(mean[mean.startIndex + i] + sigma * z)
            meanGradient[m + i] += c * 2 * t
            logStdGradient[s + i] += c * (-1 + 2 * t * sigma * z)
        }
    }
}
