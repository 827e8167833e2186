import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// Part 2: Sutton & Barto (2018), Example 6.7 and Figure 6.5. From A, "right" ends the episode with
/// reward 0 and "left" leads to B with reward 0; from B each of `exampleActionsAtB` actions ends the
/// episode with reward N(−0.1, 1). γ = 1, ε-greedy with ε = 0.1, α = 0.1, Q₀ = 0. Left has expected
/// return −0.1 < 0, so the best ε-greedy policy takes left with probability ε/2 = 5%.
/// Q-learning and double Q-learning (behaviour ε-greedy on Q^A + Q^B) use Sources/Tabular/QLearning.swift;
/// the table has two states and `exampleActionsAtB` actions, A's actions beyond the first two set to −∞
/// (never selected, never updated).
enum ExamplePart {
    static let right = 0, left = 1, stateA = 0, stateB = 1

    /// Per episode, summed over a chunk of runs: how many runs took left at A, and the sum over runs of
    /// the value estimate of B at the episode's end (max_a Q(B,a); for double Q-learning the double
    /// estimate ½(Q^B(B, argmax Q^A) + Q^A(B, argmax Q^B))).
    struct Counts: Sendable {
        var leftQ: [Int]
        var leftDouble: [Int]
        var valueBQ: [Double]
        var valueBDouble: [Double]
    }

    static func chunks(_ config: Configuration) -> [Range<Int>] {
        let size = max(1, config.exampleRuns / 100)
        return stride(from: 0, to: config.exampleRuns, by: size).map { $0..<min($0 + size, config.exampleRuns) }
    }

    static func run(_ runs: Range<Int>, config: Configuration, masterSeed: UInt64) -> Counts {
        let e = config.exampleEpisodes
        var c = Counts(leftQ: Array(repeating: 0, count: e), leftDouble: Array(repeating: 0, count: e),
                       valueBQ: Array(repeating: 0, count: e), valueBDouble: Array(repeating: 0, count: e))
        for run in runs {
            var rng = StreamKey(experiment: "double-q", setting: "example 6.7 Q-learning", trial: run, masterSeed: masterSeed).generator()
            var q = initialTable(config)
            for episode in 0..<e {
                if qLearningEpisode(&q, config: config, rng: &rng) { c.leftQ[episode] += 1 }
                c.valueBQ[episode] += QLearning.maxValue(q, state: stateB, actions: config.exampleActionsAtB)
            }
            rng = StreamKey(experiment: "double-q", setting: "example 6.7 double Q-learning", trial: run, masterSeed: masterSeed).generator()
            var qA = initialTable(config), qB = initialTable(config)
            for episode in 0..<e {
                if doubleEpisode(&qA, &qB, config: config, rng: &rng) { c.leftDouble[episode] += 1 }
                c.valueBDouble[episode] += QLearning.doubleValue(qA, qB, state: stateB, actions: config.exampleActionsAtB)
            }
        }
        return c
    }

    static func initialTable(_ config: Configuration) -> [Double] {
        let m = config.exampleActionsAtB
        var q = [Double](repeating: 0, count: 2 * m)
        for a in 2..<m { q[stateA * m + a] = -.infinity }
        return q
    }

    /// ε-greedy at A (two actions) on `q`.
    static func actionAtA(_ q: [Double], config: Configuration, rng: inout SeededGenerator) -> Int {
        if rng.nextUniform() < config.exampleEpsilon { return rng.nextInt(below: 2) }
        return QLearning.greedyActionBreakingTies(q, state: stateA, actions: config.exampleActionsAtB, using: &rng)
    }

    /// One Q-learning episode; returns whether left was taken at A.
    static func qLearningEpisode(_ q: inout [Double], config: Configuration, rng: inout SeededGenerator) -> Bool {
        let m = config.exampleActionsAtB, alpha = config.exampleStepSize
        let a = actionAtA(q, config: config, rng: &rng)
        if a == right {
            QLearning.update(&q, state: stateA, action: right, reward: 0, next: nil, discount: 1, stepSize: alpha, actions: m)
            return false
        }
        QLearning.update(&q, state: stateA, action: left, reward: 0, next: stateB, discount: 1, stepSize: alpha, actions: m)
        let b = QLearning.epsilonGreedy(q, state: stateB, actions: m, epsilon: config.exampleEpsilon, using: &rng)
        let r = config.exampleRewardMean + rng.nextGaussian()
        QLearning.update(&q, state: stateB, action: b, reward: r, next: nil, discount: 1, stepSize: alpha, actions: m)
        return true
    }

    /// One double Q-learning episode (van Hasselt 2010, Algorithm 1; Sutton & Barto 2018, §6.7): acts
    /// ε-greedily on Q^A + Q^B, and at each step a fair coin picks the table to update.
    static func doubleEpisode(_ qA: inout [Double], _ qB: inout [Double], config: Configuration,
                              rng: inout SeededGenerator) -> Bool {
        let m = config.exampleActionsAtB, alpha = config.exampleStepSize
        func sum() -> [Double] { zip(qA, qB).map { $0 + $1 } }
        func update(state s: Int, action a: Int, reward r: Double, next: Int?) {
            if rng.nextUniform() < 0.5 {
                QLearning.doubleUpdate(&qA, other: qB, state: s, action: a, reward: r, next: next, discount: 1, stepSize: alpha, actions: m)
            } else {
                QLearning.doubleUpdate(&qB, other: qA, state: s, action: a, reward: r, next: next, discount: 1, stepSize: alpha, actions: m)
            }
        }
        let a = actionAtA(sum(), config: config, rng: &rng)
        if a == right {
            update(state: stateA, action: right, reward: 0, next: nil)
            return false
        }
        update(state: stateA, action: left, reward: 0, next: stateB)
        let b = QLearning.epsilonGreedy(sum(), state: stateB, actions: m, epsilon: config.exampleEpsilon, using: &rng)
        let r = config.exampleRewardMean + rng.nextGaussian()
        update(state: stateB, action: b, reward: r, next: nil)
        return true
    }

    static func total(_ counts: [Counts]) -> Counts {
        var t = counts[0]
        for c in counts.dropFirst() {
            for i in t.leftQ.indices {
                t.leftQ[i] += c.leftQ[i]; t.leftDouble[i] += c.leftDouble[i]
                t.valueBQ[i] += c.valueBQ[i]; t.valueBDouble[i] += c.valueBDouble[i]
            }
        }
        return t
    }

    static func table(_ c: Counts, runs: Int) -> CSVTable {
        var t = CSVTable(columns: ["episode", "algorithm", "left_fraction", "wilson_lower", "wilson_upper", "runs", "mean_value_b"])
        for (name, left, value) in [("Q-learning", c.leftQ, c.valueBQ), ("double Q-learning", c.leftDouble, c.valueBDouble)] {
            for i in left.indices {
                let w = Statistics.wilsonInterval(successes: left[i], n: runs)
                t.append([.int(i + 1), .string(name), .double(Double(left[i]) / Double(runs)), .double(w.lower), .double(w.upper),
                          .int(runs), .double(value[i] / Double(runs))])
            }
        }
        return t
    }
}
