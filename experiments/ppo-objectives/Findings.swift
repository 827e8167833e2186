import ExperimentKit
import OutputKit
import Foundation
import Neural

/// Scores, normalisation, aggregate statistics, tables, figures' data and verdicts, from the
/// trial files (a pure function of them and the random-policy returns).
struct Findings {
    let config: Configuration
    let masterSeed: UInt64
    let files: [Trial: TrialFile]
    let randomReturns: [String: Double]

    var settings: [ObjectiveSetting] { Configuration.settings }

    /// Scores of the runs that exist, by task and setting (in seed order).
    func scores(_ environment: String, _ setting: String) -> [Double] {
        (0..<config.seeds).compactMap { files[Trial(environment: environment, setting: setting, seed: $0)]?.score }
    }

    func output() throws -> ExperimentOutput {
        // Per task: the random policy's return is 0, the best setting's mean score is 1.
        var tasks = CSVTable(columns: ["environment", "random_return", "best_setting", "best_mean_score", "included"])
        var included: [String] = []
        var normaliser: [String: (random: Double, range: Double)] = [:]
        for e in config.environments {
            let means = settings.compactMap { s -> (String, Double)? in
                let x = scores(e, s.label)
                return x.isEmpty ? nil : (s.label, Statistics.mean(x))
            }
            guard let best = means.max(by: { $0.1 < $1.1 }), let random = randomReturns[e] else { continue }
            let range = best.1 - random
            // A task enters the average only if some setting beats the random policy; otherwise
            // the normalisation divides by zero or flips sign.
            let informative = range > 0
            if informative { included.append(e); normaliser[e] = (random, range) }
            tasks.append([.string(e), .double(random), .string(best.0), .double(best.1), .int(informative ? 1 : 0)])
        }
        guard !included.isEmpty else { throw NumericalError("no task on which any setting beats the random policy") }

        func normalized(_ e: String, _ s: String) -> [Double] {
            let n = normaliser[e]!
            return scores(e, s).map { ($0 - n.random) / n.range }
        }
        // Per setting: normalised scores per included task (the strata of the bootstrap).
        var perTask: [String: [[Double]]] = [:]
        for s in settings { perTask[s.label] = included.map { normalized($0, s.label) }.filter { !$0.isEmpty } }
        let complete = settings.filter { perTask[$0.label]!.count == included.count }

        // The executables that computed the trials are in the manifest, not here: a build-dependent
        // column would make the CSV differ between machines.
        var runs = CSVTable(columns: ["environment", "setting", "seed", "score", "normalized_score", "episodes"])
        for e in config.environments {
            for s in settings {
                for seed in 0..<config.seeds {
                    guard let f = files[Trial(environment: e, setting: s.label, seed: seed)] else { continue }
                    let z = normaliser[e].map { CSVValue.double((f.score - $0.random) / $0.range) } ?? .empty
                    runs.append([.string(e), .string(s.label), .int(seed), .double(f.score), z, .int(f.finishedEpisodes)])
                }
            }
        }

        // The paper's number (mean over tasks of the mean over seeds), IQM with stratified-bootstrap
        // intervals, and P(clip-0.2 > setting) with its interval.
        var rng = StreamKey(experiment: config.experimentName, setting: "bootstrap", trial: 0, masterSeed: masterSeed).generator()
        let reference = perTask["clip-0.2"]!
        var summary: [String: (average: Double, iqm: Double, iqmCI: (Double, Double), poi: Double, poiCI: (Double, Double))] = [:]
        var table = CSVTable(columns: ["setting", "family", "paper_score", "average_normalized_score", "iqm", "iqm_low", "iqm_high",
                                       "p_clip02_better", "p_low", "p_high", "runs"])
        for s in complete {
            let x = perTask[s.label]!
            let average = Statistics.mean(x.map { Statistics.mean($0) })
            let iqm = AggregateMetrics.interquartileMean(x)
            let iqmCI = AggregateMetrics.stratifiedBootstrapInterval([x], replicates: config.bootstrapReplicates, using: &rng) {
                AggregateMetrics.interquartileMean($0[0])
            }
            var poi = Double.nan, poiCI = (Double.nan, Double.nan)
            if s.label != "clip-0.2" && reference.count == included.count {
                poi = AggregateMetrics.probabilityOfImprovement(reference, over: x)
                let ci = AggregateMetrics.stratifiedBootstrapInterval([reference, x], replicates: config.bootstrapReplicates, using: &rng) {
                    AggregateMetrics.probabilityOfImprovement($0[0], over: $0[1])
                }
                poiCI = (ci.lower, ci.upper)
            }
            summary[s.label] = (average, iqm, (iqmCI.lower, iqmCI.upper), poi, poiCI)
            table.append([.string(s.label), .string(s.family), .double(s.paperScore), .double(average), .double(iqm),
                          .double(iqmCI.lower), .double(iqmCI.upper), .finiteOrEmpty(poi), .finiteOrEmpty(poiCI.0),
                          .finiteOrEmpty(poiCI.1), .int(x.reduce(0) { $0 + $1.count })])
        }

        // Performance profiles: the fraction of runs with normalised score above τ.
        let taus = (0...44).map { -1.0 + 0.05 * Double($0) }
        var profiles = CSVTable(columns: ["setting", "tau", "fraction_above"])
        for s in complete {
            for (tau, f) in zip(taus, AggregateMetrics.performanceProfile(perTask[s.label]!, thresholds: taus)) {
                profiles.append([.string(s.label), .double(tau), .double(f)])
            }
        }

        let (curves, meanCurves) = learningCurves()
        let output = try assemble(tasks: tasks, runs: runs, table: table, profiles: profiles, curves: curves,
                                  meanCurves: meanCurves, diagnostics: diagnostics(), summary: summary,
                                  included: included, complete: complete.map(\.label), perTask: perTask)
        return output
    }

