import ExperimentKit
import OutputKit
import Foundation
import Neural
import PPO

/// What decides whether a finished trial file may be reused: a hash of what this build *computes*,
/// not of its bytes. Short PPO runs (T = 64, M = 32, K = 2, 256 steps, each of the four objective
/// families) on every task of the suite are hashed bit for bit, with the MuJoCo version. A build
/// whose arithmetic differs anywhere these probes reach (environments, networks, optimiser, loss,
/// random streams) gets another fingerprint, and its runner refuses the old files; a build that only
/// moved code around, or was compiled on another machine of a scale-out, keeps it. A change that only
/// a long run would reveal (say, in a rarely reached termination rule) is not caught: such a change
/// must also change `version`.
enum ComputationFingerprint {
    /// Bumped by hand for changes the probes cannot see.
    static let version = 1

    static func compute(suite: Suite) throws -> String {
        var hash = FNV1a()
        func mix(_ value: UInt64) { hash.add(value) }
        mix(UInt64(version))
        if suite == .mujoco { for byte in EnvironmentCatalog.mujocoVersion.utf8 { mix(UInt64(byte)) } }
        let objectives: [PPOObjective] = [.clipped(epsilon: 0.2), .adaptiveKL(target: 0.01, initialBeta: 1), .fixedKL(beta: 1), .unclipped]
        let tasks = Configuration.forProfile(.paper, suite: suite).environments
        for id in tasks {
            for (k, objective) in objectives.enumerated() {
                var c = PPOConfiguration(totalSteps: 256)
                c.horizon = 64
                c.minibatchSize = 32
                c.epochs = 2
                c.objective = objective
                let record = try EnvironmentCatalog.train(environmentID: id, configuration: c, seed: UInt64(1000 + k))
                for e in record.episodes { mix(e.episodeReturn.bitPattern); mix(UInt64(e.endStep)) }
                for u in record.updates {
                    for x in [u.beta, u.meanKL, u.clipFraction, u.entropy, u.valueLoss, u.surrogate] { mix(x.bitPattern) }
                }
            }
        }
        return String(hash.value, radix: 16)
    }

    /// Per suite, computed once per process.
    static let classicControl = Result { try compute(suite: .classicControl) }
    static let mujoco = Result { try compute(suite: .mujoco) }

    static func of(_ suite: Suite) throws -> String {
        try (suite == .mujoco ? mujoco : classicControl).get()
    }
}
