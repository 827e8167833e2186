import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// How the second task's reward is drawn from the first's (each U[0,1] per state-action pair).
enum RewardPair: Int, CaseIterable, Sendable, CustomStringConvertible {
    /// `r₂` independent U[0,1].
    case independent
    /// `r₂ = 1 − r₁`: the two tasks disagree everywhere.
    case opposed
    /// `r₂` independent U[0,5]: one task dominates the sum.
    case scaled

    var description: String {
        switch self {
        case .independent: return "independent (r₂ ~ U[0,1])"
        case .opposed: return "opposed (r₂ = 1 − r₁)"
        case .scaled: return "scaled (r₂ ~ U[0,5])"
        }
    }
    var label: String { ["independent", "opposed", "scaled"][rawValue] }

    func second(_ first: [Double], using rng: inout SeededGenerator) -> [Double] {
        switch self {
        case .independent: return first.map { _ in rng.nextUniform() }
        case .opposed: return first.map { 1 - $0 }
        case .scaled: return first.map { _ in 5 * rng.nextUniform() }
        }
    }
}

/// Part 1: Haarnoja et al.'s (2018, ICRA) Lemma 1 and Theorem 1 checked exactly on finite MDPs (random
/// Garnets with three kinds of reward pairs, and reward pairs found by Nelder–Mead to come closest to
/// the bounds), their α → 0 limit for the greedy composed policy, and the lecture's soft Bellman equation.
enum CompositionPart {
    /// Everything measured on one pair of tasks. Ratios are maxima over state-action pairs; a ratio
    /// `x/(bound + tol)` ≤ 1 means the inequality holds within rounding.
    struct Measures: Sendable {
        /// max (Q*_C − Q_Σ)/tol: Lemma 1's upper bound holds if ≤ 1.
        var upperViolation: Double
        /// max (Q_Σ − Q*_C)/(C* + tol), and with C*/2.
        var lowerRatio: Double
        var halvedRatio: Double
        /// max (Q*_C − Q^{π_Σ})/(D* + tol).
        var theoremRatio: Double
        /// max (Q_Σ − Q*_C), max (Q*_C − Q^{π_Σ}), max C*, max D*, all × (1 − γ) (per-step units).
        var overestimate: Double
        var gap: Double
        var lowerBound: Double
        var policyBound: Double
        /// The α → 0 limit: the same three ratios for the hard-max quantities and the greedy policy.
        var hardUpperViolation: Double
        var hardLowerRatio: Double
        var hardTheoremRatio: Double
        var hardGap: Double
        /// The lecture's soft Bellman equation as written (no γ, no π weights) at Q^soft_{π_Σ}: max |residual|;
        /// and the corrected equation's residual over its tolerance.
        var notesResidual: Double
        var correctedResidual: Double
    }

    struct Outcome: Sendable {
        var label: String
        var source: String      // "garnet" or "search: <objective>"
        var shape: String
        var gamma: Double
        var alpha: Double
        var pair: String
        var measures: Measures
        var witness: BellmanWitness?
    }

    /// The instance on which the lecture's soft Bellman equation fails, replayed by the tests.
    struct BellmanWitness: Codable, Sendable, Equatable {
        var instance: String
        var stateCount: Int
        var actionCount: Int
        var transitions: [Double]
        var rewards: [Double]
        var discount: Double
        var temperature: Double
        var policy: [Double]
        var softActionValue: [Double]
        var notesResidual: Double
        var correctedResidual: Double

