import ExperimentKit
import OutputKit
import Foundation

/// Part 4: composition on a continuous task, a point mass in the plane steered toward goals
/// (`s' = s + a + w`, `w ~ N(0, σ²I)`, `r(s,a) = −(s − g)ᵀM(s − g) − ρ|a|²`), where every soft value is
/// known in closed form (`SoftLinearQuadratic`). Lemma 1 and Theorem 1 are checked exactly at sampled
/// state-action points, and the composed policy's suboptimality from the start is then measured by
/// simulating the continuous dynamics.
enum LinearQuadraticPart {
    /// The two tasks of a pair: goal and state-cost weights `M = diag(m)` of each.
    struct Pair: Sendable {
        var short: String
        var name: String
        var firstGoal: [Double]
        var firstWeights: [Double]
        var secondGoal: [Double]
        var secondWeights: [Double]
    }

    static let pairs: [Pair] = [
        Pair(short: "neighbouring goals", name: "neighbouring goals (5,0) and (0,5)", firstGoal: [5, 0], firstWeights: [1, 1], secondGoal: [0, 5], secondWeights: [1, 1]),
        Pair(short: "opposite goals", name: "opposite goals (5,0) and (−5,0)", firstGoal: [5, 0], firstWeights: [1, 1], secondGoal: [-5, 0], secondWeights: [1, 1]),
        Pair(short: "one coordinate each", name: "one coordinate each: x → 5 and y → 5", firstGoal: [5, 0], firstWeights: [1, 0], secondGoal: [0, 5], secondWeights: [0, 1]),
        Pair(short: "reweighted", name: "reweighted: (5,0) mostly x, (0,5) mostly y", firstGoal: [5, 0], firstWeights: [1, 0.1], secondGoal: [0, 5], secondWeights: [0.1, 1]),
    ]

    /// Action cost `ρ`, transition noise `σ`, start state.
    static let actionCost = 0.5
    static let noise = 0.3
    static let start: [Double] = [0, 0]

    struct Cell: Sendable {
        var pair: Int
        var gamma: Double
        var alpha: Double
        var label: String { "point mass, \(LinearQuadraticPart.pairs[pair].name), γ = \(RuleNumber.text(gamma)), α = \(RuleNumber.text(alpha))" }
    }

    static func cells(_ config: Configuration) -> [Cell] {
        pairs.indices.flatMap { p in config.continuousDiscounts.flatMap { g in config.continuousTemperatures.map { Cell(pair: p, gamma: g, alpha: $0) } } }
    }

    static func task(goal: [Double], weights: [Double], gamma: Double) -> SoftLinearQuadraticTask {
        SoftLinearQuadraticTask(transition: .identity(2), control: .identity(2), noiseCovariance: .diagonal([noise * noise, noise * noise]),
                                reward: SoftLinearQuadraticTask.goalReward(goal: goal, stateCost: .diagonal(weights),
                                                                           actionCost: .diagonal([actionCost, actionCost])),
                                discount: gamma)
    }

    /// Every quantity of Lemma 1 and Theorem 1 for one pair, in closed form.
    struct Composition: Sendable {
        var composedTask: SoftLinearQuadraticTask
        var averaged: QuadraticFunction            // Q_Σ = ½(Q*₁ + Q*₂)
        var optimal: QuadraticFunction             // Q*_C
        var composedPolicy: GaussianLinearPolicy   // π_Σ ∝ exp(Q_Σ/α)
        var optimalPolicy: GaussianLinearPolicy    // π*_C
        var composedSoftValue: QuadraticFunction   // Q^soft_{π_Σ} on the composed task
        var divergence: QuadraticFunction          // D_½(π*₁ ‖ π*₂)(s)
        /// Lemma 1's `C*` and Theorem 1's `D*`: constants when the constituents' policies differ by a
        /// state-independent shift, +∞ otherwise (see `init`).
        var divergenceBound: Double
        var policyBound: Double
        /// `Q_Σ − Q^soft_{π_Σ}` as its own fixed point `Δ ← γE[½αD_½(s') + E_{π_Σ}Δ]` (finite always).
        var averagedValueExcess: QuadraticFunction

