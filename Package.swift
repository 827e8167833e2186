// swift-tools-version:6.0
// One package: shared libraries, one executable target per experiment, a benchmark, tests.
import PackageDescription

/// MuJoCo's official library, installed into .deps/ by tools/install-mujoco.sh (`make deps`).
let mujocoLibrary = "\(Context.packageDirectory)/.deps/mujoco/lib"

/// The command-line parser every executable uses.
let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")

/// An experiment: the folder `experiments/<name>/` as one executable over the given libraries and the
/// shared experiment kit (its README and gnuplot scripts are not sources).
func experiment(_ name: String, _ libraries: [Target.Dependency], exclude: [String] = ["README.md", "plots.gp"]) -> Target {
    .executableTarget(name: name, dependencies: libraries + ["ExperimentKit", "OutputKit", "ExperimentCLI", argumentParser],
                      path: "experiments/\(name)", exclude: exclude)
}

/// The tests of an experiment: its executable target (imported with @testable) and the experiment kit.
func experimentTests(_ name: String, of experiment: String, _ libraries: [Target.Dependency] = ["Tabular"],
                     exclude: [String] = []) -> Target {
    .testTarget(name: name, dependencies: [.target(name: experiment)] + libraries + ["ExperimentKit", "OutputKit", "ExperimentCLI"],
                exclude: exclude)
}

/// The libraries, in dependency order.
let libraries: [Target] = [
    // The core every library may use: seeded random streams, statistics, optimisation (Nelder–Mead),
    // input errors. Nothing here writes a file.
    .target(name: "ExperimentKit"),
    // Running and recording an experiment: profiles, the trial runner and its progress line,
    // atomic CSV/LaTeX/manifest writing, verdict rules. Only experiments and tools use it.
    .target(name: "OutputKit", dependencies: ["ExperimentKit"]),
    // The options every experiment shares and the run-write-manifest driver.
    .target(name: "ExperimentCLI", dependencies: ["ExperimentKit", "OutputKit", argumentParser]),
    // The LU trailing update and dense-layer products, with run-time AVX2 variants (identical
    // arithmetic on every CPU).
    .target(name: "CKernels"),
    // Classic-control environments with Gymnasium 1.4.0's semantics, and the episodic
    // environment interface PPO trains on.
    .target(name: "Control", dependencies: ["ExperimentKit"]),
    // MuJoCo's C API (headers copied in by tools/install-mujoco.sh), linked to the pinned library.
    .target(
        name: "CMuJoCo",
        linkerSettings: [
            .linkedLibrary("mujoco"),
            .unsafeFlags(["-L\(mujocoLibrary)", "-Xlinker", "-rpath", "-Xlinker", mujocoLibrary]),
        ]
    ),
    // The MuJoCo tasks with Gymnasium 1.4.0's v5 semantics, simulated by MuJoCo itself.
    .target(name: "Locomotion", dependencies: ["Control", "ExperimentKit", "CMuJoCo"]),
    // MLPs, Adam, policy heads, running normalisation: no environment, no algorithm.
    .target(name: "Neural", dependencies: ["ExperimentKit", "CKernels"]),
    // PPO (Schulman et al. 2017) with the paper's four objectives, on any episodic environment.
    .target(name: "PPO", dependencies: ["Neural", "Control", "ExperimentKit", "CKernels"]),
    // The policy-search family benchmarked by Duan et al. (2016): REINFORCE, TNPG, TRPO, ERWR, REPS, CEM, CMA-ES.
    .target(name: "PolicySearch", dependencies: ["Neural", "Control", "Tabular", "ExperimentKit"]),
    // Off-policy deep RL: replay buffer, target networks, DQN and Double DQN, the value-estimate probe.
    .target(name: "OffPolicy", dependencies: ["Neural", "Control", "ExperimentKit"]),
    // Finite MDPs, policies, exact evaluation, divergences, bounds, Garnets, rollouts.
    .target(name: "Tabular", dependencies: ["ExperimentKit", "CKernels"]),
]

