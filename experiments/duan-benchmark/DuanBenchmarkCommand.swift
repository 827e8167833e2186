import ArgumentParser
import ExperimentCLI
import ExperimentKit
import OutputKit
import Foundation

/// `duan-benchmark`: C15. `run` (the default) runs every missing trial and aggregates; `list`,
/// `trial` and `merge` split the same work across machines (GNU parallel, a Slurm array).
@main
struct DuanBenchmarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "duan-benchmark", abstract: DuanBenchmark.abstract,
        subcommands: [Run.self, List.self, RunTrial.self, Merge.self, Fingerprints.self], defaultSubcommand: Run.self)

    static func outputDirectory(_ options: ExperimentOptions, _ suite: DuanBenchmark.Options) throws -> OutputDirectory {
        try OutputDirectory(path: options.output ?? "results/\(DuanBenchmark.outputName(options: suite))")
    }

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run every trial not yet done (finished trial files are reused), then aggregate.")
        @OptionGroup var options: ExperimentOptions
        @OptionGroup var suite: DuanBenchmark.Options

        func run() throws { try ExperimentDriver.run(DuanBenchmark.self, options: options, extra: suite) }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print one command line per trial of the profile (for GNU parallel or a job array).")
        @OptionGroup var options: ExperimentOptions
        @OptionGroup var suite: DuanBenchmark.Options

        func run() throws {
            let config = Configuration.forProfile(options.parsedProfile, suite: suite.parsed)
            let output = options.output ?? "results/\(config.experimentName)"
            let binary = TrialFolder.shellQuoted(CommandLine.arguments[0]), folder = TrialFolder.shellQuoted(output)
            for t in config.trials {
                print("\(binary) trial --suite \(config.suite.rawValue) --profile \(options.profile) --seed \(options.masterSeed) --output \(folder) "
                      + "--task \(t.task) --variant \(t.variant.rawValue) --algorithm \(t.algorithm.rawValue) --index \(t.seed)")
            }
        }
    }

    struct RunTrial: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "trial", abstract: "Run one trial and write its file into <output>/trials/ (atomically).")
        @OptionGroup var options: ExperimentOptions
        @OptionGroup var suite: DuanBenchmark.Options
        @Option(help: "Task: \(TaskCatalog.allTasks.joined(separator: ", ")).") var task: String
        @Option(help: "Variant: \(Variant.allCases.map(\.rawValue).joined(separator: ", ")).") var variant: String = Variant.full.rawValue
        @Option(help: "Algorithm: \(Algorithm.allowedValues).") var algorithm: String
        @Option(help: "Seed index within the profile (0 ≤ index < seeds).") var index: Int

        func validate() throws {
            let config = Configuration.forProfile(options.parsedProfile, suite: suite.parsed)
            guard config.tasks.contains(task) else {
                throw ValidationError(InputError(parameter: "--task", given: task, allowed: config.tasks.joined(separator: ", ")).description)
            }
            guard let v = Variant(rawValue: variant), config.variants.contains(v), config.hasRow(task, v) else {
                throw ValidationError(InputError(parameter: "--variant", given: variant,
                                                 allowed: config.variants.filter { config.hasRow(task, $0) }.map(\.rawValue).joined(separator: ", ")).description)
            }
            guard let a = Algorithm(rawValue: algorithm), Algorithm.run.contains(a) else {
                throw ValidationError(InputError(parameter: "--algorithm", given: algorithm, allowed: Algorithm.allowedValues).description)
            }
            guard (0..<config.seeds).contains(index) else {
                throw ValidationError(InputError(parameter: "--index", given: "\(index)",
                                                 allowed: "an integer from 0 to \(config.seeds - 1) for profile \(options.profile)").description)
            }
        }

        func run() throws {
            let config = Configuration.forProfile(options.parsedProfile, suite: suite.parsed)
            let store = try TrialStore(output: try DuanBenchmarkCommand.outputDirectory(options, suite), configuration: config,
                                       masterSeed: options.masterSeed)
            let trial = Trial(task: task, variant: Variant(rawValue: variant)!, algorithm: Algorithm(rawValue: algorithm)!, seed: index)
            if try store.reusable(trial) != nil {
                if !options.quiet { print("\(store.name(trial)): already done") }
                return
            }
            try DuanBenchmark.runTrial(trial, config: config, masterSeed: options.masterSeed, store: store)
            if !options.quiet { print("wrote \(store.name(trial))") }
        }
    }

    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Aggregate whatever trial files of the profile and seed exist into the CSVs, tables and verdicts.")
        @OptionGroup var options: ExperimentOptions
        @OptionGroup var suite: DuanBenchmark.Options

        func run() throws {
            try ExperimentDriver.run(DuanBenchmark.self, options: options, extra: suite) { config, context in
                let store = try TrialStore(output: context.output!, configuration: config, masterSeed: context.masterSeed)
                return try DuanBenchmark.merge(config: config, masterSeed: context.masterSeed, store: store, requireAll: false)
            }
        }
    }

    struct Fingerprints: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print this build's code hash of each algorithm (what a trial file must record to be reused).")
        @OptionGroup var suite: DuanBenchmark.Options

        func run() throws {
            for (algorithm, hash) in try ComputationFingerprint.all(suite.parsed).sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                print("\(algorithm.rawValue) \(hash)")
            }
        }
    }
}
