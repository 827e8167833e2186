import ExperimentKit

/// # Partially observable variants of an episodic task
///
/// Duan, Chen, Houthooft, Schulman & Abbeel (2016, "Partially Observable Tasks") derive three
/// partially observable variants from every basic task; rllab (github.com/rll/rllab, `rllab/envs/`)
/// implements them as wrappers, and so does the suite:
///
/// | wrapper | rllab | what the agent sees or does |
/// | --- | --- | --- |
/// | `LimitedSensors` | `OcclusionEnv` | only the observation entries listed (the positions) |
/// | `NoisyObservations` | `NoisyObservationEnv` | o + ε, ε ~ N(0, σ² I), σ = 0.1 |
/// | `DelayedActions` | `DelayedActionEnv` | the action taken k = 3 steps earlier (zeros at first) |
/// | `SystemIdentification` | `IdentificationEnv` | a physical parameter redrawn at every reset |
///
/// The paper pairs noisy observations with delayed actions in one variant; the experiment composes
/// the two wrappers for it. Every wrapper's randomness is a pure function of the episode's reset
/// seed (a second stream derived from it with SplitMix64 and a per-wrapper constant), so a run
/// depends on its seeds only, and the wrapped environment still receives the same reset seed.

/// A generator for a wrapper's own randomness in the episode that `reset(seed:)` starts: SplitMix64
/// of the seed mixed with a per-wrapper tag, so that it differs from the base environment's stream.
func episodeStream(seed: UInt64, tag: UInt64) -> SeededGenerator {
    var mix = SplitMix64(state: seed ^ tag)
    return SeededGenerator(seed: mix.next())
}

/// Limited sensors (rllab's `OcclusionEnv`): the observation keeps only the entries at `indices`
/// (in that order), e.g. the positions of a task whose observation is positions and velocities.
/// Rewards, termination and dynamics are the base task's. Precondition: indices within the base
/// observation, none repeated.
public struct LimitedSensors<Base: EpisodicEnvironment>: EpisodicEnvironment {
    public var base: Base
    public let indices: [Int]

    public init(_ base: Base, keeping indices: [Int]) {
        precondition(!indices.isEmpty && Set(indices).count == indices.count
                     && indices.allSatisfy { (0..<base.observationLength).contains($0) })
        self.base = base
        self.indices = indices
    }

    public var id: String { base.id }
    public var observationLength: Int { indices.count }
    public var actionSet: ActionSet { base.actionSet }

    func occlude(_ observation: [Double]) -> [Double] { indices.map { observation[$0] } }

    public mutating func reset(seed: UInt64) -> [Double] { occlude(base.reset(seed: seed)) }

    public mutating func step(_ action: [Double]) -> EnvironmentStep {
        var s = base.step(action)
        s.observation = occlude(s.observation)
        return s
    }
}

/// Noisy observations (rllab's `NoisyObservationEnv`, `obs_noise = 0.1`): every observation the
/// agent sees, the first included, is o + ε with ε ~ N(0, σ² I) drawn afresh at each step. The
/// noise stream is seeded from the episode's reset seed. Precondition: σ ≥ 0.
public struct NoisyObservations<Base: EpisodicEnvironment>: EpisodicEnvironment {
    public var base: Base
    public let standardDeviation: Double
    var noise = SeededGenerator(seed: 0)

    /// The default σ = 0.1 is rllab's.
    public init(_ base: Base, standardDeviation: Double = 0.1) {
        precondition(standardDeviation >= 0)
        self.base = base
        self.standardDeviation = standardDeviation
    }

    public var id: String { base.id }
    public var observationLength: Int { base.observationLength }
    public var actionSet: ActionSet { base.actionSet }

    mutating func perturb(_ observation: [Double]) -> [Double] {
        observation.map { $0 + standardDeviation * noise.nextGaussian() }
    }

    public mutating func reset(seed: UInt64) -> [Double] {
        noise = episodeStream(seed: seed, tag: 0x6E6F_6973_794F_6273)   // "noisyObs"
        return perturb(base.reset(seed: seed))
    }

    public mutating func step(_ action: [Double]) -> EnvironmentStep {
        var s = base.step(action)
        s.observation = perturb(s.observation)
        return s
    }
}

/// Delayed actions (rllab's `DelayedActionEnv`, `action_delay = 3`): the action applied at step t
/// is the one chosen at step t − k; for t < k it is the all-zeros action (rllab's zero-initialised
/// queue; for a discrete set, index 0). Precondition: k ≥ 0.
public struct DelayedActions<Base: EpisodicEnvironment>: EpisodicEnvironment {
    public var base: Base
    public let delay: Int
    var queue: [[Double]] = []

    public init(_ base: Base, delay: Int = 3) {
        precondition(delay >= 0)
        self.base = base
        self.delay = delay
    }

    public var id: String { base.id }
    public var observationLength: Int { base.observationLength }
    public var actionSet: ActionSet { base.actionSet }

    public mutating func reset(seed: UInt64) -> [Double] {
        queue = [[Double]](repeating: [Double](repeating: 0, count: base.actionSet.width), count: delay)
        return base.reset(seed: seed)
    }

    public mutating func step(_ action: [Double]) -> EnvironmentStep {
        queue.append(action)
        return base.step(queue.removeFirst())
    }
}

/// A classic-control task with one physical parameter that a system-identification variant redraws
/// per episode (cart-pole: the pole's half-length; pendulum: its length).
public protocol IdentifiableDynamics: ClassicControl {
    /// The parameter's nominal (Gymnasium) value.
    static var nominalParameter: Double { get }
    var physicalParameter: Double { get set }
}

extension CartPole: IdentifiableDynamics {
    public static let nominalParameter = 0.5
    public var physicalParameter: Double {
        get { poleHalfLength }
        set { poleHalfLength = newValue }
    }
}

extension Pendulum: IdentifiableDynamics {
    public static let nominalParameter = 1.0
    public var physicalParameter: Double {
        get { length }
        set { length = newValue }
    }
}

/// System identification (rllab's `IdentificationEnv` with the cart-pole template's noise): at
/// every reset the physical parameter is set to p₀ (1 + u), u ~ U(−r, r), r = 0.5, drawn from a
/// stream seeded by the episode's reset seed; the agent is not told p, so it must infer it from the
/// trajectory. Precondition: 0 ≤ r < 1.
public struct SystemIdentification<Task: IdentifiableDynamics>: EpisodicEnvironment {
    public var base: TimeLimited<Task>
    public let relativeRange: Double

    public init(_ task: Task, relativeRange: Double = 0.5) {
        precondition(relativeRange >= 0 && relativeRange < 1)
        base = TimeLimited(task)
        self.relativeRange = relativeRange
    }

    public var id: String { base.id }
    public var observationLength: Int { base.observationLength }
    public var actionSet: ActionSet { base.actionSet }
    /// The parameter of the current episode.
    public var physicalParameter: Double { base.environment.physicalParameter }

    public mutating func reset(seed: UInt64) -> [Double] {
        var rng = episodeStream(seed: seed, tag: 0x7379_7349_6465_6E74)   // "sysIdent"
        base.environment.physicalParameter = Task.nominalParameter * (1 + relativeRange * (2 * rng.nextUniform() - 1))
        return base.reset(seed: seed)
    }

    public mutating func step(_ action: [Double]) -> EnvironmentStep { base.step(action) }
}
