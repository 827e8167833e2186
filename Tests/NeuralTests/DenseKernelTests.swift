import CKernels
import ExperimentKit
import Neural
import XCTest

/// The dense-layer kernels against plain Swift loops, bitwise, at every instruction-set level this CPU
/// has: the register-tiled, zero-padded and chunked blocking (and the tiled transpose, the branch-free
/// ReLU) must change no result, so that PPO's and the off-policy learners' numbers are the same on
/// every CPU and the same as before the blocking changed.
final class DenseKernelTests: XCTestCase {
    func randomVector(_ n: Int, _ rng: inout SeededGenerator) -> [Double] {
        (0..<n).map { _ in rng.nextGaussian() }
    }

    /// (batch, inputs m, outputs n): edges of the 4-row and 16/32-column blocks, the zero-padded column
    /// tails of width 1–15 (narrow output layers; 23 = HalfCheetah's critic input), and sums longer than
    /// the 256-step chunks of the padded tail, in each of the three products' inner dimension.
    static let shapes: [(Int, Int, Int)] = [
        (1, 1, 1), (1, 3, 64), (3, 17, 33), (7, 5, 19), (5, 4, 48), (8, 8, 8), (9, 16, 15), (13, 31, 17),
        (2, 9, 1), (4, 23, 256), (6, 300, 12), (300, 7, 6), (5, 23, 300), (33, 40, 47), (4, 256, 7),
    ]

    /// The three passes' results on one shape.
    struct Passes {
        var forward: [Double], weightGradient: [Double], biasGradient: [Double], inputGradient: [Double]
    }

    /// A chain of fused multiply-adds `s ← fma(aₚ, bₚ, s)`, p ascending, from `initial`: in double, or
    /// with every operand rounded to Float and the chain in Float, widened at the end.
    static func chain(_ initial: Double, _ count: Int, single: Bool, _ term: (Int) -> (Double, Double)) -> Double {
        if single {
            var s = Float(initial)
            for p in 0..<count { let (a, b) = term(p); s.addProduct(Float(a), Float(b)) }
            return Double(s)
        }
        var s = initial
        for p in 0..<count { let (a, b) = term(p); s.addProduct(a, b) }
        return s
    }

    /// The passes of ckernels.h as plain loops: out[i][j] = b[j] + Σ_k x[i][k]·w[k][j] (k ascending);
    /// gw[k][j] += Σ_i x[i][k]·g[i][j] (i ascending; in single precision the float sum from 0 is added);
    /// gb[j] += Σ_i g[i][j] (double, i ascending); gx[i][k] = Σ_j g[i][j]·w[k][j] (from 0, j ascending).
    static func plainPasses(x: [Double], w: [Double], b: [Double], g: [Double], gw0: [Double], gb0: [Double],
                            batch: Int, m: Int, n: Int, single: Bool) -> Passes {
        var r = Passes(forward: [], weightGradient: gw0, biasGradient: gb0, inputGradient: [])
        for i in 0..<batch {
            for j in 0..<n { r.forward.append(chain(b[j], m, single: single) { (x[i * m + $0], w[$0 * n + j]) }) }
        }
        for k in 0..<m {
            for j in 0..<n {
                let e = k * n + j
                r.weightGradient[e] = single
                    ? gw0[e] + chain(0, batch, single: true) { (x[$0 * m + k], g[$0 * n + j]) }
                    : chain(gw0[e], batch, single: false) { (x[$0 * m + k], g[$0 * n + j]) }
            }
        }
        for j in 0..<n { for i in 0..<batch { r.biasGradient[j] += g[i * n + j] } }
        for i in 0..<batch {
            for k in 0..<m { r.inputGradient.append(chain(0, n, single: single) { (g[i * n + $0], w[k * n + $0]) }) }
        }
        return r
    }

