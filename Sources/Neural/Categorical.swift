import ExperimentKit
import Foundation

/// A categorical distribution over k actions, parameterised by logits z: p = softmax(z). The
/// policy head for discrete actions. Every gradient below is with respect to z.
public enum Categorical {
    /// log pⱼ = zⱼ − log Σᵢ exp zᵢ, through the shifted sum (no overflow).
    public static func logProbabilities(_ z: ArraySlice<Double>) -> [Double] {
        let top = z.max()!
        var sum = 0.0
        for x in z { sum += exp(x - top) }
        let logNormaliser = top + log(sum)
        return z.map { $0 - logNormaliser }
    }

    // Each quantity below is computed from log-probabilities (so that a caller needing several
    // at one state computes the softmax once); the logits forms are conveniences.

    /// ∂ log p_a/∂zⱼ = [j = a] − pⱼ; adds c times it.
    public static func addLogProbabilityGradient(_ c: Double, action a: Int, logProbabilities logP: [Double],
                                                 into g: inout [Double], at o: Int) {
        for j in logP.indices { g[o + j] += c * ((j == a ? 1 : 0) - exp(logP[j])) }
    }

    /// H = −Σⱼ pⱼ log pⱼ.
    public static func entropy(logProbabilities logP: [Double]) -> Double {
        logP.reduce(0) { $0 - exp($1) * $1 }
    }

    /// ∂H/∂zⱼ = −pⱼ(log pⱼ + H); adds c times it.
    public static func addEntropyGradient(_ c: Double, logProbabilities logP: [Double], into g: inout [Double], at o: Int) {
        let h = entropy(logProbabilities: logP)
        for j in logP.indices { g[o + j] += c * (-exp(logP[j]) * (logP[j] + h)) }
    }

    /// KL(p‖q) = Σⱼ pⱼ (log pⱼ − log qⱼ) (terms with pⱼ = 0 are 0).
    public static func klDivergence(logProbabilitiesP lp: [Double], logProbabilitiesQ lq: [Double]) -> Double {
        var total = 0.0
        for j in lp.indices where lp[j] > -Double.infinity { total += exp(lp[j]) * (lp[j] - lq[j]) }
        return total
    }

    /// ∂KL(p‖q)/∂zqⱼ = qⱼ − pⱼ; adds c times it.
    public static func addKLGradientWithRespectToQ(_ c: Double, logProbabilitiesP lp: [Double], logProbabilitiesQ lq: [Double],
                                                   into g: inout [Double], at o: Int) {
        for j in lp.indices { g[o + j] += c * (exp(lq[j]) - exp(lp[j])) }
    }

    /// H of softmax(z).
    public static func entropy(_ z: ArraySlice<Double>) -> Double { entropy(logProbabilities: logProbabilities(z)) }

    /// KL(softmax(zp) ‖ softmax(zq)).
    public static func klDivergence(_ zp: ArraySlice<Double>, _ zq: ArraySlice<Double>) -> Double {
        klDivergence(logProbabilitiesP: logProbabilities(zp), logProbabilitiesQ: logProbabilities(zq))
    }

    /// An action drawn by inversion of the cumulative probabilities.
    public static func sample(_ z: ArraySlice<Double>, using rng: inout SeededGenerator) -> Int {
        rng.nextCategorical(logProbabilities(z).map { exp($0) })
    }
}
