import ArgumentParser
import ExperimentCLI
import ExperimentKit
import Foundation

/// `trpo-bounds`: TRPO's max-KL bound against the expected-KL bound of Li, Clavette & He, and CPO's.
@main
struct TRPOBoundsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trpo-bounds",
        abstract: "C3/C4: validity, tightness and the γ condition of bounds on |J(π') − L_π(π')|.",
        discussion: "Writes CSVs, counterexamples/*.json, verdicts.csv, LaTeX and manifest.json into --output.")

    @OptionGroup var options: ExperimentOptions

    func run() throws {
        // Counterexamples of an earlier run must not outlive it.
        let folder = URL(fileURLWithPath: options.output ?? "results/\(TRPOBounds.name)").appendingPathComponent("counterexamples")
        try? FileManager.default.removeItem(at: folder)
        try ExperimentDriver.run(experiment: TRPOBounds.name, options: options) { profile, seed, threads, progress in
            try TRPOBounds.run(config: .forProfile(profile), masterSeed: seed, threads: threads, showProgress: progress)
        }
    }
}
