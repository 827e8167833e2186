import ArgumentParser
import ExperimentCLI
import ExperimentKit
import OutputKit
import Foundation
import PolicySearch

/// C15: Duan et al.'s (2016) benchmark table on the suite's counterparts of their tasks.
enum DuanBenchmark: ScaleOutExperiment {
    static let name = "duan-benchmark"
    static let abstract = "C15: Duan et al. (2016)'s benchmark of REINFORCE, TNPG, RWR, REPS, TRPO, CEM, CMA-ES and DDPG on classic control, its partially observable variants, or locomotion."

    struct Options: ParsableArguments {
        @Option(help: "Rows: \(Suite.allowedValues) (results go to results/duan-benchmark or results/duan-benchmark-mujoco).")
        var suite: String = Suite.classicControl.rawValue

        func validate() throws {
            guard Suite(rawValue: suite) != nil else {
                throw ValidationError(InputError(parameter: "--suite", given: suite, allowed: Suite.allowedValues).description)
            }
        }

        var parsed: Suite { Suite(rawValue: suite)! }
    }

    static func configuration(for profile: Profile, options: Options) -> Configuration { .forProfile(profile, suite: options.parsed) }
    static func outputName(options: Options) -> String { options.parsed.experimentName }

    static func trials(_ configuration: Configuration) -> [Trial] { configuration.trials }
    static func trialName(_ trial: Trial) -> String { "\(trial.task)__\(trial.variant.rawValue)__\(trial.algorithm.rawValue)__seed\(trial.seed)" }
    static func trialDescription(_ configuration: Configuration) -> String { configuration.trialDescription }

    /// Per trial, this build's `ComputationFingerprint` of its algorithm on the configuration's suite.
    static func codeHashes(_ configuration: Configuration) throws -> [Trial: String] {
        let hashes = try ComputationFingerprint.all(configuration.suite)
        return Dictionary(uniqueKeysWithValues: configuration.trials.map { ($0, hashes[$0.algorithm]!) })
    }

    /// Runs one trial: `iterations` iterations of its algorithm on its row, from the row's seed.
    static func runTrial(_ trial: Trial, _ config: Configuration, masterSeed: UInt64, codeHash: String) throws -> TrialFile {
        let start = Date()
        let records = try TaskCatalog.train(task: trial.task, variant: trial.variant, algorithm: trial.algorithm, config: config,
                                            seed: trial.streamKey(experiment: config.experimentName, masterSeed: masterSeed).seed)
        for r in records where !r.averageReturn.isFinite {
            throw NumericalError("\(trial): iteration \(r.iteration) has a non-finite average return")
        }
        return TrialFile(task: trial.task, variant: trial.variant.rawValue, algorithm: trial.algorithm.rawValue, seed: trial.seed,
                         masterSeed: masterSeed, codeHash: codeHash,
                         iterations: records.map { [$0.averageReturn, Double($0.paths), Double($0.steps)] },
                         seconds: (Date().timeIntervalSince(start) * 1000).rounded() / 1000)
    }

    static func aggregate(_ config: Configuration, masterSeed: UInt64, files: [Trial: TrialFile], complete: Bool) throws -> ExperimentOutput {
        try Findings(config: config, masterSeed: masterSeed, files: files).output()
    }
}
