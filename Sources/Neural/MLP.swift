import CKernels
import ExperimentKit

/// A multilayer perceptron whose parameters live in a flat vector θ owned by the caller:
///   h₀ = x,  h_l = f(h_{l−1} W_l + b_l) for hidden layers,  y = h_{L−1} W_L + b_L (linear output),
/// with W_l stored row-major as (inputs × outputs) at `parameterOffset + …` in θ, followed by b_l.
/// Several networks (policy, value) share one θ, so one optimiser and one gradient-norm clip
/// see every parameter.
public struct MLP: Sendable, Equatable {
    /// Sizes from input to output, e.g. [3, 64, 64, 1].
    public let layerSizes: [Int]
    /// The hidden layers' nonlinearity (the output layer is linear).
    public let activation: Activation
    /// Where this network's parameters start in θ.
    public let parameterOffset: Int
    /// Double or single-precision dense-layer products (`ProductPrecision`).
    public let products: ProductPrecision

    struct Layer: Sendable, Equatable {
        let inputs: Int, outputs: Int
        let weightOffset: Int, biasOffset: Int
    }
    let layers: [Layer]

    /// Precondition: at least two sizes, all positive.
    public init(layerSizes: [Int], activation: Activation, parameterOffset: Int = 0, products: ProductPrecision = .double) {
        precondition(layerSizes.count >= 2 && layerSizes.allSatisfy { $0 > 0 }, "MLP needs ≥ 2 positive layer sizes")
        self.layerSizes = layerSizes
        self.activation = activation
        self.parameterOffset = parameterOffset
        self.products = products
        var layers: [Layer] = []
        var offset = parameterOffset
        for l in 1..<layerSizes.count {
            let m = layerSizes[l - 1], n = layerSizes[l]
            layers.append(Layer(inputs: m, outputs: n, weightOffset: offset, biasOffset: offset + m * n))
            offset += m * n + n
        }
        self.layers = layers
    }

    public var inputSize: Int { layerSizes.first! }
    public var outputSize: Int { layerSizes.last! }
    /// Σ_l (m_l·n_l + n_l).
    public var parameterCount: Int { layers.reduce(0) { $0 + $1.inputs * $1.outputs + $1.outputs } }
    /// One past this network's last parameter in θ.
    public var parameterEnd: Int { parameterOffset + parameterCount }

    /// Every layer's output on a batch, kept for the backward pass: `layerOutputs[0]` is the input,
    /// `layerOutputs[L]` the network's output, each row-major (batch × size).
    public struct Activations: Sendable {
        public let batch: Int
        public var layerOutputs: [[Double]]
        public var output: [Double] { layerOutputs[layerOutputs.count - 1] }
    }

    /// The forward pass on `batch` inputs stored row-major in `inputs`.
    public func forward(_ theta: [Double], inputs: [Double], batch: Int) -> Activations {
        precondition(inputs.count == batch * inputSize, "inputs must hold batch × \(inputSize) numbers")
        var outputs = [inputs]
        outputs.reserveCapacity(layers.count + 1)
        theta.withUnsafeBufferPointer { p in
            for (l, layer) in layers.enumerated() {
                // Every entry is written by the kernel (bias first), so the array starts uninitialised.
                var y = [Double](unsafeUninitializedCapacity: batch * layer.outputs) { y, count in
                    outputs[l].withUnsafeBufferPointer { x in
                        let forward = products == .double ? ck_dense_forward : ck_dense_forward_f32
                        forward(x.baseAddress!, p.baseAddress! + layer.weightOffset,
                                p.baseAddress! + layer.biasOffset, y.baseAddress!, batch, layer.inputs, layer.outputs)
                    }
                    count = batch * layer.outputs
                }
                if l < layers.count - 1 { activation.apply(to: &y) }
                outputs.append(y)
            }
        }
        return Activations(batch: batch, layerOutputs: outputs)
    }

    /// The network's output on one input.
    public func callAsFunction(_ theta: [Double], _ input: [Double]) -> [Double] {
        forward(theta, inputs: input, batch: 1).output
    }

