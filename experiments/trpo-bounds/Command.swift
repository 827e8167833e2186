import ExperimentCLI

/// `trpo-bounds`: the suite's one experiment command (ExperimentCLI.ExperimentCommand) for TRPOBounds.
@main
enum Command {
    static func main() { ExperimentCommand<TRPOBounds>.main() }
}
