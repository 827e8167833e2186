import ExperimentCLI
import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// The experiment as a pure computation: configuration and seed in, files out.
enum SpecialCases: Experiment {
    static let name = "special-cases"
    static let abstract = "C6–C8: REPS and SAC as the rule, PPO's clip range, soft policy iteration, multi-agent updates."

    static func configuration(for profile: Profile, options: NoExtraOptions) -> Configuration { .forProfile(profile) }

    static func run(_ config: Configuration, context: RunContext) throws -> ExperimentOutput {
        let masterSeed = context.masterSeed
        func runner(_ label: String) -> TrialRunner { context.runner("\(name) \(label)") }
        func grid(_ count: Int) -> [(Double, Int)] { config.discounts.flatMap { g in (0..<count).map { (g, $0) } } }
        let repsJobs = grid(config.repsInstances)
        let reps = try runner("reps").run(count: repsJobs.count) {
            try REPSPart.run(gamma: repsJobs[$0].0, index: repsJobs[$0].1, config: config, masterSeed: masterSeed)
        }.flatMap { $0 }
        let sacJobs = grid(config.sacInstances)
        let sac = try runner("sac").run(count: sacJobs.count) {
            try SACPart.run(gamma: sacJobs[$0].0, index: sacJobs[$0].1, config: config, masterSeed: masterSeed)
        }
        let ppoJobs = grid(config.ppoInstances)
        let ppo = try runner("ppo").run(count: ppoJobs.count) {
            try PPOPart.run(gamma: ppoJobs[$0].0, index: ppoJobs[$0].1, config: config, masterSeed: masterSeed)
        }.flatMap { $0 }
        let softJobs = grid(config.softInstances).flatMap { job in config.softTemperatures.map { (job.0, job.1, $0) } }
        let soft = try runner("soft-pi").run(count: softJobs.count) {
            try SoftPIPart.run(gamma: softJobs[$0].0, temperature: softJobs[$0].2, index: softJobs[$0].1, config: config,
                               masterSeed: masterSeed)
        }
        let gameJobs = grid(config.gameInstances)
        var games = try runner("games").run(count: gameJobs.count) {
            try MultiAgentPart.runRandom(gamma: gameJobs[$0].0, index: gameJobs[$0].1, config: config, masterSeed: masterSeed)
        }.flatMap { $0 }
        games += try config.discounts.flatMap { try MultiAgentPart.runTrap(gamma: $0, config: config) }

        let findings = Findings(config: config, reps: reps, sac: sac, ppo: ppo, soft: soft, games: games)
        var output = ExperimentOutput()
        output.tables = [
            ("reps.csv", REPSPart.table(reps)),
            ("sac.csv", SACPart.table(sac)),
            ("ppo-ratios.csv", PPOPart.table(ppo)),
            ("soft-pi.csv", SoftPIPart.table(soft)),
            ("soft-convergence.csv", SoftPIPart.convergenceTable(soft)),
            ("games.csv", MultiAgentPart.table(games)),
            ("verdicts.csv", Verdict.table(findings.verdicts)),
        ]
        output.macros = findings.macros
        output.texts = [
            ("table-identities.tex", findings.identityTable.text),
            ("table-ppo.tex", findings.ppoTable.text),
            ("table-games.tex", findings.gameTable.text),
            ("table-reps.tex", findings.repsTable.text),
            ("table-soft.tex", findings.softTable.text),
        ]
        return output
    }
}
