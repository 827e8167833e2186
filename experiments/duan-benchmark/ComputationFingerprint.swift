import ExperimentKit
import Foundation
import Locomotion
import PolicySearch

/// What decides whether a finished trial file may be reused: a hash, per algorithm, of what this build
/// computes. Two iterations of the algorithm (batch 64 steps, paths ≤ 32, an 8-unit policy) on every row
/// of the suite's paper profile (each task in each variant) are hashed bit for bit, with the MuJoCo
/// version for the locomotion suite and the algorithm's `revision`. Per algorithm, so that a change to
/// one algorithm leaves the other algorithms' finished trials valid. A change the probes cannot see
/// must bump the algorithm's `revision`.
enum ComputationFingerprint {
    /// Bumped when an algorithm's computation changes in a way two short probe iterations might miss.
    /// TNPG and TRPO: 2 since they follow the line search of rllab as Duan et al. ran it
    /// (`LineSearchFailure.keepLastTrial`). CMA-ES: 2 since its eigendecomposition is the tridiagonal
    /// QL one (another basis order, so other samples).
    static func revision(_ algorithm: Algorithm) -> Int {
        switch algorithm {
        case .tnpg, .trpo, .cmaes: return 2
        case .reinforce, .erwr, .reps, .cem, .ddpg: return 1
        }
    }

    /// DDPG is not probed (its warm-up alone is longer than the probe): its trials are covered by its
    /// `revision` only.
    static func isProbed(_ algorithm: Algorithm) -> Bool { algorithm != .ddpg }

    static func compute(suite: Suite, algorithm: Algorithm) throws -> String {
        var hash = FNV1a()
        hash.add(UInt64(revision(algorithm)))
        for byte in algorithm.rawValue.utf8 { hash.add(UInt64(byte)) }
        if suite == .mujoco { for byte in Simulation.libraryVersion.utf8 { hash.add(UInt64(byte)) } }
        guard isProbed(algorithm) else { return String(hash.value, radix: 16) }
        var probe = Configuration.forProfile(.paper, suite: suite)
        probe.batchSize = 64
        probe.iterations = 2
        probe.maximumPathLength = 32
        probe.hiddenSizes = [8]
        for v in probe.variants {
            for task in probe.tasks where probe.hasRow(task, v) {
                for r in try TaskCatalog.train(task: task, variant: v, algorithm: algorithm, config: probe, seed: 1000) {
                    hash.add(r.averageReturn.bitPattern)
                    hash.add(UInt64(r.steps))
                }
            }
        }
        return String(hash.value, radix: 16)
    }

    /// This build's hash of every algorithm on `suite`.
    static func all(_ suite: Suite) throws -> [Algorithm: String] {
        try Dictionary(uniqueKeysWithValues: Algorithm.allCases.map { ($0, try compute(suite: suite, algorithm: $0)) })
    }
}
