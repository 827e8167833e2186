import ExperimentCLI
import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// The sizes of every part of the experiment, per profile; all recorded in the manifest.
struct Configuration: ExperimentConfiguration {
    var profile: Profile
    /// Expectiles of random discrete distributions: how many, their support sizes (cycled), and the τ grid.
    var distributions: Int
    var supportSizes: [Int]
    var expectileTaus: [Double]
    /// IQL's tabular fixed point: Garnet shapes, discounts, instances per (shape, γ), the τ grid the
    /// statements are judged on, and the two τ closest to 1 used for the limit's extrapolation.
    var shapes: [Garnet]
    var discounts: [Double]
    var instancesPerCell: Int
    var taus: [Double]
    var extrapolationTaus: [Double]
    /// Advantage-weighted extraction: the τ whose advantages it uses, and the β grid (the last one is
    /// the "β → ∞" point).
    var extractionTau: Double
    var betas: [Double]

    static let standardTaus = [0.5, 0.7, 0.9, 0.99, 0.999]

    static func forProfile(_ profile: Profile) -> Configuration {
        func garnet(_ n: Int, _ m: Int, _ b: Int) -> Garnet { try! Garnet(states: n, actions: m, branching: b) }
        let expectileTaus = [0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 0.999, 0.9999, 0.99999]
        let betas = [0.1, 1, 10, 100, 1000, 1e8]
        switch profile {
        case .smoke:
            return Configuration(profile: profile, distributions: 40, supportSizes: [2, 3, 5, 10], expectileTaus: expectileTaus,
                                 shapes: [garnet(5, 2, 2), garnet(10, 3, 3)], discounts: [0.5, 0.9], instancesPerCell: 2,
                                 taus: standardTaus, extrapolationTaus: [0.999999999, 0.9999999999], extractionTau: 0.9, betas: betas)
        case .standard, .paper:
            let paper = profile == .paper
            return Configuration(profile: profile, distributions: paper ? 4000 : 1000, supportSizes: [2, 3, 5, 10, 50],
                                 expectileTaus: expectileTaus,
                                 shapes: [garnet(5, 2, 2), garnet(10, 3, 3), garnet(20, 4, 4), garnet(40, 5, 4)],
                                 discounts: [0.5, 0.9, 0.99], instancesPerCell: paper ? 30 : 10,
                                 taus: standardTaus, extrapolationTaus: [0.999999999, 0.9999999999], extractionTau: 0.9, betas: betas)
        }
    }

    var settings: [String: String] {
        func list<T>(_ xs: [T]) -> String { xs.map { "\($0)" }.joined(separator: " ") }
        return [
            "expectile.distributions": "\(distributions)", "expectile.supportSizes": list(supportSizes),
            "expectile.taus": list(expectileTaus),
            "expectile.draw": "values N(0,1), every third distribution rounded to one decimal (ties); weights flat Dirichlet",
            "expectile.directMinimiser": "Nelder–Mead on the loss from the mean, step (max−min)/4, 400 evaluations, restarted once",
            "iql.shapes": list(shapes), "iql.gammas": list(discounts), "iql.instancesPerCell": "\(instancesPerCell)",
            "iql.taus": list(taus), "iql.extrapolationTaus": list(extrapolationTaus),
            "iql.behaviour": "per state: the optimal action left out with probability 1/2, each other action with probability 1/3, "
                + "at least one kept; probabilities flat Dirichlet on the support",
            "iql.limit": "Richardson extrapolation in 1−τ from the two extrapolation τ",
            "extraction.tau": "\(extractionTau)", "extraction.betas": list(betas),
            "garnet.rewards": "state-action, U[0,1]",
        ]
    }
}
