import ExperimentKit
import Foundation

/// The single and double estimators of `max_i μ_i` from Gaussian samples, and their exact expectations
/// by quadrature (C11; van Hasselt 2010, §2, Lemma 1).
///
/// Arm `i` gives `n` independent draws of `N(μ_i, σ_i²)`.
/// - The **single estimator** is `max_i X̂_i` with `X̂_i` the mean of all `n` draws of arm `i`,
///   `X̂_i ~ N(μ_i, σ_i²/n)`. Since `max` is convex, `E[max_i X̂_i] ≥ max_i E[X̂_i] = max_i μ_i`
///   (Jensen): its bias is ≥ 0.
/// - The **double estimator** splits each arm's draws into halves `A`, `B` of `n/2` (n even), picks
///   `a* = argmax_i Â_i` and returns `B̂_{a*}`. `B` is independent of `a*`, so
///   `E[B̂_{a*}] = Σ_i P(a* = i) μ_i ≤ max_i μ_i` (van Hasselt 2010, Lemma 1): its bias is ≤ 0.
///
/// With `Y_i` independent `N(m_i, s_i²)`, `f_i` and `F_i` their densities and distribution functions,
/// and `μ* = max_i μ_i`:
///   single bias `= E[max_i Y_i] − μ* = Σ_i ∫ (y − μ*) f_i(y) Π_{j≠i} F_j(y) dy`   (`m = μ`, `s_i = σ_i/√n`),
///   `P(a* = i) = ∫ f_i(y) Π_{j≠i} F_j(y) dy`   (`s_i = σ_i/√(n/2)`),  double bias `= Σ_i P(a* = i) μ_i − μ*`.
/// Both integrals are computed by composite 8-point Gauss–Legendre on `[min μ − 12 s, max μ + 12 s]`
/// (`s = max_i s_i`) with panels no wider than `min_i s_i / 4`, and again with twice as many panels; the
/// second value is returned. Its error is bounded by `|I_N − I_{2N}|` (Gauss–Legendre converges
/// geometrically on these analytic integrands, so `I_{2N}` is far closer than `I_N`: an a-posteriori
/// estimate, not a proof) plus the truncated tails, at most
/// `Σ_i (2 s_i φ(12) + 2|μ_i − μ*| Φ(−12))` for the single estimator and `Σ_i 2|μ_i − μ*| Φ(−12)` for the
/// double one (`Π F_j ≤ 1`), plus a rounding allowance of `64 u` times the integrand's scale.
public struct GaussianArms: Sendable, Equatable, Codable {
    public var means: [Double]
    public var deviations: [Double]
    /// Draws per arm (even, ≥ 2, so that the double estimator's halves are equal).
    public var samplesPerArm: Int

    /// Preconditions: one deviation per mean, all positive and finite; `samplesPerArm` even and ≥ 2.
    public init(means: [Double], deviations: [Double], samplesPerArm: Int) {
        precondition(!means.isEmpty && means.count == deviations.count, "one deviation per mean")
        precondition(deviations.allSatisfy { $0 > 0 && $0.isFinite } && means.allSatisfy(\.isFinite))
        precondition(samplesPerArm >= 2 && samplesPerArm % 2 == 0, "an even number of samples per arm, ≥ 2")
        self.means = means
        self.deviations = deviations
        self.samplesPerArm = samplesPerArm
    }

    public var arms: Int { means.count }
    public var bestMean: Double { means.max()! }
}

/// A value computed by quadrature with its error bound (quadrature estimate + tails + rounding).
public struct QuadratureValue: Sendable, Equatable {
    public var value: Double
    public var error: Double
}

public enum MaximumEstimator {
    /// `E[max_i X̂_i] − max_i μ_i` for the single estimator (sample means of all draws).
    public static func singleBias(_ arms: GaussianArms) -> QuadratureValue {
        let s = arms.deviations.map { $0 / Double(arms.samplesPerArm).squareRoot() }
        let top = arms.bestMean
        var tail = 0.0
        for i in 0..<arms.arms { tail += 2 * s[i] * phi(12) + 2 * abs(arms.means[i] - top) * Phi(-12) }
        let (coarse, fine, scale) = integrateTwice(means: arms.means, deviations: s) { y, i in y - top }
        return QuadratureValue(value: fine, error: abs(fine - coarse) + tail + 64 * Double.ulpOfOne * scale)
    }

    /// `P(argmax_i Â_i = i)` for every arm, with `Â_i` the mean of half the draws.
    public static func selectionProbabilities(_ arms: GaussianArms) -> [QuadratureValue] {
        let s = arms.deviations.map { $0 / (Double(arms.samplesPerArm) / 2).squareRoot() }
        return (0..<arms.arms).map { k in
            let (coarse, fine, scale) = integrateTwice(means: arms.means, deviations: s, only: k) { _, _ in 1 }
            return QuadratureValue(value: fine, error: abs(fine - coarse) + 2 * Phi(-12) + 64 * Double.ulpOfOne * scale)
        }
    }

    /// `E[B̂_{argmax Â}] − max_i μ_i = Σ_i P(a* = i) μ_i − max_i μ_i` for the double estimator.
    public static func doubleBias(_ arms: GaussianArms) -> QuadratureValue {
        let p = selectionProbabilities(arms)
        let top = arms.bestMean
        var value = -top, error = 0.0
        for i in 0..<arms.arms {
            value += p[i].value * arms.means[i]
            error += p[i].error * abs(arms.means[i])
        }
        // Σ p_i μ_i − μ* with Σ p_i = 1 + δ: the term δ·μ* is rounding and quadrature, counted in `error`.
        error += abs(top) * 8 * Double.ulpOfOne * Double(arms.arms)
        return QuadratureValue(value: value, error: error)
    }

