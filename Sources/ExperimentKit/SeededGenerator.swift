import Foundation

/// The suite's one random number generator: xoshiro256** (Blackman & Vigna, 2018),
/// seeded through SplitMix64. Both are fully specified integer recurrences, so a given
/// seed yields the same stream on every platform and Swift version; the system RNG is
/// never used.
///
/// Floating-point draws are built from the 64-bit outputs by the functions below, not
/// by the standard library's `random(in:using:)` (whose algorithm is not a stable API).
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    @usableFromInline var s0, s1, s2, s3: UInt64

    /// A generator whose four words of state are four successive SplitMix64 outputs of `seed`.
    public init(seed: UInt64) {
        var sm = SplitMix64(state: seed)
        s0 = sm.next(); s1 = sm.next(); s2 = sm.next(); s3 = sm.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 0x9E37_79B9_7F4A_7C15 } // the all-zero state is excluded
    }

    /// The next 64 random bits (xoshiro256**).
    @inlinable
    public mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = rotateLeft(s3, 45)
        return result
    }

    /// A uniform draw from `[0, 1)`: the top 53 bits of `next()` times 2⁻⁵³.
    @inlinable
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform draw from the open interval `(0, 1)`, safe as an argument of `log`.
    @inlinable
    public mutating func nextOpenUniform() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1.0p-53
    }

    /// A uniform integer in `0..<bound` by Lemire's multiply-and-reject method (no modulo bias).
    /// Precondition: `bound > 0`.
    @inlinable
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let b = UInt64(bound)
        var m = next().multipliedFullWidth(by: b)
        if m.low < b {
            let threshold = (0 &- b) % b
            while m.low < threshold { m = next().multipliedFullWidth(by: b) }
        }
        return Int(m.high)
    }

    /// A standard normal draw by the Box–Muller transform (one of the pair is used).
    @inlinable
    public mutating func nextGaussian() -> Double {
        let u1 = nextOpenUniform(), u2 = nextUniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// An offset `k ∈ 0..<count` drawn from the categorical distribution `probabilities`
    /// (non-negative, summing to 1 up to rounding) by inversion; the offset counts from the
    /// collection's start, so slices work. Rounding slack falls on the last positive entry.
    @inlinable
    public mutating func nextCategorical<C: Collection>(_ probabilities: C) -> Int where C.Element == Double {
        let u = nextUniform()
        var cumulative = 0.0
        var last = 0
        for (k, p) in probabilities.enumerated() {
            if p > 0 { last = k }
            cumulative += p
            if u < cumulative { return k }
        }
        return last
    }

    /// A draw from the geometric law `P(T = t) = (1 − q) qᵗ`, `t = 0, 1, …`, by inversion.
    /// Precondition: `0 ≤ q < 1`.
    @inlinable
    public mutating func nextGeometric(continuation q: Double) -> Int {
        precondition(q >= 0 && q < 1, "continuation probability must be in [0, 1)")
        if q == 0 { return 0 }
        return Int((log(nextOpenUniform()) / log(q)).rounded(.down))
    }

    @inlinable @inline(__always) func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }
}

/// SplitMix64 (Steele, Lea & Flood, 2014): used to expand seeds and to mix stream keys.
public struct SplitMix64: Sendable {
    public var state: UInt64
    public init(state: UInt64) { self.state = state }

    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// SplitMix64's output function: a bijective avalanche mix of 64 bits.
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
