import ExperimentCLI
import ExperimentKit
import OutputKit
import Foundation
import Neural
import PPO

/// What one trial leaves behind: its curves and the provenance that decides whether it may be reused.
struct TrialFile: TrialFileStamp {
    var environment: String
    var setting: String
    var seed: Int
    var masterSeed: UInt64
    var steps: Int
    /// The `ComputationFingerprint` of the build that computed it: a rerun reuses a trial only from a
    /// build that computes the same numbers.
    var codeHash: String
    /// Per episode: [end step, return, length]; every episode, or (compact files) the last 100.
    var episodes: [[Double]]
    /// How many episodes the run finished (compact files only; otherwise `episodes.count`).
    var episodeCount: Int?
    /// The learning curve at the study's 50 grid steps, [step, mean return of the last 100 episodes]
    /// from the first grid step at which an episode has ended (compact files only; otherwise it is
    /// computed from `episodes` with the same function).
    var curve: [[Double]]?
    /// Per update, or every `updateStride`-th update and the last: [steps, β, mean KL, clip fraction,
    /// entropy, value loss, explained variance].
    var updates: [[Double]]

    var returns: [Double] { episodes.map { $0[1] } }

    var finishedEpisodes: Int { episodeCount ?? episodes.count }

    /// The mean return of the last 100 episodes ended by each grid step (nil before the first).
    static func curve(episodes: [[Double]], grid: [Int]) -> [Double?] {
        let trailing = TrainingRecord.trailingMeans(episodes.map { $0[1] }, window: 100)
        var index = 0
        return grid.map { step in
            while index < episodes.count && Int(episodes[index][0]) <= step { index += 1 }
            return index > 0 ? trailing[index - 1] : nil
        }
    }

    /// The curve at `grid`, stored or computed.
    func curve(grid: [Int]) -> [Double?] {
        guard let curve else { return TrialFile.curve(episodes: episodes, grid: grid) }
        let stored = Dictionary(uniqueKeysWithValues: curve.map { (Int($0[0]), $0[1]) })
        return grid.map { stored[$0] }
    }

    /// The paper's score: the mean return of the last 100 episodes.
    var score: Double { TrainingRecord.meanOfLast(returns[...], 100) }
}
