/// Limited-memory BFGS (Nocedal 1980; Nocedal & Wright 2006, Algorithms 7.4–7.5) for a smooth
/// objective given with its gradient: the direction d = −H g from the two-loop recursion over
/// the last `memory` pairs (s, y) = (Δx, Δg), with H₀ = (sᵀy / yᵀy) I (and H₀ = I/‖g‖ on the
/// first iteration, so the first trial step has unit length), then Armijo backtracking
///   f(x + t d) ≤ f(x) + c₁ t gᵀd,  t = 1, ½, ¼, … (at most 40 halvings),
/// pairs with sᵀy ≤ 10⁻¹⁰ skipped. Stops after `maximumIterations`, when ‖g‖_∞ ≤ 10⁻⁵, or when
/// the relative decrease of f falls below 2.2·10⁻⁹ (scipy's `fmin_l_bfgs_b` defaults
/// `pgtol`, `factr`·ε). rllab fits ERWR's and REPS's policies with scipy's L-BFGS-B (20 and 50
/// iterations); this has the same memory (10) and stopping rules but a simpler line search than
/// scipy's Moré–Thuente, so the iterates are not scipy's.
public struct LBFGS: Sendable, Equatable {
    public var maximumIterations: Int
    public var memory: Int

    public init(maximumIterations: Int, memory: Int = 10) {
        precondition(maximumIterations >= 1 && memory >= 1)
        self.maximumIterations = maximumIterations
        self.memory = memory
    }

    public struct Result: Sendable, Equatable {
        public var point: [Double]
        public var value: Double
        public var iterations: Int
    }

    /// Minimises f from x₀; `f` returns the value and the gradient.
    public func minimize(_ f: ([Double]) -> (value: Double, gradient: [Double]), from x0: [Double]) -> Result {
        var x = x0
        var (fx, g) = f(x)
        var pairs: [(s: [Double], y: [Double], rho: Double)] = []
        var iterations = 0
        while iterations < maximumIterations {
            if g.reduce(0, { max($0, abs($1)) }) <= 1e-5 { break }
            // Two-loop recursion: r = H g.
            var q = g
            var alphas = [Double](repeating: 0, count: pairs.count)
            for k in stride(from: pairs.count - 1, through: 0, by: -1) {
                alphas[k] = pairs[k].rho * dot(pairs[k].s, q)
                for i in q.indices { q[i] -= alphas[k] * pairs[k].y[i] }
            }
            let gamma: Double
            if let last = pairs.last { gamma = dot(last.s, last.y) / dot(last.y, last.y) } else { gamma = 1 / dot(g, g).squareRoot() }
            var r = q.map { gamma * $0 }
            for k in pairs.indices {
                let beta = pairs[k].rho * dot(pairs[k].y, r)
                for i in r.indices { r[i] += pairs[k].s[i] * (alphas[k] - beta) }
            }
            let d = r.map { -$0 }
            let slope = dot(g, d)
            guard slope < 0 else { break }
            var t = 1.0, accepted = false
            var xNew = x, fNew = fx, gNew = g
            for _ in 0..<40 {
                xNew = x.indices.map { x[$0] + t * d[$0] }
                (fNew, gNew) = f(xNew)
                if fNew.isFinite && fNew <= fx + 1e-4 * t * slope { accepted = true; break }
                t *= 0.5
            }
            guard accepted else { break }
            iterations += 1
            let s = xNew.indices.map { xNew[$0] - x[$0] }, y = gNew.indices.map { gNew[$0] - g[$0] }
            let sy = dot(s, y)
            if sy > 1e-10 {
                pairs.append((s, y, 1 / sy))
                if pairs.count > memory { pairs.removeFirst() }
            }
            let decrease = (fx - fNew) / max(abs(fx), abs(fNew), 1)
            (x, fx, g) = (xNew, fNew, gNew)
            if decrease <= 2.2e-9 { break }
        }
        return Result(point: x, value: fx, iterations: iterations)
    }
}
