import ExperimentCLI
import ExperimentKit
import OutputKit
import Foundation

/// What one trial leaves behind: per iteration [average undiscounted return, paths, steps] (no
/// trajectories, so that committed full-scale trial files stay small), and its provenance.
struct TrialFile: TrialFileStamp {
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