    /// The kernels' passes (double: the input gradient from the tiled transpose of w).
    static func kernelPasses(x: [Double], w: [Double], b: [Double], g: [Double], gw0: [Double], gb0: [Double],
                             batch: Int, m: Int, n: Int, single: Bool) -> Passes {
        var r = Passes(forward: [Double](repeating: .nan, count: batch * n), weightGradient: gw0, biasGradient: gb0,
                       inputGradient: [Double](repeating: .nan, count: batch * m))
        if single {
            ck_dense_forward_f32(x, w, b, &r.forward, batch, m, n)
            ck_dense_weight_gradient_f32(x, g, &r.weightGradient, &r.biasGradient, batch, m, n)
            ck_dense_input_gradient_f32(g, w, &r.inputGradient, batch, m, n)
        } else {
            ck_dense_forward(x, w, b, &r.forward, batch, m, n)
            ck_dense_weight_gradient(x, g, &r.weightGradient, &r.biasGradient, batch, m, n)
            var wt = [Double](repeating: .nan, count: m * n)
            ck_transpose(w, &wt, m, n)
            ck_dense_input_gradient(g, wt, &r.inputGradient, batch, m, n)
        }
        return r
    }

    /// Kernels against plain loops, bitwise, on every shape at every level.
    func assertKernelsEqualPlainLoops(single: Bool, shapes: [(Int, Int, Int)], seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        for (batch, m, n) in shapes {
            let x = randomVector(batch * m, &rng), w = randomVector(m * n, &rng), b = randomVector(n, &rng)
            let g = randomVector(batch * n, &rng), gw0 = randomVector(m * n, &rng), gb0 = randomVector(n, &rng)
            let plain = Self.plainPasses(x: x, w: w, b: b, g: g, gw0: gw0, gb0: gb0, batch: batch, m: m, n: n, single: single)
            for (level, r) in atEveryLevel({
                Self.kernelPasses(x: x, w: w, b: b, g: g, gw0: gw0, gb0: gb0, batch: batch, m: m, n: n, single: single)
            }) {
                let shape = "\(single ? "single" : "double") \(batch)×\(m)×\(n), level \(level)"
                XCTAssertEqual(r.forward.map(\.bitPattern), plain.forward.map(\.bitPattern), "forward \(shape)")
                XCTAssertEqual(r.weightGradient.map(\.bitPattern), plain.weightGradient.map(\.bitPattern), "weight gradient \(shape)")
                XCTAssertEqual(r.biasGradient.map(\.bitPattern), plain.biasGradient.map(\.bitPattern), "bias gradient \(shape)")
                XCTAssertEqual(r.inputGradient.map(\.bitPattern), plain.inputGradient.map(\.bitPattern), "input gradient \(shape)")
            }
        }
    }

    /// The double-precision passes equal the plain loops of fused multiply-adds bitwise at every level,
    /// and the tiled transpose equals the plain one.
    func testDenseLayerProductsEqualThePlainLoopsBitwiseAtEveryLevel() {
        assertKernelsEqualPlainLoops(single: false, shapes: Self.shapes, seed: 11)
        var rng = SeededGenerator(seed: 15)
        for (rows, cols) in [(1, 1), (3, 40), (17, 16), (33, 35), (256, 23)] {
            let a = randomVector(rows * cols, &rng)
            var tiled = [Double](repeating: .nan, count: rows * cols), plain = tiled
            ck_transpose(a, &tiled, rows, cols)
            ck_transpose_portable(a, &plain, rows, cols)
            XCTAssertEqual(tiled.map(\.bitPattern), plain.map(\.bitPattern), "transpose \(rows)×\(cols)")
            let definition = (0..<(rows * cols)).map { e in a[(e % rows) * cols + e / rows] }   // wt[j][i] = a[i][j]
            XCTAssertEqual(plain.map(\.bitPattern), definition.map(\.bitPattern), "transpose \(rows)×\(cols)")
        }
    }

