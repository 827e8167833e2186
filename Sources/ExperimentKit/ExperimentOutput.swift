/// Everything one run of an experiment writes, computed before anything is written: CSV tables
/// and generated text files (LaTeX macros and tables), by file name, plus the settings the
/// manifest records. Experiments build it as a pure function of (profile, seed).
public struct ExperimentOutput: Sendable {
    public var tables: [(name: String, table: CSVTable)] = []
    public var texts: [(name: String, text: String)] = []
    public var settings: [String: String] = [:]

    public init() {}

    /// Writes every file atomically into `directory`; returns the CSV row counts by file name.
    public func write(to directory: OutputDirectory) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for (name, table) in tables {
            try directory.write(table, to: name)
            counts[name] = table.rowCount
        }
        for (name, text) in texts { try directory.write(text, to: name) }
        return counts
    }
}
