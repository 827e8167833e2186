import Foundation

/// The analytical update rule (docs/CLAIMS.md C5; Li, Clavette & He 2022, Result 1 and its
/// derivation by the calculus of variations):
///   `π_new(a|s) = π_old(a|s) · exp(A(s,a)/C) / Σ_b π_old(b|s) · exp(A(s,b)/C)`,
/// the state-by-state maximiser of `E_{a~π'}[A(s,a)] − C · D_KL(π'(·|s) ‖ π_old(·|s))`.
///
/// Computed as a softmax of `log π_old + (A − max_a A)/C`, so any finite `A` and `C` are safe.
/// Limits: `C = 0` is the greedy limit, `π_old` restricted to `argmax_{a: π_old(a|s)>0} A(s,a)` and
/// renormalised (policy iteration's step when `π_old` has full support); `C = +∞` leaves `π_old`
/// unchanged. With `ε = 0` (all advantages zero) the theorem's `C` is 0 and every action ties, so
/// the greedy limit returns `π_old` itself. Preconditions: `C ≥ 0` (or `+∞`), finite advantages.
public func analyticalUpdate(policy old: TabularPolicy, advantage: [Double], temperature c: Double) -> TabularPolicy {
    precondition(c >= 0 && !c.isNaN, "temperature C must be ≥ 0")
    precondition(advantage.count == old.probabilities.count && advantage.allSatisfy(\.isFinite))
    if c == .infinity || advantage.allSatisfy({ $0 == 0 }) { return old }   // no change, or ε = 0
    let n = old.stateCount, m = old.actionCount
    var logits = [Double](repeating: -.infinity, count: n * m)
    for s in 0..<n {
        // The rule is invariant to adding a constant to A(s,·), so shift by the largest advantage on
        // the support: every exponent (A − max A)/C is then ≤ 0 and can only underflow (to −∞, i.e.
        // probability 0, the correct limit), never overflow, whatever the size of A/C.
        let best = (0..<m).filter { old[s, $0] > 0 }.map { advantage[s * m + $0] }.max() ?? 0
        for a in 0..<m where old[s, a] > 0 {
            if c > 0 {
                logits[s * m + a] = log(old[s, a]) + (advantage[s * m + a] - best) / c
            } else if advantage[s * m + a] == best {
                logits[s * m + a] = log(old[s, a])
            }
        }
    }
    return TabularPolicy.softmax(logits: logits, stateCount: n, actionCount: m)
}

/// The per-state objective the rule maximises: `Σ_a p(a)·A(a) − C · D_KL(p ‖ π_old)`.
public func updateObjective(_ p: [Double], old: [Double], advantage: [Double], temperature c: Double) -> Double {
    zip(p, advantage).reduce(0) { $0 + $1.0 * $1.1 } - c * klDivergence(p, old)
}

/// `Σ_a |p(a) A(a)| + C · (D_KL(p ‖ π_old) + 2)`: the magnitude of what `updateObjective` adds,
/// which sets its rounding error. The KL terms `q φ(p/q)` are non-negative; the `+ 2` is the mass
/// `Σp + Σq` that the φ-form carries (`Σ q φ(p/q) = Σ p log(p/q) − Σp + Σq`), because a computed
/// distribution sums to 1 only within about `m·u`. Each term carries at most about 8 roundings and
/// the sum of `m` terms `m − 1` more, so one evaluation is within `(m + 8)·u` times this magnitude.
public func updateObjectiveMagnitude(_ p: [Double], old: [Double], advantage: [Double], temperature c: Double) -> Double {
    zip(p, advantage).reduce(0) { $0 + abs($1.0 * $1.1) } + c * (klDivergence(p, old) + 2)
}

/// Its maximum, attained by the rule: `C · log Σ_a π_old(a) exp(A(a)/C)` (for `C > 0`).
public func updateObjectiveMaximum(old: [Double], advantage: [Double], temperature c: Double) -> Double {
    precondition(c > 0)
    return c * logSumExp(zip(old, advantage).filter { $0.0 > 0 }.map { log($0.0) + $0.1 / c })
}
