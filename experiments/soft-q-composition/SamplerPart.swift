import ExperimentKit
import Neural
import OutputKit
import Foundation

/// A fixed action-value function `Q(a)` on `[−1, 1]^d` whose Boltzmann density `exp(Q/α)/Z` the samplers target.
struct Energy: Sendable {
    var name: String
    var dimension: Int
    /// Multimodal energies: the samples' mass on `a₁ > 0` should be ½ by symmetry.
    var symmetricModes: Bool
    var value: @Sendable ([Double]) -> Double
    var gradient: @Sendable ([Double]) -> [Double]

    /// `−4(a − 0.3)²`, `−10(a² − 0.36)²` (modes at ±0.6), `−4‖a − (0.3, −0.2)‖²`, `−10(a₁² − 0.36)² − 4a₂²`,
    /// and the ring `−10(‖a‖ − 0.6)²`.
    static let all: [Energy] = [
        Energy(name: "unimodal 1-D", dimension: 1, symmetricModes: false,
               value: { -4 * ($0[0] - 0.3) * ($0[0] - 0.3) }, gradient: { [-8 * ($0[0] - 0.3)] }),
        Energy(name: "bimodal 1-D", dimension: 1, symmetricModes: true,
               value: { let w = $0[0] * $0[0] - 0.36; return -10 * w * w },
               gradient: { [-40 * ($0[0] * $0[0] - 0.36) * $0[0]] }),
        Energy(name: "unimodal 2-D", dimension: 2, symmetricModes: false,
               value: { -4 * (($0[0] - 0.3) * ($0[0] - 0.3) + ($0[1] + 0.2) * ($0[1] + 0.2)) },
               gradient: { [-8 * ($0[0] - 0.3), -8 * ($0[1] + 0.2)] }),
        Energy(name: "bimodal 2-D", dimension: 2, symmetricModes: true,
               value: { let w = $0[0] * $0[0] - 0.36; return -10 * w * w - 4 * $0[1] * $0[1] },
               gradient: { [-40 * ($0[0] * $0[0] - 0.36) * $0[0], -8 * $0[1]] }),
        Energy(name: "ring 2-D", dimension: 2, symmetricModes: false,
               value: { let r = ($0[0] * $0[0] + $0[1] * $0[1]).squareRoot(); return -10 * (r - 0.6) * (r - 0.6) },
               gradient: { a in
                   let r = max((a[0] * a[0] + a[1] * a[1]).squareRoot(), 1e-12)
                   return [-20 * (r - 0.6) * a[0] / r, -20 * (r - 0.6) * a[1] / r] }),
    ]
}

/// `exp(Q/α)/Z` on `[−1, 1]^d` by the midpoint rule on `cells^d` equal cells: the reference every
/// distance is computed against, and exact samples for the noise floor.
struct BoltzmannQuadrature: Sendable {
    let dimension: Int
    let cells: Int
    let points: [[Double]]
    /// Normalised weights and their running sums.
    let weights: [Double]
    let cumulative: [Double]

    init(energy: Energy, temperature alpha: Double, cells: Int) {
        dimension = energy.dimension
        self.cells = cells
        let width = 2 / Double(cells)
        let axis = (0..<cells).map { -1 + (Double($0) + 0.5) * width }
        points = energy.dimension == 1 ? axis.map { [$0] } : axis.flatMap { x in axis.map { [x, $0] } }
        let logits = points.map { energy.value($0) / alpha }
        let top = logits.max()!
        let unnormalised = logits.map { exp($0 - top) }
        let total = unnormalised.reduce(0, +)
        weights = unnormalised.map { $0 / total }
        var running = 0.0
        cumulative = weights.map { running += $0; return running }
    }

    /// One exact draw: a cell with probability its weight, then a uniform point in it.
    func sample(using rng: inout SeededGenerator) -> [Double] {
        let u = rng.nextUniform() * cumulative.last!
        var lo = 0, hi = cumulative.count - 1
        while lo < hi { let mid = (lo + hi) / 2; if cumulative[mid] <= u { lo = mid + 1 } else { hi = mid } }
        let half = 1 / Double(cells)
        return points[lo].map { $0 + (2 * rng.nextUniform() - 1) * half }
    }

    /// The mass on `a₁ > 0`.
    var positiveMass: Double { zip(points, weights).reduce(0) { $0 + ($1.0[0] > 0 ? $1.1 : 0) } }
}

