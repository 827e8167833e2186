import ExperimentCLI
import ExperimentKit
import OutputKit
import Foundation
import Tabular
import XCTest
@testable import double_q

/// C11 (maximisation bias; van Hasselt 2010; van Hasselt, Guez & Silver 2016; Sutton & Barto 2018,
/// Example 6.7): the experiment's determinism, its verdict rules on hand-made data, and the saved
/// counterexample to "the double estimator removes most of the bias".
final class DoubleQTests: XCTestCase {
    /// A smaller smoke run (the DQN runs dominate a debug build's time).
    func tinyConfig() -> Configuration {
        var c = Configuration.forProfile(.smoke)
        c.armCounts = [2, 3]
        c.samplesPerArm = [2]
        c.estimatorDraws = 500
        c.exampleRuns = 50
        c.exampleEpisodes = 30
        c.garnetSeeds = 3
        c.garnetCheckpoints = [200, 1000]
        c.environments = ["CartPole-v1", "Acrobot-v1"]
        c.dqnSeeds = 2
        c.dqnSteps = 600
        c.bootstrapReplicates = 200
        return c
    }

    func testSmokeIsDeterministicAcrossThreadCounts() throws {
        XCTAssertEqual(try DoubleQExperiment.filesDifferingAcrossThreadCounts(tinyConfig(), masterSeed: 0), [])
    }

    // MARK: verdict rules on hand-made data

    /// "Most removed": confirmed when the paired bootstrap interval of |mean a| − 2|mean b| lies above 0,
    /// refuted when it lies below, whatever b's sign.
    func testMostRemovedRule() {
        var rng = SeededGenerator(seed: 1)
        let a = [1.0, 1.1, 0.9, 1.05, 0.95, 1.0]
        func verdict(_ b: [Double]) -> VerdictKind {
            let i = SeedBootstrap.interval(seeds: a.count, replicates: 1000, using: &rng) { SeedBootstrap.mostRemoved(a, b, $0) }
            return Findings.mostRemoved.verdict(lower: i.lower, upper: i.upper)
        }
        XCTAssertEqual(verdict([0.1, 0.2, 0.1, 0.15, 0.1, 0.2]), .confirmed)
        XCTAssertEqual(verdict([-0.1, -0.2, -0.1, -0.15, -0.1, -0.2]), .confirmed)
        XCTAssertEqual(verdict([-0.8, -0.7, -0.9, -0.8, -0.75, -0.85]), .refuted)
        XCTAssertEqual(verdict([0.4, 0.6, 0.5, 0.45, 0.55, 0.5]), .inconclusive)
    }

    /// The paired bootstrap resamples seeds jointly: a constant difference has a zero-width interval even
    /// when the two series vary wildly across seeds.
    func testPairedBootstrap() {
        var rng = SeededGenerator(seed: 2)
        let a = [10.0, -30, 55, 2, 0], b = a.map { $0 - 1 }
        let i = SeedBootstrap.interval(seeds: 5, replicates: 500, using: &rng) { idx in
            SeedBootstrap.mean(a, idx) - SeedBootstrap.mean(b, idx)
        }
        XCTAssertEqual(i.lower, 1, accuracy: 1e-12)
        XCTAssertEqual(i.upper, 1, accuracy: 1e-12)
        XCTAssertEqual(Findings.lessThan.verdict(lower: i.lower, upper: i.upper), .confirmed)
    }

    /// Example 6.7's rules: a 60% peak over 10,000 runs is above ½ even at the Bonferroni level; 5.2% at
    /// every episode is not significantly above 5%; the double-Q range rule needs both Wilson bounds in
    /// [4%, 6%].
    func testExampleRules() {
        XCTAssertEqual(Findings.leftMoreThanRight(300).verdict(successes: 6000, n: 10_000), .confirmed)
        XCTAssertEqual(Findings.leftMoreThanRight(300).verdict(successes: 4000, n: 10_000), .refuted)
        let lower = Statistics.wilsonInterval(successes: 520, n: 10_000, level: Findings.exampleLevel(300)).lower
        XCTAssertEqual(Findings.leftAboveOptimal(300).verdict([0.2, lower]), .refuted)
        XCTAssertEqual(Findings.leftAboveOptimal(300).verdict([0.2, 0.06]), .confirmed)
        let w = Statistics.wilsonInterval(successes: 510, n: 10_000)
        XCTAssertEqual(Findings.doubleNearOptimal.verdict([w.lower, w.upper]), .confirmed)
        let far = Statistics.wilsonInterval(successes: 700, n: 10_000)
        XCTAssertEqual(Findings.doubleNearOptimal.verdict([far.lower, far.upper]), .refuted)
    }

