import ExperimentKit
import Foundation
import OutputKit

/// The folder of finished trials of an experiment that scales out (C9, C15): `<output>/trials/`, one
/// JSON file per trial, each written atomically when its trial ends, named
/// `<trial's own name>__<fingerprint>.json`. The fingerprint is FNV-1a of the master seed and a
/// description of everything a trial's result depends on, so files of another profile or seed are never
/// mixed in. Each file records the code hash of the computation that made it (the experiment's
/// `ComputationFingerprint`, which may differ per trial), and a file another computation made is
/// refused, never reused.
public struct TrialFolder: Sendable {
    public let directory: OutputDirectory
    public let fingerprint: String

    public init(output: OutputDirectory, trialDescription: String, masterSeed: UInt64) throws {
        directory = try OutputDirectory(path: output.fileURL("trials").path)
        fingerprint = String(StreamKey.fnv1a("\(masterSeed);\(trialDescription)"), radix: 16)
    }

    /// The file name of the trial named `trial`.
    public func name(_ trial: String) -> String { "\(trial)__\(fingerprint).json" }

    /// The trial's file if it exists and parses (nil otherwise), whoever computed it.
    public func load<File: Decodable>(_ trial: String, as type: File.Type) -> File? {
        guard let data = try? Data(contentsOf: directory.fileURL(name(trial))) else { return nil }
        return try? JSONDecoder().decode(File.self, from: data)
    }

    /// The trial's file if this build computed it, or would compute the same (`codeHash`, the build's
    /// hash for this trial): nil if it is missing. Throws, naming the file and both hashes, if a file
    /// exists that another computation made (or that does not parse). `hash` reads the code hash a file records.
    public func reusable<File: Decodable>(_ trial: String, as type: File.Type, codeHash: String, hash: (File) -> String) throws -> File? {
        let path = directory.fileURL(name(trial)).path
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let file = load(trial, as: File.self) else {
            throw InputError(parameter: "trial file", given: path, allowed: "a complete trial file (this one does not parse: delete it to rerun the trial)")
        }
        guard hash(file) == codeHash else {
            throw InputError(parameter: "trial file", given: "\(path), computed by a build with fingerprint \(hash(file))",
                             allowed: "files computed by a build with this build's fingerprint \(codeHash) (delete the file to rerun the trial, or check out the code that made it)")
        }
        return file
    }

    /// Writes the trial's file atomically (sorted keys, so equal files have equal bytes).
    public func save<File: Encodable>(_ file: File, as trial: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try directory.write(String(decoding: try encoder.encode(file), as: UTF8.self), to: name(trial))
    }

    /// `word` quoted for a POSIX shell when it needs it (what `list` prints must survive GNU parallel
    /// and `bash -c`, paths with spaces included).
    public static func shellQuoted(_ word: String) -> String {
        word.allSatisfy { $0.isLetter || $0.isNumber || "/._-+=:,".contains($0) } ? word
            : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
