import ArgumentParser
import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// Exact evaluations (V, Q, A, d^π) per second on Garnets with 4 actions, one thread, beside the
/// same computation in NumPy measured in the same run. Not a test: timings vary by machine.
@main
struct TabularBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tabular-benchmark",
        abstract: "Exact-evaluation throughput of the tabular core against NumPy (one thread each).")

    @Option(help: "State counts to measure.")
    var sizes: [Int] = [10, 50, 200]

    @Option(help: "Actions per state.")
    var actions: Int = 4

    @Option(help: "Seconds of timing per size (after a warm-up).")
    var seconds: Double = 2

    @Option(help: "Path of tools/bench_numpy.py; empty to skip NumPy.")
    var numpy: String = "tools/bench_numpy.py"

    @Option(help: "Also write the table (Markdown, with the machine and date) to this file, for the README (make bench writes results/benchmarks/tabular.md).")
    var output: String?

    func validate() throws {
        guard !sizes.isEmpty, sizes.allSatisfy({ $0 >= 1 && $0 <= 5000 }) else {
            throw ValidationError(InputError(parameter: "--sizes", given: "\(sizes)", allowed: "integers from 1 to 5000").description)
        }
        guard actions >= 1 else {
            throw ValidationError(InputError(parameter: "--actions", given: "\(actions)", allowed: "an integer ≥ 1").description)
        }
        guard seconds > 0, seconds <= 600 else {
            throw ValidationError(InputError(parameter: "--seconds", given: "\(seconds)", allowed: "a number in (0, 600]").description)
        }
    }

    func run() throws {
        var swiftRates: [Int: Double] = [:]
        for n in sizes {
            var rng = SeededGenerator(seed: UInt64(n))
            let mdp = try Garnet(states: n, actions: actions, branching: min(n, 10)).sample(discount: 0.99, using: &rng)
            let policy = TabularPolicy.randomSoftmax(stateCount: n, actionCount: actions, scale: 1, using: &rng)
            var sink = try PolicyEvaluation(policy: policy, in: mdp).performance   // warm-up
            let clock = ContinuousClock()
            let start = clock.now
            var count = 0
            var elapsed = 0.0
            repeat {
                sink += try PolicyEvaluation(policy: policy, in: mdp).performance
                count += 1
                let d = clock.now - start
                elapsed = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
            } while elapsed < seconds
            swiftRates[n] = Double(count) / elapsed
            if sink.isNaN { print("unreachable") }
        }
        let numpyRates = numpy.isEmpty ? [:] : measureNumPy()
        var lines = ["| states n | actions | Swift evaluations/s | NumPy evaluations/s | Swift / NumPy |", "|---:|---:|---:|---:|---:|"]
        for n in sizes {
            let s = swiftRates[n]!
            let np = numpyRates[n].map { String(format: "%.0f", $0) } ?? "n/a"
            let ratio = numpyRates[n].map { String(format: "%.2f×", s / $0) } ?? "n/a"
            lines.append("| \(n) | \(actions) | \(String(format: "%.0f", s)) | \(np) | \(ratio) |")
        }
        if let version = numpyVersion { lines += ["", "NumPy \(version), one BLAS thread; Swift single-threaded, release build; \(String(format: "%g", seconds)) s per size."] }
        lines += ["", "Measured on \(MachineDescription.current), \(ISO8601DateFormatter().string(from: Date()).prefix(10))."]
        let text = lines.joined(separator: "\n") + "\n"
        print(text, terminator: "")
        if let output {
            try OutputDirectory(path: (output as NSString).deletingLastPathComponent, parameter: "--output")
                .write(text, to: (output as NSString).lastPathComponent)
        }
    }

    private var numpyVersion: String? { NumPyResult.version }

    /// Runs the NumPy script with one BLAS thread and reads its JSON lines.
    private func measureNumPy() -> [Int: Double] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", numpy] + sizes.map(String.init)
            + ["--actions", "\(actions)", "--seconds", "\(seconds)"]
        var environment = ProcessInfo.processInfo.environment
        for v in ["OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_NUM_THREADS"] { environment[v] = "1" }
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch {
            FileHandle.standardError.write(Data("NumPy reference not run: \(error)\n".utf8))
            return [:]
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var rates: [Int: Double] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            if let r = try? JSONDecoder().decode(NumPyResult.self, from: Data(line.utf8)) {
                rates[r.n] = r.evaluations_per_second
                NumPyResult.version = r.numpy
            }
        }
        return rates
    }
}

private struct NumPyResult: Decodable {
    var n: Int
    var evaluations_per_second: Double
    var numpy: String
    nonisolated(unsafe) static var version: String?
}
