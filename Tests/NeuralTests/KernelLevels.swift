import CKernels
import XCTest

/// The levels of the C kernels this CPU can run (0 portable, 1 AVX2+FMA, 2 AVX-512).
var availableLevels: [Int32] {
    let top = ck_limit_vector_level(2)
    return Array(0...top)
}

/// Runs `body` with the kernels capped at each available level and returns its results.
func atEveryLevel<T>(_ body: () -> T) -> [(level: Int32, result: T)] {
    defer { ck_limit_vector_level(2) }
    return availableLevels.map { level in
        XCTAssertEqual(ck_limit_vector_level(level), level)
        return (level, body())
    }
}
