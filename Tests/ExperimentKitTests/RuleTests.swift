import ExperimentKit
import OutputKit
import XCTest

/// The suite's verdict rules on hand-made data: each outcome, and the sentence each renders from
/// its own thresholds.
final class RuleTests: XCTestCase {
    func testEveryInstanceRuleIsRefutedByOneInstance() {
        let rule = EveryInstanceRule(quantity: "error/bound", limit: 1)
        XCTAssertEqual(rule.verdict([0.2, 0.999, 1]), .confirmed, "the limit itself satisfies ≤")
        XCTAssertEqual(rule.verdict([0.2, 1.0000001, 0.5]), .refuted)
        XCTAssertEqual(rule.worstIndex([0.2, 1.5, 0.5]), 1)
        XCTAssertEqual(rule.verdict([0.2, .nan]), .refuted, "a NaN instance is not evidence for the claim")
        XCTAssertEqual(rule.worstIndex([0.2, .nan, 3]), 1)
        XCTAssertEqual(rule.verdict([]), .inconclusive)
        let atLeast = EveryInstanceRule(quantity: "ΔJ/tolerance", limit: -1, side: .atLeast)
        XCTAssertEqual(atLeast.verdict([-1, 0, 5]), .confirmed)
        XCTAssertEqual(atLeast.verdict([-1.01, 0]), .refuted)
        XCTAssertEqual(atLeast.worstIndex([3, -0.5, 2]), 1)
        XCTAssertEqual(atLeast.verdict(violations: 0, of: 10), .confirmed)
        XCTAssertEqual(atLeast.verdict(violations: 1, of: 10), .refuted)
        XCTAssertEqual(atLeast.verdict(violations: 0, of: 0), .inconclusive)
    }

    func testEveryInstanceRuleStatement() {
        XCTAssertEqual(EveryInstanceRule(quantity: "ratio", limit: 1 + 1e-12, limitText: "1 + 10⁻¹²").statement,
                       "confirmed if every ratio ≤ 1 + 10⁻¹² (no counterexample among the instances examined), "
                       + "refuted by any instance with ratio > 1 + 10⁻¹²")
    }

    func testSomeInstanceRuleNeedsOneWitness() {
        let rule = SomeInstanceRule(quantity: "ΔJ/tolerance", limit: -1, side: .below)
        XCTAssertEqual(rule.verdict([0, 3, -1]), .inconclusive, "−1 itself is not below −1")
        XCTAssertEqual(rule.verdict([0, -1.5]), .confirmed)
        XCTAssertEqual(rule.statement, "confirmed by any instance with ΔJ/tolerance < −1; inconclusive if none of the instances examined has one")
    }

    func testRangeRule() {
        let rule = RangeRule(quantity: "slope", lower: -0.6, upper: -0.4)
        XCTAssertEqual(rule.verdict([-0.5, -0.41, -0.6]), .confirmed)
        XCTAssertEqual(rule.verdict([-0.5, -0.39]), .refuted)
        XCTAssertEqual(rule.verdict([.nan]), .refuted)
        XCTAssertEqual(rule.statement, "confirmed if every slope lies in [−0.6, −0.4], refuted otherwise")
    }

    func testPerSettingCombination() {
        XCTAssertEqual(PerSetting([("γ = 0.5", .confirmed), ("γ = 0.9", .confirmed)]).verdict, .confirmed)
        let mixed = PerSetting([("γ = 0.5", .confirmed), ("γ = 0.8", .inconclusive), ("γ = 0.9", .refuted)])
        XCTAssertEqual(mixed.verdict, .partlyConfirmed)
        XCTAssertEqual(mixed.summary, "holds at γ = 0.5; fails at γ = 0.9; undecided at γ = 0.8")
        XCTAssertEqual(PerSetting([("γ = 0.5, N = 10", .confirmed), ("γ = 0.9, N = 10", .refuted)]).summary,
                       "holds at (γ = 0.5, N = 10); fails at (γ = 0.9, N = 10)")
        XCTAssertEqual(PerSetting([("a", .refuted), ("b", .inconclusive)]).verdict, .refuted)
        XCTAssertEqual(PerSetting([("a", .confirmed), ("b", .inconclusive)]).verdict, .inconclusive)
        XCTAssertEqual(PerSetting([]).verdict, .inconclusive)
    }

    func testFractionVerdictUsesTheWilsonInterval() {
        let most = IntervalRule(quantity: "the fraction", threshold: 0.5, side: .above)
        XCTAssertEqual(most.verdict(successes: 300, n: 300), .confirmed)
        XCTAssertEqual(most.verdict(successes: 0, n: 300), .refuted)
        // 11 of 20: the Wilson interval [0.34, 0.74] straddles one half.
        XCTAssertEqual(most.verdict(successes: 11, n: 20), .inconclusive)
        XCTAssertEqual(most.verdict(successes: 0, n: 0), .inconclusive)
    }

    func testRuleNumbersPrintPowersOfTen() {
        XCTAssertEqual(RuleNumber.text(1e-12), "10⁻¹²")
        XCTAssertEqual(RuleNumber.text(1e6), "10⁶")
        XCTAssertEqual(RuleNumber.text(-0.4), "−0.4")
        XCTAssertEqual(RuleNumber.text(0.5), "0.5")
        XCTAssertEqual(RuleNumber.text(2e-12), "2e−12")
    }
}
