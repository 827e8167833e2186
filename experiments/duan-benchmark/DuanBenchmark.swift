import ArgumentParser
import ExperimentCLI
import ExperimentKit
import OutputKit
import Foundation
import PolicySearch

/// C15: Duan et al.'s (2016) benchmark table on the suite's counterparts of their tasks.
enum DuanBenchmark: Experiment {
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

    /// Runs one trial and saves its file.
    static func runTrial(_ trial: Trial, config: Configuration, masterSeed: UInt64, store: TrialStore) throws {
        let start = Date()
        let records = try TaskCatalog.train(task: trial.task, variant: trial.variant, algorithm: trial.algorithm, config: config,
                                            seed: trial.streamKey(experiment: config.experimentName, masterSeed: masterSeed).seed)
        for r in records where !r.averageReturn.isFinite {
            throw NumericalError("\(trial): iteration \(r.iteration) has a non-finite average return")
        }
        let file = TrialFile(task: trial.task, variant: trial.variant.rawValue, algorithm: trial.algorithm.rawValue, seed: trial.seed,
                             masterSeed: masterSeed, codeHash: store.codeHash(trial),
                             iterations: records.map { [$0.averageReturn, Double($0.paths), Double($0.steps)] },
                             seconds: (Date().timeIntervalSince(start) * 1000).rounded() / 1000)
        try store.save(file, for: trial)
    }

    /// Runs every trial whose file is missing, then aggregates.
    static func run(_ config: Configuration, context: RunContext) throws -> ExperimentOutput {
        guard let output = context.output else {
            throw InputError(parameter: "output", given: "none", allowed: "a folder for the trial files (C15 keeps them in <output>/trials)")
        }
        let store = try TrialStore(output: output, configuration: config, masterSeed: context.masterSeed)
        let missing = try config.trials.filter { try store.reusable($0) == nil }
        if context.showProgress && missing.count < config.trials.count {
            print("\(config.experimentName): \(config.trials.count - missing.count) of \(config.trials.count) trials already done; running \(missing.count)")
        }
        _ = try context.runner(config.experimentName).run(count: missing.count) { i in
            try runTrial(missing[i], config: config, masterSeed: context.masterSeed, store: store)
        }
        return try merge(config: config, masterSeed: context.masterSeed, store: store, requireAll: true)
    }

    static func run(config: Configuration, masterSeed: UInt64, threads: Int, output: OutputDirectory) throws -> ExperimentOutput {
        try self.output(config, context: RunContext(masterSeed: masterSeed, threads: threads, output: output))
    }

    /// Aggregates whatever trial files exist (all of them when `requireAll`).
    static func merge(config: Configuration, masterSeed: UInt64, store: TrialStore, requireAll: Bool) throws -> ExperimentOutput {
        var files: [Trial: TrialFile] = [:]
        for t in config.trials {
            if let f = try store.reusable(t) { files[t] = f }
            else if requireAll { throw NumericalError("trial file missing after the run: \(store.name(t))") }
        }
        guard !files.isEmpty else {
            throw InputError(parameter: "trials", given: "none in \(store.directory.url.path)",
                             allowed: "at least one finished trial of this profile and seed (run `duan-benchmark trial …` first)")
        }
        return try Findings(config: config, masterSeed: masterSeed, files: files).output()
    }
}
