/// Global gradient-norm clipping, as PyTorch's `clip_grad_norm_`: with ‖g‖ the Euclidean norm of
/// every parameter's gradient together, g ← g · c where c = maxNorm / (‖g‖ + 10⁻⁶) if c < 1.
/// Returns ‖g‖ before clipping. Precondition: maxNorm > 0.
@discardableResult
public func clipGlobalNorm(_ g: inout [Double], maxNorm: Double) -> Double {
    precondition(maxNorm > 0)
    var sumOfSquares = 0.0
    for x in g { sumOfSquares += x * x }
    let norm = sumOfSquares.squareRoot()
    let coefficient = maxNorm / (norm + 1e-6)
    if coefficient < 1 {
        for i in g.indices { g[i] *= coefficient }
    }
    return norm
}
