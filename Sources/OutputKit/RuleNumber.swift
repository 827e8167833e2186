import Foundation

/// How a rule prints its thresholds: plain decimals (`0.5`, `-0.4`), and exact powers of ten as
/// `10⁻¹²` / `10⁶`, so that a rule's sentence reads as the report writes numbers.
public enum RuleNumber {
    public static func text(_ x: Double) -> String {
        if x != 0, x.isFinite {
            let exponent = log10(abs(x)).rounded()
            if abs(exponent) >= 3, abs(x) == pow(10, exponent) {
                let digits = ["0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻"]
                let sup = String(Int(exponent)).map { digits[String($0)]! }.joined()
                return (x < 0 ? "−" : "") + "10" + sup
            }
        }
        return String(format: "%g", x).replacingOccurrences(of: "-", with: "−")
    }
}
