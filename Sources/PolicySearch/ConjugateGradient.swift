/// Conjugate gradient for A x = b with A symmetric positive definite, given only v ↦ A v
/// (Hestenes & Stiefel 1952; the form of Demmel 1997, p. 312, as rllab's `krylov.cg`):
///   x₀ = 0, r₀ = p₀ = b;  for k = 0, 1, …:
///     α = rᵀr / pᵀAp,  x ← x + αp,  r ← r − αAp,  β = r'ᵀr' / rᵀr,  p ← r' + βp,
/// stopping after `iterations` steps or once rᵀr < `residualTolerance` (rllab: 10 steps, 10⁻¹⁰).
/// In exact arithmetic it solves an n × n system in n steps; truncated, it is the "truncated"
/// of TNPG. Precondition: b non-empty.
public func conjugateGradient(_ apply: ([Double]) -> [Double], _ b: [Double], iterations: Int = 10,
                              residualTolerance: Double = 1e-10) -> [Double] {
    precondition(!b.isEmpty && iterations > 0)
    var x = [Double](repeating: 0, count: b.count)
    var r = b, p = b
    var rr = dot(r, r)
    for _ in 0..<iterations {
        if rr < residualTolerance { break }
        let ap = apply(p)
        let alpha = rr / dot(p, ap)
        for i in x.indices {
            x[i] += alpha * p[i]
            r[i] -= alpha * ap[i]
        }
        let next = dot(r, r)
        let beta = next / rr
        for i in p.indices { p[i] = r[i] + beta * p[i] }
        rr = next
    }
    return x
}

/// xᵀy, summed in order.
public func dot(_ x: [Double], _ y: [Double]) -> Double {
    precondition(x.count == y.count)
    var total = 0.0
    for i in x.indices { total += x[i] * y[i] }
    return total
}
