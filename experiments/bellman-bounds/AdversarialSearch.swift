import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// Part 2: for each (γ, statement), Nelder–Mead over small MDPs and value functions for the largest
/// `observed / bound`. A point `x ∈ ℝᵈ` decodes to transition logits (`n·m·n`), rewards (`n·m`), V
/// (`n`), and, for the statements that use them, V′ (`n`) and the logits of π (`n·m`). V is `x/(1−γ)`, or, for the statements that assume
/// V ≥ V*, `V* + τ* + eˣ/(1−γ)`; V′ is `V + x′/(1−γ)`. Nelder–Mead runs from a seeded random start
/// (70% of the budget), then again from its best point with a small simplex (30%). A point scores 0
/// unless the statement's hypothesis holds and its bound is at least 1000 times the rounding
/// tolerance of `observed − bound` (`Check.measurable`), so that no ratio of rounding errors counts.
enum AdversarialSearch {
    struct Task: Sendable { var gamma: Double; var statement: Statement; var restart: Int; var states: Int }

    struct Outcome: Sendable {
        var task: Task
        var ratio: Double
        var check: Check?
        var evaluations: Int
        var instance: SavedInstance?
    }

    static func tasks(_ config: Configuration) -> [Task] {
        var tasks: [Task] = []
        for gamma in config.discounts {
            for statement in Statement.allCases {
                for r in 0..<config.restarts {
                    tasks.append(Task(gamma: gamma, statement: statement, restart: r,
                                      states: config.searchStates[r % config.searchStates.count]))
                }
            }
        }
        return tasks
    }

    /// Transition logits and rewards, V, and V′ and π's logits only for the statements that use them.
    static func dimension(states n: Int, actions m: Int, statement: Statement) -> Int {
        n * m * n + n * m + n + (statement.usesSecondValue ? n : 0) + (statement.usesArbitraryPolicy ? n * m : 0)
    }

    struct Decoded {
        var mdp: MDP
        var optimum: OptimalValue
        var value: [Double]
        var second: [Double]
        var policy: TabularPolicy
    }

    /// The instance a point encodes.
    static func decode(_ x: [Double], states n: Int, actions m: Int, task: Task) throws -> Decoded {
        var k = 0
        func take(_ count: Int) -> [Double] { defer { k += count }; return Array(x[k..<(k + count)]) }
        let transitions = MDP.transitions(fromLogits: take(n * m * n), states: n, actions: m)
        let rewards = take(n * m)
        let mdp = try MDP(stateCount: n, actionCount: m, transitions: transitions, rewards: rewards, discount: task.gamma,
                          initialDistribution: [Double](repeating: 1 / Double(n), count: n))
        let optimum = try BellmanOperators.optimalValue(in: mdp)
        let scale = 1 / (1 - task.gamma)
        let raw = take(n)
        let value = task.statement.needsValueAboveOptimal
            ? above(optimum.value, margin: optimum.tolerance, offsets: raw.map { scale * exp($0) })
            : raw.map { scale * $0 }
        // Unused parts are fixed (V′ = V + 1/(1−γ), π uniform) so that they cost no dimensions.
        let second = task.statement.usesSecondValue ? zip(value, take(n)).map { $0 + scale * $1 } : value.map { $0 + scale }
        let policy = task.statement.usesArbitraryPolicy
            ? TabularPolicy.softmax(logits: take(n * m), stateCount: n, actionCount: m)
            : TabularPolicy.uniform(stateCount: n, actionCount: m)
        return Decoded(mdp: mdp, optimum: optimum, value: value, second: second, policy: policy)
    }

    /// The statement's check at a point (nil where anything fails or the hypothesis does not hold).
    static func check(_ x: [Double], task: Task, actions m: Int) -> Check? {
        guard x.allSatisfy({ $0.isFinite && abs($0) < 60 }),
              let d = try? decode(x, states: task.states, actions: m, task: task),
              let checks = try? InstanceChecks.compute(mdp: d.mdp, optimum: d.optimum, value: d.value, second: d.second,
                                                       policy: d.policy) else { return nil }
        return checks.checks[task.statement]
    }

    /// `observed / bound` at a point, 0 where the ratio is not trustworthy or anything fails.
    static func ratio(_ x: [Double], task: Task, actions m: Int) -> Double {
        guard let c = check(x, task: task, actions: m), c.measurable, c.ratio.isFinite else { return 0 }
        return c.ratio
    }

    static func run(_ task: Task, config: Configuration, masterSeed: UInt64) throws -> Outcome {
        var rng = StreamKey(experiment: BellmanBounds.name, setting: "adversarial/\(task.statement.rawValue)/gamma=\(task.gamma)",
                            trial: task.restart, masterSeed: masterSeed).generator()
        let m = config.searchActions
        let d = dimension(states: task.states, actions: m, statement: task.statement)
        let start = (0..<d).map { _ in 1.5 * rng.nextGaussian() }
        let objective: ([Double]) -> Double = { -ratio($0, task: task, actions: m) }
        let budget = config.evaluationsPerRestart
        let first = NelderMead(maxEvaluations: budget * 7 / 10).minimize(objective, from: start, step: 1)
        let polish = NelderMead(maxEvaluations: budget - first.evaluations).minimize(objective, from: first.point, step: 0.05)
        let best = polish.value <= first.value ? polish : first
        let c = check(best.point, task: task, actions: m)
        var instance: SavedInstance? = nil
        if let c, !c.holds {
            let decoded = try decode(best.point, states: task.states, actions: m, task: task)
            instance = SavedInstance(statement: task.statement, note: "adversarial search's best point, γ = \(task.gamma)",
                                     mdp: decoded.mdp, value: decoded.value, second: decoded.second,
                                     policy: decoded.policy, check: c)
        }
        return Outcome(task: task, ratio: -best.value, check: c, evaluations: first.evaluations + polish.evaluations,
                       instance: instance)
    }

    /// The best restart per (γ, statement).
    static func bests(_ outcomes: [Outcome], config: Configuration) -> [Outcome] {
        var bests: [Outcome] = []
        for statement in Statement.allCases {
            for gamma in config.discounts {
                let group = outcomes.filter { $0.task.gamma == gamma && $0.task.statement == statement }
                guard var best = group.max(by: { $0.ratio < $1.ratio }) else { continue }
                best.evaluations = group.reduce(0) { $0 + $1.evaluations }
                bests.append(best)
            }
        }
        return bests
    }

    static func fileName(_ o: Outcome) -> String { "counterexamples/\(o.task.statement.rawValue)-adversarial-gamma-\(o.task.gamma).json" }

    static func table(_ bests: [Outcome], config: Configuration) -> CSVTable {
        var table = CSVTable(columns: ["gamma", "statement", "best_ratio", "excess", "evaluations", "restarts",
                                       "best_n_states", "counterexample"])
        for b in bests {
            table.append([.double(b.task.gamma), .string(b.task.statement.rawValue), .double(b.ratio),
                          b.check.map { .finiteOrEmpty($0.excess) } ?? .empty, .int(b.evaluations), .int(config.restarts),
                          .int(b.task.states), b.instance == nil ? .empty : .string(fileName(b))])
        }
        return table
    }
}
