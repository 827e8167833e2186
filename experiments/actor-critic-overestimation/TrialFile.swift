import ExperimentCLI
import ExperimentKit

/// What one trial leaves behind: its checkpoints and its provenance.
struct TrialFile: TrialFileStamp, Equatable {
    var task: String
    var variant: String
    var seed: Int
    var masterSeed: UInt64
    /// The `ComputationFingerprint` of the build that computed it.
    var codeHash: String
    var checkpoints: [Checkpoint]
    var trainingEpisodes: Int
    /// Environment steps and wall-clock seconds of the whole trial, probes included (informative only:
    /// never enters a CSV).
    var steps: Int
    var seconds: Double
}