    /// Per run, the mean of the last 100 episodes' returns at 50 evenly spaced steps (empty before
    /// the first episode ends), and per (task, setting) the mean and range over seeds.
    func learningCurves() -> (CSVTable, CSVTable) {
        var curves = CSVTable(columns: ["environment", "setting", "seed", "step", "mean_last100"])
        var means = CSVTable(columns: ["environment", "setting", "step", "mean", "min", "max"])
        let grid = config.curveGrid
        for e in config.environments {
            for s in settings {
                var atGrid: [[Double]] = Array(repeating: [], count: grid.count)
                for seed in 0..<config.seeds {
                    guard let f = files[Trial(environment: e, setting: s.label, seed: seed)] else { continue }
                    for (g, (step, mean)) in zip(grid, f.curve(grid: grid)).enumerated() {
                        guard let m = mean else { curves.append([.string(e), .string(s.label), .int(seed), .int(step), .empty]); continue }
                        curves.append([.string(e), .string(s.label), .int(seed), .int(step), .double(m)])
                        atGrid[g].append(m)
                    }
                }
                for (g, step) in grid.enumerated() where !atGrid[g].isEmpty {
                    means.append([.string(e), .string(s.label), .int(step), .double(Statistics.mean(atGrid[g])),
                                  .double(atGrid[g].min()!), .double(atGrid[g].max()!)])
                }
            }
        }
        return (curves, means)
    }

    /// Per (task, setting, update): β, mean KL, clip fraction and entropy, averaged over seeds.
    func diagnostics() -> CSVTable {
        var table = CSVTable(columns: ["environment", "setting", "update", "steps", "beta", "mean_kl", "clip_fraction", "entropy",
                                       "explained_variance", "seeds"])
        for e in config.environments {
            for s in settings {
                let runs = (0..<config.seeds).compactMap { files[Trial(environment: e, setting: s.label, seed: $0)] }
                guard let count = runs.map({ $0.updates.count }).min(), count > 0 else { continue }
                for u in 0..<count {
                    func mean(_ column: Int) -> Double { runs.reduce(0) { $0 + $1.updates[u][column] } / Double(runs.count) }
                    table.append([.string(e), .string(s.label), .int(Int(runs[0].updates[u][0]) / config.horizon), .int(Int(runs[0].updates[u][0])),
                                  .finiteOrEmpty(mean(1)), .finiteOrEmpty(mean(2)), .finiteOrEmpty(mean(3)),
                                  .finiteOrEmpty(mean(4)), .finiteOrEmpty(mean(6)), .int(runs.count)])
                }
            }
        }
        return table
    }
}
