import XCTest
@testable import ExperimentKit

final class NelderMeadTests: XCTestCase {
    func testFindsTheMinimumOfAQuadratic() {
        let target = [1.0, -2, 3, 0.5]
        let r = NelderMead(maxEvaluations: 5000, tolerance: 1e-14).minimize({ x in
            zip(x, target).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        }, from: [0, 0, 0, 0], step: 1)
        for (x, t) in zip(r.point, target) { XCTAssertEqual(x, t, accuracy: 1e-5) }
        XCTAssertLessThanOrEqual(r.evaluations, 5000 + 4)
    }

    func testRosenbrockValley() {
        let r = NelderMead(maxEvaluations: 20000, tolerance: 1e-16).minimize({ x in
            100 * (x[1] - x[0] * x[0]) * (x[1] - x[0] * x[0]) + (1 - x[0]) * (1 - x[0])
        }, from: [-1.2, 1], step: 0.5)
        XCTAssertEqual(r.point[0], 1, accuracy: 1e-4)
        XCTAssertEqual(r.point[1], 1, accuracy: 1e-4)
    }

    func testNaNIsTreatedAsInfinity() {
        let r = NelderMead(maxEvaluations: 2000).minimize({ x in x[0] < 0 ? .nan : (x[0] - 2) * (x[0] - 2) },
                                                           from: [5], step: 1)
        XCTAssertEqual(r.point[0], 2, accuracy: 1e-4)
    }
}
