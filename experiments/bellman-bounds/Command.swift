import ExperimentCLI

/// `bellman-bounds`: the suite's one experiment command (ExperimentCLI.ExperimentCommand) for BellmanBounds.
@main
enum Command {
    static func main() { ExperimentCommand<BellmanBounds>.main() }
}
