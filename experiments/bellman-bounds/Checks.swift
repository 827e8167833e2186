import ExperimentKit
import Foundation
import Tabular

/// The inequalities of Hamid's notes, §3.1–3.4, each as "observed ≤ bound" on one instance
/// (an MDP, a value function V, a second value function V′ for the contractions, and an arbitrary
/// policy π). Every check carries the rounding tolerance of its two sides, derived from the
/// computation (below), so that a violation is told apart from rounding.
enum Statement: String, CaseIterable, Sendable, Codable {
    case lemma19 = "lemma19"
    case lemma22 = "lemma22"
    case prop24Optimal = "prop24-optimal"
    case prop24Policy = "prop24-policy"
    case prop25 = "prop25"
    case prop26AsWritten = "prop26-as-written"
    case prop26Greedy = "prop26-greedy"
    case prop26GreedySharp = "prop26-greedy-sharp"
    case prop26PolicyResidual = "prop26-policy-residual"
    case prop27 = "prop27"

    /// How the statement reads, in plain Unicode (verdict rows, CSV).
    var text: String {
        switch self {
        case .lemma19: return "‖B_π V − B_π V′‖∞ ≤ γ‖V − V′‖∞ (Lemma 19)"
        case .lemma22: return "‖BV − BV′‖∞ ≤ γ‖V − V′‖∞ (Lemma 22)"
        case .prop24Optimal: return "‖V − V*‖∞ ≤ ‖V − BV‖∞/(1−γ) (Proposition 24, first)"
        case .prop24Policy: return "‖V − V_π‖∞ ≤ ‖V − B_π V‖∞/(1−γ) (Proposition 24, second)"
        case .prop25: return "V_π ≥ V* − 2ε/(1−γ) for π greedy w.r.t. V, ε = ‖BV − V‖∞ (Proposition 25)"
        case .prop26AsWritten: return "if V ≥ V*, then V_π ≥ V* − ε/(1−γ) for the π of the statement, which names none: any π (Proposition 26 as written)"
        case .prop26Greedy: return "if V ≥ V* and π is greedy w.r.t. V, then V_π ≥ V* − ε/(1−γ) (Proposition 26 corrected)"
        case .prop26GreedySharp: return "if V ≥ V* and π is greedy w.r.t. V, then V_π ≥ V* − γε/(1−γ) (Proposition 26 corrected, sharper constant)"
        case .prop26PolicyResidual: return "if V ≥ V*, then V_π ≥ V* − ‖B_π V − V‖∞/(1−γ) for any π (Proposition 26 with π's own residual)"
        case .prop27: return "V_π ≥ V* − 2γε/(1−γ) for π greedy w.r.t. V (Proposition 27)"
        }
    }

    /// A short label for tables and plots.
    var label: String {
        switch self {
        case .lemma19: return "Lemma 19"
        case .lemma22: return "Lemma 22"
        case .prop24Optimal: return "Prop. 24 (V*)"
        case .prop24Policy: return "Prop. 24 (V_π)"
        case .prop25: return "Prop. 25"
        case .prop26AsWritten: return "Prop. 26 as written"
        case .prop26Greedy: return "Prop. 26, π greedy"
        case .prop26GreedySharp: return "Prop. 26, π greedy, γε"
        case .prop26PolicyResidual: return "Prop. 26, π's residual"
        case .prop27: return "Prop. 27"
        }
    }

    /// Whether the statement assumes V ≥ V*.
    var needsValueAboveOptimal: Bool {
        [.prop26AsWritten, .prop26Greedy, .prop26GreedySharp, .prop26PolicyResidual].contains(self)
    }

    /// The statements whose arbitrary policy matters (the others use the greedy policy or none).
    var usesArbitraryPolicy: Bool { [.lemma19, .prop24Policy, .prop26AsWritten, .prop26PolicyResidual].contains(self) }
    var usesSecondValue: Bool { self == .lemma19 || self == .lemma22 }
}

