import ExperimentCLI

/// `actor-critic-overestimation`: C17. `run` (the default) runs every missing trial and aggregates;
/// `list`, `trial` and `merge` split the same work across machines (GNU parallel, a Slurm array).
@main
struct ActorCriticOverestimationCommand {
    static func main() { ScaleOutCommand<ActorCriticOverestimation>.main() }
}
