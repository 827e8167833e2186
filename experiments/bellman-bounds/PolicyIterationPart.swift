import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// Part 4: Lemma 21. Policy iteration (`BellmanOperators.policyIteration`) on Garnets from a random
/// deterministic start, every improvement step recorded; and on small MDPs from every deterministic
/// start, for the number of iterations against |A|^|S|.
enum PolicyIterationPart {
    // MARK: steps on Garnets

    struct Run: Sendable { var shape: Garnet?; var gamma: Double; var index: Int }

    /// One improvement step π_i → π_{i+1} with π_{i+1} ≠ π_i (π_i is then suboptimal: some action's
    /// advantage exceeds the switching threshold).
    struct Step: Sendable {
        var run: Run
        var step: Int
        var changedStates: Int
        /// `max_s (V_i(s) − V_{i+1}(s)) / tolerance`: above 1, a state loses value (Lemma 21 fails).
        var lossExcess: Double
        /// `max_s (V_{i+1}(s) − V_i(s))`.
        var largestGain: Double
        /// `max_s A_{π_i}(s, π_{i+1}(s))`, the largest advantage of a switch (> 0).
        var largestSwitchAdvantage: Double
        /// `(largest switch advantage − largest gain) / tolerance`: the proof's V_{π_{i+1}} ≥ B_{π_{i+1}} V_{π_i}
        /// makes the largest gain at least the largest switch advantage, so some state gains strictly.
        var strictExcess: Double
        /// `min_s (V_{i+1}(s) − V_i(s))`.
        var smallestGain: Double
        /// States whose value cannot change: from them, π_{i+1} reaches no state where the policy changed,
        /// so their trajectories, and values, are the same under π_i and π_{i+1} (exactly).
        var unchangedStates: Int
        var tolerance: Double
        /// `max_s (V_{i+1}(s) − V_i(s)) / tolerance`: at least 1, some state gains beyond rounding (Lemma 21's
        /// strictness, read as "at some state").
        var gainOverTolerance: Double { largestGain / tolerance }
    }

    struct RunOutcome: Sendable {
        var run: Run
        var states: Int
        var actions: Int
        var iterations: Int
        var steps: [Step]
    }

    static func runs(_ config: Configuration) -> [Run] {
        var runs: [Run] = []
        for gamma in config.discounts {
            for shape in config.iterationShapes { for i in 0..<config.iterationRuns { runs.append(Run(shape: shape, gamma: gamma, index: i)) } }
            runs.append(Run(shape: nil, gamma: gamma, index: 0))   // the constructed instance
        }
        return runs
    }

    /// The constructed instance: at state 0 action 0 stays with reward 0 and action 1 moves to state 1
    /// with reward 0; state 1 is absorbing with reward 1 under both actions. From π₀ = (stay, ·), policy
    /// iteration switches state 0 only, V(0) rises from 0 to γ/(1−γ), and V(1) = 1/(1−γ) cannot change:
    /// π₀ is suboptimal, yet the improvement is not strict at state 1.
    static func constructed(gamma: Double) throws -> MDP {
        try MDP(stateCount: 2, actionCount: 2, transitions: [1, 0, 0, 1, 0, 1, 0, 1], rewards: [0, 0, 1, 1],
                discount: gamma, initialDistribution: [1, 0])
    }

    static func instance(_ run: Run, masterSeed: UInt64) throws -> (MDP, [Int]) {
        guard let shape = run.shape else { return (try constructed(gamma: run.gamma), [0, 0]) }
        var rng = StreamKey(experiment: BellmanBounds.name, setting: "policy-iteration/\(shape)/gamma=\(run.gamma)",
                            trial: run.index, masterSeed: masterSeed).generator()
        let mdp = try shape.sample(discount: run.gamma, using: &rng)
        let start = (0..<mdp.stateCount).map { _ in rng.nextInt(below: mdp.actionCount) }
        return (mdp, start)
    }

    static func run(_ run: Run, masterSeed: UInt64) throws -> RunOutcome {
        let (mdp, start) = try instance(run, masterSeed: masterSeed)
        let pi = try BellmanOperators.policyIteration(in: mdp, start: start)
        let steps = zip(pi.evaluations.indices, pi.evaluations.indices.dropFirst()).map { i, j in
            step(run: run, index: i, from: pi.evaluations[i], to: pi.evaluations[j], old: pi.policies[i], new: pi.policies[j])
        }
        return RunOutcome(run: run, states: mdp.stateCount, actions: mdp.actionCount, iterations: pi.iterations, steps: steps)
    }

