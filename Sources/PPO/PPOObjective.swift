import Neural
/// The four surrogate objectives the PPO paper compares (Schulman et al. 2017, §3–4, Table 1),
/// each maximised: with r = π_θ(a|s)/π_old(a|s) and Â the advantage estimate,
///   none:         L = Ê[r Â]
///   clipped:      L = Ê[min(r Â, clip(r, 1 − ε, 1 + ε) Â)]
///   adaptive KL:  L = Ê[r Â − β KL(π_old(·|s) ‖ π_θ(·|s))], β adapted after every update
///   fixed KL:     the same with β constant.
public enum PPOObjective: Sendable, Equatable, CustomStringConvertible {
    case unclipped
    case clipped(epsilon: Double)
    /// β starts at `initialBeta`; after each update, with d the mean KL on the batch,
    /// β ← β/2 if d < d_targ/1.5 and β ← 2β if d > 1.5·d_targ.
    case adaptiveKL(target: Double, initialBeta: Double)
    case fixedKL(beta: Double)

    /// β at the first update (0 without a KL penalty).
    public var initialBeta: Double {
        switch self {
        case .unclipped, .clipped: return 0
        case .adaptiveKL(_, let beta): return beta
        case .fixedKL(let beta): return beta
        }
    }

    /// The per-sample surrogate ℓ(r, Â) without the KL term, and ∂ℓ/∂r. For the clipped objective
    /// the derivative is 0 exactly where the clipped branch is the strictly smaller one (r outside
    /// [1 − ε, 1 + ε] on the side Â favours), and Â elsewhere.
    public func surrogate(ratio r: Double, advantage a: Double) -> (value: Double, derivative: Double) {
        switch self {
        case .clipped(let epsilon):
            let unclipped = r * a
            let clippedTerm = min(max(r, 1 - epsilon), 1 + epsilon) * a
            return clippedTerm < unclipped ? (clippedTerm, 0) : (unclipped, a)
        case .unclipped, .adaptiveKL, .fixedKL:
            return (r * a, a)
        }
    }

    /// The β after an update whose mean KL was `meanKL` (unchanged except for adaptive KL).
    public func adaptedBeta(_ beta: Double, meanKL: Double) -> Double {
        guard case .adaptiveKL(let target, _) = self else { return beta }
        if meanKL < target / 1.5 { return beta / 2 }
        if meanKL > target * 1.5 { return beta * 2 }
        return beta
    }

    /// The ε that defines the clip fraction reported in diagnostics (0.2 for objectives without one).
    public var diagnosticEpsilon: Double {
        if case .clipped(let epsilon) = self { return epsilon }
        return 0.2
    }

    /// A short label: `none`, `clip-0.2`, `adaptive-kl-0.01`, `fixed-kl-3`.
    public var description: String {
        switch self {
        case .unclipped: return "none"
        case .clipped(let e): return "clip-\(e)"
        case .adaptiveKL(let t, _): return "adaptive-kl-\(t)"
        case .fixedKL(let b): return "fixed-kl-\(b.formatted())"
        }
    }
}

extension Double {
    /// "3" for 3.0, "0.3" for 0.3.
    fileprivate func formatted() -> String {
        self == rounded() && abs(self) < 1e15 ? String(Int(self)) : String(self)
    }
}
