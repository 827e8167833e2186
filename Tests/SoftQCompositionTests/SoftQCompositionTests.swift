import ExperimentCLI
import ExperimentKit
import Foundation
import Neural
import OutputKit
import Tabular
import XCTest
@testable import soft_q_composition

/// C19: soft Q-learning's composability (Haarnoja et al. 2018, ICRA, Lemma 1 and Theorem 1) and its
/// amortised SVGD sampler (Haarnoja et al. 2017).
final class SoftQCompositionTests: XCTestCase {
    /// Same seed and profile, same bytes, whatever the thread count.
    func testSmokeRunIsIdenticalAcrossThreadCounts() throws {
        let differing = try SoftQCompositionExperiment.filesDifferingAcrossThreadCounts(.forProfile(.smoke), masterSeed: 7)
        XCTAssertEqual(differing, [])
    }

    /// C19.6's counterexample: the lecture's soft Bellman equation as written (no γ, no π weights) is far
    /// from satisfied by the exact soft action value, which the corrected equation satisfies to rounding.
    func testNotesSoftBellmanCounterexampleReplays() throws {
        let cell = CompositionPart.Cell(shape: try Garnet(states: 4, actions: 2, branching: 2), gamma: 0.5, alpha: 1, pair: .independent, index: 0)
        let outcome = try CompositionPart.run(cell, masterSeed: 20260521)
        let json = try XCTUnwrap(outcome.witness).json()
        let w = try JSONDecoder().decode(CompositionPart.BellmanWitness.self, from: Data(json.utf8))
        let mdp = try MDP(stateCount: w.stateCount, actionCount: w.actionCount, transitions: w.transitions, rewards: w.rewards,
                          discount: w.discount, initialDistribution: [Double](repeating: 1 / Double(w.stateCount), count: w.stateCount))
        let policy = try TabularPolicy(stateCount: w.stateCount, actionCount: w.actionCount, probabilities: w.policy)
        let q = try SoftPolicyEvaluation(policy: policy, in: mdp, temperature: w.temperature).softActionValue
        for k in q.indices { XCTAssertEqual(q[k], w.softActionValue[k], accuracy: 1e-9 * max(1, abs(q[k]))) }
        let notes = CompositionPart.notesSoftBellman(q, policy: policy, in: mdp, temperature: w.temperature)
        let corrected = SoftBellman.backup(q, policy: policy, in: mdp, temperature: w.temperature)
        XCTAssertGreaterThan(zip(notes, q).map { abs($0 - $1) }.max()!, 1e-3)
        XCTAssertLessThan(zip(corrected, q).map { abs($0 - $1) }.max()!, 1e-9 * q.map(abs).max()!)
    }

    /// The halved lower bound is tight: one state, two actions, r₁ = (1, 0), r₂ = (0, 1), where
    /// Q_Σ − Q*_C = C*/2 exactly (see CompositionTests.testOneStateCaseByHand), so the ratio the
    /// search maximises reaches ½ for C19.2 and 1 for C19.4 — within rounding, not beyond.
    func testMeasuresOnTheTightOneStateCase() throws {
        let first = try MDP(stateCount: 1, actionCount: 2, transitions: [1, 1], rewards: [1, 0], discount: 0.9, initialDistribution: [1])
        let second = try MDP(stateCount: 1, actionCount: 2, transitions: [1, 1], rewards: [0, 1], discount: 0.9, initialDistribution: [1])
        let (m, _) = try CompositionPart.measure(first: first, second: second, alpha: 1, label: "one state")
        XCTAssertEqual(m.lowerRatio, 0.5, accuracy: 1e-6)
        XCTAssertEqual(m.halvedRatio, 1, accuracy: 1e-6)
        XCTAssertLessThanOrEqual(m.halvedRatio, 1)
        XCTAssertLessThanOrEqual(m.upperViolation, 1)
        XCTAssertEqual(m.gap, 0, accuracy: 1e-9)   // π_Σ is uniform, which is π*_C
    }

    /// The Rényi divergence of order ½ for nearly disjoint policies agrees with its log-domain form
    /// D_½(softmax x ‖ softmax y) = log Σe^x + log Σe^y − 2 log Σe^{(x+y)/2} (the case that broke C19.4
    /// by 3·10⁻⁹ relative before the coefficient was summed directly).
    func testRenyiDivergenceForNearlyDisjointPolicies() {
        for (x, y) in [([0.0, -44], [-44.0, 0]), ([0.0, -20, -30], [-25.0, 0, -3]), ([0.0, -700], [-700.0, 0])] {
            func lse(_ v: [Double]) -> Double { let t = v.max()!; return t + log(v.reduce(0) { $0 + exp($1 - t) }) }
            let p = x.map { exp($0 - lse(x)) }, q = y.map { exp($0 - lse(y)) }
            let exact = lse(x) + lse(y) - 2 * lse(zip(x, y).map { ($0 + $1) / 2 })
            XCTAssertEqual(renyiDivergenceOfOrderOneHalf(p, q), exact, accuracy: 1e-12 * exact)
        }
    }

