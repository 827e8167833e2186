import ExperimentKit
import Foundation

/// The Bellman operators of a finite MDP and the two exact dynamic-programming algorithms built on
/// them, as Hamid's Deep Reinforcement Learning notes, §3.1–3.4, state them (docs/CLAIMS.md, C10;
/// also Sutton & Barto 2018, §4.1–4.4). A value function is a vector indexed by state; a
/// state-action table is stored at `[s·|A| + a]` like `MDP.rewards`.
///
/// Rounding: every operator here is a fixed sequence of floating-point operations (the same bits on
/// every run and thread). `backupRoundingTolerance` bounds the error of one computed backup, so that a
/// test of an inequality between computed backups can tell rounding from a violation.
public enum BellmanOperators {
    /// The one-step lookahead `q_V(s,a) = r(s,a) + γ Σ_{s'} P(s'|s,a) V(s')`, at `[s·|A| + a]` (the
    /// quantity both backups average or maximise; `q_{V_π} = Q_π`). Precondition: `v.count == |S|`.
    public static func lookahead(_ v: [Double], in mdp: MDP) -> [Double] {
        let n = mdp.stateCount, m = mdp.actionCount, gamma = mdp.discount
        precondition(v.count == n, "a value function has one entry per state")
        return [Double](unsafeUninitializedCapacity: n * m) { out, initialised in
            mdp.transitions.withUnsafeBufferPointer { p in
                mdp.rewards.withUnsafeBufferPointer { r in
                    v.withUnsafeBufferPointer { v in
                        for k in 0..<(n * m) {
                            out[k] = r[k] + gamma * dot(p.baseAddress! + k * n, v.baseAddress!, count: n)
                        }
                    }
                }
            }
            initialised = n * m
        }
    }

    /// The policy backup of the notes' §3.1 (the update of iterative policy evaluation):
    /// `(B_π V)(s) = E_{a~π(·|s)}[r(s,a) + γ Σ_{s'} P(s'|s,a) V(s')] = Σ_a π(a|s) q_V(s,a)`.
    /// Its fixed point is `V_π` (Lemma 19: a γ-contraction in ‖·‖∞; Proposition 20: `(B_π)ⁿV → V_π`).
    /// Precondition: matching shapes.
    public static func policyBackup(_ v: [Double], policy: TabularPolicy, in mdp: MDP) -> [Double] {
        precondition(policy.stateCount == mdp.stateCount && policy.actionCount == mdp.actionCount)
        return policyAverage(lookahead(v, in: mdp), under: policy)
    }

    /// The optimality backup of the notes' §3.3: `(B V)(s) = max_a [r(s,a) + γ Σ_{s'} P(s'|s,a) V(s')]`.
    /// Its fixed point is `V*` (Lemma 22: a γ-contraction in ‖·‖∞; Proposition 23: `BⁿV → V*`).
    public static func bellmanBackup(_ v: [Double], in mdp: MDP) -> [Double] {
        maxOverActions(lookahead(v, in: mdp), actions: mdp.actionCount)
    }

    /// `max_a f(s,a)` for a state-action table `f`.
    public static func maxOverActions(_ f: [Double], actions m: Int) -> [Double] {
        (0..<(f.count / m)).map { s in
            var best = f[s * m]
            for a in 1..<max(1, m) where f[s * m + a] > best { best = f[s * m + a] }
            return best
        }
    }

    /// The greedy actions with respect to `V`: `argmax_a q_V(s,a)`, ties to the lowest index (the
    /// notes' §3.2–3.3 take "argmax" without a tie rule). For these actions the computed backups agree
    /// bit for bit: `policyBackup(V, greedyPolicy(V)) == bellmanBackup(V)`, the notes' `B_π V = BV`.
    public static func greedyActions(_ v: [Double], in mdp: MDP) -> [Int] {
        greedyActions(lookahead: lookahead(v, in: mdp), actions: mdp.actionCount)
    }

    /// The greedy actions from a lookahead table already computed (`lookahead(V)`).
    public static func greedyActions(lookahead q: [Double], actions m: Int) -> [Int] {
        (0..<(q.count / m)).map { s in
            var best = 0
            for a in 1..<max(1, m) where q[s * m + a] > q[s * m + best] { best = a }
            return best
        }
    }

    /// The deterministic greedy policy with respect to `V` (see `greedyActions`).
    public static func greedyPolicy(_ v: [Double], in mdp: MDP) -> TabularPolicy {
        deterministicPolicy(greedyActions(v, in: mdp), actions: mdp.actionCount)
    }

