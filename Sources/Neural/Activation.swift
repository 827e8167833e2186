import CKernels
import Foundation

/// The nonlinearity of an MLP's hidden layers.
public enum Activation: String, Sendable, CaseIterable, Codable {
    /// f(x) = tanh x, f′ = 1 − f².
    case tanh
    /// f(x) = max(x, 0), f′ = 1 if x > 0 else 0 (0 at x = 0, as PyTorch).
    case relu

    /// f(x) (libm's tanh; the batched `apply(to:)` is what networks use).
    @inlinable
    public func callAsFunction(_ x: Double) -> Double {
        switch self {
        case .tanh: return Foundation.tanh(x)
        case .relu: return x > 0 ? x : 0
        }
    }

    /// f applied to every entry in place. tanh goes through the vectorised kernel
    /// `ck_tanh_in_place` (within a few units of 2⁻⁵³ of libm's tanh, and the same bits on every
    /// CPU): libm's scalar tanh took a third of PPO's training time.
    public func apply(to values: inout [Double]) {
        switch self {
        case .tanh:
            values.withUnsafeMutableBufferPointer { ck_tanh_in_place($0.baseAddress!, $0.count) }
        case .relu:
            for i in values.indices where values[i] < 0 { values[i] = 0 }
        }
    }

    /// δ ← δ ⊙ f′(x), with f′ written through the outputs y = f(x).
    public func multiplyByDerivative(_ delta: inout [Double], outputs y: [Double]) {
        precondition(delta.count == y.count)
        switch self {
        case .tanh: ck_multiply_by_tanh_derivative(&delta, y, delta.count)
        case .relu: for i in delta.indices where !(y[i] > 0) { delta[i] = 0 }
        }
    }
}
