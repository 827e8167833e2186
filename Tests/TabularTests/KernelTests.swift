import CKernels
import ExperimentKit
import XCTest
@testable import Tabular

/// The LU's trailing-update kernel gives the same bits on every CPU (no fused multiply-add; the
/// AVX2 variant only evaluates several columns at once), so results do not depend on the machine.
final class KernelTests: XCTestCase {
    func testDispatchedKernelMatchesPortableKernelBitwise() {
        var rng = SeededGenerator(seed: 8)
        for n in [9, 16, 37, 100] {
            let original = (0..<(n * n)).map { _ in rng.nextGaussian() }
            var dispatched = original, portable = original
            dispatched.withUnsafeMutableBufferPointer { ck_lu_rank8_update($0.baseAddress!, n, 0, 8, n, 8) }
            portable.withUnsafeMutableBufferPointer { ck_lu_rank8_update_portable($0.baseAddress!, n, 0, 8, n, 8) }
            XCTAssertEqual(dispatched.map(\.bitPattern), portable.map(\.bitPattern), "n = \(n)")
            XCTAssertNotEqual(dispatched, original)
        }
        print("ck_lu_rank8_update uses AVX2: \(ck_lu_rank8_uses_avx2() == 1)")
    }

    func testKernelComputesTheRankEightUpdate() {
        // a[i][j] −= Σ_p a[i][p]·a[p][j] for i, j ≥ 8, against a plain triple loop.
        var rng = SeededGenerator(seed: 9)
        let n = 13
        let a = (0..<(n * n)).map { _ in rng.nextGaussian() }
        var b = a
        b.withUnsafeMutableBufferPointer { ck_lu_rank8_update($0.baseAddress!, n, 0, 8, n, 8) }
        for i in 8..<n {
            for j in 8..<n {
                var expected = a[i * n + j], magnitude = abs(a[i * n + j])
                for p in 0..<8 { expected -= a[i * n + p] * a[p * n + j]; magnitude += abs(a[i * n + p] * a[p * n + j]) }
                // Two summation orders of 9 terms differ by at most about 2·9·u·Σ|terms|.
                XCTAssertEqual(b[i * n + j], expected, accuracy: 18 * (Double.ulpOfOne / 2) * magnitude)
            }
        }
        XCTAssertEqual(Array(b[0..<(8 * n)]), Array(a[0..<(8 * n)]), "pivot rows are untouched")
    }
}
