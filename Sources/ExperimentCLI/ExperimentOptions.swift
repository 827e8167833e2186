import ArgumentParser
import ExperimentKit
import OutputKit
import Foundation

/// The options every experiment takes, declared once. Each is checked in `validate()`, which
/// ArgumentParser runs after parsing and before any work, so bad input exits with code 64 and a
/// message naming the option and its allowed values.
public struct ExperimentOptions: ParsableArguments {
    @Option(help: "How much work: \(Profile.allowedValues).")
    public var profile: String = "standard"

    @Option(help: "Master seed (an integer from 0 to 2^64 − 1).")
    public var seed: String = "20260521"

    @Option(help: "Worker threads (1…1024); results do not depend on it.")
    public var threads: Int = TrialRunner.defaultThreads

    @Option(help: "Folder to write into (default: results/<experiment>).")
    public var output: String?

    @Flag(help: "Print no progress line and no summary.")
    public var quiet = false

    public init() {}

    public func validate() throws {
        guard Profile(rawValue: profile) != nil else {
            throw ValidationError(InputError(parameter: "--profile", given: profile, allowed: Profile.allowedValues).description)
        }
        guard UInt64(seed) != nil else {
            throw ValidationError(InputError(parameter: "--seed", given: seed,
                                             allowed: "an integer from 0 to 18446744073709551615").description)
        }
        do { try TrialRunner.validateThreads(threads) } catch { throw ValidationError("\(error)") }
        if let output {
            do { _ = try OutputDirectory(path: output) } catch { throw ValidationError("\(error)") }
        }
    }

    /// The validated profile (call after `validate()`).
    public var parsedProfile: Profile { Profile(rawValue: profile)! }
    /// The validated master seed (call after `validate()`).
    public var masterSeed: UInt64 { UInt64(seed)! }
}
