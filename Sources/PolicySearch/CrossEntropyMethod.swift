import ExperimentKit
import Foundation

/// The cross-entropy method over policy parameters (Rubinstein & Kroese 2004; Szita & Lőrincz
/// 2006's noisy variant; Duan et al. 2016, §4 "CEM"; rllab's `CEM`), maximising a fitness f(θ)
/// (the discounted return of one path in the RL use) with a diagonal Gaussian N(m, diag s²):
///   iteration k:  s̃ = √(s² + e² · max(1 − k/K, 0))     (extra noise e, decaying to 0 over K iterations),
///                 θ₁ … θ_n ~ N(m, diag s̃²),  the ⌊ρn⌋ (≥ 1) best by f are the elites,
///                 m ← mean of the elites,  s ← their standard deviation (population form).
/// rllab's defaults: s₀ = 1, n = 100, ρ = 0.05, e = 1, K = 100. Ask/tell: `ask` draws a generation,
/// `tell` takes its fitnesses (higher is better).
public struct CrossEntropyMethod: Sendable, Equatable {
    public private(set) var mean: [Double]
    public private(set) var standardDeviation: [Double]
    public private(set) var iteration = 0
    public let populationSize: Int
    public let eliteFraction: Double
    public let extraStandardDeviation: Double
    public let extraDecayIterations: Int
    /// The best sample of the last generation told (rllab sets the policy to it after each iteration).
    public private(set) var bestSample: [Double]?

    public init(mean: [Double], initialStandardDeviation: Double = 1,
                populationSize: Int = DuanDefaults.cemPopulationSize, eliteFraction: Double = DuanDefaults.cemEliteFraction,
                extraStandardDeviation: Double = DuanDefaults.cemExtraStandardDeviation,
                extraDecayIterations: Int = DuanDefaults.cemExtraDecayIterations) {
        precondition(!mean.isEmpty && initialStandardDeviation > 0 && populationSize >= 1
                     && eliteFraction > 0 && eliteFraction <= 1 && extraStandardDeviation >= 0 && extraDecayIterations > 0)
        self.mean = mean
        standardDeviation = [Double](repeating: initialStandardDeviation, count: mean.count)
        self.populationSize = populationSize
        self.eliteFraction = eliteFraction
        self.extraStandardDeviation = extraStandardDeviation
        self.extraDecayIterations = extraDecayIterations
    }

    /// max(1, ⌊ρn⌋).
    public var eliteCount: Int { max(1, Int(Double(populationSize) * eliteFraction)) }

    /// s̃ at the current iteration.
    public var samplingStandardDeviation: [Double] {
        let decay = max(1 - Double(iteration) / Double(extraDecayIterations), 0)
        return standardDeviation.map { ($0 * $0 + extraStandardDeviation * extraStandardDeviation * decay).squareRoot() }
    }

    /// One generation of n samples.
    public func ask(using rng: inout SeededGenerator) -> [[Double]] {
        let s = samplingStandardDeviation
        return (0..<populationSize).map { _ in mean.indices.map { mean[$0] + s[$0] * rng.nextGaussian() } }
    }

    /// Refits (m, s) to the elites of `samples` by `fitness` (ties keep the earlier sample first).
    public mutating func tell(_ samples: [[Double]], fitness: [Double]) {
        precondition(samples.count == fitness.count && !samples.isEmpty)
        let order = samples.indices.sorted { fitness[$0] > fitness[$1] || (fitness[$0] == fitness[$1] && $0 < $1) }
        let elites = order.prefix(eliteCount).map { samples[$0] }
        let count = Double(elites.count)
        for j in mean.indices {
            let m = elites.reduce(0) { $0 + $1[j] } / count
            let v = elites.reduce(0) { $0 + ($1[j] - m) * ($1[j] - m) } / count
            mean[j] = m
            standardDeviation[j] = v.squareRoot()
        }
        bestSample = elites[0]
        iteration += 1
    }
}
