import ExperimentKit
import XCTest
@testable import Tabular

/// C12's library (Sources/Tabular/ConservativeQ.swift, OfflineDataset.swift; Kumar et al. 2020,
/// Theorems 3.1–3.2; Hamid, lecture notes, §5.3): the CQL fixed point against its iteration, the bounds
/// on a hand-made MDP and dataset, and the maximising distribution.
final class ConservativeQTests: XCTestCase {
    /// Two states, two actions: action 0 stays, action 1 moves; r = (1, 0 | 0, 1); γ = 0.9.
    func handMade() throws -> MDP {
        try MDP(stateCount: 2, actionCount: 2, transitions: [1, 0, 0, 1, 0, 1, 1, 0], rewards: [1, 0, 0, 1],
                discount: 0.9, initialDistribution: [0.5, 0.5])
    }

    /// The linear solve is the limit of the CQL update, for both objectives, on a random Garnet.
    func testFixedPointIsTheLimitOfTheUpdate() throws {
        var rng = SeededGenerator(seed: 12)
        let mdp = try Garnet(states: 6, actions: 3, branching: 2).sample(discount: 0.9, using: &rng)
        let pi = TabularPolicy.randomSoftmax(stateCount: 6, actionCount: 3, scale: 1, using: &rng)
        let beta = TabularPolicy.randomSoftmax(stateCount: 6, actionCount: 3, scale: 2, using: &rng)
        for objective in ConservativeQ.Objective.allCases {
            let p = try ConservativeQ.penalty(objective, mu: pi, behaviour: beta)
            for alpha in [0.0, 0.3, 5] {
                let solve = try ConservativeQ.fixedPoint(in: mdp, policy: pi, penalty: p, alpha: alpha)
                let it = ConservativeQ.iterate(in: mdp, policy: pi, penalty: p, alpha: alpha)
                for k in 0..<18 {
                    XCTAssertEqual(it.actionValue[k], solve.actionValue[k], accuracy: it.tolerance + ConservativeQ.roundingTolerance(solve))
                }
            }
        }
    }

    /// Without sampling error Eq. 1 is below Q^π everywhere by exactly α(I − γP^π)⁻¹[μ/π_β]; Eq. 2 is
    /// Eq. 1 plus α/(1−γ), below V^π but above Q^π at a pair where π < π_β and the future penalty is small.
    func testExactBoundsOnHandMadeMDP() throws {
        let mdp = try handMade()
        let pi = try TabularPolicy(stateCount: 2, actionCount: 2, probabilities: [0.5, 0.5, 0.5, 0.5])
        let beta = try TabularPolicy(stateCount: 2, actionCount: 2, probabilities: [0.4, 0.6, 0.6, 0.4])
        let truth = try PolicyEvaluation(policy: pi, in: mdp)
        let p1 = try ConservativeQ.penalty(.minimiseUnderMu, mu: pi, behaviour: beta)
        let p2 = try ConservativeQ.penalty(.subtractBehaviour, mu: pi, behaviour: beta)
        XCTAssertEqual(p1, [1.25, 0.5 / 0.6, 0.5 / 0.6, 1.25])
        let alpha = 0.1
        let e1 = try ConservativeQ.fixedPoint(in: mdp, policy: pi, penalty: p1, alpha: alpha)
        let e2 = try ConservativeQ.fixedPoint(in: mdp, policy: pi, penalty: p2, alpha: alpha)
        // The penalty's own evaluation: rewards p1 in place of r.
        let penaltyMDP = try MDP(stateCount: 2, actionCount: 2, transitions: mdp.transitions, rewards: p1, discount: 0.9,
                                 initialDistribution: [0.5, 0.5])
        let c = try PolicyEvaluation(policy: pi, in: penaltyMDP).actionValue
        for k in 0..<4 {
            XCTAssertLessThan(e1.actionValue[k], truth.actionValue[k])
            XCTAssertEqual(truth.actionValue[k] - e1.actionValue[k], alpha * c[k], accuracy: 1e-12)
            XCTAssertEqual(e2.actionValue[k] - e1.actionValue[k], alpha / (1 - 0.9), accuracy: 1e-12)
        }
        for s in 0..<2 { XCTAssertLessThan(e2.value[s], truth.value[s]) }
        // χ² = Σ π(π/π_β − 1) = 0.5(1.25 − 1) + 0.5(0.8333 − 1) = 1/24 per state, so V^π − V̂₂ = α/24/(1−γ);
        // Q̂₂ − Q^π at (0, 1) = −α(−1/6 + γ·(1/24)/(1−γ)) = −α(−1/6 + 0.375) < 0, and at γ = 0.5 it is positive:
        XCTAssertEqual(truth.value[0] - e2.value[0], alpha / 24 / 0.1, accuracy: 1e-12)
        let low = try mdp.withDiscount(0.5)
        let truthLow = try PolicyEvaluation(policy: pi, in: low)
        let e2Low = try ConservativeQ.fixedPoint(in: low, policy: pi, penalty: p2, alpha: alpha)
        XCTAssertEqual(e2Low.actionValue[1] - truthLow.actionValue[1], -alpha * (-1.0 / 6 + 0.5 * (1.0 / 24) / 0.5), accuracy: 1e-12)
        XCTAssertGreaterThan(e2Low.actionValue[1], truthLow.actionValue[1])
        XCTAssertLessThanOrEqual(e2Low.value[0], truthLow.value[0])
    }