    /// One draw of both estimators from the same data: each arm's two half-sample means `Â_i`, `B̂_i`
    /// (each `N(μ_i, σ_i²/(n/2))`, drawn directly: for Gaussian draws the mean is sufficient), the single
    /// estimate `max_i (Â_i + B̂_i)/2` (the mean of all `n` draws) and the double estimate `B̂_{argmax Â}`.
    /// Draws `2·arms` Gaussians from `rng`, `Â` first.
    public static func draw(_ arms: GaussianArms, using rng: inout SeededGenerator) -> (single: Double, double: Double) {
        let halfScale = 1 / (Double(arms.samplesPerArm) / 2).squareRoot()
        var a = [Double](repeating: 0, count: arms.arms), b = a
        for i in 0..<arms.arms { a[i] = arms.means[i] + arms.deviations[i] * halfScale * rng.nextGaussian() }
        for i in 0..<arms.arms { b[i] = arms.means[i] + arms.deviations[i] * halfScale * rng.nextGaussian() }
        var single = -Double.infinity, best = 0
        for i in 0..<arms.arms {
            single = max(single, 0.5 * (a[i] + b[i]))
            if a[i] > a[best] { best = i }
        }
        return (single, b[best])
    }

    // MARK: quadrature

    /// The standard normal density φ.
    @inlinable public static func phi(_ z: Double) -> Double { exp(-0.5 * z * z) / (2 * Double.pi).squareRoot() }
    /// The standard normal distribution function Φ(z) = ½ erfc(−z/√2).
    @inlinable public static func Phi(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }

    /// `Σ_i ∫ g(y, i) f_i(y) Π_{j≠i} F_j(y) dy` (only the term `i = only` when given) with `N` and `2N`
    /// panels, and the largest `|g f Π F|` seen times the interval's length (the scale for rounding).
    static func integrateTwice(means: [Double], deviations s: [Double], only: Int? = nil,
                               _ g: (Double, Int) -> Double) -> (Double, Double, Double) {
        let lo = means.min()! - 12 * s.max()!, hi = means.max()! + 12 * s.max()!
        let panels = max(16, Int(((hi - lo) / (s.min()! / 4)).rounded(.up)))
        let (coarse, _) = integrate(means: means, deviations: s, only: only, lo: lo, hi: hi, panels: panels, g)
        let (fine, peak) = integrate(means: means, deviations: s, only: only, lo: lo, hi: hi, panels: 2 * panels, g)
        return (coarse, fine, peak * (hi - lo))
    }

    static func integrate(means: [Double], deviations s: [Double], only: Int?, lo: Double, hi: Double, panels: Int,
                          _ g: (Double, Int) -> Double) -> (Double, Double) {
        let k = means.count
        let h = (hi - lo) / Double(panels)
        var total = 0.0, peak = 0.0
        var cdf = [Double](repeating: 0, count: k)
        for p in 0..<panels {
            let centre = lo + (Double(p) + 0.5) * h
            var panel = 0.0
            for (x, w) in zip(GaussLegendre.nodes8, GaussLegendre.weights8) {
                let y = centre + 0.5 * h * x
                for j in 0..<k { cdf[j] = Phi((y - means[j]) / s[j]) }
                var sum = 0.0
                for i in (only.map { [$0] } ?? Array(0..<k)) {
                    var product = phi((y - means[i]) / s[i]) / s[i]
                    for j in 0..<k where j != i { product *= cdf[j] }
                    let term = g(y, i) * product
                    peak = max(peak, abs(term))
                    sum += term
                }
                panel += w * sum
            }
            total += 0.5 * h * panel
        }
        return (total, peak)
    }
}

/// Gauss–Legendre nodes and weights on [−1, 1], computed once by Newton's method on the Legendre
/// polynomial P_n (weights 2/((1 − x²) P_n′(x)²)); exact for polynomials of degree ≤ 2n − 1.
public enum GaussLegendre {
    public static let (nodes8, weights8) = rule(points: 8)

    /// The n-point rule: nodes ascending, weights positive and summing to 2.
    public static func rule(points n: Int) -> ([Double], [Double]) {
        precondition(n >= 2, "at least two points")
        var nodes = [Double](repeating: 0, count: n), weights = nodes
        for i in 0..<((n + 1) / 2) {
            var x = cos(Double.pi * (Double(i) + 0.75) / (Double(n) + 0.5))
            var derivative = 0.0
            for _ in 0..<100 {
                // P_n(x) and P_n'(x) by the three-term recurrence.
                var p0 = 1.0, p1 = x
                for k in 2...n {
                    let p2 = ((2 * Double(k) - 1) * x * p1 - (Double(k) - 1) * p0) / Double(k)
                    p0 = p1; p1 = p2
                }
                derivative = Double(n) * (x * p1 - p0) / (x * x - 1)
                let dx = p1 / derivative
                x -= dx
                if abs(dx) < 1e-16 { break }
            }
            nodes[i] = -x; nodes[n - 1 - i] = x
            let w = 2 / ((1 - x * x) * derivative * derivative)
            weights[i] = w; weights[n - 1 - i] = w
        }
        return (nodes, weights)
    }
}
