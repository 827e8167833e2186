/// Bad input, found before any work starts: names the parameter, what was given and what is allowed.
public struct InputError: Error, CustomStringConvertible, Equatable, Sendable {
    public var parameter: String
    public var given: String
    public var allowed: String

    public init(parameter: String, given: String, allowed: String) {
        self.parameter = parameter
        self.given = given
        self.allowed = allowed
    }

    public var description: String {
        "invalid value '\(given)' for \(parameter): allowed \(allowed)"
    }
}

/// A numerical result that must not become a row: NaN, Inf, or an ill-conditioned solve.
public struct NumericalError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
