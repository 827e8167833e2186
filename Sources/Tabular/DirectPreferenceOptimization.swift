import Foundation

/// Direct preference optimisation on a tabular contextual bandit (Rafailov et al. 2023, eq. 7;
/// Hamid, lecture notes, §6.1.2), beside the two-stage route it replaces (reward model, then the
/// KL-regularised optimum), and the objective both target.
///
/// The KL-regularised RLHF objective (notes, eq. 17; Rafailov et al. 2023, eq. 3), contexts uniform:
///   `J(π) = E_x[ E_{y~π(·|x)} r(x,y) − β D_KL(π(·|x) ‖ π_ref(·|x)) ]`,
/// is maximised by `π_r(y|x) = π_ref(y|x) exp(r(x,y)/β) / Z(x)` (notes, Lemma 28; Rafailov et al. 2023,
/// eq. 4): C5's analytical update with `C = β` and the reward in place of the advantage, computed by
/// `analyticalUpdate(policy: π_ref, advantage: r, temperature: β)`. Its value is `E_x[β log Z(x)]`
/// (`updateObjectiveMaximum`), and the proof's last line gives `J(π_r) − J(π) = β E_x D_KL(π ‖ π_r)`.
public enum DirectPreferenceOptimization {
    /// `J(π)` above: the mean over contexts of `updateObjective` (C5's per-state objective).
    public static func klRegularizedReward(policy: TabularPolicy, reference: TabularPolicy, reward: [Double], beta: Double) -> Double {
        let m = policy.actionCount
        return (0..<policy.stateCount).reduce(0) { total, x in
            total + updateObjective(Array(policy.row(x)), old: Array(reference.row(x)),
                                    advantage: Array(reward[(x * m)..<((x + 1) * m)]), temperature: beta)
        } / Double(policy.stateCount)
    }

    /// `E_x E_{y~π} r(x,y)`, contexts uniform.
    public static func expectedReward(policy: TabularPolicy, reward: [Double]) -> Double {
        zip(policy.probabilities, reward).reduce(0) { $0 + $1.0 * $1.1 } / Double(policy.stateCount)
    }

    /// `E_x D_KL(p(·|x) ‖ q(·|x))`, contexts uniform.
    public static func meanKL(_ p: TabularPolicy, _ q: TabularPolicy) -> Double {
        p.klDivergence(to: q).reduce(0, +) / Double(p.stateCount)
    }

    /// `log π_θ(y|x)` for `π_θ = softmax(θ(x,·))`: `θ(x,y) − log Σ_b exp θ(x,b)`.
    static func logSoftmax(_ logits: [Double], responses m: Int, context x: Int) -> [Double] {
        let row = logits[(x * m)..<((x + 1) * m)]
        let z = logSumExp(row)
        return row.map { $0 - z }
    }

    /// DPO's loss as the notes and Rafailov et al. (2023, eq. 7) write it:
    ///   `L_DPO(π_θ; π_ref) = −(1/N) Σ_{(x,y_w,y_l) ∈ D} log σ(β log(π_θ(y_w|x)/π_ref(y_w|x)) − β log(π_θ(y_l|x)/π_ref(y_l|x)))`
    /// with the tabular policy `π_θ = softmax(θ(x,·))`. The plain reference implementation: one pair at
    /// a time, log-probabilities computed explicitly. Precondition: `π_ref > 0` wherever a pair looks.
    public static func loss(logits: [Double], reference: TabularPolicy, beta: Double, pairs: [PreferencePair]) -> Double {
        precondition(logits.count == reference.probabilities.count && beta > 0 && !pairs.isEmpty)
        let m = reference.actionCount
        var total = 0.0
        for p in pairs {
            let logPi = logSoftmax(logits, responses: m, context: p.context)
            let z = beta * (logPi[p.winner] - log(reference[p.context, p.winner]))
                - beta * (logPi[p.loser] - log(reference[p.context, p.loser]))
            total += softplus(-z)   // −log σ(z)
        }
        return total / Double(pairs.count)
    }

    /// `∇_θ L_DPO`. Each pair contributes `−β σ(−z)/N` to the winner's logit and `+β σ(−z)/N` to the
    /// loser's: the softmax normaliser cancels in `log π_θ(y_w) − log π_θ(y_l) = θ_w − θ_l`.
    public static func lossGradient(logits: [Double], reference: TabularPolicy, beta: Double, pairs: [PreferencePair]) -> [Double] {
        let m = reference.actionCount
        var g = [Double](repeating: 0, count: logits.count)
        let n = Double(pairs.count)
        for p in pairs {
            let w = p.context * m + p.winner, l = p.context * m + p.loser
            let z = beta * ((logits[w] - log(reference.probabilities[w])) - (logits[l] - log(reference.probabilities[l])))
            let s = beta * sigmoid(-z) / n
            g[w] -= s
            g[l] += s
        }
        return g
    }