        func json() throws -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
        }
    }

    /// The lecture's soft Bellman right-hand side as written (Fragkiadaki, CMU 10-703, "Maximum Entropy Reinforcement Learning", soft Bellman equation):
    /// `r(s,a) + Σ_{s'} T(s'|s,a) Σ_{a'} (q(s',a') − α log π(a'|s'))` — no γ and no weight π(a'|s').
    static func notesSoftBellman(_ q: [Double], policy: TabularPolicy, in mdp: MDP, temperature alpha: Double) -> [Double] {
        let n = mdp.stateCount, m = mdp.actionCount
        var inner = [Double](repeating: 0, count: n)
        for s in 0..<n { for a in 0..<m { inner[s] += q[s * m + a] - alpha * log(policy[s, a]) } }
        var rhs = mdp.rewards
        for k in 0..<(n * m) { for t in 0..<n { rhs[k] += mdp.transitions[k * n + t] * inner[t] } }
        return rhs
    }

    /// Slack for the inequalities: the soft optimum is iterated to 10⁻¹³ relative and each exact
    /// evaluation loses at most log₁₀((1+γ)/(1−γ)) < 2.5 digits (γ ≤ 0.99), so 10⁻⁹ of the largest
    /// value involved is rounding, not a violation.
    static func tolerance(_ arrays: [[Double]]) -> Double {
        1e-9 * arrays.joined().reduce(1) { max($0, abs($1)) }
    }

    static func ratio(_ x: Double, _ bound: Double, _ tol: Double) -> Double { x / (bound + tol) }

    static func measure(first: MDP, second: MDP, alpha: Double, label: String) throws -> (Measures, BellmanWitness) {
        try measure(try SoftComposition(first: first, second: second, temperature: alpha),
                    try HardComposition(first: first, second: second), label: label)
    }

    static func measure(_ c: SoftComposition, _ h: HardComposition, label: String) throws -> (Measures, BellmanWitness) {
        let alpha = c.temperature
        let tol = tolerance([c.averagedActionValue, c.optimalComposedActionValue, c.divergenceBound, c.policyBound])
        let hardTol = tolerance([h.averagedActionValue, h.optimalComposedActionValue, h.divergenceBound, h.policyBound])
        let scale = 1 - c.composedTask.discount
        let q = c.composedPolicyEvaluation.softActionValue
        var m = Measures(upperViolation: -.infinity, lowerRatio: -.infinity, halvedRatio: -.infinity, theoremRatio: -.infinity,
                         overestimate: 0, gap: 0, lowerBound: 0, policyBound: 0,
                         hardUpperViolation: -.infinity, hardLowerRatio: -.infinity, hardTheoremRatio: -.infinity, hardGap: 0,
                         notesResidual: 0, correctedResidual: 0)
        let gap = c.gap, hardGap = h.gap
        for k in c.averagedActionValue.indices {
            let over = c.averagedActionValue[k] - c.optimalComposedActionValue[k]
            m.upperViolation = max(m.upperViolation, -over / tol)
            m.lowerRatio = max(m.lowerRatio, ratio(over, c.divergenceBound[k], tol))
            m.halvedRatio = max(m.halvedRatio, ratio(over, 0.5 * c.divergenceBound[k], tol))
            m.theoremRatio = max(m.theoremRatio, ratio(gap[k], c.policyBound[k], tol))
            m.overestimate = max(m.overestimate, scale * over)
            m.gap = max(m.gap, scale * gap[k])
            m.lowerBound = max(m.lowerBound, scale * c.divergenceBound[k])
            m.policyBound = max(m.policyBound, scale * c.policyBound[k])
            let hardOver = h.averagedActionValue[k] - h.optimalComposedActionValue[k]
            m.hardUpperViolation = max(m.hardUpperViolation, -hardOver / hardTol)
            m.hardLowerRatio = max(m.hardLowerRatio, ratio(hardOver, h.divergenceBound[k], hardTol))
            m.hardTheoremRatio = max(m.hardTheoremRatio, ratio(hardGap[k], h.policyBound[k], hardTol))
            m.hardGap = max(m.hardGap, scale * hardGap[k])
        }
        let mdp = c.composedTask
        let notes = notesSoftBellman(q, policy: c.composedPolicy, in: mdp, temperature: alpha)
        let corrected = SoftBellman.backup(q, policy: c.composedPolicy, in: mdp, temperature: alpha)
        let qTol = tolerance([q])
        m.notesResidual = zip(notes, q).reduce(0) { max($0, abs($1.0 - $1.1)) }
        m.correctedResidual = zip(corrected, q).reduce(0) { max($0, abs($1.0 - $1.1)) } / qTol
        let witness = BellmanWitness(instance: label, stateCount: mdp.stateCount, actionCount: mdp.actionCount,
                                     transitions: mdp.transitions, rewards: mdp.rewards, discount: mdp.discount, temperature: alpha,
                                     policy: c.composedPolicy.probabilities, softActionValue: q,
                                     notesResidual: m.notesResidual, correctedResidual: m.correctedResidual)
        return (m, witness)
    }

    // MARK: Random Garnets

    struct Cell: Sendable {
        var shape: Garnet
        var gamma: Double
        var alpha: Double
        var pair: RewardPair
        var index: Int
        var label: String { "\(shape) #\(index), γ = \(gamma), α = \(RuleNumber.text(alpha)), \(pair.label) rewards" }
    }

    static func cells(_ config: Configuration) -> [Cell] {
        config.shapes.flatMap { shape in config.discounts.flatMap { gamma in config.temperatures.flatMap { alpha in
            RewardPair.allCases.flatMap { pair in (0..<config.instancesPerCell).map { Cell(shape: shape, gamma: gamma, alpha: alpha, pair: pair, index: $0) } }
        } } }
    }

    static func run(_ cell: Cell, masterSeed: UInt64) throws -> Outcome {
        var rng = StreamKey(experiment: SoftQCompositionExperiment.name, setting: "garnet \(cell.shape) γ \(cell.gamma) α \(cell.alpha) \(cell.pair.label)",
                            trial: cell.index, masterSeed: masterSeed).generator()
        let first = try cell.shape.sample(discount: cell.gamma, using: &rng)
        let second = try MDP(stateCount: first.stateCount, actionCount: first.actionCount, transitions: first.transitions,
                             rewards: cell.pair.second(first.rewards, using: &rng), discount: cell.gamma,
                             initialDistribution: first.initialDistribution)
        let (m, witness) = try measure(first: first, second: second, alpha: cell.alpha, label: cell.label)
        return Outcome(label: cell.label, source: "garnet", shape: "\(cell.shape)", gamma: cell.gamma, alpha: cell.alpha,
                       pair: cell.pair.label, measures: m, witness: witness)
    }

    // MARK: Adversarial search

    /// What the search maximises.
    enum Objective: Int, CaseIterable, Sendable {
        case lemmaLower, theorem, lemmaUpper, hardTheorem
        var label: String { ["Lemma 1 lower (Q_Σ − Q*_C)/C*", "Theorem 1 (Q*_C − Q^π_Σ)/D*", "Lemma 1 upper (Q*_C − Q_Σ)/tol",
                             "α → 0 limit of Theorem 1"][rawValue] }
        func value(_ m: Measures) -> Double {
            switch self {
            case .lemmaLower: return m.lowerRatio
            case .theorem: return m.theoremRatio
            case .lemmaUpper: return m.upperViolation
            case .hardTheorem: return m.hardTheoremRatio
            }
        }
    }

    struct SearchCell: Sendable {
        var objective: Objective
        var gamma: Double
        var alpha: Double
        var restart: Int
    }

    static let searchDiscounts = [0.5, 0.9]

    static func searchCells(_ config: Configuration) -> [SearchCell] {
        Objective.allCases.flatMap { o in searchDiscounts.flatMap { g in config.temperatures.flatMap { a in
            (0..<config.searchRestarts).map { SearchCell(objective: o, gamma: g, alpha: a, restart: $0) }
        } } }
    }

    /// Nelder–Mead over both reward vectors (each entry clamped to [−5, 5]) on one Garnet's transitions,
    /// maximising the objective; the best pair found is measured in full.
    static func search(_ cell: SearchCell, config: Configuration, masterSeed: UInt64) throws -> Outcome {
        var rng = StreamKey(experiment: SoftQCompositionExperiment.name,
                            setting: "search \(cell.objective.rawValue) γ \(cell.gamma) α \(cell.alpha)", trial: cell.restart,
                            masterSeed: masterSeed).generator()
        let base = try config.searchShape.sample(discount: cell.gamma, using: &rng)
        let k = base.rewards.count
        func tasks(_ x: [Double]) throws -> (MDP, MDP) {
            let r = x.map { min(5, max(-5, $0)) }
            func task(_ rewards: ArraySlice<Double>) throws -> MDP {
                try MDP(stateCount: base.stateCount, actionCount: base.actionCount, transitions: base.transitions,
                        rewards: Array(rewards), discount: base.discount, initialDistribution: base.initialDistribution)
            }
            return (try task(r[0..<k]), try task(r[k...]))
        }
        let label = "search \(config.searchShape) #\(cell.restart), γ = \(cell.gamma), α = \(RuleNumber.text(cell.alpha)), maximising \(cell.objective.label)"
        let start = (0..<(2 * k)).map { _ in rng.nextUniform() }
        let result = NelderMead(maxEvaluations: config.searchEvaluations).minimize({ x in
            guard let (a, b) = try? tasks(x), let (m, _) = try? measure(first: a, second: b, alpha: cell.alpha, label: "") else { return .infinity }
            return -cell.objective.value(m)
        }, from: start, step: 0.5)
        let (a, b) = try tasks(result.point)
        let (m, witness) = try measure(first: a, second: b, alpha: cell.alpha, label: label)
        return Outcome(label: label, source: "search", shape: "\(config.searchShape)", gamma: cell.gamma, alpha: cell.alpha,
                       pair: "searched: \(cell.objective.label)", measures: m, witness: witness)
    }

    static func table(_ outcomes: [Outcome]) -> CSVTable {
        var t = CSVTable(columns: ["source", "shape", "gamma", "alpha", "pair", "upper_violation_over_tolerance",
                                   "lower_ratio", "halved_lower_ratio", "theorem_ratio", "overestimate_per_step", "gap_per_step",
                                   "lower_bound_per_step", "policy_bound_per_step", "hard_upper_violation_over_tolerance",
                                   "hard_lower_ratio", "hard_theorem_ratio", "hard_gap_per_step", "notes_bellman_residual",
                                   "corrected_bellman_residual_over_tolerance"])
        for o in outcomes {
            let m = o.measures
            t.append([.string(o.source), .string(o.shape), .double(o.gamma), .double(o.alpha), .string(o.pair),
                      .double(m.upperViolation), .double(m.lowerRatio), .double(m.halvedRatio), .double(m.theoremRatio),
                      .double(m.overestimate), .double(m.gap), .double(m.lowerBound), .double(m.policyBound),
                      .double(m.hardUpperViolation), .double(m.hardLowerRatio), .double(m.hardTheoremRatio), .double(m.hardGap),
                      .double(m.notesResidual), .double(m.correctedResidual)])
        }
        return t
    }
}
