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
    /// CPU): libm's scalar tanh took a third of PPO's training time. ReLU goes through the
    /// branch-free `ck_relu_in_place` (`x < 0 ? 0 : x`, exact; `applyReference` is the plain loop):
    /// the loop's branch, mispredicted on about half the entries, took a fifth of SAC's update.
    public func apply(to values: inout [Double]) {
        switch self {
        case .tanh:
            values.withUnsafeMutableBufferPointer { ck_tanh_in_place($0.baseAddress!, $0.count) }
        case .relu:
            values.withUnsafeMutableBufferPointer { ck_relu_in_place($0.baseAddress!, $0.count) }
        }
    }

    /// δ ← δ ⊙ f′(x), with f′ written through the outputs y = f(x) (for ReLU `y > 0 ? δ : 0`, by the
    /// branch-free `ck_multiply_by_relu_derivative`; `multiplyByDerivativeReference` is the plain loop).
    public func multiplyByDerivative(_ delta: inout [Double], outputs y: [Double]) {
        precondition(delta.count == y.count)
        switch self {
        case .tanh: ck_multiply_by_tanh_derivative(&delta, y, delta.count)
        case .relu: ck_multiply_by_relu_derivative(&delta, y, delta.count)
        }
    }

    /// `apply(to:)` as a plain Swift loop of `callAsFunction`-equivalent steps (libm's tanh; for ReLU
    /// the same bits as the kernel), for tests.
    public func applyReference(to values: inout [Double]) {
        switch self {
        case .tanh: for i in values.indices { values[i] = Foundation.tanh(values[i]) }
        case .relu: for i in values.indices where values[i] < 0 { values[i] = 0 }
        }
    }

    /// `multiplyByDerivative` as a plain Swift loop, for tests.
    public func multiplyByDerivativeReference(_ delta: inout [Double], outputs y: [Double]) {
        precondition(delta.count == y.count)
        switch self {
        case .tanh: for i in delta.indices { delta[i] *= 1 - y[i] * y[i] }
        case .relu: for i in delta.indices where !(y[i] > 0) { delta[i] = 0 }
        }
    }
}
