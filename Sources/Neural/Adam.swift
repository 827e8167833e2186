import CKernels
import Foundation

/// Adam (Kingma & Ba 2015) with the usual bias correction, as PyTorch's `torch.optim.Adam`:
///   m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,
///   θ ← θ − α · (m / (1−β₁ᵗ)) / (√(v / (1−β₂ᵗ)) + ε).
public struct Adam: Sendable {
    public var learningRate: Double
    public let beta1: Double, beta2: Double, epsilon: Double
    public private(set) var firstMoment: [Double]
    public private(set) var secondMoment: [Double]
    /// t, the number of steps taken.
    public private(set) var step = 0

    /// Precondition: α > 0, β₁, β₂ ∈ [0, 1), ε > 0.
    public init(parameterCount: Int, learningRate: Double, beta1: Double = 0.9, beta2: Double = 0.999,
                epsilon: Double = 1e-8) {
        precondition(learningRate > 0 && (0..<1).contains(beta1) && (0..<1).contains(beta2) && epsilon > 0)
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        firstMoment = Array(repeating: 0, count: parameterCount)
        secondMoment = Array(repeating: 0, count: parameterCount)
    }

    /// One step on θ with gradient g (of the loss to minimise).
    public mutating func update(_ theta: inout [Double], gradient g: [Double]) {
        precondition(theta.count == g.count && g.count == firstMoment.count)
        step += 1
        let correction1 = 1 - pow(beta1, Double(step))
        let correction2Root = (1 - pow(beta2, Double(step))).squareRoot()
        let stepSize = learningRate / correction1
        // The elementwise loop, vectorised in C (it was a fifth of PPO's training time in Swift).
        ck_adam_update(&theta, g, &firstMoment, &secondMoment, theta.count, beta1, beta2, stepSize,
                       correction2Root, epsilon)
    }
}
