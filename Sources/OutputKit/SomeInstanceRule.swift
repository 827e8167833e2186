/// A claim that something can happen ("updating both agents at once can lower J"): confirmed by one
/// instance that shows it, which the row names; when none of the instances examined shows it the data
/// cannot decide (inconclusive), since a search that finds nothing proves nothing. Holds its limit once
/// and renders its own sentence.
public struct SomeInstanceRule: Sendable, Equatable {
    public enum Side: Sendable, Equatable {
        /// The claim is "some instance has quantity < limit".
        case below
        /// The claim is "some instance has quantity > limit".
        case above
    }

    public var quantity: String
    public var limit: Double
    public var side: Side

    public init(quantity: String, limit: Double, side: Side) {
        self.quantity = quantity
        self.limit = limit
        self.side = side
    }

    public func shows(_ value: Double) -> Bool { side == .below ? value < limit : value > limit }

    public func verdict(_ values: [Double]) -> VerdictKind {
        values.contains(where: shows) ? .confirmed : .inconclusive
    }

    public var statement: String {
        let relation = side == .below ? "<" : ">"
        return "confirmed by any instance with \(quantity) \(relation) \(RuleNumber.text(limit)); "
            + "inconclusive if none of the instances examined has one"
    }
}
