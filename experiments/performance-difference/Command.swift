import ExperimentCLI

/// `performance-difference`: the suite's one experiment command (ExperimentCLI.ExperimentCommand) for PerformanceDifference.
@main
enum Command {
    static func main() { ExperimentCommand<PerformanceDifference>.main() }
}
