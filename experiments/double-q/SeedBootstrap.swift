import ExperimentKit

/// Percentile bootstrap over seeds (ExperimentKit's stratified bootstrap with one task): each replicate
/// resamples seed indices with replacement and evaluates `statistic` on them, so a statistic of several
/// series indexed by seed (DQN's and Double DQN's overestimation at the same seed) resamples them
/// jointly: a paired bootstrap.
enum SeedBootstrap {
    static func interval(seeds: Int, replicates: Int, level: Double = 0.95, using rng: inout SeededGenerator,
                         _ statistic: ([Int]) -> Double) -> (lower: Double, upper: Double) {
        let indices = [(0..<seeds).map(Double.init)]
        return AggregateMetrics.stratifiedBootstrapInterval([indices], replicates: replicates, level: level, using: &rng) {
            statistic($0[0][0].map { Int($0) })
        }
    }

    static func mean(_ x: [Double], _ indices: [Int]) -> Double { indices.reduce(0) { $0 + x[$1] } / Double(indices.count) }

    /// `|mean(a)| − 2|mean(b)|` on the resampled seeds: above 0 when b's bias has less than half a's magnitude.
    static func mostRemoved(_ a: [Double], _ b: [Double], _ indices: [Int]) -> Double {
        abs(mean(a, indices)) - 2 * abs(mean(b, indices))
    }
}
