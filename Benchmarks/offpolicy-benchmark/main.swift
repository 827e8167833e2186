import ArgumentParser
import BenchmarkSupport
import Control
import ExperimentKit
import Foundation
import Locomotion
import Neural
import OffPolicy
import OutputKit

/// Environment steps per second of SAC, TD3 and DDPG training (environment steps and gradient steps
/// together, update-to-data ratio 1), single-threaded, beside Stable-Baselines3's at the same settings
/// measured in the same run (tools/bench_sb3_offpolicy.py): 256-256 ReLU networks, batch 256, γ 0.99,
/// τ 0.005, uniform random actions for the first `learningStarts` steps, then one gradient step per
/// environment step. DDPG is SB3's (one critic, no delay, no target noise, Adam 10⁻³, Gaussian
/// exploration σ = 0.1); TD3 SB3's (twin critics, d = 2, σ̃ = 0.2, c = 0.5, Adam 10⁻³, σ = 0.1); SAC
/// SB3's (twin critics, automatic α, Adam 3·10⁻⁴, every update moving actor, α and targets). Not a test.
@main
struct OffPolicyBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "offpolicy-benchmark",
        abstract: "SAC, TD3 and DDPG training throughput against Stable-Baselines3 (one thread each).")

    static let algorithms = ["sac", "td3", "ddpg"]

    @Option(help: "Environment steps to time per algorithm and environment (learning starts included).")
    var steps: Int = 3000

    @Option(help: "Uniform random steps before the first update.")
    var learningStarts: Int = 1000

    @Option(help: "Environments: Pendulum-v1 or a MuJoCo id (\(LocomotionRegistry.ids.joined(separator: ", "))).")
    var environments: [String] = ["Pendulum-v1", "HalfCheetah-v5"]

    @Option(help: "Algorithms: sac, td3, ddpg.")
    var algorithms: [String] = OffPolicyBenchmark.algorithms

    @Option(help: "Precisions of the Swift networks' dense-layer products, one column each: double, single (float32 sums, as PyTorch's).")
    var products: [String] = ["double", "single"]

    @Option(help: "Path of tools/bench_sb3_offpolicy.py; empty to skip Stable-Baselines3.")
    var sb3: String = "tools/bench_sb3_offpolicy.py"

    @Option(help: "Also write the table (Markdown, with the machine and date) to this file.")
    var output: String?

    func validate() throws {
        guard learningStarts >= 256 else {
            throw ValidationError(InputError(parameter: "--learning-starts", given: "\(learningStarts)", allowed: "an integer ≥ 256 (one batch)").description)
        }
        guard steps > learningStarts else {
            throw ValidationError(InputError(parameter: "--steps", given: "\(steps)", allowed: "an integer > --learning-starts").description)
        }
        for id in environments where id != Pendulum.id && !LocomotionRegistry.ids.contains(id) {
            throw ValidationError(InputError(parameter: "--environments", given: id,
                                             allowed: ([Pendulum.id] + LocomotionRegistry.ids).joined(separator: ", ")).description)
        }
        for p in products where ProductPrecision(rawValue: p) == nil {
            throw ValidationError(InputError(parameter: "--products", given: p,
                                             allowed: ProductPrecision.allCases.map(\.rawValue).joined(separator: ", ")).description)
        }
        for a in algorithms where !Self.algorithms.contains(a) {
            throw ValidationError(InputError(parameter: "--algorithms", given: a, allowed: Self.algorithms.joined(separator: ", ")).description)
        }
    }

    func run() throws {
        // As every training program of the suite: keep freed memory in the process (glibc), else each
        // update's few-hundred-kilobyte arrays come back as fresh zeroed pages (page faults took ~15% of
        // TD3's time). PyTorch keeps its own caching allocator.
        retainFreedMemory()
        let loadAtStart = MachineDescription.loadAverage
        let precisions = products.compactMap(ProductPrecision.init(rawValue:))
        func label(_ p: ProductPrecision) -> String { p == .double ? "float64" : "float32 products" }
        var lines = ["| environment | algorithm | " + precisions.map { "Swift \(label($0)) steps/s | " }.joined() + "SB3 steps/s | "
                     + precisions.map { "Swift \(label($0)) / SB3 | " }.joined(),
                     "|---|---|" + String(repeating: "---:|", count: 2 * precisions.count + 1)]
        var version: String?
        for id in environments {
            for algorithm in algorithms {
                let ours = try precisions.map { try measure(id: id, algorithm: algorithm, products: $0) }
                let theirs = sb3.isEmpty ? nil : try? runSB3(id: id, algorithm: algorithm)
                version = version ?? theirs?.version
                let sb3Rate = theirs.map { String(format: "%.0f", $0.stepsPerSecond) } ?? "n/a"
                let ratios = ours.map { rate in theirs.map { String(format: "%.2f×", rate / $0.stepsPerSecond) } ?? "n/a" }
                lines.append("| \(id) | \(algorithm.uppercased()) | " + ours.map { String(format: "%.0f | ", $0) }.joined()
                             + "\(sb3Rate) | " + ratios.map { "\($0) | " }.joined())
                FileHandle.standardError.write(Data((lines.last! + "\n").utf8))
            }
        }
        lines += ["", "\(steps) environment steps per run, the first \(learningStarts) uniform random, then one gradient step per "
                  + "environment step; 256-256 ReLU networks, batch 256; Swift single-threaded, release build, parameters, "
                  + "activations and Adam in double, the dense-layer products in double (float64) or rounded to float32 "
                  + "and summed in float32 as PyTorch's layers (float32 products)"
                  + (version.map { "; \($0)" } ?? "") + "."]
        lines += ["", "Measured on \(MachineDescription.current), \(ISO8601DateFormatter().string(from: Date()).prefix(10))."]
        if let start = loadAtStart, let end = MachineDescription.loadAverage {
            let cores = ProcessInfo.processInfo.activeProcessorCount
            lines += ["", String(format: "Load average (1 min) %.1f at the start and %.1f at the end, on %d cores", start, end, cores)
                      + (max(start, end) > 1.5 ? ": other jobs shared the machine, so both columns are slower than on a quiet one "
                         + "(the two sides of a row ran one after the other, so their ratio is the comparable figure)." : ".")]
        }
        let text = lines.joined(separator: "\n") + "\n"
        print(text, terminator: "")
        if let output {
            try OutputDirectory(path: (output as NSString).deletingLastPathComponent, parameter: "--output")
                .write(text, to: (output as NSString).lastPathComponent)
        }
    }

    func loop() -> OffPolicyLoop {
        OffPolicyLoop(totalSteps: steps, bufferSize: steps, learningStarts: learningStarts)
    }

    /// The SB3-equivalent settings of `algorithm` (see the type's note).
    func timeAgent<E: EpisodicEnvironment>(_ environment: E, algorithm: String, products: ProductPrecision) throws -> Double {
        var env = environment
        guard case .box(let low, let high) = env.actionSet else { throw InputError(parameter: "--environments", given: env.id, allowed: "a box action set") }
        let n = env.observationLength
        func time<A: OffPolicyAgent>(_ agent: A) -> Double {
            var agent = agent
            let clock = ContinuousClock()
            let start = clock.now
            OffPolicyTraining.run(&agent, environment: &env, loop: loop(), seed: 1)
            return Double(steps) / seconds(clock.now - start)
        }
        switch algorithm {
        case "sac":
            var c = SACConfiguration.stableBaselines3(totalSteps: steps)
            c.loop = loop()
            c.products = products
            return time(try SAC(configuration: c, observationLength: n, low: low, high: high, seed: 1))
        default:
            var c = algorithm == "td3" ? TD3.stableBaselines3(totalSteps: steps, exploration: .gaussian(standardDeviation: 0.1))
                                       : DDPG.stableBaselines3(totalSteps: steps, exploration: .gaussian(standardDeviation: 0.1))
            c.loop = loop()
            c.actorHiddenSizes = [256, 256]
            c.criticHiddenSizes = [256, 256]
            c.products = products
            return time(try DeterministicActorCritic(configuration: c, observationLength: n, low: low, high: high, seed: 1))
        }
    }

    func measure(id: String, algorithm: String, products: ProductPrecision) throws -> Double {
        if id == Pendulum.id { return try timeAgent(TimeLimited(Pendulum()), algorithm: algorithm, products: products) }
        func open<E: EpisodicEnvironment>(_ e: E) throws -> Double { try timeAgent(e, algorithm: algorithm, products: products) }
        return try open(try LocomotionRegistry.make(id: id))
    }

    /// Runs the SB3 script in its own process (one BLAS thread) and reads its measurement.
    func runSB3(id: String, algorithm: String) throws -> ThroughputMeasurement {
        try ThroughputMeasurement.runChild(arguments: ["/usr/bin/env", "python3", sb3, "--env", id, "--algorithm", algorithm,
                                                       "--steps", "\(steps)", "--learning-starts", "\(learningStarts)"])
    }
}
