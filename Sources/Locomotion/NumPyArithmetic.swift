import Foundation

/// The few NumPy reductions Gymnasium's MuJoCo tasks use, in NumPy's own order of operations, so
/// that rewards and observations come out with the same bits as Gymnasium's (NumPy 2.x; checked
/// against `np.sum`, `np.dot` and `np.einsum` on random data and by the Gymnasium replay tests).
enum NumPyArithmetic {
    /// `np.sum(x)` for a contiguous array: NumPy's pairwise summation. Below 8 elements a plain
    /// loop from 0; up to 128, eight running sums combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)),
    /// then the remainder added in order; beyond, the two halves (the first a multiple of 8 long)
    /// recursively. The arithmetic is `T`'s (float32 sums stay in float32, as NumPy's do).
    static func sum<T: BinaryFloatingPoint>(_ x: ArraySlice<T>) -> T {
        let n = x.count, base = x.startIndex
        if n < 8 {
            var result: T = 0
            for value in x { result += value }
            return result
        }
        if n <= 128 {
            var r = Array(x[base..<(base + 8)])
            var i = 8
            while i < n - n % 8 {
                for j in 0..<8 { r[j] += x[base + i + j] }
                i += 8
            }
            var result = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
            while i < n {
                result += x[base + i]
                i += 1
            }
            return result
        }
        var half = n / 2
        half -= half % 8
        return sum(x[base..<(base + half)]) + sum(x[(base + half)...])
    }

    /// `np.sum(np.square(x))`.
    static func sumOfSquares<T: BinaryFloatingPoint>(_ x: [T]) -> T {
        sum(x.map { $0 * $0 }[...])
    }

    /// `np.linalg.norm(v)` of a float64 vector: √(v·v) with the dot product as the BLAS kernel
    /// NumPy calls computes it for short vectors, fused multiply-adds in order.
    static func norm(_ v: [Double]) -> Double {
        var dot = v[0] * v[0]
        for x in v.dropFirst() { dot = dot.addingProduct(x, x) }  // fused: x·x + dot, one rounding
        return dot.squareRoot()
    }
}
