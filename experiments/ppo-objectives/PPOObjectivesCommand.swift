import ArgumentParser
import ExperimentCLI
import ExperimentKit
import OutputKit
import Foundation
import Neural

/// `ppo-objectives`: C9, the PPO paper's Table 1 with the suite's PPO. `run` (the default) runs
/// every missing trial and aggregates; `list`, `trial` and `merge` split the same work across
/// machines (GNU parallel, a Slurm array).
@main
struct PPOObjectivesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ppo-objectives",
        abstract: PPOObjectives.abstract,
        subcommands: [Run.self, List.self, RunTrial.self, Merge.self],
        defaultSubcommand: Run.self)

    static func outputDirectory(_ options: ExperimentOptions, _ suite: PPOObjectives.Options) throws -> OutputDirectory {
        try OutputDirectory(path: options.output ?? "results/\(PPOObjectives.outputName(options: suite))")
    }

    /// `run`: what every experiment's command does (`ExperimentDriver`): here, every trial not yet
    /// done (finished trial files are reused), then the aggregate.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run every trial not yet done (finished trial files are reused), then aggregate.")
        @OptionGroup var options: ExperimentOptions
        @OptionGroup var suite: PPOObjectives.Options

        func run() throws { try ExperimentDriver.run(PPOObjectives.self, options: options, extra: suite) }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print one command line per trial of the profile (for GNU parallel or a job array).")
        @OptionGroup var options: ExperimentOptions
        @OptionGroup var suite: PPOObjectives.Options

        func run() throws {
            let config = Configuration.forProfile(options.parsedProfile, suite: suite.parsed)
            let output = options.output ?? "results/\(config.experimentName)"
            let binary = TrialFolder.shellQuoted(CommandLine.arguments[0]), folder = TrialFolder.shellQuoted(output)
            for t in config.trials {
                print("\(binary) trial --suite \(config.suite.rawValue) --profile \(options.profile) --seed \(options.masterSeed) --output \(folder) "
                      + "--environment \(t.environment) --setting \(t.setting) --index \(t.seed)")
            }
        }
    }

    struct RunTrial: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "trial", abstract: "Run one trial and write its file into <output>/trials/ (atomically).")
        @OptionGroup var options: ExperimentOptions
        @OptionGroup var suite: PPOObjectives.Options
        @Option(help: "Task: \((Configuration.allEnvironments + Configuration.mujocoEnvironments).joined(separator: ", ")).") var environment: String
        @Option(help: "Setting: \(Configuration.settings.map(\.label).joined(separator: ", ")).") var setting: String
        @Option(help: "Seed index within the profile (0 ≤ index < seeds).") var index: Int

        func validate() throws {
            let config = Configuration.forProfile(options.parsedProfile, suite: suite.parsed)
            guard config.environments.contains(environment) else {
                throw ValidationError(InputError(parameter: "--environment", given: environment,
                                                 allowed: config.environments.joined(separator: ", ")).description)
            }
            guard PPOObjectives.setting(setting) != nil else {
                throw ValidationError(InputError(parameter: "--setting", given: setting,
                                                 allowed: Configuration.settings.map(\.label).joined(separator: ", ")).description)
            }
            guard (0..<config.seeds).contains(index) else {
                throw ValidationError(InputError(parameter: "--index", given: "\(index)",
                                                 allowed: "an integer from 0 to \(config.seeds - 1) for profile \(options.profile)").description)
            }
        }

        func run() throws {
            retainFreedMemory()
            let config = Configuration.forProfile(options.parsedProfile, suite: suite.parsed)
            let store = try TrialStore(output: try PPOObjectivesCommand.outputDirectory(options, suite), configuration: config,
                                       masterSeed: options.masterSeed)
            let trial = Trial(environment: environment, setting: setting, seed: index)
            if try store.reusable(trial) != nil {
                if !options.quiet { print("\(store.name(trial)): already done") }
                return
            }
            try PPOObjectives.runTrial(trial, config: config, masterSeed: options.masterSeed, store: store)
            if !options.quiet { print("wrote \(store.name(trial))") }
        }
    }

    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Aggregate whatever trial files of the profile and seed exist into the CSVs, tables and verdicts.")
        @OptionGroup var options: ExperimentOptions
        @OptionGroup var suite: PPOObjectives.Options

        func run() throws {
            try ExperimentDriver.run(PPOObjectives.self, options: options, extra: suite) { config, context in
                let store = try TrialStore(output: context.output!, configuration: config, masterSeed: context.masterSeed)
                return try PPOObjectives.merge(config: config, masterSeed: context.masterSeed, store: store, requireAll: false)
            }
        }
    }
}
