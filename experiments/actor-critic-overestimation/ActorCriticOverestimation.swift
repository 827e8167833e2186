import ExperimentCLI
import ExperimentKit
import Foundation
import OutputKit

/// C17: DDPG's critic overestimates the return of its own policy; TD3's clipped double Q removes most
/// of it (Fujimoto, van Hoof & Meger 2018, §4 and Table 2's ablation).
enum ActorCriticOverestimation: ScaleOutExperiment {
    static let name = "actor-critic-overestimation"
    static let abstract = "C17: the value bias of DDPG, TD3 and TD3 without each of its three ingredients (Fujimoto et al. 2018) on Pendulum-v1, HalfCheetah-v5 and Hopper-v5."

    static func configuration(for profile: Profile, options: NoExtraOptions) -> Configuration { .forProfile(profile) }

    static func trials(_ configuration: Configuration) -> [Trial] { configuration.trials }
    static func trialName(_ trial: Trial) -> String { "\(trial.task)__\(trial.variant.rawValue)__seed\(trial.seed)" }
    static func trialDescription(_ configuration: Configuration) -> String { configuration.trialDescription }

    /// Per trial, this build's `ComputationFingerprint` of its variant (with MuJoCo's version on the MuJoCo tasks).
    static func codeHashes(_ configuration: Configuration) throws -> [Trial: String] {
        var hashes: [String: String] = [:]
        for v in configuration.variants {
            for mujoco in Set(configuration.tasks.map(Tasks.isMuJoCo)) {
                hashes["\(v.rawValue)/\(mujoco)"] = try ComputationFingerprint.compute(v, products: configuration.products, mujoco: mujoco)
            }
        }
        return Dictionary(uniqueKeysWithValues: configuration.trials.map { ($0, hashes["\($0.variant.rawValue)/\(Tasks.isMuJoCo($0.task))"]!) })
    }

    static func runTrial(_ trial: Trial, _ config: Configuration, masterSeed: UInt64, codeHash: String) throws -> TrialFile {
        let start = Date()
        let outcome = try TrialComputation.run(
            task: trial.task, agent: config.agent(trial.task, trial.variant), checkpointSteps: config.checkpointSteps(trial.task),
            evaluationEpisodes: config.evaluationEpisodes, tailTolerance: config.tailTolerance,
            learnerSeed: trial.learnerKey(masterSeed: masterSeed).seed, evaluationSeed: { trial.evaluationSeed($0, masterSeed: masterSeed) })
        for c in outcome.checkpoints where !(c.bias.isFinite && c.meanPredictedQ.isFinite) {
            throw NumericalError("\(trialName(trial)): checkpoint at step \(c.step) has a non-finite value estimate")
        }
        return TrialFile(task: trial.task, variant: trial.variant.rawValue, seed: trial.seed, masterSeed: masterSeed, codeHash: codeHash,
                         checkpoints: outcome.checkpoints, trainingEpisodes: outcome.trainingEpisodes, steps: config.totalSteps[trial.task]!,
                         seconds: (Date().timeIntervalSince(start) * 1000).rounded() / 1000)
    }

    static func aggregate(_ config: Configuration, masterSeed: UInt64, files: [Trial: TrialFile], complete: Bool) throws -> ExperimentOutput {
        var findings = Findings(config: config, masterSeed: masterSeed, files: files, complete: complete)
        return findings.output()
    }
}
