import ExperimentKit
import Foundation

/// `f(x) = −xᵀHx + hᵀx + c` with `H` symmetric: every soft value of a linear-quadratic task has this
/// form (in the state `s`, or in `z = [s; a]`).
struct QuadraticFunction: Sendable, Equatable {
    var curvature: Matrix
    var linear: [Double]
    var constant: Double

    func callAsFunction(_ x: [Double]) -> Double {
        -dot(x, curvature * x) + dot(linear, x) + constant
    }

    static func + (f: QuadraticFunction, g: QuadraticFunction) -> QuadraticFunction {
        QuadraticFunction(curvature: f.curvature + g.curvature, linear: add(f.linear, g.linear), constant: f.constant + g.constant)
    }

    static func * (k: Double, f: QuadraticFunction) -> QuadraticFunction {
        QuadraticFunction(curvature: k * f.curvature, linear: f.linear.map { k * $0 }, constant: k * f.constant)
    }

    /// The largest coefficient change from `other`, relative to the coefficients' size.
    func relativeChange(from other: QuadraticFunction) -> Double {
        let a = curvature.entries + linear + [constant], b = other.curvature.entries + other.linear + [other.constant]
        let scale = max(1, a.map(abs).max() ?? 0)
        return zip(a, b).map { abs($0 - $1) }.max()! / scale
    }
}

/// A Gaussian policy linear in the state, `π(a|s) = N(a; Ks + k, Σ)`.
struct GaussianLinearPolicy: Sendable, Equatable {
    var gain: Matrix
    var offset: [Double]
    var covariance: Matrix

    func mean(_ s: [Double]) -> [Double] { add(gain * s, offset) }

    /// `log N(a; Ks + k, Σ)`.
    func logDensity(_ a: [Double], at s: [Double]) throws -> Double {
        let d = add(a, mean(s), scale: -1), m = Double(a.count)
        return -0.5 * (dot(d, try covariance.inverse() * d) + m * log(2 * Double.pi) + (try covariance.logDeterminant()))
    }

    /// The differential entropy `½ log det(2πe Σ)`.
    func entropy() throws -> Double {
        0.5 * (Double(offset.count) * log(2 * Double.pi * M_E) + (try covariance.logDeterminant()))
    }
}

/// A maximum-entropy linear-quadratic task: states `s ∈ ℝⁿ`, actions `a ∈ ℝᵐ`, dynamics
/// `s' = As + Ba + w` with `w ~ N(0, W)`, a reward `r(s,a) = r([s; a])` quadratic in `z = [s; a]`,
/// discount `γ`. The continuous task of part 4: a point mass steered toward goals.
struct SoftLinearQuadraticTask: Sendable {
    var transition: Matrix
    var control: Matrix
    var noiseCovariance: Matrix
    var reward: QuadraticFunction
    var discount: Double

    var stateDimension: Int { transition.rows }
    var actionDimension: Int { control.columns }

    /// `F = [A B]`, so that `E[s'] = Fz`.
    var dynamics: Matrix {
        Matrix.blocks(transition, control, .zeros(0, stateDimension), .zeros(0, actionDimension))
    }

    /// The goal-reaching reward `r(s,a) = −(s − g)ᵀM(s − g) − aᵀRa` as a quadratic in `z`.
    static func goalReward(goal g: [Double], stateCost m: Matrix, actionCost r: Matrix) -> QuadraticFunction {
        let curvature = Matrix.blocks(m, .zeros(m.rows, r.columns), .zeros(r.rows, m.columns), r)
        let mg = m * g
        return QuadraticFunction(curvature: curvature, linear: 2 * mg + [Double](repeating: 0, count: r.rows),
                                 constant: -dot(g, mg))
    }

    /// The same dynamics and discount with another reward.
    func with(reward: QuadraticFunction) -> SoftLinearQuadraticTask {
        var t = self
        t.reward = reward
        return t
    }
}

private func * (k: Double, v: [Double]) -> [Double] { v.map { k * $0 } }

