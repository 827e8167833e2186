import CKernels

/// Global gradient-norm clipping, as PyTorch's `clip_grad_norm_`: with ‖g‖ the Euclidean norm of
/// every parameter's gradient together, g ← g · c where c = maxNorm / (‖g‖ + 10⁻⁶) if c < 1.
/// Returns ‖g‖ before clipping. ‖g‖² is summed in eight interleaved partial sums (vectorised, the
/// same bits on every CPU). Precondition: maxNorm > 0.
@discardableResult
public func clipGlobalNorm(_ g: inout [Double], maxNorm: Double) -> Double {
    precondition(maxNorm > 0)
    let norm = ck_sum_of_squares(g, g.count).squareRoot()
    let coefficient = maxNorm / (norm + 1e-6)
    if coefficient < 1 {
        for i in g.indices { g[i] *= coefficient }
    }
    return norm
}
