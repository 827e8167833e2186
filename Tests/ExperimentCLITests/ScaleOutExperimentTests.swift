import ArgumentParser
import ExperimentCLI
import ExperimentKit
import Foundation
import OutputKit
import XCTest

/// A toy scale-out experiment: trial k draws `draws` numbers from its own seeded stream and keeps
/// their sum; the aggregate is one CSV row per finished trial and whether the set was complete.
enum ToyScaleOut: ScaleOutExperiment {
    struct Configuration: ExperimentConfiguration {
        var profile: Profile
        var trialCount: Int
        var draws: Int
        var settings: [String: String] { ["trials": "\(trialCount)", "draws": "\(draws)"] }
    }
    struct File: TrialFileStamp {
        var codeHash: String
        var sum: Double
    }
    typealias TrialFile = File

    static let name = "toy-scale-out"
    static let abstract = "A toy experiment for the scale-out tests."
    /// What `codeHashes` reports; a test changes it to play a build that computes other numbers.
    nonisolated(unsafe) static var hash = "toy-1"

    static func configuration(for profile: Profile, options: NoExtraOptions) -> Configuration {
        Configuration(profile: profile, trialCount: profile == .smoke ? 6 : 12, draws: 100)
    }
    static func trials(_ c: Configuration) -> [Int] { Array(0..<c.trialCount) }
    static func trialName(_ trial: Int) -> String { "toy__seed\(trial)" }
    static func trialDescription(_ c: Configuration) -> String { "draws=\(c.draws)" }
    static func codeHashes(_ c: Configuration) throws -> [Int: String] {
        Dictionary(uniqueKeysWithValues: trials(c).map { ($0, hash) })
    }
    static func runTrial(_ trial: Int, _ c: Configuration, masterSeed: UInt64, codeHash: String) throws -> File {
        var rng = SeededGenerator(seed: StreamKey(experiment: name, setting: "toy", trial: trial, masterSeed: masterSeed).seed)
        return File(codeHash: codeHash, sum: (0..<c.draws).reduce(0) { s, _ in s + rng.nextUniform() })
    }
    static func aggregate(_ c: Configuration, masterSeed: UInt64, files: [Int: File], complete: Bool) throws -> ExperimentOutput {
        var table = CSVTable(columns: ["trial", "sum"])
        for t in files.keys.sorted() { table.append([.int(t), .double(files[t]!.sum)]) }
        var output = ExperimentOutput()
        output.tables = [("sums.csv", table)]
        output.texts = [("complete.txt", complete ? "complete\n" : "partial: \(files.count) of \(c.trialCount)\n")]
        return output
    }
}

/// A defective toy: each trial adds how many trials this process has run before it, as a trial that
/// read shared mutable state would. Its results depend on the order of the trials, which the shared
/// run-against-reverse-merge check must catch.
enum OrderDependentToy: ScaleOutExperiment {
    typealias Configuration = ToyScaleOut.Configuration
    typealias TrialFile = ToyScaleOut.File

    static let name = "order-dependent-toy"
    static let abstract = "A toy whose trials depend on the order they run in."
    nonisolated(unsafe) static var trialsRun = 0
    static let lock = NSLock()

    static func configuration(for profile: Profile, options: NoExtraOptions) -> Configuration {
        ToyScaleOut.configuration(for: profile, options: options)
    }
    static func trials(_ c: Configuration) -> [Int] { ToyScaleOut.trials(c) }
    static func trialName(_ trial: Int) -> String { ToyScaleOut.trialName(trial) }
    static func trialDescription(_ c: Configuration) -> String { ToyScaleOut.trialDescription(c) }
    static func codeHashes(_ c: Configuration) throws -> [Int: String] { try ToyScaleOut.codeHashes(c) }
    static func runTrial(_ trial: Int, _ c: Configuration, masterSeed: UInt64, codeHash: String) throws -> TrialFile {
        var file = try ToyScaleOut.runTrial(trial, c, masterSeed: masterSeed, codeHash: codeHash)
        file.sum += Double(lock.withLock { () -> Int in trialsRun += 1; return trialsRun })
        return file
    }
    static func aggregate(_ c: Configuration, masterSeed: UInt64, files: [Int: TrialFile], complete: Bool) throws -> ExperimentOutput {
        try ToyScaleOut.aggregate(c, masterSeed: masterSeed, files: files, complete: complete)
    }
}

