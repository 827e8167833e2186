import ExperimentKit
import Foundation

/// A progress line on standard error for runs longer than a few seconds:
/// `label: done/total trials, elapsed 12.3 s, about 45 s left`.
///
/// Nothing is printed during the first `quietSeconds`; after that the line is redrawn in place
/// (carriage return) on a terminal at most twice a second, or appended as a new line every
/// ten seconds when standard error is a file or pipe (as under `make` in CI).
public final class ProgressLine: @unchecked Sendable {
    private let label: String
    private let total: Int
    private let start = Date()
    private let lock = NSLock()
    private var done = 0
    private var lastPrint = Date.distantPast
    private var printedAny = false
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private let quietSeconds: Double

    public init(label: String, total: Int, quietSeconds: Double = 3) {
        self.label = label
        self.total = total
        self.quietSeconds = quietSeconds
    }

    /// Records one finished trial and redraws the line if it is time.
    public func advance(by n: Int = 1) {
        lock.lock(); defer { lock.unlock() }
        done += n
        let now = Date()
        let elapsed = now.timeIntervalSince(start)
        let interval = isTerminal ? 0.5 : 10
        guard elapsed >= quietSeconds, now.timeIntervalSince(lastPrint) >= interval else { return }
        lastPrint = now
        emit(elapsed: elapsed, final: false)
    }

    /// Prints the closing line if any progress was shown.
    public func finish() {
        lock.lock(); defer { lock.unlock() }
        guard printedAny else { return }
        emit(elapsed: Date().timeIntervalSince(start), final: true)
    }

    private func emit(elapsed: Double, final: Bool) {
        printedAny = true
        var text = "\(label): \(done)/\(total) trials, elapsed \(ProgressLine.format(elapsed))"
        if !final, done > 0 {
            let remaining = elapsed / Double(done) * Double(total - done)
            text += ", about \(ProgressLine.format(remaining)) left"
        }
        let line = isTerminal ? "\r\u{1B}[K" + text + (final ? "\n" : "") : text + "\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    static func format(_ seconds: Double) -> String {
        seconds < 60 ? String(format: "%.1f s", seconds)
                     : String(format: "%d min %02d s", Int(seconds) / 60, Int(seconds) % 60)
    }
}
