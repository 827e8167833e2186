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

    /// out[i][j] = b[j] + Σ_k x[i][k]·w[k][j] (fused, k ascending); gw[k][j] += Σ_i x[i][k]·g[i][j]
    /// (fused, i ascending), gb[j] += Σ_i g[i][j] (i ascending); gx[i][k] = Σ_j g[i][j]·w[k][j] (fused,
    /// from 0, j ascending): the three passes of ckernels.h as plain loops.
    func testDenseLayerProductsEqualThePlainLoopsBitwiseAtEveryLevel() {
        var rng = SeededGenerator(seed: 11)
        for (batch, m, n) in Self.shapes {
            let x = randomVector(batch * m, &rng), w = randomVector(m * n, &rng), b = randomVector(n, &rng)
            let g = randomVector(batch * n, &rng)
            let gw0 = randomVector(m * n, &rng), gb0 = randomVector(n, &rng)
            var forward = [Double](repeating: 0, count: batch * n)
            var gw = gw0, gb = gb0
            var gx = [Double](repeating: 0, count: batch * m)
            for i in 0..<batch {
                for j in 0..<n {
                    var s = b[j]
                    for k in 0..<m { s.addProduct(x[i * m + k], w[k * n + j]) }
                    forward[i * n + j] = s
                }
            }
            for k in 0..<m {
                for j in 0..<n {
                    var s = gw[k * n + j]
                    for i in 0..<batch { s.addProduct(x[i * m + k], g[i * n + j]) }
                    gw[k * n + j] = s
                }
            }
            for j in 0..<n { for i in 0..<batch { gb[j] += g[i * n + j] } }
            for i in 0..<batch {
                for k in 0..<m {
                    var s = 0.0
                    for j in 0..<n { s.addProduct(g[i * n + j], w[k * n + j]) }
                    gx[i * m + k] = s
                }
            }
            var wt = [Double](repeating: 0, count: m * n)
            ck_transpose_portable(w, &wt, m, n)
            for (level, r) in atEveryLevel({ () -> (out: [Double], gw: [Double], gb: [Double], gx: [Double], wt: [Double]) in
                var out = [Double](repeating: .nan, count: batch * n)
                ck_dense_forward(x, w, b, &out, batch, m, n)
                var kgw = gw0, kgb = gb0
                ck_dense_weight_gradient(x, g, &kgw, &kgb, batch, m, n)
                var kwt = [Double](repeating: .nan, count: m * n)
                ck_transpose(w, &kwt, m, n)
                var kgx = [Double](repeating: .nan, count: batch * m)
                ck_dense_input_gradient(g, kwt, &kgx, batch, m, n)
                return (out, kgw, kgb, kgx, kwt)
            }) {
                let shape = "\(batch)×\(m)×\(n), level \(level)"
                XCTAssertEqual(r.out.map(\.bitPattern), forward.map(\.bitPattern), "forward \(shape)")
                XCTAssertEqual(r.gw.map(\.bitPattern), gw.map(\.bitPattern), "weight gradient \(shape)")
                XCTAssertEqual(r.gb.map(\.bitPattern), gb.map(\.bitPattern), "bias gradient \(shape)")
                XCTAssertEqual(r.wt.map(\.bitPattern), wt.map(\.bitPattern), "transpose \(shape)")
                XCTAssertEqual(r.gx.map(\.bitPattern), gx.map(\.bitPattern), "input gradient \(shape)")
            }
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
