import XCTest
@testable import ExperimentKit

/// Seeding: the generator is the published algorithm, same seed → same numbers, and each trial's
/// stream depends on (experiment, setting, trial, master seed) and on nothing else.
final class SeededGeneratorTests: XCTestCase {
    func testSplitMix64MatchesPublishedVector() {
        // The reference test vector of SplitMix64 for seed 1234567.
        var g = SplitMix64(state: 1_234_567)
        XCTAssertEqual((0..<5).map { _ in g.next() },
                       [6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
                        4_593_380_528_125_082_431, 16_408_922_859_458_223_821])
    }

    func testXoshiroMatchesIndependentReference() {
        // Values from an independent Python transcription of xoshiro256** (Blackman & Vigna),
        // seeded with four SplitMix64 outputs.
        var g = SeededGenerator(seed: 42)
        XCTAssertEqual((0..<5).map { _ in g.next() },
                       [1_546_998_764_402_558_742, 6_990_951_692_964_543_102, 12_544_586_762_248_559_009,
                        17_057_574_109_182_124_193, 18_295_552_978_065_317_476])
        var u = SeededGenerator(seed: 42)
        XCTAssertEqual(u.nextUniform(), 0.08386297105988216)
        XCTAssertEqual(u.nextUniform(), 0.3789802506626686)
    }

    func testSameSeedSameNumbersDifferentSeedDifferentNumbers() {
        var a = SeededGenerator(seed: 7), b = SeededGenerator(seed: 7), c = SeededGenerator(seed: 8)
        let xa = (0..<100).map { _ in a.nextGaussian() }
        let xb = (0..<100).map { _ in b.nextGaussian() }
        let xc = (0..<100).map { _ in c.nextGaussian() }
        XCTAssertEqual(xa, xb)
        XCTAssertNotEqual(xa, xc)
    }

    func testStreamKeySeparatesTrialsSettingsExperimentsAndSeeds() {
        let base = StreamKey(experiment: "e", setting: "s", trial: 0, masterSeed: 1)
        var variants = [base]
        variants.append(StreamKey(experiment: "e", setting: "s", trial: 1, masterSeed: 1))
        variants.append(StreamKey(experiment: "e", setting: "t", trial: 0, masterSeed: 1))
        variants.append(StreamKey(experiment: "f", setting: "s", trial: 0, masterSeed: 1))
        variants.append(StreamKey(experiment: "e", setting: "s", trial: 0, masterSeed: 2))
        XCTAssertEqual(Set(variants.map(\.seed)).count, variants.count, "every component must change the stream")
        XCTAssertEqual(base.seed, StreamKey(experiment: "e", setting: "s", trial: 0, masterSeed: 1).seed)
        var g1 = base.generator(), g2 = variants[1].generator()
        XCTAssertNotEqual((0..<10).map { _ in g1.next() }, (0..<10).map { _ in g2.next() })
    }

    func testCategoricalReturnsOffsetsEvenForSlices() {
        // Regression: a policy row is an ArraySlice whose indices do not start at 0.
        let table: [Double] = [0.5, 0.5, 0, 0, 1, 0]
        var g = SeededGenerator(seed: 3)
        for _ in 0..<100 { XCTAssertEqual(g.nextCategorical(table[3..<6]), 1) }
        for _ in 0..<100 { XCTAssertTrue((0..<2).contains(g.nextCategorical(table[0..<3]))) }
    }

    func testCategoricalFrequenciesWithinFiveStandardErrors() {
        let p = [0.1, 0.2, 0.3, 0.4]
        var g = SeededGenerator(seed: 11)
        var counts = [0, 0, 0, 0]
        let n = 200_000
        for _ in 0..<n { counts[g.nextCategorical(p)] += 1 }
        for k in 0..<4 {
            let se = (p[k] * (1 - p[k]) / Double(n)).squareRoot()
            XCTAssertEqual(Double(counts[k]) / Double(n), p[k], accuracy: 5 * se)
        }
    }

    func testIntegersStayInRangeAndGeometricHasTheRightMean() {
        var g = SeededGenerator(seed: 5)
        for bound in [1, 2, 3, 7, 1000] {
            for _ in 0..<1000 { XCTAssertTrue((0..<bound).contains(g.nextInt(below: bound))) }
        }
        // E[T] = q/(1−q) = 9 for q = 0.9; Var = q/(1−q)² = 90.
        let n = 100_000
        var total = 0
        for _ in 0..<n { total += g.nextGeometric(continuation: 0.9) }
        let mean = Double(total) / Double(n)
        XCTAssertEqual(mean, 9, accuracy: 5 * (90.0 / Double(n)).squareRoot())
        XCTAssertEqual(g.nextGeometric(continuation: 0), 0)
    }
}
