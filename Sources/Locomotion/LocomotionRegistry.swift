import Control
import ExperimentKit

/// The MuJoCo tasks by id, for the replay command, the experiments and the tests.
public enum LocomotionRegistry {
    /// The seven tasks of the PPO paper's Table 1, then Ant and Humanoid.
    public static let ids = [HalfCheetah.id, Hopper.id, InvertedDoublePendulum.id, InvertedPendulum.id,
                             Reacher.id, Swimmer.id, Walker2d.id, Ant.id, Humanoid.id]
    public static let paperTable1 = Array(ids.prefix(7))

    static func task(_ id: String) throws -> any LocomotionTask.Type {
        switch id {
        case HalfCheetah.id: return HalfCheetah.self
        case Hopper.id: return Hopper.self
        case InvertedDoublePendulum.id: return InvertedDoublePendulum.self
        case InvertedPendulum.id: return InvertedPendulum.self
        case Reacher.id: return Reacher.self
        case Swimmer.id: return Swimmer.self
        case Walker2d.id: return Walker2d.self
        case Ant.id: return Ant.self
        case Humanoid.id: return Humanoid.self
        default: throw InputError(parameter: "--env", given: id, allowed: ids.joined(separator: ", "))
        }
    }

    /// A fresh environment by id. Throws for an unknown id or a missing model file.
    public static func make(id: String, assets: AssetDirectory = .installed) throws -> any EpisodicEnvironment {
        func open<T: LocomotionTask>(_: T.Type) throws -> any EpisodicEnvironment { try MuJoCoEnvironment<T>(assets: assets) }
        return try open(try task(id))
    }

    /// Replays `actions` from (`qpos`, `qvel`) and returns every step (stopping at the episode's
    /// end). Throws if the id is unknown or the state has the wrong length, before any step.
    public static func replay(id: String, qpos: [Double], qvel: [Double], actions: [[Double]],
                              assets: AssetDirectory = .installed) throws -> [EnvironmentStep] {
        func run<T: LocomotionTask>(_: T.Type) throws -> [EnvironmentStep] {
            var env = try MuJoCoEnvironment<T>(assets: assets)
            let (nq, nv, nu) = (env.simulation.nq, env.simulation.nv, env.simulation.nu)
            guard qpos.count == nq else { throw InputError(parameter: "--qpos", given: "\(qpos.count) numbers", allowed: "\(nq) numbers for \(id)") }
            guard qvel.count == nv else { throw InputError(parameter: "--qvel", given: "\(qvel.count) numbers", allowed: "\(nv) numbers for \(id)") }
            if let bad = actions.firstIndex(where: { $0.count != nu }) {
                throw InputError(parameter: "actions (row \(bad + 1))", given: "\(actions[bad].count) numbers", allowed: "\(nu) numbers for \(id)")
            }
            _ = env.reset(qpos: qpos, qvel: qvel)
            var steps: [EnvironmentStep] = []
            for a in actions {
                let s = env.step(a)
                steps.append(s)
                if s.terminated || s.truncated { break }
            }
            return steps
        }
        return try run(try task(id))
    }
}
