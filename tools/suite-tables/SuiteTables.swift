import ArgumentParser
import CSV
import ExperimentKit
import OutputKit
import Foundation

/// Renders the suite's plain-text results as the report's LaTeX and the README's Markdown: the one
/// place where verdict text (`verdicts.csv`: columns `id, claim, statement, verdict, figure, value,
/// rule, detail`, plain Unicode) becomes markup, so the report and README quote the data files.
@main
struct SuiteTables: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suite-tables",
        abstract: "Render verdicts.csv files, the verdict vocabulary and the run provenance as LaTeX or Markdown.",
        subcommands: [Verdicts.self, Vocabulary.self, Summary.self, Readme.self, Times.self, Provenance.self],
        defaultSubcommand: Verdicts.self)

    /// One verdict row by column name.
    struct Row {
        var fields: [String: String]
        subscript(_ column: String) -> String { fields[column]! }
        var value: Double { Double(self["value"])! }
    }

    /// The rows of a verdicts.csv, checked: the suite's columns, a number in `value`, a known verdict word.
    static func readVerdicts(_ path: String) throws -> [Row] {
        guard let stream = InputStream(fileAtPath: path) else { throw ValidationError("cannot open '\(path)' for reading") }
        let reader = try CSVReader(stream: stream, hasHeaderRow: true)
        guard reader.headerRow == Verdict.columns else {
            throw ValidationError("'\(path)' has columns \(reader.headerRow ?? []); expected \(Verdict.columns)")
        }
        var rows: [Row] = []
        while let cells = reader.next() {
            guard cells.count == Verdict.columns.count else { throw ValidationError("malformed row in '\(path)': \(cells)") }
            let row = Row(fields: Dictionary(uniqueKeysWithValues: zip(Verdict.columns, cells)))
            guard Double(row["value"]) != nil else { throw ValidationError("non-numeric value in '\(path)': \(cells)") }
            guard VerdictKind(rawValue: row["verdict"]) != nil else {
                throw ValidationError("unknown verdict '\(row["verdict"])' in '\(path)'; allowed: "
                    + VerdictKind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            rows.append(row)
        }
        return rows
    }

    /// Writes `text` to `path` atomically, creating its folder.
    static func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url, options: .atomic)
    }

    static func escape(_ text: String) -> String { LaTeXMacros.escapeText(text) }

    /// `results/<experiment>/verdicts.csv` → the report's verdict table (and one table per claim with `--split`).
    struct Verdicts: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Render one verdicts.csv as the report's LaTeX verdict table.")
        @Argument(help: "The verdicts.csv to read.") var input: String
        @Option(name: .shortAndLong, help: "The .tex file to write (atomically).") var output: String
        @Flag(help: "Also write one table per claim (the claim column, e.g. C1) beside --output, as verdicts-C1.tex.")
        var split = false

        func run() throws {
            let rows = try readVerdicts(input)
            func line(_ r: Row) -> String {
                "\\textbf{\(escape(r["id"]))} & \(escape(r["statement"])) & \\textbf{\(escape(r["verdict"]))} & "
                    + "\\texttt{\(escape(r["figure"]).replacingOccurrences(of: "\\_", with: "\\_\\allowbreak{}"))} "
                    + "$= \(LaTeXMacros.format(r.value))$ & \\emph{Rule:} \(escape(r["rule"])). \(escape(r["detail"])) \\\\"
            }
            if split {
                var claims: [String] = []
                for r in rows where !claims.contains(r["claim"]) { claims.append(r["claim"]) }
                let folder = URL(fileURLWithPath: output).deletingLastPathComponent()
                // Labels name the results folder too: one claim can have tables in two folders (C9).
                let results = URL(fileURLWithPath: input).deletingLastPathComponent().lastPathComponent
                for claim in claims {
                    try write(table(rows.filter { $0["claim"] == claim }.map(line),
                                    caption: "Verdicts for \(claim), generated from \\texttt{\(escape(input))}.",
                                    label: "tab:verdicts-\(results)-\(claim.lowercased())"),
                              to: folder.appendingPathComponent("verdicts-\(claim).tex").path)
                }
            }
            try write(table(rows.map(line), caption: "Verdicts generated from \\texttt{\(escape(input))}.", label: nil), to: output)
        }

        /// The booktabs long table around the rendered rows (it breaks across pages; not inside a
        /// float), with its caption and label.
        func table(_ lines: [String], caption: String, label: String?) -> String {
            """
            % Generated from \(input) by suite-tables; do not edit.
            \\begin{longtable}{@{}>{\\raggedright\\arraybackslash}p{0.06\\linewidth} >{\\raggedright\\arraybackslash}p{0.23\\linewidth} >{\\raggedright\\arraybackslash}p{0.09\\linewidth} >{\\raggedright\\arraybackslash}p{0.16\\linewidth} >{\\raggedright\\arraybackslash}p{0.34\\linewidth}@{}}
            \\caption{\(caption)}\(label.map { "\\label{\($0)}" } ?? "")\\\\
            \\toprule
            ID & Statement & Verdict & Measured & Rule and measurement \\\\
            \\midrule
            \\endfirsthead
            \\caption[]{\(caption) (continued)}\\\\
            \\toprule
            ID & Statement & Verdict & Measured & Rule and measurement \\\\
            \\midrule
            \\endhead
            \(lines.joined(separator: "\n\\addlinespace\n"))
            \\bottomrule
            \\end{longtable}

            """
        }
    }

    /// The verdict words and their definitions, from `VerdictKind`.
    struct Vocabulary: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the table of verdict words and their definitions (VerdictKind).")
        @Option(name: .shortAndLong, help: "The .tex file to write (atomically).") var output: String

        func run() throws {
            let rows = VerdictKind.allCases.map { "\\textbf{\($0.rawValue)} & \(escape($0.definition)) \\\\" }
            try write("""
            % Generated from VerdictKind (Sources/OutputKit/Verdict.swift) by suite-tables; do not edit.
            \\begin{tabular}{@{}l>{\\raggedright\\arraybackslash}p{0.78\\linewidth}@{}}
            \\toprule
            Verdict & Meaning \\\\
            \\midrule
            \(rows.joined(separator: "\n"))
            \\bottomrule
            \\end{tabular}

            """, to: output)
        }
    }

    /// Every verdict of the suite in one table (id, statement, verdict), and its counts as macros.
    struct Summary: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the report's summary of every verdict (LaTeX table) and, with --counts, the counts as macros.")
        @Argument(help: "The verdicts.csv files, in report order.") var inputs: [String]
        @Option(name: .shortAndLong, help: "The .tex table to write (atomically).") var output: String
        @Option(help: "Also write \\suiteVerdicts, \\suiteConfirmed, … to this .tex file.") var counts: String?

        func run() throws {
            let rows = try inputs.flatMap(readVerdicts)
            let lines = rows.map { "\(escape($0["id"])) & \(escape($0["statement"])) & \(escape($0["verdict"])) \\\\" }
            try write("""
            % Generated from \(inputs.joined(separator: ", ")) by suite-tables; do not edit.
            \\begin{longtable}{@{}>{\\raggedright\\arraybackslash}p{0.07\\linewidth} >{\\raggedright\\arraybackslash}p{0.70\\linewidth} >{\\raggedright\\arraybackslash}p{0.15\\linewidth}@{}}
            \\toprule
            ID & Statement & Verdict \\\\
            \\midrule
            \\endhead
            \(lines.joined(separator: "\n"))
            \\bottomrule
            \\end{longtable}

            """, to: output)
            if let counts {
                func count(_ kind: VerdictKind) -> Int { rows.filter { $0["verdict"] == kind.rawValue }.count }
                try write("""
                % Generated by suite-tables summary; do not edit.
                \\newcommand{\\suiteVerdicts}{\(rows.count)}
                \\newcommand{\\suiteConfirmed}{\(count(.confirmed))}
                \\newcommand{\\suitePartlyConfirmed}{\(count(.partlyConfirmed))}
                \\newcommand{\\suiteRefuted}{\(count(.refuted))}
                \\newcommand{\\suiteInconclusive}{\(count(.inconclusive))}
                \\newcommand{\\suiteClaims}{\(Set(rows.map { $0["claim"] }).count)}
                % Any verdict by its id: \\verdictValue{C7.1} (its measured value, math mode),
                % \\verdictFigure{C7.1} (what the value is) and \\verdictWord{C7.1} (its verdict); an unknown id
                % stops the LaTeX run.
                \\newcommand{\\verdictValue}[1]{\\ifcsname verdict value #1\\endcsname\\csname verdict value #1\\endcsname\\else\\errmessage{no verdict #1 in the summarised results}\\fi}
                \\newcommand{\\verdictFigure}[1]{\\ifcsname verdict figure #1\\endcsname\\csname verdict figure #1\\endcsname\\else\\errmessage{no verdict #1 in the summarised results}\\fi}
                \\newcommand{\\verdictWord}[1]{\\ifcsname verdict word #1\\endcsname\\csname verdict word #1\\endcsname\\else\\errmessage{no verdict #1 in the summarised results}\\fi}
                \(try rows.map(Self.lookup).joined(separator: "\n"))

                """, to: counts)
            }
        }

        /// The three lookup entries of one verdict, e.g. `\\expandafter\\def\\csname verdict value C7.1\\endcsname{…}`.
        static func lookup(_ r: Row) throws -> String {
            let id = r["id"]
            guard id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == ".") }) else {
                throw ValidationError("verdict id '\(id)' has characters other than ASCII letters, digits and '.'")
            }
            let value = r.value.isFinite ? LaTeXMacros.format(r.value, digits: 3) : "\\text{n/a}"
            return ["\\expandafter\\def\\csname verdict value \(id)\\endcsname{\(value)}",
                    "\\expandafter\\def\\csname verdict figure \(id)\\endcsname{\\texttt{\(escape(r["figure"]))}}",
                    "\\expandafter\\def\\csname verdict word \(id)\\endcsname{\(escape(r["verdict"]))}"].joined(separator: "\n")
        }
    }

    /// The README's verdict table (Markdown), spliced between its markers by tools/readme-results.sh.
    struct Readme: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print every verdict as the README's Markdown table.")
        @Argument(help: "The verdicts.csv files, in README order.") var inputs: [String]

        func run() throws {
            print("| ID | statement | verdict | measured |")
            print("|---|---|---|---|")
            for path in inputs {
                for r in try readVerdicts(path) {
                    let cell = { (s: String) in s.replacingOccurrences(of: "|", with: "\\|") }
                    print("| \(r["id"]) | \(cell(r["statement"])) | **\(r["verdict"])** | \(cell(r["figure"])) = \(Self.plain(r.value)) |")
                }
            }
        }

        /// A number as the README prints it: 4 significant digits.
        static func plain(_ x: Double) -> String {
            guard x.isFinite else { return "n/a" }
            if x == x.rounded() && abs(x) < 1e6 { return String(format: "%.0f", x) }
            return String(format: "%.4g", x)
        }
    }

    /// The README's run-time table, from tools/measure-make-all.sh's CSV and machine file.
    struct Times: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print measured make-all run times as the README's Markdown table.")
        @Argument(help: "results/run-times/make-all-<profile>.csv files (each with its .machine file beside it).")
        var inputs: [String]

        func run() throws {
            for path in inputs {
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw ValidationError("cannot read '\(path)'") }
                let machinePath = String(path.dropLast(4)) + ".machine"
                guard let machine = try? String(contentsOfFile: machinePath, encoding: .utf8) else {
                    throw ValidationError("cannot read '\(machinePath)' (written beside the CSV by tools/measure-make-all.sh)")
                }
                let facts = Dictionary(uniqueKeysWithValues: machine.split(separator: "\n").compactMap { line -> (String, String)? in
                    guard let colon = line.firstIndex(of: ":") else { return nil }
                    return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
                })
                let profile = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent.replacingOccurrences(of: "make-all-", with: "")
                print("`make all PROFILE=\(profile)` from a fresh clone on \(facts["cpu"] ?? "?"), \(facts["cores"] ?? "?") cores, "
                      + "\(facts["vector"] ?? "?") (\(facts["date"] ?? "?"), commit \(facts["commit"] ?? "?")):")
                print("")
                print("| stage | wall | CPU |")
                print("|---|---:|---:|")
                for line in text.split(separator: "\n").dropFirst() {
                    let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                    guard f.count == 3, let wall = Double(f[1]) else { throw ValidationError("malformed line in '\(path)': \(line)") }
                    let cpu = Double(f[2]).map(Self.duration) ?? ""
                    print("| \(f[0]) | \(Self.duration(wall)) | \(cpu) |")
                }
                print("")
            }
        }

        /// "47 s", "12 min 05 s".
        static func duration(_ seconds: Double) -> String {
            let whole = Int(seconds.rounded())
            return whole < 60 ? "\(whole) s" : String(format: "%d min %02d s", whole / 60, whole % 60)
        }
    }

    /// Which commit, profile and seed each results folder came from (its manifest.json).
    struct Provenance: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the report's provenance table from manifest.json files.")
        @Argument(help: "The manifest.json files.") var manifests: [String]
        @Option(name: .shortAndLong, help: "The .tex file to write (atomically).") var output: String

        func run() throws {
            let decoder = JSONDecoder()
            let lines = try manifests.map { path -> String in
                guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read '\(path)'") }
                let m = try decoder.decode(Manifest.self, from: data)
                let commit = String(m.gitCommit.prefix(12)) + (m.gitDirty ? " (modified)" : "")
                return "\\texttt{\(escape(m.experiment))} & \(escape(m.profile)) & \(m.masterSeed) & \\texttt{\(escape(commit))} & "
                    + "\(escape(String(m.endTime.prefix(10)))) & \(escape(m.settings["trials.found"] ?? "")) \\\\"
            }
            try write("""
            % Generated from the results' manifest.json files by suite-tables; do not edit.
            \\begin{tabular}{@{}llrllr@{}}
            \\toprule
            results & profile & seed & commit & date & trials \\\\
            \\midrule
            \(lines.joined(separator: "\n"))
            \\bottomrule
            \\end{tabular}

            """, to: output)
        }
    }
}
