import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// Parts 2 and 3: IQL's tabular fixed point V_τ on Garnets with a behaviour policy that leaves actions
/// out (often the optimal one), against V_{π_β}, the in-support optimum V*_β and V*; and
/// advantage-weighted extraction from A_τ = Q_τ − V_τ.
enum FixedPointPart {
    struct Cell: Sendable {
        var shape: Garnet
        var gamma: Double
        var index: Int
        var label: String { "\(shape) instance \(index), γ = \(gamma)" }
    }

    /// One τ of one instance. Gaps are maxima over states, multiplied by 1 − γ (rewards lie in [0, 1],
    /// so values lie in [0, 1/(1−γ)]).
    struct TauRow: Sendable {
        var tau: Double
        var iterations: Int
        var tolerance: Double
        /// max_s (V*_β − V_τ)(s)·(1−γ) and max_s (V* − V_τ)(s)·(1−γ).
        var gapInSupport: Double
        var gapOptimal: Double
        /// max_s (V_τ − V*_β)(s) in units of the tolerance (≤ 1: never above the in-support optimum).
        var aboveInSupport: Double
    }

    /// One β of the extraction.
    struct BetaRow: Sendable {
        var beta: Double
        /// The largest probability put outside π_β's support.
        var outsideMass: Double
        /// max |π_direct − analyticalUpdate(C = 1/β)| in units of its rounding tolerance.
        var analyticalDifference: Double
        /// max over states of TV(π, greedy in-support) − its bound, in units of the tolerance.
        var boundExcess: Double
        /// max over states without a near tie (in-support advantage gap ≥ 10⁻⁶) of TV(π, greedy).
        var totalVariation: Double
        var tiedStates: Int
    }

    struct Outcome: Sendable {
        var cell: Cell
        var states: Int
        /// States whose optimal action π_β leaves out.
        var unseenOptimal: Int
        /// max_s (V* − V*_β)(s) and the tolerance it carries.
        var inSupportLoss: Double
        var optimalTolerance: Double
        /// max_s |V_½ − V_{π_β}| in units of the tolerance.
        var halfDifference: Double
        /// max over τ < τ' and s of (V_τ − V_τ')(s) in units of the tolerances.
        var largestDecrease: Double
        var rows: [TauRow]
        /// The extrapolated limit's max_s |V_lim − V*_β|·(1−γ) and max_s (V* − V_lim)(s).
        var limitGap: Double
        var limitGapOptimal: Double
        /// Over every τ computed: max_s (V*_β − V_τ)(s) / (‖b_τ‖∞/(1−γ) + tolerance), where
        /// b_τ(s) = (1−τ)(1−p)(max − min of Q_τ(s,·) on the support)/(τ p), p = π_β of the best supported
        /// action (Expectile.maximumGapBound at each state): V*_β − V_τ = (B*_β V*_β − B*_β V_τ) +
        /// (max_supp Q_τ − expectile_τ Q_τ) ≤ γ‖V*_β − V_τ‖∞ + ‖b_τ‖∞. ≤ 1 with b_τ ∝ 1 − τ means V_τ → V*_β.
        var boundRatio: Double
        /// (1−γ)·‖b_τ‖∞/(1−γ) = ‖b_τ‖∞ at τ = 0.999 (nan if not in the grid).
        var boundAt999: Double
        var betas: [BetaRow]
        /// Algorithm 1's extraction loss as the notes write it, L_π = Σ_a π_β(a|s) e^{βA} log π(a|s) at
        /// state 0 with β = 1: its value at a policy with mass 10⁻⁶ on every supported action but one,
        /// minus its value at the advantage-weighted policy (negative: that policy does not minimise
        /// L_π, so descent on L_π leaves it); and the largest increase of L_π that moving mass between two
        /// supported actions of the advantage-weighted policy makes, in rounding units (≤ 1: that policy
        /// maximises L_π).
        var notesLossDrop: Double
        var maximiserExcess: Double
        /// The data of that comparison, saved as the counterexample when it is the worst.
        var witness: NotesWitness?
    }

    /// One state's data for the notes' L_π: behaviour probabilities and advantages of the supported
    /// actions, β, and the two policies compared.
    struct NotesWitness: Codable, Sendable, Equatable {
        var instance: String
        var state: Int
        var beta: Double
        var behaviour: [Double]
        var advantage: [Double]
        var advantageWeighted: [Double]
        var squeezed: [Double]
        var lossAdvantageWeighted: Double
        var lossSqueezed: Double

