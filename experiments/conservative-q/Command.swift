import ExperimentCLI

/// `conservative-q`: the suite's one experiment command (ExperimentCLI.ExperimentCommand) for ConservativeQExperiment.
@main
enum Command {
    static func main() { ExperimentCommand<ConservativeQExperiment>.main() }
}
