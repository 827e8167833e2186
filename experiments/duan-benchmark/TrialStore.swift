import ExperimentKit
import OutputKit
import Foundation

/// What one trial leaves behind: per iteration [average undiscounted return, paths, steps] (no
/// trajectories, so that committed full-scale trial files stay small), and its provenance.
struct TrialFile: Codable, Sendable {
    var task: String
    var variant: String
    var algorithm: String
    var seed: Int
    var masterSeed: UInt64
    /// The `ComputationFingerprint` of the build that computed it.
    var codeHash: String
    var iterations: [[Double]]
    /// Wall-clock seconds the trial took (informative only: never enters a CSV).
    var seconds: Double

    var averageReturns: [Double] { iterations.map { $0[0] } }

    /// Duan et al.'s metric: the average over iterations of the iteration's average return.
    var score: Double { Statistics.mean(averageReturns) }

    /// The same average with every path weighted equally (Σ_i N_i R̄_i / Σ_i N_i).
    var pathWeightedScore: Double {
        let paths = iterations.reduce(0) { $0 + $1[1] }
        return iterations.reduce(0) { $0 + $1[0] * $1[1] } / paths
    }
}

/// One JSON file per trial under `<output>/trials/`, written atomically when the trial ends:
/// `<task>__<variant>__<algorithm>__seed<k>__<fingerprint>.json`; the fingerprint hashes the master
/// seed and every setting a trial depends on, so files of another profile or seed are never mixed in.
struct TrialStore: Sendable {
    let directory: OutputDirectory
    let fingerprint: String
    let codeHash: String

    init(output: OutputDirectory, configuration: Configuration, masterSeed: UInt64) throws {
        directory = try OutputDirectory(path: output.fileURL("trials").path)
        fingerprint = String(StreamKey.fnv1a("\(masterSeed);\(configuration.trialDescription)"), radix: 16)
        codeHash = try ComputationFingerprint.of(configuration.suite)
    }

    func name(_ t: Trial) -> String {
        "\(t.task)__\(t.variant.rawValue)__\(t.algorithm.rawValue)__seed\(t.seed)__\(fingerprint).json"
    }

    func load(_ t: Trial) -> TrialFile? {
        guard let data = try? Data(contentsOf: directory.fileURL(name(t))) else { return nil }
        return try? JSONDecoder().decode(TrialFile.self, from: data)
    }

    /// The trial's file if this build computed it or would compute the same; nil if missing. Throws,
    /// naming the file and both fingerprints, for a file another computation made or one that does
    /// not parse.
    func reusable(_ t: Trial) throws -> TrialFile? {
        let path = directory.fileURL(name(t)).path
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let file = load(t) else {
            throw InputError(parameter: "trial file", given: path, allowed: "a complete trial file (this one does not parse: delete it to rerun the trial)")
        }
        guard file.codeHash == codeHash else {
            throw InputError(parameter: "trial file", given: "\(path), computed by a build with fingerprint \(file.codeHash)",
                             allowed: "files computed by a build with this build's fingerprint \(codeHash) (delete the file to rerun the trial, or check out the code that made it)")
        }
        return file
    }

    func save(_ file: TrialFile, for t: Trial) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try directory.write(String(decoding: try encoder.encode(file), as: UTF8.self), to: name(t))
    }
}