        /// `C*` is the fixed point of `C(s,a) ← γE_{s'}[αD_½(s') + max_{a'} C(s',a')]`. If `D_½` does not
        /// depend on the state (equal gains `K₁ = K₂`, within 10⁻⁹) it is `γαD_½/(1 − γ)`, with `D_½` its constant. Otherwise `D_½(s) = ¼|(K₁ − K₂)s + k₁ − k₂|²_{Σ̄⁻¹}
        /// + const` grows without bound along the actions (`s' = s + a + w`, `(K₁ − K₂)B ≠ 0`), so the first
        /// iterate `γE[αD_½(s')]` is unbounded in `a`, its maximum over `a'` is +∞, and so is `C*`;
        /// `D* = γE_{π_Σ}[C* + D*]` is then +∞ too, and `γC*/(1 − γ)` when `C*` is constant.
        init(_ cell: Cell) throws {
            let pair = LinearQuadraticPart.pairs[cell.pair], alpha = cell.alpha
            let first = LinearQuadraticPart.task(goal: pair.firstGoal, weights: pair.firstWeights, gamma: cell.gamma)
            let second = LinearQuadraticPart.task(goal: pair.secondGoal, weights: pair.secondWeights, gamma: cell.gamma)
            composedTask = first.with(reward: 0.5 * (first.reward + second.reward))
            let q1 = try SoftLinearQuadratic.optimalActionValue(in: first, temperature: alpha)
            let q2 = try SoftLinearQuadratic.optimalActionValue(in: second, temperature: alpha)
            averaged = 0.5 * (q1 + q2)
            optimal = try SoftLinearQuadratic.optimalActionValue(in: composedTask, temperature: alpha)
            let pi1 = try SoftLinearQuadratic.softMaximum(q1, stateDimension: 2, temperature: alpha).policy
            let pi2 = try SoftLinearQuadratic.softMaximum(q2, stateDimension: 2, temperature: alpha).policy
            composedPolicy = try SoftLinearQuadratic.softMaximum(averaged, stateDimension: 2, temperature: alpha).policy
            optimalPolicy = try SoftLinearQuadratic.softMaximum(optimal, stateDimension: 2, temperature: alpha).policy
            composedSoftValue = try SoftLinearQuadratic.softActionValue(of: composedPolicy, in: composedTask, temperature: alpha)
            divergence = try SoftLinearQuadratic.renyiDivergenceOfOrderOneHalf(pi1, pi2)
            let gamma = cell.gamma
            // The gains are equal when the tasks share their quadratic parts; compared within rounding, since
            // the two iterations may stop a step apart.
            if (pi1.gain - pi2.gain).maxAbs <= 1e-9 * max(1, pi1.gain.maxAbs) {
                divergenceBound = gamma * alpha * divergence.constant / (1 - gamma)
                policyBound = gamma * divergenceBound / (1 - gamma)
            } else {
                divergenceBound = .infinity
                policyBound = .infinity
            }
            averagedValueExcess = try SoftLinearQuadratic.discountedPolicyFixedPoint(
                nextStateTerm: (0.5 * alpha) * divergence, policy: composedPolicy, in: composedTask)
        }
    }

    struct Outcome: Sendable {
        var cell: Cell
        /// At the sampled state-action points: max (Q*_C − Q_Σ) in rounding tolerances (Lemma 1, upper),
        /// max (Q_Σ − Q*_C)/C* (lower; 0 when C* = ∞), max (Q*_C − Q^soft_{π_Σ})/D* (Theorem 1), and the
        /// largest disagreement between Q_Σ − Q^soft_{π_Σ} and its own fixed point, in tolerances.
        var upperViolation: Double
        var lowerRatio: Double
        var theoremRatio: Double
        var excessMismatch: Double
        var boundFinite: Bool
        var divergenceBound: Double
        var policyBound: Double
        /// From the start, closed form: V*_C(s₀), V^soft_{π_Σ}(s₀), their gap; Theorem 1's bound on it
        /// E_{π_Σ}[C* + D*](s₀); the finite bound E_{a~π_Σ}[Q_Σ − Q^soft_{π_Σ}](s₀).
        var optimalValue: Double
        var composedValue: Double
        var gap: Double
        var theoremBound: Double
        var excessBound: Double
        /// Simulated: the mean soft returns of π*_C and π_Σ from s₀ over the episodes (common random
        /// numbers), the mean of their per-episode difference and its 95% bootstrap interval.
        var simulatedOptimal: Double
        var simulatedComposed: Double
        var simulatedGap: Double
        var simulatedGapLower: Double
        var simulatedGapUpper: Double
        var simulatedComposedLower: Double
        var simulatedComposedUpper: Double
        var episodes: Int
        var horizon: Int
    }

    /// Tolerance for rounding: 10⁻⁹ of the largest magnitude among the compared values, at least 10⁻⁹.
    static func tolerance(_ values: [Double]) -> Double { 1e-9 * max(1, values.map(abs).max() ?? 0) }

