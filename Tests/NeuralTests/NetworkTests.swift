import CKernels
import ExperimentKit
import Foundation
@testable import Neural
import TestSupport
import XCTest

final class NetworkTests: XCTestCase {
    func randomVector(_ n: Int, scale: Double = 1, _ rng: inout SeededGenerator) -> [Double] {
        (0..<n).map { _ in scale * rng.nextGaussian() }
    }

    /// The vectorised tanh agrees with libm's to a few units of 2⁻⁵³, at every level, and every
    /// level computes the same bits.
    func testVectorisedTanhMatchesLibmAtEveryLevelBitwise() {
        var rng = SeededGenerator(seed: 1)
        var xs = (0..<20_000).map { _ in 6 * rng.nextGaussian() }
        xs += [0, -0.0, 1e-300, -1e-300, 1e-9, 0.5, -0.5, 19.99, 20, 20.01, 700, -700, .infinity, -.infinity]
        let results = atEveryLevel { () -> [Double] in
            var y = xs
            y.withUnsafeMutableBufferPointer { ck_tanh_in_place($0.baseAddress!, $0.count) }
            return y
        }
        var worst = 0.0
        for (i, x) in xs.enumerated() { worst = max(worst, abs(results[0].result[i] - tanh(x))) }
        XCTAssertLessThanOrEqual(worst, 4 * 0x1p-53)
        for (level, y) in results.dropFirst() {
            XCTAssertEqual(y.map(\.bitPattern), results[0].result.map(\.bitPattern), "level \(level)")
        }
        var nan = [Double.nan]
        nan.withUnsafeMutableBufferPointer { ck_tanh_in_place($0.baseAddress!, 1) }
        XCTAssertTrue(nan[0].isNaN)
    }

    /// The dense-layer products equal the plain triple loop of fused multiply-adds bitwise, at every
    /// level, on shapes with and without remainders of the 4-row and 16/32-column blocks; so do
    /// Adam's step and the gradient's sum of squares.
    func testKernelsAgreeBitwiseAtEveryLevel() {
        XCTAssertGreaterThanOrEqual(availableLevels.count, 1)
        var rng = SeededGenerator(seed: 2)
        for (batch, m, n) in [(1, 3, 64), (64, 64, 64), (7, 5, 19), (64, 64, 1), (3, 17, 33), (5, 4, 48)] {
            let x = randomVector(batch * m, &rng), w = randomVector(m * n, &rng), b = randomVector(n, &rng)
            var plain = [Double](repeating: 0, count: batch * n)
            for i in 0..<batch {
                for j in 0..<n {
                    var s = b[j]
                    for k in 0..<m { s.addProduct(x[i * m + k], w[k * n + j]) }   // fused, as the kernels
                    plain[i * n + j] = s
                }
            }
            for (level, out) in atEveryLevel({ () -> [Double] in
                var out = [Double](repeating: 0, count: batch * n)
                ck_dense_forward(x, w, b, &out, batch, m, n)
                return out
            }) {
                XCTAssertEqual(out.map(\.bitPattern), plain.map(\.bitPattern), "\(batch)×\(m)×\(n), level \(level)")
            }
        }
        let count = 1003
        let g = randomVector(count, &rng)
        let adam = atEveryLevel { () -> [Double] in
            var optimizer = Adam(parameterCount: count, learningRate: 0.01)
            var theta = randomVector(count, scale: 0, &rng)
            for _ in 0..<3 { optimizer.update(&theta, gradient: g) }
            return theta
        }
        let norms = atEveryLevel { ck_sum_of_squares(g, count) }
        for i in 1..<adam.count {
            XCTAssertEqual(adam[i].result.map(\.bitPattern), adam[0].result.map(\.bitPattern), "Adam, level \(adam[i].level)")
            XCTAssertEqual(norms[i].result.bitPattern, norms[0].result.bitPattern, "Σg², level \(norms[i].level)")
        }
    }

    /// The MLP's forward pass is h_l = f(h_{l−1} W_l + b_l) with a linear output layer.
    func testMLPForwardIsTheLayerFormula() {
        var rng = SeededGenerator(seed: 3)
        for activation in Activation.allCases {
            let net = MLP(layerSizes: [3, 8, 5, 2], activation: activation, parameterOffset: 4)
            let theta = randomVector(net.parameterEnd + 3, &rng)
            let input = randomVector(3, &rng)
            var h = input
            for (l, layer) in net.layers.enumerated() {
                var y = [Double](repeating: 0, count: layer.outputs)
                for j in 0..<layer.outputs {
                    var s = theta[layer.biasOffset + j]
                    for k in 0..<layer.inputs { s += h[k] * theta[layer.weightOffset + k * layer.outputs + j] }
                    y[j] = l == net.layers.count - 1 ? s : activation(s)
                }
                h = y
            }
            let output = net(theta, input)
            for j in 0..<2 { XCTAssertEqual(output[j], h[j], accuracy: 1e-14) }
        }
    }

