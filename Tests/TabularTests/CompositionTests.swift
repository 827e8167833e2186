import ExperimentKit
import Foundation
import XCTest
@testable import Tabular

/// Composability of maximum-entropy policies (Haarnoja et al. 2018, "Composable Deep Reinforcement
/// Learning for Robotic Manipulation", ICRA, Lemma 1 and Theorem 1), checked exactly on finite MDPs.
final class CompositionTests: XCTestCase {
    /// Slack for the inequalities: the soft optimum is iterated to 10⁻¹³ relative and the exact
    /// evaluations lose about log₁₀ κ ≤ log₁₀((1+γ)/(1−γ)) digits, so 10⁻⁹ relative to the largest
    /// value is rounding, not a violation.
    func slack(_ c: SoftComposition) -> Double {
        let scale = (c.averagedActionValue + c.optimalComposedActionValue + c.divergenceBound + c.policyBound)
            .reduce(1) { max($0, abs($1)) }
        return 1e-9 * scale
    }

    /// Two tasks on one Garnet's transitions: the Garnet's rewards and an independent U[0,1] reward.
    func garnetPair(_ g: Garnet, discount: Double, rng: inout SeededGenerator) throws -> (MDP, MDP) {
        let first = try g.sample(discount: discount, using: &rng)
        let rewards = (0..<first.rewards.count).map { _ in rng.nextUniform() }
        let second = try MDP(stateCount: first.stateCount, actionCount: first.actionCount, transitions: first.transitions,
                             rewards: rewards, discount: discount, initialDistribution: first.initialDistribution)
        return (first, second)
    }

    /// Lemma 1 (`Q_Σ ≥ Q*_C ≥ Q_Σ − C*`) and Theorem 1 (`Q^soft_{π_Σ} ≥ Q*_C − D*`) on random Garnets,
    /// every state-action pair: 36 instances over G(5,3,2), G(8,4,3), G(10,2,10), γ ∈ {0.5, 0.9},
    /// α ∈ {0.1, 1 (the paper's), 5}, reward scale ×1 and ×5 on the second task.
    func testBoundsHoldOnRandomGarnets() throws {
        var rng = SeededGenerator(seed: 1_803_06773)
        var instances = 0, largestGap = 0.0, largestGapToBoundRatio = 0.0, largestOverestimateToBoundRatio = 0.0
        for g in [try Garnet(states: 5, actions: 3, branching: 2), try Garnet(states: 8, actions: 4, branching: 3),
                  try Garnet(states: 10, actions: 2, branching: 10)] {
            for gamma in [0.5, 0.9] {
                for alpha in [0.1, 1, 5] {
                    for spread in [1.0, 5.0] {
                        let (first, unscaled) = try garnetPair(g, discount: gamma, rng: &rng)
                        let second = try MDP(stateCount: unscaled.stateCount, actionCount: unscaled.actionCount,
                                             transitions: unscaled.transitions, rewards: unscaled.rewards.map { spread * $0 },
                                             discount: gamma, initialDistribution: unscaled.initialDistribution)
                        let c = try SoftComposition(first: first, second: second, temperature: alpha)
                        let tol = slack(c)
                        let what = "\(g), γ = \(gamma), α = \(alpha), spread \(spread)"
                        for k in c.averagedActionValue.indices {
                            XCTAssertGreaterThanOrEqual(c.averagedActionValue[k], c.optimalComposedActionValue[k] - tol,
                                                        "Lemma 1 upper, \(what), entry \(k)")
                            XCTAssertGreaterThanOrEqual(c.optimalComposedActionValue[k],
                                                        c.averagedActionValue[k] - c.divergenceBound[k] - tol,
                                                        "Lemma 1 lower, \(what), entry \(k)")
                            XCTAssertGreaterThanOrEqual(c.composedPolicyEvaluation.softActionValue[k],
                                                        c.optimalComposedActionValue[k] - c.policyBound[k] - tol,
                                                        "Theorem 1, \(what), entry \(k)")
                            XCTAssertGreaterThanOrEqual(c.gap[k], -tol, "Q*_C is optimal, \(what), entry \(k)")
                            largestGap = max(largestGap, c.gap[k])
                            if c.policyBound[k] > 1e-6 {
                                largestGapToBoundRatio = max(largestGapToBoundRatio, c.gap[k] / c.policyBound[k])
                            }
                            if c.divergenceBound[k] > 1e-6 {
                                let overestimate = c.averagedActionValue[k] - c.optimalComposedActionValue[k]
                                largestOverestimateToBoundRatio = max(largestOverestimateToBoundRatio,
                                                                      overestimate / c.divergenceBound[k])
                            }
                        }
                        instances += 1
                    }
                }
            }
        }
        XCTAssertEqual(instances, 36)
        // The check has something to bound: the composed policy is not optimal on these tasks.
        XCTAssertGreaterThan(largestGap, 1e-6, "π_Σ is suboptimal somewhere")
        print("Composition on \(instances) Garnet instances: largest gap \(largestGap), largest gap/D* "
              + "\(largestGapToBoundRatio), largest (Q_Σ − Q*_C)/C* \(largestOverestimateToBoundRatio)")
    }

