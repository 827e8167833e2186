import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// Part 3: tabular Q-learning and double Q-learning on Garnets whose rewards carry Gaussian noise,
/// against the exact V* (policy iteration on the noiseless MDP, Sources/Tabular). Each update draws
/// `(s, a)` uniformly (a generative model, so every pair is updated equally often and every state's
/// bias is measured), `s' ~ P(·|s,a)` and `r = r(s,a) + σ ε`, `ε ~ N(0,1)`; step size `α = 1/n(s,a)^ω`
/// with `n(s,a)` the updates of that pair in the table being updated (van Hasselt 2010, §4 uses
/// ω = 0.8). Both tables start at the exact `Q* = r + γ P V*`, so that what the estimates drift by is
/// what the noisy targets add (from `Q₀ = 0` the slow forgetting of the initial values, of order
/// `V*`, would hide a bias of order σ).
///
/// The bias at a checkpoint is `(1/|S|) Σ_s (V̂(s) − V*(s))`, with `V̂(s) = max_a Q(s,a)` for Q-learning
/// and, for double Q-learning, the double estimate `½(Q^B(s, argmax Q^A) + Q^A(s, argmax Q^B))` its
/// targets use (the maximum of `½(Q^A + Q^B)` is recorded too).
enum GarnetPart {
    struct Cell: Sendable {
        var shape: Garnet
        var gamma: Double
        var noise: Double
        var seed: Int
        var setting: String { "\(shape), γ = \(gamma), σ = \(noise)" }
    }

    struct Checkpoint: Sendable {
        var updates: Int
        var biasQ: Double
        var biasDouble: Double
        var biasDoubleAverageMax: Double
    }

    struct Outcome: Sendable {
        var cell: Cell
        var valueScale: Double
        var checkpoints: [Checkpoint]
    }

    static func cells(_ config: Configuration) -> [Cell] {
        config.shapes.flatMap { shape in config.discounts.flatMap { gamma in config.noises.flatMap { noise in
            (0..<config.garnetSeeds).map { Cell(shape: shape, gamma: gamma, noise: noise, seed: $0) }
        } } }
    }

    static func run(_ cell: Cell, config: Configuration, masterSeed: UInt64) throws -> Outcome {
        var mdpRNG = StreamKey(experiment: "double-q", setting: "garnet \(cell.shape) γ=\(cell.gamma)", trial: cell.seed,
                               masterSeed: masterSeed).generator()
        let mdp = try cell.shape.sample(discount: cell.gamma, using: &mdpRNG)
        let vStar = try BellmanOperators.optimalValue(in: mdp).value
        let qStar = BellmanOperators.lookahead(vStar, in: mdp)
        let n = mdp.stateCount, m = mdp.actionCount
        let last = config.garnetCheckpoints.max()!
        let omega = config.stepSizeExponent

        /// One sampled transition from `rng`: (s, a, r, s').
        func sample(_ rng: inout SeededGenerator) -> (Int, Int, Double, Int) {
            let s = rng.nextInt(below: n), a = rng.nextInt(below: m)
            let row = (s * m + a) * n
            let next = rng.nextCategorical(mdp.transitions[row..<(row + n)])
            return (s, a, mdp.reward(s, a) + cell.noise * rng.nextGaussian(), next)
        }
        func mean(_ f: (Int) -> Double) -> Double { (0..<n).reduce(0) { $0 + f($1) - vStar[$1] } / Double(n) }

        var qRNG = StreamKey(experiment: "double-q", setting: "garnet Q-learning \(cell.setting)", trial: cell.seed,
                             masterSeed: masterSeed).generator()
        var q = qStar, count = [Int](repeating: 0, count: n * m)
        var biasQ: [Int: Double] = [:]
        for t in 1...last {
            let (s, a, r, next) = sample(&qRNG)
            count[s * m + a] += 1
            QLearning.update(&q, state: s, action: a, reward: r, next: next, discount: mdp.discount,
                             stepSize: 1 / pow(Double(count[s * m + a]), omega), actions: m)
            if config.garnetCheckpoints.contains(t) { biasQ[t] = mean { QLearning.maxValue(q, state: $0, actions: m) } }
        }

        var dRNG = StreamKey(experiment: "double-q", setting: "garnet double Q-learning \(cell.setting)", trial: cell.seed,
                             masterSeed: masterSeed).generator()
        var qA = qStar, qB = qStar
        var countA = [Int](repeating: 0, count: n * m), countB = countA
        var biasD: [Int: (Double, Double)] = [:]
        for t in 1...last {
            let (s, a, r, next) = sample(&dRNG)
            let k = s * m + a
            if dRNG.nextUniform() < 0.5 {
                countA[k] += 1
                QLearning.doubleUpdate(&qA, other: qB, state: s, action: a, reward: r, next: next, discount: mdp.discount,
                                       stepSize: 1 / pow(Double(countA[k]), omega), actions: m)
            } else {
                countB[k] += 1
                QLearning.doubleUpdate(&qB, other: qA, state: s, action: a, reward: r, next: next, discount: mdp.discount,
                                       stepSize: 1 / pow(Double(countB[k]), omega), actions: m)
            }
            if config.garnetCheckpoints.contains(t) {
                let average = zip(qA, qB).map { 0.5 * ($0 + $1) }
                biasD[t] = (mean { QLearning.doubleValue(qA, qB, state: $0, actions: m) },
                            mean { QLearning.maxValue(average, state: $0, actions: m) })
            }
        }
        let checkpoints = config.garnetCheckpoints.sorted().map {
            Checkpoint(updates: $0, biasQ: biasQ[$0]!, biasDouble: biasD[$0]!.0, biasDoubleAverageMax: biasD[$0]!.1)
        }
        return Outcome(cell: cell, valueScale: vStar.reduce(0) { $0 + $1 } / Double(n), checkpoints: checkpoints)
    }

    static func table(_ outcomes: [Outcome]) -> CSVTable {
        var t = CSVTable(columns: ["states", "actions", "branching", "gamma", "noise_sd", "seed", "updates", "updates_per_pair", "mean_v_star",
                                   "bias_q_learning", "bias_double_q", "bias_double_q_average_max"])
        for o in outcomes {
            let pairs = o.cell.shape.states * o.cell.shape.actions
            for c in o.checkpoints {
                t.append([.int(o.cell.shape.states), .int(o.cell.shape.actions), .int(o.cell.shape.branching), .double(o.cell.gamma), .double(o.cell.noise), .int(o.cell.seed), .int(c.updates),
                          .double(Double(c.updates) / Double(pairs)), .double(o.valueScale), .double(c.biasQ),
                          .double(c.biasDouble), .double(c.biasDoubleAverageMax)])
            }
        }
        return t
    }
}
