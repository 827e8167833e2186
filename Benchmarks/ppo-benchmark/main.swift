import ArgumentParser
import Control
import ExperimentKit
import Foundation
import Neural

/// Environment steps per second, single-threaded, for rollouts alone and for full PPO training
/// (rollouts + updates) at the PPO paper's settings (horizon 2048, 10 epochs, minibatch 64,
/// 64-64 tanh), on CartPole-v1 and Pendulum-v1, with peak memory; beside Stable-Baselines3's PPO
/// at the same settings measured in the same run (tools/bench_sb3.py). Not a test.
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

    @Option(help: "Environments to measure: \(ClassicControlRegistry.ids.joined(separator: ", ")).")
    var environments: [String] = ["CartPole-v1", "Pendulum-v1"]

    @Option(help: .hidden)
    var single: String?

    func validate() throws {
        guard trainingSteps >= 2048 else {
            throw ValidationError(InputError(parameter: "--training-steps", given: "\(trainingSteps)", allowed: "an integer ≥ 2048").description)
        }
        guard rolloutSteps >= 2048 else {
            throw ValidationError(InputError(parameter: "--rollout-steps", given: "\(rolloutSteps)", allowed: "an integer ≥ 2048").description)
        }
        for id in environments where ClassicControlRegistry.stateLength(id: id) == nil {
            throw ValidationError(InputError(parameter: "--environments", given: id, allowed: ClassicControlRegistry.ids.joined(separator: ", ")).description)
        }
        if let single, !["rollouts", "training"].contains(single) {
            throw ValidationError(InputError(parameter: "--single", given: single, allowed: "rollouts, training").description)
        }
    }

    func run() throws {
        if let mode = single {
            retainFreedMemory()
            let rate = try measure(id: environments[0], mode: mode)
            print(#"{"steps_per_second": \#(rate), "peak_rss_kib": \#(peakResidentKiB())}"#)
            return
        }
        var rows: [(String, String, Measurement, Measurement?)] = []
        for id in environments {
            for mode in ["rollouts", "training"] {
                let ours = try runChild(arguments: [CommandLine.arguments[0], "--single", mode, "--environments", id,
                                                    "--training-steps", "\(trainingSteps)", "--rollout-steps", "\(rolloutSteps)"])
                let theirs = sb3.isEmpty ? nil
                    : try? runChild(arguments: ["/usr/bin/env", "python3", sb3, "--env", id, "--mode", mode,
                                                "--steps", "\(mode == "rollouts" ? min(rolloutSteps, 20480) : trainingSteps)"])
                rows.append((id, mode, ours, theirs))
            }
        }
        print("| environment | measured | Swift steps/s | Swift peak MiB | SB3 steps/s | SB3 peak MiB | Swift / SB3 |")
        print("|---|---|---:|---:|---:|---:|---:|")
        for (id, mode, ours, theirs) in rows {
            let sb3Rate = theirs.map { String(format: "%.0f", $0.stepsPerSecond) } ?? "n/a"
            let sb3Memory = theirs.map { String(format: "%.0f", $0.peakMiB) } ?? "n/a"
            let ratio = theirs.map { String(format: "%.1f×", ours.stepsPerSecond / $0.stepsPerSecond) } ?? "n/a"
            print("| \(id) | \(mode == "rollouts" ? "rollouts only" : "full training") | \(String(format: "%.0f", ours.stepsPerSecond)) | \(String(format: "%.0f", ours.peakMiB)) | \(sb3Rate) | \(sb3Memory) | \(ratio) |")
        }
        if let version = theirs(rows) { print("\n\(version); Swift single-threaded, release build; training \(trainingSteps) steps, rollouts \(rolloutSteps) steps (SB3 rollouts \(min(rolloutSteps, 20480))).") }
    }

    private func theirs(_ rows: [(String, String, Measurement, Measurement?)]) -> String? {
        rows.compactMap { $0.3?.version }.first
    }

    /// Times `mode` on environment `id` in this process.
    private func measure(id: String, mode: String) throws -> Double {
        switch id {
        case CartPole.id: return time(CartPole(), mode: mode)
        case Pendulum.id: return time(Pendulum(), mode: mode)
        case Acrobot.id: return time(Acrobot(), mode: mode)
        case MountainCar.id: return time(MountainCar(), mode: mode)
        case MountainCarContinuous.id: return time(MountainCarContinuous(), mode: mode)
        default: throw InputError(parameter: "--environments", given: id, allowed: ClassicControlRegistry.ids.joined(separator: ", "))
        }
    }

    private func time<E: ClassicControl>(_ environment: E, mode: String) -> Double {
        let steps = mode == "rollouts" ? rolloutSteps : trainingSteps
        var run = PPORun(environment: environment, configuration: Self.benchmarkConfiguration(totalSteps: steps), seed: 1)
        let clock = ContinuousClock()
        let start = clock.now
        if mode == "rollouts" {
            while run.steps < steps { _ = run.collectRollout() }
        } else {
            _ = run.train()
        }
        let d = clock.now - start
        return Double(run.steps) / (Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18)
    }

    /// The paper's settings with Stable-Baselines3's defaults where the two differ in work done:
    /// gradient-norm clip 0.5 and no observation normalisation, so both programs run the same algorithm.
    static func benchmarkConfiguration(totalSteps: Int) -> PPOConfiguration {
        var c = PPOConfiguration(totalSteps: totalSteps)
        c.maxGradientNorm = 0.5
        c.normalizeObservations = false
        return c
    }

    struct Measurement: Decodable {
        var stepsPerSecond: Double
        var peakMiB: Double { Double(peakRssKib) / 1024 }
        var peakRssKib: Int
        var version: String?
        enum CodingKeys: String, CodingKey {
            case stepsPerSecond = "steps_per_second", peakRssKib = "peak_rss_kib", version
        }
    }

    /// Runs a measurement process and decodes the JSON line it prints last.
    private func runChild(arguments: [String]) throws -> Measurement {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        var environment = ProcessInfo.processInfo.environment
        for v in ["OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_NUM_THREADS"] { environment[v] = "1" }
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let line = String(decoding: data, as: UTF8.self).split(separator: "\n").last else {
            throw NumericalError("measurement failed: \(arguments.joined(separator: " "))")
        }
        return try JSONDecoder().decode(Measurement.self, from: Data(line.utf8))
    }
}

/// The peak resident set size of this process, in KiB (getrusage's ru_maxrss on Linux).
func peakResidentKiB() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Int(usage.ru_maxrss)
}
