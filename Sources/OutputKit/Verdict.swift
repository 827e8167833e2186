import ExperimentKit
import Foundation

/// The outcome of testing one claim or sub-claim against the data. The vocabulary is defined here,
/// once; the report prints these definitions (suite-tables --vocabulary), and each verdict row states
/// the rule it applied.
public enum VerdictKind: String, Sendable, CaseIterable {
    /// A statement made of several parts that must all hold: confirmed if every part is, refuted if
    /// any part is, inconclusive otherwise.
    public static func allOf(_ parts: [VerdictKind]) -> VerdictKind {
        if parts.contains(.refuted) { return .refuted }
        return !parts.isEmpty && parts.allSatisfy { $0 == .confirmed } ? .confirmed : .inconclusive
    }

    case confirmed
    case refuted
    case partlyConfirmed = "partly confirmed"
    case inconclusive

    /// What the word means in every verdict table of the suite.
    public var definition: String {
        switch self {
        case .confirmed:
            return "The statement holds as stated on everything examined. For a claim about all cases: no counterexample "
                + "among the instances tested nor in the adversarial search (which is evidence, not proof). For a claim that "
                + "something can happen: an instance that shows it. For a comparison: the whole 95% interval lies on the "
                + "claimed side of the threshold. For a rate claimed to equal its nominal value: the interval contains it."
        case .refuted:
            return "A counterexample was found (the row names it), or the whole 95% interval lies on the other side of the "
                + "threshold (or, for a rate, excludes its nominal value): the data contradict the statement."
        case .partlyConfirmed:
            return "The statement holds only under a restriction the source does not state (some discount factors, some "
                + "settings, exact rather than estimated quantities); the row says where it holds and where it fails."
        case .inconclusive:
            return "The data cannot decide: the 95% interval contains the threshold, or there are too few runs to compute one; "
                + "a search for an instance that shows something possible found none; or some settings are undecided and "
                + "none is refuted."
        }
    }
}

/// One row of `results/<experiment>/verdicts.csv` (columns `id, claim, statement, verdict, figure,
/// value, rule, detail`): computed from the data by the experiment, never assumed. Every field is
/// plain text (Unicode, no LaTeX markup); `suite-tables` renders the report's tables from it.
public struct Verdict: Sendable, Equatable {
    /// The stable identifier a reader cites, `C<claim>.<n>` (e.g. `C4.2`); never reused for another
    /// statement.
    public var id: String
    public var statement: String
    public var verdict: VerdictKind
    /// The name of the measured number the verdict rests on.
    public var figure: String
    public var value: Double
    /// The rule applied, as the rule value renders it.
    public var rule: String
    /// What was measured: sizes, the deciding instance, per-setting results.
    public var detail: String

    public init(id: String, statement: String, verdict: VerdictKind, figure: String, value: Double,
                rule: String, detail: String) {
        precondition(id.split(separator: ".").count == 2 && (id.first == "C" || id.first == "S"),
                     "a verdict id is C<claim>.<n> (or S<n>.<n> for sanity checks): \(id)")
        precondition(!(statement + rule + detail).contains("$") && !(statement + rule + detail).contains("\\"),
                     "verdict text is plain Unicode, not LaTeX: \(id)")
        self.id = id
        self.statement = statement
        self.verdict = verdict
        self.figure = figure
        self.value = value
        self.rule = rule
        self.detail = detail
    }

    /// The claim the verdict belongs to: the identifier before its dot (`C4` for `C4.2`).
    public var claim: String { String(id.split(separator: ".").first ?? "") }

    public static let columns = ["id", "claim", "statement", "verdict", "figure", "value", "rule", "detail"]

    /// The verdicts as the table `verdicts.csv` holds them.
    public static func table(_ verdicts: [Verdict]) -> CSVTable {
        precondition(Set(verdicts.map(\.id)).count == verdicts.count, "verdict ids repeat")
        var table = CSVTable(columns: columns)
        for v in verdicts {
            table.append([.string(v.id), .string(v.claim), .string(v.statement), .string(v.verdict.rawValue),
                          .string(v.figure), .double(v.value), .string(v.rule), .string(v.detail)])
        }
        return table
    }
}
