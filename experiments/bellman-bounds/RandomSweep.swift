import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// Part 1: random Garnets; on each, one V of every kind (`ValueKind`), a second value function V′
/// for the contractions, and an arbitrary softmax policy π; every check of `Statement` on each.
enum RandomSweep {
    struct Cell: Sendable { var shape: Garnet; var gamma: Double; var instance: Int }

    struct Drawn {
        var kind: ValueKind
        var value: [Double]
        var second: [Double]
        var policy: TabularPolicy
    }

    struct Outcome: Sendable {
        var cell: Cell
        var kind: ValueKind
        var checks: InstanceChecks
    }

    static func cells(_ config: Configuration) -> [Cell] {
        var cells: [Cell] = []
        for gamma in config.discounts {
            for shape in config.shapes {
                for i in 0..<config.instancesPerCell { cells.append(Cell(shape: shape, gamma: gamma, instance: i)) }
            }
        }
        return cells
    }

    /// The cell's MDP, V* and one (V, V′, π) per kind, all from the cell's own stream; calling it
    /// again rebuilds exactly the same instances (how a counterexample is recovered for saving).
    static func draw(_ cell: Cell, kinds: [ValueKind], masterSeed: UInt64) throws -> (MDP, OptimalValue, [Drawn]) {
        var rng = StreamKey(experiment: BellmanBounds.name, setting: "sweep/\(cell.shape)/gamma=\(cell.gamma)",
                            trial: cell.instance, masterSeed: masterSeed).generator()
        let mdp = try cell.shape.sample(discount: cell.gamma, using: &rng)
        let optimum = try BellmanOperators.optimalValue(in: mdp)
        let n = mdp.stateCount, m = mdp.actionCount, scale = 1 / (1 - cell.gamma)
        let vStar = optimum.value, tauStar = optimum.tolerance
        var drawn: [Drawn] = []
        for kind in kinds {
            var v: [Double]
            switch kind {
            case .zero: v = [Double](repeating: 0, count: n)
            case .near: v = vStar.map { $0 + 1e-3 * scale * rng.nextGaussian() }
            case .far: v = vStar.map { $0 + scale * rng.nextGaussian() }
            case .aboveNear: v = above(vStar, margin: tauStar, offsets: (0..<n).map { _ in 1e-3 * scale * abs(rng.nextGaussian()) })
            case .aboveFar: v = above(vStar, margin: tauStar, offsets: (0..<n).map { _ in scale * abs(rng.nextGaussian()) })
            case .shift:
                let c = scale * (2 * rng.nextUniform() - 1)
                v = vStar.map { $0 + c }
            case .policy:
                let mu = (0..<n).map { _ in rng.nextInt(below: m) }
                v = try PolicyEvaluation(policy: BellmanOperators.deterministicPolicy(mu, actions: m), in: mdp).value
            case .iterate:
                let k = 1 + rng.nextInt(below: min(200, Int((1 / (1 - cell.gamma)).rounded(.up))))
                v = BellmanOperators.iterate(from: [Double](repeating: 0, count: n), iterations: k) {
                    BellmanOperators.bellmanBackup($0, in: mdp)
                }
            }
            let second: [Double]
            if kind == .shift {
                let c = scale * (2 * rng.nextUniform() - 1)
                second = v.map { $0 + c }
            } else {
                let sigma = scale * pow(10, -3 * rng.nextUniform())
                second = v.map { $0 + sigma * rng.nextGaussian() }
            }
            let policy = TabularPolicy.randomSoftmax(stateCount: n, actionCount: m, scale: 1, using: &rng)
            drawn.append(Drawn(kind: kind, value: v, second: second, policy: policy))
        }
        return (mdp, optimum, drawn)
    }

    static func run(_ cell: Cell, kinds: [ValueKind], masterSeed: UInt64) throws -> [Outcome] {
        let (mdp, optimum, drawn) = try draw(cell, kinds: kinds, masterSeed: masterSeed)
        return try drawn.map {
            Outcome(cell: cell, kind: $0.kind,
                    checks: try InstanceChecks.compute(mdp: mdp, optimum: optimum, value: $0.value, second: $0.second,
                                                       policy: $0.policy))
        }
    }

    static func table(_ outcomes: [Outcome]) -> CSVTable {
        var table = CSVTable(columns: ["gamma", "n_states", "n_actions", "branching", "instance", "kind", "epsilon",
                                       "distance_to_optimal", "above_optimal"]
                             + Statement.allCases.flatMap { ["\($0.rawValue)_ratio", "\($0.rawValue)_excess"] })
        for o in outcomes {
            let c = o.cell
            var row: [CSVValue] = [.double(c.gamma), .int(c.shape.states), .int(c.shape.actions), .int(c.shape.branching),
                                   .int(c.instance), .string(o.kind.rawValue), .double(o.checks.epsilon),
                                   .double(o.checks.distanceToOptimal), .int(o.checks.valueAboveOptimal ? 1 : 0)]
            for statement in Statement.allCases {
                if let check = o.checks.checks[statement] {
                    row += [check.measurable ? .finiteOrEmpty(check.ratio) : .empty, .finiteOrEmpty(check.excess)]
                } else {
                    row += [.empty, .empty]
                }
            }
            table.append(row)
        }
        return table
    }
}
