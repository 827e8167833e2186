import ExperimentKit
import Foundation
import Neural

/// What one trial leaves behind: its curves and the provenance that decides whether it may be reused.
struct TrialFile: Codable, Sendable {
    var environment: String
    var setting: String
    var seed: Int
    var masterSeed: UInt64
    var steps: Int
    /// FNV-1a of the executable that computed it: a rerun reuses a trial only from the same binary.
    var codeHash: String
    /// Per episode: [end step, return, length].
    var episodes: [[Double]]
    /// Per update: [steps, β, mean KL, clip fraction, entropy, value loss, explained variance].
    var updates: [[Double]]

    var returns: [Double] { episodes.map { $0[1] } }

    /// The paper's score: the mean return of the last 100 episodes.
    var score: Double { TrainingRecord.meanOfLast(returns[...], 100) }
}

/// The folder of trial files, one JSON file per trial, each written atomically when its trial ends:
/// `trials/<environment>__<setting>__seed<k>__<fingerprint>.json`, where the fingerprint hashes the
/// master seed and every setting of the run, so files of another profile or seed are never mixed in.
struct TrialStore: Sendable {
    let directory: OutputDirectory
    let fingerprint: String

    init(output: OutputDirectory, configuration: Configuration, masterSeed: UInt64) throws {
        directory = try OutputDirectory(path: output.fileURL("trials").path)
        let description = configuration.settingsRecord.sorted { $0.key < $1.key }.map { "\($0)=\($1)" }.joined(separator: ";")
        fingerprint = String(StreamKey.fnv1a("\(masterSeed);\(description)"), radix: 16)
    }

    func name(_ trial: Trial) -> String {
        "\(trial.environment)__\(trial.setting)__seed\(trial.seed)__\(fingerprint).json"
    }

    /// The trial's file if it exists and parses (nil otherwise).
    func load(_ trial: Trial) -> TrialFile? {
        guard let data = try? Data(contentsOf: directory.fileURL(name(trial))) else { return nil }
        return try? JSONDecoder().decode(TrialFile.self, from: data)
    }

    func save(_ file: TrialFile, for trial: Trial) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try directory.write(String(decoding: try encoder.encode(file), as: UTF8.self), to: name(trial))
    }

    /// FNV-1a of this executable's bytes (computed once per process).
    static let codeHash: String = {
        let path = CommandLine.arguments[0]
        let url = path.contains("/") ? URL(fileURLWithPath: path) : URL(fileURLWithPath: "/proc/self/exe")
        guard let data = try? Data(contentsOf: url.resolvingSymlinksInPath()) else { return "unknown" }
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in data { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return String(hash, radix: 16)
    }()
}
