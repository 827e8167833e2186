import ExperimentCLI
import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// The experiment as a pure computation: configuration and seed in, file contents out.
enum PerformanceDifference: Experiment {
    static let name = "performance-difference"
    static let abstract = "C1/C2: the performance difference lemma and the state-distribution mismatch bound."

    static func configuration(for profile: Profile, options: NoExtraOptions) -> Configuration { .forProfile(profile) }

    static func run(_ config: Configuration, context: RunContext) throws -> ExperimentOutput {
        let masterSeed = context.masterSeed
        func runner(_ label: String) -> TrialRunner { context.runner("\(name) \(label)") }
        // Part 1: exact identities.
        let cells = ExactIdentities.cells(config)
        let exact = try runner("exact").run(count: cells.count) { i in
            try ExactIdentities.run(cells[i], masterSeed: masterSeed)
        }
        // Part 2: Monte Carlo.
        let instances = try config.monteCarloDiscounts.map {
            try MonteCarlo.instance(gamma: $0, config: config, masterSeed: masterSeed)
        }
        let replications = instances.indices.flatMap { g in
            (0..<config.monteCarloReplications).map { MonteCarlo.Replication(gammaIndex: g, replication: $0) }
        }
        let counts = config.monteCarloSampleCounts
        let estimates = try runner("monte-carlo").run(count: replications.count) { i in
            MonteCarlo.run(instances[replications[i].gammaIndex], replication: replications[i].replication,
                           sampleCounts: counts, masterSeed: masterSeed)
        }
        let mcSummary = MonteCarlo.summarise(instances: instances, replications: replications,
                                             estimates: estimates, sampleCounts: counts)
        // Part 3: surrogate gap.
        let paths = SurrogateGap.paths(config)
        let points = try runner("surrogate").run(count: paths.count) { i in
            try SurrogateGap.run(paths[i], config: config, masterSeed: masterSeed)
        }
        // Part 4: state-distribution mismatch.
        let pairs = StateMismatch.pairs(config)
        let horizon = config.mismatchHorizon
        let curves = try runner("mismatch").run(count: pairs.count) { i in
            try StateMismatch.run(pairs[i], horizon: horizon, masterSeed: masterSeed)
        }

        let findings = Findings(config: config, exact: exact, instances: instances, mcSummary: mcSummary,
                                paths: paths, points: points, curves: curves)
        var output = ExperimentOutput()
        output.tables = [
            ("exact-identities.csv", ExactIdentities.table(exact)),
            ("exact-summary.csv", ExactIdentities.summary(exact, config: config)),
            ("monte-carlo.csv", MonteCarlo.table(instances: instances, replications: replications, estimates: estimates)),
            ("monte-carlo-summary.csv", MonteCarlo.summaryTable(mcSummary)),
            ("surrogate-gap.csv", SurrogateGap.table(paths: paths, points: points)),
            ("state-mismatch.csv", StateMismatch.table(curves)),
            ("verdicts.csv", Verdict.table(findings.verdicts)),
        ]
        output.macros = findings.macros
        output.texts = [
            ("table-exact.tex", findings.exactTable.text),
            ("table-monte-carlo.tex", findings.monteCarloTable.text),
            ("table-mismatch.tex", findings.mismatchTable.text),
        ]
        return output
    }

}
