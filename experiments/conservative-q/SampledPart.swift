import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// Part 2: sampled datasets. For each instance and dataset size, datasets of `perState` transitions
/// from every state drawn with π_β (limited coverage: rare actions are seen seldom or never); the
/// empirical MDP (r̂, P̂) and π̂_β; the target π restricted to the seen actions (π_D, so supp μ ⊂ supp π̂_β
/// with μ = π_D); CQL's fixed points against the true Q^{π_D}, V^{π_D}; the exact smallest α of each bound
/// (the fixed point is affine in α); Theorems 3.1 and 3.2's thresholds; and naive offline Q-learning
/// (value iteration on the empirical MDP, seen actions only) against the true value of its greedy policy.
enum SampledPart {
    struct Cell: Sendable {
        var gamma: Double
        var index: Int
        var perState: Int
    }

    struct DatasetOutcome: Sendable {
        var gamma: Double
        var perState: Int
        var instance: Int
        var dataset: Int
        var seenFraction: Double
        /// Exact smallest α with Q̂₁ ≤ Q^{π_D} at every seen pair (Eq. 1), and with V̂₂ ≤ V^{π_D} at every state (Eq. 2).
        var alphaStar1: Double
        var alphaStar2: Double
        /// Theorem 3.1's and Theorem 3.2's thresholds.
        var threshold1: Double
        var threshold2: Double
        /// At α = the threshold (nil when it is infinite): Q̂₁ ≤ Q^π at every seen pair; V̂₂ ≤ V^π at every
        /// state; Q̂₂ > Q^π at some seen pair.
        var holds1: Bool?
        var holds2: Bool?
        var q2Above: Bool?
        /// Naive evaluation (α = 0): max over seen pairs of (Q̂ − Q^{π_D}) in tolerances.
        var naiveExcess: Double
        /// Naive offline Q-learning: ρ₀ᵀ(V̂* − V^{π̂}) with π̂ its greedy policy, and its tolerance.
        var naiveOverestimation: Double
        var naiveTolerance: Double
        /// Per state: |D(s, π̂(s))| and Q̂*(s, π̂(s)) − Q^{π̂}(s, π̂(s)).
        var greedyCounts: [Int]
        var greedyOverestimation: [Double]
        /// Over the sweep's α: whether the Eq. (1) bound on Q and the Eq. (2) bound on V hold.
        var sweepHolds1: [Bool]
        var sweepHolds2: [Bool]
        var label: String { "γ = \(gamma), \(perState) transitions per state, instance \(instance), dataset \(dataset)" }
    }

    static func cells(_ config: Configuration) -> [Cell] {
        config.sampledDiscounts.flatMap { gamma in
            (0..<config.sampledInstances).flatMap { i in config.perStateSizes.map { Cell(gamma: gamma, index: i, perState: $0) } }
        }
    }

    static func run(_ cell: Cell, config: Configuration, masterSeed: UInt64) throws -> [DatasetOutcome] {
        let inst = try Instance.draw(shape: config.sampledShape, gamma: cell.gamma, index: cell.index, rareWeight: config.rareWeight,
                                     masterSeed: masterSeed)
        let mdp = inst.mdp, n = mdp.stateCount, m = mdp.actionCount
        let concentration = ConservativeQ.Concentration(states: n, actions: m, delta: config.delta, rewardMaximum: 1, discount: cell.gamma)
        return try (0..<config.datasets).map { d in
            var rng = StreamKey(experiment: "conservative-q", setting: "data \(config.sampledShape) γ=\(cell.gamma) instance \(cell.index) n=\(cell.perState)",
                                trial: d, masterSeed: masterSeed).generator()
            let data = OfflineDataset.sample(from: mdp, behaviour: inst.behaviour, perState: cell.perState, using: &rng)
            return try evaluate(data, instance: inst, cell: cell, dataset: d, concentration: concentration, config: config)
        }
    }

