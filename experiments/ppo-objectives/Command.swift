import ExperimentCLI

/// `ppo-objectives`: C9, the PPO paper's Table 1 with the suite's PPO. `run` (the default) runs
/// every missing trial and aggregates; `list`, `trial` and `merge` split the same work across
/// machines (GNU parallel, a Slurm array).
@main
struct PPOObjectivesCommand {
    static func main() { ScaleOutCommand<PPOObjectives>.main() }
}