    static func step(run: Run, index: Int, from a: PolicyEvaluation, to b: PolicyEvaluation, old: [Int], new: [Int]) -> Step {
        let mdp = a.mdp, n = mdp.stateCount
        let u = Double.ulpOfOne / 2
        func norm(_ x: [Double]) -> Double { x.reduce(0) { max($0, abs($1)) } }
        // Both values' solve errors, and the advantage's (one solve and one lookahead) for the strict check.
        let tolerance = a.roundingTolerance(scale: norm(a.value)) + b.roundingTolerance(scale: norm(b.value))
            + 8 * u * (norm(a.value) + norm(b.value))
        let gains = (0..<n).map { b.value[$0] - a.value[$0] }
        let switchAdvantage = (0..<n).filter { old[$0] != new[$0] }.map { a.advantage($0, new[$0]) }.max() ?? 0
        let advantageTolerance = BellmanOperators.switchTolerance(a) / 2
        let changed = (0..<n).filter { old[$0] != new[$0] }.count
        let unchanged = certifiedUnchanged(mdp: mdp, old: old, new: new)
        return Step(run: run, step: index, changedStates: changed,
                    lossExcess: (0..<n).map { -gains[$0] }.max()! / tolerance,
                    largestGain: gains.max()!, largestSwitchAdvantage: switchAdvantage,
                    strictExcess: (switchAdvantage - gains.max()!) / (tolerance + advantageTolerance),
                    smallestGain: gains.min()!, unchangedStates: unchanged.count, tolerance: tolerance)
    }

    /// The states whose value provably cannot change from π_old to π_new: those from which π_new reaches
    /// (with positive probability, in any number of steps) no state where the two policies differ. On the
    /// states reachable from such a state the two policies agree, so the process started there is the
    /// same under both and so is its value, exactly.
    static func certifiedUnchanged(mdp: MDP, old: [Int], new: [Int]) -> [Int] {
        let n = mdp.stateCount
        let changed = Set((0..<n).filter { old[$0] != new[$0] })
        return (0..<n).filter { s in
            var seen: Set<Int> = [s], frontier = [s]
            while let t = frontier.popLast() {
                if changed.contains(t) { return false }
                for next in 0..<n where mdp.transition(t, new[t], next) > 0 && !seen.contains(next) {
                    seen.insert(next)
                    frontier.append(next)
                }
            }
            return true
        }
    }

    static func stepTable(_ outcomes: [RunOutcome]) -> CSVTable {
        var table = CSVTable(columns: ["gamma", "family", "n_states", "n_actions", "branching", "run", "step", "changed_states",
                                       "loss_excess", "largest_gain", "largest_switch_advantage", "strict_excess",
                                       "smallest_gain", "certified_unchanged_states", "tolerance"])
        for o in outcomes {
            for s in o.steps {
                table.append([.double(o.run.gamma), .string(o.run.shape == nil ? "constructed" : "garnet"), .int(o.states),
                              .int(o.actions), o.run.shape.map { .int($0.branching) } ?? .empty, .int(o.run.index), .int(s.step),
                              .int(s.changedStates), .double(s.lossExcess), .double(s.largestGain),
                              .double(s.largestSwitchAdvantage), .double(s.strictExcess), .double(s.smallestGain),
                              .int(s.unchangedStates), .double(s.tolerance)])
            }
        }
        return table
    }

    // MARK: iteration counts on small MDPs, every start

    enum Family: String, CaseIterable, Sendable { case dense, deterministic }

    struct SmallCell: Sendable { var size: Configuration.Size; var family: Family; var gamma: Double; var mdp: Int }

    struct SmallOutcome: Sendable {
        var cell: SmallCell
        /// Iterations from each deterministic start (start index k encodes π₀(s) = ⌊k/|A|^s⌋ mod |A|).
        var iterations: [Int]
    }

    static func smallCells(_ config: Configuration) -> [SmallCell] {
        var cells: [SmallCell] = []
        for size in config.smallSizes {
            for family in Family.allCases {
                for gamma in config.discounts { for i in 0..<config.smallMDPs { cells.append(SmallCell(size: size, family: family, gamma: gamma, mdp: i)) } }
            }
        }
        return cells
    }

