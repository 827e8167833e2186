import ArgumentParser
import CSV
import ExperimentKit
import Foundation

/// Turns a `verdicts.csv` (columns `claim, statement, verdict, figure, value, detail`) into the
/// LaTeX table the report inputs, so the report's verdicts are generated from the data files.
@main
struct SuiteTables: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suite-tables",
        abstract: "Render results/<claim>/verdicts.csv as a LaTeX verdict table.")

    @Argument(help: "The verdicts.csv to read.")
    var input: String

    @Option(name: .shortAndLong, help: "The .tex file to write (atomically).")
    var output: String

    func run() throws {
        guard let stream = InputStream(fileAtPath: input) else {
            throw ValidationError("cannot open '\(input)' for reading")
        }
        let reader = try CSVReader(stream: stream, hasHeaderRow: true)
        guard reader.headerRow == Verdict.columns else {
            throw ValidationError("'\(input)' has columns \(reader.headerRow ?? []); expected \(Verdict.columns)")
        }
        var body: [String] = []
        while let row = reader.next() {
            guard row.count == Verdict.columns.count, let value = Double(row[4]) else {
                throw ValidationError("malformed row in '\(input)': \(row)")
            }
            guard VerdictKind(rawValue: row[2]) != nil else {
                throw ValidationError("unknown verdict '\(row[2])' in '\(input)'; allowed: "
                    + VerdictKind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let e = SuiteTables.escapeOutsideMath
            body.append("\(e(row[0])) & \(e(row[1])) & \\textbf{\(e(row[2]))} & "
                + "\\texttt{\(e(row[3]))} = $\(LaTeXMacros.format(value))$ & \(e(row[5])) \\\\")
        }
        let table = """
        % Generated from \(input) by suite-tables; do not edit.
        \\begin{tabular}{@{}p{0.08\\linewidth} p{0.3\\linewidth} p{0.07\\linewidth} p{0.17\\linewidth} p{0.3\\linewidth}@{}}
        \\toprule
        Claim & Statement & Verdict & Measured & Detail \\\\
        \\midrule
        \(body.joined(separator: "\n\\addlinespace\n"))
        \\bottomrule
        \\end{tabular}

        """
        let url = URL(fileURLWithPath: output)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(table.utf8).write(to: url, options: .atomic)
    }

    /// Escapes text for LaTeX, except `$…$` segments, which are TeX math and pass through.
    static func escapeOutsideMath(_ text: String) -> String {
        text.split(separator: "$", omittingEmptySubsequences: false).enumerated().map { k, part in
            k % 2 == 1 ? "$" + part + "$" : LaTeXMacros.escapeText(String(part))
        }.joined()
    }
}
