import ExperimentKit
/// Everything one run of an experiment writes, computed before anything is written: CSV tables,
/// the LaTeX macros (`macros.tex`) and other generated text files, by file name, plus the settings
/// the manifest records. Experiments build it as a pure function of (profile, seed).
public struct ExperimentOutput: Sendable {
    public var tables: [(name: String, table: CSVTable)] = []
    /// Written as `macros.tex`; the experiment driver adds the profile and seed to it.
    public var macros: LaTeXMacros?
    public var texts: [(name: String, text: String)] = []
    public var settings: [String: String] = [:]

    public init() {}

    /// Every file's contents by name, exactly as `write(to:)` writes them.
    public func renderedFiles() throws -> [String: String] {
        var files: [String: String] = [:]
        for (name, table) in tables { files[name] = try table.rendered() }
        if let macros { files["macros.tex"] = macros.text }
        for (name, text) in texts { files[name] = text }
        return files
    }

    /// Writes every file atomically into `directory`; returns the CSV row counts by file name.
    public func write(to directory: OutputDirectory) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for (name, table) in tables {
            try directory.write(table, to: name)
            counts[name] = table.rowCount
        }
        if let macros { try directory.write(macros.text, to: "macros.tex") }
        for (name, text) in texts { try directory.write(text, to: name) }
        return counts
    }
}
