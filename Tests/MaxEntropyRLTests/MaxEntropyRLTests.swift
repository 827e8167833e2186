import Control
import ExperimentCLI
import ExperimentKit
import Foundation
import Neural
import OffPolicy
import OutputKit
import XCTest
@testable import max_entropy_rl

/// C18: maximum-entropy RL — SAC's entropy against its target, its temperature, SAC against TD3, DDPG
/// and PPO, and robustness to perturbed dynamics (Haarnoja et al. 2018a, 2018b).
final class MaxEntropyRLTests: XCTestCase {
    /// Same seed and profile, same bytes, whatever the thread count.
    func testSmokeRunIsIdenticalAcrossThreadCounts() throws {
        XCTAssertEqual(try MaxEntropyRL.filesDifferingAcrossThreadCounts(.forProfile(.smoke), masterSeed: 7), [])
    }

    /// The closed form of a squashed Gaussian's entropy: for a = c + s tanh u, u ~ N(μ, σ²) per coordinate,
    /// H(a) = Σₖ [½ log(2πe σₖ²) + E log(sₖ (1 − tanh² uₖ))] (the change of variables), the expectation by
    /// midpoint quadrature over μ ± 12σ.
    static func squashedGaussianEntropy(mean: [Double], logStd: [Double], scale: [Double]) -> Double {
        var h = 0.0
        for k in mean.indices {
            let sigma = exp(logStd[k]), cells = 20_000
            let width = 24 * sigma / Double(cells)
            var expectation = 0.0
            for i in 0..<cells {
                let u = mean[k] - 12 * sigma + (Double(i) + 0.5) * width
                let z = (u - mean[k]) / sigma
                let density = exp(-0.5 * z * z) / (sigma * (2 * Double.pi).squareRoot())
                let t = tanh(u)
                expectation += density * log(scale[k] * (1 - t * t)) * width
            }
            h += 0.5 * log(2 * Double.pi * M_E * sigma * sigma) + expectation
        }
        return h
    }

    /// C18.2's quantity: `SquashedGaussianActor.entropyEstimate` (−mean log π over draws) against the closed
    /// form, on actors whose output is constant (no hidden layer, zero weights, chosen biases), in 1-D and
    /// 2-D boxes: within four standard errors.
    func testEntropyEstimateMatchesSquashedGaussianClosedForm() throws {
        for (low, high, means, raw) in [([-2.0], [2.0], [0.3], [0.0]), ([-1.0, 0.0], [1.0, 3.0], [-0.5, 1.0], [0.4, -0.8])] {
            let actor = SquashedGaussianActor(observationLength: 3, low: low, high: high, hiddenSizes: [])
            var phi = [Double](repeating: 0, count: actor.parameterCount)
            let d = low.count
            for k in 0..<d {
                phi[3 * 2 * d + k] = means[k]        // the biases follow the 3 × 2d weights
                phi[3 * 2 * d + d + k] = raw[k]
            }
            let logStd = raw.map { actor.logStdMin + 0.5 * (actor.logStdMax - actor.logStdMin) * (tanh($0) + 1) }
            let scale = zip(low, high).map { ($1 - $0) / 2 }
            let exact = Self.squashedGaussianEntropy(mean: means, logStd: logStd, scale: scale)
            var rng = SeededGenerator(seed: 11)
            let states = (0..<2000).flatMap { _ in [rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian()] }
            let estimate = actor.entropyEstimate(phi, observations: states, batch: 2000, samplesPerState: 10, using: &rng)
            XCTAssertEqual(estimate.mean, exact, accuracy: 4 * estimate.standardError, "d = \(d)")
            XCTAssertLessThan(estimate.standardError, 0.02)
        }
    }

    /// The target H̄ = −dim(A) that SAC's automatic rule uses, and a fixed α kept fixed.
    func testTargetEntropyAndFixedTemperature() throws {
        let config = Configuration.forProfile(.smoke)
        let sac = try SAC(configuration: LearnerSettings.sac(config, task: Configuration.pendulum, temperature: .fixed(0.3)),
                          observationLength: 3, low: [-2], high: [2], seed: 1)
        XCTAssertEqual(sac.targetEntropy, -1)
        XCTAssertEqual(sac.temperature, 0.3, accuracy: 1e-15)
    }

    /// The perturbed pendulum: the length enters the dynamics (the same action from the same state moves a
    /// longer pendulum's angular velocity less), and scale 1 is Gymnasium's pendulum.
    func testPerturbedPendulumChangesDynamics() throws {
        var nominal = try TrialRun.environment(Configuration.pendulum)
        var longer = try TrialRun.environment(Configuration.pendulum, lengthScale: 1.3)
        var reference = TimeLimited(Pendulum())
        let a = nominal.reset(seed: 5), b = longer.reset(seed: 5), c = reference.reset(seed: 5)
        XCTAssertEqual(a, b)
        XCTAssertEqual(a, c)
        let sa = nominal.step([1]), sb = longer.step([1]), sc = reference.step([1])
        XCTAssertEqual(sa.observation, sc.observation)
        XCTAssertNotEqual(sa.observation[2], sb.observation[2])
    }

    // MARK: the rules on hand-made trial files, both ways

