/// 64-bit FNV-1a (Fowler–Noll–Vo): h ← (h ⊕ byte) · 1099511628211 from h = 14695981039346656037,
/// over bytes fed in order. The suite's one implementation: stream keys, trial-file fingerprints and
/// the MuJoCo fixtures' hashes of float64 arrays (little-endian bytes, as NumPy's `tobytes`).
public struct FNV1a: Sendable {
    public private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    public init() {}

    public mutating func add<S: Sequence>(bytes: S) where S.Element == UInt8 {
        for byte in bytes { value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
    }

    /// The eight little-endian bytes of `word`.
    public mutating func add(_ word: UInt64) {
        var w = word
        for _ in 0..<8 {
            value = (value ^ (w & 0xFF)) &* 0x0000_0100_0000_01B3
            w >>= 8
        }
    }

    /// The little-endian bytes of each float64 in order.
    public mutating func add(_ values: [Double]) { for v in values { add(v.bitPattern) } }

    /// `value` as 16 lower-case hexadecimal digits.
    public var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
