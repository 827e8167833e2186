import ExperimentKit

/// A rows × columns matrix (row-major) with orthonormal columns if rows ≥ columns, or orthonormal
/// rows otherwise, distributed by the Haar measure: the Q factor, with R's diagonal made positive,
/// of a matrix of independent standard normals (Mezzadri 2007), as PyTorch's `orthogonal_` draws it.
/// The Q factor comes from modified Gram–Schmidt, applied twice ("twice is enough") for
/// orthogonality to rounding; Gram–Schmidt's R has a positive diagonal by construction.
public func orthogonalMatrix(rows: Int, columns: Int, using rng: inout SeededGenerator) -> [Double] {
    precondition(rows > 0 && columns > 0)
    // Work on the tall orientation: t × s with t ≥ s, vectors are the s columns.
    let tall = rows >= columns
    let t = max(rows, columns), s = min(rows, columns)
    var vectors = (0..<s).map { _ in (0..<t).map { _ in rng.nextGaussian() } }
    for _ in 0..<2 {
        for i in 0..<s {
            for j in 0..<i {
                var projection = 0.0
                for r in 0..<t { projection += vectors[j][r] * vectors[i][r] }
                for r in 0..<t { vectors[i][r] -= projection * vectors[j][r] }
            }
            var norm = 0.0
            for r in 0..<t { norm += vectors[i][r] * vectors[i][r] }
            norm = norm.squareRoot()
            for r in 0..<t { vectors[i][r] /= norm }
        }
    }
    var q = [Double](repeating: 0, count: rows * columns)
    for i in 0..<s {
        for r in 0..<t {
            if tall { q[r * columns + i] = vectors[i][r] } else { q[i * columns + r] = vectors[i][r] }
        }
    }
    return q
}