    /// The computed `C*` and `D*` are the fixed points of the paper's backups (residual at rounding
    /// level), `Q_Σ − Q^soft_{π_Σ}` equals its derived fixed point exactly, and Lemma 1's lower bound
    /// still holds with the divergence halved (the factor the proof gives away).
    func testFixedPointsAndTheHalvedLowerBound() throws {
        var rng = SeededGenerator(seed: 42)
        for gamma in [0.6, 0.95] {
            let (first, second) = try garnetPair(try Garnet(states: 7, actions: 3, branching: 3), discount: gamma, rng: &rng)
            let c = try SoftComposition(first: first, second: second, temperature: 0.7)
            let tol = slack(c)
            let mdp = c.composedTask, m = mdp.actionCount
            // C ← γE[αD + max C]
            let maxC = BellmanOperators.maxOverActions(c.divergenceBound, actions: m)
            let backupC = try SoftComposition.discountedNextExpectation(zip(c.divergence, maxC).map { 0.7 * $0 + $1 }, in: mdp)
            for k in backupC.indices { XCTAssertEqual(backupC[k], c.divergenceBound[k], accuracy: tol, "C* residual") }
            // D ← γE[E_{π_Σ}(C* + D)]
            let inner = policyAverage(zip(c.divergenceBound, c.policyBound).map { $0 + $1 }, under: c.composedPolicy)
            let backupD = try SoftComposition.discountedNextExpectation(inner, in: mdp)
            for k in backupD.indices { XCTAssertEqual(backupD[k], c.policyBound[k], accuracy: tol, "D* residual") }
            // Q_Σ − Q^soft_{π_Σ} = fixed point of Δ ← γE[½αD + E_{π_Σ}Δ]
            let excess = try c.averagedValueExcess()
            for k in excess.indices {
                XCTAssertEqual(c.averagedActionValue[k] - c.composedPolicyEvaluation.softActionValue[k], excess[k], accuracy: tol)
            }
            let halved = try SoftComposition.divergenceBound(divergence: c.divergence, in: mdp, temperature: 0.7, divergenceScale: 0.5)
            for k in halved.indices {
                XCTAssertEqual(halved[k], 0.5 * c.divergenceBound[k], accuracy: tol, "the bound is linear in the divergence")
                XCTAssertGreaterThanOrEqual(c.optimalComposedActionValue[k], c.averagedActionValue[k] - halved[k] - tol)
            }
        }
    }

    /// One state, two actions, γ = 0.9, α = 1, `r₁ = (1, 0)`, `r₂ = (0, 1)`, so `r_C = (½, ½)`.
    /// By hand: with one state `V*ᵢ = α log Σ_a e^{rᵢ(a)/α}/(1 − γ) = log(1 + e)/(1 − γ)`, so
    /// `Q_Σ(a) = ½ + γ log(1 + e)/(1 − γ)`, `π*₁ = (e, 1)/(1 + e)`, `π*₂ = (1, e)/(1 + e)`,
    /// `D_{1/2} = −2 log(2√e/(1 + e)) = 2 log cosh ½`; `π_Σ ∝ exp Q_Σ` is uniform, which is also
    /// `π*_C ∝ exp r_C`, so the true gap `Q*_C − Q^soft_{π_Σ}` is 0; `V*_C = (½ + log 2)/(1 − γ)`, so
    /// `Q*_C(a) = ½ + γ(½ + log 2)/(1 − γ)`;
    /// `C* = γ(D + C*)`, so `C* = γD/(1 − γ) = 18 log cosh ½`; `D* = γ(C* + D*)`, so
    /// `D* = γC*/(1 − γ) = 162 log cosh ½`. The overestimate `Q_Σ − Q*_C = γ/(1 − γ)·(log(1 + e) − log 2 − ½)
    /// = 9 log((1 + e)/(2√e)) = 9 log cosh ½ = C*/2`: the halved lower bound is tight here.
    func testOneStateCaseByHand() throws {
        let gamma = 0.9
        let first = try MDP(stateCount: 1, actionCount: 2, transitions: [1, 1], rewards: [1, 0], discount: gamma,
                            initialDistribution: [1])
        let second = try MDP(stateCount: 1, actionCount: 2, transitions: [1, 1], rewards: [0, 1], discount: gamma,
                             initialDistribution: [1])
        let c = try SoftComposition(first: first, second: second, temperature: 1)
        // Soft value iteration stops when an iterate moves by ≤ 10⁻¹³·‖Q‖∞ (‖Q‖∞ ≈ 12.3), which leaves
        // it within γ/(1−γ) = 9 times that of the fixed point: about 1.1·10⁻¹¹; tolerance 10⁻¹⁰.
        let e = M_E, logCoshHalf = log(cosh(0.5)), tol = 1e-10
        XCTAssertEqual(c.firstPolicy[0, 0], e / (1 + e), accuracy: tol)
        XCTAssertEqual(c.secondPolicy[0, 0], 1 / (1 + e), accuracy: tol)
        XCTAssertEqual(c.divergence[0], 2 * logCoshHalf, accuracy: tol)
        XCTAssertEqual(c.divergence[0], -2 * log(2 * e.squareRoot() / (1 + e)), accuracy: tol)
        for a in 0..<2 {
            XCTAssertEqual(c.averagedActionValue[a], 0.5 + gamma * log(1 + e) / (1 - gamma), accuracy: tol)
            XCTAssertEqual(c.composedPolicy[0, a], 0.5, accuracy: tol)
            XCTAssertEqual(c.optimalComposedActionValue[a], 0.5 + gamma * (0.5 + log(2)) / (1 - gamma), accuracy: tol)
            XCTAssertEqual(c.gap[a], 0, accuracy: tol)
            XCTAssertEqual(c.divergenceBound[a], 18 * logCoshHalf, accuracy: tol)
            XCTAssertEqual(c.policyBound[a], 162 * logCoshHalf, accuracy: tol)
            XCTAssertEqual(c.averagedActionValue[a] - c.optimalComposedActionValue[a], 9 * logCoshHalf, accuracy: tol)
        }
    }