        /// L_π(π) = Σ_a π_β(a)·exp(β A(a))·log π(a), the notes' extraction loss at one state.
        static func loss(behaviour: [Double], advantage: [Double], beta: Double, policy: [Double]) -> Double {
            (0..<behaviour.count).reduce(0) { $0 + behaviour[$1] * exp(beta * advantage[$1]) * log(policy[$1]) }
        }

        func json() throws -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
        }
    }

    static func cells(_ config: Configuration) -> [Cell] {
        config.shapes.flatMap { shape in
            config.discounts.flatMap { gamma in (0..<config.instancesPerCell).map { Cell(shape: shape, gamma: gamma, index: $0) } }
        }
    }

    /// The MDP, V*'s policy and the behaviour policy of one cell.
    static func draw(_ cell: Cell, masterSeed: UInt64) throws -> (mdp: MDP, behaviour: TabularPolicy, optimal: OptimalValue) {
        var rng = StreamKey(experiment: "implicit-q", setting: "\(cell.shape) γ=\(cell.gamma)", trial: cell.index,
                            masterSeed: masterSeed).generator()
        let mdp = try cell.shape.sample(discount: cell.gamma, using: &rng)
        let optimal = try BellmanOperators.optimalValue(in: mdp)
        let n = mdp.stateCount, m = mdp.actionCount
        var p = [Double](repeating: 0, count: n * m)
        for s in 0..<n {
            var keep = (0..<m).map { a in rng.nextUniform() >= (a == optimal.policy[s] ? 0.5 : 1.0 / 3) }
            if !keep.contains(true) { keep[rng.nextInt(below: m)] = true }
            var total = 0.0
            for a in 0..<m where keep[a] { p[s * m + a] = -log(rng.nextOpenUniform()); total += p[s * m + a] }
            for a in 0..<m { p[s * m + a] /= total }
        }
        return (mdp, try TabularPolicy(stateCount: n, actionCount: m, probabilities: p), optimal)
    }

    static func run(_ cell: Cell, config: Configuration, masterSeed: UInt64) throws -> Outcome {
        let (mdp, behaviour, optimal) = try draw(cell, masterSeed: masterSeed)
        let n = mdp.stateCount, m = mdp.actionCount, gamma = mdp.discount
        let inSupport = try BellmanOperators.optimalValue(in: try ImplicitQ.restrictedMDP(mdp, behaviour: behaviour))
        let vStar = optimal.value, vBeta = inSupport.value
        let optTol = optimal.tolerance + inSupport.tolerance
        let evaluation = try PolicyEvaluation(policy: behaviour, in: mdp)

        var fixed: [ImplicitQ.FixedPoint] = []
        var start: [Double]? = nil
        for tau in config.taus + config.extrapolationTaus {
            let f = ImplicitQ.fixedPoint(in: mdp, behaviour: behaviour, tau: tau, start: start)
            fixed.append(f)
            start = f.value
        }
        let k = config.taus.count
        let rows = (0..<k).map { i -> TauRow in
            let f = fixed[i]
            let tol = f.tolerance + inSupport.tolerance
            return TauRow(tau: config.taus[i], iterations: f.iterations, tolerance: f.tolerance,
                          gapInSupport: (0..<n).map { vBeta[$0] - f.value[$0] }.max()! * (1 - gamma),
                          gapOptimal: (0..<n).map { vStar[$0] - f.value[$0] }.max()! * (1 - gamma),
                          aboveInSupport: (0..<n).map { (f.value[$0] - vBeta[$0]) / tol }.max()!)
        }
        let half = config.taus.firstIndex(of: 0.5).map { i in
            let tol = fixed[i].tolerance + evaluation.roundingTolerance(scale: evaluation.value.reduce(0) { max($0, abs($1)) })
            return (0..<n).map { abs(fixed[i].value[$0] - evaluation.value[$0]) / tol }.max()!
        } ?? .nan
        var decrease = -Double.infinity
        for i in 0..<fixed.count {
            for j in (i + 1)..<fixed.count {
                for s in 0..<n {
                    decrease = max(decrease, (fixed[i].value[s] - fixed[j].value[s]) / (fixed[i].tolerance + fixed[j].tolerance))
                }
            }
        }
        // Richardson in h = 1 − τ: V(h) ≈ V₀ + c·h, so V₀ ≈ V(h₂) − (V(h₁) − V(h₂))·h₂/(h₁ − h₂).
        let v1 = fixed[k].value, v2 = fixed[k + 1].value
        let h1 = 1 - config.extrapolationTaus[0], h2 = 1 - config.extrapolationTaus[1]
        let limit = (0..<n).map { v2[$0] - (v1[$0] - v2[$0]) * h2 / (h1 - h2) }
        let limitGap = (0..<n).map { abs(limit[$0] - vBeta[$0]) }.max()! * (1 - gamma)
        let limitGapOptimal = (0..<n).map { vStar[$0] - limit[$0] }.max()!

        var boundRatio = -Double.infinity, boundAt999 = Double.nan
        for (i, tau) in (config.taus + config.extrapolationTaus).enumerated() {
            let f = fixed[i]
            var b = 0.0
            for s in 0..<n {
                b = max(b, Expectile.maximumGapBound(Array(f.actionValue[s * m..<(s + 1) * m]), weights: Array(behaviour.row(s)), tau: tau))
            }
            let gap = (0..<n).map { vBeta[$0] - f.value[$0] }.max()!
            boundRatio = max(boundRatio, gap == 0 ? 0 : gap / (b / (1 - gamma) + f.tolerance + inSupport.tolerance))
            if tau == 0.999 { boundAt999 = b }
        }

        // Extraction from A_τ = Q_τ − V_τ at the configured τ.
        let ei = (config.taus + config.extrapolationTaus).firstIndex(of: config.extractionTau)!
        let q = fixed[ei].actionValue, v = fixed[ei].value
        let advantage = (0..<(n * m)).map { q[$0] - v[$0 / m] }
        let greedy = ImplicitQ.greedyInSupport(advantage, behaviour: behaviour)
        let u = Double.ulpOfOne / 2
        let betaRows = config.betas.map { beta -> BetaRow in
            let p = ImplicitQ.advantageWeighted(behaviour: behaviour, advantage: advantage, beta: beta)
            let c = analyticalUpdate(policy: behaviour, advantage: advantage, temperature: 1 / beta)
            var outside = 0.0, diff = 0.0, excess = -Double.infinity, tv = 0.0, ties = 0
            for s in 0..<n {
                let supp = (0..<m).filter { behaviour[s, $0] > 0 }
                let best = advantage[s * m + greedy[s]]
                let spread = supp.map { best - advantage[s * m + $0] }.max()!
                // Both forms evaluate exp of an exponent of size ≤ β·spread with relative error a few u
                // (log/exp, the product or quotient by β), which exp carries to β·spread·u relative error;
                // the normalising sums add |A| + 4 roundings.
                let tol = (4 * beta * spread + 2 * Double(m) + 16) * u
                for a in 0..<m {
                    if behaviour[s, a] == 0 { outside = max(outside, p[s, a]) }
                    diff = max(diff, abs(p[s, a] - c[s, a]) / tol)
                }
                var bound = 0.0, gap = Double.infinity
                for a in supp where a != greedy[s] {
                    let d = best - advantage[s * m + a]
                    bound += behaviour[s, a] / behaviour[s, greedy[s]] * exp(-beta * d)
                    gap = min(gap, d)
                }
                let distance = 1 - p[s, greedy[s]]
                excess = max(excess, (distance - bound) / tol)
                if gap >= 1e-6 { tv = max(tv, distance) } else { ties += 1 }
            }
            return BetaRow(beta: beta, outsideMass: outside, analyticalDifference: diff, boundExcess: excess,
                           totalVariation: tv, tiedStates: ties)
        }

        // The notes' L_π at state 0, β = 1: c_a = π_β(a) e^{A}; L(π) = Σ c_a log π(a).
        let beta0 = 1.0
        let supp = (0..<m).filter { behaviour[0, $0] > 0 }
        let awr = ImplicitQ.advantageWeighted(behaviour: behaviour, advantage: advantage, beta: beta0)
        let weight = supp.map { behaviour[0, $0] * exp(beta0 * advantage[$0]) }
        func lossAt(_ pi: [Double]) -> Double { zip(weight, pi).reduce(0) { $0 + $1.0 * log($1.1) } }
        let atAWR = lossAt(supp.map { awr[0, $0] })
        var notesDrop = 0.0, maxExcess = -Double.infinity
        var witness: NotesWitness? = nil
        if supp.count >= 2 {
            let eps = 1e-6
            let squeezed = supp.indices.map { $0 == 0 ? 1 - eps * Double(supp.count - 1) : eps }
            notesDrop = lossAt(squeezed) - atAWR
            witness = NotesWitness(instance: cell.label, state: 0, beta: beta0, behaviour: supp.map { behaviour[0, $0] },
                                   advantage: supp.map { advantage[$0] }, advantageWeighted: supp.map { awr[0, $0] },
                                   squeezed: squeezed, lossAdvantageWeighted: atAWR, lossSqueezed: lossAt(squeezed))
            // Perturbations of the advantage-weighted policy: mass δ moved between two supported actions.
            let scale = weight.reduce(0) { $0 + abs($1) } * (1 + abs(atAWR))
            for i in supp.indices { for j in supp.indices where i != j {
                for delta in [1e-3, 1e-2, 0.1] {
                    var pi = supp.map { awr[0, $0] }
                    let moved = min(delta, pi[i] / 2)
                    pi[i] -= moved; pi[j] += moved
                    maxExcess = max(maxExcess, (lossAt(pi) - atAWR) / (Double(4 * m + 16) * u * scale))
                }
            } }
        }
        return Outcome(cell: cell, states: n, unseenOptimal: (0..<n).filter { behaviour[$0, optimal.policy[$0]] == 0 }.count,
                       inSupportLoss: (0..<n).map { vStar[$0] - vBeta[$0] }.max()!, optimalTolerance: optTol,
                       halfDifference: half, largestDecrease: decrease, rows: rows, limitGap: limitGap,
                       limitGapOptimal: limitGapOptimal, boundRatio: boundRatio, boundAt999: boundAt999, betas: betaRows, notesLossDrop: notesDrop, maximiserExcess: maxExcess, witness: witness)
    }

    static func table(_ outcomes: [Outcome]) -> CSVTable {
        var t = CSVTable(columns: ["shape", "states", "gamma", "instance", "tau", "iterations", "tolerance", "gap_in_support",
                                   "gap_optimal", "above_in_support", "in_support_loss", "unseen_optimal_states"])
        for o in outcomes {
            for r in o.rows {
                t.append([.string("\(o.cell.shape)"), .int(o.states), .double(o.cell.gamma), .int(o.cell.index), .double(r.tau),
                          .int(r.iterations), .double(r.tolerance), .double(r.gapInSupport), .double(r.gapOptimal),
                          .double(r.aboveInSupport), .double(o.inSupportLoss * (1 - o.cell.gamma)), .int(o.unseenOptimal)])
            }
        }
        return t
    }

    /// Per (γ, τ): the largest gaps to V*_β and to V* (scaled by 1 − γ) over instances; τ = 1 holds the
    /// extrapolated limit.
    static func summary(_ outcomes: [Outcome], config: Configuration) -> CSVTable {
        var t = CSVTable(columns: ["gamma", "tau", "one_minus_tau", "instances", "max_gap_in_support", "max_gap_optimal",
                                   "min_gap_optimal_unseen"])
        for gamma in config.discounts {
            let os = outcomes.filter { $0.cell.gamma == gamma }
            let unseen = os.filter { $0.inSupportLoss > 1000 * $0.optimalTolerance }
            for (i, tau) in config.taus.enumerated() {
                t.append([.double(gamma), .double(tau), .double(1 - tau), .int(os.count),
                          .double(os.map { $0.rows[i].gapInSupport }.max() ?? .nan),
                          .double(os.map { $0.rows[i].gapOptimal }.max() ?? .nan),
                          unseen.isEmpty ? .empty : .double(unseen.map { $0.rows[i].gapOptimal }.min()!)])
            }
        }
        return t
    }

    static func extractionTable(_ outcomes: [Outcome]) -> CSVTable {
        var t = CSVTable(columns: ["shape", "gamma", "instance", "beta", "outside_mass", "analytical_difference", "bound_excess",
                                   "total_variation", "tied_states"])
        for o in outcomes {
            for b in o.betas {
                t.append([.string("\(o.cell.shape)"), .double(o.cell.gamma), .int(o.cell.index), .double(b.beta),
                          .double(b.outsideMass), .double(b.analyticalDifference), .finiteOrEmpty(b.boundExcess),
                          .double(b.totalVariation), .int(b.tiedStates)])
            }
        }
        return t
    }
}
