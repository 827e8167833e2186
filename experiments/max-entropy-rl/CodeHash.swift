import ExperimentKit
import Foundation
import Locomotion
import Neural

/// What decides whether a finished trial file may be reused: per algorithm family (SAC, TD3, DDPG,
/// PPO, soft Q-learning), a hash of a short probe trial on Pendulum (300 steps, 8-unit networks, one evaluation, one
/// perturbed length, in the configuration's product precision) bit for bit, the family's `revision`, and
/// the MuJoCo version for locomotion trials.
/// A change the probe cannot see must bump the family's revision.
enum CodeHash {
    static func revision(_ family: String) -> Int { 1 }

    static let probeConfiguration: Configuration = {
        var c = Configuration.forProfile(.smoke)
        c.budgets = [Configuration.pendulum: TaskBudget(steps: 300, learningStarts: 100, checkpoints: 1)]
        c.seeds = 1
        c.small = .init(hiddenSizes: [8], batchSize: 8, learningRate: 1e-3, ppoHorizon: 100, ppoMinibatch: 50)
        c.perturbationScales = [1.3]
        return c
    }()

    static func family(_ method: Method, products: ProductPrecision) throws -> String {
        var hash = FNV1a()
        hash.add(UInt64(revision(method.family)))
        for byte in method.family.utf8 { hash.add(UInt64(byte)) }
        var c = probeConfiguration
        c.products = products
        let trial = Trial(task: Configuration.pendulum, method: method.isSAC ? .sacAuto : method, seed: 0)
        let f = try TrialRun.run(trial, c, masterSeed: 1000, codeHash: "")
        for x in f.returns + (f.entropies ?? []) + (f.temperatures ?? []) + (f.perturbedReturns ?? []) + (f.perturbedSampledReturns ?? []) {
            hash.add(x.bitPattern)
        }
        return String(hash.value, radix: 16)
    }

    /// This build's hash of every trial of the configuration.
    static func all(_ config: Configuration) throws -> [Trial: String] {
        var families: [String: String] = [:]
        for m in [Method.sacAuto, .td3, .ddpg, .ppo, .softQ] { families[m.family] = try family(m, products: config.products) }
        return Dictionary(uniqueKeysWithValues: config.trials.map { t in
            let base = families[t.method.family]!
            return (t, t.task == Configuration.pendulum ? base : "\(base)-mujoco\(Simulation.libraryVersion)")
        })
    }
}