/// One executable per experiment, in claim order.
let experiments: [Target] = [
    // C1/C2: the performance difference lemma and the state-distribution mismatch.
    experiment("performance-difference", ["Tabular"]),
    // C3/C4: TRPO's bound, the expected-KL bound, CPO's bound.
    experiment("trpo-bounds", ["Tabular"]),
    // C5: the analytical update rule.
    experiment("analytical-update", ["Tabular"]),
    // C6–C8: REPS, SAC and PPO as special cases, soft PI, multi-agent updates.
    experiment("special-cases", ["Tabular"]),
    // Sanity learning runs of the suite's PPO on CartPole-v1 and Pendulum-v1.
    experiment("ppo-sanity", ["Neural", "PPO"]),
    // C9: clipped versus KL-penalised PPO, the PPO paper's Table 1 (classic control and MuJoCo).
    experiment("ppo-objectives", ["Neural", "PPO", "Control", "Locomotion"], exclude: ["README.md", "plots.gp", "sanity-mujoco.gp"]),
    // C10: Bellman operators, policy and value iteration, the loss bounds of greedy policies.
    experiment("bellman-bounds", ["Tabular"]),
    // C11: maximisation bias — the single and double estimators, Sutton & Barto's Example 6.7,
    // tabular Q-learning on noisy Garnets, DQN against Double DQN on CartPole-v1 and Acrobot-v1.
    experiment("double-q", ["Tabular", "OffPolicy", "Neural", "Control"]),
    // C12: conservative Q-learning — CQL's tabular fixed points, exactly and from sampled datasets.
    experiment("conservative-q", ["Tabular"]),
    // C13: implicit Q-learning — expectiles, the tabular fixed point, advantage-weighted extraction.
    experiment("implicit-q", ["Tabular"]),
    // C14: the KL-regularised RLHF optimum (Lemma 28), DPO against the two-stage route.
    experiment("preference-optimization", ["Tabular"]),
    // C15: Duan et al. (2016)'s benchmark — eight algorithms on classic control, its partially observable
    // variants and the locomotion tasks, as resumable trials.
    experiment("duan-benchmark", ["PolicySearch", "OffPolicy", "Control", "Locomotion"],
               exclude: ["README.md", "plots.gp", "paper-conclusions.csv"]),
    // C16: natural gradient and trust regions — the quadratic KL model, TRPO's line search, mean against maximum KL.
    experiment("natural-gradient", ["PolicySearch", "Neural", "Control"]),
    // C17: overestimation in actor-critics — DDPG, TD3 and TD3 without each ingredient, the critic's estimate
    // against Monte Carlo returns of its own policy, as resumable trials.
    experiment("actor-critic-overestimation", ["OffPolicy", "Neural", "Control", "Locomotion"]),
    // C18: maximum-entropy RL (SAC, its temperature, SAC against TD3, DDPG and PPO).
    experiment("max-entropy-rl", ["OffPolicy", "PPO", "Neural", "Control", "Locomotion"]),
    // C19: soft Q-learning — composability of maximum-entropy policies, the amortised SVGD sampler.
    experiment("soft-q-composition", ["Tabular", "Neural"]),
]

/// Tools and benchmarks.
let tools: [Target] = [
    // What the benchmarks share: child-process measurements (throughput, peak memory), timing.
    .target(name: "BenchmarkSupport", dependencies: ["ExperimentKit"], path: "Benchmarks/BenchmarkSupport"),
    // Turns results/<claim>/verdicts.csv into the report's LaTeX verdict table.
    .executableTarget(
        name: "suite-tables",
        dependencies: ["ExperimentKit", "OutputKit", .product(name: "CSV", package: "CSV.swift"), argumentParser],
        path: "tools/suite-tables"
    ),
    // Replays an action sequence in a classic-control or MuJoCo environment and prints the trajectory.
    .executableTarget(
        name: "control-replay",
        dependencies: ["Control", "Locomotion", "ExperimentKit", "OutputKit", argumentParser],
        path: "tools/control-replay"
    ),
    // Exact-evaluation throughput, compared with NumPy (tools/bench_numpy.py) in the same run.
    .executableTarget(
        name: "tabular-benchmark",
        dependencies: ["Tabular", "ExperimentKit", "OutputKit", argumentParser],
        path: "Benchmarks/tabular-benchmark"
    ),
    // PPO throughput and memory, compared with Stable-Baselines3 (tools/bench_sb3.py) in the same run.
    .executableTarget(
        name: "ppo-benchmark",
        dependencies: ["BenchmarkSupport", "Neural", "PPO", "Control", "Locomotion", "ExperimentKit", "OutputKit", argumentParser],
        path: "Benchmarks/ppo-benchmark"
    ),
    // TRPO throughput and memory, compared with sb3-contrib's TRPO (tools/bench_sb3_trpo.py) in the same run.
    .executableTarget(
        name: "trpo-benchmark",
        dependencies: ["BenchmarkSupport", "PolicySearch", "Neural", "Control", "Locomotion", "ExperimentKit", "OutputKit", argumentParser],
        path: "Benchmarks/trpo-benchmark"
    ),
    // SAC, TD3 and DDPG throughput, compared with Stable-Baselines3 (tools/bench_sb3_offpolicy.py) in the same run.
    .executableTarget(
        name: "offpolicy-benchmark",
        dependencies: ["BenchmarkSupport", "OffPolicy", "Neural", "Control", "Locomotion", "ExperimentKit", "OutputKit", argumentParser],
        path: "Benchmarks/offpolicy-benchmark"
    ),
]

