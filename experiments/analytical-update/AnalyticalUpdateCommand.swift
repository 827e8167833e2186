import ArgumentParser
import ExperimentCLI
import ExperimentKit

/// `analytical-update`: the closed-form update rule of Li, Clavette & He (C5).
@main
struct AnalyticalUpdateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analytical-update",
        abstract: "C5: the analytical update rule — maximiser, monotonic improvement, the role of C, as an algorithm.")

    @OptionGroup var options: ExperimentOptions

    func run() throws {
        try ExperimentDriver.run(experiment: AnalyticalUpdateExperiment.name, options: options) { profile, seed, threads, progress in
            try AnalyticalUpdateExperiment.run(config: .forProfile(profile), masterSeed: seed, threads: threads, showProgress: progress)
        }
    }
}