    /// The deterministic policy that takes `actions[s]` at state `s`. Precondition: each action in `0..<m`.
    public static func deterministicPolicy(_ actions: [Int], actions m: Int) -> TabularPolicy {
        var p = [Double](repeating: 0, count: actions.count * m)
        for (s, a) in actions.enumerated() {
            precondition(a >= 0 && a < m, "action \(a) out of range at state \(s)")
            p[s * m + a] = 1
        }
        return try! TabularPolicy(stateCount: actions.count, actionCount: m, probabilities: p)
    }

    /// A bound on the componentwise error of one computed backup of a value function with
    /// `‖V‖∞ ≤ valueScale`, `B V` or `B_π V`: `γ_k·(max|r| + γ·valueScale)`, `γ_k = k·u/(1 − k·u)`,
    /// `k = |S| + |A| + 2`, `u = 2⁻⁵³`. The dot product over `|S|` successors has error at most
    /// `γ_|S|·Σ P|V| ≤ γ_|S|·‖V‖∞` (Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed.,
    /// §3.1, for any order of summation); the product with γ and the sum with `r` add two roundings;
    /// the policy average over `|A|` actions adds `γ_|A|`; the maximum adds none.
    public static func backupRoundingTolerance(in mdp: MDP, valueScale: Double) -> Double {
        let u = Double.ulpOfOne / 2
        let k = Double(mdp.stateCount + mdp.actionCount + 2)
        let gammaK = k * u / (1 - k * u)
        let rewardScale = mdp.rewards.reduce(0) { max($0, abs($1)) }
        return gammaK * (rewardScale + mdp.discount * valueScale)
    }

    /// Value iteration (the notes' §3.3): `V_{k+1} = B V_k` from `V_0 = v`, `iterations` times;
    /// returns `[V_0, V_1, …, V_iterations]`. For long runs use `iterate(from:iterations:step:visit:)`,
    /// which keeps only the current iterate.
    public static func valueIteration(from v: [Double], in mdp: MDP, iterations: Int) -> [[Double]] {
        var sequence: [[Double]] = []
        iterate(from: v, iterations: iterations, step: { bellmanBackup($0, in: mdp) }) { _, x in sequence.append(x) }
        return sequence
    }

    /// Iterative policy evaluation (the notes' §3.1): `V_{k+1} = B_π V_k` from `V_0 = v`, `iterations`
    /// times; returns `[V_0, V_1, …, V_iterations]`.
    public static func policyEvaluationIterates(from v: [Double], policy: TabularPolicy, in mdp: MDP,
                                                iterations: Int) -> [[Double]] {
        var sequence: [[Double]] = []
        iterate(from: v, iterations: iterations, step: { policyBackup($0, policy: policy, in: mdp) }) { _, x in
            sequence.append(x)
        }
        return sequence
    }

    /// `xₖ₊₁ = step(xₖ)` from `x₀ = start`, `iterations` times, calling `visit(k, xₖ)` for every
    /// `k = 0…iterations`; returns the last iterate. Holds one iterate at a time.
    @discardableResult
    public static func iterate(from start: [Double], iterations: Int, step: ([Double]) -> [Double],
                               visit: (Int, [Double]) -> Void = { _, _ in }) -> [Double] {
        precondition(iterations >= 0)
        var x = start
        visit(0, x)
        for k in 0..<iterations {
            x = step(x)
            visit(k + 1, x)
        }
        return x
    }

    /// Policy iteration as the notes' §3.2 write it: from `π_0`, evaluate `V_{π_i}` exactly, improve to
    /// `π_{i+1}(s) = argmax_a q_{π_i}(s,a)`, and stop when `π_{i+1} = π_i`. The run records every policy
    /// evaluated and its exact evaluation (`PolicyEvaluation`, one LU solve each), so its sequence of
    /// values `V_{π_0}, V_{π_1}, …` can be checked against Lemma 21.
    ///
    /// Ties: the notes' argmax has no tie rule, and in floating point two tied actions' computed
    /// `q` differ by rounding, so plain argmax can switch between tied actions forever. Here the
    /// current action is kept unless another's computed `q` exceeds it by more than `switchTolerance`
    /// (twice the rounding bound of the computed `Q_{π_i}`: the solve's and one lookahead's), and
    /// among actions that beat it the lowest-index maximiser is taken. Every switch is then a true
    /// improvement, `Q_{π_i}(s, π_{i+1}(s)) > V_{π_i}(s)`, and the run ends at a policy no action
    /// improves by more than rounding. Throws if `maxIterations` evaluations do not end it (a finite
    /// MDP needs at most `|A|^|S|`) or an evaluation is refused as ill-conditioned.
    public static func policyIteration(in mdp: MDP, start: [Int], maxIterations: Int = 10_000) throws -> PolicyIterationRun {
        precondition(start.count == mdp.stateCount)
        let m = mdp.actionCount
        var policies = [start]
        var evaluations: [PolicyEvaluation] = []
        var switchTolerances: [Double] = []
        while evaluations.count < maxIterations {
            let current = policies.last!
            let e = try PolicyEvaluation(policy: deterministicPolicy(current, actions: m), in: mdp)
            evaluations.append(e)
            let tolerance = switchTolerance(e)
            switchTolerances.append(tolerance)
            var next = current
            for s in 0..<mdp.stateCount {
                let keep = e.actionValue[s * m + current[s]]
                var best = current[s], bestValue = keep + tolerance
                for a in 0..<m where e.actionValue[s * m + a] > bestValue {
                    best = a
                    bestValue = e.actionValue[s * m + a]
                }
                next[s] = best
            }
            if next == current { return PolicyIterationRun(policies: policies, evaluations: evaluations, switchTolerances: switchTolerances) }
            policies.append(next)
        }
        throw NumericalError("policy iteration did not stop within \(maxIterations) evaluations "
                             + "(|S| = \(mdp.stateCount), |A| = \(m), γ = \(mdp.discount))")
    }

