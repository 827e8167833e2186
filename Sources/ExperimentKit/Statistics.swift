import Foundation

/// Summary statistics of a sample, as pure functions of an array.
public enum Statistics {
    /// Arithmetic mean. Precondition: non-empty.
    public static func mean(_ x: [Double]) -> Double {
        precondition(!x.isEmpty, "mean of an empty sample")
        return x.reduce(0, +) / Double(x.count)
    }

    /// Unbiased sample variance `Σ(xᵢ − x̄)² / (n − 1)` (two-pass). Precondition: `n ≥ 2`.
    public static func variance(_ x: [Double]) -> Double {
        precondition(x.count >= 2, "variance needs at least two values")
        let m = mean(x)
        return x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)
    }

    /// Population variance `Σ(xᵢ − x̄)² / n` (two-pass), as NumPy's default `var`. Precondition: non-empty.
    public static func populationVariance(_ x: [Double]) -> Double {
        let m = mean(x)
        return x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count)
    }

    /// Standard error of the mean, `s / √n`.
    public static func standardError(_ x: [Double]) -> Double {
        (variance(x) / Double(x.count)).squareRoot()
    }

    /// The `p`-quantile with linear interpolation between order statistics (Hyndman & Fan type 7,
    /// the default of R and NumPy). Preconditions: non-empty, `0 ≤ p ≤ 1`.
    public static func quantile(_ x: [Double], _ p: Double) -> Double {
        precondition(!x.isEmpty && p >= 0 && p <= 1)
        let sorted = x.sorted()
        let h = Double(sorted.count - 1) * p
        let lo = Int(h.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }

    public static func median(_ x: [Double]) -> Double { quantile(x, 0.5) }

    /// The two-sided standard-normal critical value for 95% intervals, Φ⁻¹(0.975).
    public static let z95 = 1.959963984540054

    /// The standard normal quantile `Φ⁻¹(p)`, by bisection on `Φ(x) = ½·erfc(−x/√2)` to full
    /// double precision. Precondition: `0 < p < 1`.
    public static func normalQuantile(_ p: Double) -> Double {
        precondition(p > 0 && p < 1)
        var lo = -40.0, hi = 40.0
        for _ in 0..<200 {
            let mid = 0.5 * (lo + hi)
            if 0.5 * erfc(-mid / 2.0.squareRoot()) < p { lo = mid } else { hi = mid }
            if hi - lo <= 1e-15 * max(1, abs(mid)) { break }
        }
        return 0.5 * (lo + hi)
    }

    /// The Wilson score interval for a proportion of `successes` out of `n` trials, at
    /// confidence `level` (two-sided; `z = Φ⁻¹(1 − (1 − level)/2)`).
    public static func wilsonInterval(successes: Int, n: Int, level: Double = 0.95) -> (lower: Double, upper: Double) {
        precondition(n > 0 && successes >= 0 && successes <= n && level > 0 && level < 1)
        let z = normalQuantile(1 - (1 - level) / 2), nn = Double(n), p = Double(successes) / nn
        let denominator = 1 + z * z / nn
        let centre = (p + z * z / (2 * nn)) / denominator
        let half = z * ((p * (1 - p) / nn + z * z / (4 * nn * nn)).squareRoot()) / denominator
        return (max(0, centre - half), min(1, centre + half))
    }

    /// Least-squares slope of `y` on `x`. Precondition: at least two distinct `x`.
    public static func slope(x: [Double], y: [Double]) -> Double {
        precondition(x.count == y.count && x.count >= 2)
        let mx = mean(x), my = mean(y)
        var sxy = 0.0, sxx = 0.0
        for i in x.indices { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx) }
        return sxy / sxx
    }
}
