import ExperimentKit
import Foundation
import Locomotion
import Neural
import OffPolicy

/// What decides whether a finished trial file may be reused: a hash, per variant, of what this build
/// computes. A 300-step trial of the variant on Pendulum-v1 (8-8 networks, batch 16, 100 random steps,
/// probes at steps 150 and 300 with one episode each) through `TrialComputation`, hashed bit for bit
/// with the variant's name, the products and `revision`; for the MuJoCo tasks also MuJoCo's version. A
/// change the probe cannot see must bump `revision`.
enum ComputationFingerprint {
    static let revision = 1

    static func compute(_ variant: Variant, products: ProductPrecision, mujoco: Bool) throws -> String {
        var hash = FNV1a()
        hash.add(UInt64(revision))
        for byte in (variant.rawValue + ";" + products.rawValue).utf8 { hash.add(UInt64(byte)) }
        if mujoco { for byte in Simulation.libraryVersion.utf8 { hash.add(UInt64(byte)) } }
        let probe = Configuration(profile: .smoke, tasks: [Tasks.pendulum], seeds: 1, totalSteps: [Tasks.pendulum: 300],
                                  learningStarts: [Tasks.pendulum: 100], hiddenSizes: [8, 8], batchSize: 16, products: products,
                                  checkpoints: 2, evaluationEpisodes: 1, tailTolerance: 0.5, bootstrapReplicates: 1)
        let outcome = try TrialComputation.run(task: Tasks.pendulum, agent: probe.agent(Tasks.pendulum, variant),
                                               checkpointSteps: probe.checkpointSteps(Tasks.pendulum), evaluationEpisodes: 1,
                                               tailTolerance: probe.tailTolerance, learnerSeed: 1000, evaluationSeed: { UInt64(2000 + $0) })
        for c in outcome.checkpoints {
            for x in [c.meanPredictedQ, c.meanReturn, c.bias, c.evaluationReturn] { hash.add(x.bitPattern) }
            hash.add(UInt64(c.step))
            hash.add(UInt64(c.scoredSteps))
        }
        hash.add(UInt64(outcome.trainingEpisodes))
        return String(hash.value, radix: 16)
    }
}
