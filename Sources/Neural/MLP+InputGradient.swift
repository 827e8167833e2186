extension MLP {
    /// The gradient with respect to the network's *inputs*, ∂ℓ/∂x (batch × inputSize, row-major), given
    /// G = ∂ℓ/∂y on every row of a forward pass: the backward pass of `backward(_:activations:…)` without
    /// the parameter gradients, continued through the first layer,
    ///   Δ_L = G,  Δ_{l−1} = (Δ_l W_lᵀ) ⊙ f′(h_{l−1}) for hidden layers,  ∂ℓ/∂x = Δ_1 W_1ᵀ.
    /// The deterministic policy gradient needs it: with the critic's input x = (s, a), the last
    /// columns of ∂Q/∂x are ∇ₐQ(s, a) (Silver et al. 2014, Theorem 1; Lillicrap et al. 2016, eq. 6).
    public func inputGradient(_ theta: [Double], activations: Activations, outputGradient: [Double]) -> [Double] {
        let batch = activations.batch
        precondition(outputGradient.count == batch * outputSize, "output gradient must be batch × \(outputSize)")
        var delta = outputGradient
        for l in stride(from: layers.count - 1, through: 0, by: -1) {
            var previous = layerInputGradient(theta, layer: layers[l], delta: delta, batch: batch)
            if l > 0 { activation.multiplyByDerivative(&previous, outputs: activations.layerOutputs[l]) }
            delta = previous
        }
        return delta
    }
}
