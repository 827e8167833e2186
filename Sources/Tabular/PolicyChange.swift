import ExperimentKit

/// How a new policy `π'` is made from an old softmax policy `π = softmax(θ)`, at a given size:
/// - `logitStep(size)`: `π' = softmax(θ + size·Δ)`, `Δ(s,a) ~ N(0,1)`;
/// - `mixture(size)`: `π' = (1 − size)·π + size·u`, `u` a random softmax policy (logits `N(0,1)`),
///   so `size ∈ [0,1]` and `D_TV(π'(·|s), π(·|s)) = size·D_TV(u(·|s), π(·|s))`.
/// Both keep full support, so importance ratios `π'/π` are finite.
public enum PolicyChange: Sendable, Hashable, CustomStringConvertible {
    case logitStep(Double)
    case mixture(Double)

    public var kind: String {
        switch self { case .logitStep: "logit-step"; case .mixture: "mixture" }
    }

    public var size: Double {
        switch self { case .logitStep(let x), .mixture(let x): x }
    }

    public var description: String { "\(kind)=\(size)" }

    /// `π'` from `π = softmax(logits)`, drawing `Δ` or `u` from `rng`.
    public func apply(toLogits logits: [Double], stateCount: Int, actionCount: Int,
                      using rng: inout SeededGenerator) -> TabularPolicy {
        switch self {
        case .logitStep(let size):
            let stepped = logits.map { $0 + size * rng.nextGaussian() }
            return .softmax(logits: stepped, stateCount: stateCount, actionCount: actionCount)
        case .mixture(let weight):
            precondition(weight >= 0 && weight <= 1, "mixture weight must be in [0, 1]")
            let old = TabularPolicy.softmax(logits: logits, stateCount: stateCount, actionCount: actionCount)
            let target = TabularPolicy.randomSoftmax(stateCount: stateCount, actionCount: actionCount,
                                                     scale: 1, using: &rng)
            return old.mixed(with: target, weight: weight)
        }
    }
}
