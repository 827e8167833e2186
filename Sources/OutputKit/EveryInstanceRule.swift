/// A claim about all cases, "quantity ≤ limit on every instance" (or ≥): confirmed when no instance
/// examined breaks it (evidence, not proof: the row says how many instances and which search),
/// refuted by any instance that does, which the row then names. Holds its limit once and renders its
/// own sentence.
public struct EveryInstanceRule: Sendable, Equatable {
    public enum Side: Sendable, Equatable {
        /// The claim is `quantity ≤ limit`.
        case atMost
        /// The claim is `quantity ≥ limit`.
        case atLeast
    }

    public var quantity: String
    public var limit: Double
    public var side: Side
    /// How the limit is printed when it is not a plain number (e.g. "γ(1 + 10⁻¹²)").
    public var limitText: String?

    public init(quantity: String, limit: Double, side: Side = .atMost, limitText: String? = nil) {
        self.quantity = quantity
        self.limit = limit
        self.side = side
        self.limitText = limitText
    }

    /// Whether one instance satisfies the claim (NaN does not).
    public func holds(_ value: Double) -> Bool {
        side == .atMost ? value <= limit : value >= limit
    }

    /// Confirmed if every value satisfies the claim, refuted if one does not, inconclusive for no instance.
    public func verdict(_ values: [Double]) -> VerdictKind {
        guard !values.isEmpty else { return .inconclusive }
        return values.allSatisfy(holds) ? .confirmed : .refuted
    }

    /// The verdict from counts: `violations` instances of `instances` break the claim.
    public func verdict(violations: Int, of instances: Int) -> VerdictKind {
        guard instances > 0 else { return .inconclusive }
        return violations == 0 ? .confirmed : .refuted
    }

    /// The index of the value closest to breaking the claim (or breaking it most); nil for no values.
    public func worstIndex(_ values: [Double]) -> Int? {
        guard !values.isEmpty else { return nil }
        if let broken = values.indices.first(where: { !values[$0].isFinite }) { return broken }
        return side == .atMost ? values.indices.max { values[$0] < values[$1] } : values.indices.min { values[$0] < values[$1] }
    }

    public var statement: String {
        let limit = limitText ?? RuleNumber.text(self.limit)
        let (claimed, other) = side == .atMost ? ("≤", ">") : ("≥", "<")
        return "confirmed if every \(quantity) \(claimed) \(limit) (no counterexample among the instances examined), "
            + "refuted by any instance with \(quantity) \(other) \(limit)"
    }
}

extension EveryInstanceRule {
    /// The verdict row of an every-instance claim from (value, instance label) pairs: the worst value
    /// decides and is named in the detail ("N <what>; k break it; the worst is <label> at <value>", or
    /// "the closest to the limit is …" when none breaks it).
    public func verdictRow(id: String, statement: String, figure: String, _ values: [(Double, String)], what: String) -> Verdict {
        let kind = verdict(values.map(\.0))
        let worst = worstIndex(values.map(\.0))
        let value = worst.map { values[$0].0 } ?? .nan
        let broken = values.filter { !holds($0.0) }.count
        let shown = String(format: "%.3g", value).replacingOccurrences(of: "-", with: "−")
        var detail = "\(values.count) \(what); "
        if let w = worst {
            detail += broken > 0 ? "\(broken) break it; the worst is \(values[w].1) at \(shown)"
                                 : "the closest to the limit is \(values[w].1) at \(shown)"
        } else { detail += "none examined" }
        return Verdict(id: id, statement: statement, verdict: kind, figure: figure, value: value, rule: self.statement, detail: detail)
    }
}
