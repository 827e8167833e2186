import Foundation

/// The state-distribution mismatch bound (docs/CLAIMS.md C2; "Policy Gradient as Policy Iteration"
/// lecture slides, "Bounding the distribution change"; "Advanced Policy Optimization" lecture slides,
/// "Distribution mismatch"): if `D_TV(π'(·|s), π(·|s)) ≤ α` for every state, then
///   `Σ_s |p_{π'}(s_t = s) − p_π(s_t = s)| ≤ 2(1 − (1−α)ᵗ) ≤ 2αt`.
/// The slides' proof couples the two policies so they agree with probability `1 − α` at each step.
public enum DistributionMismatch {
    /// `2(1 − (1−α)ᵗ)`, computed as `−2·expm1(t·log1p(−α))` so it stays accurate for tiny `α`.
    /// Precondition: `α ∈ [0, 1]`, `t ≥ 0`.
    public static func couplingBound(alpha: Double, step t: Int) -> Double {
        precondition(alpha >= 0 && alpha <= 1 && t >= 0)
        if alpha == 1 { return t == 0 ? 0 : 2 }
        return -2 * expm1(Double(t) * log1p(-alpha))
    }

    /// `2αt`, the linear relaxation of `couplingBound` (from `(1−α)ᵗ ≥ 1 − αt`).
    public static func linearBound(alpha: Double, step t: Int) -> Double { 2 * alpha * Double(t) }
}

/// `‖p − q‖₁ = Σᵢ |pᵢ − qᵢ|`.
public func l1Distance(_ p: [Double], _ q: [Double]) -> Double {
    precondition(p.count == q.count)
    return zip(p, q).reduce(0) { $0 + abs($1.0 - $1.1) }
}