/// The tests: libraries first, then one target per experiment.
let tests: [Target] = [
    // What several test targets share: finite differences, gradient assertions.
    .target(name: "TestSupport", path: "Tests/TestSupport"),
    .testTarget(name: "ExperimentKitTests", dependencies: ["ExperimentKit", "OutputKit"]),
    .testTarget(name: "ExperimentCLITests", dependencies: ["ExperimentCLI", "ExperimentKit", "OutputKit",
                                                           argumentParser]),
    .testTarget(name: "TabularTests", dependencies: ["Tabular", "ExperimentKit", "CKernels", "TestSupport"]),
    .testTarget(name: "NeuralTests", dependencies: ["Neural", "ExperimentKit", "CKernels", "TestSupport"], exclude: ["Fixtures"]),
    .testTarget(name: "PPOTests", dependencies: ["PPO", "Neural", "Control", "ExperimentKit", "TestSupport"]),
    .testTarget(name: "ControlTests", dependencies: ["Control"], exclude: ["Fixtures"]),
    .testTarget(name: "LocomotionTests", dependencies: ["Locomotion", "Control", "ExperimentKit"], exclude: ["Fixtures"]),
    .testTarget(name: "PolicySearchTests", dependencies: ["PolicySearch", "Neural", "Control", "Tabular", "ExperimentKit", "TestSupport"]),
    .testTarget(name: "OffPolicyTests", dependencies: ["OffPolicy", "Neural", "Control", "ExperimentKit", "CKernels", "TestSupport"]),
    experimentTests("PerformanceDifferenceTests", of: "performance-difference"),
    experimentTests("TRPOBoundsTests", of: "trpo-bounds", exclude: ["Fixtures"]),
    experimentTests("AnalyticalUpdateTests", of: "analytical-update"),
    experimentTests("SpecialCasesTests", of: "special-cases"),
    experimentTests("PPOObjectivesTests", of: "ppo-objectives", ["Locomotion"]),
    experimentTests("BellmanBoundsTests", of: "bellman-bounds", exclude: ["Fixtures"]),
    experimentTests("DoubleQTests", of: "double-q", ["Tabular", "OffPolicy"], exclude: ["Fixtures"]),
    experimentTests("ConservativeQTests", of: "conservative-q", exclude: ["Fixtures"]),
    experimentTests("ImplicitQTests", of: "implicit-q", exclude: ["Fixtures"]),
    experimentTests("PreferenceOptimizationTests", of: "preference-optimization", exclude: ["Fixtures"]),
    experimentTests("DuanBenchmarkTests", of: "duan-benchmark", ["PolicySearch", "Control"]),
    experimentTests("NaturalGradientTests", of: "natural-gradient", ["PolicySearch", "Neural"], exclude: ["Fixtures"]),
    experimentTests("ActorCriticOverestimationTests", of: "actor-critic-overestimation", ["OffPolicy", "Neural", "Control"]),
    experimentTests("MaxEntropyRLTests", of: "max-entropy-rl", ["OffPolicy", "Neural", "Control"]),
    experimentTests("SoftQCompositionTests", of: "soft-q-composition", ["Tabular", "Neural"]),
]

let package = Package(
    name: "PolicyOptimizationTheory",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Tabular", targets: ["Tabular"]),
        .library(name: "ExperimentKit", targets: ["ExperimentKit"]),
        .library(name: "OutputKit", targets: ["OutputKit"]),
        .library(name: "PPO", targets: ["PPO"]),
        .library(name: "Control", targets: ["Control"]),
        .library(name: "Neural", targets: ["Neural"]),
        .library(name: "PolicySearch", targets: ["PolicySearch"]),
        .library(name: "OffPolicy", targets: ["OffPolicy"]),
    ] + (experiments + tools).filter { $0.type == .executable }.map { .executable(name: $0.name, targets: [$0.name]) },
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.0"),
    ],
    targets: libraries + experiments + tools + tests
)