    /// A configuration with 4 seeds and 4 checkpoints, whose files are made by hand.
    static var handConfig: Configuration {
        var c = Configuration.forProfile(.smoke)
        c.seeds = 4
        c.budgets = [Configuration.pendulum: TaskBudget(steps: 400, learningStarts: 100, checkpoints: 5)]
        c.bootstrapReplicates = 500
        return c
    }

    /// Files whose final return is `final[method]` (± a small seed offset), entropy `entropy` at the end,
    /// and return drops `drop[method]` under perturbation.
    static func files(_ config: Configuration, final: (Method) -> Double, entropy: Double, drop: (Method) -> Double,
                      sampledDrop: Double) -> [Trial: TrialFile] {
        var files: [Trial: TrialFile] = [:]
        for t in config.trials {
            let r = final(t.method) + Double(t.seed) - 1.5
            var f = TrialFile(task: t.task, method: t.method.name, seed: t.seed, masterSeed: 1, codeHash: "x",
                              steps: [80, 160, 240, 320, 400], returns: [-1500, -1200, -900, r, r], seconds: 0)
            if t.method.isSAC {
                f.temperatures = [1, 0.5, 0.2, 0.1, 0.1]
                f.entropies = [1, 0.5, 0, entropy + 0.01 * Double(t.seed), entropy - 0.01 * Double(t.seed)]
                f.targetEntropy = -1
            }
            f.perturbationScales = config.perturbationScales
            let nominal = r, off = r - drop(t.method) + 0.1 * Double(t.seed)
            f.perturbedReturns = config.perturbationScales.map { $0 == 1 ? nominal : off }
            if t.method.isSAC { f.perturbedSampledReturns = config.perturbationScales.map { $0 == 1 ? nominal : nominal - sampledDrop } }
            files[t] = f
        }
        return files
    }

    static func verdicts(_ files: [Trial: TrialFile], _ config: Configuration) throws -> [String: VerdictKind] {
        var findings = Findings(config: config, masterSeed: 3, files: files, complete: true)
        _ = try findings.output()
        return Dictionary(uniqueKeysWithValues: findings.verdicts.map { ($0.id, $0.verdict) })
    }

    /// SAC learns, reaches its entropy target, the automatic α matches the best fixed one, the α sweep's ends
    /// differ, SAC beats every baseline and loses less under perturbation: every verdict confirmed.
    func testRulesConfirmOnFavourableFiles() throws {
        let config = Self.handConfig
        let good = Self.files(config, final: { m in
            switch m {
            case .sacAuto: return -150
            case .sacFixed(let a): return a == config.fixedTemperatures.first! ? -600 : -160
            case .td3, .softQ: return -300
            case .ddpg, .ppo: return -1200
            }
        }, entropy: -1.05, drop: { $0 == .td3 ? 400 : 50 }, sampledDrop: 60)
        let v = try Self.verdicts(good, config)
        for k in Array(1...9) + [19, 20] { XCTAssertEqual(v["C18.\(k)"], .confirmed, "C18.\(k)") }
    }

    /// The mirror image: SAC fails, its entropy stays far above target, the automatic α is far below the best
    /// fixed one, the sweep's ends agree, the baselines win and SAC loses more under perturbation: refuted.
    func testRulesRefuteOnUnfavourableFiles() throws {
        let config = Self.handConfig
        let bad = Self.files(config, final: { m in
            switch m {
            case .sacAuto: return -1300
            case .sacFixed: return -150
            case .td3: return -1250
            case .ddpg, .ppo: return -200
            case .softQ: return -1000
            }
        }, entropy: 2, drop: { $0 == .td3 ? 20 : 500 }, sampledDrop: 600)
        let v = try Self.verdicts(bad, config)
        for k in [1, 2, 3, 4, 5, 6, 7, 8, 9, 19, 20] { XCTAssertEqual(v["C18.\(k)"], .refuted, "C18.\(k)") }
    }

    /// A partial set of files (one method missing a seed) aggregates, says it is partial, and keeps every verdict row.
    func testPartialAggregateSaysSo() throws {
        let config = Self.handConfig
        var files = Self.files(config, final: { _ in -200 }, entropy: -1, drop: { _ in 10 }, sampledDrop: 10)
        files[Trial(task: Configuration.pendulum, method: .ppo, seed: 3)] = nil
        var findings = Findings(config: config, masterSeed: 3, files: files, complete: false)
        let output = try findings.output()
        XCTAssertEqual(findings.verdicts.count, 11)
        XCTAssertTrue(output.macros!.text.contains("\\meComplete}{partial}"))
        XCTAssertTrue(output.macros!.text.contains("\\meSeedsPresent}{3}"))
    }

    /// An unknown trial name is refused before any work, naming the parameter.
    func testTrialNamesAreUniqueAndWellFormed() {
        let config = Configuration.forProfile(.paper)
        let names = config.trials.map(MaxEntropyRL.trialName)
        XCTAssertEqual(Set(names).count, names.count)
        XCTAssertEqual(names.count, 3 * 5 * 9)
        for n in names { XCTAssertTrue(n.allSatisfy { $0.isLetter || $0.isNumber || "-._=".contains($0) }, n) }
    }
}
