import ExperimentKit
import Foundation

/// CMA-ES, the covariance matrix adaptation evolution strategy, as Hansen's "The CMA Evolution
/// Strategy: A Tutorial" (2016, arXiv:1604.00772) states it (Figure/Algorithm summary of §4 and
/// the default parameters of its Table 1), with non-negative recombination weights only (the
/// weights of the λ − μ worst samples set to 0, i.e. without the optional "active" update). It
/// minimises f; the RL use passes −(discounted return). No maintained Swift CMA-ES exists in the
/// suite's package set, so this is written from the tutorial. Sampling, generation g:
///   x_k = m + σ y_k,  y_k = B D z_k,  z_k ~ N(0, I),  k = 1 … λ   (C = B D² Bᵀ);
/// with x_{i:λ} the i-th best and ⟨y⟩_w = Σ_{i≤μ} w_i y_{i:λ}:
///   m ← m + c_m σ ⟨y⟩_w,
///   p_σ ← (1 − c_σ) p_σ + √(c_σ(2 − c_σ) μ_eff) C^{−1/2} ⟨y⟩_w,
///   σ ← σ exp((c_σ/d_σ)(‖p_σ‖ / E‖N(0, I)‖ − 1)),
///   h_σ = 1 if ‖p_σ‖ / √(1 − (1 − c_σ)^{2(g+1)}) < (1.4 + 2/(n + 1)) E‖N(0, I)‖, else 0,
///   p_c ← (1 − c_c) p_c + h_σ √(c_c(2 − c_c) μ_eff) ⟨y⟩_w,
///   C ← (1 + c₁ δ(h_σ) − c₁ − c_μ Σw) C + c₁ p_c p_cᵀ + c_μ Σ_{i≤μ} w_i y_{i:λ} y_{i:λ}ᵀ,
///     δ(h_σ) = (1 − h_σ) c_c (2 − c_c).
/// Defaults (Table 1, n the dimension): λ = 4 + ⌊3 ln n⌋, μ = ⌊λ/2⌋,
/// w_i ∝ ln((λ + 1)/2) − ln i (i ≤ μ, Σw = 1), μ_eff = 1/Σw², c_m = 1,
/// c_σ = (μ_eff + 2)/(n + μ_eff + 5), d_σ = 1 + 2 max(0, √((μ_eff − 1)/(n + 1)) − 1) + c_σ,
/// c_c = (4 + μ_eff/n)/(n + 4 + 2μ_eff/n), c₁ = 2/((n + 1.3)² + μ_eff),
/// c_μ = min(1 − c₁, 2(μ_eff − 2 + 1/μ_eff)/((n + 2)² + μ_eff)),
/// E‖N(0, I)‖ ≈ √n (1 − 1/(4n) + 1/(21n²)).
/// B and D are recomputed (Householder tridiagonalisation and implicit QL, `symmetricEigendecomposition`)
/// when more than λ/((c₁ + c_μ) n 10) generations have
/// passed since the last decomposition (the tutorial's O(n²)-per-sample schedule); each
/// decomposition costs O(n³), which is what makes CMA-ES impractical on the largest networks
/// (Duan et al. report it N/A on Full Humanoid).
public struct CMAES: Sendable, Equatable {
    public let dimension: Int
    public let populationSize: Int
    public let parentCount: Int
    public let weights: [Double]
    public let effectiveParentCount: Double
    public let cSigma: Double, dSigma: Double, cC: Double, c1: Double, cMu: Double
    public let expectedNormOfGaussian: Double

    public private(set) var mean: [Double]
    public private(set) var sigma: Double
    /// C, row-major n × n.
    public private(set) var covariance: [Double]
    public private(set) var pathSigma: [Double]
    public private(set) var pathC: [Double]
    /// B (columns are eigenvectors of C) and D (square roots of its eigenvalues).
    public private(set) var basis: [Double]
    public private(set) var scales: [Double]
    public private(set) var generation = 0
    public private(set) var evaluations = 0
    var decomposedAt = 0

