import ExperimentKit
import Foundation

/// What one measurement process reports: throughput, its peak memory and, for a reference library,
/// its version line. Every benchmark prints one such JSON line per child process and reads it back
/// here, so peak memory belongs to one measurement alone.
public struct ThroughputMeasurement: Decodable, Sendable {
    public var stepsPerSecond: Double
    public var peakRssKib: Int
    public var version: String?
    public var peakMiB: Double { Double(peakRssKib) / 1024 }

    enum CodingKeys: String, CodingKey {
        case stepsPerSecond = "steps_per_second", peakRssKib = "peak_rss_kib", version
    }

    /// Runs `arguments` (program first) with one BLAS/OpenMP thread and decodes the JSON line it prints last.
    public static func runChild(arguments: [String]) throws -> ThroughputMeasurement {
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
        return try JSONDecoder().decode(ThroughputMeasurement.self, from: Data(line.utf8))
    }

    /// The JSON line a child prints for `stepsPerSecond`, with this process's peak memory.
    public static func line(stepsPerSecond: Double) -> String {
        #"{"steps_per_second": \#(stepsPerSecond), "peak_rss_kib": \#(peakResidentKiB())}"#
    }
}

/// The peak resident set size of this process, in KiB (getrusage's ru_maxrss on Linux).
public func peakResidentKiB() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Int(usage.ru_maxrss)
}

/// A duration in seconds.
public func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}
