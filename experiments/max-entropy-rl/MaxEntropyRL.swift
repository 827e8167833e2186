import ExperimentCLI
import ExperimentKit
import Foundation
import OutputKit

/// C18: maximum-entropy RL — SAC against DDPG, TD3 and PPO, its automatic temperature against the
/// entropy target, its fixed-α sensitivity, and robustness to perturbed dynamics.
enum MaxEntropyRL: ScaleOutExperiment {
    static let name = "max-entropy-rl"
    static let abstract = "C18: SAC (automatic and fixed temperature) against TD3, DDPG and PPO; entropy against its target; robustness to a perturbed pendulum."

    static func configuration(for profile: Profile, options: NoExtraOptions) -> Configuration { .forProfile(profile) }

    static func trials(_ configuration: Configuration) -> [Trial] { configuration.trials }
    static func trialName(_ trial: Trial) -> String { trial.name }
    static func trialDescription(_ configuration: Configuration) -> String { configuration.trialDescription }
    static func codeHashes(_ configuration: Configuration) throws -> [Trial: String] { try CodeHash.all(configuration) }

    static func runTrial(_ trial: Trial, _ configuration: Configuration, masterSeed: UInt64, codeHash: String) throws -> TrialFile {
        try TrialRun.run(trial, configuration, masterSeed: masterSeed, codeHash: codeHash)
    }

    static func aggregate(_ configuration: Configuration, masterSeed: UInt64, files: [Trial: TrialFile], complete: Bool) throws -> ExperimentOutput {
        var findings = Findings(config: configuration, masterSeed: masterSeed, files: files, complete: complete)
        return try findings.output()
    }
}