    /// How much another action's computed `Q_π` must exceed the current action's before policy
    /// iteration switches: twice the rounding bound of a computed `Q_π(s,a)` (the solve's
    /// `3n·κ∞·u·max|Q|` and one lookahead's).
    public static func switchTolerance(_ e: PolicyEvaluation) -> Double {
        let qScale = e.actionValue.reduce(0) { max($0, abs($1)) }
        let vScale = e.value.reduce(0) { max($0, abs($1)) }
        return 2 * (e.roundingTolerance(scale: qScale) + backupRoundingTolerance(in: e.mdp, valueScale: vScale))
    }

    /// `V*` by policy iteration from the all-zero-action policy, with a bound on its error.
    public static func optimalValue(in mdp: MDP) throws -> OptimalValue {
        let run = try policyIteration(in: mdp, start: [Int](repeating: 0, count: mdp.stateCount))
        return OptimalValue(run: run)
    }
}

/// One run of policy iteration: the policies `π_0, π_1, …, π_k` it evaluated (the last one is kept by
/// its own improvement step, `π_{k+1} = π_k`) and their exact evaluations.
public struct PolicyIterationRun: Sendable {
    /// `π_i` as the action at each state.
    public let policies: [[Int]]
    /// The exact evaluation of each `π_i`.
    public let evaluations: [PolicyEvaluation]
    /// The switching threshold used at each improvement step (`BellmanOperators.switchTolerance`).
    public let switchTolerances: [Double]

    /// `V_{π_0}, V_{π_1}, …, V_{π_k}`: the sequence Lemma 21 says is non-decreasing.
    public var values: [[Double]] { evaluations.map(\.value) }
    /// The number of passes through the notes' loop, i.e. of policies evaluated (the `i` at which the
    /// loop `while i = 0 or π_i ≠ π_{i−1}` stops): `k + 1`.
    public var iterations: Int { evaluations.count }
    /// The policy it stopped at.
    public var final: [Int] { policies.last! }
}

/// `V*` as the value of the policy policy iteration stops at, with a bound on its error.
public struct OptimalValue: Sendable {
    public let run: PolicyIterationRun
    /// The policy `π*` policy iteration stopped at.
    public var policy: [Int] { run.final }
    /// `V* ≈ V_{π*}`.
    public var value: [Double] { run.evaluations.last!.value }
    /// A bound on `|V̂*(s) − V*(s)|` at every state: the solve's rounding `3n·κ∞·u·‖V‖∞`, plus, where
    /// some action other than `π*(s)` comes within rounding of improving on it (a near-tie, so that
    /// `π*` may be optimal only up to rounding), `(max_{s, a ≠ π*(s)} Â(s,a) + τ_Q)⁺/(1−γ)`: a
    /// policy whose advantages are all at most `δ` is within `δ/(1−γ)` of optimal (the first inequality
    /// of the notes' Proposition 24 applied to `V_{π*}`, a standard result that C10 also tests). Without
    /// near-ties the second term is zero and `π*` is exactly optimal.
    public let tolerance: Double

    init(run: PolicyIterationRun) {
        self.run = run
        let e = run.evaluations.last!
        let n = e.mdp.stateCount, m = e.mdp.actionCount
        let vScale = e.value.reduce(0) { max($0, abs($1)) }
        let solve = e.roundingTolerance(scale: vScale)
        let tauQ = run.switchTolerances.last! / 2
        var nearTie = 0.0
        for s in 0..<n {
            for a in 0..<m where a != run.final[s] {
                nearTie = max(nearTie, e.advantage(s, a) + tauQ)
            }
        }
        tolerance = solve + nearTie / (1 - e.mdp.discount)
    }
}
