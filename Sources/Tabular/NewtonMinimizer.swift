import Foundation

/// Damped Newton's method for a smooth, strictly convex function of a few variables (Boyd &
/// Vandenberghe, *Convex Optimization*, 2004, Algorithm 9.5): the step `Δ = −H⁻¹g` (LU solve), shortened
/// by backtracking until `f(v + tΔ) ≤ f(v) + α t gᵀΔ` (`α = 10⁻⁴`, halving `t`).
///
/// Convergence criterion: a full step (`t = 1`) with `‖Δ‖∞ ≤ stepTolerance·(1 + ‖v‖∞)`. Near the
/// minimiser Newton converges quadratically, so the remaining error is about `‖Δ‖²`, far below the
/// criterion. Once the Newton decrement `−gᵀΔ` is below the rounding of `f` (`64u|f|`: relative, since the
/// objectives here are sums of positive terms), the backtracking test can no longer see progress, and
/// full steps are taken without it.
/// Deterministic; no randomness.
public struct NewtonMinimizer: Sendable {
    public var stepTolerance: Double
    public var maxIterations: Int

    public init(stepTolerance: Double = 1e-12, maxIterations: Int = 200) {
        precondition(stepTolerance > 0 && maxIterations >= 1)
        self.stepTolerance = stepTolerance
        self.maxIterations = maxIterations
    }

    public struct Result: Sendable {
        public var point: [Double]
        public var value: Double
        public var iterations: Int
        public var converged: Bool
        /// `‖Δ‖∞` of the last Newton step.
        public var lastStep: Double
    }

    /// Minimises the function whose value, gradient and row-major Hessian `derivatives` returns.
    public func minimize(from start: [Double],
                         _ derivatives: ([Double]) -> (value: Double, gradient: [Double], hessian: [Double])) -> Result {
        let d = start.count
        var v = start
        var lastStep = Double.infinity
        guard d > 0 else { return Result(point: v, value: derivatives(v).value, iterations: 0, converged: true, lastStep: 0) }
        for iteration in 1...maxIterations {
            let (f, g, h) = derivatives(v)
            guard let lu = try? LUDecomposition(matrix: h, dimension: d) else {
                return Result(point: v, value: f, iterations: iteration, converged: false, lastStep: lastStep)
            }
            let step = lu.solve(g.map { -$0 })
            let slope = zip(g, step).reduce(0) { $0 + $1.0 * $1.1 }
            guard step.allSatisfy(\.isFinite), slope <= 0 else {
                return Result(point: v, value: f, iterations: iteration, converged: false, lastStep: lastStep)
            }
            lastStep = step.map(abs).max()!
            let size = 1 + v.map(abs).max()!
            if -slope <= 64 * Double.ulpOfOne * abs(f) {
                v = zip(v, step).map { $0 + $1 }
                if lastStep <= stepTolerance * size {
                    return Result(point: v, value: derivatives(v).value, iterations: iteration, converged: true, lastStep: lastStep)
                }
                continue
            }
            var t = 1.0
            var trial = zip(v, step).map { $0 + t * $1 }
            while derivatives(trial).value > f + 1e-4 * t * slope {
                t /= 2
                if t < 1e-20 {
                    return Result(point: v, value: f, iterations: iteration, converged: false, lastStep: lastStep)
                }
                trial = zip(v, step).map { $0 + t * $1 }
            }
            v = trial
            if t == 1 && lastStep <= stepTolerance * size {
                return Result(point: v, value: derivatives(v).value, iterations: iteration, converged: true, lastStep: lastStep)
            }
        }
        return Result(point: v, value: derivatives(v).value, iterations: maxIterations, converged: false, lastStep: lastStep)
    }
}

/// Plain gradient descent with the fixed step `1/L`, where `L` bounds the Hessian's largest eigenvalue
/// (for an `L`-smooth convex function the iterates then decrease `f` monotonically), stopped when
/// `‖∇f‖∞ ≤ gradientTolerance`: the slow reference the tests hold `NewtonMinimizer` to. A fixed step
/// needs no function values, so rounding in `f` cannot stall it.
public struct GradientDescent: Sendable {
    public var gradientTolerance: Double
    public var maxIterations: Int

    public init(gradientTolerance: Double, maxIterations: Int = 1_000_000) {
        self.gradientTolerance = gradientTolerance
        self.maxIterations = maxIterations
    }

    public func minimize(from start: [Double], smoothness L: Double,
                         gradient: ([Double]) -> [Double]) -> (point: [Double], converged: Bool) {
        precondition(L > 0)
        var v = start
        for _ in 0..<maxIterations {
            let g = gradient(v)
            if g.map(abs).max() ?? 0 <= gradientTolerance { return (v, true) }
            v = zip(v, g).map { $0 - $1 / L }
        }
        return (v, false)
    }
}
