import ExperimentKit
import Foundation
@testable import ppo_objectives
import XCTest

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
        let first = try PPOObjectives.run(config: config, masterSeed: 5, threads: 2, showProgress: false, output: output)
        let trials = folder.appendingPathComponent("trials")
        let names = try FileManager.default.contentsOfDirectory(atPath: trials.path).sorted()
        XCTAssertEqual(names.count, 22)
        let dates = try names.map { try FileManager.default.attributesOfItem(atPath: trials.appendingPathComponent($0).path)[.modificationDate] as! Date }
        let victim = trials.appendingPathComponent(names[3])
        let victimBytes = try Data(contentsOf: victim)
        try FileManager.default.removeItem(at: victim)

        let second = try PPOObjectives.run(config: config, masterSeed: 5, threads: 1, showProgress: false, output: output)
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
}