/// One inequality on one instance: `observed ≤ bound`, both computed, with `tolerance` bounding the
/// rounding error of `observed − bound`.
struct Check: Sendable, Codable, Equatable {
    var observed: Double
    var bound: Double
    var tolerance: Double

    /// `(observed − bound)/tolerance`: above 1, the inequality fails by more than rounding can explain.
    var excess: Double { (observed - bound) / tolerance }
    var holds: Bool { observed - bound <= tolerance }
    /// The ratio `observed/bound` is trustworthy: the bound is at least 1000 times the tolerance.
    var measurable: Bool { bound >= 1000 * tolerance }
    var ratio: Double { observed / bound }
}

/// Every check on one instance, and the numbers it rests on.
struct InstanceChecks: Sendable {
    var checks: [Statement: Check]
    /// `ε = ‖BV − V‖∞`.
    var epsilon: Double
    /// `‖V − V*‖∞`.
    var distanceToOptimal: Double
    /// V ≥ V* with a margin of V*'s rounding bound (so V ≥ V* holds for the exact V*, not only the computed one).
    var valueAboveOptimal: Bool

    /// All checks of the notes' §3 on (mdp, V, V′, π), with `optimum` = V* and its error bound.
    ///
    /// Tolerances (u = 2⁻⁵³; τ_B(V) the rounding bound of one backup of V, `BellmanOperators.
    /// backupRoundingTolerance`; τ* that of V*, `OptimalValue.tolerance`; τ_π that of an exact
    /// evaluation, `3n·κ∞·u·‖V_π‖∞`):
    /// - contractions: τ_B(V) + τ_B(V′);
    /// - Proposition 24: τ* (or τ_π) + τ_B(V)/(1−γ), the residual's error carried by the bound;
    /// - greedy losses with constant c (2, 2γ, 1, γ): τ* + τ_g + (c + 2)·τ_B(V)/(1−γ): besides ε's error,
    ///   the computed greedy action may be worse than the exact one by up to 2τ_B(V), which the
    ///   proofs carry into the loss as 2τ_B(V)/(1−γ);
    /// - any-π losses: τ* + τ_π + τ_B(V)/(1−γ);
    /// plus `8u·(|observed| + |bound|)` for the last subtractions, norms and divisions.
    static func compute(mdp: MDP, optimum: OptimalValue, value v: [Double], second w: [Double],
                        policy: TabularPolicy) throws -> InstanceChecks {
        let gamma = mdp.discount, u = Double.ulpOfOne / 2
        func norm(_ x: [Double]) -> Double { x.reduce(0) { max($0, abs($1)) } }
        func distance(_ x: [Double], _ y: [Double]) -> Double { zip(x, y).reduce(0) { max($0, abs($1.0 - $1.1)) } }
        func maxDifference(_ x: [Double], _ y: [Double]) -> Double { zip(x, y).map { $0 - $1 }.max()! }
        func check(_ observed: Double, _ bound: Double, _ tolerance: Double) -> Check {
            Check(observed: observed, bound: bound, tolerance: tolerance + 8 * u * (abs(observed) + abs(bound)))
        }
        let vStar = optimum.value, tauStar = optimum.tolerance
        let q = BellmanOperators.lookahead(v, in: mdp)
        let bv = BellmanOperators.maxOverActions(q, actions: mdp.actionCount)
        let greedy = BellmanOperators.greedyActions(lookahead: q, actions: mdp.actionCount)
        let tauV = BellmanOperators.backupRoundingTolerance(in: mdp, valueScale: norm(v))
        let tauW = BellmanOperators.backupRoundingTolerance(in: mdp, valueScale: norm(w))
        let epsilon = distance(v, bv)
        let gap = distance(v, w)
        var checks: [Statement: Check] = [:]

        let bPiV = BellmanOperators.policyBackup(v, policy: policy, in: mdp)
        checks[.lemma19] = check(distance(bPiV, BellmanOperators.policyBackup(w, policy: policy, in: mdp)), gamma * gap, tauV + tauW)
        checks[.lemma22] = check(distance(bv, BellmanOperators.bellmanBackup(w, in: mdp)), gamma * gap, tauV + tauW)

        checks[.prop24Optimal] = check(distance(v, vStar), epsilon / (1 - gamma), tauStar + tauV / (1 - gamma))
        let ePi = try PolicyEvaluation(policy: policy, in: mdp)
        let tauPi = ePi.roundingTolerance(scale: norm(ePi.value))
        let epsilonPi = distance(v, bPiV)
        checks[.prop24Policy] = check(distance(v, ePi.value), epsilonPi / (1 - gamma), tauPi + tauV / (1 - gamma))

        let eGreedy = try PolicyEvaluation(policy: BellmanOperators.deterministicPolicy(greedy, actions: mdp.actionCount), in: mdp)
        let tauG = eGreedy.roundingTolerance(scale: norm(eGreedy.value))
        let greedyLoss = maxDifference(vStar, eGreedy.value)
        func greedyCheck(_ c: Double) -> Check {
            check(greedyLoss, c * epsilon / (1 - gamma), tauStar + tauG + (c + 2) * tauV / (1 - gamma))
        }
        checks[.prop25] = greedyCheck(2)
        checks[.prop27] = greedyCheck(2 * gamma)

        let above = zip(v, vStar).allSatisfy { $0 - $1 >= tauStar }
        if above {
            let policyLoss = maxDifference(vStar, ePi.value)
            checks[.prop26AsWritten] = check(policyLoss, epsilon / (1 - gamma), tauStar + tauPi + tauV / (1 - gamma))
            checks[.prop26PolicyResidual] = check(policyLoss, epsilonPi / (1 - gamma), tauStar + tauPi + tauV / (1 - gamma))
            checks[.prop26Greedy] = greedyCheck(1)
            checks[.prop26GreedySharp] = greedyCheck(gamma)
        }
        return InstanceChecks(checks: checks, epsilon: epsilon, distanceToOptimal: distance(v, vStar), valueAboveOptimal: above)
    }
}

