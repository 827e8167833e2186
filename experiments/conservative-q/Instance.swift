import ExperimentKit
import Foundation
import Tabular

/// One Garnet instance with its target policy π and its behaviour policy π_β of limited coverage.
struct Instance: Sendable {
    var shape: Garnet
    var gamma: Double
    var index: Int
    var mdp: MDP
    var target: TabularPolicy
    var behaviour: TabularPolicy
    var label: String { "\(shape) instance \(index), γ = \(gamma)" }

    /// π: softmax of N(0,1) logits. π_β: weights exp(N(0,1)), each action rare with probability ½ (one
    /// action per state kept common), a rare action's weight times `rareWeight`.
    static func draw(shape: Garnet, gamma: Double, index: Int, rareWeight: Double, masterSeed: UInt64) throws -> Instance {
        var rng = StreamKey(experiment: "conservative-q", setting: "\(shape) γ=\(gamma)", trial: index, masterSeed: masterSeed).generator()
        let mdp = try shape.sample(discount: gamma, using: &rng)
        let n = mdp.stateCount, m = mdp.actionCount
        let target = TabularPolicy.randomSoftmax(stateCount: n, actionCount: m, scale: 1, using: &rng)
        var p = [Double](repeating: 0, count: n * m)
        for s in 0..<n {
            var rare = (0..<m).map { _ in rng.nextUniform() < 0.5 }
            if !rare.contains(false) { rare[rng.nextInt(below: m)] = false }
            var total = 0.0
            for a in 0..<m {
                p[s * m + a] = exp(rng.nextGaussian()) * (rare[a] ? rareWeight : 1)
                total += p[s * m + a]
            }
            for a in 0..<m { p[s * m + a] /= total }
        }
        return Instance(shape: shape, gamma: gamma, index: index, mdp: mdp, target: target,
                        behaviour: try TabularPolicy(stateCount: n, actionCount: m, probabilities: p))
    }
}
