import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// Part 3: composition on Haarnoja et al.'s (2017) multigoal task restricted to the integer lattice
/// (`MultigoalLattice`), computed exactly: two tasks that count different goals, their composition,
/// and the composed policy's soft value from the start against the optimum and the bounds.
enum MultigoalPart {
    /// Pairs of goal sets (indices into `MultigoalLattice.goals`: 0 = (5,0), 1 = (−5,0), 2 = (0,5), 3 = (0,−5)).
    static let pairs: [(name: String, first: [Int], second: [Int])] = [
        ("shared goal: {(5,0), (0,5)} and {(0,5), (−5,0)}", [0, 2], [2, 1]),
        ("opposite goals: {(5,0)} and {(−5,0)}", [0], [1]),
        ("disjoint pairs: {(5,0), (0,5)} and {(−5,0), (0,−5)}", [0, 2], [1, 3]),
    ]

    struct Cell: Sendable {
        var pair: Int
        var alpha: Double
        var label: String { "multigoal lattice, \(MultigoalPart.pairs[pair].name), α = \(RuleNumber.text(alpha))" }
    }

    static func cells(_ config: Configuration) -> [Cell] {
        pairs.indices.flatMap { p in config.multigoalTemperatures.map { Cell(pair: p, alpha: $0) } }
    }

    struct Outcome: Sendable {
        var cell: Cell
        var measures: CompositionPart.Measures
        /// From the start (the origin), soft values on the composed task: V*_C, V^soft_{π_Σ}, their gap,
        /// and the bound E_{a~π_Σ}[C* + D*] on it; ½(V*₁ + V*₂) (the averaged values' log-sum-exp);
        /// the plain (entropy-free) return of π_Σ and of π*_C.
        var optimalValue: Double
        var composedValue: Double
        var startGap: Double
        var startBound: Double
        var averagedValue: Double
        var composedReturn: Double
        var optimalReturn: Double
        /// Probability that π_Σ, from the start, ends at each goal (absorption probabilities), and π*_C's.
        var composedGoalProbabilities: [Double]
        var optimalGoalProbabilities: [Double]
    }

    /// The probability of ending at each goal: the policy's Markov chain on the lattice, absorbed at the
    /// goals; `P(end at g | s) = Σ_a π(a|s)[x' = g] + Σ_a π(a|s) P(end at g | x')`, solved by iteration
    /// from the start (terminates: every policy here reaches a goal with probability → 1, or the mass left
    /// after 20 000 steps is reported as not ended).
    static func goalProbabilities(_ policy: TabularPolicy) -> [Double] {
        let side = MultigoalLattice.side, n = side * side
        var mass = [Double](repeating: 0, count: n)
        mass[MultigoalLattice.state(0, 0)] = 1
        var ended = [Double](repeating: 0, count: MultigoalLattice.goals.count)
        for _ in 0..<20_000 {
            var next = [Double](repeating: 0, count: n)
            for s in 0..<n where mass[s] > 0 {
                let (x, y) = MultigoalLattice.position(s)
                for (k, a) in MultigoalLattice.actions.enumerated() {
                    let p = mass[s] * policy[s, k]
                    if p == 0 { continue }
                    let b = MultigoalLattice.bound
                    let nx = min(b, max(-b, x + a.0)), ny = min(b, max(-b, y + a.1))
                    if let g = MultigoalLattice.goals.firstIndex(where: { $0 == (nx, ny) }) { ended[g] += p }
                    else { next[MultigoalLattice.state(nx, ny)] += p }
                }
            }
            mass = next
            if mass.reduce(0, +) < 1e-12 { break }
        }

        return ended
    }

    static func run(_ cell: Cell, config: Configuration) throws -> Outcome {
        let pair = pairs[cell.pair]
        let first = try MultigoalLattice.task(goalIndices: pair.first, discount: config.multigoalDiscount)
        let second = try MultigoalLattice.task(goalIndices: pair.second, discount: config.multigoalDiscount)
        let c = try SoftComposition(first: first, second: second, temperature: cell.alpha)
        let h = try HardComposition(first: first, second: second)
        let (measures, _) = try CompositionPart.measure(c, h, label: cell.label)
        let s0 = MultigoalLattice.state(0, 0), m = MultigoalLattice.actions.count, alpha = cell.alpha
        func softMax(_ q: [Double]) -> Double { alpha * logSumExp((0..<m).map { q[s0 * m + $0] / alpha }) }
        let optimalValue = softMax(c.optimalComposedActionValue)
        let composedValue = c.composedPolicyEvaluation.softValue[s0]
        let startBound = (0..<m).reduce(0.0) { $0 + c.composedPolicy[s0, $1] * (c.divergenceBound[s0 * m + $1] + c.policyBound[s0 * m + $1]) }
        let optimalPolicy = TabularPolicy.softmax(logits: c.optimalComposedActionValue.map { $0 / alpha },
                                                  stateCount: c.composedTask.stateCount, actionCount: m)
        let optimalReturn = try PolicyEvaluation(policy: optimalPolicy, in: c.composedTask).value[s0]
        return Outcome(cell: cell, measures: measures, optimalValue: optimalValue, composedValue: composedValue,
                       startGap: optimalValue - composedValue, startBound: startBound,
                       averagedValue: softMax(c.averagedActionValue),
                       composedReturn: c.composedPolicyEvaluation.standard.value[s0], optimalReturn: optimalReturn,
                       composedGoalProbabilities: goalProbabilities(c.composedPolicy),
                       optimalGoalProbabilities: goalProbabilities(optimalPolicy))
    }

    static func table(_ outcomes: [Outcome]) -> CSVTable {
        var t = CSVTable(columns: ["pair", "alpha", "optimal_soft_value", "composed_soft_value", "start_gap", "start_bound",
                                   "averaged_soft_value", "composed_return", "optimal_return", "lower_ratio", "theorem_ratio",
                                   "upper_violation_over_tolerance", "halved_lower_ratio", "hard_lower_ratio", "hard_theorem_ratio",
                                   "composed_goal_east", "composed_goal_west", "composed_goal_north", "composed_goal_south",
                                   "optimal_goal_east", "optimal_goal_west", "optimal_goal_north", "optimal_goal_south"])
        for o in outcomes {
            let m = o.measures
            t.append([.string(pairs[o.cell.pair].name), .double(o.cell.alpha), .double(o.optimalValue), .double(o.composedValue),
                      .double(o.startGap), .double(o.startBound), .double(o.averagedValue), .double(o.composedReturn),
                      .double(o.optimalReturn), .double(m.lowerRatio), .double(m.theoremRatio), .double(m.upperViolation),
                      .double(m.halvedRatio), .double(m.hardLowerRatio), .double(m.hardTheoremRatio)]
                     + o.composedGoalProbabilities.map { .double($0) } + o.optimalGoalProbabilities.map { .double($0) })
        }
        return t
    }
}
