import ArgumentParser
import BenchmarkSupport
import Control
import ExperimentKit
import OutputKit
import Foundation
import Locomotion
import Neural
import PolicySearch

/// TRPO's training throughput (environment steps per second, one thread, release build) and peak
/// memory, beside sb3-contrib's TRPO at the same settings measured in the same run
/// (tools/bench_sb3_trpo.py): batch 4000 steps, δ = 0.01, 10 conjugate-gradient iterations with
/// damping 10⁻⁵, a backtracking line search of at most 15 trials shrinking by 0.8, γ = 0.99, λ = 1,
/// tanh policies of 32-32 units (100-50-25 on MuJoCo tasks), Duan et al. (2016)'s settings. The one
/// difference in work: this suite's TRPO fits rllab's linear baseline (a ridge regression) where
/// sb3-contrib trains an MLP critic of the policy's size, here with one full-batch Adam step per
/// iteration (`n_critic_updates=1`), its cheapest setting. Not a test.
@main
struct TRPOBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trpo-benchmark",
        abstract: "TRPO training throughput and peak memory against sb3-contrib's TRPO (one thread each).")

    static let ids = ["CartPole-v1", "Acrobot-v1", "Pendulum-v1"] + LocomotionRegistry.ids

    @Option(help: "Environment steps of training to time per environment (whole batches of 4000).")
    var trainingSteps: Int = 40_000

    @Option(help: "Path of tools/bench_sb3_trpo.py; empty to skip sb3-contrib.")
    var sb3: String = "tools/bench_sb3_trpo.py"

    @Option(help: "Environments to measure: \(ids.joined(separator: ", ")).")
    var environments: [String] = ["CartPole-v1", "Pendulum-v1", "HalfCheetah-v5"]

    @Option(help: .hidden)
    var single: Bool = false

    @Option(help: "Also write the table (Markdown, with the machine and date) to this file (make bench-trpo writes results/benchmarks/trpo.md).")
    var output: String?

    static let batchSize = 4000

    func validate() throws {
        guard trainingSteps >= Self.batchSize else {
            throw ValidationError(InputError(parameter: "--training-steps", given: "\(trainingSteps)",
                                             allowed: "an integer ≥ \(Self.batchSize)").description)
        }
        for id in environments where !Self.ids.contains(id) {
            throw ValidationError(InputError(parameter: "--environments", given: id, allowed: Self.ids.joined(separator: ", ")).description)
        }
    }

    func run() throws {
        if single {
            retainFreedMemory()
            print(ThroughputMeasurement.line(stepsPerSecond: try measure(id: environments[0])))
            return
        }
        var lines = ["| environment | Swift steps/s | Swift peak MiB | sb3-contrib steps/s | sb3-contrib peak MiB | Swift / sb3-contrib |",
                     "|---|---:|---:|---:|---:|---:|"]
        var version: String?
        for id in environments {
            let ours = try ThroughputMeasurement.runChild(arguments: [CommandLine.arguments[0], "--single", "true", "--environments", id,
                                                            "--training-steps", "\(trainingSteps)"])
            let theirs = sb3.isEmpty ? nil
                : try? ThroughputMeasurement.runChild(arguments: ["/usr/bin/env", "python3", sb3, "--env", id, "--steps", "\(trainingSteps)"])
            version = version ?? theirs?.version
            let rate = theirs.map { String(format: "%.0f", $0.stepsPerSecond) } ?? "n/a"
            let memory = theirs.map { String(format: "%.0f", $0.peakMiB) } ?? "n/a"
            let ratio = theirs.map { String(format: "%.1f×", ours.stepsPerSecond / $0.stepsPerSecond) } ?? "n/a"
            lines.append("| \(id) | \(String(format: "%.0f", ours.stepsPerSecond)) | \(String(format: "%.0f", ours.peakMiB)) | \(rate) | \(memory) | \(ratio) |")
        }
        if let version { lines += ["", "\(version); Swift single-threaded, release build; \(trainingSteps) training steps per environment."] }
        lines += ["", "Measured on \(MachineDescription.current), \(ISO8601DateFormatter().string(from: Date()).prefix(10))."]
        let text = lines.joined(separator: "\n") + "\n"
        print(text, terminator: "")
        if let output {
            try OutputDirectory(path: (output as NSString).deletingLastPathComponent, parameter: "--output")
                .write(text, to: (output as NSString).lastPathComponent)
        }
    }

    /// Times TRPO's training on `id` in this process.
    private func measure(id: String) throws -> Double {
        if LocomotionRegistry.ids.contains(id) {
            let environment = try LocomotionRegistry.make(id: id)
            return time(environment, hiddenSizes: DuanDefaults.locomotionHiddenSizes, pathLimit: 1000)
        }
        switch id {
        case CartPole.id: return time(TimeLimited(CartPole()), hiddenSizes: DuanDefaults.basicHiddenSizes, pathLimit: CartPole.maxEpisodeSteps)
        case Acrobot.id: return time(TimeLimited(Acrobot()), hiddenSizes: DuanDefaults.basicHiddenSizes, pathLimit: Acrobot.maxEpisodeSteps)
        case Pendulum.id: return time(TimeLimited(Pendulum()), hiddenSizes: DuanDefaults.basicHiddenSizes, pathLimit: Pendulum.maxEpisodeSteps)
        default: throw InputError(parameter: "--environments", given: id, allowed: Self.ids.joined(separator: ", "))
        }
    }

    private func time<E: EpisodicEnvironment>(_ environment: E, hiddenSizes: [Int], pathLimit: Int) -> Double {
        var search = BatchPolicySearch(environment: environment, algorithm: .trpo(.trpo), hiddenSizes: hiddenSizes,
                                       batchSize: Self.batchSize, maximumPathLength: pathLimit, seed: 1)
        let clock = ContinuousClock()
        let start = clock.now
        var steps = 0
        while steps < trainingSteps { steps += search.iterate().steps }
        return Double(steps) / seconds(clock.now - start)
    }
}
