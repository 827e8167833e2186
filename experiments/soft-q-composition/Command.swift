import ExperimentCLI

/// `soft-q-composition`: the suite's one experiment command (ExperimentCLI.ExperimentCommand) for SoftQCompositionExperiment.
@main
enum Command {
    static func main() { ExperimentCommand<SoftQCompositionExperiment>.main() }
}
