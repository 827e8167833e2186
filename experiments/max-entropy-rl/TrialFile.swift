import ExperimentCLI

/// What one trial leaves behind (small, so full-scale trial files can be committed).
struct TrialFile: TrialFileStamp {
    var task: String
    var method: String
    var seed: Int
    var masterSeed: UInt64
    /// This build's code hash of the trial's algorithm family (`CodeHash`).
    var codeHash: String
    /// Environment steps at each checkpoint.
    var steps: [Int]
    /// Mean evaluation return at each checkpoint (deterministic policy).
    var returns: [Double]
    /// SAC only: α and the entropy estimate −E log π over the checkpoint's evaluation states.
    var temperatures: [Double]?
    var entropies: [Double]?
    var targetEntropy: Double?
    /// Perturbed dynamics (Pendulum only): the scales, the deterministic policy's mean return at each, and
    /// (SAC) the sampled policy's.
    var perturbationScales: [Double]?
    var perturbedReturns: [Double]?
    var perturbedSampledReturns: [Double]?
    /// Wall-clock seconds (informative only: never enters a CSV).
    var seconds: Double
}
