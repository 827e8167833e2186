import XCTest
import ExperimentCLI
import ExperimentKit
import OutputKit
@testable import duan_benchmark

/// C15, Duan et al. (2016)'s benchmark: determinism, the scale-out path, and the verdict rules.
final class DuanBenchmarkTests: XCTestCase {
    func temporaryFolder(_ label: String) throws -> OutputDirectory {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("duan-\(label)-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return try OutputDirectory(path: url.path)
    }

    func testSmokeOutputIsTheSameForOneAndTwoThreads() throws {
        XCTAssertEqual(try DuanBenchmark.filesDifferingAcrossThreadCounts(.forProfile(.smoke), masterSeed: 5), [])
    }

    /// The trials run one by one (`trial`, in reverse order, as another machine might) and merged give
    /// the same bytes as one `run` (resuming is tested once, in ExperimentCLITests).
    func testTrialsThenMergeEqualOneRun() throws {
        XCTAssertEqual(try DuanBenchmark.filesDifferingBetweenRunAndReverseMerge(.forProfile(.smoke), masterSeed: 7), [])
    }

    func testATrialFileOfAnotherComputationIsRefused() throws {
        let config = Configuration.forProfile(.smoke)
        let folder = try temporaryFolder("stale")
        let store = try TrialStore<DuanBenchmark>(output: folder, configuration: config, masterSeed: 3)
        let t = config.trials[0]
        try store.run(t, config, masterSeed: 3)
        var file = store.load(t)!
        file.codeHash = "0"
        try store.save(file, for: t)
        XCTAssertThrowsError(try store.reusable(t))
    }

    /// Hand-made scores: per task and algorithm, seed k scores base + 0.1·k (DDPG: base + 1.3·k, a
    /// wider spread).
    func findings(_ base: (String, Variant, Algorithm) -> Double, seeds: Int = 5, ddpgSpread: Double = 1.3) -> Findings {
        var config = Configuration.forProfile(.smoke)
        config.seeds = seeds
        config.bootstrapReplicates = 500
        var files: [Trial: TrialFile] = [:]
        for t in config.trials {
            let s = base(t.task, t.variant, t.algorithm) + (t.algorithm == .ddpg ? ddpgSpread : 0.1) * Double(t.seed)
            files[t] = TrialFile(task: t.task, variant: t.variant.rawValue, algorithm: t.algorithm.rawValue, seed: t.seed, masterSeed: 1,
                                 codeHash: "x", iterations: [[s, 4, 100], [s, 4, 100]], seconds: 0)
        }
        return Findings(config: config, masterSeed: 1, files: files)
    }

    func verdicts(_ f: Findings) -> [String: VerdictKind] {
        Dictionary(uniqueKeysWithValues: (f.fullObservationVerdicts() + [f.partialObservabilityVerdict()]).map { ($0.id, $0.verdict) })
    }

    /// Duan et al.'s picture: TNPG and TRPO best, gradient-free close behind, DDPG close and with a
    /// wide spread, REPS worst, every partially observable variant lower. Every rule confirms.
    func testTheRulesConfirmThePapersPicture() {
        let order: [Algorithm: Double] = [.trpo: 100, .tnpg: 99, .cem: 97, .cmaes: 90, .reinforce: 60, .erwr: 50, .reps: 10, .ddpg: 96]
        let v = verdicts(findings { _, variant, a in order[a]! - (variant == .full ? 0 : 20) })
        XCTAssertEqual(v["C15.1"], .confirmed)
        XCTAssertEqual(v["C15.2"], .confirmed)
        XCTAssertEqual(v["C15.3"], .confirmed)
        XCTAssertEqual(v["C15.4"], .confirmed)
        XCTAssertEqual(v["C15.5"], .confirmed)
    }

    /// The opposite picture refutes each rule; with differing tasks, C15.1 is partly confirmed; with two
    /// seeds, no interval exists and every rule is inconclusive.
    func testTheRulesRefuteAndStayInconclusiveWhereTheyShould() {
        let order: [Algorithm: Double] = [.trpo: 10, .tnpg: 20, .cem: 0, .cmaes: 1, .reinforce: 60, .erwr: 50, .reps: 100, .ddpg: -50]
        let v = verdicts(findings({ _, variant, a in order[a]! + (variant == .full ? 0 : 20) }, ddpgSpread: 0.01))
        XCTAssertEqual(v["C15.1"], .refuted)
        XCTAssertEqual(v["C15.2"], .refuted)
        XCTAssertEqual(v["C15.3"], .refuted)
        XCTAssertEqual(v["C15.4"], .refuted)
        XCTAssertEqual(v["C15.5"], .refuted)

        let mixed = verdicts(findings { task, _, a in
            task == "CartPole-v1" ? [Algorithm.trpo: 100, .tnpg: 99][a] ?? 50 : [Algorithm.reinforce: 100][a] ?? 50
        })
        XCTAssertEqual(mixed["C15.1"], .partlyConfirmed)

        let few = verdicts(findings({ _, _, a in a == .trpo || a == .tnpg ? 100 : 0 }, seeds: 2))
        for id in ["C15.1", "C15.2", "C15.3", "C15.4", "C15.5"] { XCTAssertEqual(few[id], .inconclusive, id) }
    }

    /// DDPG's cells on the discrete tasks say "not applicable", a missing trial "not run": never a blank
    /// number. The trial list has no DDPG trial on a discrete task.
    func testCellsWithoutRunsAreLabelled() throws {
        var f = findings { _, _, a in a == .trpo ? 1 : 0 }
        XCTAssertFalse(f.config.trials.contains { $0.algorithm == .ddpg && $0.task == "CartPole-v1" })
        let files = try f.output().renderedFiles()
        let rows = files["table.csv"]!.split(separator: "\n")
        let cartPoleDDPG = rows.filter { $0.hasPrefix("CartPole-v1,") && $0.contains(",ddpg,") }
        XCTAssertEqual(cartPoleDDPG.count, 4)
        XCTAssert(cartPoleDDPG.allSatisfy { $0.contains("not applicable") })
        XCTAssert(files["table-benchmark.tex"]!.contains("n/a"))
        let missing = Trial(task: "Pendulum-v1", variant: .full, algorithm: .cem, seed: 0)
        var files2 = f.files
        for k in 0..<f.config.seeds { files2[Trial(task: missing.task, variant: .full, algorithm: .cem, seed: k)] = nil }
        f = Findings(config: f.config, masterSeed: 1, files: files2)
        let table = try f.output().renderedFiles()["table.csv"]!
        XCTAssert(table.contains("Pendulum-v1,full,cem,not run,0"))
    }
}
