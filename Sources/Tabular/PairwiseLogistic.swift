import Foundation

/// The objective that both tabular routes from preferences to a policy minimise, context by context:
///   `f(v) = Σ_{i≠j} W(i,j) · softplus(−s·(d_i − d_j)) + (λ/2)·‖d‖²`,  `d = v − c`,
/// with `W` a context's comparison weights (`ComparisonCounts`), `s > 0` a scale, `c` an offset and
/// `λ ≥ 0` a ridge penalty.
/// - Reward modelling (Hamid, lecture notes, §6.1.1; Rafailov et al. 2023, eq. 2): `v = r(x,·)`,
///   `s = 1`, `c = 0`: `N·L_R(r)` plus a Gaussian prior `r ~ N(0, I/λ)`.
/// - DPO (§6.1.2; Rafailov et al. 2023, eq. 7): `v = θ(x,·)` the logits of `π_θ = softmax(θ)`,
///   `s = β`, `c = log π_ref(·|x)`: since `log π_θ(i) − log π_θ(j) = θ_i − θ_j`, each pair's term is
///   `−log σ(β log(π_θ(y_w)/π_ref(y_w)) − β log(π_θ(y_l)/π_ref(y_l)))`, so `f = N·L_DPO(θ)` plus the
///   penalty `(λ/2)‖θ − log π_ref‖²` (weight decay towards the reference).
/// `f` is convex (a non-negative sum of softplus of linear forms plus a convex quadratic): its Hessian
/// `Σ W(i,j) s² σ(s δ)σ(−s δ) (e_i − e_j)(e_i − e_j)ᵀ + λI` is positive semidefinite, with `1` (and
/// every response no comparison touches) in its null space when `λ = 0`. For `λ > 0` it is strictly
/// convex with a unique minimiser.
public struct PairwiseLogistic: Sendable {
    public var weights: [Double]
    public var scale: Double
    public var offset: [Double]
    public var ridge: Double
    public var dimension: Int { offset.count }

    /// Context `x` of `counts`.
    public init(counts: ComparisonCounts, context x: Int, scale: Double, offset: [Double], ridge: Double) {
        let m = counts.responses
        precondition(offset.count == m && scale > 0 && ridge >= 0)
        weights = Array(counts.wins[(x * m * m)..<((x + 1) * m * m)])
        self.scale = scale
        self.offset = offset
        self.ridge = ridge
    }

    public func value(_ v: [Double]) -> Double {
        let m = dimension
        var f = 0.0, penalty = 0.0
        for i in 0..<m {
            let di = v[i] - offset[i]
            penalty += di * di
            for j in 0..<m where weights[i * m + j] > 0 {
                f += weights[i * m + j] * softplus(-scale * (di - (v[j] - offset[j])))
            }
        }
        return f + 0.5 * ridge * penalty
    }

    /// `(f, ∇f, ∇²f)` at `v`; the Hessian row-major `m × m`.
    public func derivatives(_ v: [Double]) -> (value: Double, gradient: [Double], hessian: [Double]) {
        let m = dimension
        var f = 0.0, penalty = 0.0
        var g = [Double](repeating: 0, count: m), h = [Double](repeating: 0, count: m * m)
        for i in 0..<m {
            let di = v[i] - offset[i]
            penalty += di * di
            g[i] += ridge * di
            h[i * m + i] += ridge
            for j in 0..<m where weights[i * m + j] > 0 {
                let w = weights[i * m + j], z = scale * (di - (v[j] - offset[j]))
                f += w * softplus(-z)
                let lose = sigmoid(-z), curvature = w * scale * scale * sigmoid(z) * lose
                g[i] -= w * scale * lose
                g[j] += w * scale * lose
                h[i * m + i] += curvature; h[j * m + j] += curvature
                h[i * m + j] -= curvature; h[j * m + i] -= curvature
            }
        }
        return (f + 0.5 * ridge * penalty, g, h)
    }

    /// A bound on the Hessian's largest eigenvalue (Gershgorin, with `σ(z)σ(−z) ≤ ¼`):
    /// `λ + (s²/2) max_i Σ_j (W(i,j) + W(j,i))`.
    public var smoothness: Double {
        let m = dimension
        let rows = (0..<m).map { i in (0..<m).reduce(0.0) { $0 + weights[i * m + $1] + weights[$1 * m + i] } }
        return ridge + 0.5 * scale * scale * (rows.max() ?? 0)
    }

    /// The minimiser by Newton's method from `start` (default: `v = c`, i.e. `r = 0` or `π_θ = π_ref`).
    /// With `λ = 0` the last coordinate is held at its start value (the objective does not depend on a
    /// common shift); the reduced Hessian must then be non-singular, i.e. the comparisons must connect
    /// every response, else the result is marked not converged.
    public func minimize(from start: [Double]? = nil, minimizer: NewtonMinimizer = NewtonMinimizer()) -> NewtonMinimizer.Result {
        let v0 = start ?? offset
        if ridge > 0 { return minimizer.minimize(from: v0) { derivatives($0) } }
        let m = dimension, last = v0[m - 1]
        var r = minimizer.minimize(from: Array(v0.prefix(m - 1))) { u in
            let (f, g, h) = derivatives(u + [last])
            var reduced = [Double](repeating: 0, count: (m - 1) * (m - 1))
            for i in 0..<(m - 1) { for j in 0..<(m - 1) { reduced[i * (m - 1) + j] = h[i * m + j] } }
            return (f, Array(g.prefix(m - 1)), reduced)
        }
        r.point.append(last)
        return r
    }
}
