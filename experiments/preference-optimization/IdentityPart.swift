import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// Part 1: Lemma 28 (Hamid, lecture notes, §6.1.2; Rafailov et al. 2023, eq. 4) and the algebra DPO
/// rests on, on single-context bandits: the closed form `π* = π_ref e^{r/β}/Z` (C5's analytical update
/// with C = β, rewards for advantages) against Nelder–Mead on the objective, its value `β log Z`, the
/// reward reparametrisation `r = β log(π*/π_ref) + β log Z`, the Bradley–Terry probabilities written
/// with π* (Z cancels), and the invariance of preferences and of π* to a per-context shift of r.
/// Every difference is measured in units of a rounding tolerance derived from the computation.
enum IdentityPart {
    struct Row: Sendable {
        var beta: Double
        /// objective(closed form) − objective(Nelder–Mead): ≥ 0 if the closed form is the maximiser.
        var nelderMeadShortfall: Double
        var nelderMeadExcessUnits: Double
        var valueUnits: Double
        var reparametrisationUnits: Double
        var preferenceUnits: Double
        var shiftUnits: Double
        /// Responses whose π* underflows to 0 (left out of the log-ratio checks).
        var underflows: Int
    }

    struct Outcome: Sendable {
        var index: Int
        var responses: Int
        var referenceScale: Double
        var smallestReference: Double
        var rows: [Row]
        var label: String { "bandit \(index) (\(responses) responses, π_ref logit scale \(referenceScale))" }
    }

    static let u = Double.ulpOfOne / 2

    static func run(index: Int, config: Configuration, masterSeed: UInt64) -> Outcome {
        var rng = StreamKey(experiment: PreferenceOptimizationExperiment.name, setting: "identity", trial: index,
                            masterSeed: masterSeed).generator()
        let m = config.identityResponses[index % config.identityResponses.count]
        let scale = config.identityReferenceScales[(index / config.identityResponses.count) % config.identityReferenceScales.count]
        let reference = TabularPolicy.randomSoftmax(stateCount: 1, actionCount: m, scale: scale, using: &rng)
        let q = Array(reference.row(0))
        let reward = (0..<m).map { _ in rng.nextGaussian() }
        let shift = 10 * rng.nextGaussian()
        let k = Double(m + 8)
        let rows = config.identityBetas.map { beta -> Row in
            let optimum = analyticalUpdate(policy: reference, advantage: reward, temperature: beta)
            let p = Array(optimum.row(0))
            let objective = { (p: [Double]) in updateObjective(p, old: q, advantage: reward, temperature: beta) }
            let magnitude = { (p: [Double]) in updateObjectiveMagnitude(p, old: q, advantage: reward, temperature: beta) }
            let best = objective(p)
            // Direct maximisation over the logits, from the reference, restarted once from its result.
            let f = { (theta: [Double]) in -objective(Array(TabularPolicy.softmax(logits: theta, stateCount: 1, actionCount: m).row(0))) }
            let nm = NelderMead(maxEvaluations: config.nelderMeadEvaluations, tolerance: 1e-16)
            let first = nm.minimize(f, from: q.map { log($0) }, step: 1)
            let second = nm.minimize(f, from: first.point, step: 1.0 / 16)
            let direct = Array(TabularPolicy.softmax(logits: second.value <= first.value ? second.point : first.point,
                                                     stateCount: 1, actionCount: m).row(0))
            let directValue = objective(direct)
            let objectiveTolerance = 2 * k * u * max(magnitude(p), magnitude(direct))
            // The maximum's value: β log Z = β log Σ π_ref e^{r/β}.
            let logZ = updateObjectiveMaximum(old: q, advantage: reward, temperature: beta) / beta
            let valueTolerance = 2 * k * u * (magnitude(p) + beta * abs(logZ))
            // r = β log(π*/π_ref) + β log Z, at every response where π* is a normal number.
            var reparametrisation = 0.0, underflows = 0
            var implicit = [Double](repeating: .nan, count: m)
            for y in 0..<m {
                guard p[y] >= Double.leastNormalMagnitude else { underflows += 1; continue }
                implicit[y] = beta * log(p[y] / q[y])
                let tolerance = 4 * k * u * (abs(reward[y]) + beta * (abs(log(p[y])) + abs(log(q[y])) + abs(logZ) + 1))
                reparametrisation = max(reparametrisation, abs(implicit[y] + beta * logZ - reward[y]) / tolerance)
            }
            // p*(y₁ ≻ y₂) = σ(β log π*(y₁)/π_ref(y₁) − β log π*(y₂)/π_ref(y₂)) equals σ(r₁ − r₂).
            var preference = 0.0
            for i in 0..<m { for j in 0..<m where i != j && implicit[i].isFinite && implicit[j].isFinite {
                let viaPolicy = BradleyTerry.preferenceProbability(implicit[i], implicit[j])
                let direct = BradleyTerry.preferenceProbability(reward[i], reward[j])
                let tolerance = k * u * (abs(reward[i]) + abs(reward[j]) + beta * (abs(log(p[i])) + abs(log(p[j]))
                                         + abs(log(q[i])) + abs(log(q[j])) + 2)) + 4 * u
                preference = max(preference, abs(viaPolicy - direct) / tolerance)
            } }
            // r + c: the same preferences and the same π* (Rafailov et al. 2023, Lemmas 1 and 2).
            let shifted = reward.map { $0 + shift }
            let shiftedOptimum = Array(analyticalUpdate(policy: reference, advantage: shifted, temperature: beta).row(0))
            var shiftUnits = 0.0
            for y in 0..<m where p[y] >= Double.leastNormalMagnitude {
                let tolerance = 4 * k * u * (1 + (abs(reward[y]) + abs(shift) + reward.map(abs).max()!) / beta)
                shiftUnits = max(shiftUnits, abs(shiftedOptimum[y] - p[y]) / (p[y] * tolerance))
            }
            for i in 0..<m { for j in 0..<m where i != j {
                let d = abs(BradleyTerry.preferenceProbability(shifted[i], shifted[j]) - BradleyTerry.preferenceProbability(reward[i], reward[j]))
                shiftUnits = max(shiftUnits, d / (4 * u * (abs(reward[i]) + abs(reward[j]) + 2 * abs(shift) + 4)))
            } }
            return Row(beta: beta, nelderMeadShortfall: best - directValue,
                       nelderMeadExcessUnits: directValue - best > 0 ? (directValue - best) / objectiveTolerance : 0,
                       valueUnits: abs(best - beta * logZ) == 0 ? 0 : abs(best - beta * logZ) / valueTolerance,
                       reparametrisationUnits: reparametrisation, preferenceUnits: preference, shiftUnits: shiftUnits,
                       underflows: underflows)
        }
        return Outcome(index: index, responses: m, referenceScale: scale, smallestReference: q.min()!, rows: rows)
    }

    static func table(_ outcomes: [Outcome]) -> CSVTable {
        var t = CSVTable(columns: ["bandit", "responses", "reference_scale", "smallest_reference", "beta", "nelder_mead_shortfall",
                                   "nelder_mead_excess_units", "value_units", "reparametrisation_units", "preference_units",
                                   "shift_units", "underflows"])
        for o in outcomes {
            for r in o.rows {
                t.append([.int(o.index), .int(o.responses), .double(o.referenceScale), .double(o.smallestReference), .double(r.beta),
                          .double(r.nelderMeadShortfall), .double(r.nelderMeadExcessUnits), .double(r.valueUnits),
                          .double(r.reparametrisationUnits), .double(r.preferenceUnits), .double(r.shiftUnits), .int(r.underflows)])
            }
        }
        return t
    }
}
