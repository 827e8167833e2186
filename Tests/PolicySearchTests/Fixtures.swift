import ExperimentKit
import Neural
@testable import PolicySearch

/// A small policy and a fixed batch for derivative checks: 3 observations, one tanh layer of 4,
/// and either a 2-D Gaussian or 3 categorical actions; N = 5 samples with random advantages.
func smallProblem(_ head: PolicyHead, seed: UInt64 = 11) -> (policy: PolicyNetwork, theta: [Double], samples: PolicySamples) {
    var rng = SeededGenerator(seed: seed)
    let policy = PolicyNetwork(observationLength: 3, head: head, hiddenSizes: [4])
    var theta = policy.initialParameters(initialLogStd: -0.3, using: &rng)
    // Away from the initialiser's small output layer, so every derivative is of order one.
    for i in theta.indices { theta[i] += 0.5 * rng.nextGaussian() }
    let n = 5
    let observations = (0..<(n * 3)).map { _ in rng.nextGaussian() }
    let outputs = policy.forward(theta, observations: observations, batch: n).output
    var actions: [Double] = []
    let k = head.networkOutputs
    for i in 0..<n { actions += policy.sampleAction(theta, outputs: outputs[(i * k)..<((i + 1) * k)], using: &rng) }
    let advantages = (0..<n).map { _ in rng.nextGaussian() }
    return (policy, theta, PolicySamples(observations: observations, actions: actions, advantages: advantages,
                                         returns: advantages))
}

/// The n × n matrix whose column j is `apply(e_j)` (row-major).
func matrix(of apply: ([Double]) -> [Double], dimension n: Int) -> [Double] {
    var m = [Double](repeating: 0, count: n * n)
    for j in 0..<n {
        var e = [Double](repeating: 0, count: n)
        e[j] = 1
        let column = apply(e)
        for i in 0..<n { m[i * n + j] = column[i] }
    }
    return m
}