    static func evaluate(_ data: OfflineDataset, instance inst: Instance, cell: Cell, dataset d: Int,
                         concentration: ConservativeQ.Concentration, config: Configuration) throws -> DatasetOutcome {
        let mdp = inst.mdp, n = mdp.stateCount, m = mdp.actionCount
        let model = try data.empiricalMDP(discount: mdp.discount, initialDistribution: mdp.initialDistribution)
        let behaviourHat = try data.empiricalBehaviour()
        let pi = try data.restricted(inst.target)
        let seen = (0..<(n * m)).filter { data.counts[$0] > 0 }
        let truth = try PolicyEvaluation(policy: pi, in: mdp)
        let truthTol = ConservativeQ.roundingTolerance(truth)
        let p1 = try ConservativeQ.penalty(.minimiseUnderMu, mu: pi, behaviour: behaviourHat)
        let p2 = try ConservativeQ.penalty(.subtractBehaviour, mu: pi, behaviour: behaviourHat)

        func solve(_ p: [Double], _ alpha: Double) throws -> (e: PolicyEvaluation, tol: Double) {
            let e = try ConservativeQ.fixedPoint(in: model, policy: pi, penalty: p, alpha: alpha)
            return (e, ConservativeQ.roundingTolerance(e) + truthTol)
        }
        func qExcess(_ s: (e: PolicyEvaluation, tol: Double)) -> Double {
            seen.map { (s.e.actionValue[$0] - truth.actionValue[$0]) / s.tol }.max()!
        }
        func vExcess(_ s: (e: PolicyEvaluation, tol: Double)) -> Double {
            (0..<n).map { (s.e.value[$0] - truth.value[$0]) / s.tol }.max()!
        }

        // The fixed point is affine in α: Q̂(α) = Q̂(0) − α·c with c = (I − γP̂^π)⁻¹p = Q̂(0) − Q̂(1).
        let zero1 = try solve(p1, 0), one1 = try solve(p1, 1)
        var alphaStar1 = 0.0
        for k in seen {
            let e0 = zero1.e.actionValue[k] - truth.actionValue[k], c = zero1.e.actionValue[k] - one1.e.actionValue[k]
            if e0 > 0 { alphaStar1 = max(alphaStar1, c > 0 ? e0 / c : .infinity) }
        }
        let zero2 = try solve(p2, 0), one2 = try solve(p2, 1)
        var alphaStar2 = 0.0
        for s in 0..<n {
            let e0 = zero2.e.value[s] - truth.value[s], c = zero2.e.value[s] - one2.e.value[s]
            if e0 > 0 { alphaStar2 = max(alphaStar2, c > 0 ? e0 / c : .infinity) }
        }
        let threshold1 = ConservativeQ.theorem31Threshold(counts: data.counts, mu: pi, behaviour: behaviourHat, concentration: concentration)
        let stateCounts = (0..<n).map { data.count(state: $0) }
        let threshold2 = ConservativeQ.theorem32Threshold(stateCounts: stateCounts, policy: pi, behaviour: behaviourHat, concentration: concentration)
        var holds1: Bool? = nil, holds2: Bool? = nil, q2Above: Bool? = nil
        if threshold1.isFinite { holds1 = qExcess(try solve(p1, threshold1)) <= 1 }
        if threshold2.isFinite {
            let at = try solve(p2, threshold2)
            holds2 = vExcess(at) <= 1
            q2Above = qExcess(at) > 1
        }
        var sweep1: [Bool] = [], sweep2: [Bool] = []
        for alpha in config.sweepAlphas {
            sweep1.append(qExcess(try solve(p1, alpha)) <= 1)
            sweep2.append(vExcess(try solve(p2, alpha)) <= 1)
        }

        // Naive offline Q-learning: Q̂* of the empirical MDP (unseen actions are copies of a seen one, so
        // the maximum is over seen actions); its greedy policy mapped to seen actions; V^{π̂} in the true MDP.
        let optimal = try BellmanOperators.optimalValue(in: model)
        let greedy = (0..<n).map { s -> Int in
            let a = optimal.policy[s]
            return data.counts[s * m + a] > 0 ? a : (0..<m).first { data.counts[s * m + $0] > 0 }!
        }
        let greedyPolicy = BellmanOperators.deterministicPolicy(greedy, actions: m)
        let greedyTruth = try PolicyEvaluation(policy: greedyPolicy, in: mdp)
        let qStar = optimal.run.evaluations.last!.actionValue
        var over = 0.0
        for s in 0..<n { over += mdp.initialDistribution[s] * (optimal.value[s] - greedyTruth.value[s]) }
        let naiveTol = optimal.tolerance + ConservativeQ.roundingTolerance(greedyTruth)
        return DatasetOutcome(
            gamma: cell.gamma, perState: cell.perState, instance: cell.index, dataset: d,
            seenFraction: Double(seen.count) / Double(n * m), alphaStar1: alphaStar1, alphaStar2: alphaStar2,
            threshold1: threshold1, threshold2: threshold2, holds1: holds1, holds2: holds2, q2Above: q2Above,
            naiveExcess: qExcess(zero1), naiveOverestimation: over, naiveTolerance: naiveTol,
            greedyCounts: (0..<n).map { data.counts[$0 * m + greedy[$0]] },
            greedyOverestimation: (0..<n).map { qStar[$0 * m + greedy[$0]] - greedyTruth.actionValue[$0 * m + greedy[$0]] },
            sweepHolds1: sweep1, sweepHolds2: sweep2)
    }

