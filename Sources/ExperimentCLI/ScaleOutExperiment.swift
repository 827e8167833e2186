import ArgumentParser
import ExperimentKit
import Foundation
import OutputKit

/// What a trial file must record: the code hash of the computation that made it, so that a file
/// another computation made is refused rather than reused (`TrialFolder.reusable`).
public protocol TrialFileStamp: Codable, Sendable {
    var codeHash: String { get }
}

/// An experiment made of independent trials that may run anywhere (threads of one process, GNU
/// parallel, a Slurm array) and are aggregated afterwards (C9, C15, C17, C18). Each trial's result is a
/// file in `<output>/trials/`, written atomically when the trial ends, so an interrupted run resumes
/// where it stopped; the aggregate depends only on the files, never on where, when or in which order
/// they were made. `ScaleOutCommand` gives every such experiment the same command line. `prepare(output:)`
/// runs before every `trial` process too, many at once on one folder: it may set the process up, never
/// remove files.
public protocol ScaleOutExperiment: Experiment {
    associatedtype Trial: Hashable, Sendable
    associatedtype TrialFile: TrialFileStamp

    /// Every trial of a configuration, in a fixed order (the order `list` prints).
    static func trials(_ configuration: Configuration) -> [Trial]
    /// The trial's name, unique within a configuration, made of letters, digits, '-', '.', '_' and
    /// '=' only: the stem of its file and the argument of `trial --name`.
    static func trialName(_ trial: Trial) -> String
    /// Everything a trial's result depends on beyond its name and the master seed; hashed with the
    /// master seed into the file names, so files of another profile or seed are never mixed in.
    static func trialDescription(_ configuration: Configuration) -> String
    /// This build's code hash for each trial (one per algorithm, say), computed once per process:
    /// a file that records another hash was made by another computation and is refused.
    static func codeHashes(_ configuration: Configuration) throws -> [Trial: String]
    /// Runs one trial, a pure function of its arguments, and returns the file to keep (which records `codeHash`).
    static func runTrial(_ trial: Trial, _ configuration: Configuration, masterSeed: UInt64, codeHash: String) throws -> TrialFile
    /// Everything the experiment writes, from the trial files that exist (`complete`: all of the
    /// configuration's trials are among them; a partial aggregate must say how many seeds each row has).
    static func aggregate(_ configuration: Configuration, masterSeed: UInt64, files: [Trial: TrialFile],
                          complete: Bool) throws -> ExperimentOutput
}

/// The trial files of one configuration and master seed in an output folder.
public struct TrialStore<E: ScaleOutExperiment>: Sendable {
    public let folder: TrialFolder
    public let codeHashes: [E.Trial: String]
    public let trials: [E.Trial]

    public init(output: OutputDirectory, configuration: E.Configuration, masterSeed: UInt64) throws {
        folder = try TrialFolder(output: output, trialDescription: E.trialDescription(configuration), masterSeed: masterSeed)
        codeHashes = try E.codeHashes(configuration)
        trials = E.trials(configuration)
    }

    public var directory: OutputDirectory { folder.directory }
    /// The file name of a trial.
    public func name(_ trial: E.Trial) -> String { folder.name(E.trialName(trial)) }
    /// This build's code hash for the trial.
    public func codeHash(_ trial: E.Trial) -> String { codeHashes[trial]! }
    /// The trial's file if it exists and parses, whoever computed it.
    public func load(_ trial: E.Trial) -> E.TrialFile? { folder.load(E.trialName(trial), as: E.TrialFile.self) }
    /// nil if the trial's file is missing, the file if this build computes the same, an error otherwise.
    public func reusable(_ trial: E.Trial) throws -> E.TrialFile? {
        try folder.reusable(E.trialName(trial), as: E.TrialFile.self, codeHash: codeHash(trial)) { $0.codeHash }
    }
    public func save(_ file: E.TrialFile, for trial: E.Trial) throws { try folder.save(file, as: E.trialName(trial)) }

    /// Runs the trial and saves its file (atomically).
    public func run(_ trial: E.Trial, _ configuration: E.Configuration, masterSeed: UInt64) throws {
        try save(try E.runTrial(trial, configuration, masterSeed: masterSeed, codeHash: codeHash(trial)), for: trial)
    }

