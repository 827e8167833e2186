import ExperimentKit
import OutputKit
import Foundation
@testable import ppo_objectives
import XCTest
import ExperimentCLI

final class PPOObjectivesTests: XCTestCase {
    /// IQM is scipy's trim_mean(·, 0.25) of the pooled runs; P(X > Y) counts ties as ½ and averages
    /// over tasks; a performance profile is the fraction of runs above τ.
    func testAggregateMetricsOnHandComputedExamples() {
        // 8 runs: cut 2 from each end of the sorted sample, mean of the middle 4.
        XCTAssertEqual(AggregateMetrics.interquartileMean([[10, 1, 2], [3, 4, 5, -7, 100]]), (2 + 3 + 4 + 5) / 4)
        // 3 runs: nothing cut.
        XCTAssertEqual(AggregateMetrics.interquartileMean([[1, 2, 6]]), 3)
        // Task 1: x beats y in 3 of 4 pairs, one tie → 3.5/4; task 2: never → 0.
        XCTAssertEqual(AggregateMetrics.probabilityOfImprovement([[2, 3], [0]], over: [[1, 2], [5]]), (3.5 / 4 + 0) / 2)
        XCTAssertEqual(AggregateMetrics.performanceProfile([[0.1, 0.5], [0.9, 1.2]], thresholds: [0, 0.5, 1]), [1, 0.5, 0.25])
    }

    /// The stratified bootstrap resamples within tasks: with one run per task it cannot vary; its
    /// interval brackets the point estimate here and depends only on the generator's seed.
    func testStratifiedBootstrapResamplesWithinTasks() {
        var rng = SeededGenerator(seed: 1)
        let fixed = AggregateMetrics.stratifiedBootstrapInterval([[[1], [3]]], replicates: 100, using: &rng) {
            Statistics.mean($0[0].map { Statistics.mean($0) })
        }
        XCTAssertEqual(fixed.lower, 2)
        XCTAssertEqual(fixed.upper, 2)
        let scores: [[Double]] = [[0.1, 0.4, 0.9, 0.3], [0.5, 0.7, 0.2, 0.8]]
        var a = SeededGenerator(seed: 2), b = SeededGenerator(seed: 2)
        let ci = AggregateMetrics.stratifiedBootstrapInterval([scores], replicates: 2000, using: &a) {
            AggregateMetrics.interquartileMean($0[0])
        }
        let again = AggregateMetrics.stratifiedBootstrapInterval([scores], replicates: 2000, using: &b) {
            AggregateMetrics.interquartileMean($0[0])
        }
        XCTAssertEqual(ci.lower, again.lower)
        XCTAssertEqual(ci.upper, again.upper)
        let point = AggregateMetrics.interquartileMean(scores)
        XCTAssertLessThan(ci.lower, point)
        XCTAssertGreaterThan(ci.upper, point)
    }

    /// Trials resume: a second run reuses every trial file (same bytes, not recomputed) and writes
    /// the same CSVs; a missing trial file is recomputed to the same bytes.
    func testTrialsResumeAndRecomputeToTheSameBytes() throws {
        var config = Configuration.forProfile(.smoke)
        config.environments = ["CartPole-v1"]
        config.steps = 64
        config.seeds = 2
        config.horizon = 32
        config.minibatchSize = 16
        config.randomEpisodes = 5
        config.bootstrapReplicates = 50
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ppo-objectives-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try OutputDirectory(path: folder.path)
        let first = try PPOObjectives.run(config: config, masterSeed: 5, threads: 2, output: output)
        let trials = folder.appendingPathComponent("trials")
        let names = try FileManager.default.contentsOfDirectory(atPath: trials.path).sorted()
        XCTAssertEqual(names.count, 22)
        let dates = try names.map { try FileManager.default.attributesOfItem(atPath: trials.appendingPathComponent($0).path)[.modificationDate] as! Date }
        let victim = trials.appendingPathComponent(names[3])
        let victimBytes = try Data(contentsOf: victim)
        try FileManager.default.removeItem(at: victim)

        let second = try PPOObjectives.run(config: config, masterSeed: 5, threads: 1, output: output)
        XCTAssertEqual(try Data(contentsOf: victim), victimBytes, "a recomputed trial has the same bytes")
        for (i, name) in names.enumerated() where i != 3 {
            let date = try FileManager.default.attributesOfItem(atPath: trials.appendingPathComponent(name).path)[.modificationDate] as! Date
            XCTAssertEqual(date, dates[i], "\(name) was recomputed")
        }
        for ((n1, t1), (n2, t2)) in zip(first.tables, second.tables) {
            XCTAssertEqual(n1, n2)
            XCTAssertEqual(try t1.rendered(), try t2.rendered(), n1)
        }
    }

