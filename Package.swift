// swift-tools-version:6.0
// One package: shared libraries, one executable target per experiment, a benchmark, tests.
import PackageDescription

/// MuJoCo's official library, installed into .deps/ by tools/install-mujoco.sh (`make deps`).
let mujocoLibrary = "\(Context.packageDirectory)/.deps/mujoco/lib"

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
        .library(name: "OffPolicy", targets: ["OffPolicy"]),
        .executable(name: "performance-difference", targets: ["performance-difference"]),
        .executable(name: "trpo-bounds", targets: ["trpo-bounds"]),
        .executable(name: "analytical-update", targets: ["analytical-update"]),
        .executable(name: "special-cases", targets: ["special-cases"]),
        .executable(name: "ppo-sanity", targets: ["ppo-sanity"]),
        .executable(name: "ppo-objectives", targets: ["ppo-objectives"]),
        .executable(name: "bellman-bounds", targets: ["bellman-bounds"]),
        .executable(name: "implicit-q", targets: ["implicit-q"]),
        .executable(name: "conservative-q", targets: ["conservative-q"]),
        .executable(name: "preference-optimization", targets: ["preference-optimization"]),
        .executable(name: "duan-benchmark", targets: ["duan-benchmark"]),
        .executable(name: "suite-tables", targets: ["suite-tables"]),
        .executable(name: "control-replay", targets: ["control-replay"]),
        .executable(name: "tabular-benchmark", targets: ["tabular-benchmark"]),
        .executable(name: "ppo-benchmark", targets: ["ppo-benchmark"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.0"),
    ],
    targets: [
        // The core every library may use: seeded random streams, statistics, optimisation (Nelder–Mead),
        // input errors. Nothing here writes a file.
        .target(name: "ExperimentKit"),
        // Running and recording an experiment: profiles, the trial runner and its progress line,
        // atomic CSV/LaTeX/manifest writing, verdict rules. Only experiments and tools use it.
        .target(name: "OutputKit", dependencies: ["ExperimentKit"]),
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
        // Off-policy deep RL: replay buffer, target networks, DQN and Double DQN, the value-estimate probe.
        .target(name: "OffPolicy", dependencies: ["Neural", "Control", "ExperimentKit"]),
        // The policy-search family benchmarked by Duan et al. (2016): REINFORCE, TNPG, TRPO, ERWR, REPS, CEM, CMA-ES.
        .target(name: "PolicySearch", dependencies: ["Neural", "Control", "Tabular", "ExperimentKit"]),
        .testTarget(name: "PolicySearchTests", dependencies: ["PolicySearch", "Neural", "Control", "Tabular", "ExperimentKit", "TestSupport"]),
        // Finite MDPs, policies, exact evaluation, divergences, bounds, Garnets, rollouts.
        .target(name: "Tabular", dependencies: ["ExperimentKit", "CKernels"]),
        // Experiment C1/C2: the performance difference lemma and the state-distribution mismatch.
        .executableTarget(
            name: "performance-difference",
            dependencies: [
                "Tabular", "ExperimentKit", "OutputKit", "ExperimentCLI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "experiments/performance-difference",
            exclude: ["README.md", "plots.gp"]
        ),
        // The options every experiment shares and the run-write-manifest driver.
        .target(
            name: "ExperimentCLI",
            dependencies: ["ExperimentKit", "OutputKit", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Experiment C3/C4: TRPO's bound, the expected-KL bound, CPO's bound.
        .executableTarget(
            name: "trpo-bounds",
            dependencies: [
                "Tabular", "ExperimentKit", "OutputKit", "ExperimentCLI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "experiments/trpo-bounds",
            exclude: ["README.md", "plots.gp"]
        ),
        // Experiment C5: the analytical update rule.
        .executableTarget(
            name: "analytical-update",
            dependencies: [
                "Tabular", "ExperimentKit", "OutputKit", "ExperimentCLI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "experiments/analytical-update",
            exclude: ["README.md", "plots.gp"]
        ),
        // Experiment C6-C8: REPS, SAC and PPO as special cases, soft PI, multi-agent updates.
        .executableTarget(
            name: "special-cases",
            dependencies: [
                "Tabular", "ExperimentKit", "OutputKit", "ExperimentCLI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "experiments/special-cases",
            exclude: ["README.md", "plots.gp"]
        ),
        // Sanity learning runs of the suite's PPO on CartPole-v1 and Pendulum-v1.
        .executableTarget(
            name: "ppo-sanity",
            dependencies: [
                "Neural", "PPO", "ExperimentKit", "OutputKit", "ExperimentCLI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "experiments/ppo-sanity",
            exclude: ["README.md", "plots.gp"]
        ),
        // Experiment C9: clipped versus KL-penalised PPO, the PPO paper's Table 1 (classic control and MuJoCo).
        .executableTarget(
            name: "ppo-objectives",
            dependencies: [
                "Neural", "PPO", "Control", "Locomotion", "ExperimentKit", "OutputKit", "ExperimentCLI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "experiments/ppo-objectives",
            exclude: ["README.md", "plots.gp", "sanity-mujoco.gp"]
        ),
        // Experiment C10: Bellman operators, policy and value iteration, the loss bounds of greedy policies.
        .executableTarget(
            name: "bellman-bounds",
            dependencies: [
                "Tabular", "ExperimentKit", "OutputKit", "ExperimentCLI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "experiments/bellman-bounds",
            exclude: ["README.md", "plots.gp"]
        ),
        // Experiment C13: implicit Q-learning — expectiles, the tabular fixed point, advantage-weighted extraction.
        .executableTarget(
            name: "implicit-q",
            dependencies: [
                "Tabular", "ExperimentKit", "OutputKit", "ExperimentCLI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "experiments/implicit-q",
            exclude: ["README.md", "plots.gp"]
        ),
        // Experiment C12: conservative Q-learning — CQL's tabular fixed points, exactly and from sampled datasets.
        .executableTarget(
            name: "conservative-q",
            dependencies: [
                "Tabular", "ExperimentKit", "OutputKit", "ExperimentCLI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "experiments/conservative-q",
            exclude: ["README.md", "plots.gp"]
        ),
        // Experiment C14: the KL-regularised RLHF optimum (Lemma 28), DPO against the two-stage route.
        .executableTarget(
            name: "preference-optimization",
            dependencies: [
                "Tabular", "ExperimentKit", "OutputKit", "ExperimentCLI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "experiments/preference-optimization",
            exclude: ["README.md", "plots.gp"]
        ),
        // Experiment C15: Duan et al. (2016)'s benchmark of policy-search algorithms, with partially observable variants.
        .executableTarget(
            name: "duan-benchmark",
            dependencies: [
                "PolicySearch", "OffPolicy", "Control", "Locomotion", "ExperimentKit", "OutputKit", "ExperimentCLI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "experiments/duan-benchmark",
            exclude: ["README.md", "plots.gp", "paper-conclusions.csv"]
        ),
        // Turns results/<claim>/verdicts.csv into the report's LaTeX verdict table.
        .executableTarget(
            name: "suite-tables",
            dependencies: [
                "ExperimentKit", "OutputKit",
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "tools/suite-tables"
        ),
        // Replays an action sequence in a classic-control or MuJoCo environment and prints the trajectory.
        .executableTarget(
            name: "control-replay",
            dependencies: ["Control", "Locomotion", "ExperimentKit", "OutputKit", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "tools/control-replay"
        ),
        // Exact-evaluation throughput, compared with NumPy (tools/bench_numpy.py) in the same run.
        .executableTarget(
            name: "tabular-benchmark",
            dependencies: [
                "Tabular", "ExperimentKit", "OutputKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/tabular-benchmark"
        ),
        // PPO throughput and memory, compared with Stable-Baselines3 (tools/bench_sb3.py) in the same run.
        .executableTarget(
            name: "ppo-benchmark",
            dependencies: [
                "Neural", "PPO", "Control", "Locomotion", "ExperimentKit", "OutputKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/ppo-benchmark"
        ),
        // What several test targets share: finite differences, gradient assertions.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "ExperimentKitTests", dependencies: ["ExperimentKit", "OutputKit"]),
        .testTarget(name: "TabularTests", dependencies: ["Tabular", "ExperimentKit", "CKernels", "TestSupport"]),
        .testTarget(name: "NeuralTests", dependencies: ["Neural", "ExperimentKit", "CKernels", "TestSupport"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "PPOTests", dependencies: ["PPO", "Neural", "Control", "ExperimentKit", "TestSupport"]),
        .testTarget(name: "PPOObjectivesTests", dependencies: ["ppo-objectives", "ExperimentKit", "OutputKit", "ExperimentCLI", "Locomotion"]),
        .testTarget(name: "ControlTests", dependencies: ["Control"], exclude: ["Fixtures"]),
        .testTarget(name: "LocomotionTests", dependencies: ["Locomotion", "Control", "ExperimentKit"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "SpecialCasesTests", dependencies: ["special-cases", "Tabular", "ExperimentKit", "OutputKit", "ExperimentCLI"]),
        .testTarget(name: "AnalyticalUpdateTests", dependencies: ["analytical-update", "Tabular", "ExperimentKit", "OutputKit", "ExperimentCLI"]),
        .testTarget(name: "TRPOBoundsTests", dependencies: ["trpo-bounds", "Tabular", "ExperimentKit", "OutputKit", "ExperimentCLI"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "BellmanBoundsTests", dependencies: ["bellman-bounds", "Tabular", "ExperimentKit", "OutputKit", "ExperimentCLI"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "OffPolicyTests", dependencies: ["OffPolicy", "Neural", "Control", "ExperimentKit", "TestSupport"]),
        .testTarget(name: "ImplicitQTests", dependencies: ["implicit-q", "Tabular", "ExperimentKit", "OutputKit", "ExperimentCLI"]),
        .testTarget(name: "ConservativeQTests", dependencies: ["conservative-q", "Tabular", "ExperimentKit", "OutputKit", "ExperimentCLI"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "PreferenceOptimizationTests",
                    dependencies: ["preference-optimization", "Tabular", "ExperimentKit", "OutputKit", "ExperimentCLI"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "DuanBenchmarkTests", dependencies: ["duan-benchmark", "PolicySearch", "Control", "ExperimentKit", "OutputKit", "ExperimentCLI"]),
        .testTarget(
            name: "PerformanceDifferenceTests",
            dependencies: ["performance-difference", "Tabular", "ExperimentKit", "OutputKit", "ExperimentCLI"]
        ),
    ]
)
