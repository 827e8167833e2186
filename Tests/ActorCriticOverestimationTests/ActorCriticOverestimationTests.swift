import XCTest
import Control
import ExperimentCLI
import ExperimentKit
import OutputKit
@testable import OffPolicy
@testable import actor_critic_overestimation

/// C17, overestimation in actor-critics (Fujimoto et al. 2018): the bias computation, the ablation
/// switches, determinism, the scale-out path, and the verdict rules on hand-made biases both ways.
final class ActorCriticOverestimationTests: XCTestCase {
    func temporaryFolder(_ label: String) throws -> OutputDirectory {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("aco-\(label)-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return try OutputDirectory(path: url.path)
    }

    // MARK: the bias

    /// Two hand-made probe episodes: the bias pools every scored step, so the longer episode weighs more.
    /// Episode 1: Q = (3, 1), G = (2, 2) → Q − G = (1, −1). Episode 2 (terminated): Q = (10,), G = (4,) → 6.
    /// Pooled over 3 steps: mean Q = 14/3, mean G = 8/3, bias = 6/3 = 2 (not the mean of the per-episode
    /// biases, (0 + 6)/2 = 3).
    func testTheBiasPoolsTheScoredStepsOfEveryEpisode() {
        let e1 = ValueEstimateProbe.Episode(predicted: [3, 1], returns: [2, 2], length: 40, terminated: false, registeredReturn: -5)
        let e2 = ValueEstimateProbe.Episode(predicted: [10], returns: [4], length: 1, terminated: true, registeredReturn: 4)
        let s = ValueEstimateProbe.Summary([e1, e2])
        XCTAssertEqual(s.meanPredicted, 14.0 / 3, accuracy: 1e-15)
        XCTAssertEqual(s.meanReturn, 8.0 / 3, accuracy: 1e-15)
        XCTAssertEqual(s.bias, 2, accuracy: 1e-15)
        XCTAssertEqual(s.scoredSteps, 3)
        XCTAssertEqual(s.meanRegisteredReturn, -0.5)
        XCTAssertEqual(s.terminatedEpisodes, 1)
    }

    /// The probe on a real learner: `G_t` are the discounted returns of the episode's own rewards, the
    /// predicted values are the learner's `Q₁(s_t, μ(s_t))`, and the summary's bias is their mean difference.
    func testTheProbeScoresTheLearnersOwnCriticAgainstItsOwnReturns() throws {
        let config = Configuration.forProfile(.smoke)
        let c = config.agent(Tasks.pendulum, .td3)
        var env = TimeLimited(Pendulum())
        guard case .box(let low, let high) = env.actionSet else { return XCTFail("box actions") }
        let learner = try DeterministicActorCritic(configuration: c, observationLength: env.observationLength, low: low, high: high, seed: 9)
        let e = ValueEstimateProbe.run(learner, environment: &env, seed: 4, discount: c.discount, scoredSteps: 200, tailSteps: 50, registeredLimit: 200)
        XCTAssertEqual(e.predicted.count, 200)
        XCTAssertEqual(e.length, 250)
        var replay = TimeLimited(Pendulum())
        var observation = replay.reset(seed: 4)
        var rewards: [Double] = [], predicted: [Double] = []
        for _ in 0..<250 {
            let a = learner.evaluationAction(observation)
            if predicted.count < 200 { predicted.append(learner.valueEstimate(observation, action: a)) }
            let s = replay.step(a)
            rewards.append(s.reward)
            observation = s.observation
        }
        XCTAssertEqual(e.predicted, predicted)
        XCTAssertEqual(e.returns, Array(ValueEstimateProbe.discountedReturns(rewards, discount: c.discount).prefix(200)))
        let s = ValueEstimateProbe.Summary([e])
        XCTAssertEqual(s.bias, zip(predicted, e.returns).map { $0 - $1 }.reduce(0, +) / 200, accuracy: 1e-9)
    }

    /// The window is the second half of training, fixed in the configuration: checkpoints with step > T/2.
    func testTheWindowIsTheSecondHalfOfTraining() {
        let config = Configuration.forProfile(.standard)
        let steps = config.checkpointSteps(Tasks.pendulum)
        XCTAssertEqual(steps.count, 10)
        XCTAssertEqual(steps.last, config.totalSteps[Tasks.pendulum])
        XCTAssertEqual(steps.filter { config.inWindow(Tasks.pendulum, step: $0) }.count, 5)
        let file = TrialFile(task: Tasks.pendulum, variant: Variant.td3.rawValue, seed: 0, masterSeed: 1, codeHash: "x",
                             checkpoints: steps.map { Checkpoint(step: $0, meanPredictedQ: Double($0), meanReturn: 0, bias: Double($0), scoredSteps: 1,
                                                                 evaluationReturn: 0, terminatedEpisodes: 0, tailBound: nil) },
                             trainingEpisodes: 1, steps: steps.last!, seconds: 0)
        let w = Findings(config: config, masterSeed: 1, files: [:], complete: false).window(file).bias
        XCTAssertEqual(w, Statistics.mean(steps.suffix(5).map(Double.init)))
    }

    // MARK: the ablation switches

    /// Each variant switches exactly its ingredients off (`TD3.ablation`) and nothing else: DDPG is TD3's
    /// settings with all three off (one critic, d = 1, no smoothing).
    func testEachVariantRemovesExactlyItsIngredient() {
        let config = Configuration.forProfile(.paper)
        let expected: [Variant: (twin: Bool, delay: Int, smoothing: Bool)] = [
            .ddpg: (false, 1, false), .td3: (true, 2, true), .td3NoClippedDoubleQ: (false, 2, true),
            .td3NoDelayedUpdates: (true, 1, true), .td3NoTargetSmoothing: (true, 2, false),
        ]
        let td3 = config.agent(Tasks.hopper, .td3)
        XCTAssertEqual(td3.actorHiddenSizes, [400, 300])
        XCTAssertEqual(td3.batchSize, 100)
        XCTAssertEqual(td3.targetSmoothing, TargetPolicySmoothing(standardDeviation: 0.2, clip: 0.5))
        for v in Variant.allCases {
            let c = config.agent(Tasks.hopper, v)
            XCTAssertEqual(c.twinCritics, expected[v]!.twin, v.rawValue)
            XCTAssertEqual(c.policyDelay, expected[v]!.delay, v.rawValue)
            XCTAssertEqual(c.targetSmoothing != nil, expected[v]!.smoothing, v.rawValue)
            var same = c
            same.twinCritics = td3.twinCritics
            same.policyDelay = td3.policyDelay
            same.targetSmoothing = td3.targetSmoothing
            XCTAssertEqual(same, td3, "\(v.rawValue) differs from TD3 beyond its ingredients")
        }
        XCTAssertEqual(config.agent(Tasks.halfCheetah, .td3).loop.learningStarts, 10_000)
        XCTAssertEqual(config.agent(Tasks.pendulum, .td3).loop.totalSteps, 20_000)
    }

    /// The switches change the computation: every variant's code hash differs, and the learners of one
    /// seed start from the same actor (paired by seed).
    func testTheVariantsComputeDifferentlyFromTheSameStart() throws {
        let config = Configuration.forProfile(.smoke)
        let hashes = try ActorCriticOverestimation.codeHashes(config)
        let perVariant = Set(config.trials.filter { $0.task == Tasks.pendulum && $0.seed == 0 }.map { hashes[$0]! })
        XCTAssertEqual(perVariant.count, Variant.allCases.count)
        let env = TimeLimited(Pendulum())
        guard case .box(let low, let high) = env.actionSet else { return XCTFail("box actions") }
        let actors = try Variant.allCases.map {
            try DeterministicActorCritic(configuration: config.agent(Tasks.pendulum, $0), observationLength: 3, low: low, high: high, seed: 5).phi
        }
        XCTAssert(actors.allSatisfy { $0 == actors[0] })
    }

    // MARK: determinism and the scale-out path

    func testSmokeOutputIsTheSameForOneAndTwoThreads() throws {
        XCTAssertEqual(try ActorCriticOverestimation.filesDifferingAcrossThreadCounts(.forProfile(.smoke), masterSeed: 5), [])
    }

    /// The trials run one by one in reverse order and merged give the same bytes as one `run`; a partial
    /// merge says it is partial.
    func testTrialsThenMergeEqualOneRun() throws {
        let config = Configuration.forProfile(.smoke)
        let whole = try ActorCriticOverestimation.run(config: config, masterSeed: 7, threads: 2, output: try temporaryFolder("run")).renderedFiles()
        let split = try temporaryFolder("split")
        let store = try TrialStore<ActorCriticOverestimation>(output: split, configuration: config, masterSeed: 7)
        for t in config.trials.reversed() { try store.run(t, config, masterSeed: 7) }
        let merged = ActorCriticOverestimation.recorded(try ActorCriticOverestimation.merge(config, masterSeed: 7, output: split), config,
                                                        context: RunContext(masterSeed: 7, threads: 1, output: split))
        XCTAssertEqual(try merged.renderedFiles(), whole)
        XCTAssert(whole["macros.tex"]!.contains("\\newcommand{\\acoComplete}{complete}"))
        // Remove one task's trials: the merge is partial and says so.
        for t in config.trials where t.task == Tasks.hopper { split.remove("trials/" + store.name(t)) }
        let partial = try ActorCriticOverestimation.merge(config, masterSeed: 7, output: split).renderedFiles()
        XCTAssert(partial["macros.tex"]!.contains("\\newcommand{\\acoComplete}{partial}"))
        XCTAssertFalse(partial["summary.csv"]!.contains(Tasks.hopper))
    }

    func testATrialFileOfAnotherComputationIsRefused() throws {
        let config = Configuration.forProfile(.smoke)
        let store = try TrialStore<ActorCriticOverestimation>(output: try temporaryFolder("stale"), configuration: config, masterSeed: 3)
        let t = config.trials[0]
        try store.run(t, config, masterSeed: 3)
        var file = store.load(t)!
        file.codeHash = "0"
        try store.save(file, for: t)
        XCTAssertThrowsError(try store.reusable(t))
    }

    func testTrialNamesAreUniqueAndFileSafe() {
        let config = Configuration.forProfile(.paper)
        let names = config.trials.map(ActorCriticOverestimation.trialName)
        XCTAssertEqual(Set(names).count, 3 * 5 * 5)
        XCTAssert(names.allSatisfy { $0.allSatisfy { $0.isLetter || $0.isNumber || "-._=".contains($0) } })
    }

    func testAnUnknownTaskIsRefusedByName() {
        XCTAssertThrowsError(try Tasks.make("CartPole-v1")) { error in
            XCTAssert("\(error)".contains("task"), "\(error)")
        }
    }

    // MARK: the rules on hand-made biases

    /// Hand-made trial files: every checkpoint of (task, variant, seed k) has bias `base(task, variant) + spread·(k − 2)`.
    func findings(seeds: Int = 5, spread: Double = 0.5, _ base: (String, Variant, Int) -> Double) -> Findings {
        var config = Configuration.forProfile(.smoke)
        config.seeds = seeds
        config.bootstrapReplicates = 500
        var files: [Trial: TrialFile] = [:]
        for t in config.trials {
            let b = base(t.task, t.variant, t.seed) + spread * Double(t.seed - 2)
            let cs = config.checkpointSteps(t.task).map {
                Checkpoint(step: $0, meanPredictedQ: b - 100, meanReturn: -100, bias: b, scoredSteps: 10, evaluationReturn: -100,
                           terminatedEpisodes: 0, tailBound: nil)
            }
            files[t] = TrialFile(task: t.task, variant: t.variant.rawValue, seed: t.seed, masterSeed: 1, codeHash: "x", checkpoints: cs,
                                 trainingEpisodes: 3, steps: 600, seconds: 0)
        }
        return Findings(config: config, masterSeed: 1, files: files, complete: true)
    }

    func verdicts(_ f: Findings) -> [String: VerdictKind] {
        var f = f
        _ = f.output()
        return Dictionary(uniqueKeysWithValues: f.verdicts.map { ($0.id, $0.verdict) })
    }

    /// Fujimoto et al.'s picture: DDPG overestimates by 40, TD3 slightly underestimates, removing clipped
    /// double Q brings back most of DDPG's bias, the other two ingredients change little. C17.1–C17.5 and
    /// C17.8–C17.9 confirm; C17.6–C17.7 (no effect of the other two) are inconclusive.
    func testTheRulesConfirmThePapersPicture() {
        let bias: [Variant: Double] = [.ddpg: 40, .td3: -3, .td3NoClippedDoubleQ: 35, .td3NoDelayedUpdates: -3, .td3NoTargetSmoothing: -3]
        let v = verdicts(findings { _, variant, seed in bias[variant]! + (variant == .td3NoDelayedUpdates || variant == .td3NoTargetSmoothing ? [0.3, -0.2, 0.1, -0.4, 0.2][seed] : 0) })
        for id in ["C17.1", "C17.2", "C17.3", "C17.4", "C17.5", "C17.8", "C17.9"] { XCTAssertEqual(v[id], .confirmed, id) }
        XCTAssertEqual(v["C17.6"], .inconclusive)
        XCTAssertEqual(v["C17.7"], .inconclusive)
    }

    /// The opposite picture refutes each rule; different pictures per task give partly confirmed; with
    /// two seeds no interval exists and every rule is inconclusive.
    func testTheRulesRefuteAndStayInconclusiveWhereTheyShould() {
        let bias: [Variant: Double] = [.ddpg: -20, .td3: 15, .td3NoClippedDoubleQ: -5, .td3NoDelayedUpdates: 5, .td3NoTargetSmoothing: 5]
        let v = verdicts(findings { _, variant, _ in bias[variant]! })
        for id in (1...9).map({ "C17.\($0)" }) { XCTAssertEqual(v[id], .refuted, id) }

        let mixed = verdicts(findings { task, variant, _ in task == Tasks.pendulum ? (variant == .ddpg ? 40 : 0) : (variant == .ddpg ? -40 : 0) })
        XCTAssertEqual(mixed["C17.1"], .partlyConfirmed)

        // Removing most: TD3 at 0.6 of DDPG's bias lowers it (C17.2) without removing most of it (C17.3 refuted).
        let some = verdicts(findings { _, variant, _ in variant == .ddpg ? 40 : 24 })
        XCTAssertEqual(some["C17.2"], .confirmed)
        XCTAssertEqual(some["C17.3"], .refuted)

        let few = verdicts(findings(seeds: 2) { _, variant, _ in variant == .ddpg ? 40 : 0 })
        for id in (1...9).map({ "C17.\($0)" }) { XCTAssertEqual(few[id], .inconclusive, id) }
    }
}