    /// Estimator rules: a negative single bias beyond its error, or a positive double bias, refutes; the
    /// "most removed" rule is refuted by |double| > ½ single.
    func testEstimatorRules() {
        XCTAssertEqual(Findings.singleNonNegative.verdict([0.3, 1e-15]), .confirmed)
        XCTAssertEqual(Findings.singleNonNegative.verdict([0.3, -1e-9]), .refuted)
        XCTAssertEqual(Findings.doubleNonPositive.verdict([-0.3, 0]), .confirmed)
        XCTAssertEqual(Findings.doubleNonPositive.verdict([-0.3, 1e-9]), .refuted)
        XCTAssertEqual(Findings.estimatorMostRemoved.verdict([-0.1, 0]), .confirmed)
        XCTAssertEqual(Findings.estimatorMostRemoved.verdict([-0.1, 0.01]), .refuted)
    }

    /// Findings on a hand-made Garnet and DQN data set: Q-learning's bias clearly positive, double's small,
    /// so C11.9, C11.10, C11.12–C11.14 are confirmed; flipping DQN's sign refutes C11.12.
    func testFindingsOnHandMadeData() throws {
        var config = tinyConfig()
        config.garnetSeeds = 6
        config.dqnSeeds = 6
        config.environments = ["CartPole-v1"]
        config.shapes = [try Garnet(states: 2, actions: 2, branching: 1)]
        config.discounts = [0.9]
        config.noises = [1]
        config.garnetCheckpoints = [100]
        config.dqnCheckpoints = 1
        let garnet = (0..<6).map { i in
            GarnetPart.Outcome(cell: GarnetPart.Cell(shape: config.shapes[0], gamma: 0.9, noise: 1, seed: i), valueScale: 5,
                               checkpoints: [GarnetPart.Checkpoint(updates: 100, biasQ: 1 + 0.05 * Double(i),
                                                                   biasDouble: -0.1 + 0.01 * Double(i), biasDoubleAverageMax: 0)])
        }
        func deep(dqnBias: Double) -> [DeepPart.Outcome] {
            (0..<6).flatMap { i in [false, true].map { double in
                DeepPart.Outcome(trial: DeepPart.Trial(environment: "CartPole-v1", seed: i, double: double),
                                 checkpoints: [DeepPart.Checkpoint(step: config.dqnSteps, meanPredicted: 0, meanReturn: 0,
                                                                   overestimation: double ? 0.5 + 0.1 * Double(i % 2) : dqnBias + Double(i % 3),
                                                                   scoredSteps: 10, meanRegisteredReturn: 10, terminatedEpisodes: 1, tailBound: 0)],
                                 trainingEpisodes: 1, lastTrainingReturns: 10)
            } }
        }
        let example = ExamplePart.Counts(leftQ: Array(repeating: 30, count: config.exampleEpisodes),
                                         leftDouble: Array(repeating: 3, count: config.exampleEpisodes),
                                         valueBQ: Array(repeating: 0, count: config.exampleEpisodes),
                                         valueBDouble: Array(repeating: 0, count: config.exampleEpisodes))
        let instances = EstimatorPart.instances(config).prefix(2).map { EstimatorPart.run($0, config: config, masterSeed: 0) }
        var f = Findings(config: config, estimators: instances, example: example, garnet: garnet, deep: deep(dqnBias: 10), masterSeed: 0)
        func kind(_ id: String) -> VerdictKind { f.verdicts.first { $0.id == id }!.verdict }
        XCTAssertEqual(f.verdicts.map(\.id), (1...14).map { "C11.\($0)" })
        for id in ["C11.9", "C11.10", "C11.11", "C11.12", "C11.13", "C11.14"] { XCTAssertEqual(kind(id), .confirmed, id) }
        f = Findings(config: config, estimators: instances, example: example, garnet: garnet, deep: deep(dqnBias: -10), masterSeed: 0)
        XCTAssertEqual(kind("C11.12"), .refuted)
        XCTAssertEqual(kind("C11.13"), .refuted)
    }

    // MARK: the saved counterexample

    /// The saved instance (copied from results/double-q/counterexamples into Fixtures: tests never read
    /// results/) still breaks "the double estimator removes most of the bias": its exact double bias is
    /// larger in magnitude than half the single estimator's, far beyond the quadrature errors.
    func testEstimatorCounterexampleReplays() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/C11.4-double-estimator-bias.json")
        let w = try JSONDecoder().decode(EstimatorWitness.self, from: Data(contentsOf: url))
        let single = MaximumEstimator.singleBias(w.arms), double = MaximumEstimator.doubleBias(w.arms)
        XCTAssertEqual(single.value, w.singleBias, accuracy: 1e-12)
        XCTAssertEqual(double.value, w.doubleBias, accuracy: 1e-12)
        XCTAssertGreaterThan(abs(double.value) - 0.5 * single.value - single.error - double.error, 0.1)
        XCTAssertGreaterThan(single.value, 0)
        XCTAssertLessThan(double.value, 0)
    }
}
