import ArgumentParser
import ExperimentCLI
import ExperimentKit
import Neural

/// `ppo-sanity`: the suite's PPO-clip learns CartPole-v1 and Pendulum-v1 within stated budgets.
@main
struct PPOSanityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ppo-sanity",
        abstract: "Sanity learning runs: PPO-clip on CartPole-v1 (≥ 475) and Pendulum-v1 (> −250), every seed.")

    @OptionGroup var options: ExperimentOptions

    func run() throws {
        retainFreedMemory()
        try ExperimentDriver.run(experiment: PPOSanity.name, options: options) { profile, seed, threads, progress in
            try PPOSanity.run(config: .forProfile(profile), masterSeed: seed, threads: threads, showProgress: progress)
        }
    }
}
