import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// Verdicts, cited numbers and tables, computed from the data.
struct Findings {
    var verdicts: [Verdict] = []
    var macros = LaTeXMacros(prefix: "sc")
    var identityTable = LaTeXTable(header: ["identity", "cases", "largest gap", "largest gap / tolerance"], alignment: "lrrr")
    var ppoTable = LaTeXTable(header: ["$\\gamma$", "$\\kappa$", "median min ratio", "median max ratio",
                                       "inside $[0.9,1.1]$", "inside $[0.8,1.2]$", "inside $[0.7,1.3]$"], alignment: "rrrrrrr")
    var repsTable = LaTeXTable(header: ["KL budget $\\varepsilon$", "median $\\eta^*/C_\\pi$", "range", "median marginal shift ($\\ell_1$)"],
                               alignment: "rrrr")
    var softTable = LaTeXTable(header: ["$\\gamma$", "largest factor$/\\gamma$", "smallest $Q^{soft}$ gain",
                                        "iterations to $10^{-9}/(1-\\gamma)$ (median)"], alignment: "rrrr")
    var gameTable = LaTeXTable(header: ["game", "$\\kappa$", "sequential lowered $J$", "simultaneous lowered $J$",
                                        "worst simultaneous $\\Delta J$"], alignment: "llrrr")

    init(config: Configuration, reps: [REPSPart.Row], sac: [SACPart.Row], ppo: [PPOPart.Row], soft: [SoftPIPart.Row],
         games: [MultiAgentPart.Row]) {
        identities(reps, sac, ppo)
        sacProjection(sac)
        ppoRange(config, ppo)
        softPI(soft)
        multiAgent(config, games)
    }

    private mutating func identity(id: String, statement: String, name: String, macro: String, gaps: [(Double, Double)]) {
        let rule = EveryInstanceRule(quantity: "gap/rounding tolerance", limit: 1)
        let ratios = gaps.map { $0.0 / $0.1 }
        let worst = gaps.map(\.0).max()!, worstRatio = ratios[rule.worstIndex(ratios)!]
        verdicts.append(Verdict(id: id, statement: statement, verdict: rule.verdict(ratios),
                                figure: "largest_gap", value: worst, rule: rule.statement,
                                detail: "\(gaps.count) cases; largest gap/tolerance " + String(format: "%.3g", worstRatio)))
        identityTable.append([name, "\(gaps.count)", LaTeXTable.number(worst), LaTeXTable.number(worstRatio)])
        macros.define("Gap\(macro)", number: worst)
    }

    private mutating func identities(_ reps: [REPSPart.Row], _ sac: [SACPart.Row], _ ppo: [PPOPart.Row]) {
        identity(id: "C7.1", statement: "REPS's conditional policy at η* equals the analytical rule with C = η*",
                 name: "REPS conditional = rule at $C=\\eta^*$", macro: "REPS", gaps: reps.map { ($0.identityGap, $0.tolerance) })
        identity(id: "C7.2", statement: "SAC's target, the Boltzmann policy of Q + C log π_old, equals the analytical rule",
                 name: "SAC target $\\exp(\\tilde Q/C)/Z$ = rule", macro: "SAC", gaps: sac.map { ($0.identityGap, $0.tolerance) })
        identity(id: "C7.3", statement: "the rule's ratios π_new/π_old are e^α/Z, inside [e^α_min/Z, e^α_max/Z]",
                 name: "ratio $\\pi_{new}/\\pi_{old}=e^\\alpha/Z$ (relative)", macro: "PPO", gaps: ppo.map { ($0.closedFormGap, $0.tolerance) })
        let ratios = reps.map { $0.eta / $0.theoremC }
        macros.define("EtaOverCMin", number: ratios.min()!)
        macros.define("EtaOverCMax", number: ratios.max()!)
        macros.define("MarginalShiftMax", number: reps.map(\.marginalShift).max()!)
        macros.define("REPSCases", integer: reps.count)
        for budget in Set(reps.map(\.budget)).sorted() {
            let g = reps.filter { $0.budget == budget }
            let r = g.map { $0.eta / $0.theoremC }
            repsTable.append([LaTeXTable.number(budget, digits: 2), LaTeXTable.number(Statistics.median(r)),
                              "\(LaTeXTable.number(r.min()!, digits: 2))–\(LaTeXTable.number(r.max()!, digits: 2))",
                              LaTeXTable.number(Statistics.median(g.map(\.marginalShift)))])
        }
    }

