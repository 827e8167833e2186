import ArgumentParser
import ExperimentCLI
import ExperimentKit
import OutputKit
import Foundation
import Neural
import PPO

/// C9: the PPO paper's Table 1 re-run with the suite's PPO, on the classic-control tasks or on the
/// paper's own MuJoCo tasks.
enum PPOObjectives: ScaleOutExperiment {
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

    static func trials(_ configuration: Configuration) -> [Trial] { configuration.trials }
    static func trialName(_ trial: Trial) -> String { "\(trial.environment)__\(trial.setting)__seed\(trial.seed)" }
    static func trialDescription(_ configuration: Configuration) -> String { configuration.trialDescription }

    /// Every trial has this build's `ComputationFingerprint` of the suite.
    static func codeHashes(_ configuration: Configuration) throws -> [Trial: String] {
        let hash = try ComputationFingerprint.of(configuration.suite)
        return Dictionary(uniqueKeysWithValues: configuration.trials.map { ($0, hash) })
    }

    /// Runs one trial. Throws for an unknown task or setting before any work.
    static func runTrial(_ trial: Trial, _ config: Configuration, masterSeed: UInt64, codeHash: String) throws -> TrialFile {
        guard let setting = setting(trial.setting) else {
            throw InputError(parameter: "--setting", given: trial.setting,
                             allowed: Configuration.settings.map(\.label).joined(separator: ", "))
        }
        try config.ppo(setting).validate()
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
            steps: config.steps, codeHash: codeHash, episodes: episodes, updates: updates)
        if config.compactTrialFiles {
            let grid = config.curveGrid
            file.curve = zip(grid, TrialFile.curve(episodes: episodes, grid: grid)).compactMap { step, mean in
                mean.map { [Double(step), $0] }
            }
            file.episodeCount = episodes.count
            file.episodes = Array(episodes.suffix(100))
        }
        return file
    }

    /// The aggregate of whatever trial files exist, with each task's random-policy return.
    static func aggregate(_ config: Configuration, masterSeed: UInt64, files: [Trial: TrialFile], complete: Bool) throws -> ExperimentOutput {
        var random: [String: Double] = [:]
        for e in config.environments {
            random[e] = try randomPolicyReturn(environmentID: e, episodes: config.randomEpisodes,
                                               experiment: config.experimentName, masterSeed: masterSeed)
        }
        return try Findings(config: config, masterSeed: masterSeed, files: files, randomReturns: random).output()
    }
}
