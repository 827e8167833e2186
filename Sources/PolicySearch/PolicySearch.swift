/// # PolicySearch
///
/// The on-policy and gradient-free algorithms benchmarked by Duan, Chen, Houthooft, Schulman &
/// Abbeel, "Benchmarking Deep Reinforcement Learning for Continuous Control" (ICML 2016), written
/// after their reference implementation, rllab (github.com/rll/rllab, read at commit ba78e4c):
/// facts taken from it, not code. DDPG, the ninth algorithm of their table, is off-policy and lives
/// with the other off-policy learners.
///
/// | file | holds |
/// | --- | --- |
/// | `PolicyNetwork.swift` | π_θ(a\|s): an MLP (`Neural`) to Gaussian means (state-independent log σ) or categorical logits |
/// | `Trajectory.swift` | paths, whole-path batch sampling, rllab's `process_samples` (advantages, returns-to-go, centring) |
/// | `LinearFeatureBaseline.swift` | rllab's baseline: ridge regression on [o, o², t, t², t³, 1] |
/// | `REINFORCE.swift` | the REINFORCE gradient and VPG's Adam step |
/// | `SurrogateProblem.swift` | L(θ), mean KL, and exact Fisher-vector products Jᵀ M J v |
/// | `ConjugateGradient.swift` | CG for (F + λI) x = g |
/// | `NaturalPolicyGradient.swift` | TNPG and TRPO: step √(2δ/gᵀF⁻¹g), rllab's backtracking line search |
/// | `WeightedMaximumLikelihood.swift` | the weighted M-step and ERWR (rllab's reward-weighted regression) |
/// | `EpisodicREPS.swift` | sample-based episodic REPS through its dual in η |
/// | `LBFGS.swift` | the L-BFGS that fits ERWR's and REPS's policies |
/// | `CrossEntropyMethod.swift` | CEM with decaying extra noise |
/// | `CMAES.swift` | CMA-ES after Hansen's 2016 tutorial, and a Jacobi eigensolver |
/// | `BatchPolicySearch.swift` | one batch iteration (sample, estimate, update, refit the baseline) for REINFORCE, TNPG, TRPO, ERWR, REPS |
///
/// Duan et al.'s metric is the average, over all training iterations, of the average undiscounted
/// return of the iteration's paths (so it rewards learning fast as well as well); every
/// `BatchPolicySearch.iterate` reports its iteration's average for that purpose.

/// Hyperparameters of Duan et al. (2016) as named defaults. Each says where it was read. "rllab"
/// means the default in rllab's source (rll/rllab, commit ba78e4c), which the paper's experiments
/// ran; values the paper's text or appendix gives per task (batch size, iterations, network sizes)
/// are taken from the summary of the paper and flagged "paper (not re-read here)": the
/// appendix could not be read while this was written, so an experiment should confirm them.
public enum DuanDefaults {
    /// δ, the mean-KL bound of TNPG and TRPO: 0.01 (rllab `NPO.step_size`; the paper's value per the issue).
    public static let klStepSize = 0.01
    /// Conjugate-gradient iterations: 10 (rllab `ConjugateGradientOptimizer.cg_iters`).
    public static let cgIterations = 10
    /// Damping λ of F + λI: 10⁻⁵ (rllab `ConjugateGradientOptimizer.reg_coeff`).
    public static let cgDamping = 1e-5
    /// Line-search shrink factor: 0.8 (rllab `backtrack_ratio`).
    public static let backtrackRatio = 0.8
    /// Line-search trials for TRPO: 15 (rllab `max_backtracks`; TNPG sets 1).
    public static let maximumBacktracks = 15
    /// Discount γ = 0.99 (rllab `BatchPolopt.discount`).
    public static let discount = 0.99
    /// GAE λ = 1, i.e. plain reward-to-go minus baseline (rllab `BatchPolopt.gae_lambda`).
    public static let gaeLambda = 1.0
    /// Adam's learning rate for REINFORCE: 10⁻³ (rllab `FirstOrderOptimizer.learning_rate`; the
    /// paper tuned REINFORCE's step size per task, which this default does not).
    public static let reinforceLearningRate = 1e-3
    /// L-BFGS iterations of ERWR's weighted fit: 20 (rllab `LbfgsOptimizer.max_opt_itr`).
    public static let erwrLBFGSIterations = 20
    /// REPS's KL bound ε: 0.5 (rllab `REPS.epsilon`).
    public static let repsEpsilon = 0.5
    /// L-BFGS iterations of REPS's weighted fit: 50 (rllab `REPS.max_opt_itr`).
    public static let repsLBFGSIterations = 50
    /// CEM samples per iteration: 100 (rllab `CEM.n_samples`).
    public static let cemPopulationSize = 100
    /// CEM elite fraction: 0.05 (rllab `CEM.best_frac`).
    public static let cemEliteFraction = 0.05
    /// CEM's extra standard deviation: 1 (rllab `CEM.extra_std`), decaying linearly to 0 over
    /// 100 iterations (rllab `CEM.extra_decay_time`).
    public static let cemExtraStandardDeviation = 1.0
    public static let cemExtraDecayIterations = 100
    /// CMA-ES's σ₀: 1 (rllab `CMAES.sigma0`); rllab's CMA-ES (`cma_es_lib`, Hansen's `cma.py`)
    /// otherwise uses Hansen's defaults, as `CMAES` here.
    public static let cmaesInitialSigma = 1.0
    /// Hidden layers of the policy: 32-32 tanh for the basic tasks and 100-50-25 tanh for the
    /// locomotion tasks (paper (not re-read here), per the issue).
    public static let basicHiddenSizes = [32, 32]
    public static let locomotionHiddenSizes = [100, 50, 25]
    /// Paths per batch in steps and the path cap: rllab's defaults 5000 and 500
    /// (`BatchPolopt.batch_size`, `max_path_length`); the paper's per-task values (paper (not re-read
    /// here)) override them.
    public static let batchSize = 5000
    public static let maximumPathLength = 500
}
