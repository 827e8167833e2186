import Foundation
import Neural

/// The parts of PPO's loss on a batch of B rows (means over the rows).
public struct PPOLossTerms: Sendable, Equatable {
    /// Ê[ℓ(r, Â)], the surrogate without the KL term.
    public var surrogate: Double
    /// Ê[KL(π_old(·|s) ‖ π_θ(·|s))].
    public var meanKL: Double
    /// Ê[(V_θ(s) − R̂)²].
    public var valueLoss: Double
    /// Ê[H(π_θ(·|s))].
    public var entropy: Double
    /// The fraction of rows with |r − 1| > ε (ε of the clipped objective, else 0.2).
    public var clipFraction: Double
    /// The minimised loss: −Ê[ℓ] + β·Ê[KL] + c_V·Ê[(V − R̂)²] − c_H·Ê[H].
    public var loss: Double
}

/// PPO's loss on `batch` at θ and its gradient with respect to θ (by the chain rule through both
/// networks' backward passes):
///   loss = −Ê[ℓ(r, Â)] + β Ê[KL(π_old ‖ π_θ)] + c_V Ê[(V_θ(s) − R̂)²] − c_H Ê[H(π_θ)],
/// with r = exp(log π_θ(a|s) − log π_old(a|s)), so ∂loss/∂log π_θ(a|s) = −(∂ℓ/∂r)·r / B.
/// With `withGradient` false only the terms are computed (the gradient is empty).
public func ppoLoss(_ agent: ActorCritic, _ theta: [Double], batch: PPOBatch, objective: PPOObjective,
                    beta: Double, valueCoefficient: Double, entropyCoefficient: Double, withGradient: Bool = true)
    -> (terms: PPOLossTerms, gradient: [Double]) {
    let b = batch.count
    precondition(b > 0, "an empty batch has no loss")
    let n = Double(b)
    let k = agent.head.networkOutputs, w = agent.head.actionWidth
    var gradient = [Double](repeating: 0, count: withGradient ? theta.count : 0)
    let epsilon = objective.diagnosticEpsilon

    let policyPass = agent.policy.forward(theta, inputs: batch.observations, batch: b)
    let valuePass = agent.value.forward(theta, inputs: batch.observations, batch: b)
    let outputs = policyPass.output, values = valuePass.output
    var outputGradient = [Double](repeating: 0, count: b * k)
    var valueGradient = [Double](repeating: 0, count: b)
    var surrogate = 0.0, kl = 0.0, valueLoss = 0.0, entropy = 0.0, clipped = 0
    let oldLogStd = batch.oldLogStd[...]

    for i in 0..<b {
        let row = outputs[(i * k)..<((i + 1) * k)]
        let oldRow = batch.oldOutputs[(i * k)..<((i + 1) * k)]
        let action = batch.actions[(i * w)..<((i + 1) * w)]
        let terms = agent.stateTerms(theta, outputs: row, action: action, oldOutputs: oldRow, oldLogStd: oldLogStd)
        let ratio = exp(terms.logProbability - batch.oldLogProbabilities[i])
        let (value, derivative) = objective.surrogate(ratio: ratio, advantage: batch.advantages[i])
        surrogate += value
        if abs(ratio - 1) > epsilon { clipped += 1 }
        kl += terms.klDivergence
        entropy += terms.entropy
        let error = values[i] - batch.returns[i]
        valueLoss += error * error
        guard withGradient else { continue }
        agent.addPolicyGradient(theta, outputs: row, action: action, oldOutputs: oldRow, oldLogStd: oldLogStd,
                                terms: terms, logProbabilityCoefficient: -derivative * ratio / n,
                                klCoefficient: beta / n, entropyCoefficient: -entropyCoefficient / n,
                                outputGradient: &outputGradient, row: i, gradient: &gradient)
        valueGradient[i] = 2 * valueCoefficient * error / n
    }
    if withGradient {
        agent.policy.backward(theta, activations: policyPass, outputGradient: outputGradient, gradient: &gradient)
        agent.value.backward(theta, activations: valuePass, outputGradient: valueGradient, gradient: &gradient)
    }

    surrogate /= n; kl /= n; valueLoss /= n; entropy /= n
    let loss = -surrogate + beta * kl + valueCoefficient * valueLoss - entropyCoefficient * entropy
    return (PPOLossTerms(surrogate: surrogate, meanKL: kl, valueLoss: valueLoss, entropy: entropy,
                         clipFraction: Double(clipped) / n, loss: loss), gradient)
}
