import XCTest
@testable import Tabular

/// The model rejects everything a theorem does not allow, naming what is wrong.
final class MDPValidationTests: XCTestCase {
    private func make(transitions: [Double] = [1, 0, 0, 1, 0, 1, 0, 1], rewards: [Double] = [1, 0, 1, 1],
                      gamma: Double = 0.5, rho: [Double] = [1, 0]) throws -> MDP {
        try MDP(stateCount: 2, actionCount: 2, transitions: transitions, rewards: rewards,
                discount: gamma, initialDistribution: rho)
    }

    func testAcceptsAValidModel() throws {
        XCTAssertEqual(try make().discount, 0.5)
    }

    func testDiscountMustBeInZeroOne() {
        for bad in [1.0, 1.5, -0.1, .nan, .infinity] {
            XCTAssertThrowsError(try make(gamma: bad)) { error in
                guard case MDPError.discountOutOfRange = error else { return XCTFail("\(error)") }
                XCTAssertTrue("\(error)".contains("[0, 1)"))
            }
        }
        XCTAssertNoThrow(try make(gamma: 0))
    }

    func testTransitionRowsMustBeStochastic() {
        XCTAssertThrowsError(try make(transitions: [0.9, 0, 0, 1, 0, 1, 0, 1])) { error in
            XCTAssertEqual(error as? MDPError,
                           .transitionRowNotStochastic(state: 0, action: 0, detail: "entries sum to 0.9; must be 1 within 1e-09"))
        }
        XCTAssertThrowsError(try make(transitions: [1.5, -0.5, 0, 1, 0, 1, 0, 1])) { error in
            XCTAssertTrue("\(error)".contains("P(·|s=0, a=0)") && "\(error)".contains("≥ 0"))
        }
        // Within the tolerance: accepted and renormalised exactly.
        let mdp = try? make(transitions: [1 + 1e-12, 0, 0, 1, 0, 1, 0, 1])
        XCTAssertEqual(mdp?.transition(0, 0, 0), 1)
    }

    func testRewardsMustBeFiniteAndShapesMustMatch() {
        XCTAssertThrowsError(try make(rewards: [1, .nan, 0, 0])) { error in
            guard case MDPError.nonFiniteReward(state: 0, action: 1, _)? = error as? MDPError else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains("r(s=0, a=1)"))
        }
        XCTAssertThrowsError(try make(rewards: [1, 0, 0])) { error in
            XCTAssertEqual(error as? MDPError, .shapeMismatch(parameter: "rewards", expected: 4, given: 3))
        }
    }

    func testInitialDistributionMustBeAProbabilityVector() {
        XCTAssertThrowsError(try make(rho: [0.5, 0.4])) { XCTAssertTrue("\($0)".contains("ρ₀")) }
        XCTAssertThrowsError(try make(rho: [1])) { error in
            XCTAssertEqual(error as? MDPError, .shapeMismatch(parameter: "initialDistribution", expected: 2, given: 1))
        }
    }

    func testPolicyRowsMustBeProbabilityVectors() {
        XCTAssertThrowsError(try TabularPolicy(stateCount: 2, actionCount: 2, probabilities: [0.5, 0.5, 0.2, 0.2])) {
            XCTAssertEqual($0 as? MDPError,
                           .policyRowInvalid(state: 1, detail: "entries sum to 0.4; must be 1 within 1e-09"))
        }
    }

    func testGarnetParametersAreChecked() {
        XCTAssertThrowsError(try Garnet(states: 5, actions: 2, branching: 6)) {
            XCTAssertTrue("\($0)".contains("Garnet b"))
        }
        XCTAssertThrowsError(try Garnet(states: 0, actions: 2, branching: 1))
    }

    /// C8's soft value iteration fails loudly instead of returning an unconverged Q*: with too few
    /// iterations allowed for γ = 0.99 it throws, naming the iteration count; with the default cap it
    /// returns a fixed point of the soft optimality backup (Haarnoja et al. 2017, eq. 2; Hamid, Deep
    /// Reinforcement Learning notes, §2.11).
    func testSoftValueIterationFailsLoudlyWhenItCannotConverge() throws {
        let mdp = try make(gamma: 0.99)
        XCTAssertThrowsError(try SoftBellman.optimalQ(in: mdp, temperature: 0.5, maximumIterations: 50)) {
            XCTAssertTrue("\($0)".contains("did not converge in 50 iterations"), "\($0)")
        }
        // Converged: one more soft optimality backup, Q ← r + γ P (α log Σ_a' exp(Q(s',a')/α)),
        // moves Q by no more than the stopping tolerance (10⁻¹³ relative) times γ.
        let alpha = 0.5
        let q = try SoftBellman.optimalQ(in: mdp, temperature: alpha)
        let v = (0..<2).map { s in alpha * log((0..<2).map { exp(q[s * 2 + $0] / alpha) }.reduce(0, +)) }
        for k in 0..<4 {
            let next = mdp.rewards[k] + mdp.discount * (0..<2).map { mdp.transitions[k * 2 + $0] * v[$0] }.reduce(0, +)
            XCTAssertEqual(next, q[k], accuracy: 1e-12 * max(1, abs(q[k])), "Q*(\(k)) is a fixed point")
        }
    }
}
