import ExperimentCLI
import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// The experiment as a pure computation: configuration and seed in, files out.
enum DoubleQExperiment: Experiment {
    static let name = "double-q"
    static let abstract = "C11: maximisation bias — single and double estimators, Sutton & Barto's Example 6.7, Q-learning on noisy Garnets, DQN against Double DQN."

    static func configuration(for profile: Profile, options: NoExtraOptions) -> Configuration { .forProfile(profile) }

    /// Saved instances of an earlier run must not outlive it.
    static func prepare(output: OutputDirectory) throws {
        try? FileManager.default.removeItem(at: output.fileURL("counterexamples"))
    }

    static func run(_ config: Configuration, context: RunContext) throws -> ExperimentOutput {
        let masterSeed = context.masterSeed
        // The DQN runs first: they are the long trials, and the runner balances the rest behind them.
        let trials = DeepPart.trials(config)
        let deep = try context.runner("\(name) DQN").run(count: trials.count) {
            DeepPart.run(trials[$0], config: config, masterSeed: masterSeed)
        }
        let instances = EstimatorPart.instances(config)
        let estimators = try context.runner("\(name) estimators").run(count: instances.count) {
            EstimatorPart.run(instances[$0], config: config, masterSeed: masterSeed)
        }
        let chunks = ExamplePart.chunks(config)
        let example = ExamplePart.total(try context.runner("\(name) example 6.7").run(count: chunks.count) {
            ExamplePart.run(chunks[$0], config: config, masterSeed: masterSeed)
        })
        let cells = GarnetPart.cells(config)
        let garnet = try context.runner("\(name) Garnets").run(count: cells.count) {
            try GarnetPart.run(cells[$0], config: config, masterSeed: masterSeed)
        }
        let findings = Findings(config: config, estimators: estimators, example: example, garnet: garnet, deep: deep,
                                masterSeed: masterSeed)
        var output = ExperimentOutput()
        output.tables = [
            ("estimators.csv", EstimatorPart.table(estimators)),
            ("example67.csv", ExamplePart.table(example, runs: config.exampleRuns)),
            ("garnet.csv", GarnetPart.table(garnet)),
            ("garnet-summary.csv", findings.garnetSummary),
            ("dqn.csv", DeepPart.table(deep)),
            ("dqn-summary.csv", findings.dqnSummary),
            ("verdicts.csv", Verdict.table(findings.verdicts)),
        ]
        output.macros = findings.macros
        output.texts = [("table-garnet.tex", findings.garnetTable.text), ("table-dqn.tex", findings.dqnTable.text)]
        if let witness = findings.counterexample {
            output.texts.append(("counterexamples/C11.4-double-estimator-bias.json", try witness.json()))
        }
        return output
    }
}