/// Part 2: soft Q-learning's amortised SVGD sampler (Haarnoja et al. 2017, eq. 13 and Algorithm 1) and
/// plain SVGD particles (Liu & Wang 2016, Algorithm 1) against `exp(Q/α)/Z` for fixed energies.
enum SamplerPart {
    struct Setting: Sendable {
        var energy: Int
        var alpha: Double
        var label: String { "\(Energy.all[energy].name), α = \(RuleNumber.text(alpha))" }
    }

    static func settings(_ config: Configuration) -> [Setting] {
        Energy.all.indices.flatMap { e in config.samplerTemperatures.map { Setting(energy: e, alpha: $0) } }
    }

    static func quadrature(_ s: Setting, _ config: Configuration) -> BoltzmannQuadrature {
        let e = Energy.all[s.energy]
        return BoltzmannQuadrature(energy: e, temperature: s.alpha, cells: e.dimension == 1 ? config.quadratureCells1D : config.quadratureCells2D)
    }

    static func reference(_ q: BoltzmannQuadrature, _ config: Configuration) -> SlicedWasserstein.ProjectedReference {
        SlicedWasserstein.ProjectedReference(points: q.points, weights: q.weights,
                                             directions: SlicedWasserstein.directions(dimension: q.dimension, count: config.projections))
    }

    /// The noise floor: distances of exact samples (of the evaluation size and of plain SVGD's particle count).
    struct Floor: Sendable {
        var setting: Setting
        var evaluation: [Double]
        var particles: [Double]
        var exactPositiveMass: Double
    }

    static func floor(_ s: Setting, config: Configuration, masterSeed: UInt64) -> Floor {
        let q = quadrature(s, config), ref = reference(q, config)
        var rng = StreamKey(experiment: SoftQCompositionExperiment.name, setting: "floor \(s.label)", trial: 0,
                            masterSeed: masterSeed).generator()
        func draws(_ n: Int) -> [Double] {
            (0..<config.floorReplicates).map { _ in ref.distance((0..<n).map { _ in q.sample(using: &rng) }) }
        }
        return Floor(setting: s, evaluation: draws(config.evaluationSamples), particles: draws(config.svgdParticles),
                     exactPositiveMass: q.positiveMass)
    }

    struct Run: Sendable {
        var setting: Setting
        var seed: Int
        var samplerDistance: Double
        var svgdDistance: Double
        var initialDistance: Double
        var samplerPositiveMass: Double
        var svgdPositiveMass: Double
    }

    /// The sampler `a = tanh(f_φ(ξ))`, `ξ ~ N(0, I_d)`, `f_φ` an MLP d-32-32-d with tanh hidden units.
    static func network(_ d: Int) -> MLP { MLP(layerSizes: [d, 32, 32, d], activation: .tanh) }

    static func draw(_ net: MLP, _ theta: [Double], count: Int, using rng: inout SeededGenerator) -> [[Double]] {
        let d = net.inputSize
        let xi = (0..<(count * d)).map { _ in rng.nextGaussian() }
        let out = net.forward(theta, inputs: xi, batch: count).output
        return (0..<count).map { i in (0..<d).map { tanh(out[i * d + $0]) } }
    }

    /// Trains the sampler for `steps` steps: each draws `K` actions, the first K/2 "fixed" (their ∇Q
    /// and kernel terms drive the direction, no gradient flows through them) and the last K/2
    /// "updated", moved along soft Q-learning's amortised direction `Δf` (times `1 − a²` for the tanh),
    /// the network following by the chain rule; Adam on the negative ascent direction.
    static func trainSampler(energy: Energy, alpha: Double, config: Configuration, using rng: inout SeededGenerator)
        -> (net: MLP, theta: [Double], initial: [Double]) {
        let d = energy.dimension, net = network(d)
        var theta = [Double](repeating: 0, count: net.parameterCount)
        net.initialize(&theta, hiddenGain: 1, outputGain: 1, using: &rng)
        let initial = theta
        var adam = Adam(parameterCount: theta.count, learningRate: config.samplerLearningRate)
        let k = config.samplerParticles, half = k / 2
        for _ in 0..<config.samplerSteps {
            let xi = (0..<(k * d)).map { _ in rng.nextGaussian() }
            let activations = net.forward(theta, inputs: xi, batch: k)
            let out = activations.output
            let actions = (0..<k).map { i in (0..<d).map { tanh(out[i * d + $0]) } }
            let fixed = Array(actions[0..<half]), updated = Array(actions[half...])
            let kernel = RBFKernel.medianHeuristic(fixed)
            let delta = SteinVariationalGradient.amortisedDirection(updatedActions: updated, fixedActions: fixed,
                                                                     actionValueGradients: fixed.map(energy.gradient),
                                                                     temperature: alpha, kernel: kernel)
            var directions = [[Double]](repeating: [Double](repeating: 0, count: d), count: k)
            for (j, a) in updated.enumerated() { directions[half + j] = (0..<d).map { delta[j][$0] * (1 - a[$0] * a[$0]) } }
            let ascent = SteinVariationalGradient.samplerParameterDirection(network: net, parameters: theta,
                                                                            activations: activations, directions: directions)
            adam.update(&theta, gradient: ascent.map { -$0 })
        }
        return (net, theta, initial)
    }

