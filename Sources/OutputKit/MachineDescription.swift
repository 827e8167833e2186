import Foundation

/// The machine a measurement ran on, as the README states it beside a timing: the CPU model (from
/// /proc/cpuinfo), the cores available, and the widest vector extension the suite's kernels use.
public enum MachineDescription {
    public static var current: String {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        func field(_ name: String) -> String? {
            info.split(separator: "\n").first { $0.hasPrefix(name) }.flatMap { line in
                line.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) }
            }
        }
        let flags = " " + (field("flags") ?? "") + " "
        let vector = flags.contains(" avx512f ") ? "AVX-512" : flags.contains(" avx2 ") ? "AVX2" : "no AVX2"
        var model = field("model name") ?? "unknown CPU"
        if let family = field("cpu family"), let number = field("model\t") ?? field("model ") {
            model += " (family \(family), model \(number))"
        }
        return "\(model), \(ProcessInfo.processInfo.activeProcessorCount) cores, \(vector)"
    }

    /// The 1-minute load average (the first field of /proc/loadavg), or nil where there is none: how
    /// busy a shared machine was while a benchmark ran.
    public static var loadAverage: Double? {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first.flatMap { Double($0) }
    }
}
