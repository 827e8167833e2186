import ExperimentCLI

/// `duan-benchmark`: C15. `run` (the default) runs every missing trial and aggregates; `list`,
/// `trial` and `merge` split the same work across machines (GNU parallel, a Slurm array).
@main
struct DuanBenchmarkCommand {
    static func main() { ScaleOutCommand<DuanBenchmark>.main() }
}
