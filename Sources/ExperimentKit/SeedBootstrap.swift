/// Percentile bootstrap over seeds (the stratified bootstrap of `AggregateMetrics` with one task):
/// each replicate resamples seed indices with replacement and evaluates `statistic` on them, so a
/// statistic of several series indexed by seed (two algorithms run from the same seed) resamples
/// them jointly: a paired bootstrap. Used by C11 (DQN against Double DQN) and C17 (DDPG, TD3 and
/// TD3's ablations).
public enum SeedBootstrap {
    /// The `level` percentile interval of `statistic` over `replicates` resamplings of the indices `0..<seeds`.
    public static func interval(seeds: Int, replicates: Int, level: Double = 0.95, using rng: inout SeededGenerator,
                                _ statistic: ([Int]) -> Double) -> (lower: Double, upper: Double) {
        let indices = [(0..<seeds).map(Double.init)]
        return AggregateMetrics.stratifiedBootstrapInterval([indices], replicates: replicates, level: level, using: &rng) {
            statistic($0[0][0].map { Int($0) })
        }
    }

    /// `(1/|I|) Σ_{i ∈ I} x_i` over the resampled indices `I` (with repeats).
    public static func mean(_ x: [Double], _ indices: [Int]) -> Double { indices.reduce(0) { $0 + x[$1] } / Double(indices.count) }

    /// `|mean(a)| − 2|mean(b)|` on the resampled seeds: above 0 when b's bias has less than half a's magnitude.
    public static func mostRemoved(_ a: [Double], _ b: [Double], _ indices: [Int]) -> Double {
        abs(mean(a, indices)) - 2 * abs(mean(b, indices))
    }
}
