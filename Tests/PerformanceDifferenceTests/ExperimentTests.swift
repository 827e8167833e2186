import ArgumentParser
import ExperimentKit
import Foundation
import Tabular
import XCTest
@testable import performance_difference

/// The experiment end to end at the smoke profile: the bytes it writes depend on the seed and
/// profile only, bad options are refused before work, and verdicts follow the data.
final class ExperimentTests: XCTestCase {
    private func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("pd-\(UUID().uuidString)")
    }

    private func writeRun(threads: Int, seed: UInt64) throws -> (URL, [String: Int]) {
        let folder = temporaryFolder()
        let output = try PerformanceDifference.run(config: .forProfile(.smoke), masterSeed: seed, threads: threads)
        let counts = try output.write(to: try OutputDirectory(path: folder.path))
        return (folder, counts)
    }

    func testOneAndTwoThreadsWriteIdenticalBytes() throws {
        let (one, counts) = try writeRun(threads: 1, seed: 20_260_521)
        let (two, _) = try writeRun(threads: 2, seed: 20_260_521)
        defer { try? FileManager.default.removeItem(at: one); try? FileManager.default.removeItem(at: two) }
        let files = try FileManager.default.contentsOfDirectory(atPath: one.path).sorted()
        XCTAssertEqual(files, try FileManager.default.contentsOfDirectory(atPath: two.path).sorted())
        XCTAssertTrue(files.contains("verdicts.csv") && files.contains("monte-carlo.csv"))
        for file in files {
            let a = try Data(contentsOf: one.appendingPathComponent(file))
            let b = try Data(contentsOf: two.appendingPathComponent(file))
            XCTAssertEqual(a, b, "\(file) differs between 1 and 2 threads")
            XCTAssertFalse(a.isEmpty)
        }
        XCTAssertGreaterThan(counts["exact-identities.csv"] ?? 0, 0)
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
            XCTAssertThrowsError(try PerformanceDifferenceCommand.parse(arguments)) { error in
                let message = PerformanceDifferenceCommand.message(for: error)
                XCTAssertTrue(message.contains(parameter), message)
                XCTAssertEqual(PerformanceDifferenceCommand.exitCode(for: error), .validationFailure)
            }
        }
        XCTAssertTrue(PerformanceDifferenceCommand.message(for: ValidationError(
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
