import ArgumentParser
import ExperimentCLI
import ExperimentKit

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

    @OptionGroup var options: ExperimentOptions

    func run() throws {
        try ExperimentDriver.run(experiment: PerformanceDifference.name, options: options) { profile, seed, threads, progress in
            try PerformanceDifference.run(config: .forProfile(profile), masterSeed: seed, threads: threads,
                                          showProgress: progress)
        }
    }
}
