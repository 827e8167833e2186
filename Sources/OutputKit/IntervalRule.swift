import ExperimentKit
import Foundation

/// A comparative verdict decided by a confidence interval, never by two point estimates: the claim
/// "quantity > threshold" (or "quantity ≤ threshold") is confirmed when the whole interval lies on
/// the claimed side, refuted when the whole interval lies on the other side, and inconclusive when
/// the interval reaches the threshold. The rule holds its threshold once and states itself.
public struct IntervalRule: Sendable, Equatable {
    public enum Side: Sendable, Equatable {
        /// The claim is `quantity > threshold`.
        case above
        /// The claim is `quantity ≤ threshold`.
        case atMost
    }

    public var quantity: String
    public var threshold: Double
    public var side: Side
    public var level: Double

    public init(quantity: String, threshold: Double, side: Side, level: Double = 0.95) {
        self.quantity = quantity
        self.threshold = threshold
        self.side = side
        self.level = level
    }

    /// The verdict for the interval [lower, upper]. A NaN bound gives `inconclusive`.
    public func verdict(lower: Double, upper: Double) -> VerdictKind {
        guard lower.isFinite, upper.isFinite else { return .inconclusive }
        switch side {
        case .above:
            if lower > threshold { return .confirmed }
            if upper <= threshold { return .refuted }
        case .atMost:
            if upper <= threshold { return .confirmed }
            if lower > threshold { return .refuted }
        }
        return .inconclusive
    }

    /// The rule in words, e.g. for the verdict table's detail column.
    public var statement: String {
        let t = RuleNumber.text(threshold)
        let claimed = side == .above ? "above \(t)" : "at or below \(t)"
        let other = side == .above ? "at or below \(t)" : "above \(t)"
        return "confirmed if the \(Int((level * 100).rounded()))% interval of \(quantity) lies \(claimed), "
            + "refuted if it lies \(other), inconclusive if it straddles \(t)"
    }

    /// A claim made of several comparisons that must all hold: confirmed if every one is, refuted if
    /// any one is, inconclusive otherwise.
    public static func all(_ verdicts: [VerdictKind]) -> VerdictKind { VerdictKind.allOf(verdicts) }

    /// The verdict for a fraction of `successes` in `n` trials, from its Wilson interval at `level`.
    public func verdict(successes: Int, n: Int) -> VerdictKind {
        guard n > 0 else { return .inconclusive }
        let w = Statistics.wilsonInterval(successes: successes, n: n, level: level)
        return verdict(lower: w.lower, upper: w.upper)
    }
}
