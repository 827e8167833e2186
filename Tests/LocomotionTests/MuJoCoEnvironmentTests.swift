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
    /// standard errors of 0 and its variance within 15% of the distribution's (s²/3 for U(−s, s),
    /// s² for s·N(0, 1)).
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
                XCTAssertEqual(observed / variance, 1, accuracy: 0.15, "\(T.id) coordinate \(i)")
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

    /// NumPy's pairwise summation differs from a left-to-right loop from 8 terms on; these sums are
    /// NumPy's own results for the same float32 and float64 inputs.
    func testPairwiseSumFollowsNumPy() {
        // x_i = 1 + i·2⁻²³ (float32): a plain loop and NumPy's eight running sums round differently.
        let x = (0..<20).map { Float(1) + Float($0) * Float.ulpOfOne }
        var plain: Float = 0
        for v in x { plain += v }
        let r = (0..<8).map { j in x[j] + x[j + 8] }
        let numpy = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7])) + x[16] + x[17] + x[18] + x[19]
        XCTAssertEqual(NumPyArithmetic.sum(x[...]), numpy)
        XCTAssertEqual(NumPyArithmetic.sum(Array(x.prefix(7))[...]), x.prefix(7).reduce(0, +))
    }
}
