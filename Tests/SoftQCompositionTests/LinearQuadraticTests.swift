import ExperimentKit
import Foundation
import OutputKit
import XCTest
@testable import soft_q_composition

/// C19.10–C19.12: composition on the continuous point mass, where the soft values are closed forms
/// (`SoftLinearQuadratic`). Each closed form is checked here against a computation that does not use it:
/// quadrature, simulation, or another closed form that must agree with it.
final class LinearQuadraticTests: XCTestCase {
    let alpha = 0.7

    /// A goal-reaching task on the plane with an off-diagonal state cost, so no block vanishes.
    func task(gamma: Double = 0.9) -> SoftLinearQuadraticTask {
        SoftLinearQuadraticTask(transition: Matrix(rows: 2, columns: 2, entries: [1, 0.1, 0, 0.95]),
                                control: Matrix(rows: 2, columns: 2, entries: [1, 0, 0.2, 0.8]),
                                noiseCovariance: Matrix(rows: 2, columns: 2, entries: [0.09, 0.02, 0.02, 0.04]),
                                reward: SoftLinearQuadraticTask.goalReward(goal: [2, -1], stateCost: Matrix(rows: 2, columns: 2, entries: [1, 0.3, 0.3, 0.5]),
                                                                           actionCost: .diagonal([0.5, 0.8])),
                                discount: gamma)
    }

    /// `∫ f(a) da` over the box `center ± halfWidth` by the midpoint rule on `cells²` cells.
    func quadrature(center: [Double], halfWidth: Double, cells: Int, _ f: ([Double]) -> Double) -> Double {
        let h = 2 * halfWidth / Double(cells)
        var sum = 0.0
        for i in 0..<cells {
            for j in 0..<cells {
                sum += f([center[0] - halfWidth + (Double(i) + 0.5) * h, center[1] - halfWidth + (Double(j) + 0.5) * h])
            }
        }
        return sum * h * h
    }

    func testMatrixInverseDeterminantAndCholesky() throws {
        let m = Matrix(rows: 3, columns: 3, entries: [4, 1, 0.5, 1, 3, 0.2, 0.5, 0.2, 2])
        let product = m * (try m.inverse())
        for i in 0..<3 { for j in 0..<3 { XCTAssertEqual(product[i, j], i == j ? 1 : 0, accuracy: 1e-14) } }
        // det = 4(6 − 0.04) − 1(2 − 0.1) + 0.5(0.2 − 1.5) = 23.84 − 1.9 − 0.65.
        XCTAssertEqual(try m.logDeterminant(), log(21.29), accuracy: 1e-13)
        let l = m.choleskyFactor()
        let back = l * l.transpose
        for k in m.entries.indices { XCTAssertEqual(back.entries[k], m.entries[k], accuracy: 1e-14) }
    }

    /// The soft maximum: `V(s) = α log ∫ exp(Q(s,a)/α) da` and `π = exp((Q − V)/α)`, against quadrature.
    func testSoftMaximumAgainstQuadrature() throws {
        let q = try SoftLinearQuadratic.optimalActionValue(in: task(), temperature: alpha)
        let (v, policy) = try SoftLinearQuadratic.softMaximum(q, stateDimension: 2, temperature: alpha)
        for s in [[0.0, 0.0], [1.5, -2.0]] {
            let mu = policy.mean(s)
            let integral = quadrature(center: mu, halfWidth: 6, cells: 300) { exp((q(s + $0) - v(s)) / alpha) }
            XCTAssertEqual(integral, 1, accuracy: 1e-9, "exp((Q − V)/α) must integrate to 1 over actions")
            let a = [mu[0] + 0.3, mu[1] - 0.2]
            XCTAssertEqual((q(s + a) - v(s)) / alpha, try policy.logDensity(a, at: s), accuracy: 1e-11)
        }
    }

    /// The soft-optimal policy's soft action value is the soft-optimal action value: two code paths
    /// (soft maximum, soft expectation under a Gaussian) that must meet.
    func testOptimalPolicyEvaluatesToTheOptimum() throws {
        for gamma in [0.5, 0.99] {
            let t = task(gamma: gamma)
            let q = try SoftLinearQuadratic.optimalActionValue(in: t, temperature: alpha)
            let policy = try SoftLinearQuadratic.softMaximum(q, stateDimension: 2, temperature: alpha).policy
            let evaluated = try SoftLinearQuadratic.softActionValue(of: policy, in: t, temperature: alpha)
            for z in [[0.0, 0, 0, 0], [1, -2, 0.5, 3], [-4, 1, -1, 0]] {
                XCTAssertEqual(evaluated(z), q(z), accuracy: 1e-9 * max(1, abs(q(z))))
            }
        }
    }

