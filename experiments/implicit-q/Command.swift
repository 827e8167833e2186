import ExperimentCLI

/// `implicit-q`: the suite's one experiment command (ExperimentCLI.ExperimentCommand) for ImplicitQExperiment.
@main
enum Command {
    static func main() { ExperimentCommand<ImplicitQExperiment>.main() }
}
