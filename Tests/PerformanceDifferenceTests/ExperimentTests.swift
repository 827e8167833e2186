import ArgumentParser
import ExperimentCLI
import ExperimentKit
import OutputKit
import Foundation
import Tabular
import XCTest
@testable import performance_difference

/// The experiment end to end at the smoke profile: the bytes it writes depend on the seed and
/// profile only, bad options are refused before work, and verdicts follow the data.
final class ExperimentTests: XCTestCase {
    func testOneAndTwoThreadsWriteIdenticalBytes() throws {
        XCTAssertEqual(try PerformanceDifference.filesDifferingAcrossThreadCounts(.forProfile(.smoke), masterSeed: 20_260_521), [])
    }

    /// Every experiment writes through the same driver: the CSVs, then the manifest last.
    func testTheCommandWritesEveryFileAndTheManifestLast() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pd-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var command = try ExperimentCommand<PerformanceDifference>.parse(["--profile", "smoke", "--threads", "2", "--quiet",
                                                                          "--output", folder.path])
        try command.run()
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        for name in ["verdicts.csv", "monte-carlo.csv", "exact-identities.csv", "macros.tex", "manifest.json"] {
            XCTAssertTrue(files.contains(name), name)
        }
        let macros = try String(contentsOf: folder.appendingPathComponent("macros.tex"), encoding: .utf8)
        XCTAssertTrue(macros.contains("Profile}{smoke}") && macros.contains("Seed}{20260521}"), macros)
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("manifest.json"))) as! [String: Any]
        XCTAssertGreaterThan((manifest["rowCounts"] as? [String: Int])?["exact-identities.csv"] ?? 0, 0)
    }

    func testAnotherSeedGivesOtherNumbers() throws {
        let a = try PerformanceDifference.run(config: .forProfile(.smoke), masterSeed: 1, threads: 2)
        let b = try PerformanceDifference.run(config: .forProfile(.smoke), masterSeed: 2, threads: 2)
        let name = "monte-carlo.csv"
        XCTAssertNotEqual(try a.tables.first { $0.name == name }!.table.rendered(),
                          try b.tables.first { $0.name == name }!.table.rendered())
    }

    func testBadOptionsAreRefusedBeforeAnyWork() {
        let cases: [([String], String)] = [
            (["--profile", "huge"], "--profile"), (["--threads", "0"], "--threads"),
            (["--seed", "x"], "--seed"), (["--output", "/proc/none/x"], "--output"),
        ]
        for (arguments, parameter) in cases {
            XCTAssertThrowsError(try ExperimentCommand<PerformanceDifference>.parse(arguments)) { error in
                let message = ExperimentCommand<PerformanceDifference>.message(for: error)
                XCTAssertTrue(message.contains(parameter), message)
                XCTAssertEqual(ExperimentCommand<PerformanceDifference>.exitCode(for: error), .validationFailure)
            }
        }
        XCTAssertTrue(ExperimentCommand<PerformanceDifference>.message(for: ValidationError(
            InputError(parameter: "--profile", given: "huge", allowed: Profile.allowedValues).description))
            .contains("smoke, standard, paper"))
    }

    func testVerdictsFollowTheData() throws {
        let config = Configuration.forProfile(.smoke)
        let cells = Array(ExactIdentities.cells(config).prefix(6))
        var exact = try cells.map { try ExactIdentities.run($0, masterSeed: 1) }
        let instances = try [0.5].map { try MonteCarlo.instance(gamma: $0, config: config, masterSeed: 1) }
        let replications = (0..<20).map { MonteCarlo.Replication(gammaIndex: 0, replication: $0) }
        let estimates = replications.map {
            MonteCarlo.run(instances[0], replication: $0.replication, sampleCounts: [10, 100], masterSeed: 1)
        }
        let summary = MonteCarlo.summarise(instances: instances, replications: replications, estimates: estimates,
                                           sampleCounts: [10, 100])
        let paths = Array(SurrogateGap.paths(config).prefix(2))
        let points = try paths.map { try SurrogateGap.run($0, config: config, masterSeed: 1) }
        let curves = try StateMismatch.pairs(config).prefix(3).map { try StateMismatch.run($0, horizon: 10, masterSeed: 1) }
        func verdict(_ exact: [ExactIdentities.Outcome]) -> VerdictKind {
            Findings(config: config, exact: exact, instances: instances, mcSummary: summary, paths: paths,
                     points: points, curves: curves).verdicts[0].verdict
        }
        XCTAssertEqual(verdict(exact), .confirmed)
        // A gap above its rounding tolerance must turn the verdict into a refutation.
        exact[3].gapOnPolicy = 2 * exact[3].tolerancePDL
        XCTAssertEqual(verdict(exact), .refuted)
    }
}
