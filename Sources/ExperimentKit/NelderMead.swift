/// Derivative-free minimisation by the Nelder–Mead simplex method, with the dimension-adaptive
/// coefficients of Gao & Han (2012, *Comput. Optim. Appl.* 51:259–277): reflection 1, expansion
/// `1 + 2/d`, contraction `3/4 − 1/(2d)`, shrink `1 − 1/d`, which keep the method effective in
/// tens of dimensions. NaN counts as `+∞`. Deterministic: no randomness inside; callers restart it
/// from seeded random points.
public struct NelderMead: Sendable {
    /// The most objective evaluations one call may use.
    public var maxEvaluations: Int
    /// Stop when `f(worst) − f(best) ≤ tolerance · (|f(best)| + tolerance)`.
    public var tolerance: Double

    public init(maxEvaluations: Int, tolerance: Double = 1e-10) {
        precondition(maxEvaluations >= 1 && tolerance >= 0)
        self.maxEvaluations = maxEvaluations
        self.tolerance = tolerance
    }

    public struct Result: Sendable {
        public var point: [Double]
        public var value: Double
        public var evaluations: Int
    }

    /// Minimises `f` from the simplex `x₀, x₀ + step·eᵢ`.
    public func minimize(_ f: ([Double]) -> Double, from start: [Double], step: Double) -> Result {
        let d = start.count
        precondition(d >= 1 && step != 0)
        let dd = Double(d)
        let (reflect, expand, contract, shrink) = (1.0, 1 + 2 / dd, 0.75 - 1 / (2 * dd), d > 1 ? 1 - 1 / dd : 0.5)
        var evaluations = 0
        func value(_ x: [Double]) -> Double {
            evaluations += 1
            let y = f(x)
            return y.isNaN ? .infinity : y
        }
        var points = [start]
        for i in 0..<d {
            var x = start
            x[i] += step
            points.append(x)
        }
        var values = points.map(value)

        while evaluations < maxEvaluations {
            let order = values.indices.sorted { values[$0] < values[$1] }
            points = order.map { points[$0] }
            values = order.map { values[$0] }
            let best = values[0], worst = values[d]
            if worst - best <= tolerance * (abs(best) + tolerance) { break }
            var centroid = [Double](repeating: 0, count: d)
            for p in points[0..<d] { for i in 0..<d { centroid[i] += p[i] / dd } }
            func along(_ t: Double) -> [Double] {   // centroid + t·(centroid − worst)
                (0..<d).map { centroid[$0] + t * (centroid[$0] - points[d][$0]) }
            }
            let xr = along(reflect), fr = value(xr)
            if fr < best {
                let xe = along(reflect * expand), fe = value(xe)
                (points[d], values[d]) = fe < fr ? (xe, fe) : (xr, fr)
            } else if fr < values[d - 1] {
                (points[d], values[d]) = (xr, fr)
            } else {
                let outside = fr < worst
                let xc = along(outside ? reflect * contract : -contract), fc = value(xc)
                if outside ? fc <= fr : fc < worst {
                    (points[d], values[d]) = (xc, fc)
                } else {
                    for k in 1...d {
                        points[k] = (0..<d).map { points[0][$0] + shrink * (points[k][$0] - points[0][$0]) }
                        values[k] = value(points[k])
                    }
                }
            }
        }
        let k = values.indices.min { values[$0] < values[$1] }!
        return Result(point: points[k], value: values[k], evaluations: evaluations)
    }
}
