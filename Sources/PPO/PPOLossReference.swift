import Foundation
import Neural

/// PPO's loss written as Schulman et al. (2017, "Proximal Policy Optimization Algorithms") write it,
/// for a student to read beside `ppoLoss` (the fast path the experiments run, which fuses the terms
/// and computes the gradient by hand-written backward passes). The tests check that `ppoLoss` gives
/// this value and that its gradient is the finite-difference gradient of this function.
///
/// With r_t(θ) = π_θ(a_t|s_t) / π_θold(a_t|s_t) and Ê the mean over the batch:
/// - no clipping or penalty (§6.1):   L(θ) = Ê[r_t Â_t]
/// - clipping, eq. (7):               L^CLIP(θ) = Ê[min(r_t Â_t, clip(r_t, 1 − ε, 1 + ε) Â_t)]
/// - KL penalty, eq. (8):             L^KLPEN(θ) = Ê[r_t Â_t − β KL[π_θold(·|s_t), π_θ(·|s_t)]]
///   (fixed β, or adaptive β; the adaptation between updates is not part of the loss)
/// - with the value and entropy terms, eq. (9): L(θ) − c₁ Ê[(V_θ(s_t) − V_t^targ)²] + c₂ Ê[S[π_θ](s_t)]
/// The function returns the quantity minimised, the negative of eq. (9).
public func ppoLossReference(_ agent: ActorCritic, _ theta: [Double], batch: PPOBatch, objective: PPOObjective,
                             beta: Double, valueCoefficient c1: Double, entropyCoefficient c2: Double) -> Double {
    let b = batch.count, k = agent.head.networkOutputs, w = agent.head.actionWidth
    let outputs = agent.policy.forward(theta, inputs: batch.observations, batch: b).output
    let values = agent.value.forward(theta, inputs: batch.observations, batch: b).output
    var objectiveSum = 0.0
    for t in 0..<b {
        let row = outputs[(t * k)..<((t + 1) * k)]
        let action = batch.actions[(t * w)..<((t + 1) * w)]
        let r = exp(agent.logProbability(theta, outputs: row, action: action) - batch.oldLogProbabilities[t])
        let advantage = batch.advantages[t]
        let kl = agent.klDivergence(oldOutputs: batch.oldOutputs[(t * k)..<((t + 1) * k)], oldLogStd: batch.oldLogStd[...],
                                    theta, outputs: row)
        let surrogate: Double
        switch objective {
        case .unclipped: surrogate = r * advantage
        case .clipped(let epsilon): surrogate = min(r * advantage, min(max(r, 1 - epsilon), 1 + epsilon) * advantage)
        case .adaptiveKL, .fixedKL: surrogate = r * advantage - beta * kl
        }
        let valueError = values[t] - batch.returns[t]
        objectiveSum += surrogate - c1 * valueError * valueError + c2 * agent.entropy(theta, outputs: row)
    }
    return -objectiveSum / Double(b)
}
