import Tabular

/// rllab's `LinearFeatureBaseline`, the baseline of every batch algorithm in Duan et al. (2016):
/// b(s_t) = φ(s_t, t)ᵀ w with, for a path of length T and o = clip(s_t, −10, 10) elementwise,
///   φ = [o, o², t/100, (t/100)², (t/100)³, 1]      (2·dim(s) + 4 features; t counts from 0),
/// w fitted by ridge regression of the discounted returns-to-go on φ over a batch of paths:
///   w = (ΦᵀΦ + c I)⁻¹ Φᵀ R,  c = 10⁻⁵, multiplied by 10 (up to 5 tries) while the solve fails.
/// Before its first fit the baseline predicts 0.
public struct LinearFeatureBaseline: Sendable, Equatable {
    public let observationLength: Int
    public let regularization: Double
    /// w, nil before the first fit.
    public private(set) var coefficients: [Double]?

    public init(observationLength: Int, regularization: Double = 1e-5) {
        precondition(observationLength > 0 && regularization > 0)
        self.observationLength = observationLength
        self.regularization = regularization
    }

    public var featureCount: Int { 2 * observationLength + 4 }

    /// φ(s_t, t) for every step of `path`, row-major (T × featureCount).
    public func features(_ path: Trajectory) -> [Double] {
        var phi: [Double] = []
        phi.reserveCapacity(path.length * featureCount)
        for t in 0..<path.length {
            let o = path.observations[(t * observationLength)..<((t + 1) * observationLength)].map { min(max($0, -10), 10) }
            let time = Double(t) / 100
            phi += o
            phi += o.map { $0 * $0 }
            phi += [time, time * time, time * time * time, 1]
        }
        return phi
    }

    /// b(s_t) for every step of `path` (zeros before the first fit).
    public func predict(_ path: Trajectory) -> [Double] {
        guard let w = coefficients else { return [Double](repeating: 0, count: path.length) }
        let phi = features(path), m = featureCount
        return (0..<path.length).map { t in
            var total = 0.0
            for j in 0..<m { total += phi[t * m + j] * w[j] }
            return total
        }
    }

    /// Refits w on `paths` and their discounted returns-to-go (concatenated in path order).
    /// Keeps the previous w if every regularised solve fails.
    public mutating func fit(paths: [Trajectory], returns: [Double]) {
        let m = featureCount
        var gram = [Double](repeating: 0, count: m * m), moment = [Double](repeating: 0, count: m)
        var row = 0
        for path in paths {
            let phi = features(path)
            for t in 0..<path.length {
                let y = returns[row]
                row += 1
                for i in 0..<m {
                    let fi = phi[t * m + i]
                    moment[i] += fi * y
                    for j in 0..<m { gram[i * m + j] += fi * phi[t * m + j] }
                }
            }
        }
        precondition(row == returns.count, "one return per step of the paths")
        var c = regularization
        for _ in 0..<5 {
            var a = gram
            for i in 0..<m { a[i * m + i] += c }
            if let lu = try? LUDecomposition(matrix: a, dimension: m) {
                let w = lu.solve(moment)
                if w.allSatisfy({ $0.isFinite }) {
                    coefficients = w
                    return
                }
            }
            c *= 10
        }
    }
}
