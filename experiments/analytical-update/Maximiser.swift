import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// Part 1: the closed form attains the maximum of `E_{a~p}[A] − C·KL(p ‖ π_old)` over the simplex.
/// Checked against an independent numerical optimiser (Nelder–Mead on softmax logits from four
/// starts) and against random multiplicative perturbations of the closed form, which must never do
/// better. A "shortfall" is how much better either finds than the closed form.
enum Maximiser {
    struct Outcome: Sendable {
        var actions: Int, temperature: Double, scale: Double, tolerance: Double
        var closedValue: Double, closedFormMaximum: Double, numericalValue: Double, perturbedValue: Double
        var shortfall: Double { max(numericalValue, perturbedValue) - closedValue }
    }

    static func run(trial: Int, masterSeed: UInt64) -> Outcome {
        var rng = StreamKey(experiment: AnalyticalUpdateExperiment.name, setting: "maximiser", trial: trial,
                            masterSeed: masterSeed).generator()
        let m = [2, 3, 5, 10][trial % 4]
        let advantageScale = [0.1, 1, 10][(trial / 4) % 3]
        let old = TabularPolicy.randomSoftmax(stateCount: 1, actionCount: m, scale: 2, using: &rng).probabilities
        let advantage = (0..<m).map { _ in advantageScale * rng.nextGaussian() }
        let c = pow(10, -2 + 4 * rng.nextUniform())
        let rule = try! TabularPolicy(stateCount: 1, actionCount: m, probabilities: old)
        let closed = analyticalUpdate(policy: rule, advantage: advantage, temperature: c).probabilities
        func f(_ p: [Double]) -> Double { updateObjective(p, old: old, advantage: advantage, temperature: c) }
        let closedValue = f(closed)
        // Independent optimiser: maximise over logits z, p = softmax(z), from four starts.
        let objective: ([Double]) -> Double = { z in
            -f(TabularPolicy.softmax(logits: z, stateCount: 1, actionCount: m).probabilities)
        }
        var starts = [old.map { log($0) }, [Double](repeating: 0, count: m)]
        for _ in 0..<2 { starts.append((0..<m).map { _ in 2 * rng.nextGaussian() }) }
        var best = (value: -Double.infinity, point: closed)
        for start in starts {
            let r = NelderMead(maxEvaluations: 600 * m, tolerance: 1e-15).minimize(objective, from: start, step: 0.5)
            if -r.value > best.value { best = (-r.value, TabularPolicy.softmax(logits: r.point, stateCount: 1, actionCount: m).probabilities) }
        }
        // Random multiplicative perturbations of the closed form, at several sizes.
        var perturbed = (value: -Double.infinity, point: closed)
        for size in [1e-6, 1e-3, 1e-1, 1] {
            for _ in 0..<50 {
                let z = closed.map { log($0) + size * rng.nextGaussian() }
                let p = TabularPolicy.softmax(logits: z, stateCount: 1, actionCount: m).probabilities
                let value = f(p)
                if value > perturbed.value { perturbed = (value, p) }
            }
        }
        let challenger = best.value >= perturbed.value ? best.point : perturbed.point
        func magnitude(_ p: [Double]) -> Double { updateObjectiveMagnitude(p, old: old, advantage: advantage, temperature: c) }
        let tolerance = Double(m + 8) * (Double.ulpOfOne / 2) * (magnitude(closed) + magnitude(challenger))
        let scale = advantage.map(abs).max()! + c * (1 + old.map { abs(log($0)) }.max()!)
        return Outcome(actions: m, temperature: c, scale: scale, tolerance: tolerance, closedValue: closedValue,
                       closedFormMaximum: updateObjectiveMaximum(old: old, advantage: advantage, temperature: c),
                       numericalValue: best.value, perturbedValue: perturbed.value)
    }

    /// The rounding tolerance of a comparison of two objective values: `(m + 8)·u` times the sum of
    /// the magnitudes of both evaluations' terms (`updateObjectiveMagnitude`).
    static func tolerance(_ o: Outcome) -> Double { o.tolerance }

    static func table(_ outcomes: [Outcome]) -> CSVTable {
        var t = CSVTable(columns: ["trial", "n_actions", "temperature", "scale", "closed_value", "closed_form_maximum",
                                   "numerical_value", "perturbed_value", "shortfall", "tolerance"])
        for (i, o) in outcomes.enumerated() {
            t.append([.int(i), .int(o.actions), .double(o.temperature), .double(o.scale), .double(o.closedValue),
                      .double(o.closedFormMaximum), .double(o.numericalValue), .double(o.perturbedValue),
                      .double(o.shortfall), .double(tolerance(o))])
        }
        return t
    }
}
