import ExperimentKit
import Foundation

/// What a run was: written as `manifest.json` beside its CSVs, last, once every other file is in
/// place (so its presence marks a complete run). Times and host details vary between runs; the
/// CSVs do not.
public struct Manifest: Codable, Sendable {
    public var experiment: String
    public var commandLine: [String]
    public var profile: String
    public var masterSeed: UInt64
    public var threads: Int
    public var settings: [String: String]
    public var gitCommit: String
    public var gitDirty: Bool
    public var toolchain: String
    public var startTime: String
    public var endTime: String
    public var durationSeconds: Double
    /// Row count of each CSV file written, by file name.
    public var rowCounts: [String: Int]

    public init(experiment: String, profile: Profile, masterSeed: UInt64, threads: Int,
                settings: [String: String], start: Date, end: Date, rowCounts: [String: Int]) {
        self.experiment = experiment
        self.commandLine = CommandLine.arguments
        self.profile = profile.rawValue
        self.masterSeed = masterSeed
        self.threads = threads
        self.settings = settings
        let git = Manifest.gitState()
        self.gitCommit = git.commit
        self.gitDirty = git.dirty
        self.toolchain = Manifest.toolchainVersion()
        let iso = ISO8601DateFormatter()
        self.startTime = iso.string(from: start)
        self.endTime = iso.string(from: end)
        self.durationSeconds = (end.timeIntervalSince(start) * 1000).rounded() / 1000
        self.rowCounts = rowCounts
    }

    /// The manifest as pretty, key-sorted JSON.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }

    /// `git rev-parse HEAD` and whether tracked files outside `results/` have uncommitted changes;
    /// "unknown" outside git.
    static func gitState() -> (commit: String, dirty: Bool) {
        guard let commit = run(["git", "rev-parse", "HEAD"])?.trimmingCharacters(in: .whitespacesAndNewlines),
              !commit.isEmpty else { return ("unknown", false) }
        // Dirty means the code differs from the commit; the run's own outputs do not count.
        let status = run(["git", "status", "--porcelain", "--untracked-files=no", "--", ".",
                          ":(exclude)results", ":(exclude)paper/report.pdf"]) ?? ""
        return (commit, !status.isEmpty)
    }

    /// The compiler that built this binary, from `swift --version` (first line), or the
    /// language-version check when the toolchain is not on PATH.
    static func toolchainVersion() -> String {
        if let out = run(["swift", "--version"]),
           let line = out.split(separator: "\n").first(where: { $0.contains("Swift version") }) {
            return String(line)
        }
        #if compiler(>=6.0)
        return "Swift 6.x (swift --version unavailable)"
        #else
        return "Swift 5.x (swift --version unavailable)"
        #endif
    }

    private static func run(_ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
