import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// Part 2: DPO's *expected* loss (infinitely many pairs, no sampling noise), one context per instance.
/// - Pairs drawn from π_ref, as the notes assume (§6.1.1: `(y₁, y₂) ~ π_SFT = π_ref`): the
///   unpenalised minimiser, by Newton's method, against `π* = π_ref e^{r/β}/Z` (C14.6).
/// - Pairs drawn from `μ`, `π_ref` without its best response (a dataset that never shows it): the
///   expected loss no longer involves that response, so π* and the policy that DPO with vanishing weight
///   decay selects (the reward's minimum-norm solution: that response's implicit reward 0, the others
///   `r − mean r` over the covered responses) have the same loss but differ (C14.7).
enum PopulationPart {
    /// The instance that breaks "DPO's expected-loss minimiser is π*": saved as JSON and replayed.
    struct Witness: Codable, Equatable, Sendable {
        var instance: String
        var beta: Double
        var reference: [Double]
        var reward: [Double]
        /// The pair distribution's response policy μ (π_ref without `uncompared`, renormalised).
        var pairPolicy: [Double]
        var uncompared: Int
        var optimum: [Double]
        /// The other minimiser: DPO's solution as its weight decay vanishes.
        var selected: [Double]
        var lossAtOptimum: Double
        var lossAtSelected: Double
        var klSelectedToOptimum: Double

        /// The expected DPO loss of the policy `p`: `Σ_{i≠j} μ(i)μ(j)σ(r_i − r_j)·softplus(−β(log p_i/q_i − log p_j/q_j))`.
        static func expectedLoss(reference q: [Double], reward r: [Double], pairPolicy mu: [Double], beta: Double, policy p: [Double]) -> Double {
            var total = 0.0
            for i in q.indices { for j in q.indices where i != j && mu[i] > 0 && mu[j] > 0 {
                total += mu[i] * mu[j] * sigmoid(r[i] - r[j]) * softplus(-beta * (log(p[i] / q[i]) - log(p[j] / q[j])))
            } }
            return total
        }

        func json() throws -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
        }
    }

    struct Row: Sendable {
        var beta: Double
        var converged: Bool
        var iterations: Int
        /// max_y |log π̂(y) − log π*(y)| for the unpenalised minimiser with pairs from π_ref.
        var logDifference: Double
        var twoStageLogDifference: Double
        /// Pairs from μ: the loss difference between the two minimisers in rounding units, and their KL.
        var uncoveredLossUnits: Double
        var uncoveredKL: Double
        var witness: Witness
    }

    struct Outcome: Sendable {
        var index: Int
        var referenceScale: Double
        var rows: [Row]
        var label: String { "bandit \(index) (π_ref logit scale \(referenceScale))" }
    }

    static func run(index: Int, config: Configuration, masterSeed: UInt64) -> Outcome {
        var rng = StreamKey(experiment: PreferenceOptimizationExperiment.name, setting: "population", trial: index,
                            masterSeed: masterSeed).generator()
        let m = config.populationResponses
        let scale = config.populationReferenceScales[index % config.populationReferenceScales.count]
        let reference = TabularPolicy.randomSoftmax(stateCount: 1, actionCount: m, scale: scale, using: &rng)
        let q = Array(reference.row(0))
        let reward = (0..<m).map { _ in rng.nextGaussian() }
        let best = reward.indices.max { reward[$0] < reward[$1] }!
        var mu = q
        mu[best] = 0
        let muTotal = mu.reduce(0, +)
        mu = mu.map { $0 / muTotal }
        let full = ComparisonCounts.expected(reward: reward, pairPolicy: reference)
        let rows = config.betas.map { beta -> Row in
            let optimum = analyticalUpdate(policy: reference, advantage: reward, temperature: beta)
            let p = Array(optimum.row(0))
            let dpo = DirectPreferenceOptimization.fit(counts: full, reference: reference, beta: beta, ridge: 0)
            let twoStage = DirectPreferenceOptimization.twoStage(counts: full, reference: reference, beta: beta, ridge: 0)
            func logDifference(_ a: TabularPolicy) -> Double { zip(a.probabilities, p).map { abs(log($0) - log($1)) }.max()! }
            // The minimum-norm minimiser of the loss on μ's pairs: implicit reward 0 at the uncompared
            // response, r − mean r on the others.
            let covered = (0..<m).filter { $0 != best }
            let mean = covered.reduce(0.0) { $0 + reward[$1] } / Double(covered.count)
            let logits = (0..<m).map { y in log(q[y]) + (y == best ? 0 : (reward[y] - mean) / beta) }
            let selected = Array(TabularPolicy.softmax(logits: logits, stateCount: 1, actionCount: m).row(0))
            let atOptimum = Witness.expectedLoss(reference: q, reward: reward, pairPolicy: mu, beta: beta, policy: p)
            let atSelected = Witness.expectedLoss(reference: q, reward: reward, pairPolicy: mu, beta: beta, policy: selected)
            // Each of the m(m−1) terms carries a few roundings, and the log-ratios are differences of
            // logarithms of size up to |log p| + |log q|.
            let logSize = (p + selected + q).map { abs(log($0)) }.max()!
            let tolerance = 8 * Double(m * m + 8) * IdentityPart.u * (atOptimum + beta * logSize * (atOptimum + atSelected) + 1e-300)
            let kl = klDivergence(selected, p)
            let witness = Witness(instance: "bandit \(index)", beta: beta, reference: q, reward: reward, pairPolicy: mu,
                                  uncompared: best, optimum: p, selected: selected, lossAtOptimum: atOptimum,
                                  lossAtSelected: atSelected, klSelectedToOptimum: kl)
            return Row(beta: beta, converged: dpo.converged && twoStage.converged, iterations: dpo.iterations,
                       logDifference: logDifference(dpo.policy), twoStageLogDifference: logDifference(twoStage.policy),
                       uncoveredLossUnits: abs(atSelected - atOptimum) / tolerance, uncoveredKL: kl, witness: witness)
        }
        return Outcome(index: index, referenceScale: scale, rows: rows)
    }

    static func table(_ outcomes: [Outcome]) -> CSVTable {
        var t = CSVTable(columns: ["bandit", "reference_scale", "beta", "converged", "newton_iterations", "log_difference_dpo",
                                   "log_difference_two_stage", "uncovered_loss_units", "uncovered_kl"])
        for o in outcomes {
            for r in o.rows {
                t.append([.int(o.index), .double(o.referenceScale), .double(r.beta), .int(r.converged ? 1 : 0), .int(r.iterations),
                          .double(r.logDifference), .double(r.twoStageLogDifference), .double(r.uncoveredLossUnits),
                          .double(r.uncoveredKL)])
            }
        }
        return t
    }
}
