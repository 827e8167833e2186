import ExperimentKit
import Foundation

/// The folder an experiment writes into. Every file goes through `write`, which is atomic:
/// the bytes go to a temporary file in the same folder that is then renamed over the target,
/// so an interrupted run never leaves a truncated file that `make` would take as up to date.
public struct OutputDirectory: Sendable {
    public let url: URL

    /// Creates the folder if needed and checks it is writable, before any work starts.
    /// Throws an `InputError` naming `parameter` when it cannot be used.
    public init(path: String, parameter: String = "--output") throws {
        url = URL(fileURLWithPath: path, isDirectory: true)
        let fm = FileManager.default
        do {
            try fm.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw InputError(parameter: parameter, given: path, allowed: "a folder that exists or can be created")
        }
        let probe = url.appendingPathComponent(".write-probe-\(getpid())")
        guard fm.createFile(atPath: probe.path, contents: Data()) else {
            throw InputError(parameter: parameter, given: path, allowed: "a writable folder")
        }
        try? fm.removeItem(at: probe)
    }

    public func fileURL(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// Writes `text` to `name` atomically (temporary file + rename).
    public func write(_ text: String, to name: String) throws {
        let target = fileURL(name)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(),
                                                withIntermediateDirectories: true)
        try Data(text.utf8).write(to: target, options: .atomic)
    }

    /// Writes a table as CSV, atomically.
    public func write(_ table: CSVTable, to name: String) throws {
        try write(try table.rendered(), to: name)
    }

    /// Removes `name` if it exists (a stale manifest, before a run starts).
    public func remove(_ name: String) {
        try? FileManager.default.removeItem(at: fileURL(name))
    }
}
