import ExperimentKit
import Foundation

/// One cell of a CSV table.
public enum CSVValue: Sendable, Equatable {
    case double(Double)
    case int(Int)
    case string(String)
    /// An empty cell (a value that does not apply to this row).
    case empty
}

extension CSVValue {
    /// `.double(x)` when `x` is finite, otherwise an empty cell (a statistic of an empty set).
    public static func finiteOrEmpty(_ x: Double) -> CSVValue { x.isFinite ? .double(x) : .empty }
}

extension CSVValue: ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral, ExpressibleByStringLiteral {
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(stringLiteral value: String) { self = .string(value) }
}

/// A tidy table: one header row, one row per observation, rendered as RFC 4180 CSV.
///
/// Doubles are written in Swift's shortest round-trip form (`0.1`, `1e-05`), which is exact and
/// the same on every platform; NaN or ±Inf is an error, never a cell.
public struct CSVTable: Sendable, Equatable {
    public let columns: [String]
    public private(set) var rows: [[CSVValue]] = []

    public init(columns: [String]) {
        precondition(Set(columns).count == columns.count, "duplicate column names")
        self.columns = columns
    }

    public var rowCount: Int { rows.count }

    /// Appends a row. Precondition: one value per column.
    public mutating func append(_ row: [CSVValue]) {
        precondition(row.count == columns.count,
                     "row has \(row.count) values for \(columns.count) columns")
        rows.append(row)
    }

    public mutating func append(contentsOf other: [[CSVValue]]) {
        for row in other { append(row) }
    }

    /// The CSV text, or a `NumericalError` naming the first non-finite cell.
    public func rendered() throws -> String {
        var out = columns.map(CSVTable.escape).joined(separator: ",") + "\n"
        for (r, row) in rows.enumerated() {
            var cells: [String] = []
            cells.reserveCapacity(row.count)
            for (c, value) in row.enumerated() {
                switch value {
                case .double(let x):
                    guard x.isFinite else {
                        throw NumericalError("non-finite value \(x) in row \(r + 1), column '\(columns[c])'")
                    }
                    cells.append(x == 0 ? "0" : "\(x)")
                case .int(let n): cells.append(String(n))
                case .string(let s): cells.append(CSVTable.escape(s))
                case .empty: cells.append("")
                }
            }
            out += cells.joined(separator: ",") + "\n"
        }
        return out
    }

    /// Quotes a field if it holds a comma, quote or line break (RFC 4180).
    static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
