import CKernels
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

    /// Columns per panel of the blocked factorisation.
    public static let blockSize = 8

    /// Factorises `matrix` (`n × n`, row-major). Throws `NumericalError` on a zero pivot.
    ///
    /// Blocked right-looking LU, as LAPACK's `dgetrf`: for each panel of `b = 8` columns,
    /// (1) factorise the panel with partial pivoting, swapping whole rows; (2) solve
    /// `L₁₁ U₁₂ = A₁₂` for the panel's block row; (3) update the trailing matrix
    /// `A₂₂ ← A₂₂ − L₂₁ U₁₂` as one rank-`b` product, so each trailing entry is loaded and
    /// stored once per panel instead of once per pivot. Pivot choices are those of the
    /// unblocked algorithm; only the order of the trailing sums differs.
    public init(matrix: consuming [Double], dimension n: Int) throws {
        precondition(matrix.count == n * n, "matrix must have n² entries")
        var factors = consume matrix   // moved, not copied, when the caller passes its last use
        var pivots = Array(0..<n)
        var zeroPivot: Int? = nil
        let nb = LUDecomposition.blockSize
        factors.withUnsafeMutableBufferPointer { buffer in
            let a = buffer.baseAddress!
            for k0 in stride(from: 0, to: n, by: nb) {
                let panelEnd = min(k0 + nb, n)
                // (1) Panel: columns k0..<panelEnd, rows k0..<n.
                for k in k0..<panelEnd {
                    var p = k, largest = abs(a[k * n + k])
                    for i in (k + 1)..<max(k + 1, n) where abs(a[i * n + k]) > largest {
                        largest = abs(a[i * n + k]); p = i
                    }
                    pivots[k] = p
                    if largest == 0 { zeroPivot = k; return }
                    if p != k {
                        for j in 0..<n { swap(&a[k * n + j], &a[p * n + j]) }
                    }
                    let inversePivot = 1 / a[k * n + k]
                    for i in (k + 1)..<max(k + 1, n) {
                        let l = a[i * n + k] * inversePivot
                        a[i * n + k] = l
                        for j in (k + 1)..<max(k + 1, panelEnd) { a[i * n + j] -= l * a[k * n + j] }
                    }
                }
                if panelEnd == n { break }
                // (2) U₁₂: forward substitution with the unit lower triangle of the panel.
                for k in k0..<panelEnd {
                    for i in (k + 1)..<max(k + 1, panelEnd) {
                        let l = a[i * n + k]
                        let rowI = a + i * n, rowK = a + k * n
                        for j in panelEnd..<n { rowI[j] -= l * rowK[j] }
                    }
                }
                // (3) A₂₂ ← A₂₂ − L₂₁ U₁₂ (ck_lu_rank8_update for full panels; see CKernels).
                if panelEnd - k0 == nb {
                    ck_lu_rank8_update(a, n, k0, panelEnd, n, panelEnd)
                } else {
                    for i in panelEnd..<n {
                        let rowI = a + i * n
                        for p in k0..<panelEnd {
                            let l = rowI[p], rowP = a + p * n
                            for j in panelEnd..<n { rowI[j] -= l * rowP[j] }
                        }
                    }
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
                let a = a.baseAddress!, x = x.baseAddress!
                for i in 0..<n {                       // L y = P b (unit diagonal)
                    x[i] -= dot(a + i * n, x, count: i)
                }
                for i in stride(from: n - 1, through: 0, by: -1) {   // U x = y
                    let row = a + i * n
                    x[i] = (x[i] - dot(row + i + 1, x + i + 1, count: n - 1 - i)) / row[i]
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
