import ExperimentKit
import Foundation

/// The outcome of testing one claim or sub-claim against the data. The vocabulary is defined here,
/// once; the report prints these definitions (suite-tables --vocabulary), and each verdict row states
/// the rule it applied.
public enum VerdictKind: String, Sendable, CaseIterable {
    case confirmed
    case refuted
    case partlyConfirmed = "partly confirmed"
    case inconclusive

    /// What the word means in every verdict table of the suite.
    public var definition: String {
        switch self {
        case .confirmed:
            return "The statement holds as stated on everything examined. For a claim about all cases: no counterexample "
                + "among the instances tested nor in the adversarial search (which is evidence, not proof). For a comparison: "
                + "the whole 95% interval lies on the claimed side of the threshold."
        case .refuted:
            return "A counterexample was found (the row names it), or the whole 95% interval lies on the other side of the "
                + "threshold: the data contradict the statement."
        case .partlyConfirmed:
            return "The statement holds only under a restriction the source does not state (some discount factors, some "
                + "settings, exact rather than estimated quantities); the row says where it holds and where it fails."
        case .inconclusive:
            return "The data cannot decide: the 95% interval contains the threshold, or there are too few runs to compute one."
        }
    }
}

/// One row of `results/<claim>/verdicts.csv` (columns `claim, statement, verdict, figure, value,
/// detail`): computed from the data by the experiment, never assumed.
public struct Verdict: Sendable, Equatable {
    public var claim: String
    public var statement: String
    public var verdict: VerdictKind
    /// The name of the measured number the verdict rests on.
    public var figure: String
    public var value: Double
    public var detail: String

    public init(claim: String, statement: String, verdict: VerdictKind,
                figure: String, value: Double, detail: String) {
        self.claim = claim
        self.statement = statement
        self.verdict = verdict
        self.figure = figure
        self.value = value
        self.detail = detail
    }

    public static let columns = ["claim", "statement", "verdict", "figure", "value", "detail"]

    /// The verdicts as the table `verdicts.csv` holds them.
    public static func table(_ verdicts: [Verdict]) -> CSVTable {
        var table = CSVTable(columns: columns)
        for v in verdicts {
            table.append([.string(v.claim), .string(v.statement), .string(v.verdict.rawValue),
                          .string(v.figure), .double(v.value), .string(v.detail)])
        }
        return table
    }
}

/// A comparative verdict decided by a confidence interval, never by two point estimates: the claim
/// "quantity > threshold" (or "quantity ≤ threshold") is confirmed when the whole interval lies on
/// the claimed side, refuted when the whole interval lies on the other side, and inconclusive when
/// the interval reaches the threshold. The rule holds its threshold once and states itself.
public struct IntervalRule: Sendable, Equatable {
    public enum Side: Sendable, Equatable {
        /// The claim is `quantity > threshold`.
        case above
        /// The claim is `quantity ≤ threshold`.
        case atMost
    }

    public var quantity: String
    public var threshold: Double
    public var side: Side
    public var level: Double

    public init(quantity: String, threshold: Double, side: Side, level: Double = 0.95) {
        self.quantity = quantity
        self.threshold = threshold
        self.side = side
        self.level = level
    }

    /// The verdict for the interval [lower, upper]. A NaN bound gives `inconclusive`.
    public func verdict(lower: Double, upper: Double) -> VerdictKind {
        guard lower.isFinite, upper.isFinite else { return .inconclusive }
        switch side {
        case .above:
            if lower > threshold { return .confirmed }
            if upper <= threshold { return .refuted }
        case .atMost:
            if upper <= threshold { return .confirmed }
            if lower > threshold { return .refuted }
        }
        return .inconclusive
    }

    /// The rule in words, e.g. for the verdict table's detail column.
    public var statement: String {
        let t = String(format: "%g", threshold)
        let claimed = side == .above ? "above \(t)" : "at or below \(t)"
        let other = side == .above ? "at or below \(t)" : "above \(t)"
        return "confirmed if the \(Int((level * 100).rounded()))% interval of \(quantity) lies \(claimed), "
            + "refuted if it lies \(other), inconclusive if it straddles \(t)"
    }

    /// A claim made of several comparisons that must all hold: confirmed if every one is, refuted if
    /// any one is, inconclusive otherwise.
    public static func all(_ verdicts: [VerdictKind]) -> VerdictKind {
        if verdicts.contains(.refuted) { return .refuted }
        return !verdicts.isEmpty && verdicts.allSatisfy { $0 == .confirmed } ? .confirmed : .inconclusive
    }
}
