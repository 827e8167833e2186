/// "Every measured value lies in [lower, upper]" — e.g. a convergence rate's slope near −1/2, a
/// local order near 2: confirmed if all do, refuted if one does not. Holds its bounds once and
/// renders its own sentence.
public struct RangeRule: Sendable, Equatable {
    public var quantity: String
    public var lower: Double
    public var upper: Double

    public init(quantity: String, lower: Double, upper: Double) {
        precondition(lower <= upper, "empty range")
        self.quantity = quantity
        self.lower = lower
        self.upper = upper
    }

    public func contains(_ value: Double) -> Bool { value >= lower && value <= upper }

    /// Confirmed if every value lies in the range, refuted if one does not, inconclusive for none.
    public func verdict(_ values: [Double]) -> VerdictKind {
        guard !values.isEmpty else { return .inconclusive }
        return values.allSatisfy(contains) ? .confirmed : .refuted
    }

    public var statement: String {
        "confirmed if every \(quantity) lies in [\(RuleNumber.text(lower)), \(RuleNumber.text(upper))], refuted otherwise"
    }
}
