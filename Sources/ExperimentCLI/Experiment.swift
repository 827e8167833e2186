import ArgumentParser
import ExperimentKit
import Foundation
import OutputKit

/// What every experiment's configuration records: the profile it was made for and the settings the
/// manifest lists.
public protocol ExperimentConfiguration: Sendable {
    var profile: Profile { get }
    /// Every setting that determines the output, as the manifest records them.
    var settings: [String: String] { get }
}

/// One claim, or a tight group of claims, as the suite runs it: a configuration per profile, and a
/// pure computation from (configuration, master seed) to the files it writes. Declared once here;
/// `ExperimentCommand` turns any conforming type into its command line, and
/// `filesDifferingAcrossThreadCounts` is the determinism check every experiment's tests call.
public protocol Experiment {
    associatedtype Configuration: ExperimentConfiguration
    /// Options beyond the shared ones (`--profile`, `--seed`, `--threads`, `--output`, `--quiet`);
    /// `NoExtraOptions` for most experiments.
    associatedtype Options: ParsableArguments = NoExtraOptions

    /// The command's name and, unless `outputName(options:)` says otherwise, the results folder.
    static var name: String { get }
    /// One line naming the claims the experiment decides (the command's abstract).
    static var abstract: String { get }
    /// The sizes of a profile.
    static func configuration(for profile: Profile, options: Options) -> Configuration
    /// The folder under results/ (default: `name`).
    static func outputName(options: Options) -> String
    /// Called before any work with the output folder: removes what an earlier run wrote that this run
    /// would not overwrite, or sets the process up (default: nothing).
    static func prepare(output: OutputDirectory) throws
    /// Everything the run writes, a pure function of the configuration and the master seed (never of
    /// the thread count). `context.output` is where finished pieces may be kept between runs (C9's
    /// trial files); most experiments ignore it.
    static func run(_ configuration: Configuration, context: RunContext) throws -> ExperimentOutput
}

/// Options for an experiment that takes none beyond the shared ones.
public struct NoExtraOptions: ParsableArguments {
    public init() {}
}

/// How a run is carried out; none of it may change the results.
public struct RunContext: Sendable {
    public var masterSeed: UInt64
    public var threads: Int
    public var showProgress: Bool
    public var output: OutputDirectory?

    public init(masterSeed: UInt64, threads: Int, showProgress: Bool = false, output: OutputDirectory? = nil) {
        self.masterSeed = masterSeed
        self.threads = threads
        self.showProgress = showProgress
        self.output = output
    }

    /// A trial runner on this run's threads, with a progress line labelled `label` when progress is shown.
    public func runner(_ label: String) -> TrialRunner {
        TrialRunner(threads: threads, progressLabel: showProgress ? label : nil)
    }
}

extension Experiment {
    public static func outputName(options: Options) -> String { name }
    public static func prepare(output: OutputDirectory) throws {}

    /// The run as tests call it: `run(_:context:)`, then `recorded`.
    public static func output(_ configuration: Configuration, context: RunContext) throws -> ExperimentOutput {
        recorded(try run(configuration, context: context), configuration, context: context)
    }

    /// What every experiment records alike: the configuration's settings (beside any the run adds),
    /// and the profile and seed as LaTeX macros.
    public static func recorded(_ output: ExperimentOutput, _ configuration: Configuration, context: RunContext) -> ExperimentOutput {
        var output = output
        output.settings = configuration.settings.merging(output.settings) { _, fromRun in fromRun }
        output.macros?.define("Profile", configuration.profile.rawValue)
        output.macros?.define("Seed", "\(context.masterSeed)")
        return output
    }

    /// Convenience for tests: a run without progress or output folder.
    public static func run(config: Configuration, masterSeed: UInt64, threads: Int, showProgress: Bool = false) throws -> ExperimentOutput {
        try output(config, context: RunContext(masterSeed: masterSeed, threads: threads, showProgress: showProgress))
    }

    /// The determinism check every experiment's tests share: runs `configuration` once per thread
    /// count, each in a fresh temporary output folder (so no run can reuse another's files), and
    /// returns the names of the files whose bytes differ from the first run's. Empty means the output
    /// does not depend on the thread count, as the suite requires; a run that writes no file at all is
    /// reported as the difference "(no files)", so the check cannot pass vacuously.
    public static func filesDifferingAcrossThreadCounts(_ configuration: Configuration, masterSeed: UInt64,
                                                        threadCounts: [Int] = [1, 2]) throws -> [String] {
        precondition(threadCounts.count >= 2, "compare at least two thread counts")
        let runs = try threadCounts.map { threads -> [String: String] in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("determinism-\(name)-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let output = try OutputDirectory(path: folder.path)
            return try Self.output(configuration, context: RunContext(masterSeed: masterSeed, threads: threads, output: output))
                .renderedFiles()
        }
        if runs.contains(where: \.isEmpty) { return ["(no files)"] }
        let names = Set(runs.flatMap(\.keys)).sorted()
        return names.filter { name in runs.dropFirst().contains { $0[name] != runs[0][name] } }
    }
}

/// Runs an experiment the same way for every experiment: validate, remove the stale manifest (its
/// presence marks a complete run), compute everything, write every file atomically, write the
/// manifest last.
public enum ExperimentDriver {
    public static func run<E: Experiment>(_ experiment: E.Type, options: ExperimentOptions, extra: E.Options,
                                          compute: ((E.Configuration, RunContext) throws -> ExperimentOutput)? = nil) throws {
        let directory: OutputDirectory
        do { directory = try OutputDirectory(path: options.output ?? "results/\(E.outputName(options: extra))") }
        catch { throw ValidationError("\(error)") }
        // The manifest goes first: an interrupted run must not leave a folder that looks complete.
        directory.remove("manifest.json")
        try E.prepare(output: directory)
        let start = Date()
        let configuration = E.configuration(for: options.parsedProfile, options: extra)
        let context = RunContext(masterSeed: options.masterSeed, threads: options.threads, showProgress: !options.quiet,
                                 output: directory)
        let output = E.recorded(try compute?(configuration, context) ?? E.run(configuration, context: context),
                                configuration, context: context)
        let rows = try output.write(to: directory)
        let manifest = Manifest(experiment: E.outputName(options: extra), profile: options.parsedProfile,
                                masterSeed: options.masterSeed, threads: options.threads, settings: output.settings,
                                start: start, end: Date(), rowCounts: rows)
        try directory.write(try manifest.json(), to: "manifest.json")
        if !options.quiet {
            print("\(E.outputName(options: extra)): profile \(options.profile), seed \(options.masterSeed), "
                  + String(format: "%.1f s", Date().timeIntervalSince(start))
                  + ", wrote \(rows.count) CSVs to \(directory.url.path)")
        }
    }
}

/// The one command line of every experiment: `<name> [--profile …] [--seed …] [--threads …]
/// [--output …] [--quiet]` plus the experiment's own options. An experiment's `main.swift` is
/// `ExperimentCommand<TheExperiment>.main()`.
public struct ExperimentCommand<E: Experiment>: ParsableCommand {
    public static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: E.name, abstract: E.abstract,
            discussion: "Writes CSVs, verdicts.csv, LaTeX macros and tables, and manifest.json (last) into --output. "
                + "The files depend only on --profile, --seed and the experiment's own options, never on --threads.")
    }

    @OptionGroup public var options: ExperimentOptions
    @OptionGroup public var extra: E.Options

    public init() {}

    public func run() throws {
        try ExperimentDriver.run(E.self, options: options, extra: extra)
    }
}