    /// Every parameter's gradient from the backward pass agrees with central finite differences,
    /// for tanh and ReLU, on a batch, for ℓ = Σ C ⊙ Y with fixed random C.
    func testMLPBackwardMatchesFiniteDifferences() {
        var rng = SeededGenerator(seed: 4)
        for activation in Activation.allCases {
            let net = MLP(layerSizes: [4, 6, 5, 3], activation: activation, parameterOffset: 2)
            let theta = randomVector(net.parameterEnd + 1, &rng)
            let batch = 5
            let inputs = randomVector(batch * 4, &rng)
            let weights = randomVector(batch * 3, &rng)
            func loss(_ t: [Double]) -> Double {
                zip(net.forward(t, inputs: inputs, batch: batch).output, weights).reduce(0) { $0 + $1.0 * $1.1 }
            }
            var gradient = [Double](repeating: 0, count: theta.count)
            net.backward(theta, activations: net.forward(theta, inputs: inputs, batch: batch),
                         outputGradient: weights, gradient: &gradient)
            assertGradientsAgree(gradient, centralDifferences(theta, loss), "MLP \(activation)")
            XCTAssertEqual(gradient[0], 0)   // outside the network's parameters
            XCTAssertEqual(gradient[theta.count - 1], 0)
        }
    }

    /// Orthogonal initialisation: WᵀW = g²I for tall weights, WWᵀ = g²I for wide ones; zero biases.
    func testOrthogonalInitialisationHasOrthonormalColumnsOrRows() {
        var rng = SeededGenerator(seed: 5)
        for (rows, columns) in [(64, 64), (4, 64), (64, 1), (3, 2)] {
            let q = orthogonalMatrix(rows: rows, columns: columns, using: &rng)
            let tall = rows >= columns
            let s = min(rows, columns), t = max(rows, columns)
            for a in 0..<s {
                for b in 0..<s {
                    var dot = 0.0
                    for r in 0..<t {
                        dot += tall ? q[r * columns + a] * q[r * columns + b] : q[a * columns + r] * q[b * columns + r]
                    }
                    XCTAssertEqual(dot, a == b ? 1 : 0, accuracy: 1e-13, "\(rows)×\(columns) (\(a), \(b))")
                }
            }
        }
        let agent = ActorCritic(observationLength: 3, head: .gaussian(dimension: 1), hiddenSizes: [64, 64], activation: .tanh)
        let theta = agent.initialParameters(initialLogStd: -0.5, using: &rng)
        let last = agent.policy.layers.last!
        var norm = 0.0
        for k in 0..<last.inputs { norm += theta[last.weightOffset + k] * theta[last.weightOffset + k] }
        XCTAssertEqual(norm.squareRoot(), 0.01, accuracy: 1e-14)   // a 64×1 column of gain 0.01
        XCTAssertEqual(Array(agent.logStd(theta)), [-0.5])
        XCTAssertTrue(theta[last.biasOffset..<(last.biasOffset + last.outputs)].allSatisfy { $0 == 0 })
    }

    /// Global-norm clipping scales the whole gradient to the bound and leaves small ones alone.
    func testGlobalNormClipping() {
        var g = [3.0, 4.0]
        XCTAssertEqual(clipGlobalNorm(&g, maxNorm: 1), 5)
        XCTAssertEqual((g[0] * g[0] + g[1] * g[1]).squareRoot(), 1 / (1 + 2e-7), accuracy: 1e-12)
        XCTAssertEqual(g[0] / g[1], 0.75, accuracy: 1e-15)
        var small = [0.3, 0.4]
        clipGlobalNorm(&small, maxNorm: 1)
        XCTAssertEqual(small, [0.3, 0.4])
    }

    /// The running statistics are the mean and variance of the data pooled with the prior
    /// pseudo-sample (count 10⁻⁴, mean 0, variance 1).
    func testRunningMeanVarianceIsThePooledMoments() {
        var rng = SeededGenerator(seed: 6)
        var stats = RunningMeanVariance(dimension: 2)
        var data: [[Double]] = []
        for _ in 0..<1000 {
            let x = [3 + 2 * rng.nextGaussian(), -1 + 0.1 * rng.nextGaussian()]
            data.append(x)
            stats.update(x)
        }
        let prior = 1e-4, n = Double(data.count) + prior
        for i in 0..<2 {
            let mean = data.reduce(0) { $0 + $1[i] } / n
            let secondMoment = (data.reduce(0) { $0 + $1[i] * $1[i] } + prior * 1) / n
            XCTAssertEqual(stats.mean[i], mean, accuracy: 1e-12)
            XCTAssertEqual(stats.variance[i], secondMoment - mean * mean, accuracy: 1e-10)
        }
        XCTAssertEqual(stats.count, n, accuracy: 1e-9)
    }
}
