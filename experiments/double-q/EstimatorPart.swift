import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// Part 1: the single and double estimators of `max_i μ_i` on Gaussian arms (van Hasselt 2010, §2):
/// exact expectations by quadrature (Sources/Tabular/MaximumEstimator.swift) and Monte Carlo means of
/// the estimators themselves, drawn from the same data.
enum EstimatorPart {
    struct Instance: Sendable {
        var index: Int
        var arms: Int
        var samplesPerArm: Int
        var pattern: String
        var label: String { "K = \(arms), n = \(samplesPerArm), means \(pattern)" }
    }

    struct Outcome: Sendable {
        var instance: Instance
        var arms: GaussianArms
        var single: QuadratureValue
        var double: QuadratureValue
        var monteCarloSingle: Double
        var monteCarloSingleError: Double
        var monteCarloDouble: Double
        var monteCarloDoubleError: Double
        /// (MC − quadrature) in standard errors of the MC mean.
        var singleZ: Double { (monteCarloSingle - single.value) / monteCarloSingleError }
        var doubleZ: Double { (monteCarloDouble - double.value) / monteCarloDoubleError }
        /// |double bias| / single bias (nan when the single bias is 0 within its error).
        var magnitudeRatio: Double { single.value > single.error ? abs(double.value) / single.value : .nan }
        /// |double bias| − ½ single bias (> 0: the double estimator is off by more than half the single one's bias).
        var excess: Double { abs(double.value) - 0.5 * single.value }
    }

    static func instances(_ config: Configuration) -> [Instance] {
        var out: [Instance] = []
        for k in config.armCounts {
            for n in config.samplesPerArm {
                for p in ["equal", "gap", "linear"] + (0..<config.randomInstances).map({ "random #\($0 + 1)" }) {
                    out.append(Instance(index: out.count, arms: k, samplesPerArm: n, pattern: p))
                }
            }
        }
        return out
    }

    static func run(_ instance: Instance, config: Configuration, masterSeed: UInt64) -> Outcome {
        var rng = StreamKey(experiment: "double-q", setting: "estimators \(instance.label)", trial: 0,
                            masterSeed: masterSeed).generator()
        let k = instance.arms
        let means: [Double]
        switch instance.pattern {
        case "equal": means = Array(repeating: 0, count: k)
        case "gap": means = [0] + Array(repeating: -0.5, count: k - 1)
        case "linear": means = (0..<k).map { -Double($0) / Double(k - 1) }
        default: means = (0..<k).map { _ in rng.nextGaussian() }
        }
        let arms = GaussianArms(means: means, deviations: Array(repeating: 1, count: k), samplesPerArm: instance.samplesPerArm)
        var sumS = 0.0, sumS2 = 0.0, sumD = 0.0, sumD2 = 0.0
        let top = arms.bestMean
        for _ in 0..<config.estimatorDraws {
            let (s, d) = MaximumEstimator.draw(arms, using: &rng)
            sumS += s - top; sumS2 += (s - top) * (s - top)
            sumD += d - top; sumD2 += (d - top) * (d - top)
        }
        let r = Double(config.estimatorDraws)
        func se(_ sum: Double, _ sum2: Double) -> Double { (max(0, sum2 / r - (sum / r) * (sum / r)) * r / (r - 1) / r).squareRoot() }
        return Outcome(instance: instance, arms: arms, single: MaximumEstimator.singleBias(arms),
                       double: MaximumEstimator.doubleBias(arms), monteCarloSingle: sumS / r,
                       monteCarloSingleError: se(sumS, sumS2), monteCarloDouble: sumD / r,
                       monteCarloDoubleError: se(sumD, sumD2))
    }

    static func table(_ outcomes: [Outcome]) -> CSVTable {
        var t = CSVTable(columns: ["instance", "arms", "samples_per_arm", "pattern", "best_mean", "single_bias", "single_error",
                                   "double_bias", "double_error", "mc_single_bias", "mc_single_se", "mc_double_bias",
                                   "mc_double_se", "single_z", "double_z", "magnitude_ratio", "excess"])
        for o in outcomes {
            t.append([.int(o.instance.index), .int(o.instance.arms), .int(o.instance.samplesPerArm), .string(o.instance.pattern),
                      .double(o.arms.bestMean), .double(o.single.value), .double(o.single.error), .double(o.double.value),
                      .double(o.double.error), .double(o.monteCarloSingle), .double(o.monteCarloSingleError),
                      .double(o.monteCarloDouble), .double(o.monteCarloDoubleError), .double(o.singleZ), .double(o.doubleZ),
                      .finiteOrEmpty(o.magnitudeRatio), .double(o.excess)])
        }
        return t
    }
}

/// An estimator instance as saved for replay: the arms and the two exact biases.
struct EstimatorWitness: Codable, Equatable {
    var instance: String
    var arms: GaussianArms
    var singleBias: Double
    var doubleBias: Double
    var ratio: Double

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}
