import ExperimentCLI
import ExperimentKit
import OutputKit
import Foundation
import Tabular
import XCTest
@testable import implicit_q

final class ImplicitQTests: XCTestCase {
    func testSmokeIsDeterministicAcrossThreadCounts() throws {
        XCTAssertEqual(try ImplicitQExperiment.filesDifferingAcrossThreadCounts(.forProfile(.smoke), masterSeed: 0), [])
    }
}
