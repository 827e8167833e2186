import ExperimentCLI

/// `analytical-update`: the suite's one experiment command (ExperimentCLI.ExperimentCommand) for AnalyticalUpdateExperiment.
@main
enum Command {
    static func main() { ExperimentCommand<AnalyticalUpdateExperiment>.main() }
}