    /// The soft return `Σ_t γ^t (r(s_t,a_t) − α log π(a_t|s_t))` of each policy from `start`, one episode
    /// each, truncated at `horizon`, with the same noise draws for all (common random numbers):
    /// `a = μ(s) + Lξ` with `LLᵀ = Σ` (so `log π(a|s) = −½|ξ|² − log 2π − ½ log det Σ`), `s' = As + Ba + σε`.
    /// Written out for the plane (`n = m = 2`, checked), in scalars: this loop is the part's cost.
    static func softReturns(of policies: [GaussianLinearPolicy], in task: SoftLinearQuadraticTask, temperature alpha: Double,
                            horizon: Int, using rng: inout SeededGenerator) throws -> [Double] {
        precondition(task.stateDimension == 2 && task.actionDimension == 2, "the simulation is written for the plane")
        let factors = policies.map { $0.covariance.choleskyFactor() }
        let logNormaliser = try policies.map { -log(2 * Double.pi) - 0.5 * (try $0.covariance.logDeterminant()) }
        // Row-major coefficients: K then k per policy; H (4×4); F = [A B] (2×4).
        let gains = policies.map { $0.gain.entries + $0.offset }
        let h = task.reward.curvature.entries, l = task.reward.linear, c = task.reward.constant
        let f = task.dynamics.entries, sd = noise
        var x = [Double](repeating: start[0], count: policies.count), y = [Double](repeating: start[1], count: policies.count)
        var returns = [Double](repeating: 0, count: policies.count)
        var weight = 1.0
        for _ in 0..<horizon {
            let xi0 = rng.nextGaussian(), xi1 = rng.nextGaussian(), e0 = rng.nextGaussian(), e1 = rng.nextGaussian()
            let entropyTerm = -0.5 * (xi0 * xi0 + xi1 * xi1)
            for k in policies.indices {
                let g = gains[k], lk = factors[k].entries
                let z0 = x[k], z1 = y[k]
                let z2 = g[0] * z0 + g[1] * z1 + g[4] + lk[0] * xi0
                let z3 = g[2] * z0 + g[3] * z1 + g[5] + lk[2] * xi0 + lk[3] * xi1
                let q0 = h[0] * z0 + h[1] * z1 + h[2] * z2 + h[3] * z3
                let q1 = h[4] * z0 + h[5] * z1 + h[6] * z2 + h[7] * z3
                let q2 = h[8] * z0 + h[9] * z1 + h[10] * z2 + h[11] * z3
                let q3 = h[12] * z0 + h[13] * z1 + h[14] * z2 + h[15] * z3
                let quadratic = z0 * q0 + z1 * q1 + z2 * q2 + z3 * q3
                let reward = -quadratic + l[0] * z0 + l[1] * z1 + l[2] * z2 + l[3] * z3 + c
                returns[k] += weight * (reward - alpha * (entropyTerm + logNormaliser[k]))
                x[k] = f[0] * z0 + f[1] * z1 + f[2] * z2 + f[3] * z3 + sd * e0
                y[k] = f[4] * z0 + f[5] * z1 + f[6] * z2 + f[7] * z3 + sd * e1
            }
            weight *= task.discount
        }
        return returns
    }

    /// Steps after which `γ^T < 10⁻¹²`: the truncated tail is that fraction of a bounded-reward return.
    static func horizon(gamma: Double) -> Int { Int((log(1e-12) / log(gamma)).rounded(.up)) }