    /// The single-precision passes (`ck_dense_*_f32`) equal the plain loops over Float bitwise at every
    /// level: operands rounded to float, sums in the kernels' order (the forward pass's from
    /// Float(bias), the others' from 0), results widened (32-float column blocks and their tails).
    func testSinglePrecisionProductsEqualThePlainFloatLoopsBitwiseAtEveryLevel() {
        assertKernelsEqualPlainLoops(single: true, shapes: Self.shapes + [(5, 9, 40), (3, 4, 70), (7, 70, 31), (6, 33, 65)],
                                     seed: 13)
    }

    /// An MLP with single-precision products computes the double one's output, parameter gradient and
    /// input gradient to float32 accuracy (relative error of each within 10⁻⁴ of the largest entry) on
    /// a 256-wide ReLU network at batch 64 — the precision traded for speed.
    func testSinglePrecisionMLPAgreesWithDoubleToFloatAccuracy() {
        var rng = SeededGenerator(seed: 14)
        let sizes = [11, 256, 256, 3], batch = 64
        let double = MLP(layerSizes: sizes, activation: .relu), single = MLP(layerSizes: sizes, activation: .relu, products: .single)
        var theta = [Double](repeating: 0, count: double.parameterCount)
        double.initialize(&theta, hiddenGain: 2.0.squareRoot(), outputGain: 1, using: &rng)
        let x = randomVector(batch * 11, &rng), g = randomVector(batch * 3, &rng)
        func run(_ net: MLP) -> (y: [Double], gradient: [Double], input: [Double]) {
            let a = net.forward(theta, inputs: x, batch: batch)
            var gradient = [Double](repeating: 0, count: theta.count)
            net.backward(theta, activations: a, outputGradient: g, gradient: &gradient)
            return (a.output, gradient, net.inputGradient(theta, activations: a, outputGradient: g))
        }
        let d = run(double), s = run(single)
        for (name, u, v) in [("output", d.y, s.y), ("parameter gradient", d.gradient, s.gradient), ("input gradient", d.input, s.input)] {
            let scale = u.map(abs).max()!
            let worst = zip(u, v).map { abs($0 - $1) }.max()!
            XCTAssertLessThan(worst, 1e-4 * scale, name)
            XCTAssertGreaterThan(worst, 0, "\(name): single precision should differ somewhere")
        }
    }

    /// The kernels' ReLU and its derivative (and tanh's derivative) equal the plain Swift loops
    /// `Activation.applyReference` and `multiplyByDerivativeReference` bitwise at every level, on random
    /// values, signed zeros, infinities and NaN, at lengths that leave vector remainders.
    func testActivationKernelsEqualThePlainLoopsBitwiseAtEveryLevel() {
        var rng = SeededGenerator(seed: 12)
        let specials: [Double] = [0, -0.0, .infinity, -.infinity, .nan, -.nan, 1e-310, -1e-310]
        for count in [1, 7, 8, 9, 31, 1000, 1003] {
            var x = randomVector(count, &rng)
            for (i, s) in specials.enumerated() where i < count { x[(i * 7) % count] = s }
            let delta = randomVector(count, &rng)
            var relu = x
            Activation.relu.applyReference(to: &relu)
            var reluBack = delta, tanhBack = delta
            Activation.relu.multiplyByDerivativeReference(&reluBack, outputs: x)
            Activation.tanh.multiplyByDerivativeReference(&tanhBack, outputs: x)
            for (level, r) in atEveryLevel({ () -> ([Double], [Double], [Double]) in
                var y = x, dr = delta, dt = delta
                Activation.relu.apply(to: &y)
                Activation.relu.multiplyByDerivative(&dr, outputs: x)
                Activation.tanh.multiplyByDerivative(&dt, outputs: x)
                return (y, dr, dt)
            }) {
                XCTAssertEqual(r.0.map(\.bitPattern), relu.map(\.bitPattern), "ReLU, \(count), level \(level)")
                XCTAssertEqual(r.1.map(\.bitPattern), reluBack.map(\.bitPattern), "ReLU′, \(count), level \(level)")
                XCTAssertEqual(r.2.map(\.bitPattern), tanhBack.map(\.bitPattern), "tanh′, \(count), level \(level)")
            }
        }
    }
}