    static func smallMDP(_ cell: SmallCell, masterSeed: UInt64) throws -> MDP {
        var rng = StreamKey(experiment: BellmanBounds.name,
                            setting: "pi-small/\(cell.size)/\(cell.family.rawValue)/gamma=\(cell.gamma)",
                            trial: cell.mdp, masterSeed: masterSeed).generator()
        let n = cell.size.states
        return try Garnet(states: n, actions: cell.size.actions, branching: cell.family == .dense ? n : 1)
            .sample(discount: cell.gamma, using: &rng)
    }

    static func start(_ k: Int, size: Configuration.Size) -> [Int] {
        var k = k
        return (0..<size.states).map { _ in defer { k /= size.actions }; return k % size.actions }
    }

    static func runSmall(_ cell: SmallCell, masterSeed: UInt64) throws -> SmallOutcome {
        let mdp = try smallMDP(cell, masterSeed: masterSeed)
        let iterations = try (0..<cell.size.policies).map {
            try BellmanOperators.policyIteration(in: mdp, start: start($0, size: cell.size)).iterations
        }
        return SmallOutcome(cell: cell, iterations: iterations)
    }

    /// Per (size, family, γ): runs, the largest and mean number of iterations, and the bound |A|^|S|.
    static func smallTable(_ outcomes: [SmallOutcome], config: Configuration) -> CSVTable {
        var table = CSVTable(columns: ["n_states", "n_actions", "family", "gamma", "mdps", "runs", "max_iterations",
                                       "mean_iterations", "bound", "max_over_bound", "witness_mdp", "witness_start"])
        for size in config.smallSizes {
            for family in Family.allCases {
                for gamma in config.discounts {
                    let group = outcomes.filter { $0.cell.size == size && $0.cell.family == family && $0.cell.gamma == gamma }
                    guard !group.isEmpty else { continue }
                    let all = group.flatMap(\.iterations)
                    let worst = group.max { $0.iterations.max()! < $1.iterations.max()! }!
                    let maxIt = worst.iterations.max()!
                    table.append([.int(size.states), .int(size.actions), .string(family.rawValue), .double(gamma),
                                  .int(group.count), .int(all.count), .int(maxIt),
                                  .double(Double(all.reduce(0, +)) / Double(all.count)), .int(size.policies),
                                  .double(Double(maxIt) / Double(size.policies)), .int(worst.cell.mdp),
                                  .int(worst.iterations.firstIndex(of: maxIt)!)])
                }
            }
        }
        return table
    }
}

/// A policy-iteration step that is not strict at every state, saved so that a test can rebuild it.
struct SavedPolicyIteration: Codable, Sendable {
    var note: String
    var gamma: Double
    var stateCount: Int
    var actionCount: Int
    var transitions: [Double]
    var rewards: [Double]
    var start: [Int]
    /// The step π_step → π_{step+1} of the run from `start`.
    var step: Int
    var unchangedStates: [Int]
    /// V_{π_{step+1}}(s) − V_{π_step}(s) at the unchanged states, as computed.
    var gainsAtUnchangedStates: [Double]
    /// The largest gain over all states (positive: the step is strict somewhere).
    var largestGain: Double

    init(note: String, mdp: MDP, start: [Int], step: Int) throws {
        self.note = note
        gamma = mdp.discount
        stateCount = mdp.stateCount
        actionCount = mdp.actionCount
        transitions = mdp.transitions
        rewards = mdp.rewards
        self.start = start
        self.step = step
        (unchangedStates, gainsAtUnchangedStates, largestGain) = try SavedPolicyIteration.measure(mdp: mdp, start: start, step: step)
    }

    /// Reruns policy iteration from `start` and measures the step again.
    static func measure(mdp: MDP, start: [Int], step: Int) throws -> ([Int], [Double], Double) {
        let run = try BellmanOperators.policyIteration(in: mdp, start: start)
        let a = run.evaluations[step], b = run.evaluations[step + 1]
        let unchanged = PolicyIterationPart.certifiedUnchanged(mdp: mdp, old: run.policies[step], new: run.policies[step + 1])
        let gains = (0..<mdp.stateCount).map { b.value[$0] - a.value[$0] }
        return (unchanged, unchanged.map { gains[$0] }, gains.max()!)
    }

    func mdp() throws -> MDP {
        try MDP(stateCount: stateCount, actionCount: actionCount, transitions: transitions, rewards: rewards, discount: gamma,
                initialDistribution: [Double](repeating: 1 / Double(stateCount), count: stateCount))
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}