    /// A policy's soft value is the soft Bellman fixed point: check `Q(s,a) = r(s,a) + γ E[V(s')]` with the
    /// expectation over the noise by simulation (independent of the trace term of `backup`), and the
    /// simulated soft return from the start against `V^soft_π(s₀)`.
    func testSimulatedSoftReturnMatchesClosedForm() throws {
        let t = task(gamma: 0.8)
        let policy = GaussianLinearPolicy(gain: Matrix(rows: 2, columns: 2, entries: [-0.5, 0.1, 0, -0.4]), offset: [0.5, -0.2],
                                          covariance: Matrix(rows: 2, columns: 2, entries: [0.3, 0.05, 0.05, 0.2]))
        let q = try SoftLinearQuadratic.softActionValue(of: policy, in: t, temperature: alpha)
        let v = try SoftLinearQuadratic.softExpectation(q, under: policy, stateDimension: 2, temperature: alpha)
        var rng = SeededGenerator(seed: 11)
        let returns = try (0..<4000).map { _ in
            try LinearQuadraticPart.softReturns(of: [policy], in: t, temperature: alpha, horizon: LinearQuadraticPart.horizon(gamma: 0.8),
                                                using: &rng)[0]
        }
        let mean = Statistics.mean(returns), se = Statistics.standardError(returns)
        XCTAssertLessThan(abs(mean - v(LinearQuadraticPart.start)), 4 * se, "simulated \(mean) ± \(se), closed form \(v(LinearQuadraticPart.start))")
        XCTAssertLessThan(se, 0.02 * abs(mean), "the check must be sharp enough to catch a wrong entropy or noise term")
    }

    /// `D_½(p ‖ q) = −2 log ∫ √(p q) da` for two Gaussian policies at two states, against quadrature.
    func testRenyiDivergenceAgainstQuadrature() throws {
        let p = GaussianLinearPolicy(gain: Matrix(rows: 2, columns: 2, entries: [-0.5, 0.1, 0, -0.4]), offset: [0.5, -0.2],
                                     covariance: Matrix(rows: 2, columns: 2, entries: [0.3, 0.05, 0.05, 0.2]))
        let r = GaussianLinearPolicy(gain: Matrix(rows: 2, columns: 2, entries: [-0.3, 0, 0.2, -0.6]), offset: [0, 0.4],
                                     covariance: Matrix(rows: 2, columns: 2, entries: [0.5, -0.1, -0.1, 0.25]))
        let d = try SoftLinearQuadratic.renyiDivergenceOfOrderOneHalf(p, r)
        for s in [[0.0, 0.0], [1.0, -1.5]] {
            let overlap = quadrature(center: p.mean(s), halfWidth: 5, cells: 250) { a in
                exp(0.5 * ((try? p.logDensity(a, at: s)) ?? .nan) + 0.5 * ((try? r.logDensity(a, at: s)) ?? .nan))
            }
            XCTAssertEqual(d(s), -2 * log(overlap), accuracy: 1e-8)
        }
    }

    /// C19.10 on goals that differ by a shift: the constituents' policies differ by a constant, C* is
    /// γαD_½/(1 − γ), the composed policy is the composed task's optimal policy, and Q_Σ − Q*_C = C*/2 —
    /// the halved lower bound of C19.4 holds with equality.
    func testShiftedGoalsComposeExactlyWithTheHalvedBound() throws {
        let cell = LinearQuadraticPart.Cell(pair: 1, gamma: 0.9, alpha: 1)
        let c = try LinearQuadraticPart.Composition(cell)
        XCTAssertTrue(c.divergenceBound.isFinite)
        XCTAssertEqual(c.divergenceBound, 0.9 * c.divergence.constant / 0.1, accuracy: 1e-9 * c.divergenceBound)
        for k in 0..<4 {
            XCTAssertEqual(c.composedPolicy.gain.entries[k], c.optimalPolicy.gain.entries[k], accuracy: 1e-12)
            XCTAssertEqual(c.composedPolicy.covariance.entries[k], c.optimalPolicy.covariance.entries[k], accuracy: 1e-12)
        }
        for z in [[0.0, 0, 0, 0], [3, -1, 1, 2]] {
            XCTAssertEqual(c.averaged(z) - c.optimal(z), c.divergenceBound / 2, accuracy: 1e-9 * abs(c.optimal(z)))
        }
    }

