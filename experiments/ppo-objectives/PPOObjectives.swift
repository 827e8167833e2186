import ExperimentKit
import Foundation
import Neural

/// C9: the PPO paper's Table 1 re-run with the suite's PPO on the classic-control tasks.
enum PPOObjectives {
    static let name = "ppo-objectives"

    static func setting(_ label: String) -> ObjectiveSetting? {
        Configuration.settings.first { $0.label == label }
    }

    /// Runs one trial and saves its file. Throws for an unknown task or setting before any work.
    static func runTrial(_ trial: Trial, config: Configuration, masterSeed: UInt64, store: TrialStore) throws {
        guard let setting = setting(trial.setting) else {
            throw InputError(parameter: "--setting", given: trial.setting,
                             allowed: Configuration.settings.map(\.label).joined(separator: ", "))
        }
        let record = try PPOTraining.train(environmentID: trial.environment, configuration: config.ppo(setting),
                                           seed: trial.streamKey(masterSeed: masterSeed).seed)
        guard record.episodes.count > 0 else {
            throw NumericalError("\(trial): no episode finished within \(config.steps) steps")
        }
        for u in record.updates where !(u.meanKL.isFinite && u.valueLoss.isFinite) {
            throw NumericalError("\(trial): update \(u.update) diverged (mean KL \(u.meanKL), value loss \(u.valueLoss))")
        }
        let file = TrialFile(
            environment: trial.environment, setting: trial.setting, seed: trial.seed, masterSeed: masterSeed,
            steps: config.steps, codeHash: TrialStore.codeHash,
            episodes: record.episodes.map { [Double($0.endStep), $0.episodeReturn, Double($0.length)] },
            updates: record.updates.map { [Double($0.steps), $0.beta, $0.meanKL, $0.clipFraction, $0.entropy, $0.valueLoss,
                                           $0.explainedVariance.isFinite ? $0.explainedVariance : 0] })
        try store.save(file, for: trial)
    }

    /// Runs every trial whose file is missing (or was computed by another binary), then aggregates.
    static func run(config: Configuration, masterSeed: UInt64, threads: Int, showProgress: Bool,
                    output: OutputDirectory) throws -> ExperimentOutput {
        for s in Configuration.settings { try config.ppo(s).validate() }
        let store = try TrialStore(output: output, configuration: config, masterSeed: masterSeed)
        let missing = config.trials.filter { store.load($0)?.codeHash != TrialStore.codeHash }
        if showProgress && missing.count < config.trials.count {
            print("\(name): \(config.trials.count - missing.count) of \(config.trials.count) trials already done; running \(missing.count)")
        }
        let runner = TrialRunner(threads: threads, progressLabel: showProgress ? name : nil)
        _ = try runner.run(count: missing.count) { i in
            try runTrial(missing[i], config: config, masterSeed: masterSeed, store: store)
        }
        return try merge(config: config, masterSeed: masterSeed, store: store, requireAll: true)
    }

    /// Aggregates whatever trial files exist (all of them when `requireAll`).
    static func merge(config: Configuration, masterSeed: UInt64, store: TrialStore, requireAll: Bool) throws -> ExperimentOutput {
        var files: [Trial: TrialFile] = [:]
        for trial in config.trials {
            if let f = store.load(trial) { files[trial] = f }
            else if requireAll { throw NumericalError("trial file missing after the run: \(store.name(trial))") }
        }
        guard !files.isEmpty else {
            throw InputError(parameter: "trials", given: "none in \(store.directory.url.path)",
                             allowed: "at least one finished trial of this profile and seed (run `\(name) trial …` first)")
        }
        var random: [String: Double] = [:]
        for e in config.environments {
            random[e] = try randomPolicyReturn(environmentID: e, episodes: config.randomEpisodes, masterSeed: masterSeed)
        }
        return try Findings(config: config, masterSeed: masterSeed, files: files, randomReturns: random).output()
    }
}
