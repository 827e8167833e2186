/// A claim judged separately at each setting that matters (each γ, each sample size), so that
/// pooling cannot hide a failure: the row's verdict combines the per-setting verdicts and its detail
/// lists them.
///
/// Combination: confirmed if confirmed at every setting; refuted if refuted at every setting that
/// decides and confirmed at none; partly confirmed if confirmed at some settings and refuted at others
/// (the statement holds only under a restriction the source does not state: the row names where);
/// inconclusive otherwise (no setting refuted and not every setting confirmed).
public struct PerSetting: Sendable, Equatable {
    public var outcomes: [(setting: String, verdict: VerdictKind)]

    public init(_ outcomes: [(setting: String, verdict: VerdictKind)]) {
        self.outcomes = outcomes
    }

    public static func == (a: PerSetting, b: PerSetting) -> Bool {
        a.outcomes.map(\.setting) == b.outcomes.map(\.setting) && a.outcomes.map(\.verdict) == b.outcomes.map(\.verdict)
    }

    public var verdict: VerdictKind {
        let kinds = outcomes.map(\.verdict)
        let confirmed = kinds.contains(.confirmed), refuted = kinds.contains(.refuted)
        if !kinds.isEmpty && kinds.allSatisfy({ $0 == .confirmed }) { return .confirmed }
        if confirmed && refuted { return .partlyConfirmed }
        return refuted ? .refuted : .inconclusive
    }

    /// "holds at γ = 0.5, γ = 0.6; fails at γ = 0.9; undecided at γ = 0.8", listing only non-empty
    /// groups; a setting that itself contains a comma is parenthesised ("(γ = 0.5, N = 10)").
    public var summary: String {
        func item(_ setting: String) -> String { setting.contains(",") ? "(\(setting))" : setting }
        func list(_ kind: VerdictKind) -> String {
            outcomes.filter { $0.verdict == kind }.map { item($0.setting) }.joined(separator: ", ")
        }
        var parts: [String] = []
        for (kind, word) in [(VerdictKind.confirmed, "holds at"), (.refuted, "fails at"), (.inconclusive, "undecided at"),
                             (.partlyConfirmed, "partly holds at")] {
            let l = list(kind)
            if !l.isEmpty { parts.append("\(word) \(l)") }
        }
        return parts.joined(separator: "; ")
    }

    /// The rule in words, for the verdict row.
    public static let statement = "judged at each setting separately; confirmed if confirmed at every setting, "
        + "partly confirmed if confirmed at some and refuted at others, refuted if refuted where decided and confirmed "
        + "nowhere, inconclusive otherwise"
}
