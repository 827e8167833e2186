extension MLP {
    /// Forward-mode differentiation: the directional derivative J v = (d/dε) y(θ + εv) at ε = 0 of
    /// the network's output on every row of a forward pass, for a direction v in θ's layout (only
    /// this network's entries are read). With ḣ₀ = 0 (inputs do not depend on θ), layer by layer:
    ///   ẏ_l = ḣ_{l−1} W_l + h_{l−1} Ẇ_l + ḃ_l,   ḣ_l = f′(h_l) ⊙ ẏ_l for hidden layers,
    /// the output tangent being ẏ_L (batch × outputSize, row-major). Exact, not a finite difference:
    /// the natural-gradient methods' Fisher-vector products are Jᵀ M (J v), with Jᵀ the backward pass.
    /// Plain loops (a reference, used on the small networks of the policy-search family).
    public func jacobianVectorProduct(_ theta: [Double], activations: Activations, direction v: [Double]) -> [Double] {
        precondition(v.count == theta.count, "direction must have θ's layout")
        let batch = activations.batch
        var tangent = [Double](repeating: 0, count: batch * inputSize)
        for (l, layer) in layers.enumerated() {
            let input = activations.layerOutputs[l]
            var next = [Double](repeating: 0, count: batch * layer.outputs)
            for row in 0..<batch {
                for j in 0..<layer.outputs { next[row * layer.outputs + j] = v[layer.biasOffset + j] }
                for i in 0..<layer.inputs {
                    let h = input[row * layer.inputs + i], dh = tangent[row * layer.inputs + i]
                    let w = layer.weightOffset + i * layer.outputs
                    for j in 0..<layer.outputs {
                        next[row * layer.outputs + j] += dh * theta[w + j] + h * v[w + j]
                    }
                }
            }
            if l < layers.count - 1 { activation.multiplyByDerivative(&next, outputs: activations.layerOutputs[l + 1]) }
            tangent = next
        }
        return tangent
    }
}
