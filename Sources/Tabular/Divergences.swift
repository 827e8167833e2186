import Foundation

/// `D_TV(p, q) = ½ Σᵢ |pᵢ − qᵢ|`.
public func totalVariation<P: Collection, Q: Collection>(_ p: P, _ q: Q) -> Double
where P.Element == Double, Q.Element == Double {
    precondition(p.count == q.count)
    return 0.5 * zip(p, q).reduce(0) { $0 + abs($1.0 - $1.1) }
}

/// `D_KL(p ‖ q) = Σᵢ pᵢ log(pᵢ/qᵢ)`, with `0 log(0/q) = 0`, and `+∞` where `pᵢ > 0 = qᵢ`.
///
/// Computed as `Σᵢ qᵢ φ(pᵢ/qᵢ)` with `φ(x) = x log x − x + 1 ≥ 0`, which equals the definition when
/// `Σp = Σq = 1` and has no cancellation: every term is non-negative and accurate to a few ulps,
/// so the sum is accurate to a few ulps *relative* even when `p ≈ q` and the divergence is
/// 10⁻²⁰ (the textbook sum has an absolute error of about `u`, which at such sizes is all noise).
/// (Floating-point vectors never sum to exactly 1; this form measures the divergence of the
/// distributions they stand for, ignoring that normalisation defect of order `u`.)
public func klDivergence<P: Collection, Q: Collection>(_ p: P, _ q: Q) -> Double
where P.Element == Double, Q.Element == Double {
    precondition(p.count == q.count)
    var total = 0.0
    for (pi, qi) in zip(p, q) {
        if qi <= 0 {
            if pi > 0 { return .infinity }
            continue
        }
        total += qi * relativeEntropyTerm((pi - qi) / qi)
    }
    return total
}

/// `φ(1 + δ) = (1+δ) log(1+δ) − δ` for `δ ≥ −1`: by its alternating series
/// `Σ_{k≥2} (−δ)ᵏ / (k(k−1))` when `|δ| < ½` (where the closed form cancels), else by the closed form.
func relativeEntropyTerm(_ delta: Double) -> Double {
    if delta <= -1 { return 1 }                       // φ(0) = 1
    guard abs(delta) < 0.5 else { return (1 + delta) * log1p(delta) - delta }
    var sum = 0.0, power = delta * delta, k = 2.0
    while k < 80 {
        let term = power / (k * (k - 1))
        sum += term
        if abs(term) <= 1e-17 * abs(sum) { break }
        power *= -delta
        k += 1
    }
    return sum
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

/// The Rényi divergence of order ½, `D_{1/2}(p ‖ q) = −2 log Σᵢ √(pᵢ qᵢ)` (Rényi 1961; symmetric in
/// `p, q`; `−2 log` of the Bhattacharyya coefficient).
///
/// For probability vectors `1 − Σᵢ √(pᵢqᵢ) = ½ Σᵢ (√pᵢ − √qᵢ)²`. Near `p ≈ q` it is computed as
/// `−2 log1p(−½ Σᵢ (√pᵢ − √qᵢ)²)`, accurate to a few ulps relative (where `1 − Σ√(pq)` would cancel);
/// when the coefficient `Σᵢ √(pᵢqᵢ)` is below ½ (nearly disjoint supports) as `−2 log Σᵢ √(pᵢqᵢ)`,
/// whose non-negative terms keep the coefficient accurate relative, however small (`1 − ½Σ(√p − √q)²`
/// would lose it to cancellation: at a coefficient of 10⁻¹⁰ only six digits survive).
/// `+∞` when the supports are disjoint.
public func renyiDivergenceOfOrderOneHalf<P: Collection, Q: Collection>(_ p: P, _ q: Q) -> Double
where P.Element == Double, Q.Element == Double {
    precondition(p.count == q.count)
    var sumOfSquares = 0.0, coefficient = 0.0
    for (pi, qi) in zip(p, q) {
        let difference = pi.squareRoot() - qi.squareRoot()
        sumOfSquares += difference * difference
        coefficient += pi.squareRoot() * qi.squareRoot()
    }
    if coefficient < 0.5 { return coefficient > 0 ? -2 * log(coefficient) : .infinity }
    return -2 * log1p(-0.5 * sumOfSquares)
}

extension TabularPolicy {
    /// `D_{1/2}(π(·|s) ‖ other(·|s))` for each state `s`.
    public func renyiDivergenceOfOrderOneHalf(to other: TabularPolicy) -> [Double] {
        (0..<stateCount).map { s in Tabular.renyiDivergenceOfOrderOneHalf(row(s), other.row(s)) }
    }
}
