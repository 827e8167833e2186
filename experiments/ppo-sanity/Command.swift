import ExperimentCLI

/// `ppo-sanity`: the suite's one experiment command (ExperimentCLI.ExperimentCommand) for PPOSanity.
@main
enum Command {
    static func main() { ExperimentCommand<PPOSanity>.main() }
}
