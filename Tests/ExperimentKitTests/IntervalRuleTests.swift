import ExperimentKit
import OutputKit
import XCTest

/// Comparative verdicts come from intervals: the rule's three outcomes on hand-made intervals.
final class IntervalRuleTests: XCTestCase {
    func testAboveRuleConfirmsRefutesOrLeavesOpen() {
        let rule = IntervalRule(quantity: "P(X > Y)", threshold: 0.5, side: .above)
        XCTAssertEqual(rule.verdict(lower: 0.55, upper: 0.9), .confirmed)
        XCTAssertEqual(rule.verdict(lower: 0.1, upper: 0.45), .refuted)
        XCTAssertEqual(rule.verdict(lower: 0.1, upper: 0.5), .refuted, "an interval ending at the threshold excludes 'above'")
        XCTAssertEqual(rule.verdict(lower: 0.4, upper: 0.7), .inconclusive)
        XCTAssertEqual(rule.verdict(lower: 0.5, upper: 0.7), .inconclusive, "0.5 itself is not above 0.5")
        XCTAssertEqual(rule.verdict(lower: .nan, upper: 0.7), .inconclusive)
    }

    func testAtMostRule() {
        let rule = IntervalRule(quantity: "gap", threshold: 0.1, side: .atMost)
        XCTAssertEqual(rule.verdict(lower: -0.3, upper: 0.1), .confirmed)
        XCTAssertEqual(rule.verdict(lower: 0.11, upper: 0.4), .refuted)
        XCTAssertEqual(rule.verdict(lower: 0.05, upper: 0.2), .inconclusive)
    }

    /// The sentence is rendered from the rule's own threshold, so code and prose cannot drift apart.
    func testStatementStatesTheThreshold() {
        let rule = IntervalRule(quantity: "gap", threshold: 0.1, side: .atMost)
        XCTAssertEqual(rule.statement, "confirmed if the 95% interval of gap lies at or below 0.1, refuted if it lies above 0.1, inconclusive if it straddles 0.1")
    }

    func testAllOfSeveralComparisons() {
        XCTAssertEqual(IntervalRule.all([.confirmed, .confirmed]), .confirmed)
        XCTAssertEqual(IntervalRule.all([.confirmed, .inconclusive]), .inconclusive)
        XCTAssertEqual(IntervalRule.all([.confirmed, .inconclusive, .refuted]), .refuted)
        XCTAssertEqual(IntervalRule.all([]), .inconclusive)
    }
}
