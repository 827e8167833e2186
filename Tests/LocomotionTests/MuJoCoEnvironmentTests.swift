import Control
import ExperimentKit
import XCTest
@testable import Locomotion

/// The tasks' spaces and reset distributions against Gymnasium's v5 definitions, and bad input.
final class MuJoCoEnvironmentTests: XCTestCase {
    /// Observation and action sizes as Gymnasium 1.4.0 declares them (default arguments).
    func testSpacesMatchGymnasium() throws {
        let expected: [String: (observation: Int, action: Int)] = [
            HalfCheetah.id: (17, 6), Hopper.id: (11, 3), Walker2d.id: (17, 6), Swimmer.id: (8, 2),
            Reacher.id: (10, 2), InvertedPendulum.id: (4, 1), InvertedDoublePendulum.id: (9, 1),
            Ant.id: (105, 8), Humanoid.id: (348, 17),
        ]
        for id in LocomotionRegistry.ids {
            let env = try LocomotionRegistry.make(id: id)
            XCTAssertEqual(env.observationLength, expected[id]!.observation, id)
            XCTAssertEqual(env.actionSet.width, expected[id]!.action, id)
        }
    }

    /// Reset noise by its moments: the generators differ from NumPy's, the distributions must not.
    /// Over n resets, each coordinate's mean offset from the model's initial state is within 5
    /// standard errors of 0 and its variance within 5 standard errors of the distribution's (s²/3 for
    /// U(−s, s), s² for s·N(0, 1)).
    func testResetNoiseHasGymnasiumsMoments() throws {
        func check<T: LocomotionTask>(_: T.Type, qposScale: Double, qvelScale: Double, qvelGaussian: Bool) throws {
            var env = try MuJoCoEnvironment<T>()
            let n = 4000
            var offsets = [[Double]](repeating: [], count: env.simulation.nq + env.simulation.nv)
            for seed in 0..<n {
                _ = env.reset(seed: UInt64(seed) &* 0x9E37_79B9)
                let q = Array(env.simulation.qpos), v = Array(env.simulation.qvel)
                for i in q.indices { offsets[i].append(q[i] - env.simulation.initialQpos[i]) }
                for i in v.indices { offsets[q.count + i].append(v[i] - env.simulation.initialQvel[i]) }
            }
            for (i, x) in offsets.enumerated() {
                let isQpos = i < env.simulation.nq
                let scale = isQpos ? qposScale : qvelScale
                let variance = isQpos || !qvelGaussian ? scale * scale / 3 : scale * scale
                let mean = Statistics.mean(x), observed = Statistics.populationVariance(x)
                XCTAssertLessThan(abs(mean), 5 * (variance / Double(n)).squareRoot(), "\(T.id) coordinate \(i)")
                // The sample variance's relative standard error is √((κ − 1)/n): κ = 9/5 for a
                // uniform, 3 for a Gaussian. Five of them.
                let kurtosis = isQpos || !qvelGaussian ? 9.0 / 5 : 3
                XCTAssertEqual(observed / variance, 1, accuracy: 5 * ((kurtosis - 1) / Double(n)).squareRoot(),
                               "\(T.id) coordinate \(i)")
                XCTAssertLessThanOrEqual(x.map(abs).max()!, isQpos || !qvelGaussian ? scale : 10 * scale, "\(T.id) coordinate \(i)")
            }
        }
        try check(HalfCheetah.self, qposScale: 0.1, qvelScale: 0.1, qvelGaussian: true)
        try check(Hopper.self, qposScale: 0.005, qvelScale: 0.005, qvelGaussian: false)
        try check(Humanoid.self, qposScale: 0.01, qvelScale: 0.01, qvelGaussian: false)
    }

    /// Reacher's target is drawn until it lies inside the disc of radius 0.2; its velocity is 0.
    func testReacherTargetLiesInTheDisc() throws {
        var env = try MuJoCoEnvironment<Reacher>()
        for seed in 0..<500 {
            _ = env.reset(seed: UInt64(seed))
            let q = env.simulation.qpos, v = env.simulation.qvel
            XCTAssertLessThan((q[2] * q[2] + q[3] * q[3]).squareRoot(), 0.2)
            XCTAssertEqual(v[2], 0)
            XCTAssertEqual(v[3], 0)
        }
    }

    /// Truncation comes from the registered time limit, whatever the task does.
    func testTimeLimitTruncates() throws {
        var env = try MuJoCoEnvironment<Reacher>()
        _ = env.reset(seed: 1)
        var last = EnvironmentStep(observation: [], reward: 0, terminated: false, truncated: false)
        for _ in 0..<Reacher.maxEpisodeSteps { last = env.step([0, 0]) }
        XCTAssertTrue(last.truncated)
        XCTAssertFalse(last.terminated)
    }

    func testBadInputIsRefusedNamingTheParameter() {
        XCTAssertThrowsError(try LocomotionRegistry.make(id: "HalfCheetah-v4")) {
            XCTAssertTrue("\($0)".contains("--env") && "\($0)".contains("HalfCheetah-v5"), "\($0)")
        }
        XCTAssertThrowsError(try LocomotionRegistry.replay(id: Hopper.id, qpos: [0, 1], qvel: [], actions: [])) {
            XCTAssertTrue("\($0)".contains("--qpos") && "\($0)".contains("6 numbers"), "\($0)")
        }
        XCTAssertThrowsError(try MuJoCoEnvironment<Hopper>(assets: AssetDirectory(path: "/nonexistent"))) {
            XCTAssertTrue("\($0)".contains("make deps"), "\($0)")
        }
    }

    /// NumPy's pairwise summation (`np.sum`), against NumPy's own results recorded for these inputs
    /// (NumPy 2.4.6): y_i = ±10^(i mod 7 − 3)·(1 + i/97), alternating signs. For 84 terms NumPy's sum
    /// differs from a left-to-right loop, so the test tells the two orders apart; 150 terms take
    /// the recursive branch (halves of 72 and 78).
    func testPairwiseSumFollowsNumPy() {
        let powers = [1e-3, 1e-2, 1e-1, 1.0, 1e1, 1e2, 1e3]
        func y(_ n: Int) -> [Double] {
            (0..<n).map { (i: Int) -> Double in
                let sign: Double = i % 2 == 1 ? -1 : 1
                let growth: Double = 1 + Double(i) / 97
                return sign * powers[i % 7] * growth
            }
        }
        let y84 = y(84)
        XCTAssertEqual(NumPyArithmetic.sum(y84[...]).bitPattern, 0xc078_9a08_5195_0a1c)   // np.sum: -393.627030927835
        XCTAssertNotEqual(y84.reduce(0, +).bitPattern, 0xc078_9a08_5195_0a1c, "a plain loop rounds differently")
        XCTAssertEqual(NumPyArithmetic.sum(y(150)[...]).bitPattern, 0x4099_57f5_5e91_222c) // np.sum: 1621.9896185567004
        // Below 8 terms NumPy adds left to right from 0.
        let short: [Float] = [1, 1e-8, -1, 3e-8, 0.5]
        XCTAssertEqual(NumPyArithmetic.sum(short[...]), short.reduce(0, +))
    }
}
