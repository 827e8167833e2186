import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// Part 3: the error and every bound along one path of growing change `π' = softmax(θ + size·Δ)`,
/// for a few fixed MDPs (the same MDP and direction at each γ).
enum PolicyChangePaths {
    struct Path: Sendable { var mdpIndex: Int; var gamma: Double }

    static func paths(_ config: Configuration) -> [Path] {
        (0..<config.pathMDPs).flatMap { i in config.pathDiscounts.map { Path(mdpIndex: i, gamma: $0) } }
    }

    static func run(_ path: Path, config: Configuration, masterSeed: UInt64) throws -> [SurrogateErrorQuantities] {
        var rng = StreamKey(experiment: TRPOBounds.name, setting: "paths/mdp", trial: path.mdpIndex,
                            masterSeed: masterSeed).generator()
        let mdp = try config.pathShape.sample(discount: 0.5, using: &rng).withDiscount(path.gamma)
        let n = mdp.stateCount, m = mdp.actionCount
        let logits = (0..<(n * m)).map { _ in rng.nextGaussian() }
        let direction = (0..<(n * m)).map { _ in rng.nextGaussian() }
        let old = try PolicyEvaluation(policy: .softmax(logits: logits, stateCount: n, actionCount: m), in: mdp)
        return try config.pathSizes.map { size in
            let new = TabularPolicy.softmax(logits: zip(logits, direction).map { $0 + size * $1 }, stateCount: n, actionCount: m)
            return try SurrogateErrorQuantities(old: old, new: new)
        }
    }

    static func table(_ paths: [Path], _ points: [[SurrogateErrorQuantities]], sizes: [Double]) -> CSVTable {
        var table = CSVTable(columns: ["mdp", "gamma", "change_size", "max_tv", "mean_kl_new_old", "error"]
                             + RandomSweep.boundColumns.map(\.1))
        for (path, list) in zip(paths, points) {
            for (size, q) in zip(sizes, list) {
                table.append([.int(path.mdpIndex), .double(path.gamma), .double(size), .double(q.maxTV),
                              .double(q.meanKLNewOld), .double(q.error)]
                             + RandomSweep.boundColumns.map { .double($0.0.value(q)) })
            }
        }
        return table
    }
}
