import ExperimentKit
import Foundation

/// A Gaussian with diagonal covariance, parameterised by its mean μ and log standard deviations
/// log σ (d numbers each): the policy head for continuous actions, with log σ a state-independent
/// parameter vector. Every gradient below is with respect to (μ, log σ).
public enum DiagonalGaussian {
    static let halfLogTwoPi = 0.5 * log(2 * Double.pi)

    /// log N(a; μ, σ²) = Σᵢ −(aᵢ − μᵢ)²/(2σᵢ²) − log σᵢ − ½ log 2π.
    public static func logDensity(_ a: ArraySlice<Double>, mean: ArraySlice<Double>, logStd: ArraySlice<Double>) -> Double {
        var total = 0.0
        for i in 0..<mean.count {
            let z = (a[a.startIndex + i] - mean[mean.startIndex + i]) / exp(logStd[logStd.startIndex + i])
            total += -0.5 * z * z - logStd[logStd.startIndex + i] - halfLogTwoPi
        }
        return total
    }

    /// ∂ log N/∂μᵢ = (aᵢ − μᵢ)/σᵢ²,  ∂ log N/∂log σᵢ = (aᵢ − μᵢ)²/σᵢ² − 1; adds c times them.
    public static func addLogDensityGradient(_ c: Double, _ a: ArraySlice<Double>, mean: ArraySlice<Double>,
                                             logStd: ArraySlice<Double>, meanGradient: inout [Double], at m: Int,
                                             logStdGradient: inout [Double], at s: Int) {
        for i in 0..<mean.count {
            let sigma = exp(logStd[logStd.startIndex + i])
            let z = (a[a.startIndex + i] - mean[mean.startIndex + i]) / sigma
            meanGradient[m + i] += c * z / sigma
            logStdGradient[s + i] += c * (z * z - 1)
        }
    }

    /// H = Σᵢ log σᵢ + ½ log(2πe); ∂H/∂log σᵢ = 1.
    public static func entropy(logStd: ArraySlice<Double>) -> Double {
        logStd.reduce(0, +) + Double(logStd.count) * (halfLogTwoPi + 0.5)
    }

    /// KL(p‖q) = Σᵢ log(σ_qᵢ/σ_pᵢ) + (σ_pᵢ² + (μ_pᵢ − μ_qᵢ)²)/(2σ_qᵢ²) − ½.
    public static func klDivergence(meanP: ArraySlice<Double>, logStdP: ArraySlice<Double>,
                                    meanQ: ArraySlice<Double>, logStdQ: ArraySlice<Double>) -> Double {
        var total = 0.0
        for i in 0..<meanP.count {
            let lp = logStdP[logStdP.startIndex + i], lq = logStdQ[logStdQ.startIndex + i]
            let diff = meanP[meanP.startIndex + i] - meanQ[meanQ.startIndex + i]
            // σ_p²/σ_q² = exp(2(lp − lq)), computed without forming either variance.
            total += (lq - lp) + 0.5 * (exp(2 * (lp - lq)) + diff * diff * exp(-2 * lq)) - 0.5
        }
        return total
    }

    /// The gradient of KL(p‖q) with respect to q's parameters, times c:
    ///   ∂/∂μ_qᵢ = (μ_qᵢ − μ_pᵢ)/σ_qᵢ²,  ∂/∂log σ_qᵢ = 1 − (σ_pᵢ² + (μ_pᵢ − μ_qᵢ)²)/σ_qᵢ².
    public static func addKLGradientWithRespectToQ(_ c: Double, meanP: ArraySlice<Double>, logStdP: ArraySlice<Double>,
                                                   meanQ: ArraySlice<Double>, logStdQ: ArraySlice<Double>,
                                                   meanGradient: inout [Double], at m: Int,
                                                   logStdGradient: inout [Double], at s: Int) {
        for i in 0..<meanP.count {
            let lp = logStdP[logStdP.startIndex + i], lq = logStdQ[logStdQ.startIndex + i]
            let diff = meanQ[meanQ.startIndex + i] - meanP[meanP.startIndex + i]
            let inverseVarianceQ = exp(-2 * lq)
            meanGradient[m + i] += c * diff * inverseVarianceQ
            logStdGradient[s + i] += c * (1 - exp(2 * (lp - lq)) - diff * diff * inverseVarianceQ)
        }
    }

    /// D_TV(p, q) = ½ ∫ |p(x) − q(x)| dx for one-dimensional p = N(μ_p, σ_p²), q = N(μ_q, σ_q²),
    /// exactly: with A = {x : p(x) > q(x)}, D_TV = |P(A) − Q(A)|. When σ_p = σ_q, A is a half-line and
    /// D_TV = 2Φ(|μ_p − μ_q|/(2σ)) − 1. Otherwise log p − log q = a x² + b x + c with
    ///   a = 1/(2σ_q²) − 1/(2σ_p²),  b = μ_p/σ_p² − μ_q/σ_q²,  c = log(σ_q/σ_p) − μ_p²/(2σ_p²) + μ_q²/(2σ_q²),
    /// which has two real roots r₁ < r₂ (two different normal densities cross twice), and A or its
    /// complement is (r₁, r₂): D_TV = |Φ((r₂−μ_p)/σ_p) − Φ((r₁−μ_p)/σ_p) − Φ((r₂−μ_q)/σ_q) + Φ((r₁−μ_q)/σ_q)|.
    /// The roots come from the cancellation-free form (q = −½(b + sign(b)√(b² − 4ac)); q/a, c/q) and
    /// a from expm1, so nearly equal σ's (a → 0, one root → ±∞) lose no accuracy. (There is no closed
    /// form for a diagonal Gaussian in several dimensions.)
    public static func totalVariation1D(meanP: Double, logStdP: Double, meanQ: Double, logStdQ: Double) -> Double {
        func phi(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }
        if logStdP == logStdQ {
            return 2 * phi(abs(meanP - meanQ) / (2 * exp(logStdP))) - 1
        }
        let inverseVarianceP = exp(-2 * logStdP), inverseVarianceQ = exp(-2 * logStdQ)
        let a = -0.5 * inverseVarianceQ * expm1(2 * (logStdQ - logStdP))
        let b = meanP * inverseVarianceP - meanQ * inverseVarianceQ
        let c = (logStdQ - logStdP) - 0.5 * meanP * meanP * inverseVarianceP + 0.5 * meanQ * meanQ * inverseVarianceQ
        let discriminant = max(b * b - 4 * a * c, 0)
        let root = -0.5 * (b + (b < 0 ? -1.0 : 1.0) * discriminant.squareRoot())
        var r1 = root / a, r2 = root == 0 ? -r1 : c / root
        if r1 > r2 { swap(&r1, &r2) }
        let sigmaP = exp(logStdP), sigmaQ = exp(logStdQ)
        let massP = phi((r2 - meanP) / sigmaP) - phi((r1 - meanP) / sigmaP)
        let massQ = phi((r2 - meanQ) / sigmaQ) - phi((r1 - meanQ) / sigmaQ)
        return abs(massP - massQ)
    }

    /// a = μ + σ ⊙ z with z ~ N(0, I).
    public static func sample(mean: ArraySlice<Double>, logStd: ArraySlice<Double>,
                              using rng: inout SeededGenerator) -> [Double] {
        (0..<mean.count).map { i in mean[mean.startIndex + i] + exp(logStd[logStd.startIndex + i]) * rng.nextGaussian() }
    }
}