    static func table(_ outcomes: [DatasetOutcome]) -> CSVTable {
        func flag(_ b: Bool?) -> CSVValue { b.map { .int($0 ? 1 : 0) } ?? .empty }
        var t = CSVTable(columns: ["gamma", "per_state", "instance", "dataset", "seen_fraction", "alpha_star_eq1", "threshold_eq1",
                                   "alpha_star_eq2", "threshold_eq2", "holds_eq1_at_threshold", "holds_eq2_v_at_threshold",
                                   "eq2_q_above_at_threshold", "naive_eval_excess", "naive_q_overestimation"])
        for o in outcomes {
            t.append([.double(o.gamma), .int(o.perState), .int(o.instance), .int(o.dataset), .double(o.seenFraction),
                      .finiteOrEmpty(o.alphaStar1), .finiteOrEmpty(o.threshold1), .finiteOrEmpty(o.alphaStar2), .finiteOrEmpty(o.threshold2),
                      flag(o.holds1), flag(o.holds2), flag(o.q2Above), .double(o.naiveExcess), .double(o.naiveOverestimation)])
        }
        return t
    }

    /// Per (γ, size, α): the fraction of datasets where each bound holds.
    static func sweepTable(_ outcomes: [DatasetOutcome], config: Configuration) -> CSVTable {
        var t = CSVTable(columns: ["gamma", "per_state", "alpha", "datasets", "fraction_eq1_q_holds", "fraction_eq2_v_holds"])
        for gamma in config.sampledDiscounts {
            for size in config.perStateSizes {
                let os = outcomes.filter { $0.gamma == gamma && $0.perState == size }
                guard !os.isEmpty else { continue }
                for (i, alpha) in config.sweepAlphas.enumerated() {
                    let c = Double(os.count)
                    t.append([.double(gamma), .int(size), .double(alpha), .int(os.count),
                              .double(Double(os.filter { $0.sweepHolds1[i] }.count) / c),
                              .double(Double(os.filter { $0.sweepHolds2[i] }.count) / c)])
                }
            }
        }
        return t
    }

    /// Buckets of |D(s, π̂(s))| for naive Q-learning's greedy pairs.
    static let countBuckets: [(low: Int, high: Int)] = [(1, 1), (2, 3), (4, 15), (16, 63), (64, Int.max)]

    /// Per (γ, bucket of the greedy pair's count): how many greedy pairs and their mean overestimation
    /// Q̂*(s, π̂(s)) − Q^{π̂}(s, π̂(s)), scaled by 1 − γ.
    static func greedyTable(_ outcomes: [DatasetOutcome], config: Configuration) -> CSVTable {
        var t = CSVTable(columns: ["gamma", "count_low", "count_high", "bucket", "pairs", "mean_scaled_overestimation"])
        for gamma in config.sampledDiscounts {
            for (b, bucket) in countBuckets.enumerated() {
                var values: [Double] = []
                for o in outcomes where o.gamma == gamma {
                    for s in o.greedyCounts.indices where o.greedyCounts[s] >= bucket.low && o.greedyCounts[s] <= bucket.high {
                        values.append(o.greedyOverestimation[s] * (1 - gamma))
                    }
                }
                t.append([.double(gamma), .int(bucket.low), bucket.high == Int.max ? .empty : .int(bucket.high), .int(b),
                          .int(values.count), values.isEmpty ? .empty : .double(Statistics.mean(values))])
            }
        }
        return t
    }
}