    static func run(_ cell: Cell, config: Configuration, masterSeed: UInt64) throws -> Outcome {
        let c = try Composition(cell)
        var rng = StreamKey(experiment: SoftQCompositionExperiment.name, setting: "continuous points \(cell.label)", trial: 0,
                            masterSeed: masterSeed).generator()
        var upper = -Double.infinity, lower = 0.0, theorem = 0.0, mismatch = 0.0
        for _ in 0..<config.continuousPoints {
            let z = [5 * rng.nextGaussian(), 5 * rng.nextGaussian(), 2 * rng.nextGaussian(), 2 * rng.nextGaussian()]
            let qs = c.averaged(z), qc = c.optimal(z), qpi = c.composedSoftValue(z), excess = c.averagedValueExcess(z)
            let tol = tolerance([qs, qc, qpi, excess])
            upper = max(upper, (qc - qs) / tol)
            lower = max(lower, (qs - qc) / (c.divergenceBound + tol))
            theorem = max(theorem, (qc - qpi) / (c.policyBound + tol))
            mismatch = max(mismatch, abs((qs - qpi) - excess) / tol)
        }
        // From the start: V = α log ∫ exp(Q/α) da for the optimum, E_π[Q − α log π] for π_Σ.
        let alpha = cell.alpha
        let vOptimal = try SoftLinearQuadratic.softMaximum(c.optimal, stateDimension: 2, temperature: alpha).value(start)
        let vComposed = try SoftLinearQuadratic.softExpectation(c.composedSoftValue, under: c.composedPolicy, stateDimension: 2,
                                                               temperature: alpha)(start)
        let excess = try SoftLinearQuadratic.softExpectation(c.averagedValueExcess, under: c.composedPolicy, stateDimension: 2,
                                                            temperature: 0)(start)
        let horizon = horizon(gamma: cell.gamma)
        var simulation = StreamKey(experiment: SoftQCompositionExperiment.name, setting: "continuous episodes \(cell.label)", trial: 0,
                                   masterSeed: masterSeed).generator()
        var optimalReturns: [Double] = [], composedReturns: [Double] = []
        for _ in 0..<config.continuousEpisodes {
            let g = try softReturns(of: [c.optimalPolicy, c.composedPolicy], in: c.composedTask, temperature: alpha, horizon: horizon,
                                    using: &simulation)
            optimalReturns.append(g[0])
            composedReturns.append(g[1])
        }
        let differences = zip(optimalReturns, composedReturns).map { $0 - $1 }
        var bootstrap = StreamKey(experiment: SoftQCompositionExperiment.name, setting: "continuous bootstrap \(cell.label)", trial: 0,
                                  masterSeed: masterSeed).generator()
        let gapInterval = AggregateMetrics.stratifiedBootstrapInterval([[differences]], replicates: config.bootstrapReplicates,
                                                                       using: &bootstrap) { Statistics.mean($0[0][0]) }
        let composedInterval = AggregateMetrics.stratifiedBootstrapInterval([[composedReturns]], replicates: config.bootstrapReplicates,
                                                                            using: &bootstrap) { Statistics.mean($0[0][0]) }
        return Outcome(cell: cell, upperViolation: upper, lowerRatio: lower, theoremRatio: theorem, excessMismatch: mismatch,
                       boundFinite: c.divergenceBound.isFinite, divergenceBound: c.divergenceBound, policyBound: c.policyBound,
                       optimalValue: vOptimal, composedValue: vComposed, gap: vOptimal - vComposed,
                       theoremBound: c.divergenceBound + c.policyBound, excessBound: excess,
                       simulatedOptimal: Statistics.mean(optimalReturns), simulatedComposed: Statistics.mean(composedReturns),
                       simulatedGap: Statistics.mean(differences), simulatedGapLower: gapInterval.lower,
                       simulatedGapUpper: gapInterval.upper, simulatedComposedLower: composedInterval.lower,
                       simulatedComposedUpper: composedInterval.upper, episodes: config.continuousEpisodes, horizon: horizon)
    }

    static func table(_ outcomes: [Outcome]) -> CSVTable {
        var t = CSVTable(columns: ["pair", "gamma", "alpha", "optimal_value", "composed_value", "gap", "theorem_bound", "excess_bound",
                                  "divergence_bound", "bounds_finite", "simulated_optimal", "simulated_composed", "simulated_composed_lower",
                                  "simulated_composed_upper", "simulated_gap", "simulated_gap_lower", "simulated_gap_upper",
                                  "lower_ratio", "theorem_ratio", "upper_violation_over_tolerance", "excess_mismatch_over_tolerance",
                                  "episodes", "horizon"])
        for o in outcomes {
            t.append([.string(pairs[o.cell.pair].name), .double(o.cell.gamma), .double(o.cell.alpha), .double(o.optimalValue),
                      .double(o.composedValue), .double(o.gap), .finiteOrEmpty(o.theoremBound), .double(o.excessBound), .finiteOrEmpty(o.divergenceBound),
                      .int(o.boundFinite ? 1 : 0),
                      .double(o.simulatedOptimal), .double(o.simulatedComposed), .double(o.simulatedComposedLower),
                      .double(o.simulatedComposedUpper), .double(o.simulatedGap), .double(o.simulatedGapLower), .double(o.simulatedGapUpper),
                      .double(o.lowerRatio), .double(o.theoremRatio), .double(o.upperViolation), .double(o.excessMismatch),
                      .int(o.episodes), .int(o.horizon)])
        }
        return t
    }
}