    /// C19.11 on tasks that weigh different coordinates: the constituents' gains differ, so D_½ grows with
    /// the state, the first iterate γE[αD_½(s')] is unbounded in the action, and C* = D* = +∞. Lemma 1's upper
    /// bound and the finite bound Q*_C − Q^soft_{π_Σ} ≤ Q_Σ − Q^soft_{π_Σ} (= its own fixed point) still hold.
    func testDifferentWeightsMakeTheBoundInfiniteButTheFiniteBoundHolds() throws {
        let cell = LinearQuadraticPart.Cell(pair: 2, gamma: 0.9, alpha: 1)
        let c = try LinearQuadraticPart.Composition(cell)
        XCTAssertEqual(c.divergenceBound, .infinity)
        XCTAssertEqual(c.policyBound, .infinity)
        let zero = QuadraticFunction(curvature: .zeros(4, 4), linear: [0, 0, 0, 0], constant: 0)
        let firstIterate = SoftLinearQuadratic.backup(c.divergence, in: c.composedTask.with(reward: zero))
        let growth = [10.0, 100, 1000].map { firstIterate([0, 0, $0, $0]) }
        XCTAssertLessThan(growth[0], growth[1])
        XCTAssertGreaterThan(growth[2], 1e4 * max(1, abs(growth[0])))
        for z in [[0.0, 0, 0, 0], [3, -1, 1, 2], [-6, 4, 0, -3]] {
            let qs = c.averaged(z), qc = c.optimal(z), qpi = c.composedSoftValue(z)
            let tol = LinearQuadraticPart.tolerance([qs, qc, qpi])
            XCTAssertGreaterThanOrEqual(qs, qc - tol)
            XCTAssertGreaterThan(qc - qpi, 1e-3, "composition is not exact when the weights differ")
            XCTAssertLessThanOrEqual(qc - qpi, c.averagedValueExcess(z) + tol)
            XCTAssertEqual(qs - qpi, c.averagedValueExcess(z), accuracy: 1e3 * tol)
        }
    }

    /// The part's outcome on one instance, end to end: the simulated gap's interval holds the closed form.
    func testOutcomeOnOneInstance() throws {
        var config = Configuration.forProfile(.smoke)
        config.continuousEpisodes = 400
        let o = try LinearQuadraticPart.run(LinearQuadraticPart.Cell(pair: 3, gamma: 0.9, alpha: 1), config: config, masterSeed: 3)
        XCTAssertFalse(o.boundFinite)
        XCTAssertLessThanOrEqual(o.upperViolation, 1)
        XCTAssertGreaterThan(o.gap, 0.5)
        XCTAssertLessThan(o.gap, o.excessBound)
        XCTAssertLessThan(o.simulatedGapLower, o.simulatedGapUpper)
        XCTAssertLessThan(abs(o.simulatedGap - o.gap), 0.2 * o.gap)
    }

    /// C19.11 and C19.12's rules can fail: an infinite bound refutes C19.11; a simulated gap whose interval
    /// lies above the finite bound refutes C19.12, one that straddles it leaves it undecided.
    func testContinuousVerdictRulesCanFail() throws {
        let config = Configuration.forProfile(.smoke)
        func outcome(finite: Bool, gap: (Double, Double, Double)) -> LinearQuadraticPart.Outcome {
            LinearQuadraticPart.Outcome(cell: .init(pair: 0, gamma: 0.9, alpha: 1), upperViolation: 0, lowerRatio: 0.5, theoremRatio: 0,
                                        excessMismatch: 0, boundFinite: finite, divergenceBound: finite ? 10 : .infinity,
                                        policyBound: finite ? 90 : .infinity, optimalValue: -10, composedValue: -11, gap: 1,
                                        theoremBound: finite ? 100 : .infinity, excessBound: 2, simulatedOptimal: -10,
                                        simulatedComposed: -11, simulatedGap: gap.0, simulatedGapLower: gap.1, simulatedGapUpper: gap.2,
                                        simulatedComposedLower: -11.5, simulatedComposedUpper: -10.5, episodes: 10, horizon: 10)
        }
        func verdicts(_ o: LinearQuadraticPart.Outcome) -> (VerdictKind?, VerdictKind?) {
            let f = Findings(config: config, masterSeed: 1, garnets: [], searches: [], floors: [], runs: [], multigoal: [], continuous: [o])
            return (f.verdicts.first { $0.id == "C19.11" }?.verdict, f.verdicts.first { $0.id == "C19.12" }?.verdict)
        }
        XCTAssertEqual(verdicts(outcome(finite: true, gap: (1, 0.5, 1.5))).0, .confirmed)
        XCTAssertEqual(verdicts(outcome(finite: false, gap: (1, 0.5, 1.5))).0, .refuted)
        XCTAssertEqual(verdicts(outcome(finite: true, gap: (1, 0.5, 1.5))).1, .confirmed)
        XCTAssertEqual(verdicts(outcome(finite: true, gap: (3, 2.5, 3.5))).1, .refuted)
        XCTAssertEqual(verdicts(outcome(finite: true, gap: (2, 1.5, 2.5))).1, .inconclusive)
    }
}
