import ExperimentCLI

/// `special-cases`: the suite's one experiment command (ExperimentCLI.ExperimentCommand) for SpecialCases.
@main
enum Command {
    static func main() { ExperimentCommand<SpecialCases>.main() }
}
