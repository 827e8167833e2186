import OutputKit
import XCTest
@testable import ExperimentKit

final class StatisticsTests: XCTestCase {
    func testQuantileIsType7() {
        // R: quantile(c(1,2,3,4,10), c(.25,.5,.9)) = 2, 3, 7.6
        let x = [10.0, 1, 3, 2, 4]
        XCTAssertEqual(Statistics.quantile(x, 0.25), 2)
        XCTAssertEqual(Statistics.median(x), 3)
        XCTAssertEqual(Statistics.quantile(x, 0.9), 7.6, accuracy: 1e-12)
    }

    func testNormalQuantile() {
        XCTAssertEqual(Statistics.normalQuantile(0.975), Statistics.z95, accuracy: 1e-12)
        XCTAssertEqual(Statistics.normalQuantile(0.5), 0, accuracy: 1e-14)
        XCTAssertEqual(Statistics.normalQuantile(0.995), 2.5758293035489004, accuracy: 1e-12)
    }

    func testWilsonIntervalMatchesTheClosedForm() {
        // 35 of 40 at 95%: the Wilson formula evaluated independently in Python gives [0.738879, 0.945405].
        let w = Statistics.wilsonInterval(successes: 35, n: 40)
        XCTAssertEqual(w.lower, 0.738878801611489, accuracy: 1e-6)
        XCTAssertEqual(w.upper, 0.945404997490546, accuracy: 1e-6)
        let all = Statistics.wilsonInterval(successes: 40, n: 40)
        XCTAssertEqual(all.upper, 1, accuracy: 4 * Double.ulpOfOne)   // exactly 1 in exact arithmetic
    }

    func testSlopeAndVariance() {
        XCTAssertEqual(Statistics.slope(x: [0, 1, 2, 3], y: [1, 3, 5, 7]), 2, accuracy: 1e-15)
        XCTAssertEqual(Statistics.variance([1, 2, 3, 4]), 5.0 / 3, accuracy: 1e-15)
    }

    func testLaTeXNumberFormatting() {
        XCTAssertEqual(LaTeXMacros.format(5.006e-13), "5.01\\times10^{-13}")
        XCTAssertEqual(LaTeXMacros.format(0.925), "0.925")
        XCTAssertEqual(LaTeXMacros.format(1999.4), "1999")
        XCTAssertEqual(LaTeXMacros.formatInteger(12345), "12\\,345")
    }
}
