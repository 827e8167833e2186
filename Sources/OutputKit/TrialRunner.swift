import ExperimentKit
import Foundation

/// Runs independent trials on a fixed number of threads and returns their results in trial order.
///
/// Each trial must draw its randomness only from its own `StreamKey` (never from shared state), so
/// the returned array, and any file written from it, is the same whatever the thread count and
/// whatever order the threads happen to finish in. Work is handed out one trial index at a time
/// from a shared counter, so both cores stay busy even when trials differ in cost.
public struct TrialRunner: Sendable {
    public var threads: Int
    public var progressLabel: String?

    /// Precondition: `threads ≥ 1` (validate user input with `TrialRunner.validateThreads` first).
    public init(threads: Int, progressLabel: String? = nil) {
        precondition(threads >= 1, "threads must be at least 1")
        self.threads = threads
        self.progressLabel = progressLabel
    }

    /// The default thread count: the number of active processor cores.
    public static var defaultThreads: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// Checks a user-supplied thread count.
    public static func validateThreads(_ threads: Int) throws {
        guard threads >= 1, threads <= 1024 else {
            throw InputError(parameter: "--threads", given: "\(threads)", allowed: "an integer from 1 to 1024")
        }
    }

    /// `[trial(0), trial(1), …, trial(count − 1)]`, computed on `threads` threads.
    /// The first error thrown by any trial is rethrown after all threads stop.
    public func run<Result: Sendable>(
        count: Int, _ trial: @escaping @Sendable (Int) throws -> Result
    ) throws -> [Result] {
        precondition(count >= 0)
        if count == 0 { return [] }
        let state = SharedState<Result>(count: count)
        let progress = progressLabel.map { ProgressLine(label: $0, total: count) }
        let workers = min(threads, count)
        let group = DispatchGroup()
        for _ in 0..<workers {
            let thread = Thread {
                while let index = state.claim() {
                    do {
                        let result = try trial(index)
                        state.store(result, at: index)
                        progress?.advance()
                    } catch {
                        state.fail(error)
                    }
                }
                group.leave()
            }
            thread.stackSize = 8 << 20
            group.enter()
            thread.start()
        }
        group.wait()
        progress?.finish()
        return try state.results()
    }
}

/// The trial counter and the result slots, shared by the worker threads under one lock.
private final class SharedState<Result>: @unchecked Sendable {
    private let lock = NSLock()
    private var nextIndex = 0
    private let count: Int
    private var slots: [Result?]
    private var error: Error?

    init(count: Int) {
        self.count = count
        slots = Array(repeating: nil, count: count)
    }

    func claim() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard error == nil, nextIndex < count else { return nil }
        defer { nextIndex += 1 }
        return nextIndex
    }

    func store(_ result: Result, at index: Int) {
        lock.lock(); defer { lock.unlock() }
        slots[index] = result
    }

    func fail(_ error: Error) {
        lock.lock(); defer { lock.unlock() }
        if self.error == nil { self.error = error }
    }

    func results() throws -> [Result] {
        lock.lock(); defer { lock.unlock() }
        if let error { throw error }
        return slots.map { $0! }
    }
}
