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

    private mutating func identity(claim: String, statement: String, name: String, macro: String, gaps: [(Double, Double)]) {
        let worst = gaps.map(\.0).max()!, worstRatio = gaps.map { $0.0 / $0.1 }.max()!
        verdicts.append(Verdict(claim: claim, statement: statement, verdict: worstRatio <= 1 ? .confirmed : .refuted,
                                figure: "largest_gap", value: worst,
                                detail: "\(gaps.count) cases; rule: every gap within its rounding tolerance; largest gap/tolerance "
                                    + String(format: "%.3g", worstRatio)))
        identityTable.append([name, "\(gaps.count)", LaTeXTable.number(worst), LaTeXTable.number(worstRatio)])
        macros.define("Gap\(macro)", number: worst)
    }

    private mutating func identities(_ reps: [REPSPart.Row], _ sac: [SACPart.Row], _ ppo: [PPOPart.Row]) {
        identity(claim: "C7 (REPS)", statement: "REPS's conditional policy at $\\eta^*$ equals the analytical rule with $C=\\eta^*$",
                 name: "REPS conditional = rule at $C=\\eta^*$", macro: "REPS", gaps: reps.map { ($0.identityGap, $0.tolerance) })
        identity(claim: "C7 (SAC)", statement: "the Boltzmann policy of $\\tilde Q=Q+C\\log\\pi_{old}$ equals the analytical rule",
                 name: "SAC target $\\exp(\\tilde Q/C)/Z$ = rule", macro: "SAC", gaps: sac.map { ($0.identityGap, $0.tolerance) })
        identity(claim: "C7 (PPO)", statement: "the rule's ratios are $e^{\\alpha}/Z$, inside $[e^{\\alpha_{min}}/Z, e^{\\alpha_{max}}/Z]$",
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
        verdicts.append(Verdict(
            claim: "C7 (SAC)", statement: "projecting $\\pi_{new}$ onto a family that cannot represent it (discretised Gaussian) still improves $J$",
            verdict: improved == sac.count ? .confirmed : (improved == 0 ? .refuted : .partlyConfirmed),
            figure: "fraction_improved", value: Double(improved) / Double(sac.count),
            detail: "\(sac.count) instances with 9 actions on a line; fraction of the rule's gain the projection keeps: median "
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
        let theorem = ppo.filter { $0.kappa == 1 }
        let insideTheorem = theorem.filter { $0.lower >= 0.8 && $0.upper <= 1.2 }.count
        let widest = theorem.map { max($0.upper - 1, 1 - $0.lower) }.max()!
        verdicts.append(Verdict(
            claim: "C7 (PPO)", statement: "with $C=C_\\pi$ the rule's ratios stay inside PPO's clip range $[0.8,1.2]$",
            verdict: insideTheorem == theorem.count ? .confirmed : (insideTheorem == 0 ? .refuted : .partlyConfirmed),
            figure: "largest_ratio_deviation", value: widest,
            detail: "\(insideTheorem) of \(theorem.count) updates inside; largest |ratio − 1| " + String(format: "%.3g", widest)
                + "; with C_π/10⁶ inside [0.8,1.2]: "
                + "\(ppo.filter { $0.kappa == 1e6 && $0.lower >= 0.8 && $0.upper <= 1.2 }.count) of \(ppo.filter { $0.kappa == 1e6 }.count)"))
        macros.define("PPOWidestTheorem", number: widest)
    }

    private mutating func softPI(_ soft: [SoftPIPart.Row]) {
        let factor = soft.map { $0.worstFactor / $0.gamma }.max()!
        verdicts.append(Verdict(
            claim: "C8", statement: "the soft Bellman backup is a $\\gamma$-contraction in $\\|\\cdot\\|_\\infty$",
            verdict: factor <= 1 + 1e-12 ? .confirmed : .refuted, figure: "largest_factor_over_gamma", value: factor,
            detail: "\(soft.count) (MDP, α) instances × random Q pairs; rule: factor ≤ γ(1 + 10⁻¹²)"))
        let worst = soft.map { $0.worstImprovement / $0.improvementTolerance }.min()!
        let lowest = soft.map(\.worstImprovement).min()!
        verdicts.append(Verdict(
            claim: "C8", statement: "soft improvement gives $Q^{soft}_{new}\\ge Q^{soft}_{old}$ at every state-action pair",
            verdict: soft.allSatisfy({ $0.worstImprovement >= -$0.improvementTolerance }) ? .confirmed : .refuted,
            figure: "smallest_q_gain", value: lowest,
            detail: "\(soft.count) instances, α ∈ {0.01, 0.1, 1}; rule: no pair below minus the rounding tolerance; "
                + "smallest gain / tolerance " + String(format: "%.3g", worst)))
        let finals = soft.map { $0.distances.last! * (1 - $0.gamma) }
        let converged = finals.filter { $0 <= 1e-9 }.count
        verdicts.append(Verdict(
            claim: "C8", statement: "soft policy iteration converges to the soft-optimal $Q^*$",
            verdict: converged == soft.count ? .confirmed : (converged == 0 ? .refuted : .partlyConfirmed),
            figure: "largest_final_distance_scaled", value: finals.max()!,
            detail: "\(soft[0].distances.count - 1) iterations from the uniform policy; rule: ‖Q − Q*‖∞·(1−γ) ≤ 10⁻⁹; "
                + "\(converged) of \(soft.count) converged"))
        macros.define("ContractionFactor", number: factor, digits: 6)
        for gamma in Set(soft.map(\.gamma)).sorted() {
            let g = soft.filter { $0.gamma == gamma }
            let iterations = g.map { r in Double(r.distances.firstIndex { $0 * (1 - r.gamma) <= 1e-9 } ?? r.distances.count) }
            softTable.append(["$\(gamma)$", LaTeXTable.number(g.map { $0.worstFactor / $0.gamma }.max()!, digits: 4),
                              LaTeXTable.number(g.map(\.worstImprovement).min()!), String(format: "%.0f", Statistics.median(iterations))])
        }
        macros.define("SoftCases", integer: soft.count)
    }

    private mutating func multiAgent(_ config: Configuration, _ games: [MultiAgentPart.Row]) {
        let sequential = games.filter { $0.sequential < -$0.tolerance }.count
        let simultaneous = games.filter { $0.simultaneous < -$0.tolerance }.count
        verdicts.append(Verdict(
            claim: "C6", statement: "updating one agent at a time by the rule never lowers $J$",
            verdict: sequential == 0 ? .confirmed : .refuted, figure: "sequential_failures", value: Double(sequential),
            detail: "\(games.count) updates (random games and the trap, every κ); rule: no ΔJ below minus its rounding tolerance"))
        verdicts.append(Verdict(
            claim: "C6 (contrast)", statement: "updating both agents at once can lower $J$",
            verdict: simultaneous > 0 ? .confirmed : .refuted, figure: "simultaneous_failures", value: Double(simultaneous),
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
