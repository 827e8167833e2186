import CKernels

/// Runs `body` with the C kernels capped at each instruction-set level this CPU has (0 portable,
/// 1 AVX2+FMA, 2 AVX-512) and returns the results, lowest level first.
func atEveryKernelLevel<T>(_ body: () throws -> T) rethrows -> [(level: Int32, result: T)] {
    defer { ck_limit_vector_level(2) }
    let top = ck_limit_vector_level(2)
    return try (0...top).map { level in
        precondition(ck_limit_vector_level(level) == level)
        return (level, try body())
    }
}
