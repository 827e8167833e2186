import ExperimentCLI

/// `double-q`: the suite's one experiment command (ExperimentCLI.ExperimentCommand) for DoubleQExperiment.
@main
enum Command {
    static func main() { ExperimentCommand<DoubleQExperiment>.main() }
}
