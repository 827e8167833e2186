import OutputKit
import Foundation
import XCTest
@testable import ExperimentKit

/// CSV rendering, atomic writing, and the trial runner's independence from the thread count.
final class WritingTests: XCTestCase {
    func testCSVQuotesAndRoundTripsNumbers() throws {
        var t = CSVTable(columns: ["a", "b", "c", "d"])
        t.append([.double(0.1), .int(-3), .string("x, \"y\""), .empty])
        t.append([.double(1e-5), .int(0), .string("plain"), .double(0)])
        XCTAssertEqual(try t.rendered(), "a,b,c,d\n0.1,-3,\"x, \"\"y\"\"\",\n1e-05,0,plain,0\n")
    }

    func testNonFiniteValueIsAnErrorNotARow() {
        for bad in [Double.nan, .infinity, -.infinity] {
            var t = CSVTable(columns: ["x"])
            t.append([.double(bad)])
            XCTAssertThrowsError(try t.rendered()) { XCTAssertTrue("\($0)".contains("column 'x'")) }
        }
    }

    func testUnwritableOutputFolderNamesTheParameter() {
        XCTAssertThrowsError(try OutputDirectory(path: "/proc/not-a-folder/x")) { error in
            XCTAssertEqual((error as? InputError)?.parameter, "--output")
        }
    }

    func testAtomicWriteReplacesWholeFileAndLeavesNoTemporaries() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kit-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = try OutputDirectory(path: folder.path)
        try out.write(String(repeating: "long line\n", count: 1000), to: "f.csv")
        try out.write("short\n", to: "f.csv")
        XCTAssertEqual(try String(contentsOf: out.fileURL("f.csv"), encoding: .utf8), "short\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["f.csv"])
    }

    func testTrialRunnerOrderAndResultsDoNotDependOnThreads() throws {
        let work: @Sendable (Int) -> [Double] = { i in
            var g = StreamKey(experiment: "t", setting: "s", trial: i, masterSeed: 9).generator()
            // Uneven cost, so threads finish out of order.
            return (0..<(1 + (i * 37) % 500)).map { _ in g.nextGaussian() }
        }
        let one = try TrialRunner(threads: 1).run(count: 300, work)
        for threads in [2, 3, 8] {
            XCTAssertEqual(try TrialRunner(threads: threads).run(count: 300, work), one)
        }
    }

    func testTrialRunnerRethrowsATrialError() {
        struct Boom: Error {}
        XCTAssertThrowsError(try TrialRunner(threads: 2).run(count: 50) { i -> Int in
            if i == 17 { throw Boom() }
            return i
        }) { XCTAssertTrue($0 is Boom) }
        XCTAssertThrowsError(try TrialRunner.validateThreads(0))
    }
}

/// Text escaped for LaTeX prints as written in the report's default (OT1) encoding.
final class LaTeXEscapeTests: XCTestCase {
    func testComparisonAndBarCharactersAreEscaped() {
        XCTAssertEqual(LaTeXMacros.escapeText("P(X > Y) < 1, |x| & 5%"),
                       "P(X \\textgreater{} Y) \\textless{} 1, \\textbar{}x\\textbar{} \\& 5\\%")
    }
}
