import ExperimentCLI
import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// The sizes of every part, per profile; all recorded in the manifest.
struct Configuration: ExperimentConfiguration {
    var profile: Profile
    /// Part 1: random single-state problems `(π_old, A, C)`.
    var maximiserTrials: Int
    /// Part 2: exact-advantage instances per (shape, γ), and the sampled-advantage grid.
    var exactShapes: [Garnet]
    var exactDiscounts: [Double]
    var exactInstances: Int
    var sampledShape: Garnet
    var sampledDiscounts: [Double]
    var sampleCounts: [Int]
    var sampledInstances: Int
    /// `κ` in `C = C_π/κ`; `nil` stands for the greedy limit `C → 0`.
    var kappas: [Double?]
    /// Part 3: MDPs per (family, γ), tuning MDPs, iterations, and the algorithms' settings.
    var curveMDPs: Int
    var tuningMDPs: Int
    var curveShape: Garnet
    var curveDiscounts: [Double]
    var iterations: Int
    var tunedTemperatures: [Double]
    var npgStepSize: Double
    var ppoClip: Double
    var ppoLearningRate: Double
    var ppoSteps: Int
    var softTemperature: Double

    static func forProfile(_ profile: Profile) -> Configuration {
        func garnet(_ n: Int, _ m: Int, _ b: Int) -> Garnet { try! Garnet(states: n, actions: m, branching: b) }
        let kappas: [Double?] = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, nil]
        let temperatures = (0..<13).map { pow(10, -3 + Double($0) / 3) }   // 10⁻³ … 10
        let smoke = profile == .smoke, paper = profile == .paper
        return Configuration(
            profile: profile,
            maximiserTrials: smoke ? 40 : (paper ? 5000 : 1000),
            exactShapes: smoke ? [garnet(10, 3, 2)] : [garnet(10, 3, 2), garnet(20, 4, 3), garnet(50, 4, 5)],
            exactDiscounts: smoke ? [0.5, 0.9, 0.99] : [0.5, 0.7, 0.9, 0.95, 0.99, 0.999],
            exactInstances: smoke ? 4 : (paper ? 200 : 40),
            sampledShape: garnet(10, 3, 2),
            sampledDiscounts: smoke ? [0.5, 0.9] : [0.5, 0.9, 0.99],
            sampleCounts: smoke ? [10, 100] : [10, 100, 1000],
            sampledInstances: smoke ? 5 : (paper ? 500 : 100),
            kappas: kappas,
            curveMDPs: smoke ? 2 : (paper ? 50 : 10), tuningMDPs: smoke ? 1 : 3,
            curveShape: garnet(20, 4, 3), curveDiscounts: [0.9, 0.99],
            iterations: smoke ? 60 : (paper ? 1000 : 300),
            tunedTemperatures: temperatures, npgStepSize: 1, ppoClip: 0.2, ppoLearningRate: 10, ppoSteps: 10,
            softTemperature: 0.01)
    }

    var settings: [String: String] {
        func list<T>(_ xs: [T]) -> String { xs.map { "\($0)" }.joined(separator: " ") }
        return [
            "maximiser.trials": "\(maximiserTrials)",
            "exact.shapes": list(exactShapes), "exact.gammas": list(exactDiscounts), "exact.instances": "\(exactInstances)",
            "sampled.shape": "\(sampledShape)", "sampled.gammas": list(sampledDiscounts),
            "sampled.N": list(sampleCounts), "sampled.instances": "\(sampledInstances)",
            "sampled.estimator": "N random-horizon rollouts per (s,a): Q̂ unbiased; Â = Q̂ − Σ_b π(b|s)Q̂(s,b); C from ε̂",
            "kappas": kappas.map { $0.map { "\($0)" } ?? "greedy" }.joined(separator: " "),
            "curves.mdps": "\(curveMDPs)", "curves.tuningMDPs": "\(tuningMDPs)", "curves.shape": "\(curveShape)",
            "curves.gammas": list(curveDiscounts), "curves.iterations": "\(iterations)",
            "curves.gridworld": "5×5, slip 0.1, goal bottom-right absorbing with reward 1, start top-left",
            "tuned.temperatures": list(tunedTemperatures), "npg.stepSize": "\(npgStepSize)",
            "ppo": "clip \(ppoClip), learning rate \(ppoLearningRate), \(ppoSteps) gradient steps per iteration",
            "softPI.temperature": "\(softTemperature)",
        ]
    }

    static func kappaLabel(_ k: Double?) -> String {
        guard let k else { return "greedy" }
        return k == k.rounded() && k < 1e15 ? String(Int(k)) : "\(k)"
    }
}
