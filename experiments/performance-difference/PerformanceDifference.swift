import ExperimentKit
import Foundation
import Tabular

/// The experiment as a pure computation: configuration and seed in, file contents out.
/// The command (`PerformanceDifferenceCommand`) validates input and writes what this returns.
enum PerformanceDifference {
    static let name = "performance-difference"

    static func run(config: Configuration, masterSeed: UInt64, threads: Int, showProgress: Bool = false) throws -> ExperimentOutput {
        func runner(_ label: String) -> TrialRunner {
            TrialRunner(threads: threads, progressLabel: showProgress ? "\(name) \(label)" : nil)
        }
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

        var findings = Findings(config: config, exact: exact, instances: instances, mcSummary: mcSummary,
                                paths: paths, points: points, curves: curves)
        findings.macros.define("Profile", config.profile.rawValue)
        findings.macros.define("Seed", "\(masterSeed)")
        var output = ExperimentOutput()
        output.settings = config.settings
        output.tables = [
            ("exact-identities.csv", ExactIdentities.table(exact)),
            ("exact-summary.csv", ExactIdentities.summary(exact, config: config)),
            ("monte-carlo.csv", MonteCarlo.table(instances: instances, replications: replications, estimates: estimates)),
            ("monte-carlo-summary.csv", MonteCarlo.summaryTable(mcSummary)),
            ("surrogate-gap.csv", SurrogateGap.table(paths: paths, points: points)),
            ("state-mismatch.csv", StateMismatch.table(curves)),
            ("verdicts.csv", Verdict.table(findings.verdicts)),
        ]
        output.texts = [
            ("macros.tex", findings.macros.text),
            ("table-exact.tex", findings.exactTable.text),
            ("table-monte-carlo.tex", findings.monteCarloTable.text),
            ("table-mismatch.tex", findings.mismatchTable.text),
        ]
        return output
    }

}