    /// DPO's implicit reward `β log(π(y|x)/π_ref(y|x))` (Rafailov et al. 2023, eq. 5 without its
    /// `β log Z(x)`, a per-context constant that no preference sees).
    public static func implicitReward(policy: TabularPolicy, reference: TabularPolicy, beta: Double) -> [Double] {
        zip(policy.probabilities, reference.probabilities).map { beta * log($0 / $1) }
    }

    /// A fitted policy with its parameters and the solver's report.
    public struct Fit: Sendable {
        public var policy: TabularPolicy
        /// DPO: the logits `θ`; reward model: the rewards `r̂`.
        public var parameters: [Double]
        public var converged: Bool
        public var iterations: Int
    }

    /// DPO's estimate: per context, the minimiser of `N·L_DPO(θ) + (λ/2)‖θ − log π_ref‖²`
    /// (`PairwiseLogistic` with `s = β`, `c = log π_ref`) by Newton's method from `θ = log π_ref`
    /// (`π_θ = π_ref`), and `π̂ = softmax(θ)`. Precondition: `π_ref > 0`.
    public static func fit(counts: ComparisonCounts, reference: TabularPolicy, beta: Double, ridge: Double,
                           minimizer: NewtonMinimizer = NewtonMinimizer()) -> Fit {
        precondition(reference.probabilities.allSatisfy { $0 > 0 }, "π_ref must be positive")
        let m = reference.actionCount
        var theta: [Double] = [], converged = true, iterations = 0
        for x in 0..<counts.contexts {
            let offset = reference.row(x).map { log($0) }
            let r = PairwiseLogistic(counts: counts, context: x, scale: beta, offset: offset, ridge: ridge).minimize(minimizer: minimizer)
            theta += r.point
            converged = converged && r.converged
            iterations = max(iterations, r.iterations)
        }
        return Fit(policy: .softmax(logits: theta, stateCount: counts.contexts, actionCount: m), parameters: theta,
                   converged: converged, iterations: iterations)
    }

    /// The two-stage route (notes, §6.1.1; Rafailov et al. 2023, §3): fit the Bradley–Terry reward model,
    /// per context the minimiser of `N·L_R(r) + (λ/2)‖r‖²` (`PairwiseLogistic` with `s = 1`, `c = 0`) by
    /// Newton's method from `r = 0`, then take the exact KL-regularised optimum
    /// `π̂ = analyticalUpdate(π_ref, r̂, β)` (Lemma 28).
    ///
    /// Equivalence: under `θ = log π_ref + r/β` the DPO objective with penalty `λ_DPO` is the reward
    /// model's with penalty `λ_DPO/β²`, and `softmax(θ) = analyticalUpdate(π_ref, r, β)`. So DPO with
    /// `λ_DPO = β²λ` and this route with `λ` have the same minimiser (and Newton, being affine-invariant,
    /// the same iterates): in the tabular case DPO *is* reward maximum likelihood, reparametrised.
    public static func twoStage(counts: ComparisonCounts, reference: TabularPolicy, beta: Double, ridge: Double,
                                minimizer: NewtonMinimizer = NewtonMinimizer()) -> Fit {
        let reward = rewardModel(counts: counts, ridge: ridge, minimizer: minimizer)
        var fit = reward
        fit.policy = analyticalUpdate(policy: reference, advantage: reward.parameters, temperature: beta)
        return fit
    }

    /// The Bradley–Terry reward model alone (its `policy` field is uniform).
    public static func rewardModel(counts: ComparisonCounts, ridge: Double, minimizer: NewtonMinimizer = NewtonMinimizer()) -> Fit {
        let m = counts.responses
        var reward: [Double] = [], converged = true, iterations = 0
        for x in 0..<counts.contexts {
            let r = PairwiseLogistic(counts: counts, context: x, scale: 1, offset: [Double](repeating: 0, count: m), ridge: ridge)
                .minimize(minimizer: minimizer)
            reward += r.point
            converged = converged && r.converged
            iterations = max(iterations, r.iterations)
        }
        return Fit(policy: .uniform(stateCount: counts.contexts, actionCount: m), parameters: reward,
                   converged: converged, iterations: iterations)
    }
}
