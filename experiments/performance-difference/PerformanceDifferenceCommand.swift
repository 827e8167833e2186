import ArgumentParser
import ExperimentKit
import Foundation
import Tabular

/// `performance-difference`: re-derives the performance difference lemma (C1) and the
/// state-distribution mismatch bound (C2). See README.md beside this file.
@main
struct PerformanceDifferenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "performance-difference",
        abstract: "C1/C2: the performance difference lemma and the state-distribution mismatch bound.",
        discussion: """
        Writes CSVs, verdicts.csv, LaTeX macros/tables and manifest.json into --output. \
        The CSVs depend only on --profile and --seed, never on --threads.
        """)

    @Option(help: "How much work: \(Profile.allowedValues).")
    var profile: String = "standard"

    @Option(help: "Master seed (a non-negative integer below 2^64).")
    var seed: String = "20260521"

    @Option(help: "Worker threads (1…1024); results do not depend on it.")
    var threads: Int = TrialRunner.defaultThreads

    @Option(help: "Folder to write into.")
    var output: String = "results/performance-difference"

    @Flag(help: "Print no progress line.")
    var quiet = false

    /// Checks every option before any work starts (ArgumentParser calls this after parsing).
    func validate() throws {
        guard Profile(rawValue: profile) != nil else {
            throw ValidationError(InputError(parameter: "--profile", given: profile, allowed: Profile.allowedValues).description)
        }
        guard UInt64(seed) != nil else {
            throw ValidationError(InputError(parameter: "--seed", given: seed,
                                             allowed: "an integer from 0 to 18446744073709551615").description)
        }
        do { try TrialRunner.validateThreads(threads) } catch { throw ValidationError("\(error)") }
        do { _ = try OutputDirectory(path: output) } catch { throw ValidationError("\(error)") }
    }

    func run() throws {
        let profile = Profile(rawValue: profile)!, masterSeed = UInt64(seed)!
        let directory = try OutputDirectory(path: output)
        directory.remove("manifest.json")   // its presence marks a complete run
        let start = Date()
        let config = Configuration.forProfile(profile)
        let result = try PerformanceDifference.run(config: config, masterSeed: masterSeed, threads: threads,
                                                   showProgress: !quiet)
        let rows = try PerformanceDifference.write(result, to: directory)
        let manifest = Manifest(experiment: PerformanceDifference.name, profile: profile, masterSeed: masterSeed,
                                threads: threads, settings: config.settings, start: start, end: Date(), rowCounts: rows)
        try directory.write(try manifest.json(), to: "manifest.json")
        if !quiet {
            let seconds = String(format: "%.1f", Date().timeIntervalSince(start))
            print("\(PerformanceDifference.name): profile \(profile.rawValue), seed \(masterSeed), \(seconds) s, "
                  + "wrote \(rows.count) CSVs to \(directory.url.path)")
        }
    }
}
