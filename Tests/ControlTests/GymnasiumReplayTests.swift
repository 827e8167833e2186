import Foundation
import XCTest
@testable import Control

/// Every environment replays trajectories recorded from Gymnasium 1.4.0 (tools/record_gym_fixtures.py):
/// observations within float32 rounding, rewards, terminated and truncated flags at every step.
final class GymnasiumReplayTests: XCTestCase {
    struct Fixture: Decodable {
        struct Episode: Decodable {
            var initial_state: [Double]
            var initial_state_dtype: String
            var actions: [Double]
            var steps: [Recorded]
        }
        struct Recorded: Decodable {
            var observation: [Double]
            var reward: Double
            var terminated: Bool
            var truncated: Bool
            var state: [Double]
        }
        var gymnasium: String
        var env: String
        var max_episode_steps: Int
        var episodes: [Episode]
    }

    func load(_ id: String) throws -> Fixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(id).json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    /// Two float32 values agree within float32 rounding: equal, or adjacent floats (the float64
    /// values they round from may differ by an ulp of float64 and straddle a rounding boundary).
    func assertFloat32Agrees(_ a: Float, _ b: Double, _ message: @autoclosure () -> String) {
        let expected = Float(b)
        XCTAssertLessThanOrEqual(abs(a - expected), max(a.ulp, expected.ulp), message())
    }

    /// Each step from the recorded previous state, so no drift can accumulate: the strict check.
    /// `float32Reward(action)`: the part of the reward Gymnasium computes in float32 (Pendulum's
    /// 0.001·u²), whose NumPy value may differ by an ulp from the correctly rounded one.
    func checkStepByStep<E: ClassicControl>(_ make: () -> E, float32Reward: (Double) -> Float = { _ in 0 }) throws {
        let fixture = try load(E.id)
        XCTAssertEqual(fixture.gymnasium, "1.4.0")
        XCTAssertEqual(fixture.max_episode_steps, E.maxEpisodeSteps)
        var checked = 0
        for (k, episode) in fixture.episodes.enumerated() {
            var env = TimeLimited(make())
            for (t, recorded) in episode.steps.enumerated() {
                // The initial state in the dtype it was recorded in; states after a step as a step leaves them.
                let previous = t == 0 ? episode.initial_state : episode.steps[t - 1].state
                _ = env.reset(state: previous, stateIsFloat32: t > 0 || episode.initial_state_dtype == "float32")
                for _ in 0..<t { env.advanceClockForTesting() }
                let step = env.step(episode.actions[t])
                let where_ = "\(E.id) episode \(k) step \(t)"
                XCTAssertEqual(step.observation.count, recorded.observation.count, where_)
                for (a, b) in zip(step.observation, recorded.observation) { assertFloat32Agrees(a, b, where_) }
                // Rewards are float64 sums of a few terms: a few ulps of their magnitude, plus two float32
                // ulps of any float32 term.
                let float32Part = Double(float32Reward(episode.actions[t]).ulp) * 2
                XCTAssertEqual(step.reward, recorded.reward, accuracy: 4 * max(1, abs(recorded.reward)).ulp + float32Part, where_)
                XCTAssertEqual(step.terminated, recorded.terminated, where_)
                XCTAssertEqual(step.truncated, recorded.truncated, where_)
                for (a, b) in zip(env.environment.state, recorded.state) {
                    XCTAssertEqual(a, b, accuracy: 1e-12 * max(1, abs(b)) + Double(Float(b).ulp) * (E.id == MountainCarContinuous.id ? 1 : 0), where_)
                }
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 400)
    }

    /// Whole episodes open-loop from the initial state: every observation within float32 rounding
    /// (`exact`: with the same bits), and the same episode end.
    func checkOpenLoop(_ id: String, exact: Bool = false) throws {
        let fixture = try load(id)
        for (k, episode) in fixture.episodes.enumerated() {
            let steps = try ClassicControlRegistry.replay(id: id, state: episode.initial_state, actions: episode.actions,
                                                          stateIsFloat32: episode.initial_state_dtype == "float32")
            XCTAssertEqual(steps.count, episode.steps.count, "\(id) episode \(k) length")
            for (t, (s, r)) in zip(steps, episode.steps).enumerated() {
                for (a, b) in zip(s.observation, r.observation) {
                    if exact {
                        XCTAssertEqual(a, Float(b), "\(id) episode \(k) step \(t): observation bits")
                    } else {
                        assertFloat32Agrees(a, b, "\(id) episode \(k) step \(t)")
                    }
                }
                XCTAssertEqual(s.terminated, r.terminated, "\(id) episode \(k) step \(t)")
                XCTAssertEqual(s.truncated, r.truncated, "\(id) episode \(k) step \(t)")
            }
        }
    }

    func testCartPoleMatchesGymnasium() throws { try checkStepByStep { CartPole() }; try checkOpenLoop(CartPole.id) }
    func testAcrobotMatchesGymnasium() throws { try checkStepByStep { Acrobot() }; try checkOpenLoop(Acrobot.id) }
    func testMountainCarMatchesGymnasium() throws { try checkStepByStep { MountainCar() }; try checkOpenLoop(MountainCar.id) }
    func testMountainCarContinuousMatchesGymnasium() throws {
        // Exact: the first step after a reset is computed from the float64 state, as Gymnasium does;
        // rounding the reset state to float32 first drifts from Gymnasium's trajectory.
        try checkStepByStep { MountainCarContinuous() }; try checkOpenLoop(MountainCarContinuous.id, exact: true)
    }
    func testPendulumMatchesGymnasium() throws {
        // NumPy's float32 scalar u**2 is off by one ulp from the correctly rounded square in about 0.07%
        // of cases (np.square and u*u are exact); the cost term 0.001·u² inherits that.
        try checkStepByStep({ Pendulum() }, float32Reward: { a in
            let u = min(max(Float(a), -2), 2)
            return Float(0.001) * (u * u)
        })
        try checkOpenLoop(Pendulum.id)
    }

    func testUnknownEnvironmentIsRefused() {
        XCTAssertThrowsError(try ClassicControlRegistry.replay(id: "Pong-v5", state: [], actions: [])) {
            XCTAssertTrue("\($0)".contains("--env") && "\($0)".contains("CartPole-v1"))
        }
    }
}
