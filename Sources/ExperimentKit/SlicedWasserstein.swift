import Foundation

/// Distances between a sample and a reference distribution given as weighted atoms (an exact
/// quadrature of a density on a fine grid).
public enum SlicedWasserstein {
    /// The 1-Wasserstein distance between the empirical distribution of `sample` and the discrete
    /// distribution with atoms `atoms` and weights `weights` (normalised here): `∫|F_n(t) − F(t)| dt`,
    /// computed exactly by merging the two sorted supports. Preconditions: a non-empty sample, atoms
    /// and weights of equal non-zero count, weights ≥ 0 with a positive sum, `atoms` sorted ascending.
    public static func wasserstein1(sample: [Double], sortedAtoms atoms: [Double], weights: [Double]) -> Double {
        precondition(!sample.isEmpty && !atoms.isEmpty && atoms.count == weights.count)
        let total = weights.reduce(0, +)
        precondition(total > 0)
        let xs = sample.sorted()
        let step = 1 / Double(xs.count)
        var i = 0, j = 0
        var fSample = 0.0, fReference = 0.0, distance = 0.0
        var last = min(xs[0], atoms[0])
        while i < xs.count || j < atoms.count {
            let next = j >= atoms.count || (i < xs.count && xs[i] <= atoms[j]) ? xs[i] : atoms[j]
            distance += abs(fSample - fReference) * (next - last)
            last = next
            if i < xs.count && xs[i] == next { fSample += step; i += 1 } else { fReference += weights[j] / total; j += 1 }
        }
        return distance
    }

    /// `K` unit directions at the angles `kπ/K` in the plane (`K = 1`: the first axis); in one dimension, the axis.
    public static func directions(dimension: Int, count k: Int) -> [[Double]] {
        precondition(dimension == 1 || dimension == 2, "one or two dimensions")
        if dimension == 1 { return [[1]] }
        return (0..<k).map { [cos(Double($0) * Double.pi / Double(k)), sin(Double($0) * Double.pi / Double(k))] }
    }

    /// A reference projected on each direction: the sorted projections of the atoms with their weights.
    public struct ProjectedReference: Sendable {
        public let directions: [[Double]]
        public let atoms: [[Double]]
        public let weights: [[Double]]

        /// Precondition: points of the directions' dimension, one weight each.
        public init(points: [[Double]], weights w: [Double], directions: [[Double]]) {
            precondition(points.count == w.count && !points.isEmpty)
            self.directions = directions
            var atoms: [[Double]] = [], weights: [[Double]] = []
            for u in directions {
                let projected = points.map { p in zip(p, u).reduce(0) { $0 + $1.0 * $1.1 } }
                let order = projected.indices.sorted { projected[$0] < projected[$1] || (projected[$0] == projected[$1] && $0 < $1) }
                atoms.append(order.map { projected[$0] })
                weights.append(order.map { w[$0] })
            }
            self.atoms = atoms
            self.weights = weights
        }

        /// The sliced 1-Wasserstein distance: the mean over the directions of the 1-Wasserstein distance
        /// between the sample's and the reference's projections (in one dimension, the 1-Wasserstein distance).
        public func distance(_ sample: [[Double]]) -> Double {
            var total = 0.0
            for (k, u) in directions.enumerated() {
                let projected = sample.map { p in zip(p, u).reduce(0) { $0 + $1.0 * $1.1 } }
                total += SlicedWasserstein.wasserstein1(sample: projected, sortedAtoms: atoms[k], weights: weights[k])
            }
            return total / Double(directions.count)
        }
    }
}