    /// Precondition: a non-empty mean, σ₀ > 0, λ ≥ 2 when given.
    public init(mean: [Double], sigma: Double, populationSize requested: Int? = nil) {
        let n = mean.count
        precondition(n >= 1 && sigma > 0)
        let dn = Double(n)
        dimension = n
        let lambda = requested ?? 4 + Int((3 * log(dn)).rounded(.down))
        precondition(lambda >= 2)
        populationSize = lambda
        parentCount = lambda / 2
        let raw = (1...parentCount).map { log(Double(lambda + 1) / 2) - log(Double($0)) }
        let total = raw.reduce(0, +)
        weights = raw.map { $0 / total }
        let mu = 1 / weights.reduce(0) { $0 + $1 * $1 }
        effectiveParentCount = mu
        cSigma = (mu + 2) / (dn + mu + 5)
        dSigma = 1 + 2 * max(0, ((mu - 1) / (dn + 1)).squareRoot() - 1) + cSigma
        cC = (4 + mu / dn) / (dn + 4 + 2 * mu / dn)
        c1 = 2 / ((dn + 1.3) * (dn + 1.3) + mu)
        cMu = min(1 - c1, 2 * (mu - 2 + 1 / mu) / ((dn + 2) * (dn + 2) + mu))
        expectedNormOfGaussian = dn.squareRoot() * (1 - 1 / (4 * dn) + 1 / (21 * dn * dn))
        self.mean = mean
        self.sigma = sigma
        covariance = (0..<(n * n)).map { $0 / n == $0 % n ? 1 : 0 }
        basis = covariance
        scales = [Double](repeating: 1, count: n)
        pathSigma = [Double](repeating: 0, count: n)
        pathC = [Double](repeating: 0, count: n)
    }

    /// λ samples x_k = m + σ B D z_k.
    public func ask(using rng: inout SeededGenerator) -> [[Double]] {
        let n = dimension
        return (0..<populationSize).map { _ in
            let dz = (0..<n).map { scales[$0] * rng.nextGaussian() }
            return (0..<n).map { i in
                var y = 0.0
                for j in 0..<n { y += basis[i * n + j] * dz[j] }
                return mean[i] + sigma * y
            }
        }
    }

    /// The update from a generation and its f-values (lower is better; ties keep sample order).
    public mutating func tell(_ samples: [[Double]], values f: [Double]) {
        precondition(samples.count == populationSize && f.count == populationSize)
        let n = dimension
        evaluations += populationSize
        let order = samples.indices.sorted { f[$0] < f[$1] || (f[$0] == f[$1] && $0 < $1) }
        let ys = order.prefix(parentCount).map { k in (0..<n).map { (samples[k][$0] - mean[$0]) / sigma } }
        var yw = [Double](repeating: 0, count: n)
        for (i, y) in ys.enumerated() { for j in 0..<n { yw[j] += weights[i] * y[j] } }
        for j in 0..<n { mean[j] += sigma * yw[j] }   // c_m = 1

        // C^{−1/2} ⟨y⟩_w = B D⁻¹ Bᵀ ⟨y⟩_w.
        var whitened = [Double](repeating: 0, count: n)
        for k in 0..<n {
            var projection = 0.0
            for i in 0..<n { projection += basis[i * n + k] * yw[i] }
            projection /= scales[k]
            for i in 0..<n { whitened[i] += basis[i * n + k] * projection }
        }
        let sigmaFactor = (cSigma * (2 - cSigma) * effectiveParentCount).squareRoot()
        for j in 0..<n { pathSigma[j] = (1 - cSigma) * pathSigma[j] + sigmaFactor * whitened[j] }
        let normPathSigma = pathSigma.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let correction = (1 - pow(1 - cSigma, 2 * Double(generation + 1))).squareRoot()
        let hSigma: Double = normPathSigma / correction < (1.4 + 2 / Double(n + 1)) * expectedNormOfGaussian ? 1 : 0
        let cFactor = (cC * (2 - cC) * effectiveParentCount).squareRoot()
        for j in 0..<n { pathC[j] = (1 - cC) * pathC[j] + hSigma * cFactor * yw[j] }

        let deltaH = (1 - hSigma) * cC * (2 - cC)
        let decay = 1 + c1 * deltaH - c1 - cMu   // Σw = 1
        for r in 0..<n {
            for c in r..<n {
                var rankMu = 0.0
                for (i, y) in ys.enumerated() { rankMu += weights[i] * y[r] * y[c] }
                let value = decay * covariance[r * n + c] + c1 * pathC[r] * pathC[c] + cMu * rankMu
                covariance[r * n + c] = value
                covariance[c * n + r] = value
            }
        }
        sigma *= exp((cSigma / dSigma) * (normPathSigma / expectedNormOfGaussian - 1))
        generation += 1
        if Double(generation - decomposedAt) > Double(populationSize) / ((c1 + cMu) * Double(n) * 10) {
            decompose()
        }
    }

    mutating func decompose() {
        let (values, vectors) = symmetricEigendecomposition(covariance, dimension: dimension)
        basis = vectors
        scales = values.map { max($0, 0).squareRoot() }
        decomposedAt = generation
    }
}
