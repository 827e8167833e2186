/// Aggregate metrics over few runs on several tasks, as rliable defines them (Agarwal et al.,
/// "Deep reinforcement learning at the edge of the statistical precipice", NeurIPS 2021).
/// Scores are given per task: `scores[task]` holds one normalised score per run.
public enum AggregateMetrics {
    /// The interquartile mean of all runs pooled: the mean of what remains after cutting
    /// ⌊n/4⌋ values from each end of the sorted sample (scipy's `trim_mean(·, 0.25)`, rliable's IQM).
    /// Precondition: at least one run.
    public static func interquartileMean(_ scores: [[Double]]) -> Double {
        let pooled = scores.flatMap { $0 }.sorted()
        precondition(!pooled.isEmpty, "IQM of no runs")
        let cut = pooled.count / 4
        let middle = pooled[cut..<(pooled.count - cut)]
        return middle.reduce(0, +) / Double(middle.count)
    }

    /// P(X > Y) averaged over tasks: for task m, (1/(N·M)) Σᵢ Σⱼ S(xᵢ, yⱼ) with S = 1 if x > y,
    /// ½ if equal, 0 otherwise (the Mann–Whitney U statistic over N·M). Precondition: the same
    /// tasks, each with runs on both sides.
    public static func probabilityOfImprovement(_ x: [[Double]], over y: [[Double]]) -> Double {
        precondition(x.count == y.count && !x.isEmpty)
        var total = 0.0
        for (xs, ys) in zip(x, y) {
            precondition(!xs.isEmpty && !ys.isEmpty)
            var s = 0.0
            for a in xs { for b in ys { s += a > b ? 1 : (a == b ? 0.5 : 0) } }
            total += s / Double(xs.count * ys.count)
        }
        return total / Double(x.count)
    }

    /// The fraction of all runs with score > τ, for each τ (a performance profile).
    public static func performanceProfile(_ scores: [[Double]], thresholds: [Double]) -> [Double] {
        let pooled = scores.flatMap { $0 }
        return thresholds.map { tau in Double(pooled.filter { $0 > tau }.count) / Double(pooled.count) }
    }

    /// A percentile interval at `level` from the stratified bootstrap: each replicate resamples,
    /// within every task separately and with replacement, as many runs as the task has, for every
    /// sample in `samples` independently, and evaluates `statistic` on the resampled data.
    public static func stratifiedBootstrapInterval(_ samples: [[[Double]]], replicates: Int, level: Double = 0.95,
                                                   using rng: inout SeededGenerator,
                                                   statistic: ([[[Double]]]) -> Double) -> (lower: Double, upper: Double) {
        precondition(replicates >= 1 && level > 0 && level < 1)
        var values: [Double] = []
        values.reserveCapacity(replicates)
        for _ in 0..<replicates {
            let resampled = samples.map { tasks in
                tasks.map { runs in (0..<runs.count).map { _ in runs[rng.nextInt(below: runs.count)] } }
            }
            values.append(statistic(resampled))
        }
        let tail = (1 - level) / 2
        return (Statistics.quantile(values, tail), Statistics.quantile(values, 1 - tail))
    }
}