/// The scale-out shape every trial-based experiment (C9, C15, C17, C18) relies on: trials run in any
/// order and merged give the bytes of one run; an interrupted run resumes; a file another computation
/// made is refused; a partial merge says it is partial; the command line rejects an unknown trial.
final class ScaleOutExperimentTests: XCTestCase {
    func folder(_ label: String) throws -> OutputDirectory {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("scale-out-\(label)-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return try OutputDirectory(path: url.path)
    }

    override func setUp() { ToyScaleOut.hash = "toy-1" }

    func testRunDoesNotDependOnTheThreadCount() throws {
        XCTAssertEqual(try ToyScaleOut.filesDifferingAcrossThreadCounts(ToyScaleOut.configuration(for: .smoke, options: .init()),
                                                                       masterSeed: 3, threadCounts: [1, 2, 3]), [])
    }

    func testTrialsInReverseThenMergeGiveTheBytesOfOneRunAndAResumedRunToo() throws {
        let c = ToyScaleOut.configuration(for: .smoke, options: .init())
        let whole = try ToyScaleOut.run(config: c, masterSeed: 9, threads: 2, output: try folder("whole")).renderedFiles()
        XCTAssertEqual(whole["complete.txt"], "complete\n")
        let split = try folder("split")
        let store = try TrialStore<ToyScaleOut>(output: split, configuration: c, masterSeed: 9)
        for t in store.trials.reversed() { try store.run(t, c, masterSeed: 9) }
        XCTAssertEqual(try ToyScaleOut.merge(c, masterSeed: 9, output: split).renderedFiles(), whole)
        // Interrupted after two trials, then resumed by `run`: the same bytes.
        let resumed = try folder("resumed")
        let partial = try TrialStore<ToyScaleOut>(output: resumed, configuration: c, masterSeed: 9)
        for t in partial.trials.prefix(2) { try partial.run(t, c, masterSeed: 9) }
        XCTAssertEqual(try ToyScaleOut.merge(c, masterSeed: 9, output: resumed).renderedFiles()["complete.txt"], "partial: 2 of 6\n")
        XCTAssertEqual(try ToyScaleOut.run(config: c, masterSeed: 9, threads: 1, output: resumed).renderedFiles(), whole)
    }

    func testAFileOfAnotherComputationIsRefusedNamingBothHashes() throws {
        let c = ToyScaleOut.configuration(for: .smoke, options: .init())
        let output = try folder("stale")
        _ = try ToyScaleOut.run(config: c, masterSeed: 1, threads: 1, output: output)
        ToyScaleOut.hash = "toy-2"
        for attempt in [{ _ = try ToyScaleOut.run(config: c, masterSeed: 1, threads: 1, output: output) },
                        { _ = try ToyScaleOut.merge(c, masterSeed: 1, output: output) }] {
            XCTAssertThrowsError(try attempt()) { error in
                XCTAssertTrue("\(error)".contains("toy-1") && "\(error)".contains("toy-2"), "\(error)")
            }
        }
    }

    /// The shared check the experiments' tests call passes on the toy and fails, naming the CSV, on a toy
    /// whose trials depend on the order they run in.
    func testTheSharedRunAgainstMergeCheck() throws {
        let c = ToyScaleOut.configuration(for: .smoke, options: .init())
        XCTAssertEqual(try ToyScaleOut.filesDifferingBetweenRunAndReverseMerge(c, masterSeed: 4), [])
        XCTAssertEqual(try OrderDependentToy.filesDifferingBetweenRunAndReverseMerge(c, masterSeed: 4), ["sums.csv"])
    }

    func testFilesOfAnotherProfileOrSeedHaveOtherNames() throws {
        let output = try folder("names")
        let smoke = try TrialStore<ToyScaleOut>(output: output, configuration: ToyScaleOut.configuration(for: .smoke, options: .init()), masterSeed: 1)
        var other = ToyScaleOut.configuration(for: .smoke, options: .init())
        other.draws = 101
        XCTAssertNotEqual(try TrialStore<ToyScaleOut>(output: output, configuration: other, masterSeed: 1).name(0), smoke.name(0))
        XCTAssertNotEqual(try TrialStore<ToyScaleOut>(output: output, configuration: ToyScaleOut.configuration(for: .smoke, options: .init()),
                                                      masterSeed: 2).name(0), smoke.name(0))
    }

    func testMergeWithoutAnyTrialFileIsAnErrorNamingTheFolder() throws {
        let output = try folder("empty")
        XCTAssertThrowsError(try ToyScaleOut.merge(ToyScaleOut.configuration(for: .smoke, options: .init()), masterSeed: 1, output: output)) { error in
            XCTAssertTrue("\(error)".contains(output.url.lastPathComponent), "\(error)")
        }
    }

    func testTheTrialCommandRejectsAnUnknownNameBeforeAnyWork() {
        XCTAssertThrowsError(try ScaleOutCommand<ToyScaleOut>.parseAsRoot(["trial", "--profile", "smoke", "--name", "toy__seed99"])) { error in
            let message = ScaleOutCommand<ToyScaleOut>.message(for: error)
            XCTAssertTrue(message.contains("--name") && message.contains("toy__seed0"), message)
        }
        XCTAssertNoThrow(try ScaleOutCommand<ToyScaleOut>.parseAsRoot(["trial", "--profile", "smoke", "--name", "toy__seed5"]))
    }
}
