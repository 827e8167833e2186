import Control
import ExperimentKit

/// The gradient-free searches of Duan et al. (2016), CEM and CMA-ES, as rllab runs them with a
/// `batch_size` (so that an iteration uses about as many steps as one of the batch algorithms):
/// each candidate θ ~ the search distribution is scored by one path of the stochastic policy π_θ
/// (`sampleTrajectory`; θ includes log σ for a Gaussian head), its fitness the discounted return
/// from the path's start, Σ_t γᵗ r_t; candidates are drawn until the iteration's paths hold at least
/// `batchSize` steps.
///   - CEM (rllab `CEM`): the candidates come from `CrossEntropyMethod.ask` generations (a generation
///     is drawn whole and used in order, the next drawn when it runs out); the iteration's candidates
///     are told together, with rllab's elite count ⌊0.05 · 100⌋ = 5 whatever their number; π then
///     takes the best candidate (rllab sets the policy to `best_x`).
///   - CMA-ES: rllab asks its library for 2·n_parallel candidates at a time and tells once per
///     iteration with however many were scored; `CMAES` here tells whole generations of λ only
///     (Hansen's tutorial), so an iteration runs as many full generations as its step budget needs.
///     This is the suite's reading of the protocol, stated as a difference.
/// The iteration's record is the mean undiscounted return of its paths, as for the batch algorithms.
public enum GradientFreeMethod: String, Sendable, Equatable {
    case cem, cmaes
}

public struct GradientFreePolicySearch<Environment: EpisodicEnvironment> {
    public let policy: PolicyNetwork
    public let method: GradientFreeMethod
    public let batchSize: Int, maximumPathLength: Int
    public let gamma: Double
    public private(set) var theta: [Double]
    public private(set) var iteration = 0
    var environment: Environment
    var cem: CrossEntropyMethod?
    var cmaes: CMAES?
    var rng: SeededGenerator

    /// θ₀ as for the batch algorithms (`PolicyNetwork.initialParameters`) is the search's initial
    /// mean; σ₀ = 1 (rllab's `init_std` and `sigma0`). Preconditions: positive sizes, γ ∈ [0, 1].
    public init(environment: Environment, method: GradientFreeMethod, hiddenSizes: [Int], batchSize: Int,
                maximumPathLength: Int, gamma: Double = DuanDefaults.discount, initialLogStd: Double = 0, seed: UInt64) {
        precondition(batchSize > 0 && maximumPathLength > 0 && (0...1).contains(gamma))
        policy = PolicyNetwork(observationLength: environment.observationLength, actionSet: environment.actionSet,
                               hiddenSizes: hiddenSizes)
        self.method = method
        self.batchSize = batchSize
        self.maximumPathLength = maximumPathLength
        self.gamma = gamma
        self.environment = environment
        var streams = SplitMix64(state: seed)
        var initialization = SeededGenerator(seed: streams.next())
        rng = SeededGenerator(seed: streams.next())
        theta = policy.initialParameters(initialLogStd: initialLogStd, using: &initialization)
        switch method {
        case .cem: cem = CrossEntropyMethod(mean: theta, initialStandardDeviation: 1)
        case .cmaes: cmaes = CMAES(mean: theta, sigma: DuanDefaults.cmaesInitialSigma)
        }
    }

    /// One path of π_x and its fitness Σ_t γᵗ r_t.
    mutating func score(_ x: [Double]) -> (path: Trajectory, fitness: Double) {
        let path = sampleTrajectory(&environment, policy: policy, theta: x, maximumLength: maximumPathLength, using: &rng)
        return (path, path.rewards.reversed().reduce(0) { $0 * gamma + $1 })
    }

    /// One iteration (see the type's description).
    public mutating func iterate() -> BatchIterationRecord {
        var paths: [Trajectory] = []
        var steps = 0
        switch method {
        case .cem:
            var candidates: [[Double]] = [], fitness: [Double] = []
            var generation: [[Double]] = []
            while steps < batchSize {
                if generation.isEmpty { generation = cem!.ask(using: &rng).reversed() }
                let x = generation.removeLast()
                let (path, f) = score(x)
                candidates.append(x)
                fitness.append(f)
                paths.append(path)
                steps += path.length
            }
            cem!.tell(candidates, fitness: fitness)
            theta = cem!.bestSample!
        case .cmaes:
            while steps < batchSize {
                let generation = cmaes!.ask(using: &rng)
                var values: [Double] = []
                for x in generation {
                    let (path, f) = score(x)
                    values.append(-f)
                    paths.append(path)
                    steps += path.length
                }
                cmaes!.tell(generation, values: values)
            }
            theta = cmaes!.mean
        }
        iteration += 1
        return BatchIterationRecord(iteration: iteration, paths: paths.count, steps: steps,
                                    averageReturn: paths.reduce(0) { $0 + $1.undiscountedReturn } / Double(paths.count))
    }
}