    /// With sampling error: a hand-made dataset whose empirical rewards overestimate; naive evaluation
    /// (α = 0) is above Q^π, the exact smallest α makes the bound hold with equality at the worst pair,
    /// and Theorem 3.1's threshold is above it.
    func testSampledBoundAboveThreshold() throws {
        let mdp = try handMade()
        var data = OfflineDataset(stateCount: 2, actionCount: 2)
        // State 0: action 0 three times (reward 1, stays), action 1 once (reward 1 although r = 0, moves).
        for _ in 0..<3 { data.add(state: 0, action: 0, reward: 1, next: 0) }
        data.add(state: 0, action: 1, reward: 1, next: 1)
        // State 1: action 1 twice (reward 1, moves), action 0 never.
        for _ in 0..<2 { data.add(state: 1, action: 1, reward: 1, next: 0) }
        XCTAssertEqual(data.counts, [3, 1, 0, 2])
        let beta = try data.empiricalBehaviour()
        XCTAssertEqual(beta.probabilities, [0.75, 0.25, 0, 1])
        let model = try data.empiricalMDP(discount: 0.9, initialDistribution: mdp.initialDistribution)
        XCTAssertEqual(model.rewards, [1, 1, 1, 1])   // the unseen (1, 0) copies (1, 1)
        let pi = try data.restricted(TabularPolicy.uniform(stateCount: 2, actionCount: 2))
        XCTAssertEqual(pi.probabilities, [0.5, 0.5, 0, 1])
        XCTAssertThrowsError(try ConservativeQ.penalty(.minimiseUnderMu, mu: .uniform(stateCount: 2, actionCount: 2), behaviour: beta))
        let p = try ConservativeQ.penalty(.minimiseUnderMu, mu: pi, behaviour: beta)
        let truth = try PolicyEvaluation(policy: pi, in: mdp)
        let seen = [0, 1, 3]
        let naive = try ConservativeQ.fixedPoint(in: model, policy: pi, penalty: p, alpha: 0)
        for k in seen { XCTAssertGreaterThan(naive.actionValue[k], truth.actionValue[k]) }
        let one = try ConservativeQ.fixedPoint(in: model, policy: pi, penalty: p, alpha: 1)
        let alphaStar = seen.map { (naive.actionValue[$0] - truth.actionValue[$0]) / (naive.actionValue[$0] - one.actionValue[$0]) }.max()!
        let at = try ConservativeQ.fixedPoint(in: model, policy: pi, penalty: p, alpha: alphaStar)
        XCTAssertEqual(seen.map { at.actionValue[$0] - truth.actionValue[$0] }.max()!, 0, accuracy: 1e-12)
        let below = try ConservativeQ.fixedPoint(in: model, policy: pi, penalty: p, alpha: alphaStar / 2)
        XCTAssertGreaterThan(seen.map { below.actionValue[$0] - truth.actionValue[$0] }.max()!, 1e-3)
        let concentration = ConservativeQ.Concentration(states: 2, actions: 2, delta: 0.05, rewardMaximum: 1, discount: 0.9)
        // C_{r,δ} = √(ln(4·4/0.05)/2), C_{T,δ} = √(2 ln(2·4·(2² − 2)/0.05)).
        XCTAssertEqual(concentration.rewardConstant, (log(320.0) / 2).squareRoot(), accuracy: 1e-14)
        XCTAssertEqual(concentration.transitionConstant, (2 * log(320.0)).squareRoot(), accuracy: 1e-14)
        let threshold = ConservativeQ.theorem31Threshold(counts: data.counts, mu: pi, behaviour: beta, concentration: concentration)
        // Per seen pair 1/√|D(s,a)|·π̂_β/μ: (0,0) 1.5/√3, (0,1) 0.5/1, (1,1) 1/√2; the worst is (0,0).
        XCTAssertEqual(threshold, concentration.samplingErrorScale * 1.5 / 3.0.squareRoot(), accuracy: 1e-12)
        XCTAssertGreaterThan(threshold, alphaStar)
        let atThreshold = try ConservativeQ.fixedPoint(in: model, policy: pi, penalty: p, alpha: threshold)
        for k in seen { XCTAssertLessThan(atThreshold.actionValue[k], truth.actionValue[k]) }
        // Theorem 3.2's threshold is infinite: at state 1, π_D = π̂_β (χ² = 0).
        XCTAssertEqual(ConservativeQ.chiSquare(pi, from: beta)[1], 0)
        XCTAssertEqual(ConservativeQ.theorem32Threshold(stateCounts: [4, 2], policy: pi, behaviour: beta, concentration: concentration), .infinity)
    }

