import ExperimentKit

/// Dense LU factorisation with partial (row) pivoting, `P·M = L·U`, of a square row-major matrix.
///
/// `L` is unit lower triangular and stored below the diagonal of `factors`, `U` on and above it;
/// `pivots[k]` is the row swapped with row `k` at step `k`. One factorisation serves both
/// `M x = b` and `Mᵀ y = c`, which exact policy evaluation needs for `V_π` and `d^π` (so each
/// evaluation factorises once). Inner loops run over contiguous rows so the compiler vectorises them.
public struct LUDecomposition: Sendable {
    public let dimension: Int
    public private(set) var factors: [Double]
    public private(set) var pivots: [Int]

    /// Factorises `matrix` (`n × n`, row-major). Throws `NumericalError` on a zero pivot.
    public init(matrix: [Double], dimension n: Int) throws {
        precondition(matrix.count == n * n, "matrix must have n² entries")
        var factors = matrix
        var pivots = Array(0..<n)
        var zeroPivot: Int? = nil
        factors.withUnsafeMutableBufferPointer { a in
            for k in 0..<n {
                var p = k, largest = abs(a[k * n + k])
                for i in (k + 1)..<max(k + 1, n) where abs(a[i * n + k]) > largest {
                    largest = abs(a[i * n + k]); p = i
                }
                pivots[k] = p
                if largest == 0 { zeroPivot = k; return }
                if p != k {
                    for j in 0..<n { a.swapAt(k * n + j, p * n + j) }
                }
                let inversePivot = 1 / a[k * n + k]
                for i in (k + 1)..<max(k + 1, n) {
                    let l = a[i * n + k] * inversePivot
                    a[i * n + k] = l
                    if l == 0 { continue }
                    let rowI = a.baseAddress! + i * n, rowK = a.baseAddress! + k * n
                    for j in (k + 1)..<n { rowI[j] -= l * rowK[j] }
                }
            }
        }
        if let k = zeroPivot { throw NumericalError("singular matrix: zero pivot in column \(k)") }
        self.dimension = n
        self.factors = factors
        self.pivots = pivots
    }

    /// The solution of `M x = b`.
    public func solve(_ b: [Double]) -> [Double] {
        let n = dimension
        precondition(b.count == n)
        var x = b
        for k in 0..<n where pivots[k] != k { x.swapAt(k, pivots[k]) }
        factors.withUnsafeBufferPointer { a in
            x.withUnsafeMutableBufferPointer { x in
                for i in 0..<n {                       // L y = P b (unit diagonal)
                    var s = x[i]
                    let row = a.baseAddress! + i * n
                    for j in 0..<i { s -= row[j] * x[j] }
                    x[i] = s
                }
                for i in stride(from: n - 1, through: 0, by: -1) {   // U x = y
                    var s = x[i]
                    let row = a.baseAddress! + i * n
                    for j in (i + 1)..<max(i + 1, n) { s -= row[j] * x[j] }
                    x[i] = s / row[i]
                }
            }
        }
        return x
    }

    /// The solution of `Mᵀ y = c`: with `P M = L U`, `Mᵀ = Uᵀ Lᵀ P`, so solve `Uᵀ z = c`,
    /// then `Lᵀ w = z`, then undo the row swaps, `y = Pᵀ w`.
    public func solveTransposed(_ c: [Double]) -> [Double] {
        let n = dimension
        precondition(c.count == n)
        var y = c
        factors.withUnsafeBufferPointer { a in
            y.withUnsafeMutableBufferPointer { y in
                for i in 0..<n {                       // Uᵀ z = c, by rows of U
                    let row = a.baseAddress! + i * n
                    let zi = y[i] / row[i]
                    y[i] = zi
                    for j in (i + 1)..<max(i + 1, n) { y[j] -= row[j] * zi }
                }
                for i in stride(from: n - 1, through: 0, by: -1) {   // Lᵀ w = z, by rows of L
                    let row = a.baseAddress! + i * n
                    let wi = y[i]
                    for j in 0..<i { y[j] -= row[j] * wi }
                }
            }
        }
        for k in stride(from: n - 1, through: 0, by: -1) where pivots[k] != k { y.swapAt(k, pivots[k]) }
        return y
    }
}