/// Soft values of linear-quadratic tasks in closed form (the maximum-entropy counterpart of the
/// discounted linear-quadratic regulator). The definitions are those of the finite part
/// (`SoftBellman`, `SoftPolicyEvaluation`): `Q(s,a) = r(s,a) + γ E_{s'}[V(s')]` with
/// `V*(s) = α log ∫ exp(Q*(s,a)/α) da` (optimal) or `V^soft_π(s) = E_{a~π}[Q^soft_π(s,a) − α log π(a|s)]`
/// (a policy's). Quadratic `Q` concave in `a` makes every integral Gaussian, so each backup maps the
/// coefficients of a quadratic to those of another; the fixed point is reached by iterating the backup
/// (a γ-contraction on the constant, a Riccati recursion on the curvature) until no coefficient moves by
/// more than 10⁻¹⁴ of the coefficients' size.
enum SoftLinearQuadratic {
    /// Iterations allowed before a fixed point is declared unreached (γ = 0.99 needs about 3,000).
    static let maximumIterations = 200_000
    static let convergenceTolerance = 1e-14

    struct NotConverged: Error, CustomStringConvertible {
        var what: String
        var description: String { "\(what) did not converge within \(SoftLinearQuadratic.maximumIterations) iterations" }
    }

    /// `Q(z) = r(z) + γ E_w[V(Fz + w)]`: with `V(s) = −sᵀPs + pᵀs + v`,
    /// `E V(Fz + w) = −zᵀFᵀPFz + pᵀFz + v − tr(PW)`.
    static func backup(_ value: QuadraticFunction, in task: SoftLinearQuadraticTask) -> QuadraticFunction {
        let f = task.dynamics, gamma = task.discount
        let next = QuadraticFunction(curvature: (f.transpose * value.curvature * f).symmetrised, linear: f.transpose * value.linear,
                                     constant: value.constant - (value.curvature * task.noiseCovariance).trace)
        return task.reward + gamma * next
    }

    /// The curvature blocks `H_ss`, `H_sa`, `H_aa` and linear parts `h_s`, `h_a` of a quadratic in `z = [s; a]`.
    private static func split(_ q: QuadraticFunction, stateDimension n: Int)
        -> (ss: Matrix, sa: Matrix, aa: Matrix, s: [Double], a: [Double]) {
        let d = q.curvature.rows
        return (q.curvature.block(0..<n, 0..<n), q.curvature.block(0..<n, n..<d), q.curvature.block(n..<d, n..<d),
                Array(q.linear[0..<n]), Array(q.linear[n..<d]))
    }

    /// The soft maximum over actions of `Q(s,a) = −zᵀHz + hᵀz + c` (`H_aa` positive definite):
    /// `π(a|s) ∝ exp(Q(s,a)/α) = N(a; −H_aa⁻¹H_as s + ½H_aa⁻¹h_a, (α/2)H_aa⁻¹)` and
    /// `V(s) = α log ∫ exp(Q(s,a)/α) da = −sᵀ(H_ss − H_sa H_aa⁻¹ H_as)s + (h_s − H_sa H_aa⁻¹ h_a)ᵀs + c
    ///  + ¼h_aᵀH_aa⁻¹h_a + α(½m log(πα) − ½ log det H_aa)`.
    static func softMaximum(_ q: QuadraticFunction, stateDimension n: Int, temperature alpha: Double) throws
        -> (value: QuadraticFunction, policy: GaussianLinearPolicy) {
        let b = split(q, stateDimension: n), m = Double(b.aa.rows)
        let inverse = try b.aa.inverse()
        let gain = -1 * (inverse * b.sa.transpose), offset = 0.5 * (inverse * b.a)
        let policy = GaussianLinearPolicy(gain: gain, offset: offset, covariance: (0.5 * alpha * inverse).symmetrised)
        let value = QuadraticFunction(
            curvature: (b.ss - b.sa * inverse * b.sa.transpose).symmetrised,
            linear: add(b.s, b.sa * (inverse * b.a), scale: -1),
            constant: q.constant + 0.25 * dot(b.a, inverse * b.a)
                + alpha * (0.5 * m * log(Double.pi * alpha) - 0.5 * (try b.aa.logDeterminant())))
        return (value, policy)
    }

    /// `E_{a~π}[Q(s,a)] + α·H(π)`, the soft value of `π` given its action value: with the mean action
    /// `z̄ = Gs + e`, `G = [I; K]`, `e = [0; k]`, `E_a Q = Q(z̄) − tr(H_aa Σ)` and `H(π) = ½ log det(2πeΣ)`.
    /// `α = 0` gives the plain expectation.
    static func softExpectation(_ q: QuadraticFunction, under policy: GaussianLinearPolicy, stateDimension n: Int,
                                temperature alpha: Double) throws -> QuadraticFunction {
        let g = Matrix.blocks(.identity(n), .zeros(n, 0), policy.gain, .zeros(policy.gain.rows, 0))
        let e = [Double](repeating: 0, count: n) + policy.offset
        let h = q.curvature, he = h * e
        let aa = split(q, stateDimension: n).aa
        return QuadraticFunction(
            curvature: (g.transpose * h * g).symmetrised,
            linear: add(g.transpose * q.linear, g.transpose * he, scale: -2),
            constant: q.constant - dot(e, he) + dot(q.linear, e) - (aa * policy.covariance).trace
                + (alpha == 0 ? 0 : alpha * (try policy.entropy())))
    }

