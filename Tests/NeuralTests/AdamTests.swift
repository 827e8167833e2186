import Foundation
@testable import Neural
import XCTest

final class AdamTests: XCTestCase {
    struct Reference: Decodable {
        var torch: String
        var learning_rate: Double, beta1: Double, beta2: Double, epsilon: Double
        var theta0: [Double]
        var gradients: [[Double]]
        var after_each_step: [[Double]]
    }

    /// Adam matches PyTorch's `torch.optim.Adam` (float64) step by step on a recorded gradient
    /// sequence (tools/record_adam_reference.py), including zero and tiny gradients.
    func testAdamMatchesPyTorchTrace() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/adam-pytorch.json")
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
        var adam = Adam(parameterCount: reference.theta0.count, learningRate: reference.learning_rate,
                        beta1: reference.beta1, beta2: reference.beta2, epsilon: reference.epsilon)
        var theta = reference.theta0
        for (step, (g, expected)) in zip(reference.gradients, reference.after_each_step).enumerated() {
            adam.update(&theta, gradient: g)
            for i in theta.indices {
                XCTAssertEqual(theta[i], expected[i], accuracy: 4 * Double.ulpOfOne * max(1, abs(expected[i])),
                               "PyTorch \(reference.torch), step \(step + 1), parameter \(i)")
            }
        }
    }

    /// The first step moves each parameter by α·g/(|g| + ε) against its gradient (bias correction
    /// makes m̂ = g and v̂ = g²).
    func testFirstStepIsTheLearningRateTimesTheSign() {
        var adam = Adam(parameterCount: 3, learningRate: 0.1, epsilon: 1e-8)
        var theta = [1.0, 1.0, 1.0]
        adam.update(&theta, gradient: [2, -0.5, 0])
        XCTAssertEqual(theta[0], 1 - 0.1 * 2 / (2 + 1e-8), accuracy: 1e-15)
        XCTAssertEqual(theta[1], 1 + 0.1 * 0.5 / (0.5 + 1e-8), accuracy: 1e-15)
        XCTAssertEqual(theta[2], 1)
    }
}