    private mutating func sacProjection(_ sac: [SACPart.Row]) {
        let improved = sac.filter { $0.jProjected > $0.jOld }.count
        let retained = sac.map { ($0.jProjected - $0.jOld) / ($0.jNew - $0.jOld) }
        let rule = EveryInstanceRule(quantity: "J(π_θ) − J(π_old) after the projection", limit: 0, side: .atLeast)
        verdicts.append(Verdict(
            id: "C7.4", statement: "projecting π_new onto a family that cannot represent it (a discretised Gaussian) still improves J",
            verdict: rule.verdict(sac.map { $0.jProjected - $0.jOld }),
            figure: "fraction_improved", value: Double(improved) / Double(sac.count), rule: rule.statement,
            detail: "\(improved) of \(sac.count) instances with 9 actions on a line; fraction of the rule's gain the projection keeps: median "
                + String(format: "%.3f", Statistics.median(retained)) + ", range " + String(format: "%.3f", retained.min()!)
                + " to " + String(format: "%.3f", retained.max()!) + "; mean KL(π_θ‖π_new) after projection "
                + String(format: "%.3g", Statistics.mean(sac.map(\.meanProjectionKL)))))
        macros.define("SACRetainedMedian", number: Statistics.median(retained))
        macros.define("SACRetainedMin", number: retained.min()!)
        macros.define("SACImproved", integer: improved)
        macros.define("SACCases", integer: sac.count)
    }

    private mutating func ppoRange(_ config: Configuration, _ ppo: [PPOPart.Row]) {
        for gamma in config.discounts {
            for kappa in config.ppoKappas {
                let g = ppo.filter { $0.gamma == gamma && $0.kappa == kappa }
                func inside(_ eps: Double) -> String {
                    String(format: "%.2f", Double(g.filter { $0.lower >= 1 - eps && $0.upper <= 1 + eps }.count) / Double(g.count))
                }
                ppoTable.append(["$\(gamma)$", LaTeXTable.number(kappa, digits: 1), LaTeXTable.number(Statistics.median(g.map(\.lower))),
                                 LaTeXTable.number(Statistics.median(g.map(\.upper))), inside(0.1), inside(0.2), inside(0.3)])
            }
        }
        // Inside PPO's clip range [1 − ε, 1 + ε] means max |π_new/π_old − 1| ≤ ε, judged at each γ.
        let epsilon = 0.2
        let rule = EveryInstanceRule(quantity: "update's largest |π_new/π_old − 1|", limit: epsilon)
        func deviation(_ r: PPOPart.Row) -> Double { max(r.upper - 1, 1 - r.lower) }
        let theorem = ppo.filter { $0.kappa == 1 }
        let widest = theorem.map(deviation).max()!
        let cells = PerSetting(config.discounts.map { g in
            ("γ = \(g)", rule.verdict(theorem.filter { $0.gamma == g }.map(deviation)))
        })
        let perGamma = config.discounts.map { g in
            let group = theorem.filter { $0.gamma == g }
            return "γ = \(g): \(group.filter { rule.holds(deviation($0)) }.count) of \(group.count)"
        }
        let tiny = ppo.filter { $0.kappa == 1e6 }
        verdicts.append(Verdict(
            id: "C7.5", statement: "with C = C_π the rule's ratios stay inside PPO's clip range [\(1 - epsilon), \(1 + epsilon)]",
            verdict: cells.verdict, figure: "largest_ratio_deviation", value: widest,
            rule: rule.statement + ", at each γ; " + PerSetting.statement,
            detail: cells.summary + ". Updates inside: " + perGamma.joined(separator: "; ") + "; largest |ratio − 1| "
                + String(format: "%.3g", widest) + "; with C_π/10⁶ inside: "
                + "\(tiny.filter { rule.holds(deviation($0)) }.count) of \(tiny.count)"))
        macros.define("PPOWidestTheorem", number: widest)
    }

