import ExperimentCLI
import ExperimentKit
import OutputKit
import Foundation
import Neural
import PPO

/// Sanity learning runs of the suite's PPO: PPO-clip must solve CartPole-v1 and reach a typical
/// Pendulum-v1 return within the stated budgets, for every seed of the profile.
enum PPOSanity: Experiment {
    static let name = "ppo-sanity"
    static let abstract = "Sanity learning runs: PPO-clip on CartPole-v1 (≥ 475) and Pendulum-v1 (≥ −250), every seed."

    static func configuration(for profile: Profile, options: NoExtraOptions) -> Configuration { .forProfile(profile) }

    /// PPO allocates and frees the same buffers every update; keep freed memory in the process.
    static func prepare(output: OutputDirectory) throws { retainFreedMemory() }

    struct Run: Sendable {
        var task: Int
        var seed: Int
        var record: TrainingRecord
    }

    static func run(_ config: Configuration, context: RunContext) throws -> ExperimentOutput {
        let masterSeed = context.masterSeed
        for task in config.tasks { try task.configuration.validate() }
        let jobs = config.tasks.indices.flatMap { t in (0..<config.seeds).map { (t, $0) } }
        let runner = context.runner(name)
        let runs = try runner.run(count: jobs.count) { index in
            let (t, seed) = jobs[index]
            let task = config.tasks[t]
            let key = StreamKey(experiment: name, setting: task.environment, trial: seed, masterSeed: masterSeed)
            let record = try PPOTraining.train(environmentID: task.environment, configuration: task.configuration, seed: key.seed)
            return Run(task: t, seed: seed, record: record)
        }

        var episodes = CSVTable(columns: ["environment", "seed", "episode", "end_step", "return", "length", "mean_last100"])
        var updates = CSVTable(columns: ["environment", "seed", "update", "steps", "mean_kl", "clip_fraction", "entropy",
                                         "value_loss", "explained_variance", "surrogate"])
        var summary = CSVTable(columns: ["environment", "seed", "steps", "episodes", "score_last100", "threshold", "reached",
                                         "first_step_reached"])
        var reachedPerTask = [Int](repeating: 0, count: config.tasks.count)
        var worstPerTask = [Double](repeating: .infinity, count: config.tasks.count)
        for run in runs {
            let task = config.tasks[run.task]
            let means = TrainingRecord.trailingMeans(run.record.episodes.map(\.episodeReturn), window: 100)
            for (i, e) in run.record.episodes.enumerated() {
                episodes.append([.string(task.environment), .int(run.seed), .int(i + 1), .int(e.endStep),
                                 .double(e.episodeReturn), .int(e.length), .double(means[i])])
            }
            for u in run.record.updates {
                updates.append([.string(task.environment), .int(run.seed), .int(u.update), .int(u.steps),
                                .finiteOrEmpty(u.meanKL), .finiteOrEmpty(u.clipFraction), .finiteOrEmpty(u.entropy),
                                .finiteOrEmpty(u.valueLoss), .finiteOrEmpty(u.explainedVariance), .finiteOrEmpty(u.surrogate)])
            }
            guard let score = run.record.meanReturnOfLastEpisodes(100), score.isFinite else {
                throw NumericalError("\(task.environment) seed \(run.seed): no finite score")
            }
            let reached = score >= task.threshold
            if reached { reachedPerTask[run.task] += 1 }
            worstPerTask[run.task] = min(worstPerTask[run.task], score)
            summary.append([.string(task.environment), .int(run.seed), .int(run.record.updates.last?.steps ?? 0),
                            .int(run.record.episodes.count), .double(score), .double(task.threshold),
                            .int(reached ? 1 : 0), firstStepReaching(task.threshold, in: run.record)])
        }

        var verdicts: [Verdict] = []
        var macros = LaTeXMacros(prefix: "ps")
        macros.define("Seeds", integer: config.seeds)
        for (t, task) in config.tasks.enumerated() {
            let c = task.configuration
            let budget = (c.totalSteps + c.horizon - 1) / c.horizon * c.horizon   // whole rollouts
            let tag = String(task.environment.split(separator: "-")[0])
            macros.define("\(tag)Steps", integer: budget)
            macros.define("\(tag)Threshold", number: task.threshold)
            macros.define("\(tag)Reached", integer: reachedPerTask[t])
            macros.define("\(tag)Worst", number: worstPerTask[t], digits: 4)
            let rule = EveryInstanceRule(quantity: "seed's mean return over the last 100 episodes", limit: task.threshold, side: .atLeast)
            verdicts.append(Verdict(
                id: "S1.\(t + 1)",
                statement: "PPO-clip reaches a mean return ≥ \(RuleNumber.text(task.threshold)) over the last 100 episodes of \(task.environment) within \(budget) steps, for every seed",
                verdict: rule.verdict(violations: config.seeds - reachedPerTask[t], of: config.seeds),
                figure: "worst score over \(config.seeds) seeds", value: worstPerTask[t], rule: rule.statement,
                detail: "\(reachedPerTask[t]) of \(config.seeds) seeds reached it"))
        }

        var output = ExperimentOutput()
        output.tables = [("episodes.csv", episodes), ("updates.csv", updates), ("summary.csv", summary),
                         ("verdicts.csv", Verdict.table(verdicts))]
        output.macros = macros
        return output
    }

    /// The first environment step at which the mean of the last 100 episodes reached the threshold
    /// (empty if never).
    static func firstStepReaching(_ threshold: Double, in record: TrainingRecord) -> CSVValue {
        let means = TrainingRecord.trailingMeans(record.episodes.map(\.episodeReturn), window: 100)
        for (i, e) in record.episodes.enumerated() where i >= 99 && means[i] >= threshold { return .int(e.endStep) }
        return .empty
    }
}
