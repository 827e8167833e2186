/// The precision of an MLP's dense-layer products (its parameters, activations and optimiser stay
/// double either way).
///
/// - `double`: every sum of products in double precision (fused multiply-adds), what PPO, TRPO and the
///   committed studies use.
/// - `single`: weights, layer inputs and upstream gradients rounded to float32 for each product, the
///   sums run as float32 fused multiply-adds (as PyTorch's float32 `nn.Linear`, which Stable-Baselines3
///   and CleanRL train with) and widened back to double: twice the vector throughput, relative rounding
///   of about 2⁻²⁴·√(fan-in) per product instead of 2⁻⁵³·√(fan-in). The same bits on every CPU.
public enum ProductPrecision: String, Sendable, Codable, CaseIterable {
    case double
    case single
}
