import Foundation

/// What a backtracking line search ended with.
public struct LineSearchResult: Sendable, Equatable {
    /// The accepted parameters, or the starting ones if every trial failed.
    public var theta: [Double]
    public var accepted: Bool
    /// The index k of the accepted trial θ + ρᵏ·Δ (0 = the full step); when nothing was accepted,
    /// the index of the last trial (rllab logs the same number as "backtrack iters").
    public var backtracks: Int
    /// L and KL̄ at the returned θ.
    public var surrogate: Double
    public var meanKL: Double
    /// Every trial evaluated, in order: trial k is θ + ρᵏΔ (trial 0 is the full step).
    public var trials: [LineSearchTrial]
}

/// One point a line search evaluated: the scale ρᵏ of the step, and L and KL̄ there.
public struct LineSearchTrial: Sendable, Equatable {
    public var scale: Double
    public var surrogate: Double
    public var meanKL: Double
}

/// rllab's line search (`ConjugateGradientOptimizer.optimize`): try θ + ρᵏ Δ for k = 0, 1, …,
/// `maximumTrials` − 1 and accept the first with
///   L(θ + ρᵏΔ) > L(θ)  and  KL̄(θ + ρᵏΔ) ≤ δ
/// (a NaN fails both); if none passes, reject the step and keep θ. ρ = 0.8 and 15 trials for
/// TRPO, one trial for TNPG (rllab's `TNPG` sets `max_backtracks=1`: the natural step is taken
/// whole or not at all). `evaluate` returns (L, KL̄) at a point.
public func backtrackingLineSearch(from theta: [Double], step: [Double], surrogateBefore: Double,
                                   maximumKL delta: Double, ratio: Double, maximumTrials: Int,
                                   evaluate: ([Double]) -> (surrogate: Double, meanKL: Double)) -> LineSearchResult {
    precondition(theta.count == step.count && maximumTrials >= 1 && ratio > 0 && ratio < 1)
    var scale = 1.0
    var trials: [LineSearchTrial] = []
    for k in 0..<maximumTrials {
        let candidate = theta.indices.map { theta[$0] + scale * step[$0] }
        let (l, kl) = evaluate(candidate)
        trials.append(LineSearchTrial(scale: scale, surrogate: l, meanKL: kl))
        if l > surrogateBefore && kl <= delta {
            return LineSearchResult(theta: candidate, accepted: true, backtracks: k, surrogate: l, meanKL: kl, trials: trials)
        }
        scale *= ratio
    }
    return LineSearchResult(theta: theta, accepted: false, backtracks: maximumTrials - 1,
                            surrogate: surrogateBefore, meanKL: 0, trials: trials)
}

/// TNPG and TRPO (Duan et al. 2016, §4; Kakade 2002; Schulman et al. 2015), one update each:
///   g = ∇L(θ_old),   x ≈ (F + λI)⁻¹ g by `cgIterations` steps of conjugate gradient,
///   α = √(2δ / (xᵀ(F + λI)x + 10⁻⁸))      (= √(2δ / gᵀF⁻¹g) when CG has converged and λ → 0),
///   Δ = α x,  then `backtrackingLineSearch` from θ_old with ratio ρ and `maximumTrials` trials.
/// The step length makes the quadratic model of KL̄, ½ΔᵀFΔ, equal δ. rllab's defaults:
/// 10 CG iterations, damping λ = 10⁻⁵ (`reg_coeff`), δ = 0.01 (`step_size`), ρ = 0.8, 15 trials
/// (TRPO) or 1 (TNPG).
public struct NaturalPolicyGradient: Sendable, Equatable {
    /// δ, the bound on the mean KL.
    public var stepSize: Double
    public var cgIterations: Int
    /// CG stops once rᵀr falls below this (rllab's `krylov.cg`: 10⁻¹⁰).
    public var cgResidualTolerance: Double
    /// λ in F + λI.
    public var damping: Double
    public var backtrackRatio: Double
    public var maximumTrials: Int

    public init(stepSize: Double = DuanDefaults.klStepSize, cgIterations: Int = DuanDefaults.cgIterations,
                damping: Double = DuanDefaults.cgDamping, backtrackRatio: Double = DuanDefaults.backtrackRatio,
                maximumTrials: Int, cgResidualTolerance: Double = 1e-10) {
        precondition(stepSize > 0 && cgIterations > 0 && damping >= 0 && maximumTrials >= 1 && cgResidualTolerance >= 0)
        self.cgResidualTolerance = cgResidualTolerance
        self.stepSize = stepSize
        self.cgIterations = cgIterations
        self.damping = damping
        self.backtrackRatio = backtrackRatio
        self.maximumTrials = maximumTrials
    }

    /// Truncated natural policy gradient: the natural step, taken whole if it improves L within
    /// the KL bound (rllab's `TNPG`).
    public static let tnpg = NaturalPolicyGradient(maximumTrials: 1)
    /// TRPO: the natural step, then up to 15 backtracks by 0.8 (rllab's `TRPO`).
    public static let trpo = NaturalPolicyGradient(maximumTrials: DuanDefaults.maximumBacktracks)

    /// α = √(2δ / (xᵀ(F + λI)x + 10⁻⁸)) (rllab adds 10⁻⁸; if the result is NaN it uses 1).
    public static func stepLength(stepSize delta: Double, direction x: [Double], curvature fx: [Double]) -> Double {
        stepLength(stepSize: delta, dampedCurvature: dot(x, fx))
    }

    /// The same from c = xᵀ(F + λI)x: α = √(2δ / (c + 10⁻⁸)), 1 if that is NaN.
    public static func stepLength(stepSize delta: Double, dampedCurvature c: Double) -> Double {
        let alpha = (2 * delta / (c + 1e-8)).squareRoot()
        return alpha.isNaN ? 1 : alpha
    }

    /// The result of one update.
    public struct Update: Sendable, Equatable {
        public var lineSearch: LineSearchResult
        /// α and the full step Δ = αx.
        public var stepLength: Double
        public var fullStep: [Double]
        public var surrogateBefore: Double
        public var theta: [Double] { lineSearch.theta }
    }

    /// One TNPG/TRPO update on `problem` (θ_old = problem.oldTheta).
    public func update(_ problem: SurrogateProblem) -> Update {
        let theta = problem.oldTheta
        let g = problem.surrogateGradient(theta)
        let dampedFisher: ([Double]) -> [Double] = { v in
            let fv = problem.fisherVectorProduct(v)
            return v.indices.map { fv[$0] + self.damping * v[$0] }
        }
        let x = conjugateGradient(dampedFisher, g, iterations: cgIterations, residualTolerance: cgResidualTolerance)
        let alpha = Self.stepLength(stepSize: stepSize, direction: x, curvature: dampedFisher(x))
        let step = x.map { alpha * $0 }
        let before = problem.surrogate(theta)
        let search = backtrackingLineSearch(from: theta, step: step, surrogateBefore: before, maximumKL: stepSize,
                                            ratio: backtrackRatio, maximumTrials: maximumTrials) { candidate in
            (problem.surrogate(candidate), problem.meanKL(candidate))
        }
        return Update(lineSearch: search, stepLength: alpha, fullStep: step, surrogateBefore: before)
    }
}