    /// Every reusable file (all of them, or an error naming the first missing one, when `requireAll`).
    public func files(requireAll: Bool) throws -> [E.Trial: E.TrialFile] {
        var files: [E.Trial: E.TrialFile] = [:]
        for t in trials {
            if let f = try reusable(t) { files[t] = f }
            else if requireAll { throw NumericalError("trial file missing after the run: \(name(t))") }
        }
        guard !files.isEmpty else {
            throw InputError(parameter: "trials", given: "none in \(directory.url.path)",
                             allowed: "at least one finished trial of this profile and seed (run `\(E.name) trial …` first)")
        }
        return files
    }
}

extension ScaleOutExperiment {
    /// Runs every trial whose file is missing (finished files are reused; a file another computation
    /// made stops the run before any work), then aggregates all of them.
    public static func run(_ configuration: Configuration, context: RunContext) throws -> ExperimentOutput {
        guard let output = context.output else {
            throw InputError(parameter: "output", given: "none", allowed: "a folder for the trial files (\(name) keeps them in <output>/trials)")
        }
        let store = try TrialStore<Self>(output: output, configuration: configuration, masterSeed: context.masterSeed)
        let missing = try store.trials.filter { try store.reusable($0) == nil }
        if context.showProgress && missing.count < store.trials.count {
            print("\(name): \(store.trials.count - missing.count) of \(store.trials.count) trials already done; running \(missing.count)")
        }
        _ = try context.runner(name).run(count: missing.count) { i in
            try store.run(missing[i], configuration, masterSeed: context.masterSeed)
        }
        return try aggregate(configuration, masterSeed: context.masterSeed, files: try store.files(requireAll: true), complete: true)
    }

    /// Aggregates whatever trial files exist in `output`.
    public static func merge(_ configuration: Configuration, masterSeed: UInt64, output: OutputDirectory) throws -> ExperimentOutput {
        let store = try TrialStore<Self>(output: output, configuration: configuration, masterSeed: masterSeed)
        let files = try store.files(requireAll: false)
        return try aggregate(configuration, masterSeed: masterSeed, files: files, complete: files.count == store.trials.count)
    }

    /// The scale-out check every such experiment's tests share: one `run` in a fresh folder, then every
    /// trial run alone in reverse order (as another machine might) in a second folder and merged. Returns
    /// the names of the files whose bytes differ; empty means the split path gives the bytes of one run.
    public static func filesDifferingBetweenRunAndReverseMerge(_ configuration: Configuration, masterSeed: UInt64) throws -> [String] {
        func folder(_ label: String) throws -> (URL, OutputDirectory) {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("scale-out-\(name)-\(label)-\(UUID().uuidString)")
            return (url, try OutputDirectory(path: url.path))
        }
        let (wholeURL, wholeFolder) = try folder("run"), (splitURL, splitFolder) = try folder("split")
        defer { try? FileManager.default.removeItem(at: wholeURL); try? FileManager.default.removeItem(at: splitURL) }
        let whole = try run(config: configuration, masterSeed: masterSeed, threads: 2, output: wholeFolder).renderedFiles()
        let store = try TrialStore<Self>(output: splitFolder, configuration: configuration, masterSeed: masterSeed)
        for t in store.trials.reversed() { try store.run(t, configuration, masterSeed: masterSeed) }
        let merged = try recorded(try merge(configuration, masterSeed: masterSeed, output: splitFolder), configuration,
                                  context: RunContext(masterSeed: masterSeed, threads: 1, output: splitFolder)).renderedFiles()
        if whole.isEmpty { return ["(no files)"] }
        return Set(whole.keys).union(merged.keys).sorted().filter { whole[$0] != merged[$0] }
    }

    /// A run in `output` as tests call it.
    public static func run(config: Configuration, masterSeed: UInt64, threads: Int, output: OutputDirectory) throws -> ExperimentOutput {
        try self.output(config, context: RunContext(masterSeed: masterSeed, threads: threads, output: output))
    }
}