    /// μ ∝ ρ·exp(αQ): by hand for two actions, equal to the analytical update with C = 1/α (uniform and
    /// non-uniform ρ), attaining log Σ ρ e^{αQ}; the notes' μ ∝ ρ·exp(Q) falls short when α ≠ 1.
    func testMaximisingDistribution() throws {
        let q = [0.0, 1, 2, 2, -1, 0.5]
        let uniform = TabularPolicy.uniform(stateCount: 2, actionCount: 3)
        let mu1 = ConservativeQ.maximisingDistribution(q: q, prior: uniform, alpha: 1)
        let z = 1 + M_E + M_E * M_E
        XCTAssertEqual(Array(mu1.row(0)), [1 / z, M_E / z, M_E * M_E / z].map { $0 }, accuracy: 1e-15)
        let prior = try TabularPolicy(stateCount: 2, actionCount: 3, probabilities: [0.2, 0.3, 0.5, 0.6, 0, 0.4])
        for alpha in [0.01, 1, 7, 300] {
            for rho in [uniform, prior] {
                let mu = ConservativeQ.maximisingDistribution(q: q, prior: rho, alpha: alpha)
                let analytical = analyticalUpdate(policy: rho, advantage: q, temperature: 1 / alpha)
                for k in 0..<6 { XCTAssertEqual(mu.probabilities[k], analytical.probabilities[k], accuracy: 1e-13) }
                for s in 0..<2 {
                    let qs = Array(q[s * 3..<s * 3 + 3]), r = Array(rho.row(s))
                    let best = ConservativeQ.innerMaximum(q: qs, prior: r, alpha: alpha)
                    XCTAssertEqual(ConservativeQ.innerObjective(Array(mu.row(s)), q: qs, prior: r, alpha: alpha), best,
                                   accuracy: 1e-12 * (1 + abs(best)))
                    let notes = ConservativeQ.maximisingDistribution(q: q, prior: rho, alpha: 1)
                    let shortfall = best - ConservativeQ.innerObjective(Array(notes.row(s)), q: qs, prior: r, alpha: alpha)
                    if alpha == 1 { XCTAssertEqual(shortfall, 0, accuracy: 1e-12) } else { XCTAssertGreaterThan(shortfall, 1e-6) }
                }
            }
        }
    }
}

private func XCTAssertEqual(_ a: [Double], _ b: [Double], accuracy: Double, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, file: file, line: line)
    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: accuracy, file: file, line: line) }
}
