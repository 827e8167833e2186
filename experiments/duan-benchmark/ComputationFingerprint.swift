import ExperimentKit
import Foundation
import Locomotion
import PolicySearch

/// What decides whether a finished trial file may be reused: a hash of what this build computes.
/// Two iterations of every algorithm (batch 64 steps, paths ≤ 32, an 8-unit policy) on every row of
/// the suite's paper profile (each task in each variant) are hashed bit for bit, with the MuJoCo
/// version for the locomotion suite. A change these probes cannot see must bump `version`.
enum ComputationFingerprint {
    static let version = 1
    /// The seven algorithms of the first build, fixed so that adding an algorithm (DDPG) does not orphan
    /// finished files; the added algorithm's own trials are then covered by `version` only.
    static let probed: [Algorithm] = [.reinforce, .tnpg, .erwr, .reps, .trpo, .cem, .cmaes]

    static func compute(suite: Suite) throws -> String {
        var hash = FNV1a()
        hash.add(UInt64(version))
        if suite == .mujoco { for byte in Simulation.libraryVersion.utf8 { hash.add(UInt64(byte)) } }
        var probe = Configuration.forProfile(.paper, suite: suite)
        probe.batchSize = 64
        probe.iterations = 2
        probe.maximumPathLength = 32
        probe.hiddenSizes = [8]
        for v in probe.variants {
            for task in probe.tasks where probe.hasRow(task, v) {
                for (k, a) in ComputationFingerprint.probed.enumerated() {
                    for r in try TaskCatalog.train(task: task, variant: v, algorithm: a, config: probe, seed: UInt64(1000 + k)) {
                        hash.add(r.averageReturn.bitPattern)
                        hash.add(UInt64(r.steps))
                    }
                }
            }
        }
        return String(hash.value, radix: 16)
    }

    static let classicControl = Result { try compute(suite: .classicControl) }
    static let mujoco = Result { try compute(suite: .mujoco) }

    static func of(_ suite: Suite) throws -> String {
        try (suite == .mujoco ? mujoco : classicControl).get()
    }
}
