import ExperimentCLI
import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// The experiment as a pure computation: configuration and seed in, files out.
enum PreferenceOptimizationExperiment: Experiment {
    static let name = "preference-optimization"
    static let abstract = "C14: the KL-regularised RLHF optimum (Lemma 28) and direct preference optimisation against the two-stage route."

    static func configuration(for profile: Profile, options: NoExtraOptions) -> Configuration { .forProfile(profile) }

    /// Saved instances of an earlier run must not outlive it.
    static func prepare(output: OutputDirectory) throws {
        try? FileManager.default.removeItem(at: output.fileURL("counterexamples"))
    }

    static func run(_ config: Configuration, context: RunContext) throws -> ExperimentOutput {
        let masterSeed = context.masterSeed
        let identities = try context.runner("\(name) identities").run(count: config.identityInstances) {
            IdentityPart.run(index: $0, config: config, masterSeed: masterSeed)
        }
        let population = try context.runner("\(name) expected loss").run(count: config.populationInstances) {
            PopulationPart.run(index: $0, config: config, masterSeed: masterSeed)
        }
        let trials = LearningPart.trials(config)
        let learning = try context.runner("\(name) learning").run(count: trials.count) {
            LearningPart.run(trials[$0], config: config, masterSeed: masterSeed)
        }
        let findings = Findings(config: config, masterSeed: masterSeed, identities: identities, population: population, learning: learning)
        var output = ExperimentOutput()
        output.tables = [
            ("identities.csv", IdentityPart.table(identities)),
            ("expected-loss.csv", PopulationPart.table(population)),
            ("learning.csv", LearningPart.table(learning, config: config)),
            ("curves.csv", findings.curves),
            ("verdicts.csv", Verdict.table(findings.verdicts)),
        ]
        output.macros = findings.macros
        // The instance that breaks C14.7 most (two minimisers of the expected loss far apart), replayed by the tests.
        if let witness = findings.worstWitness(population), witness.klSelectedToOptimum > 1e-12 {
            output.texts.append(("counterexamples/C14.7-uncovered-response.json", try witness.json()))
        }
        return output
    }
}