    private mutating func softPI(_ soft: [SoftPIPart.Row]) {
        let contraction = EveryInstanceRule(quantity: "contraction factor/γ", limit: 1 + 1e-12, limitText: "1 + 10⁻¹²")
        let factors = soft.map { $0.worstFactor / $0.gamma }
        let factor = factors.max()!
        verdicts.append(Verdict(
            id: "C8.1", statement: "the soft Bellman backup is a γ-contraction in ‖·‖∞",
            verdict: contraction.verdict(factors), figure: "largest_factor_over_gamma", value: factor, rule: contraction.statement,
            detail: "\(soft.count) (MDP, α) instances × random Q pairs"))
        let improvement = EveryInstanceRule(quantity: "Q^soft gain/rounding tolerance", limit: -1, side: .atLeast)
        let gains = soft.map { $0.worstImprovement / $0.improvementTolerance }
        let lowest = soft.map(\.worstImprovement).min()!
        verdicts.append(Verdict(
            id: "C8.2", statement: "soft policy improvement gives Q^soft_new ≥ Q^soft_old at every state-action pair",
            verdict: improvement.verdict(gains), figure: "smallest_q_gain", value: lowest, rule: improvement.statement,
            detail: "\(soft.count) instances, α ∈ {" + Set(soft.map(\.temperature)).sorted().map { "\($0)" }.joined(separator: ", ")
                + "}; smallest gain/tolerance " + String(format: "%.3g", gains.min()!)))
        let convergence = EveryInstanceRule(quantity: "‖Q − Q*‖∞·(1 − γ) after the iterations", limit: 1e-9)
        let finals = soft.map { $0.distances.last! * (1 - $0.gamma) }
        let converged = finals.filter(convergence.holds).count
        verdicts.append(Verdict(
            id: "C8.3", statement: "soft policy iteration converges to the soft-optimal Q*",
            verdict: convergence.verdict(finals), figure: "largest_final_distance_scaled", value: finals.max()!,
            rule: convergence.statement,
            detail: "\(soft[0].distances.count - 1) iterations from the uniform policy; \(converged) of \(soft.count) converged"))
        identity(id: "C8.4", statement: "soft policy improvement, π_new ∝ exp(Q^soft_old/α), is the analytical rule with π_old uniform and C = α",
                 name: "soft improvement $\\exp(Q^{soft}/\\alpha)/Z$ = rule", macro: "SoftPI",
                 gaps: soft.map { ($0.identityGap, $0.identityTolerance) })
        macros.define("ContractionFactor", number: factor, digits: 6)
        for gamma in Set(soft.map(\.gamma)).sorted() {
            let g = soft.filter { $0.gamma == gamma }
            let iterations = g.map { r in Double(r.distances.firstIndex { convergence.holds($0 * (1 - r.gamma)) } ?? r.distances.count) }
            softTable.append(["$\(gamma)$", LaTeXTable.number(g.map { $0.worstFactor / $0.gamma }.max()!, digits: 4),
                              LaTeXTable.number(g.map(\.worstImprovement).min()!), String(format: "%.0f", Statistics.median(iterations))])
        }
        macros.define("SoftCases", integer: soft.count)
    }

    private mutating func multiAgent(_ config: Configuration, _ games: [MultiAgentPart.Row]) {
        let sequential = games.filter { $0.sequential < -$0.tolerance }.count
        let simultaneous = games.filter { $0.simultaneous < -$0.tolerance }.count
        let never = EveryInstanceRule(quantity: "ΔJ/its rounding tolerance", limit: -1, side: .atLeast)
        let can = SomeInstanceRule(quantity: "ΔJ/its rounding tolerance", limit: -1, side: .below)
        verdicts.append(Verdict(
            id: "C6.1", statement: "updating one agent at a time by the rule never lowers J",
            verdict: never.verdict(games.map { $0.sequential / $0.tolerance }), figure: "sequential_failures",
            value: Double(sequential), rule: never.statement,
            detail: "\(games.count) updates (random games and the trap, every κ)"))
        verdicts.append(Verdict(
            id: "C6.2", statement: "updating both agents at once can lower J (the contrast)",
            verdict: can.verdict(games.map { $0.simultaneous / $0.tolerance }), figure: "simultaneous_failures",
            value: Double(simultaneous), rule: can.statement,
            detail: "\(simultaneous) of \(games.count) simultaneous updates lowered J; worst ΔJ "
                + String(format: "%.3g", games.map(\.simultaneous).min()!)))
        macros.define("SequentialFailures", integer: sequential)
        macros.define("SimultaneousFailures", integer: simultaneous)
        macros.define("GameUpdates", integer: games.count)
        for game in ["random", "trap"] {
            for kappa in config.gameKappas {
                let g = games.filter { $0.game == game && $0.kappa == kappa }
                gameTable.append([game, kappa.map { LaTeXTable.number($0, digits: 1) } ?? "greedy",
                                  "\(g.filter { $0.sequential < -$0.tolerance }.count)/\(g.count)",
                                  "\(g.filter { $0.simultaneous < -$0.tolerance }.count)/\(g.count)",
                                  LaTeXTable.number(g.map(\.simultaneous).min()!)])
            }
        }
    }
}
