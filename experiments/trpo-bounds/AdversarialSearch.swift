import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// Part 2: for each (γ, bound), search over small MDPs and policy pairs for the largest
/// `error / bound`. A point `x ∈ ℝᵈ` decodes to transition logits (`n·m·n`), rewards (`n·m`),
/// initial-state logits (`n`), and the logits of `π` and `π'` (`n·m` each). Nelder–Mead runs from a
/// seeded random start (70% of the budget), then again from its best point with a small simplex
/// (30%). Guard against ratios of rounding errors: a point scores 0 unless its error and its
/// bound's advantage scale are each at least 1000 times their rounding tolerance
/// (`SurrogateErrorQuantities.isMeasurable`).
enum AdversarialSearch {
    struct Task: Sendable { var gamma: Double; var bound: SurrogateBound; var restart: Int; var states: Int }

    struct Outcome: Sendable {
        var task: Task
        var ratio: Double
        var evaluations: Int
        var instance: Counterexample?
    }

    static func tasks(_ config: Configuration) -> [Task] {
        var tasks: [Task] = []
        for gamma in config.discounts {
            for bound in SurrogateBound.allCases {
                for r in 0..<config.restarts {
                    tasks.append(Task(gamma: gamma, bound: bound, restart: r,
                                      states: config.searchStates[r % config.searchStates.count]))
                }
            }
        }
        return tasks
    }

    static func dimension(states n: Int, actions m: Int) -> Int { n * m * n + n * m + n + 2 * n * m }

    /// The instance a point encodes.
    static func decode(_ x: [Double], states n: Int, actions m: Int, gamma: Double) throws
    -> (MDP, TabularPolicy, TabularPolicy) {
        var k = 0
        func take(_ count: Int) -> [Double] { defer { k += count }; return Array(x[k..<(k + count)]) }
        let transitions = MDP.transitions(fromLogits: take(n * m * n), states: n, actions: m)
        let rewards = take(n * m)
        let rhoLogits = take(n)
        let lse = logSumExp(rhoLogits)
        let rho = rhoLogits.map { exp($0 - lse) }
        let old = TabularPolicy.softmax(logits: take(n * m), stateCount: n, actionCount: m)
        let new = TabularPolicy.softmax(logits: take(n * m), stateCount: n, actionCount: m)
        let mdp = try MDP(stateCount: n, actionCount: m, transitions: transitions, rewards: rewards,
                          discount: gamma, initialDistribution: rho)
        return (mdp, old, new)
    }

    /// `error / bound` at a point, 0 where the bound is within rounding noise or anything fails.
    static func ratio(_ x: [Double], task: Task, actions m: Int) -> Double {
        guard x.allSatisfy({ $0.isFinite && abs($0) < 700 }),
              let (mdp, old, new) = try? decode(x, states: task.states, actions: m, gamma: task.gamma),
              let evaluation = try? PolicyEvaluation(policy: old, in: mdp),
              let q = try? SurrogateErrorQuantities(old: evaluation, new: new) else { return 0 }
        let bound = task.bound.value(q)
        guard bound.isFinite, q.isMeasurable(task.bound) else { return 0 }
        return q.error / bound
    }

    static func run(_ task: Task, config: Configuration, masterSeed: UInt64) throws -> Outcome {
        var rng = StreamKey(experiment: TRPOBounds.name, setting: "adversarial/\(task.bound.rawValue)/gamma=\(task.gamma)",
                            trial: task.restart, masterSeed: masterSeed).generator()
        let m = config.searchActions
        let d = dimension(states: task.states, actions: m)
        let start = (0..<d).map { _ in 1.5 * rng.nextGaussian() }
        let objective: ([Double]) -> Double = { -ratio($0, task: task, actions: m) }
        let budget = config.evaluationsPerRestart
        let first = NelderMead(maxEvaluations: budget * 7 / 10).minimize(objective, from: start, step: 1)
        let polish = NelderMead(maxEvaluations: budget - first.evaluations).minimize(objective, from: first.point, step: 0.05)
        let best = polish.value <= first.value ? polish : first
        let bestRatio = -best.value
        var instance: Counterexample? = nil
        if bestRatio > 1 {
            let (mdp, old, new) = try decode(best.point, states: task.states, actions: m, gamma: task.gamma)
            instance = try Counterexample(bound: task.bound, mdp: mdp, old: old, new: new)
        }
        return Outcome(task: task, ratio: bestRatio, evaluations: first.evaluations + polish.evaluations, instance: instance)
    }

    /// Best over restarts, per (γ, bound).
    static func table(_ outcomes: [Outcome], config: Configuration) -> (CSVTable, [Outcome]) {
        var table = CSVTable(columns: ["gamma", "bound", "stated", "best_ratio", "evaluations", "restarts",
                                       "best_n_states", "counterexample"])
        var bests: [Outcome] = []
        for bound in SurrogateBound.allCases {
            for gamma in config.discounts {
                let group = outcomes.filter { $0.task.gamma == gamma && $0.task.bound == bound }
                guard let best = group.max(by: { $0.ratio < $1.ratio }) else { continue }
                bests.append(best)
                table.append([.double(gamma), .string(bound.rawValue), .int(bound.isStated(forDiscount: gamma) ? 1 : 0),
                              .double(best.ratio), .int(group.reduce(0) { $0 + $1.evaluations }), .int(group.count),
                              .int(best.task.states), best.instance.map { .string($0.fileName) } ?? .empty])
            }
        }
        return (table, bests)
    }
}

/// An instance on which a bound fails, saved as JSON so a test can load it and check it again.
struct Counterexample: Codable, Sendable {
    var bound: String
    var gamma: Double
    var withinStatedConditions: Bool
    var stateCount: Int
    var actionCount: Int
    var transitions: [Double]
    var rewards: [Double]
    var initialDistribution: [Double]
    var oldPolicy: [Double]
    var newPolicy: [Double]
    var error: Double
    var boundValue: Double
    var ratio: Double
    var errorTolerance: Double

    init(bound: SurrogateBound, mdp: MDP, old: TabularPolicy, new: TabularPolicy) throws {
        let q = try SurrogateErrorQuantities(old: try PolicyEvaluation(policy: old, in: mdp), new: new)
        self.bound = bound.rawValue
        gamma = mdp.discount
        withinStatedConditions = bound.isStated(forDiscount: mdp.discount)
        stateCount = mdp.stateCount
        actionCount = mdp.actionCount
        transitions = mdp.transitions
        rewards = mdp.rewards
        initialDistribution = mdp.initialDistribution
        oldPolicy = old.probabilities
        newPolicy = new.probabilities
        error = q.error
        boundValue = bound.value(q)
        ratio = q.error / boundValue
        errorTolerance = q.errorTolerance
    }

    var fileName: String { "counterexamples/\(bound)-gamma-\(gamma).json" }

    /// Rebuilds the instance and recomputes error and bound from scratch.
    func recheck() throws -> SurrogateErrorQuantities {
        let mdp = try MDP(stateCount: stateCount, actionCount: actionCount, transitions: transitions, rewards: rewards,
                          discount: gamma, initialDistribution: initialDistribution)
        let old = try TabularPolicy(stateCount: stateCount, actionCount: actionCount, probabilities: oldPolicy)
        let new = try TabularPolicy(stateCount: stateCount, actionCount: actionCount, probabilities: newPolicy)
        return try SurrogateErrorQuantities(old: try PolicyEvaluation(policy: old, in: mdp), new: new)
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}
