import XCTest
import ExperimentKit
@testable import Control

/// The partially observable wrappers of C15 (Duan et al. 2016, "Partially Observable Tasks"; rllab's
/// OcclusionEnv, NoisyObservationEnv, DelayedActionEnv, IdentificationEnv).
final class PartialObservabilityTests: XCTestCase {
    /// A fixed action sequence for CartPole (alternating pushes, some runs of one side).
    let actions: [Double] = (0..<200).map { ($0 / 3) % 2 == 0 ? 1 : 0 }

    /// Steps both environments with the same actions until either episode ends.
    func steps<A: EpisodicEnvironment, B: EpisodicEnvironment>(_ a: inout A, _ b: inout B, seed: UInt64,
                                                               actions: [Double]) -> [(EnvironmentStep, EnvironmentStep)] {
        _ = a.reset(seed: seed)
        _ = b.reset(seed: seed)
        var out: [(EnvironmentStep, EnvironmentStep)] = []
        for x in actions {
            let (s, t) = (a.step([x]), b.step([x]))
            out.append((s, t))
            if s.terminated || s.truncated || t.terminated || t.truncated { break }
        }
        return out
    }

    func testLimitedSensorsKeepsTheListedEntriesAndTheDynamics() {
        var base = TimeLimited(CartPole()), occluded = LimitedSensors(TimeLimited(CartPole()), keeping: [0, 2])
        XCTAssertEqual(occluded.observationLength, 2)
        var fresh = TimeLimited(CartPole())
        XCTAssertEqual(occluded.reset(seed: 7), [0, 2].map { fresh.reset(seed: 7)[$0] })
        let pairs = steps(&base, &occluded, seed: 7, actions: actions)
        XCTAssertGreaterThan(pairs.count, 5)
        for (s, t) in pairs {
            XCTAssertEqual(t.observation, [s.observation[0], s.observation[2]])
            XCTAssertEqual(t.reward, s.reward)
            XCTAssertEqual(t.terminated, s.terminated)
        }
    }

    /// N(0, 0.1²) per entry: the noise's sample mean and standard deviation over 4 entries × many
    /// steps lie within 5 standard errors of 0 and 0.1; the same reset seed gives the same noise.
    func testNoisyObservationsAddGaussianNoiseSeededByTheReset() {
        var base = TimeLimited(Pendulum()), noisy = NoisyObservations(TimeLimited(Pendulum()))
        var noise: [Double] = []
        for seed in UInt64(1)...UInt64(20) {
            var b = TimeLimited(Pendulum())
            let first = noisy.reset(seed: seed), clean = b.reset(seed: seed)
            noise += zip(first, clean).map { $0 - $1 }
            for (s, t) in steps(&base, &noisy, seed: seed, actions: [Double](repeating: 0.5, count: 200)) {
                noise += zip(t.observation, s.observation).map { $0 - $1 }
                XCTAssertEqual(t.reward, s.reward)
            }
        }
        let n = Double(noise.count)
        XCTAssertGreaterThan(noise.count, 10_000)
        XCTAssertLessThan(abs(Statistics.mean(noise)), 5 * 0.1 / n.squareRoot())
        XCTAssertLessThan(abs(Statistics.variance(noise).squareRoot() - 0.1), 5 * 0.1 / (2 * n).squareRoot())
        var again = NoisyObservations(TimeLimited(Pendulum()))
        var once = NoisyObservations(TimeLimited(Pendulum()))
        XCTAssertEqual(again.reset(seed: 3), once.reset(seed: 3))
        XCTAssertEqual(again.step([1]).observation, once.step([1]).observation)
        XCTAssertNotEqual(again.reset(seed: 4), once.reset(seed: 5))
    }

    /// The action applied at step t is the one chosen at t − 3, zeros (index 0) before: the delayed
    /// run equals the base run fed [0, 0, 0, a₀, a₁, …].
    func testDelayedActionsApplyTheActionChosenThreeStepsEarlier() {
        var delayed = DelayedActions(TimeLimited(CartPole()))
        var base = TimeLimited(CartPole())
        XCTAssertEqual(delayed.reset(seed: 11), base.reset(seed: 11))
        let shifted = [0.0, 0, 0] + actions
        for t in 0..<100 {
            let s = delayed.step([actions[t]]), r = base.step([shifted[t]])
            XCTAssertEqual(s, r, "step \(t)")
            if s.terminated || s.truncated { break }
        }
        // A reset empties the queue again.
        var d2 = DelayedActions(TimeLimited(CartPole())), b2 = TimeLimited(CartPole())
        _ = d2.reset(seed: 11); _ = d2.step([1]); _ = d2.reset(seed: 12); _ = b2.reset(seed: 12)
        XCTAssertEqual(d2.step([1]), b2.step([0]))
    }

    /// The pole half-length is 0.5 · (1 + U(−0.5, 0.5)), redrawn at each reset from its seed; with the
    /// parameter at its nominal value the dynamics are CartPole-v1's, and another length changes them.
    func testSystemIdentificationRedrawsThePhysicalParameterPerEpisode() {
        var env = SystemIdentification(CartPole())
        var lengths: [Double] = []
        for seed in UInt64(0)..<200 {
            _ = env.reset(seed: seed)
            lengths.append(env.physicalParameter)
            XCTAssert((0.25...0.75).contains(env.physicalParameter))
        }
        XCTAssertGreaterThan(Set(lengths).count, 190)
        XCTAssertLessThan(lengths.min()!, 0.3)
        XCTAssertGreaterThan(lengths.max()!, 0.7)
        var again = SystemIdentification(CartPole())
        _ = again.reset(seed: 17); _ = env.reset(seed: 17)
        XCTAssertEqual(again.physicalParameter, env.physicalParameter)

        var nominal = TimeLimited(CartPole()), plain = TimeLimited(CartPole())
        nominal.environment.physicalParameter = CartPole.nominalParameter
        for (s, t) in steps(&nominal, &plain, seed: 5, actions: actions) { XCTAssertEqual(s, t) }
        var longer = TimeLimited(CartPole())
        longer.environment.physicalParameter = 0.7
        let differs = steps(&longer, &plain, seed: 5, actions: actions).contains { $0.0.observation != $0.1.observation }
        XCTAssert(differs)

        var pendulum = SystemIdentification(Pendulum())
        _ = pendulum.reset(seed: 3)
        XCTAssert((0.5...1.5).contains(pendulum.physicalParameter))
        XCTAssertNotEqual(pendulum.physicalParameter, Pendulum.nominalParameter)
    }
}
