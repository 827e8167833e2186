import ExperimentCLI
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
    /// The `ComputationFingerprint` (of the trial's algorithm) of the build that computed it.
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

/// The folder of trial files (`TrialFolder`): `trials/<task>__<variant>__<algorithm>__seed<k>__<fingerprint>.json`;
/// the fingerprint hashes the master seed and every setting a trial depends on, so files of another
/// profile or seed are never mixed in.
struct TrialStore: Sendable {
    let folder: TrialFolder
    /// This build's `ComputationFingerprint` of each algorithm on the configuration's suite.
    let codeHashes: [Algorithm: String]
    var directory: OutputDirectory { folder.directory }

    init(output: OutputDirectory, configuration: Configuration, masterSeed: UInt64) throws {
        folder = try TrialFolder(output: output, trialDescription: configuration.trialDescription, masterSeed: masterSeed)
        codeHashes = try ComputationFingerprint.all(configuration.suite)
    }

    /// This build's `ComputationFingerprint` for the trial's algorithm.
    func codeHash(_ t: Trial) -> String { codeHashes[t.algorithm]! }

    func key(_ t: Trial) -> String { "\(t.task)__\(t.variant.rawValue)__\(t.algorithm.rawValue)__seed\(t.seed)" }
    func name(_ t: Trial) -> String { folder.name(key(t)) }
    func load(_ t: Trial) -> TrialFile? { folder.load(key(t), as: TrialFile.self) }
    /// See `TrialFolder.reusable`: nil if missing, the file if this build computes the same, an error otherwise.
    func reusable(_ t: Trial) throws -> TrialFile? { try folder.reusable(key(t), as: TrialFile.self, codeHash: codeHash(t)) { $0.codeHash } }
    func save(_ file: TrialFile, for t: Trial) throws { try folder.save(file, as: key(t)) }
}