    /// A tiny MuJoCo study (compact trial files) in a fresh folder.
    func tinyMuJoCoStudy() -> Configuration {
        var config = Configuration.forProfile(.smoke, suite: .mujoco)
        config.environments = ["Hopper-v5", "InvertedPendulum-v5"]
        config.steps = 128
        config.seeds = 2
        config.horizon = 64
        config.minibatchSize = 32
        config.randomEpisodes = 3
        config.bootstrapReplicates = 50
        return config
    }

    func temporaryFolder(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
    }

    /// C9 at scale: trials run one by one in any order (as a Slurm array or GNU parallel would run
    /// them) and then merged give the same CSV bytes as one uninterrupted run; a run interrupted
    /// after some trials and resumed gives them too.
    func testScaleOutMergeAndResumeGiveTheSameBytesAsOneRun() throws {
        let config = tinyMuJoCoStudy()
        let one = temporaryFolder("c9-one"), split = temporaryFolder("c9-split"), resumed = temporaryFolder("c9-resumed")
        defer { for f in [one, split, resumed] { try? FileManager.default.removeItem(at: f) } }
        let reference = try PPOObjectives.run(config: config, masterSeed: 7, threads: 2,
                                              output: try OutputDirectory(path: one.path))

        let splitStore = try TrialStore<PPOObjectives>(output: try OutputDirectory(path: split.path), configuration: config, masterSeed: 7)
        for trial in config.trials.reversed() { try splitStore.run(trial, config, masterSeed: 7) }
        let merged = try PPOObjectives.merge(config, masterSeed: 7, output: try OutputDirectory(path: split.path))

        let resumedStore = try TrialStore<PPOObjectives>(output: try OutputDirectory(path: resumed.path), configuration: config, masterSeed: 7)
        for trial in config.trials.prefix(5) { try resumedStore.run(trial, config, masterSeed: 7) }
        let finished = try PPOObjectives.run(config: config, masterSeed: 7, threads: 1,
                                             output: try OutputDirectory(path: resumed.path))
        for other in [merged, finished] {
            XCTAssertEqual(reference.tables.map(\.0), other.tables.map(\.0))
            for ((name, a), (_, b)) in zip(reference.tables, other.tables) {
                XCTAssertEqual(try a.rendered(), try b.rendered(), name)
            }
        }
        // The trial files themselves are the same bytes too.
        for trial in config.trials {
            let name = splitStore.name(trial)
            XCTAssertEqual(try Data(contentsOf: one.appendingPathComponent("trials/\(name)")),
                           try Data(contentsOf: split.appendingPathComponent("trials/\(name)")), name)
        }
    }

    /// A trial file computed by a build that computes other numbers is refused with a message naming
    /// the file and both fingerprints, by the runner and by merge: never silently mixed in. A file of
    /// another configuration has another name, so it is simply not one of this study's trials.
    func testTrialFilesFromAnotherComputationAreRefused() throws {
        let config = tinyMuJoCoStudy()
        let folder = temporaryFolder("c9-foreign")
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try OutputDirectory(path: folder.path)
        let store = try TrialStore<PPOObjectives>(output: output, configuration: config, masterSeed: 7)
        let trial = config.trials[0]
        try store.run(trial, config, masterSeed: 7)
        var file = try XCTUnwrap(store.load(trial))
        file.codeHash = "0123456789abcdef"
        try store.save(file, for: trial)
        for attempt in [{ _ = try PPOObjectives.run(config: config, masterSeed: 7, threads: 1, output: output) },
                        { _ = try PPOObjectives.merge(config, masterSeed: 7, output: output) }] {
            XCTAssertThrowsError(try attempt()) { error in
                let message = "\(error)"
                XCTAssertTrue(message.contains(store.name(trial)) && message.contains("0123456789abcdef") && message.contains(store.codeHash(trial)),
                              message)
            }
        }
        var longer = config
        longer.steps = 192
        XCTAssertNotEqual(try TrialStore<PPOObjectives>(output: output, configuration: longer, masterSeed: 7).name(trial), store.name(trial))
        XCTAssertNotEqual(try TrialStore<PPOObjectives>(output: output, configuration: config, masterSeed: 8).name(trial), store.name(trial))
    }