    /// Iterates `V ← step(V)` from `V = 0` to its fixed point.
    private static func fixedPoint(stateDimension n: Int, what: String,
                                   _ step: (QuadraticFunction) throws -> QuadraticFunction) throws -> QuadraticFunction {
        var v = QuadraticFunction(curvature: .zeros(n, n), linear: [Double](repeating: 0, count: n), constant: 0)
        for _ in 0..<maximumIterations {
            let next = try step(v)
            if next.relativeChange(from: v) <= convergenceTolerance { return next }
            v = next
        }
        throw NotConverged(what: what)
    }

    /// `Q*`, the soft-optimal action value: the fixed point of `Q = r + γ E[α log ∫ exp(Q(s',a')/α) da']`.
    static func optimalActionValue(in task: SoftLinearQuadraticTask, temperature alpha: Double) throws -> QuadraticFunction {
        let n = task.stateDimension
        let v = try fixedPoint(stateDimension: n, what: "soft value iteration") {
            try softMaximum(backup($0, in: task), stateDimension: n, temperature: alpha).value
        }
        return backup(v, in: task)
    }

    /// `Q^soft_π`, the soft action value of a Gaussian linear policy: the fixed point of
    /// `Q = r + γ E_{s'} E_{a'~π}[Q(s',a') − α log π(a'|s')]`. With `α = 0`, the plain action value.
    static func softActionValue(of policy: GaussianLinearPolicy, in task: SoftLinearQuadraticTask,
                                temperature alpha: Double) throws -> QuadraticFunction {
        let n = task.stateDimension
        let v = try fixedPoint(stateDimension: n, what: "soft policy evaluation") {
            try softExpectation(backup($0, in: task), under: policy, stateDimension: n, temperature: alpha)
        }
        return backup(v, in: task)
    }

    /// `D_{1/2}(π₁(·|s) ‖ π₂(·|s))` as a function of `s`: for Gaussians with means `μᵢ(s)`, covariances
    /// `Σᵢ` and `Σ̄ = ½(Σ₁ + Σ₂)`, the Rényi divergence of order ½ is
    /// `¼(μ₁ − μ₂)ᵀΣ̄⁻¹(μ₁ − μ₂) + log det Σ̄ − ½ log det Σ₁ − ½ log det Σ₂` (twice the Bhattacharyya distance).
    static func renyiDivergenceOfOrderOneHalf(_ first: GaussianLinearPolicy, _ second: GaussianLinearPolicy) throws -> QuadraticFunction {
        let mean = 0.5 * (first.covariance + second.covariance), precision = try mean.inverse()
        let dk = first.gain - second.gain, d0 = add(first.offset, second.offset, scale: -1)
        return QuadraticFunction(
            curvature: (-0.25 * (dk.transpose * precision * dk)).symmetrised,
            linear: 0.5 * (dk.transpose * (precision * d0)),
            constant: 0.25 * dot(d0, precision * d0) + (try mean.logDeterminant())
                - 0.5 * (try first.covariance.logDeterminant()) - 0.5 * (try second.covariance.logDeterminant()))
    }

    /// The fixed point of `F(z) ← γ E_{s'}[v(s') + E_{a'~π} F(s',a')]`: the plain action value of `π` on the
    /// task's dynamics with reward `γ E_{s'}[v(s')]`.
    static func discountedPolicyFixedPoint(nextStateTerm v: QuadraticFunction, policy: GaussianLinearPolicy,
                                           in task: SoftLinearQuadraticTask) throws -> QuadraticFunction {
        let zero = QuadraticFunction(curvature: .zeros(task.reward.curvature.rows, task.reward.curvature.rows),
                                     linear: [Double](repeating: 0, count: task.reward.linear.count), constant: 0)
        let auxiliary = task.with(reward: backup(v, in: task.with(reward: zero)))
        return try softActionValue(of: policy, in: auxiliary, temperature: 0)
    }
}
