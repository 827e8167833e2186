import ExperimentCLI

/// `max-entropy-rl`: C18. `run` (the default) runs every missing trial and aggregates; `list`,
/// `trial` and `merge` split the same work across machines (GNU parallel, a Slurm array).
@main
struct MaxEntropyRLCommand {
    static func main() { ScaleOutCommand<MaxEntropyRL>.main() }
}
