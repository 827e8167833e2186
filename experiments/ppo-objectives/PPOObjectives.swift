import ArgumentParser
import ExperimentCLI
import ExperimentKit
import OutputKit
import Foundation
import Neural
import PPO

/// C9: the PPO paper's Table 1 re-run with the suite's PPO, on the classic-control tasks or on the
/// paper's own MuJoCo tasks.
enum PPOObjectives: Experiment {
    static let name = "ppo-objectives"
    static let abstract = "C9: clipped versus KL-penalised PPO (the PPO paper's Table 1), on classic control or the paper's MuJoCo tasks."

    /// `--suite`: which tasks; each suite has its own results folder.
    struct Options: ParsableArguments {
        @Option(help: "Tasks: \(Suite.allowedValues) (the results go to results/ppo-objectives or results/ppo-objectives-mujoco).")
        var suite: String = Suite.classicControl.rawValue

        func validate() throws {
            guard Suite(rawValue: suite) != nil else {
                throw ValidationError(InputError(parameter: "--suite", given: suite, allowed: Suite.allowedValues).description)
            }
        }

        /// The validated suite (after `validate()`).
        var parsed: Suite { Suite(rawValue: suite)! }
    }

    static func configuration(for profile: Profile, options: Options) -> Configuration { .forProfile(profile, suite: options.parsed) }
    static func outputName(options: Options) -> String { options.parsed.experimentName }
    /// PPO allocates and frees the same buffers every update; keep freed memory in the process.
    static func prepare(output: OutputDirectory) throws { retainFreedMemory() }

    static func setting(_ label: String) -> ObjectiveSetting? {
        Configuration.settings.first { $0.label == label }
    }

    /// Runs one trial and saves its file. Throws for an unknown task or setting before any work.
    static func runTrial(_ trial: Trial, config: Configuration, masterSeed: UInt64, store: TrialStore) throws {
        guard let setting = setting(trial.setting) else {
            throw InputError(parameter: "--setting", given: trial.setting,
                             allowed: Configuration.settings.map(\.label).joined(separator: ", "))
        }
        let record = try EnvironmentCatalog.train(environmentID: trial.environment, configuration: config.ppo(setting),
                                                  seed: trial.streamKey(experiment: config.experimentName, masterSeed: masterSeed).seed)
        guard record.episodes.count > 0 else {
            throw NumericalError("\(trial): no episode finished within \(config.steps) steps")
        }
        for u in record.updates where !(u.meanKL.isFinite && u.valueLoss.isFinite) {
            throw NumericalError("\(trial): update \(u.update) diverged (mean KL \(u.meanKL), value loss \(u.valueLoss))")
        }
        let episodes = record.episodes.map { [Double($0.endStep), $0.episodeReturn, Double($0.length)] }
        let updates = record.updates.enumerated()
            .filter { ($0.offset + 1) % config.updateStride == 0 || $0.offset == record.updates.count - 1 }
            .map { [Double($0.element.steps), $0.element.beta, $0.element.meanKL, $0.element.clipFraction, $0.element.entropy,
                    $0.element.valueLoss, $0.element.explainedVariance.isFinite ? $0.element.explainedVariance : 0] }
        var file = TrialFile(
            environment: trial.environment, setting: trial.setting, seed: trial.seed, masterSeed: masterSeed,
            steps: config.steps, codeHash: store.codeHash, episodes: episodes, updates: updates)
        if config.compactTrialFiles {
            let grid = config.curveGrid
            file.curve = zip(grid, TrialFile.curve(episodes: episodes, grid: grid)).compactMap { step, mean in
                mean.map { [Double(step), $0] }
            }
            file.episodeCount = episodes.count
            file.episodes = Array(episodes.suffix(100))
        }
        try store.save(file, for: trial)
    }

    /// Runs every trial whose file is missing, then aggregates. A file that another computation made
    /// stops the run before any work (see `TrialStore.reusable`).
    static func run(_ config: Configuration, context: RunContext) throws -> ExperimentOutput {
        guard let output = context.output else {
            throw InputError(parameter: "output", given: "none", allowed: "a folder for the trial files (C9 keeps them in <output>/trials)")
        }
        let masterSeed = context.masterSeed, showProgress = context.showProgress
        for s in Configuration.settings { try config.ppo(s).validate() }
        let store = try TrialStore(output: output, configuration: config, masterSeed: masterSeed)
        let missing = try config.trials.filter { try store.reusable($0) == nil }
        if showProgress && missing.count < config.trials.count {
            print("\(config.experimentName): \(config.trials.count - missing.count) of \(config.trials.count) trials already done; running \(missing.count)")
        }
        let runner = context.runner(config.experimentName)
        _ = try runner.run(count: missing.count) { i in
            try runTrial(missing[i], config: config, masterSeed: masterSeed, store: store)
        }
        return try merge(config: config, masterSeed: masterSeed, store: store, requireAll: true)
    }

    /// The run as the tests call it, with the trial files in `output`.
    static func run(config: Configuration, masterSeed: UInt64, threads: Int, showProgress: Bool = false,
                    output: OutputDirectory) throws -> ExperimentOutput {
        try self.output(config, context: RunContext(masterSeed: masterSeed, threads: threads, showProgress: showProgress, output: output))
    }

    /// Aggregates whatever trial files exist (all of them when `requireAll`).
    static func merge(config: Configuration, masterSeed: UInt64, store: TrialStore, requireAll: Bool) throws -> ExperimentOutput {
        var files: [Trial: TrialFile] = [:]
        for trial in config.trials {
            if let f = try store.reusable(trial) { files[trial] = f }
            else if requireAll { throw NumericalError("trial file missing after the run: \(store.name(trial))") }
        }
        guard !files.isEmpty else {
            throw InputError(parameter: "trials", given: "none in \(store.directory.url.path)",
                             allowed: "at least one finished trial of this profile and seed (run `ppo-objectives trial …` first)")
        }
        var random: [String: Double] = [:]
        for e in config.environments {
            random[e] = try randomPolicyReturn(environmentID: e, episodes: config.randomEpisodes,
                                               experiment: config.experimentName, masterSeed: masterSeed)
        }
        return try Findings(config: config, masterSeed: masterSeed, files: files, randomReturns: random).output()
    }
}
