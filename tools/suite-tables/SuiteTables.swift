import ArgumentParser
import CSV
import ExperimentKit
import OutputKit
import Foundation

/// Turns a `verdicts.csv` (columns `id, claim, statement, verdict, figure, value, rule, detail`, all
/// plain text) into the LaTeX table the report inputs, so the report's verdicts are generated from
/// the data files. This is the one place where verdict text becomes LaTeX.
@main
struct SuiteTables: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suite-tables",
        abstract: "Render results/<claim>/verdicts.csv as a LaTeX verdict table.")

    @Argument(help: "The verdicts.csv to read (not with --vocabulary).")
    var input: String?

    @Flag(help: "Write the table of verdict words and their definitions (from VerdictKind) instead.")
    var vocabulary = false

    @Option(name: .shortAndLong, help: "The .tex file to write (atomically).")
    var output: String

    @Flag(help: "Also write one table per claim (the claim column, e.g. C1) beside --output, as verdicts-C1.tex, before the full table.")
    var split = false

    func validate() throws {
        if vocabulary && input != nil { throw ValidationError("give either a verdicts.csv or --vocabulary, not both") }
        if !vocabulary && input == nil { throw ValidationError("missing the verdicts.csv to read (or --vocabulary)") }
    }

    func run() throws {
        if vocabulary {
            let rows = VerdictKind.allCases.map { "\\textbf{\($0.rawValue)} & \(LaTeXMacros.escapeText($0.definition)) \\\\" }
            let text = """
            % Generated from VerdictKind (Sources/OutputKit/Verdict.swift) by suite-tables; do not edit.
            \\begin{tabular}{@{}l>{\\raggedright\\arraybackslash}p{0.78\\linewidth}@{}}
            \\toprule
            Verdict & Meaning \\\\
            \\midrule
            \(rows.joined(separator: "\n"))
            \\bottomrule
            \\end{tabular}

            """
            let url = URL(fileURLWithPath: output)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .atomic)
            return
        }
        let input = self.input!
        guard let stream = InputStream(fileAtPath: input) else {
            throw ValidationError("cannot open '\(input)' for reading")
        }
        let reader = try CSVReader(stream: stream, hasHeaderRow: true)
        guard reader.headerRow == Verdict.columns else {
            throw ValidationError("'\(input)' has columns \(reader.headerRow ?? []); expected \(Verdict.columns)")
        }
        var rows: [(claim: String, line: String)] = []
        let column = Dictionary(uniqueKeysWithValues: Verdict.columns.enumerated().map { ($1, $0) })
        while let row = reader.next() {
            guard row.count == Verdict.columns.count, let value = Double(row[column["value"]!]) else {
                throw ValidationError("malformed row in '\(input)': \(row)")
            }
            func field(_ name: String) -> String { LaTeXMacros.escapeText(row[column[name]!]) }
            guard VerdictKind(rawValue: row[column["verdict"]!]) != nil else {
                throw ValidationError("unknown verdict '\(row[column["verdict"]!])' in '\(input)'; allowed: "
                    + VerdictKind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let line = "\\textbf{\(field("id"))} & \(field("statement")) & \\textbf{\(field("verdict"))} & "
                + "\\texttt{\(field("figure").replacingOccurrences(of: "\\_", with: "\\_\\allowbreak{}"))} "
                + "$= \(LaTeXMacros.format(value))$ & \\emph{Rule:} \(field("rule")). \(field("detail")) \\\\"
            rows.append((row[column["claim"]!], line))
        }
        let url = URL(fileURLWithPath: output)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if split {
            var claims: [String] = []
            for r in rows where !claims.contains(r.claim) { claims.append(r.claim) }
            for claim in claims {
                let part = url.deletingLastPathComponent().appendingPathComponent("verdicts-\(claim).tex")
                let text = SuiteTables.table(rows.filter { $0.claim == claim }.map(\.line), source: input)
                try Data(text.utf8).write(to: part, options: .atomic)
            }
        }
        try Data(SuiteTables.table(rows.map(\.line), source: input).utf8).write(to: url, options: .atomic)
    }

    /// The booktabs table around the rendered rows.
    static func table(_ lines: [String], source: String) -> String {
        """
        % Generated from \(source) by suite-tables; do not edit.
        \\begin{tabular}{@{}>{\\raggedright\\arraybackslash}p{0.08\\linewidth} >{\\raggedright\\arraybackslash}p{0.27\\linewidth} >{\\raggedright\\arraybackslash}p{0.08\\linewidth} >{\\raggedright\\arraybackslash}p{0.17\\linewidth} >{\\raggedright\\arraybackslash}p{0.3\\linewidth}@{}}
        \\toprule
        ID & Statement & Verdict & Measured & Rule and measurement \\\\
        \\midrule
        \(lines.joined(separator: "\n\\addlinespace\n"))
        \\bottomrule
        \\end{tabular}

        """
    }
}
