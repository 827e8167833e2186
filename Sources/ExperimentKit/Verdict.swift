/// The outcome of testing one claim or sub-claim against the data.
public enum VerdictKind: String, Sendable, CaseIterable {
    case confirmed
    case refuted
    case partlyConfirmed = "partly confirmed"
    case inconclusive
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
