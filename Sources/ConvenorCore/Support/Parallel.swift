import Foundation

/// Runs independent pieces of work on every core and returns their results in the order of the
/// pieces, so whatever is built from them is the same however the work was scheduled.
enum Parallel {
    /// `body(0) … body(count - 1)`, at once.
    static func map<T>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        if count <= 1 || ProcessInfo.processInfo.activeProcessorCount < 2 { return (0..<count).map(body) }
        let slots = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        slots.initialize(repeating: nil)
        defer { slots.deinitialize(); slots.deallocate() }
        // Each piece writes only its own slot.
        nonisolated(unsafe) let results = slots
        DispatchQueue.concurrentPerform(iterations: count) { i in results[i] = body(i) }
        return results.compactMap { $0 }
    }

    /// Two pieces of work at once: `b` on another thread, `a` on this one.
    ///
    /// Not `concurrentPerform(iterations: 2)`: libdispatch runs a `concurrentPerform` nested inside
    /// another one on (cores ÷ outer iterations) threads, so on two cores a `map` inside either piece
    /// (the overlap pairs) ran on one core (Benchmarks/RESULTS.md, round five).
    static func both<A, B>(_ a: @Sendable () -> A, _ b: @Sendable () -> B) -> (A, B) {
        if ProcessInfo.processInfo.activeProcessorCount < 2 { return (a(), b()) }
        let done = DispatchSemaphore(value: 0)
        let (first, second): (A, B?) = withoutActuallyEscaping(b) { escapable in
            // The thread lets go of `b` before it signals: the Thread object keeps its block until the
            // thread ends, and `b` may not outlive `withoutActuallyEscaping`.
            let handover = Handover(escapable)
            // A thread of its own rather than a dispatch worker: the wait below then never depends on
            // the dispatch pool having a free thread, however deeply `both` is nested.
            Thread {
                handover.run()
                done.signal()
            }.start()
            let first = a()
            done.wait()
            return (first, handover.result)
        }
        guard let second else { fatalError("Parallel.both: a piece of work did not run") }
        return (first, second)
    }

    /// Work handed to another thread, which drops it once it has run.
    private final class Handover<T>: @unchecked Sendable {
        private var body: (@Sendable () -> T)?
        // Written by the other thread before it signals; read only after waiting for that.
        private(set) var result: T?

        init(_ body: @escaping @Sendable () -> T) { self.body = body }

        func run() {
            result = body?()
            body = nil
        }
    }
}

/// One piece of work started now on another thread; `result()` waits for it. Its value is taken once
/// it is done, so whatever is built from it does not depend on when it finished.
final class BackgroundWork<T: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    // Written once by the worker before `done` is signalled; read only after waiting for it.
    private var outcome: Result<T, any Error>?

    init(_ body: @escaping @Sendable () throws -> T) {
        DispatchQueue.global(qos: .userInitiated).async {
            let value = Result { try body() }
            self.lock.withLock { self.outcome = value }
            self.done.signal()
        }
    }

    /// Waits for the work (once; later calls return at once) and returns its value or throws its error.
    func result() throws -> T {
        let finished = lock.withLock { outcome }
        if let finished { return try finished.get() }
        done.wait()
        return try lock.withLock { outcome! }.get()
    }
}

/// Lets go of large values on another thread: whoever drops the last reference pays for freeing
/// every allocation in them, which for a national portfolio is a noticeable pause.
public enum ReleaseInBackground {
    /// Holds the value so that only the other thread lets it go.
    private final class Holder<T>: @unchecked Sendable {
        var value: T?
        init(_ value: consuming T) { self.value = value }
    }

    /// Takes the caller's reference (pass it with `consume`) and drops it on another thread.
    public static func release<T>(_ value: consuming T) {
        let holder = Holder(value)
        DispatchQueue.global(qos: .utility).async { holder.value = nil }
    }
}
