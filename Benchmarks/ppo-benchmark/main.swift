import ArgumentParser
import BenchmarkSupport
import Control
import ExperimentKit
import OutputKit
import Foundation
import Locomotion
import Neural
import PPO

/// Environment steps per second, single-threaded, for rollouts alone and for full PPO training
/// (rollouts + updates) at the PPO paper's settings (horizon 2048, 10 epochs, minibatch 64,
/// 64-64 tanh), with peak memory; beside Stable-Baselines3's PPO at the same settings measured in
/// the same run (tools/bench_sb3.py). On the MuJoCo tasks also the bare simulation (`mj_step` ×
/// frame skip with uniform random actions, no learning): the limit for training. Not a test.
///
/// Each measurement runs in its own process (this program with `--single`), so that the peak
/// resident memory it reports belongs to that measurement alone.
@main
struct PPOBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ppo-benchmark",
        abstract: "PPO throughput and peak memory against Stable-Baselines3 (one thread each).")

    @Option(help: "Environment steps of training to time per environment (a multiple of 2048 is exact).")
    var trainingSteps: Int = 20480

    @Option(help: "Environment steps of rollouts alone to time per environment.")
    var rolloutSteps: Int = 204_800

    @Option(help: "Path of tools/bench_sb3.py; empty to skip Stable-Baselines3.")
    var sb3: String = "tools/bench_sb3.py"

    static var allIDs: String { (ClassicControlRegistry.ids + LocomotionRegistry.ids).joined(separator: ", ") }

    @Option(help: "Environments to measure: \(allIDs).")
    var environments: [String] = ["CartPole-v1", "Pendulum-v1", "HalfCheetah-v5", "Hopper-v5"]

    @Option(help: "Environment steps of bare simulation to time per MuJoCo task.")
    var simulationSteps: Int = 200_000

    @Option(help: .hidden)
    var single: String?

    @Option(help: "Also write the table (Markdown, with the machine and date) to this file, for the README (make bench-ppo writes results/benchmarks/ppo.md).")
    var output: String?

    func validate() throws {
        guard trainingSteps >= 2048 else {
            throw ValidationError(InputError(parameter: "--training-steps", given: "\(trainingSteps)", allowed: "an integer ≥ 2048").description)
        }
        guard rolloutSteps >= 2048 else {
            throw ValidationError(InputError(parameter: "--rollout-steps", given: "\(rolloutSteps)", allowed: "an integer ≥ 2048").description)
        }
        for id in environments where ClassicControlRegistry.stateLength(id: id) == nil && !LocomotionRegistry.ids.contains(id) {
            throw ValidationError(InputError(parameter: "--environments", given: id, allowed: Self.allIDs).description)
        }
        guard simulationSteps >= 1000 else {
            throw ValidationError(InputError(parameter: "--simulation-steps", given: "\(simulationSteps)", allowed: "an integer ≥ 1000").description)
        }
        if let single, !["simulation", "rollouts", "training"].contains(single) {
            throw ValidationError(InputError(parameter: "--single", given: single, allowed: "simulation, rollouts, training").description)
        }
    }

    func run() throws {
        if let mode = single {
            retainFreedMemory()
            let rate = try measure(id: environments[0], mode: mode)
            print(ThroughputMeasurement.line(stepsPerSecond: rate))
            return
        }
        var rows: [(String, String, ThroughputMeasurement, ThroughputMeasurement?)] = []
        for id in environments {
            let isMuJoCo = LocomotionRegistry.ids.contains(id)
            for mode in (isMuJoCo ? ["simulation", "rollouts", "training"] : ["rollouts", "training"]) {
                let ours = try ThroughputMeasurement.runChild(arguments: [CommandLine.arguments[0], "--single", mode, "--environments", id,
                                                    "--training-steps", "\(trainingSteps)", "--rollout-steps", "\(rolloutSteps)",
                                                    "--simulation-steps", "\(simulationSteps)"])
                let theirs = sb3.isEmpty || mode == "simulation" ? nil
                    : try? ThroughputMeasurement.runChild(arguments: ["/usr/bin/env", "python3", sb3, "--env", id, "--mode", mode,
                                                "--steps", "\(mode == "rollouts" ? min(rolloutSteps, 20480) : trainingSteps)"])
                rows.append((id, mode, ours, theirs))
            }
        }
        var lines = ["| environment | measured | Swift steps/s | Swift peak MiB | SB3 steps/s | SB3 peak MiB | Swift / SB3 |",
                     "|---|---|---:|---:|---:|---:|---:|"]
        for (id, mode, ours, theirs) in rows {
            let sb3Rate = theirs.map { String(format: "%.0f", $0.stepsPerSecond) } ?? "n/a"
            let sb3Memory = theirs.map { String(format: "%.0f", $0.peakMiB) } ?? "n/a"
            let ratio = theirs.map { String(format: "%.1f×", ours.stepsPerSecond / $0.stepsPerSecond) } ?? "n/a"
            let what = ["simulation": "bare simulation", "rollouts": "rollouts only", "training": "full training"][mode]!
            lines.append("| \(id) | \(what) | \(String(format: "%.0f", ours.stepsPerSecond)) | \(String(format: "%.0f", ours.peakMiB)) | \(sb3Rate) | \(sb3Memory) | \(ratio) |")
        }
        // Training against the bare simulation: how much of the simulator's speed learning keeps.
        for id in environments where LocomotionRegistry.ids.contains(id) {
            let rate = { (mode: String) in rows.first { $0.0 == id && $0.1 == mode }!.2.stepsPerSecond }
            lines += ["", String(format: "%@: full training at %.0f%% of bare-simulation throughput.", id, 100 * rate("training") / rate("simulation"))]
        }
        if let version = theirs(rows) { lines += ["", "\(version); Swift single-threaded, release build; training \(trainingSteps) steps, rollouts \(rolloutSteps) steps (SB3 rollouts \(min(rolloutSteps, 20480)))."] }
        lines += ["", "Measured on \(MachineDescription.current), \(ISO8601DateFormatter().string(from: Date()).prefix(10))."]
        let text = lines.joined(separator: "\n") + "\n"
        print(text, terminator: "")
        if let output {
            try OutputDirectory(path: (output as NSString).deletingLastPathComponent, parameter: "--output")
                .write(text, to: (output as NSString).lastPathComponent)
        }
    }

    private func theirs(_ rows: [(String, String, ThroughputMeasurement, ThroughputMeasurement?)]) -> String? {
        rows.compactMap { $0.3?.version }.first
    }

    /// Times `mode` on environment `id` in this process.
    private func measure(id: String, mode: String) throws -> Double {
        if LocomotionRegistry.ids.contains(id) {
            let environment = try LocomotionRegistry.make(id: id)
            return mode == "simulation" ? simulate(environment) : time(environment, mode: mode, paperSettings: true)
        }
        switch id {
        case CartPole.id: return time(TimeLimited(CartPole()), mode: mode, paperSettings: false)
        case Pendulum.id: return time(TimeLimited(Pendulum()), mode: mode, paperSettings: false)
        case Acrobot.id: return time(TimeLimited(Acrobot()), mode: mode, paperSettings: false)
        case MountainCar.id: return time(TimeLimited(MountainCar()), mode: mode, paperSettings: false)
        case MountainCarContinuous.id: return time(TimeLimited(MountainCarContinuous()), mode: mode, paperSettings: false)
        default: throw InputError(parameter: "--environments", given: id, allowed: Self.allIDs)
        }
    }

    /// Environment steps per second of the environment alone: uniform random actions in the box,
    /// a reset at every episode end.
    private func simulate<E: EpisodicEnvironment>(_ environment: E) -> Double {
        var env = environment
        var rng = SeededGenerator(seed: 1)
        guard case .box(let low, let high) = env.actionSet else { return .nan }
        _ = env.reset(seed: rng.next())
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<simulationSteps {
            let action = low.indices.map { low[$0] + (high[$0] - low[$0]) * rng.nextUniform() }
            let step = env.step(action)
            if step.terminated || step.truncated { _ = env.reset(seed: rng.next()) }
        }
        return Double(simulationSteps) / seconds(clock.now - start)
    }

    private func time<E: EpisodicEnvironment>(_ environment: E, mode: String, paperSettings: Bool) -> Double {
        let steps = mode == "rollouts" ? rolloutSteps : trainingSteps
        let configuration = paperSettings ? PPOConfiguration(totalSteps: steps) : Self.benchmarkConfiguration(totalSteps: steps)
        var run = PPORun(environment: environment, configuration: configuration, seed: 1)
        let clock = ContinuousClock()
        let start = clock.now
        if mode == "rollouts" {
            while run.steps < steps { _ = run.collectRollout() }
        } else {
            _ = run.train()
        }
        return Double(run.steps) / seconds(clock.now - start)
    }

    /// Classic control: the paper's settings with Stable-Baselines3's defaults where the two differ in
    /// work done (gradient-norm clip 0.5, no observation normalisation), so both programs run the same
    /// algorithm. The MuJoCo tasks run the paper's settings on both sides (tools/bench_sb3.py).
    static func benchmarkConfiguration(totalSteps: Int) -> PPOConfiguration {
        var c = PPOConfiguration(totalSteps: totalSteps)
        c.maxGradientNorm = 0.5
        c.normalizeObservations = false
        return c
    }
}