    /// The backward pass: adds ∂ℓ/∂θ to `gradient` (same layout as θ), given G = ∂ℓ/∂y for every
    /// row of the forward pass's output (batch × outputSize). ℓ is whatever the caller sums; the
    /// pass uses ∂ℓ/∂W_l = h_{l−1}ᵀ Δ_l, ∂ℓ/∂b_l = 1ᵀ Δ_l, Δ_{l−1} = (Δ_l W_lᵀ) ⊙ f′(h_{l−1}).
    public func backward(_ theta: [Double], activations: Activations, outputGradient: [Double],
                         gradient: inout [Double]) {
        let batch = activations.batch
        precondition(outputGradient.count == batch * outputSize, "output gradient must be batch × \(outputSize)")
        precondition(gradient.count == theta.count, "gradient must have θ's layout")
        var delta = outputGradient
        for l in stride(from: layers.count - 1, through: 0, by: -1) {
            let layer = layers[l]
            let input = activations.layerOutputs[l]
            gradient.withUnsafeMutableBufferPointer { g in
                input.withUnsafeBufferPointer { x in
                    delta.withUnsafeBufferPointer { d in
                        let weightGradient = products == .double ? ck_dense_weight_gradient : ck_dense_weight_gradient_f32
                        weightGradient(x.baseAddress!, d.baseAddress!, g.baseAddress! + layer.weightOffset,
                                       g.baseAddress! + layer.biasOffset, batch, layer.inputs, layer.outputs)
                    }
                }
            }
            guard l > 0 else { break }
            var previous = layerInputGradient(theta, layer: layer, delta: delta, batch: batch)
            activation.multiplyByDerivative(&previous, outputs: input)
            delta = previous
        }
    }

    /// `Δ W_lᵀ` (batch × inputs): the gradient with respect to a layer's input, given `Δ` with respect to
    /// its pre-activation output.
    func layerInputGradient(_ theta: [Double], layer: Layer, delta: [Double], batch: Int) -> [Double] {
        if products == .single {   // the kernel rounds and transposes W itself
            return [Double](unsafeUninitializedCapacity: batch * layer.inputs) { gx, count in
                theta.withUnsafeBufferPointer { p in
                    ck_dense_input_gradient_f32(delta, p.baseAddress! + layer.weightOffset, gx.baseAddress!,
                                                batch, layer.inputs, layer.outputs)
                }
                count = batch * layer.inputs
            }
        }
        // Wᵀ (outputs × inputs), so that the input gradient's inner loop is contiguous. Both arrays are
        // written whole by the kernels (the input gradient zeroes its output first), so they start
        // uninitialised.
        let weights = layer.inputs * layer.outputs
        let transposed = [Double](unsafeUninitializedCapacity: weights) { wt, count in
            theta.withUnsafeBufferPointer { p in
                ck_transpose(p.baseAddress! + layer.weightOffset, wt.baseAddress!, layer.inputs, layer.outputs)
            }
            count = weights
        }
        return [Double](unsafeUninitializedCapacity: batch * layer.inputs) { gx, count in
            delta.withUnsafeBufferPointer { d in
                transposed.withUnsafeBufferPointer { wt in
                    ck_dense_input_gradient(d.baseAddress!, wt.baseAddress!, gx.baseAddress!,
                                            batch, layer.inputs, layer.outputs)
                }
            }
            count = batch * layer.inputs
        }
    }

    /// Orthogonal initialisation as PyTorch's `orthogonal_` (Saxe et al. 2014): each W_l is `gain`
    /// times a matrix with orthonormal rows or columns (whichever are fewer), drawn from the Haar
    /// measure by orthonormalising a Gaussian matrix; biases are zero. Hidden layers get
    /// `hiddenGain`, the output layer `outputGain`.
    public func initialize(_ theta: inout [Double], hiddenGain: Double, outputGain: Double,
                           using rng: inout SeededGenerator) {
        for (l, layer) in layers.enumerated() {
            let gain = l == layers.count - 1 ? outputGain : hiddenGain
            let q = orthogonalMatrix(rows: layer.inputs, columns: layer.outputs, using: &rng)
            for i in 0..<(layer.inputs * layer.outputs) { theta[layer.weightOffset + i] = gain * q[i] }
            for j in 0..<layer.outputs { theta[layer.biasOffset + j] = 0 }
        }
    }
}
