/// Running mean and variance of vectors, merged batch by batch with Chan et al.'s parallel update,
/// as OpenAI Baselines' and Stable-Baselines3's `RunningMeanStd` (the count starts at 10⁻⁴, mean 0,
/// variance 1, so the first normalisations are finite):
///   δ = x̄_B − μ,  N' = N + n_B,  μ' = μ + δ·n_B/N',  σ²' = (σ²N + s²_B n_B + δ²N n_B/N') / N'.
public struct RunningMeanVariance: Sendable, Equatable {
    public private(set) var mean: [Double]
    public private(set) var variance: [Double]
    public private(set) var count: Double

    public init(dimension: Int) {
        mean = Array(repeating: 0, count: dimension)
        variance = Array(repeating: 1, count: dimension)
        count = 1e-4
    }

    /// Merges one sample.
    public mutating func update(_ x: [Double]) {
        precondition(x.count == mean.count)
        let total = count + 1
        for i in mean.indices {
            let delta = x[i] - mean[i]
            let m2 = variance[i] * count + delta * delta * count / total
            mean[i] += delta / total
            variance[i] = m2 / total
        }
        count = total
    }
}

/// Observation normalisation with running statistics (Stable-Baselines3's `VecNormalize`):
/// x ↦ clip((x − μ)/√(σ² + 10⁻⁸), −c, c), the statistics updated with every observation seen
/// while collecting experience.
public struct ObservationNormalizer: Sendable {
    public private(set) var statistics: RunningMeanVariance
    public let clip: Double

    public init(dimension: Int, clip: Double = 10) {
        statistics = RunningMeanVariance(dimension: dimension)
        self.clip = clip
    }

    public mutating func update(_ x: [Double]) { statistics.update(x) }

    public func normalize(_ x: [Double]) -> [Double] {
        x.indices.map { i in
            let z = (x[i] - statistics.mean[i]) / (statistics.variance[i] + 1e-8).squareRoot()
            return min(max(z, -clip), clip)
        }
    }
}

/// Reward scaling with the running variance of the discounted return (Stable-Baselines3's
/// `VecNormalize`, Engstrom et al. 2020): R ← γR + r, σ² ← running variance of R,
/// r ↦ clip(r/√(σ² + 10⁻⁸), −c, c); R is reset to 0 when an episode ends.
public struct RewardScaler: Sendable {
    public private(set) var statistics = RunningMeanVariance(dimension: 1)
    public private(set) var discountedReturn = 0.0
    public let gamma: Double, clip: Double

    public init(gamma: Double, clip: Double = 10) {
        self.gamma = gamma
        self.clip = clip
    }

    /// Scales r and updates the statistics; call `episodeEnded()` after the last reward of an episode.
    public mutating func scale(_ r: Double) -> Double {
        discountedReturn = gamma * discountedReturn + r
        statistics.update([discountedReturn])
        let scaled = r / (statistics.variance[0] + 1e-8).squareRoot()
        return min(max(scaled, -clip), clip)
    }

    public mutating func episodeEnded() { discountedReturn = 0 }
}
