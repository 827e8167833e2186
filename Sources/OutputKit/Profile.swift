import ExperimentKit
/// How much work an experiment does. Every experiment maps each profile to its own sizes
/// and records the profile, with every resulting setting, in its manifest.
public enum Profile: String, CaseIterable, Sendable, Codable {
    /// Continuous integration: a minute or two per experiment, the whole path exercised.
    case smoke
    /// What `make all` runs by default: the committed results.
    case standard
    /// Full scale, hours.
    case paper

    /// "smoke, standard, paper": the allowed values, for error messages.
    public static var allowedValues: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