    /// Compact trial files keep what the aggregate reads: the score of the last 100 episodes and the
    /// learning curve at the grid are those of the full record.
    func testCompactTrialFilesKeepTheScoreAndTheCurve() {
        let episodes: [[Double]] = (1...250).map { (k: Int) -> [Double] in
            let value = Double((k * 37) % 101) - 50.5
            return [Double(10 * k), value, 10]
        }
        let grid = [5, 500, 1000, 2500]
        let full = TrialFile(environment: "e", setting: "s", seed: 0, masterSeed: 0, steps: 2500, codeHash: "",
                             episodes: episodes, updates: [])
        var compact = full
        compact.curve = zip(grid, TrialFile.curve(episodes: episodes, grid: grid)).compactMap { g, m in m.map { [Double(g), $0] } }
        compact.episodeCount = episodes.count
        compact.episodes = Array(episodes.suffix(100))
        XCTAssertEqual(compact.score, full.score)
        XCTAssertEqual(compact.finishedEpisodes, 250)
        XCTAssertEqual(compact.curve(grid: grid), full.curve(grid: grid))
        XCTAssertNil(full.curve(grid: grid)[0], "no episode has ended by step 5")
    }

    /// The four C9 verdict rules on hand-made scores: each comparison is decided by its interval.
    func verdicts(scores: (String, Int, Int) -> Double, seeds: Int) throws -> [String] {
        var config = tinyMuJoCoStudy()
        config.environments = ["A-v0", "B-v0"]
        config.seeds = seeds
        config.bootstrapReplicates = 500
        var files: [Trial: TrialFile] = [:]
        for (t, e) in config.environments.enumerated() {
            for s in Configuration.settings {
                for seed in 0..<seeds {
                    files[Trial(environment: e, setting: s.label, seed: seed)] = TrialFile(
                        environment: e, setting: s.label, seed: seed, masterSeed: 1, steps: config.steps, codeHash: "",
                        episodes: [[Double(config.steps), scores(s.label, t, seed), 10]], updates: [])
                }
            }
        }
        let output = try Findings(config: config, masterSeed: 1, files: files, randomReturns: ["A-v0": 0, "B-v0": 0]).output()
        let table = try XCTUnwrap(output.tables.first { $0.0 == "verdicts.csv" }?.1)
        let verdictColumn = try XCTUnwrap(Verdict.columns.firstIndex(of: "verdict"))
        return table.rows.map { row in
            guard case .string(let v) = row[verdictColumn] else { return "?" }
            return v
        }
    }

    func testC9VerdictRulesOnHandMadeScores() throws {
        // The paper's ordering, with clear margins: clip-0.2 ≈ 10, adaptive KL ≈ 9.5, other clips and
        // fixed KL ≈ 5–8, none ≈ 1 (seed noise ±0.1).
        func paperLike(_ s: String, _ task: Int, _ seed: Int) -> Double {
            let base: Double = ["clip-0.2": 10, "adaptive-kl-0.01": 9.5, "adaptive-kl-0.003": 9, "adaptive-kl-0.03": 9,
                                "clip-0.1": 8, "clip-0.3": 8, "none": 1][s] ?? 6
            return base + 0.1 * Double(seed) - 0.05 * Double(task)
        }
        XCTAssertEqual(try verdicts(scores: paperLike, seeds: 4), ["confirmed", "confirmed", "confirmed", "confirmed"])
        // Fixed KL β = 3 clearly best: clip-0.2 does not beat every setting; the best KL setting beats
        // the best clipping one; adaptive KL still within 0.1 of clip-0.2 is measured on the
        // normalised scale (best = fixed-kl-3 = 1).
        func fixedBest(_ s: String, _ task: Int, _ seed: Int) -> Double {
            s == "fixed-kl-3" ? 20 + 0.1 * Double(seed) : paperLike(s, task, seed)
        }
        let v = try verdicts(scores: fixedBest, seeds: 4)
        XCTAssertEqual(v[0], "refuted")
        XCTAssertEqual(v[1], "confirmed")
        XCTAssertEqual(v[3], "refuted")
        // A tie between clip-0.2 and adaptive KL 0.01 that seeds cannot separate: inconclusive, not
        // decided by which mean happens to be higher.
        func tied(_ s: String, _ task: Int, _ seed: Int) -> Double {
            if s == "clip-0.2" || s == "adaptive-kl-0.01" { return 10 + (seed % 2 == 0 ? 1 : -1) * (s == "clip-0.2" ? 1 : -1) * 0.5 }
            return paperLike(s, task, seed)
        }
        XCTAssertEqual(try verdicts(scores: tied, seeds: 4)[0], "inconclusive")
        // Two seeds: too few runs per task for an interval; nothing comparative is decided.
        XCTAssertEqual(Set(try verdicts(scores: paperLike, seeds: 2)), ["inconclusive"])
    }
}