/// The command line of every `ScaleOutExperiment`: `run` (the default: every missing trial, then the
/// aggregate), `list` (one command line per trial, for GNU parallel or a Slurm array), `trial --name N`
/// (one trial, its file written atomically) and `merge` (the aggregate of whatever files exist). An
/// experiment's `Command.swift` is `ScaleOutCommand<TheExperiment>.main()`.
public struct ScaleOutCommand<E: ScaleOutExperiment>: ParsableCommand {
    public static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: E.name, abstract: E.abstract,
            discussion: "Trial files go to <output>/trials/; the CSVs, verdicts, LaTeX files and manifest.json (last) depend only on "
                + "--profile, --seed and the experiment's own options, never on --threads or on how the trials were spread out.",
            subcommands: [Run.self, List.self, RunTrial.self, Merge.self], defaultSubcommand: Run.self)
    }

    public init() {}

    public struct Run: ParsableCommand {
        public static var configuration: CommandConfiguration {
            CommandConfiguration(abstract: "Run every trial not yet done (finished trial files are reused), then aggregate.")
        }
        @OptionGroup var options: ExperimentOptions
        @OptionGroup var extra: E.Options
        public init() {}
        public func run() throws { try ExperimentDriver.run(E.self, options: options, extra: extra) }
    }

    public struct List: ParsableCommand {
        public static var configuration: CommandConfiguration {
            CommandConfiguration(abstract: "Print one command line per trial of the profile (for GNU parallel or a Slurm array): "
                                 + "this command's own arguments, with `trial --name <trial>`.")
        }
        @OptionGroup var options: ExperimentOptions
        @OptionGroup var extra: E.Options
        public init() {}
        public func run() throws {
            let configuration = E.configuration(for: options.parsedProfile, options: extra)
            // The arguments `list` was given (after the subcommand's name, which comes first), passed on unchanged.
            let arguments = Array(CommandLine.arguments.dropFirst(2))
            let prefix = ([CommandLine.arguments[0], "trial"] + arguments).map(TrialFolder.shellQuoted).joined(separator: " ")
            for t in E.trials(configuration) { print("\(prefix) --name \(TrialFolder.shellQuoted(E.trialName(t)))") }
        }
    }

    public struct RunTrial: ParsableCommand {
        public static var configuration: CommandConfiguration {
            CommandConfiguration(commandName: "trial", abstract: "Run one trial and write its file into <output>/trials/ (atomically).")
        }
        @OptionGroup var options: ExperimentOptions
        @OptionGroup var extra: E.Options
        @Option(help: "The trial, as `list` names it.") var name: String
        public init() {}

        public func validate() throws {
            let names = E.trials(E.configuration(for: options.parsedProfile, options: extra)).map(E.trialName)
            guard names.contains(name) else {
                let shown = names.count <= 6 ? names.joined(separator: ", ") : names.prefix(3).joined(separator: ", ") + ", … (\(names.count) in all: see `\(E.name) list`)"
                throw ValidationError(InputError(parameter: "--name", given: name,
                                                 allowed: "a trial of profile \(options.profile): \(shown)").description)
            }
        }

        public func run() throws {
            let configuration = E.configuration(for: options.parsedProfile, options: extra)
            let output: OutputDirectory
            do { output = try OutputDirectory(path: options.output ?? "results/\(E.outputName(options: extra))") }
            catch { throw ValidationError("\(error)") }
            try E.prepare(output: output)
            let store = try TrialStore<E>(output: output, configuration: configuration, masterSeed: options.masterSeed)
            let trial = store.trials.first { E.trialName($0) == name }!
            if try store.reusable(trial) != nil {
                if !options.quiet { print("\(store.name(trial)): already done") }
                return
            }
            try store.run(trial, configuration, masterSeed: options.masterSeed)
            if !options.quiet { print("wrote \(store.name(trial))") }
        }
    }

    public struct Merge: ParsableCommand {
        public static var configuration: CommandConfiguration {
            CommandConfiguration(abstract: "Aggregate whatever trial files of the profile and seed exist into the CSVs, tables and verdicts.")
        }
        @OptionGroup var options: ExperimentOptions
        @OptionGroup var extra: E.Options
        public init() {}
        public func run() throws {
            try ExperimentDriver.run(E.self, options: options, extra: extra) { configuration, context in
                try E.merge(configuration, masterSeed: context.masterSeed, output: context.output!)
            }
        }
    }
}
