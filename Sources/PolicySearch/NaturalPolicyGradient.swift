import Foundation

/// What a backtracking line search does when no trial passes its test.
///
/// rllab's `ConjugateGradientOptimizer` changed here after Duan et al. (2016): until its commit of
/// 2016-09-29 ("accept_violation", 8725118) the loop simply stopped after the last trial and kept it,
/// so TNPG (one trial) always took the full natural step √(2δ/gᵀF⁻¹g)·x and TRPO took θ + ρ¹⁴Δ when
/// all 15 trials failed; since then the step is rejected and θ is kept.
public enum LineSearchFailure: String, Sendable, Equatable, Codable, CaseIterable {
    /// Keep θ (rllab since 2016-09-29).
    case rejectStep = "reject-step"
    /// Keep the last trial θ + ρ^(K−1)Δ (rllab when Duan et al. (2016) ran their benchmark).
    case keepLastTrial = "keep-last-trial"
}

/// What a backtracking line search ended with.
public struct LineSearchResult: Sendable, Equatable {
    /// The accepted parameters; if every trial failed, the starting ones (`.rejectStep`) or the last
    /// trial (`.keepLastTrial`).
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
/// (a NaN fails both); if none passes, `onFailure` says what is returned (see `LineSearchFailure`).
/// ρ = 0.8 and 15 trials for TRPO, one trial for TNPG (rllab's `TNPG` sets `max_backtracks=1`).
/// `evaluate` returns (L, KL̄) at a point.
public func backtrackingLineSearch(from theta: [Double], step: [Double], surrogateBefore: Double,
                                   maximumKL delta: Double, ratio: Double, maximumTrials: Int,
                                   onFailure: LineSearchFailure = .rejectStep,
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
    switch onFailure {
    case .rejectStep:
        return LineSearchResult(theta: theta, accepted: false, backtracks: maximumTrials - 1,
                                surrogate: surrogateBefore, meanKL: 0, trials: trials)
    case .keepLastTrial:
        let last = trials[trials.count - 1]
        return LineSearchResult(theta: theta.indices.map { theta[$0] + last.scale * step[$0] }, accepted: false,
                                backtracks: maximumTrials - 1, surrogate: last.surrogate, meanKL: last.meanKL, trials: trials)
    }
}

/// TNPG and TRPO (Duan et al. 2016, §4; Kakade 2002; Schulman et al. 2015), one update each:
///   g = ∇L(θ_old),   x ≈ (F + λI)⁻¹ g by `cgIterations` steps of conjugate gradient,
///   α = √(2δ / (xᵀ(F + λI)x + 10⁻⁸))      (= √(2δ / gᵀF⁻¹g) when CG has converged and λ → 0),
///   Δ = α x,  then `backtrackingLineSearch` from θ_old with ratio ρ and `maximumTrials` trials.
/// The step length makes the quadratic model of KL̄, ½ΔᵀFΔ, equal δ. rllab's defaults:
/// 10 CG iterations, damping λ = 10⁻⁵ (`reg_coeff`), δ = 0.01 (`step_size`), ρ = 0.8, 15 trials
/// (TRPO) or 1 (TNPG); `onFailure` chooses between rllab's current rule and the one of 2016.
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
    /// What happens when no trial of the line search passes.
    public var onFailure: LineSearchFailure

    public init(stepSize: Double = DuanDefaults.klStepSize, cgIterations: Int = DuanDefaults.cgIterations,
                damping: Double = DuanDefaults.cgDamping, backtrackRatio: Double = DuanDefaults.backtrackRatio,
                maximumTrials: Int, cgResidualTolerance: Double = 1e-10, onFailure: LineSearchFailure = .rejectStep) {
        precondition(stepSize > 0 && cgIterations > 0 && damping >= 0 && maximumTrials >= 1 && cgResidualTolerance >= 0)
        self.cgResidualTolerance = cgResidualTolerance
        self.stepSize = stepSize
        self.cgIterations = cgIterations
        self.damping = damping
        self.backtrackRatio = backtrackRatio
        self.maximumTrials = maximumTrials
        self.onFailure = onFailure
    }

    /// Truncated natural policy gradient as rllab runs it today: the natural step, taken whole if it
    /// improves L within the KL bound, otherwise no step.
    public static let tnpg = NaturalPolicyGradient(maximumTrials: 1)
    /// TRPO as rllab runs it today: the natural step, then up to 15 backtracks by 0.8; no step if all fail.
    public static let trpo = NaturalPolicyGradient(maximumTrials: DuanDefaults.maximumBacktracks)
    /// TNPG as Duan et al. (2016) ran it: the natural step α·x with α = √(2δ/xᵀFx), always taken.
    public static let tnpgDuan2016 = NaturalPolicyGradient(maximumTrials: 1, onFailure: .keepLastTrial)
    /// TRPO as Duan et al. (2016) ran it: 15 trials by 0.8; the last one (ρ¹⁴Δ) kept if all fail.
    public static let trpoDuan2016 = NaturalPolicyGradient(maximumTrials: DuanDefaults.maximumBacktracks,
                                                           onFailure: .keepLastTrial)

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
                                            ratio: backtrackRatio, maximumTrials: maximumTrials, onFailure: onFailure) { candidate in
            (problem.surrogate(candidate), problem.meanKL(candidate))
        }
        return Update(lineSearch: search, stepLength: alpha, fullStep: step, surrogateBefore: before)
    }
}
