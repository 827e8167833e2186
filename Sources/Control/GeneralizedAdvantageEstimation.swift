/// Generalised advantage estimation (Schulman et al. 2016) over one rollout, walking backwards:
///   δ_t = r_t + γ (1 − terminated_t) V(s_{t+1}) − V(s_t),
///   Â_t = δ_t + γλ (1 − ended_t) Â_{t+1},
/// where `nextValues[t]` is V(s_{t+1}), the value of the observation that followed step t:
/// at a time-limit truncation that is the episode's last observation (so truncation bootstraps,
/// termination does not), and `ended_t` is true at either kind of episode end, where the sum
/// stops because s_{t+1} starts nothing in the rollout. Â after the rollout's last step is 0 (the
/// bootstrap is in δ). Returns Â; the value targets are Â + V.
/// Precondition: all arrays of one length.
public func generalizedAdvantageEstimates(rewards: [Double], values: [Double], nextValues: [Double],
                                          terminated: [Bool], episodeEnded: [Bool],
                                          gamma: Double, lambda: Double) -> [Double] {
    let n = rewards.count
    precondition(values.count == n && nextValues.count == n && terminated.count == n && episodeEnded.count == n)
    var advantages = [Double](repeating: 0, count: n)
    var next = 0.0
    for t in stride(from: n - 1, through: 0, by: -1) {
        let bootstrap = terminated[t] ? 0 : gamma * nextValues[t]
        let delta = rewards[t] + bootstrap - values[t]
        next = delta + (episodeEnded[t] ? 0 : gamma * lambda * next)
        advantages[t] = next
    }
    return advantages
}
