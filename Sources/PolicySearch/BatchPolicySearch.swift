import Control
import ExperimentKit

/// The batch algorithms of Duan et al. (2016) that sample paths with the current policy.
public enum BatchAlgorithm: Sendable, Equatable {
    case reinforce(learningRate: Double)
    case tnpg(NaturalPolicyGradient)
    case trpo(NaturalPolicyGradient)
    case erwr(RewardWeightedRegression)
    case reps(EpisodicREPS)

    public static let duanREINFORCE = BatchAlgorithm.reinforce(learningRate: DuanDefaults.reinforceLearningRate)
    /// TNPG and TRPO with the line search of rllab when Duan et al. (2016) ran (`LineSearchFailure.keepLastTrial`).
    public static let duanTNPG = BatchAlgorithm.tnpg(.tnpgDuan2016)
    public static let duanTRPO = BatchAlgorithm.trpo(.trpoDuan2016)
    public static let duanERWR = BatchAlgorithm.erwr(RewardWeightedRegression())
    public static let duanREPS = BatchAlgorithm.reps(EpisodicREPS())
}

/// One iteration's record: Duan et al.'s metric averages `averageReturn` over iterations.
public struct BatchIterationRecord: Sendable, Equatable {
    public var iteration: Int
    public var paths: Int
    public var steps: Int
    /// The mean undiscounted return of the iteration's paths (sampled before the update).
    public var averageReturn: Double

    public init(iteration: Int, paths: Int, steps: Int, averageReturn: Double) {
        self.iteration = iteration
        self.paths = paths
        self.steps = steps
        self.averageReturn = averageReturn
    }
}

/// rllab's `BatchPolopt.train` loop, one call of `iterate` per iteration:
///   1. sample whole paths with π_θ until `batchSize` steps (`sampleTrajectories`);
///   2. advantages with the baseline fitted on the previous batch (`PolicySamples(paths:…)`),
///      centred (and, for ERWR, shifted positive);
///   3. the algorithm's update of θ;
///   4. refit the linear baseline on this batch's returns-to-go.
/// Randomness: θ₀ from one stream and sampling from another, both derived from `seed` with
/// SplitMix64, so a run depends on its seed only.
public struct BatchPolicySearch<Environment: EpisodicEnvironment> {
    public let policy: PolicyNetwork
    public let algorithm: BatchAlgorithm
    public let batchSize: Int, maximumPathLength: Int
    public let gamma: Double, lambda: Double
    public private(set) var theta: [Double]
    public private(set) var baseline: LinearFeatureBaseline
    public private(set) var iteration = 0
    var environment: Environment
    var reinforce: REINFORCE?
    var samplingRNG: SeededGenerator

    /// Preconditions: positive sizes, γ ∈ [0, 1], λ ∈ [0, 1].
    public init(environment: Environment, algorithm: BatchAlgorithm, hiddenSizes: [Int], batchSize: Int,
                maximumPathLength: Int, gamma: Double = DuanDefaults.discount, lambda: Double = DuanDefaults.gaeLambda,
                initialLogStd: Double = 0, seed: UInt64) {
        precondition(batchSize > 0 && maximumPathLength > 0 && (0...1).contains(gamma) && (0...1).contains(lambda))
        policy = PolicyNetwork(observationLength: environment.observationLength, actionSet: environment.actionSet,
                               hiddenSizes: hiddenSizes)
        self.algorithm = algorithm
        self.batchSize = batchSize
        self.maximumPathLength = maximumPathLength
        self.gamma = gamma
        self.lambda = lambda
        self.environment = environment
        var streams = SplitMix64(state: seed)
        var initialization = SeededGenerator(seed: streams.next())
        samplingRNG = SeededGenerator(seed: streams.next())
        theta = policy.initialParameters(initialLogStd: initialLogStd, using: &initialization)
        baseline = LinearFeatureBaseline(observationLength: environment.observationLength)
        if case .reinforce(let rate) = algorithm { reinforce = REINFORCE(parameterCount: policy.parameterCount, learningRate: rate) }
    }

    /// One iteration (steps 1–4 above).
    public mutating func iterate() -> BatchIterationRecord {
        iterate { _, _ in }
    }

    /// One iteration, handing TNPG's and TRPO's local problem and update to `inspect` before the
    /// baseline is refitted (for diagnostics: the batch, the full step, the line search); other
    /// algorithms never call it. The iteration itself is unchanged.
    public mutating func iterate(inspecting inspect: (SurrogateProblem, NaturalPolicyGradient.Update) -> Void) -> BatchIterationRecord {
        let paths = sampleTrajectories(&environment, policy: policy, theta: theta, minimumSteps: batchSize,
                                       maximumLength: maximumPathLength, using: &samplingRNG)
        let transform: AdvantageTransform
        if case .erwr = algorithm { transform = .centeredThenPositive } else { transform = .centered }
        let samples = PolicySamples(paths: paths, baseline: baseline, gamma: gamma, lambda: lambda, transform: transform)
        switch algorithm {
        case .reinforce:
            reinforce!.update(policy: policy, theta: &theta, samples: samples)
        case .tnpg(let method), .trpo(let method):
            let problem = SurrogateProblem(policy: policy, samples: samples, oldTheta: theta)
            let update = method.update(problem)
            inspect(problem, update)
            theta = update.theta
        case .erwr(let method):
            method.update(policy: policy, theta: &theta, samples: samples)
        case .reps(let method):
            method.update(policy: policy, theta: &theta, paths: paths, gamma: gamma)
        }
        baseline.fit(paths: paths, returns: samples.returns)
        iteration += 1
        let steps = paths.reduce(0) { $0 + $1.length }
        return BatchIterationRecord(iteration: iteration, paths: paths.count, steps: steps,
                                    averageReturn: paths.reduce(0) { $0 + $1.undiscountedReturn } / Double(paths.count))
    }
}

extension BatchPolicySearch {
    /// On a classic-control task under its registered time limit.
    public init<Task: ClassicControl>(environment: Task, algorithm: BatchAlgorithm, hiddenSizes: [Int], batchSize: Int,
                                      maximumPathLength: Int, gamma: Double = DuanDefaults.discount,
                                      lambda: Double = DuanDefaults.gaeLambda, initialLogStd: Double = 0, seed: UInt64)
    where Environment == TimeLimited<Task> {
        self.init(environment: TimeLimited(environment), algorithm: algorithm, hiddenSizes: hiddenSizes, batchSize: batchSize,
                  maximumPathLength: maximumPathLength, gamma: gamma, lambda: lambda, initialLogStd: initialLogStd, seed: seed)
    }
}
