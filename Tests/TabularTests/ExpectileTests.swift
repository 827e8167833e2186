import ExperimentKit
import XCTest
@testable import Tabular

/// C13's library (Sources/Tabular/Expectile.swift): expectiles by hand, IQL's fixed point on an MDP
/// solvable by hand, the restricted MDP, and advantage-weighted extraction.
final class ExpectileTests: XCTestCase {
    /// Two points 0 and 1 with weights (½, ½): the first-order condition τ(1 − m) = (1 − τ)m gives m = τ.
    /// With weights (¾, ¼): τ·¼(1 − m) = (1 − τ)·¾·m, so m = τ/(3 − 2τ).
    func testTwoPointsByHand() {
        for tau in [0.0, 0.1, 0.5, 0.9, 1.0] {
            XCTAssertEqual(Expectile.value([0, 1], weights: [0.5, 0.5], tau: tau), tau, accuracy: 1e-15)
            XCTAssertEqual(Expectile.value([1, 0], weights: [0.25, 0.75], tau: tau), tau / (3 - 2 * tau), accuracy: 1e-15)
        }
    }

    /// τ = ½ is the mean, zero weights are ignored, τ = 1 is the support's maximum, and the exact solve
    /// agrees with bisection and lies within the gap bound.
    func testMeanMaximumAndBisection() {
        let x = [3.0, -1, 2, 10, 0.5], w = [0.2, 0.3, 0.1, 0, 0.4]
        let mean = zip(x, w).reduce(0) { $0 + $1.0 * $1.1 }
        XCTAssertEqual(Expectile.value(x, weights: w, tau: 0.5), mean, accuracy: 1e-15)
        XCTAssertEqual(Expectile.value(x, weights: w, tau: 1), 3)
        XCTAssertEqual(Expectile.value(x, weights: w, tau: 0), -1)
        var previous = -Double.infinity
        for tau in [0.01, 0.3, 0.5, 0.7, 0.9, 0.99, 0.999] {
            let e = Expectile.value(x, weights: w, tau: tau)
            XCTAssertGreaterThanOrEqual(e, previous)
            previous = e
            XCTAssertEqual(e, Expectile.bisection(x, weights: w, tau: tau), accuracy: Expectile.roundingTolerance(x, tau: tau))
            XCTAssertLessThanOrEqual(3 - e, Expectile.maximumGapBound(x, weights: w, tau: tau) * (1 + 1e-12))
            XCTAssertEqual(Expectile.firstOrderCondition(e, values: x, weights: w, tau: tau), 0, accuracy: 1e-14)
        }
    }

    /// One state, two actions (rewards 1 and 0, both self-loops), π_β = (¼, ¾), γ = ½: Q(a) = r(a) + ½V,
    /// so V = expectile of (1 + V/2, V/2) = V/2 + τ/(3 − 2τ)·1, i.e. V = 2τ/(3 − 2τ). At τ = ½ this is
    /// V_{π_β} = ¼/(1 − ½) = ½; as τ → 1 it tends to 2, the optimal value. Leaving action 0 out of the
    /// support makes the in-support optimum 0.
    func testFixedPointByHand() throws {
        let mdp = try MDP(stateCount: 1, actionCount: 2, transitions: [1, 1], rewards: [1, 0], discount: 0.5,
                          initialDistribution: [1])
        let behaviour = try TabularPolicy(stateCount: 1, actionCount: 2, probabilities: [0.25, 0.75])
        for tau in [0.5, 0.9, 0.999] {
            let f = ImplicitQ.fixedPoint(in: mdp, behaviour: behaviour, tau: tau)
            XCTAssertEqual(f.value[0], 2 * tau / (3 - 2 * tau), accuracy: max(f.tolerance, 1e-14))
        }
        let narrow = try TabularPolicy(stateCount: 1, actionCount: 2, probabilities: [0, 1])
        let restricted = try ImplicitQ.restrictedMDP(mdp, behaviour: narrow)
        XCTAssertEqual(restricted.rewards, [0, 0])
        XCTAssertEqual(try BellmanOperators.optimalValue(in: restricted).value[0], 0, accuracy: 1e-15)
        XCTAssertEqual(ImplicitQ.fixedPoint(in: mdp, behaviour: narrow, tau: 0.99).value[0], 0, accuracy: 1e-15)
    }

    /// Extraction keeps π_β's zeros, equals C5's analytical update with C = 1/β, and tends to the greedy
    /// in-support action.
    func testAdvantageWeighted() throws {
        let behaviour = try TabularPolicy(stateCount: 1, actionCount: 3, probabilities: [0, 0.5, 0.5])
        let advantage = [5.0, -1, 0]
        for beta in [0.0, 1, 10, 1000] {
            let p = ImplicitQ.advantageWeighted(behaviour: behaviour, advantage: advantage, beta: beta)
            XCTAssertEqual(p[0, 0], 0)
            let c = beta == 0 ? Double.infinity : 1 / beta
            let q = analyticalUpdate(policy: behaviour, advantage: advantage, temperature: c)
            for a in 0..<3 { XCTAssertEqual(p[0, a], q[0, a], accuracy: 1e-14) }
        }
        XCTAssertEqual(ImplicitQ.advantageWeighted(behaviour: behaviour, advantage: advantage, beta: 1000)[0, 2], 1)
        XCTAssertEqual(ImplicitQ.greedyInSupport(advantage, behaviour: behaviour), [2])
    }
}
