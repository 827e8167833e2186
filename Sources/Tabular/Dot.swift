/// `Σᵢ xᵢ yᵢ` over `count` entries, summed in four interleaved partial sums (entries `i ≡ k mod 4`
/// go to sum `k`, combined as `(s₀ + s₁) + (s₂ + s₃)`), so the additions do not wait on each other.
/// The order is fixed, so the result is the same on every run and thread.
@inlinable
func dot(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, count: Int) -> Double {
    var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
    var i = 0
    while i + 4 <= count {
        s0 += x[i] * y[i]; s1 += x[i + 1] * y[i + 1]
        s2 += x[i + 2] * y[i + 2]; s3 += x[i + 3] * y[i + 3]
        i += 4
    }
    while i < count { s0 += x[i] * y[i]; i += 1 }
    return (s0 + s1) + (s2 + s3)
}
