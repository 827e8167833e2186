import ExperimentCLI

/// `natural-gradient`: the suite's one experiment command (ExperimentCLI.ExperimentCommand) for NaturalGradientExperiment.
@main
enum Command {
    static func main() { ExperimentCommand<NaturalGradientExperiment>.main() }
}
