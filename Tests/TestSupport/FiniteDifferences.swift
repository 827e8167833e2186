import XCTest

/// Central finite differences (f(x + h eᵢ) − f(x − h eᵢ)) / 2h for every coordinate of x.
/// With h = 10⁻⁶ the truncation error is O(h²·f‴) ≈ 10⁻¹² and the rounding error O(u·|f|/h) ≈ 10⁻¹⁰.
public func centralDifferences(_ x: [Double], h: Double = 1e-6, _ f: ([Double]) -> Double) -> [Double] {
    var x = x
    return x.indices.map { i in
        let saved = x[i]
        x[i] = saved + h
        let up = f(x)
        x[i] = saved - h
        let down = f(x)
        x[i] = saved
        return (up - down) / (2 * h)
    }
}

/// Asserts |analytic − numeric| ≤ atol + rtol·|numeric| for every coordinate, naming the first that
/// fails. The defaults (10⁻⁸, 10⁻⁷) sit about two orders above the finite differences' own error.
public func assertGradientsAgree(_ analytic: [Double], _ numeric: [Double], atol: Double = 1e-8, rtol: Double = 1e-7,
                          _ what: String, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(analytic.count, numeric.count, what, file: file, line: line)
    for i in analytic.indices {
        let error = abs(analytic[i] - numeric[i])
        if error > atol + rtol * abs(numeric[i]) {
            XCTFail("\(what): coordinate \(i): analytic \(analytic[i]) vs finite differences \(numeric[i])", file: file, line: line)
            return
        }
    }
}
