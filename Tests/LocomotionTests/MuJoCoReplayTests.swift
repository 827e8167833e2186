import Control
import ExperimentKit
import Foundation
import XCTest
@testable import Locomotion

/// Every MuJoCo task replays episodes recorded from Gymnasium 1.4.0 with MuJoCo 3.3.0
/// (tools/record_mujoco_fixtures.py) bit for bit: the physics library is the same binary on both
/// sides, and the tasks' arithmetic follows NumPy's order of operations. Both replays are checked:
/// open-loop from the episode's initial state (every step's reward, flags and observation hash,
/// full observations and states where recorded), and step by step from a recorded state.
final class MuJoCoReplayTests: XCTestCase {
    struct Fixture: Decodable {
        struct Episode: Decodable {
            var qpos: [Double]
            var qvel: [Double]
            var actions: [[Double]]
            var steps: [Recorded]
        }
        struct Recorded: Decodable {
            var reward: Double
            var terminated: Bool
            var truncated: Bool
            var observation_fnv: String
            var state_fnv: String
            var observation: [Double]?
            var state: [Double]?
        }
        var gymnasium: String
        var mujoco: String
        var env: String
        var max_episode_steps: Int
        var episodes: [Episode]
    }

    static func load(_ id: String) throws -> Fixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(id).json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    /// FNV-1a (64 bits) of the little-endian float64 bytes, as the recording script computes it.
    static func fnv1a64(_ values: [Double]) -> String {
        var hash = FNV1a()
        hash.add(values)
        return hash.hex
    }

    /// The largest difference in units in the last place between two vectors (0: same bits).
    static func maxULPs(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).map { $0 == $1 ? 0 : abs($0 - $1) / max($0.ulp, $1.ulp) }.max() ?? 0
    }

    func environment<T: LocomotionTask>(_: T.Type) throws -> MuJoCoEnvironment<T> {
        try MuJoCoEnvironment<T>()
    }

    func checkOpenLoop<T: LocomotionTask>(_ task: T.Type) throws {
        let fixture = try Self.load(T.id)
        XCTAssertEqual(fixture.gymnasium, "1.4.0")
        XCTAssertEqual(fixture.mujoco, Simulation.libraryVersion, "the fixture was recorded with another MuJoCo")
        XCTAssertEqual(fixture.max_episode_steps, T.maxEpisodeSteps)
        for (k, episode) in fixture.episodes.enumerated() {
            var env = try environment(task)
            _ = env.reset(qpos: episode.qpos, qvel: episode.qvel)
            var replayed = 0
            for (t, recorded) in episode.steps.enumerated() {
                let step = env.step(episode.actions[t])
                let place = "\(T.id) episode \(k) step \(t) (open loop)"
                XCTAssertEqual(step.reward.bitPattern, recorded.reward.bitPattern,
                               "\(place): reward \(step.reward) vs \(recorded.reward)")
                XCTAssertEqual(step.terminated, recorded.terminated, place)
                XCTAssertEqual(step.truncated, recorded.truncated, place)
                XCTAssertEqual(Self.fnv1a64(env.simulation.replayState), recorded.state_fnv, "\(place): physics state")
                if let observation = recorded.observation {
                    XCTAssertEqual(step.observation.count, observation.count, place)
                    XCTAssertEqual(Self.maxULPs(step.observation, observation), 0, "\(place): observation (ulps)")
                }
                XCTAssertEqual(Self.fnv1a64(step.observation), recorded.observation_fnv, "\(place): observation")
                if let state = recorded.state { XCTAssertEqual(env.simulation.replayState, state, place) }
                replayed += 1
                if step.terminated || step.truncated { break }
            }
            XCTAssertEqual(replayed, episode.steps.count, "\(T.id) episode \(k): the episode ended at another step")
        }
    }

    /// Each step from the recorded state before it, so no difference can carry over. The reward is
    /// compared too where it depends on the state alone (Ant's and Humanoid's velocity terms read
    /// positions the previous step computed, so they are checked open loop only).
    func checkStepByStep<T: LocomotionTask>(_ task: T.Type, rewardFromState: Bool = true) throws {
        let fixture = try Self.load(T.id)
        var checked = 0
        for (k, episode) in fixture.episodes.enumerated() {
            var env = try environment(task)
            _ = env.reset(qpos: episode.qpos, qvel: episode.qvel)
            for t in 1..<episode.steps.count {
                guard let previous = episode.steps[t - 1].state else { continue }
                let recorded = episode.steps[t]
                env.simulation.replayState = previous
                let step = env.step(episode.actions[t])
                let place = "\(T.id) episode \(k) step \(t) (from the recorded state)"
                XCTAssertEqual(Self.fnv1a64(env.simulation.replayState), recorded.state_fnv, "\(place): physics state")
                XCTAssertEqual(Self.fnv1a64(step.observation), recorded.observation_fnv, "\(place): observation")
                XCTAssertEqual(step.terminated, recorded.terminated, place)
                if rewardFromState { XCTAssertEqual(step.reward.bitPattern, recorded.reward.bitPattern, place) }
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 10, "too few recorded states to replay \(T.id) step by step")
    }

    func testHalfCheetahReplaysGymnasium() throws { try checkOpenLoop(HalfCheetah.self); try checkStepByStep(HalfCheetah.self) }
    func testHopperReplaysGymnasium() throws { try checkOpenLoop(Hopper.self); try checkStepByStep(Hopper.self) }
    func testWalker2dReplaysGymnasium() throws { try checkOpenLoop(Walker2d.self); try checkStepByStep(Walker2d.self) }
    func testSwimmerReplaysGymnasium() throws { try checkOpenLoop(Swimmer.self); try checkStepByStep(Swimmer.self) }
    func testReacherReplaysGymnasium() throws { try checkOpenLoop(Reacher.self); try checkStepByStep(Reacher.self) }
    func testInvertedPendulumReplaysGymnasium() throws {
        try checkOpenLoop(InvertedPendulum.self); try checkStepByStep(InvertedPendulum.self)
    }
    func testInvertedDoublePendulumReplaysGymnasium() throws {
        try checkOpenLoop(InvertedDoublePendulum.self)
        // Its episodes end within 8 steps, every one with a recorded state: still > 10 replays in all.
        try checkStepByStep(InvertedDoublePendulum.self)
    }
    func testAntReplaysGymnasium() throws { try checkOpenLoop(Ant.self); try checkStepByStep(Ant.self, rewardFromState: false) }
    func testHumanoidReplaysGymnasium() throws {
        try checkOpenLoop(Humanoid.self); try checkStepByStep(Humanoid.self, rewardFromState: false)
    }

    /// The fixtures reach both ends of an episode: termination (falling, tipping) and truncation.
    func testFixturesCoverTerminationAndTruncation() throws {
        var terminated: Set<String> = [], truncated: Set<String> = []
        for id in LocomotionRegistry.ids {
            for e in try Self.load(id).episodes {
                if e.steps.last!.terminated { terminated.insert(id) }
                if e.steps.last!.truncated { truncated.insert(id) }
            }
        }
        XCTAssertEqual(terminated, [Hopper.id, Walker2d.id, InvertedPendulum.id, InvertedDoublePendulum.id, Ant.id, Humanoid.id])
        XCTAssertEqual(truncated, [HalfCheetah.id, Swimmer.id, Reacher.id, InvertedPendulum.id, Ant.id])
    }
}
