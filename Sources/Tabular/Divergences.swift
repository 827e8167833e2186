import Foundation

/// `D_TV(p, q) = ½ Σᵢ |pᵢ − qᵢ|`.
public func totalVariation<P: Collection, Q: Collection>(_ p: P, _ q: Q) -> Double
where P.Element == Double, Q.Element == Double {
    precondition(p.count == q.count)
    return 0.5 * zip(p, q).reduce(0) { $0 + abs($1.0 - $1.1) }
}

/// `D_KL(p ‖ q) = Σᵢ pᵢ log(pᵢ/qᵢ)`, with `0 log(0/q) = 0`, and `+∞` where `pᵢ > 0 = qᵢ`.
public func klDivergence<P: Collection, Q: Collection>(_ p: P, _ q: Q) -> Double
where P.Element == Double, Q.Element == Double {
    precondition(p.count == q.count)
    var total = 0.0
    for (pi, qi) in zip(p, q) where pi > 0 {
        if qi <= 0 { return .infinity }
        total += pi * log(pi / qi)
    }
    return max(0, total)   // rounding can leave a tiny negative value for p ≈ q
}

extension TabularPolicy {
    /// `D_TV(π(·|s), other(·|s))` for each state `s`.
    public func totalVariation(to other: TabularPolicy) -> [Double] {
        (0..<stateCount).map { s in Tabular.totalVariation(row(s), other.row(s)) }
    }

    /// `α = max_s D_TV(π(·|s), other(·|s))`.
    public func maxTotalVariation(to other: TabularPolicy) -> Double {
        totalVariation(to: other).max() ?? 0
    }

    /// `D_KL(π(·|s) ‖ other(·|s))` for each state `s`.
    public func klDivergence(to other: TabularPolicy) -> [Double] {
        (0..<stateCount).map { s in Tabular.klDivergence(row(s), other.row(s)) }
    }
}
