import ArgumentParser
import ExperimentCLI
import ExperimentKit

/// `special-cases`: REPS, SAC and PPO as special cases of the analytical rule; soft policy
/// iteration; the multi-agent corollary (C6, C7, C8).
@main
struct SpecialCasesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "special-cases",
        abstract: "C6–C8: REPS and SAC as the rule, PPO's clip range, soft policy iteration, multi-agent updates.")

    @OptionGroup var options: ExperimentOptions

    func run() throws {
        try ExperimentDriver.run(experiment: SpecialCases.name, options: options) { profile, seed, threads, progress in
            try SpecialCases.run(config: .forProfile(profile), masterSeed: seed, threads: threads, showProgress: progress)
        }
    }
}
