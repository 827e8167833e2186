import Control
import ExperimentKit
import Foundation
@testable import PolicySearch
import XCTest

final class BatchTests: XCTestCase {
    func path(_ rewards: [Double], observationLength: Int = 2, seed: UInt64) -> Trajectory {
        var rng = SeededGenerator(seed: seed)
        return Trajectory(observations: (0..<(rewards.count * observationLength)).map { _ in rng.nextGaussian() },
                          actions: [Double](repeating: 0, count: rewards.count), rewards: rewards, terminated: false)
    }

    /// Targets that are exactly linear in rllab's features are fitted exactly (up to the 10⁻⁵ ridge).
    func testLinearFeatureBaselineFitsLinearTargets() {
        var baseline = LinearFeatureBaseline(observationLength: 2)
        let paths = [path([1, 2, 3, 4, 5, 6], seed: 1), path([1, 1, 1, 1], seed: 2), path([0, 2, 0, 2, 0], seed: 3)]
        var rng = SeededGenerator(seed: 9)
        let w = (0..<baseline.featureCount).map { _ in rng.nextGaussian() }
        var targets: [Double] = []
        for p in paths {
            let phi = baseline.features(p)
            for t in 0..<p.length { targets.append((0..<w.count).reduce(0) { $0 + phi[t * w.count + $1] * w[$1] }) }
        }
        XCTAssertEqual(baseline.predict(paths[0]), [0, 0, 0, 0, 0, 0])
        baseline.fit(paths: paths, returns: targets)
        let predicted = paths.flatMap { baseline.predict($0) }
        for i in targets.indices { XCTAssertEqual(predicted[i], targets[i], accuracy: 1e-3) }
    }

    /// rllab's process_samples with λ = 1: Â_t = R_t − b(s_t), R_t the discounted reward-to-go, b_T = 0.
    func testAdvantagesAreRewardToGoMinusBaselineWhenLambdaIsOne() {
        var baseline = LinearFeatureBaseline(observationLength: 2)
        let paths = [path([1, 2, 3], seed: 1), path([4, 5], seed: 2)]
        baseline.fit(paths: paths, returns: [3, 2, 1, 5, 4])
        let samples = PolicySamples(paths: paths, baseline: baseline, gamma: 0.9, lambda: 1, transform: .none)
        XCTAssertEqual(samples.returns[0], 1 + 0.9 * 2 + 0.81 * 3, accuracy: 1e-12)
        XCTAssertEqual(samples.returns[3], 4 + 0.9 * 5, accuracy: 1e-12)
        let b = paths.flatMap { baseline.predict($0) }
        for i in 0..<5 { XCTAssertEqual(samples.advantages[i], samples.returns[i] - b[i], accuracy: 1e-12) }
        let positive = PolicySamples(paths: paths, baseline: baseline, gamma: 0.9, lambda: 1, transform: .centeredThenPositive)
        XCTAssertEqual(positive.advantages.min()!, 1e-8, accuracy: 1e-15)
    }

    /// Same seed, same bytes: two TRPO runs (and two REPS runs) on CartPole-v1 end with identical θ;
    /// another seed does not.
    func testSameSeedGivesSameParameterBytes() {
        for algorithm in [BatchAlgorithm.duanTRPO, .duanREPS, .duanREINFORCE] {
            func run(_ seed: UInt64) -> [Double] {
                var search = BatchPolicySearch(environment: CartPole(), algorithm: algorithm, hiddenSizes: [8],
                                               batchSize: 200, maximumPathLength: 100, seed: seed)
                for _ in 0..<2 { _ = search.iterate() }
                return search.theta
            }
            let a = run(7), b = run(7), c = run(8)
            XCTAssertEqual(a.map(\.bitPattern), b.map(\.bitPattern), "\(algorithm)")
            XCTAssertNotEqual(a.map(\.bitPattern), c.map(\.bitPattern), "\(algorithm)")
        }
    }
}
