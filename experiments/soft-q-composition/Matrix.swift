import Foundation
import Tabular

/// A small dense real matrix (row-major), for the few 2×2 to 4×4 products of the linear-quadratic
/// part. Solves and determinants go through the suite's one LU factorisation (`LUDecomposition`).
struct Matrix: Sendable, Equatable {
    let rows: Int
    let columns: Int
    var entries: [Double]

    init(rows: Int, columns: Int, entries: [Double]) {
        precondition(entries.count == rows * columns, "a \(rows)×\(columns) matrix needs \(rows * columns) entries")
        self.rows = rows
        self.columns = columns
        self.entries = entries
    }

    static func zeros(_ rows: Int, _ columns: Int) -> Matrix {
        Matrix(rows: rows, columns: columns, entries: [Double](repeating: 0, count: rows * columns))
    }

    static func identity(_ n: Int) -> Matrix { diagonal([Double](repeating: 1, count: n)) }

    static func diagonal(_ d: [Double]) -> Matrix {
        var m = zeros(d.count, d.count)
        for i in d.indices { m[i, i] = d[i] }
        return m
    }

    subscript(i: Int, j: Int) -> Double {
        get { entries[i * columns + j] }
        set { entries[i * columns + j] = newValue }
    }

    var transpose: Matrix {
        var t = Matrix.zeros(columns, rows)
        for i in 0..<rows { for j in 0..<columns { t[j, i] = self[i, j] } }
        return t
    }

    var trace: Double {
        precondition(rows == columns)
        return (0..<rows).reduce(0) { $0 + self[$1, $1] }
    }

    /// `½(M + Mᵀ)`: products such as `FᵀPF` are symmetric only up to rounding.
    var symmetrised: Matrix { 0.5 * (self + transpose) }

    /// The block of rows `r` and columns `c`.
    func block(_ r: Range<Int>, _ c: Range<Int>) -> Matrix {
        var b = Matrix.zeros(r.count, c.count)
        for i in r { for j in c { b[i - r.lowerBound, j - c.lowerBound] = self[i, j] } }
        return b
    }

    /// `[[A, B], [C, D]]`.
    static func blocks(_ a: Matrix, _ b: Matrix, _ c: Matrix, _ d: Matrix) -> Matrix {
        precondition(a.rows == b.rows && c.rows == d.rows && a.columns == c.columns && b.columns == d.columns)
        var m = Matrix.zeros(a.rows + c.rows, a.columns + b.columns)
        for (part, r0, c0) in [(a, 0, 0), (b, 0, a.columns), (c, a.rows, 0), (d, a.rows, a.columns)] {
            for i in 0..<part.rows { for j in 0..<part.columns { m[r0 + i, c0 + j] = part[i, j] } }
        }
        return m
    }

    static func + (x: Matrix, y: Matrix) -> Matrix {
        precondition(x.rows == y.rows && x.columns == y.columns)
        return Matrix(rows: x.rows, columns: x.columns, entries: zip(x.entries, y.entries).map { $0 + $1 })
    }

    static func - (x: Matrix, y: Matrix) -> Matrix { x + (-1) * y }

    static func * (k: Double, x: Matrix) -> Matrix {
        Matrix(rows: x.rows, columns: x.columns, entries: x.entries.map { k * $0 })
    }

    static func * (x: Matrix, y: Matrix) -> Matrix {
        precondition(x.columns == y.rows, "cannot multiply \(x.rows)×\(x.columns) by \(y.rows)×\(y.columns)")
        var p = Matrix.zeros(x.rows, y.columns)
        for i in 0..<x.rows { for k in 0..<x.columns { for j in 0..<y.columns { p[i, j] += x[i, k] * y[k, j] } } }
        return p
    }

    static func * (x: Matrix, v: [Double]) -> [Double] {
        precondition(x.columns == v.count)
        return (0..<x.rows).map { i in (0..<x.columns).reduce(0) { $0 + x[i, $1] * v[$1] } }
    }

    /// `M⁻¹`, column by column from one LU factorisation. Throws on a singular matrix.
    func inverse() throws -> Matrix {
        precondition(rows == columns)
        let lu = try LUDecomposition(matrix: entries, dimension: rows)
        var inv = Matrix.zeros(rows, rows)
        for j in 0..<rows {
            var e = [Double](repeating: 0, count: rows)
            e[j] = 1
            let x = lu.solve(e)
            for i in 0..<rows { inv[i, j] = x[i] }
        }
        return inv
    }

    /// `log det M` of a matrix with positive determinant (a covariance), from the LU factors:
    /// `det M = ±Π Uᵢᵢ`. Precondition: the determinant is positive.
    func logDeterminant() throws -> Double {
        precondition(rows == columns)
        let lu = try LUDecomposition(matrix: entries, dimension: rows)
        var logAbs = 0.0, sign = 1.0
        for i in 0..<rows {
            let u = lu.factors[i * rows + i]
            logAbs += log(abs(u))
            if u < 0 { sign = -sign }
            if lu.pivots[i] != i { sign = -sign }
        }
        precondition(sign > 0, "log det needs a positive determinant")
        return logAbs
    }

    /// The lower-triangular `L` with `L Lᵀ = M`, for a symmetric positive-definite `M`
    /// (Cholesky–Banachiewicz). Precondition: `M` is positive definite.
    func choleskyFactor() -> Matrix {
        precondition(rows == columns)
        var l = Matrix.zeros(rows, rows)
        for i in 0..<rows {
            for j in 0...i {
                var sum = self[i, j]
                for k in 0..<j { sum -= l[i, k] * l[j, k] }
                if i == j {
                    precondition(sum > 0, "Cholesky needs a positive-definite matrix")
                    l[i, i] = sum.squareRoot()
                } else {
                    l[i, j] = sum / l[j, j]
                }
            }
        }
        return l
    }

    /// The largest absolute entry.
    var maxAbs: Double { entries.map(abs).max() ?? 0 }
}

func dot(_ x: [Double], _ y: [Double]) -> Double {
    precondition(x.count == y.count)
    return zip(x, y).reduce(0) { $0 + $1.0 * $1.1 }
}

func add(_ x: [Double], _ y: [Double], scale k: Double = 1) -> [Double] {
    precondition(x.count == y.count)
    return zip(x, y).map { $0 + k * $1 }
}