    /// The α → 0 limit: with deterministic composition on one state the disagreement Δ is
    /// ½(max r₁ + max r₂)/(1−γ)·… by hand: r₁ = (1, 0), r₂ = (0, 1), γ = 0.5: Q*ᵢ = rᵢ + γ·1/(1−γ) = rᵢ + 1,
    /// Q_Σ = (1.5, 1.5), Δ = ½(2 + 2) − 1.5 = ½, C*₀ = γ(2Δ + C*₀) → C*₀ = 1, Q*_C = ½ + γ·½/(1−γ) = 1,
    /// so Q_Σ − Q*_C = ½ = C*₀/2, and the greedy policy (action 0) is optimal: gap 0.
    func testHardCompositionByHand() throws {
        let first = try MDP(stateCount: 1, actionCount: 2, transitions: [1, 1], rewards: [1, 0], discount: 0.5, initialDistribution: [1])
        let second = try MDP(stateCount: 1, actionCount: 2, transitions: [1, 1], rewards: [0, 1], discount: 0.5, initialDistribution: [1])
        let h = try HardComposition(first: first, second: second)
        XCTAssertEqual(h.disagreement[0], 0.5, accuracy: 1e-12)
        for k in 0..<2 {
            XCTAssertEqual(h.averagedActionValue[k], 1.5, accuracy: 1e-12)
            XCTAssertEqual(h.divergenceBound[k], 1, accuracy: 1e-12)
            XCTAssertEqual(h.optimalComposedActionValue[k], 1, accuracy: 1e-12)
            XCTAssertEqual(h.gap[k], 0, accuracy: 1e-12)
        }
    }

    /// The sliced distance: in 1-D the 1-Wasserstein distance between a sample and atoms, by hand.
    func testWassersteinByHand() {
        // sample {0, 1} against a point mass at ½: ∫|F_n − F| = ½·½ + ½·½ = ½.
        XCTAssertEqual(SlicedWasserstein.wasserstein1(sample: [0, 1], sortedAtoms: [0.5], weights: [1]), 0.5, accuracy: 1e-15)
        // identical supports and weights: 0.
        XCTAssertEqual(SlicedWasserstein.wasserstein1(sample: [0.2, 0.7], sortedAtoms: [0.2, 0.7], weights: [3, 3]), 0, accuracy: 1e-15)
        // a shift by t: t.
        XCTAssertEqual(SlicedWasserstein.wasserstein1(sample: [0.3, 1.3], sortedAtoms: [0, 1], weights: [1, 1]), 0.3, accuracy: 1e-15)
    }

    /// The lattice multigoal task: the published reward (−30‖a‖² − min‖x' − g‖², +10 at a goal), absorbing goals.
    func testMultigoalLattice() throws {
        let mdp = try MultigoalLattice.task(goalIndices: [0, 1, 2, 3], discount: 0.9)
        let s = MultigoalLattice.state(4, 0), m = MultigoalLattice.actions.count
        let right = MultigoalLattice.actions.firstIndex { $0 == (1, 0) }!, stay = MultigoalLattice.actions.firstIndex { $0 == (0, 0) }!
        XCTAssertEqual(mdp.reward(s, right), -30 + 10)
        XCTAssertEqual(mdp.reward(s, stay), -1)
        XCTAssertEqual(mdp.transition(s, right, MultigoalLattice.absorbingState), 1)
        let corner = MultigoalLattice.state(7, 7), diagonal = MultigoalLattice.actions.firstIndex { $0 == (1, 1) }!
        XCTAssertEqual(mdp.transition(corner, diagonal, corner), 1)   // clipped at the boundary
        XCTAssertEqual(mdp.reward(corner, diagonal), -60 - 53)       // nearest goal (5,0) or (0,5): 4 + 49
        XCTAssertEqual(m, 9)
    }

    /// Verdict rules on hand-made data: the sampler rule and the every-instance bound rule.
    func testRulesOnHandMadeData() {
        let rule = IntervalRule(quantity: "ratio", threshold: 2, side: .atMost)
        XCTAssertEqual(rule.verdict(lower: 0.8, upper: 1.9), .confirmed)
        XCTAssertEqual(rule.verdict(lower: 2.1, upper: 3), .refuted)
        XCTAssertEqual(rule.verdict(lower: 1.5, upper: 2.5), .inconclusive)
        let bound = EveryInstanceRule(quantity: "gap/bound", limit: 1)
        XCTAssertEqual(bound.verdict([0.2, 0.99]), .confirmed)
        XCTAssertEqual(bound.verdict([0.2, 1.0000001]), .refuted)
        var config = Configuration.forProfile(.smoke)
        config.matchRatio = 2
        let floors = [SamplerPart.Floor(setting: .init(energy: 0, alpha: 1), evaluation: [1, 1], particles: [1, 1], exactPositiveMass: 0.9)]
        let good = (0..<4).map { SamplerPart.Run(setting: .init(energy: 0, alpha: 1), seed: $0, samplerDistance: 1, svgdDistance: 5,
                                                  initialDistance: 9, samplerPositiveMass: 0.9, svgdPositiveMass: 0.9) }
        let f = Findings(config: config, masterSeed: 1, garnets: [], searches: [], floors: floors, runs: good, multigoal: [], continuous: [])
        XCTAssertEqual(f.verdicts.first { $0.id == "C19.7" }?.verdict, .confirmed)
        XCTAssertEqual(f.verdicts.first { $0.id == "C19.8" }?.verdict, .refuted)
    }
}
