import Foundation

/// Eigenvalues and eigenvectors of a symmetric n × n matrix (row-major) by the cyclic Jacobi
/// method (Jacobi 1846; Golub & Van Loan 2013, §8.5): rotations zero one off-diagonal entry at a
/// time, with tan φ = sgn(θ)/(|θ| + √(θ² + 1)), θ = (a_qq − a_pp)/(2a_pq), sweeping until the
/// off-diagonal mass is below 10⁻³⁰ of the total (at most 100 sweeps). Returns A = V diag(λ) Vᵀ with
/// the eigenvectors as V's columns. The plain reference for `symmetricEigendecomposition`: each sweep
/// costs about 4n³ operations on strided columns, minutes at n ≈ 1 400 (CMA-ES on the double pendulum).
public func symmetricEigendecompositionJacobi(_ matrix: [Double], dimension n: Int) -> (values: [Double], vectors: [Double]) {
    precondition(matrix.count == n * n)
    var a = matrix
    var v = (0..<(n * n)).map { $0 / n == $0 % n ? 1.0 : 0.0 }
    let total = a.reduce(0) { $0 + $1 * $1 }
    for _ in 0..<100 {
        var off = 0.0
        for p in 0..<n { for q in 0..<n where p != q { off += a[p * n + q] * a[p * n + q] } }
        if off <= 1e-30 * total || off == 0 { break }
        for p in 0..<(n - 1) {
            for q in (p + 1)..<n where a[p * n + q] != 0 {
                let theta = (a[q * n + q] - a[p * n + p]) / (2 * a[p * n + q])
                let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                let c = 1 / (t * t + 1).squareRoot(), s = t * c
                for k in 0..<n {
                    let akp = a[k * n + p], akq = a[k * n + q]
                    a[k * n + p] = c * akp - s * akq
                    a[k * n + q] = s * akp + c * akq
                }
                for k in 0..<n {
                    let apk = a[p * n + k], aqk = a[q * n + k]
                    a[p * n + k] = c * apk - s * aqk
                    a[q * n + k] = s * apk + c * aqk
                }
                for k in 0..<n {
                    let vkp = v[k * n + p], vkq = v[k * n + q]
                    v[k * n + p] = c * vkp - s * vkq
                    v[k * n + q] = s * vkp + c * vkq
                }
            }
        }
    }
    return ((0..<n).map { a[$0 * n + $0] }, v)
}

