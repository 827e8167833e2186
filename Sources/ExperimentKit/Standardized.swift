/// (x − mean)/(std + 10⁻⁸) with the population standard deviation: PPO's advantage normalisation
/// (as Baselines' `ppo1`) and rllab's `center_adv` (Duan et al. 2016's batch algorithms).
/// Precondition: non-empty.
public func standardized(_ x: [Double]) -> [Double] {
    let mean = Statistics.mean(x)
    let scale = Statistics.populationVariance(x).squareRoot() + 1e-8
    return x.map { ($0 - mean) / scale }
}