/// `base + margin + offset` at every state, rounded up as far as needed for the *computed* difference
/// from `base` to be at least `margin` (adding a margin below half an ulp of `base` would round away).
/// Used to build value functions with V ≥ V* + τ*. Precondition: offsets ≥ 0, margin > 0.
func above(_ base: [Double], margin: Double, offsets: [Double]) -> [Double] {
    zip(base, offsets).map { b, offset in
        var y = b + (margin + offset)
        while y - b < margin { y = y.nextUp }
        return y
    }
}

/// An instance saved as JSON because it breaks a statement (or decides a question), so that a test
/// can rebuild it and check it again.
struct SavedInstance: Codable, Sendable {
    var statement: String
    var note: String
    var gamma: Double
    var stateCount: Int
    var actionCount: Int
    var transitions: [Double]
    var rewards: [Double]
    var value: [Double]
    var secondValue: [Double]
    var policy: [Double]
    var check: Check?

    init(statement: Statement, note: String, mdp: MDP, value: [Double], second: [Double], policy: TabularPolicy,
         check: Check?) {
        self.statement = statement.rawValue
        self.note = note
        gamma = mdp.discount
        stateCount = mdp.stateCount
        actionCount = mdp.actionCount
        transitions = mdp.transitions
        rewards = mdp.rewards
        self.value = value
        secondValue = second
        self.policy = policy.probabilities
        self.check = check
    }

    func mdp() throws -> MDP {
        try MDP(stateCount: stateCount, actionCount: actionCount, transitions: transitions, rewards: rewards,
                discount: gamma, initialDistribution: [Double](repeating: 1 / Double(stateCount), count: stateCount))
    }

    /// Rebuilds the instance and recomputes every check from scratch.
    func recheck() throws -> InstanceChecks {
        let mdp = try mdp()
        let pi = try TabularPolicy(stateCount: stateCount, actionCount: actionCount, probabilities: policy)
        return try InstanceChecks.compute(mdp: mdp, optimum: try BellmanOperators.optimalValue(in: mdp), value: value,
                                          second: secondValue, policy: pi)
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}