/// Eigenvalues and eigenvectors of a symmetric n × n matrix (row-major): Householder reduction to a
/// tridiagonal T = Qᵀ A Q, then the implicit QL iteration with Wilkinson-type shifts on T, each sweep's
/// Givens rotations accumulated into Q (Golub & Van Loan 2013, §8.3; Wilkinson & Reinsch's
/// tred2/tql2). About (4/3)n³ operations for the reduction, n³ for Q and 3n³ for the rotations, all on
/// contiguous rows, against the Jacobi reference's ~4n³ per sweep on strided columns. Returns
/// A = V diag(λ) Vᵀ with the eigenvectors as V's columns (in no particular order). Deterministic: the
/// same bytes on every machine (plain Swift arithmetic, no library, no threads).
/// Precondition: `matrix` symmetric, n ≥ 1.
public func symmetricEigendecomposition(_ matrix: [Double], dimension n: Int) -> (values: [Double], vectors: [Double]) {
    precondition(matrix.count == n * n && n >= 1)
    var a = matrix
    // qt holds Qᵀ: row i is the i-th column of Q (later, the i-th eigenvector).
    var qt = (0..<(n * n)).map { $0 / n == $0 % n ? 1.0 : 0.0 }
    var v = [Double](repeating: 0, count: n)
    var p = [Double](repeating: 0, count: n)
    var sums = [Double](repeating: 0, count: n)
    // 1. Householder: for k = 0 … n − 3, H_k = I − β v vᵀ zeroes A[k + 2 …, k] (v lives on k + 1 …).
    for k in 0..<max(n - 2, 0) {
        let lo = k + 1
        var norm2 = 0.0
        for j in lo..<n { norm2 += a[k * n + j] * a[k * n + j] }
        if norm2 == 0 { continue }
        let x0 = a[k * n + lo]
        let alpha = x0 >= 0 ? -norm2.squareRoot() : norm2.squareRoot()
        for j in lo..<n { v[j] = a[k * n + j] }
        v[lo] -= alpha
        var vv = 0.0
        for j in lo..<n { vv += v[j] * v[j] }
        if vv == 0 { continue }
        let beta = 2 / vv
        // p = β A_sub v, K = β pᵀv / 2, w = p − K v; A_sub ← A_sub − v wᵀ − w vᵀ.
        var pv = 0.0
        for i in lo..<n {
            var s = 0.0
            for j in lo..<n { s += a[i * n + j] * v[j] }
            p[i] = beta * s
            pv += p[i] * v[i]
        }
        let kappa = beta * pv / 2
        for i in lo..<n { p[i] -= kappa * v[i] }
        for i in lo..<n {
            let vi = v[i], wi = p[i]
            for j in lo..<n { a[i * n + j] -= vi * p[j] + wi * v[j] }
        }
        a[k * n + lo] = alpha
        a[lo * n + k] = alpha
        for j in (lo + 1)..<n { a[k * n + j] = 0; a[j * n + k] = 0 }
        // Qᵀ ← H_k Qᵀ: rows lo … n − 1 minus β v (vᵀ Qᵀ_sub).
        for c in 0..<n { sums[c] = 0 }
        for j in lo..<n {
            let vj = v[j]
            for c in 0..<n { sums[c] += vj * qt[j * n + c] }
        }
        for j in lo..<n {
            let f = beta * v[j]
            for c in 0..<n { qt[j * n + c] -= f * sums[c] }
        }
    }
    var d = (0..<n).map { a[$0 * n + $0] }
    // e[i] couples i and i + 1; e[n − 1] = 0.
    var e = (0..<n).map { $0 + 1 < n ? a[($0 + 1) * n + $0] : 0.0 }
    // 2. Implicit QL: deflate from the top; each sweep chases a bulge from m − 1 up to l.
    for l in 0..<n {
        var iterations = 0
        while true {
            var m = l
            while m + 1 < n {
                if abs(e[m]) <= Double.ulpOfOne * (abs(d[m]) + abs(d[m + 1])) { break }
                m += 1
            }
            if m == l { break }
            iterations += 1
            precondition(iterations <= 100, "implicit QL did not converge")
            var g = (d[l + 1] - d[l]) / (2 * e[l])
            var r = (g * g + 1).squareRoot()
            g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r))
            var s = 1.0, c = 1.0, shift = 0.0
            var i = m - 1
            var underflow = false
            while i >= l {
                let f = s * e[i], b = c * e[i]
                r = (f * f + g * g).squareRoot()
                e[i + 1] = r
                if r == 0 {
                    d[i + 1] -= shift
                    e[m] = 0
                    underflow = true
                    break
                }
                s = f / r
                c = g / r
                g = d[i + 1] - shift
                r = (d[i] - g) * s + 2 * c * b
                shift = s * r
                d[i + 1] = g + shift
                g = c * r - b
                // Rotate eigenvector rows i and i + 1 of Qᵀ.
                for k in 0..<n {
                    let upper = qt[i * n + k], lower = qt[(i + 1) * n + k]
                    qt[(i + 1) * n + k] = s * upper + c * lower
                    qt[i * n + k] = c * upper - s * lower
                }
                i -= 1
            }
            if underflow { continue }
            d[l] -= shift
            e[l] = g
            e[m] = 0
        }
    }
    // V's columns are Qᵀ's rows.
    var vectors = [Double](repeating: 0, count: n * n)
    for i in 0..<n { for k in 0..<n { vectors[k * n + i] = qt[i * n + k] } }
    return (d, vectors)
}
