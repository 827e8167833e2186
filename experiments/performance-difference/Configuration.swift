import ExperimentCLI
import Foundation
import ExperimentKit
import OutputKit
import Tabular

/// The sizes of every part of the experiment, per profile. Everything here is recorded in the
/// manifest (`settings`).
struct Configuration: ExperimentConfiguration {
    var profile: Profile
    /// Part 1: Garnet shapes `G(n, m, b)`.
    var exactShapes: [Garnet]
    /// Part 1: discount factors, spanning 0.5 … 0.999.
    var exactDiscounts: [Double]
    /// Part 1: policy changes, small to large, of both kinds.
    var exactChanges: [PolicyChange]
    /// Part 1: random instances per (shape, γ, change).
    var exactInstancesPerCell: Int

    /// Part 2: discount factors for the Monte Carlo estimates.
    var monteCarloDiscounts: [Double]
    /// Part 2: sample counts `N` at which each replication's estimate is read (prefixes of one stream).
    var monteCarloSampleCounts: [Int]
    /// Part 2: independent replications per γ (the coverage denominator).
    var monteCarloReplications: Int
    /// Part 2: the Garnet and the policy change of the fixed instance per γ.
    var monteCarloShape: Garnet
    var monteCarloChange: PolicyChange

    /// Part 3: MDPs per γ, discounts and change sizes for the surrogate gap.
    var surrogateMDPs: Int
    var surrogateShape: Garnet
    var surrogateDiscounts: [Double]
    var surrogateLogitSteps: [Double]
    var surrogateMixtures: [Double]

    /// Part 4: random policy pairs, their shapes, and the horizon `t = 0 … T`.
    var mismatchPairs: Int
    var mismatchShapes: [Garnet]
    var mismatchChanges: [PolicyChange]
    var mismatchHorizon: Int

    static func forProfile(_ profile: Profile) -> Configuration {
        func garnet(_ n: Int, _ m: Int, _ b: Int) -> Garnet { try! Garnet(states: n, actions: m, branching: b) }
        let changes: [PolicyChange] = [.logitStep(0.01), .logitStep(0.1), .logitStep(1), .logitStep(10),
                                       .mixture(0.01), .mixture(0.1), .mixture(0.5), .mixture(1)]
        switch profile {
        case .smoke:
            return Configuration(
                profile: profile,
                exactShapes: [garnet(5, 2, 2), garnet(20, 4, 3), garnet(50, 4, 5)],
                exactDiscounts: [0.5, 0.9, 0.99, 0.999],
                exactChanges: [.logitStep(0.1), .logitStep(10), .mixture(0.1), .mixture(1)],
                exactInstancesPerCell: 2,
                monteCarloDiscounts: [0.5, 0.9],
                monteCarloSampleCounts: [10, 100, 1000],
                monteCarloReplications: 40,
                monteCarloShape: garnet(20, 4, 3), monteCarloChange: .logitStep(1),
                surrogateMDPs: 2, surrogateShape: garnet(20, 4, 3), surrogateDiscounts: [0.5, 0.9, 0.99],
                surrogateLogitSteps: logGrid(from: 1e-3, to: 10, count: 9),
                surrogateMixtures: logGrid(from: 1e-3, to: 1, count: 7),
                mismatchPairs: 20, mismatchShapes: [garnet(5, 2, 2), garnet(20, 4, 3)],
                mismatchChanges: changes, mismatchHorizon: 50)
        case .standard, .paper:
            let paper = profile == .paper
            return Configuration(
                profile: profile,
                exactShapes: [garnet(5, 2, 2), garnet(20, 4, 3), garnet(50, 4, 5), garnet(200, 4, 10)]
                    + (paper ? [garnet(500, 4, 10)] : []),
                exactDiscounts: [0.5, 0.7, 0.9, 0.95, 0.99, 0.995, 0.999],
                exactChanges: changes,
                exactInstancesPerCell: paper ? 100 : 20,
                monteCarloDiscounts: [0.5, 0.9, 0.99],
                monteCarloSampleCounts: [10, 30, 100, 300, 1000, 3000, 10000] + (paper ? [30000, 100000] : []),
                monteCarloReplications: paper ? 5000 : 1000,
                monteCarloShape: garnet(20, 4, 3), monteCarloChange: .logitStep(1),
                surrogateMDPs: paper ? 20 : 5, surrogateShape: garnet(20, 4, 3),
                surrogateDiscounts: [0.5, 0.9, 0.99],
                surrogateLogitSteps: logGrid(from: 1e-3, to: 10, count: 25),
                surrogateMixtures: logGrid(from: 1e-3, to: 1, count: 19),
                mismatchPairs: paper ? 5000 : 500, mismatchShapes: [garnet(5, 2, 2), garnet(20, 4, 3), garnet(50, 4, 5)],
                mismatchChanges: changes, mismatchHorizon: 100)
        }
    }

    /// Every setting as text, for the manifest.
    var settings: [String: String] {
        func list<T>(_ xs: [T]) -> String { xs.map { "\($0)" }.joined(separator: " ") }
        return [
            "exact.shapes": list(exactShapes), "exact.gammas": list(exactDiscounts),
            "exact.changes": list(exactChanges), "exact.instancesPerCell": "\(exactInstancesPerCell)",
            "mc.gammas": list(monteCarloDiscounts), "mc.sampleCounts": list(monteCarloSampleCounts),
            "mc.replications": "\(monteCarloReplications)", "mc.shape": "\(monteCarloShape)",
            "mc.change": "\(monteCarloChange)",
            "surrogate.mdps": "\(surrogateMDPs)", "surrogate.shape": "\(surrogateShape)",
            "surrogate.gammas": list(surrogateDiscounts), "surrogate.logitSteps": list(surrogateLogitSteps),
            "surrogate.mixtures": list(surrogateMixtures),
            "mismatch.pairs": "\(mismatchPairs)", "mismatch.shapes": list(mismatchShapes),
            "mismatch.changes": list(mismatchChanges), "mismatch.horizon": "\(mismatchHorizon)",
            "garnet.rewards": "state-action, U[0,1]", "garnet.initialDistribution": "flat Dirichlet",
            "policy.old": "softmax, logits N(0,1)",
        ]
    }
}

/// `count` points from `a` to `b`, evenly spaced in log scale; the end points are exact.
func logGrid(from a: Double, to b: Double, count: Int) -> [Double] {
    precondition(a > 0 && b > a && count >= 2)
    return (0..<count).map { i in
        if i == 0 { return a }
        if i == count - 1 { return b }
        return a * pow(b / a, Double(i) / Double(count - 1))
    }
}