    /// `D_{1/2}` equals its definition `−2 log Σ √(pq)` on random distributions, is 0 for equal ones,
    /// and for `q` within 10⁻⁶ of `p` matches its second-order form `Σ (√p − √q)²` to 10⁻⁵ relative,
    /// where the textbook sum has cancelled to a few digits.
    func testRenyiDivergenceOfOrderOneHalf() {
        var rng = SeededGenerator(seed: 12)
        for _ in 0..<20 {
            let p = (0..<5).map { _ in -log(rng.nextOpenUniform()) }, q = (0..<5).map { _ in -log(rng.nextOpenUniform()) }
            let sp = p.reduce(0, +), sq = q.reduce(0, +)
            let pn = p.map { $0 / sp }, qn = q.map { $0 / sq }
            let definition = -2 * log(zip(pn, qn).reduce(0) { $0 + ($1.0 * $1.1).squareRoot() })
            XCTAssertEqual(renyiDivergenceOfOrderOneHalf(pn, qn), definition, accuracy: 1e-14)
            XCTAssertEqual(renyiDivergenceOfOrderOneHalf(pn, pn), 0)
            let near = zip(pn, (0..<5).map { _ in 1e-6 * rng.nextGaussian() }).map { $0 * (1 + $1) }
            let sn = near.reduce(0, +)
            let nearNormalised = near.map { $0 / sn }
            let secondOrder = zip(pn, nearNormalised).reduce(0) { sum, pair in
                let difference = pair.0.squareRoot() - pair.1.squareRoot()
                return sum + difference * difference
            }
            XCTAssertEqual(renyiDivergenceOfOrderOneHalf(pn, nearNormalised), secondOrder, accuracy: 1e-5 * secondOrder)
        }
        XCTAssertEqual(renyiDivergenceOfOrderOneHalf([1, 0], [0, 1]), .infinity)
    }

    /// The composed task's rewards are the average, and tasks that differ in more than their rewards
    /// are refused with an error naming them; identical tasks compose with zero divergence and bounds.
    func testComposedTaskAndIdenticalTasks() throws {
        var rng = SeededGenerator(seed: 3)
        let (first, second) = try garnetPair(try Garnet(states: 4, actions: 2, branching: 2), discount: 0.8, rng: &rng)
        let composed = try SoftComposition.composedTask(first, second)
        for k in composed.rewards.indices { XCTAssertEqual(composed.rewards[k], 0.5 * (first.rewards[k] + second.rewards[k])) }
        let other = try first.withDiscount(0.7)
        XCTAssertThrowsError(try SoftComposition.composedTask(first, other)) { error in
            XCTAssertTrue("\(error)".contains("constituent tasks"))
        }
        XCTAssertThrowsError(try SoftComposition(first: first, second: second, temperature: 0))
        let same = try SoftComposition(first: first, second: first, temperature: 1)
        XCTAssertEqual(same.divergence.max()!, 0)
        XCTAssertEqual(same.divergenceBound.max()!, 0)
        XCTAssertEqual(same.policyBound.max()!, 0)
        for k in same.gap.indices { XCTAssertEqual(same.gap[k], 0, accuracy: 1e-9) }
    }
}
