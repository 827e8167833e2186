/// What an experiment's `Findings` holds while it judges its data: the verdict rows and the macros the
/// report cites. Conforming gives it `every(…)`, the one way an every-instance claim becomes a row and
/// two macros.
public protocol VerdictCollecting {
    var verdicts: [Verdict] { get set }
    var macros: LaTeXMacros { get set }
}

extension VerdictCollecting {
    /// Appends the row of an every-instance claim over labelled values (`EveryInstanceRule.verdict(id:…)`:
    /// the worst value decides and is named) and defines `\<prefix><macro>` (the value) and
    /// `\<prefix>Verdict<macro>` (the verdict word).
    public mutating func every(_ id: String, _ statement: String, rule: EveryInstanceRule, figure: String,
                               _ values: [(Double, String)], what: String, macro: String) {
        let row = rule.verdict(id: id, statement: statement, figure: figure, values, what: what)
        verdicts.append(row)
        macros.define(macro, number: row.value)
        macros.define("Verdict" + macro, row.verdict.rawValue)
    }
}
