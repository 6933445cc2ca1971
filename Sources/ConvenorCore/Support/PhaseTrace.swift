import Foundation

/// Wall times of a run's phases on stderr, for profiling (`CONVENOR_TRACE=1`, read by the CLI, which
/// turns this on). Each line names a phase, when it started after the run began and how long it took,
/// so phases that ran beside each other show as overlapping spans. Only phase names and seconds are
/// printed: never an id or a count from the data.
public enum PhaseTrace {
    /// Set once by `begin()`, before any work starts.
    nonisolated(unsafe) public private(set) static var enabled = false
    nonisolated(unsafe) private static var origin: UInt64 = 0

    /// Turns tracing on; spans are timed from now.
    public static func begin() {
        origin = now()
        enabled = true
    }

    /// Runs `body`, printing its span when tracing is on.
    @inline(__always)
    public static func measure<T>(_ phase: @autoclosure () -> String, _ body: () throws -> T) rethrows -> T {
        guard enabled else { return try body() }
        let start = now()
        defer { report(phase(), from: start) }
        return try body()
    }

    /// Prints the span of a phase that began at `start` (`now()`'s value) and ends now.
    public static func report(_ phase: @autoclosure () -> String, from start: UInt64) {
        guard enabled else { return }
        let end = now()
        let at = Double(start &- origin) / 1e9, took = Double(end &- start) / 1e9
        let line = "trace: " + String(format: "%7.3f +%7.3f s  ", at, took) + phase() + "\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// When `begin()` was called, for a span from the start of the run.
    public static var startedAt: UInt64 { origin }

    /// Now, for `report(_:from:)`.
    public static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
}