    /// Plain SVGD on `n` particles in the unsquashed space `u` (`a = tanh u`), whose target density is
    /// `exp(Q(tanh u)/α) Π(1 − tanh² uᵢ)`, score `(∇Q(a)/α) ⊙ (1 − a²) − 2a`; fixed step ε.
    static func svgdParticles(energy: Energy, alpha: Double, config: Configuration, using rng: inout SeededGenerator) -> [[Double]] {
        let d = energy.dimension
        var u = (0..<config.svgdParticles).map { _ in (0..<d).map { _ in rng.nextGaussian() } }
        for _ in 0..<config.svgdIterations {
            let a = u.map { $0.map(tanh) }
            let scores = a.map { ai in zip(energy.gradient(ai), ai).map { g, x in g / alpha * (1 - x * x) - 2 * x } }
            let phi = SteinVariationalGradient.direction(particles: u, scores: scores, kernel: RBFKernel.medianHeuristic(u))
            for i in u.indices { for c in 0..<d { u[i][c] += config.svgdStepSize * phi[i][c] } }
        }
        return u.map { $0.map(tanh) }
    }

    static func run(_ s: Setting, seed: Int, config: Configuration, masterSeed: UInt64) -> Run {
        let e = Energy.all[s.energy]
        let q = quadrature(s, config), ref = reference(q, config)
        var rng = StreamKey(experiment: SoftQCompositionExperiment.name, setting: "sampler \(s.label)", trial: seed,
                            masterSeed: masterSeed).generator()
        let (net, theta, initial) = trainSampler(energy: e, alpha: s.alpha, config: config, using: &rng)
        let samples = draw(net, theta, count: config.evaluationSamples, using: &rng)
        let before = draw(net, initial, count: config.evaluationSamples, using: &rng)
        let particles = svgdParticles(energy: e, alpha: s.alpha, config: config, using: &rng)
        func positive(_ xs: [[Double]]) -> Double { Double(xs.filter { $0[0] > 0 }.count) / Double(xs.count) }
        return Run(setting: s, seed: seed, samplerDistance: ref.distance(samples), svgdDistance: ref.distance(particles),
                   initialDistance: ref.distance(before), samplerPositiveMass: positive(samples), svgdPositiveMass: positive(particles))
    }

    static func table(_ runs: [Run], floors: [Floor]) -> CSVTable {
        var t = CSVTable(columns: ["energy", "alpha", "seed", "sampler_distance", "svgd_distance", "initial_distance",
                                   "floor_evaluation_mean", "floor_particles_mean", "sampler_ratio", "svgd_ratio",
                                   "sampler_positive_mass", "svgd_positive_mass", "exact_positive_mass"])
        for r in runs {
            let f = floors.first { $0.setting.energy == r.setting.energy && $0.setting.alpha == r.setting.alpha }!
            let fe = Statistics.mean(f.evaluation), fp = Statistics.mean(f.particles)
            t.append([.string(Energy.all[r.setting.energy].name), .double(r.setting.alpha), .int(r.seed),
                      .double(r.samplerDistance), .double(r.svgdDistance), .double(r.initialDistance), .double(fe), .double(fp),
                      .double(r.samplerDistance / fe), .double(r.svgdDistance / fp), .double(r.samplerPositiveMass),
                      .double(r.svgdPositiveMass), .double(f.exactPositiveMass)])
        }
        return t
    }
}
