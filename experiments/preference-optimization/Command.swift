import ExperimentCLI

/// `preference-optimization`: the suite's one experiment command (ExperimentCLI.ExperimentCommand) for PreferenceOptimizationExperiment.
@main
enum Command {
    static func main() { ExperimentCommand<PreferenceOptimizationExperiment>.main() }
}
