import ExperimentKit
import Foundation

/// Tabular Q-learning and double Q-learning, one sample update at a time (C11; Watkins 1989;
/// van Hasselt 2010, Algorithm 1; Sutton & Barto 2018, §6.5 and §6.7; Hamid, Deep Reinforcement
/// Learning notes, §4.3).
///
/// Tables are row-major `q[s·m + a]` for `m` actions. A transition is `(s, a, r, s')` with `s' = nil`
/// at a terminal transition (whose value is 0 by definition).
///
/// Q-learning:
///   `Q(s,a) ← Q(s,a) + α (r + γ max_{a'} Q(s',a') − Q(s,a))`.
/// Its target uses the same noisy table to pick and to value the next action, so
/// `E[max_{a'} Q(s',a')] ≥ max_{a'} E[Q(s',a')]`: the maximisation bias.
///
/// Double Q-learning keeps two tables `Q^A`, `Q^B`; each step updates one of them (chosen by a fair
/// coin), selecting the next action with the table it updates and valuing it with the other:
///   `a* = argmax_{a'} Q^A(s',a')`,  `Q^A(s,a) ← Q^A(s,a) + α (r + γ Q^B(s',a*) − Q^A(s,a))`,
/// and symmetrically for `Q^B`. Since `Q^B` does not depend on the samples that chose `a*`,
/// `E[Q^B(s',a*)] = Σ_a P(a* = a) E[Q^B(s',a)] ≤ max_a E[Q^B(s',a)]` (van Hasselt 2010, Lemma 1).
public enum QLearning {
    /// The first index of the largest entry of `q[s·m ..< (s+1)·m]` (ties go to the lowest index, so
    /// targets are a deterministic function of the table).
    @inlinable
    public static func greedyAction(_ q: [Double], state s: Int, actions m: Int) -> Int {
        var best = 0, value = q[s * m]
        for a in 1..<max(m, 1) where q[s * m + a] > value { best = a; value = q[s * m + a] }
        return best
    }

    /// `max_a q[s·m + a]`.
    @inlinable
    public static func maxValue(_ q: [Double], state s: Int, actions m: Int) -> Double {
        q[s * m + greedyAction(q, state: s, actions: m)]
    }

    /// A greedy action with ties broken uniformly at random (draws from `rng` only when there is a tie),
    /// as behaviour policies usually break them (Sutton & Barto 2018, §2.2).
    public static func greedyActionBreakingTies(_ q: [Double], state s: Int, actions m: Int,
                                                using rng: inout SeededGenerator) -> Int {
        let top = maxValue(q, state: s, actions: m)
        let tied = (0..<m).filter { q[s * m + $0] == top }
        return tied.count == 1 ? tied[0] : tied[rng.nextInt(below: tied.count)]
    }

    /// ε-greedy on `q` at `s`: with probability ε a uniformly random action, otherwise a greedy action
    /// (ties broken at random). Draws: one uniform, then one action index or the tie-break.
    public static func epsilonGreedy(_ q: [Double], state s: Int, actions m: Int, epsilon: Double,
                                     using rng: inout SeededGenerator) -> Int {
        if rng.nextUniform() < epsilon { return rng.nextInt(below: m) }
        return greedyActionBreakingTies(q, state: s, actions: m, using: &rng)
    }

    /// Q-learning's target `r + γ max_{a'} Q(s',a')` (`r` at a terminal transition).
    @inlinable
    public static func target(_ q: [Double], reward r: Double, next: Int?, discount gamma: Double, actions m: Int) -> Double {
        guard let next else { return r }
        return r + gamma * maxValue(q, state: next, actions: m)
    }

    /// One Q-learning update of `q[s·m + a]` with step size α.
    @inlinable
    public static func update(_ q: inout [Double], state s: Int, action a: Int, reward r: Double, next: Int?,
                              discount gamma: Double, stepSize alpha: Double, actions m: Int) {
        let y = target(q, reward: r, next: next, discount: gamma, actions: m)
        q[s * m + a] += alpha * (y - q[s * m + a])
    }

    /// Double Q-learning's target for the table `selecting` (the one being updated):
    /// `r + γ evaluating(s', argmax_{a'} selecting(s',a'))` (`r` at a terminal transition).
    @inlinable
    public static func doubleTarget(selecting: [Double], evaluating: [Double], reward r: Double, next: Int?,
                                    discount gamma: Double, actions m: Int) -> Double {
        guard let next else { return r }
        return r + gamma * evaluating[next * m + greedyAction(selecting, state: next, actions: m)]
    }

    /// One double Q-learning update of `updated[s·m + a]` (the table chosen by the coin), valuing the
    /// next action it selects with `other`.
    @inlinable
    public static func doubleUpdate(_ updated: inout [Double], other: [Double], state s: Int, action a: Int, reward r: Double,
                                    next: Int?, discount gamma: Double, stepSize alpha: Double, actions m: Int) {
        let y = doubleTarget(selecting: updated, evaluating: other, reward: r, next: next, discount: gamma, actions: m)
        updated[s * m + a] += alpha * (y - updated[s * m + a])
    }

    /// The double estimate of `max_a Q(s,a)` from two tables: `½ (Q^B(s, argmax Q^A(s,·)) + Q^A(s, argmax Q^B(s,·)))`,
    /// the quantity double Q-learning's targets use (each table selecting, the other valuing).
    @inlinable
    public static func doubleValue(_ qA: [Double], _ qB: [Double], state s: Int, actions m: Int) -> Double {
        0.5 * (qB[s * m + greedyAction(qA, state: s, actions: m)] + qA[s * m + greedyAction(qB, state: s, actions: m)])
    }
}
