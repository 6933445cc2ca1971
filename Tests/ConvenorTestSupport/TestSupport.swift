import Foundation

/// Paths, scratch folders and golden files, shared by every test target.
public enum TestSupport {
    /// Time limits in tests are multiplied by this (`CONVENOR_TIME_SCALE`, set by Fuzz/sanitizers:
    /// sanitized builds run several times slower).
    public static let timeScale: Double = ProcessInfo.processInfo.environment["CONVENOR_TIME_SCALE"].flatMap(Double.init) ?? 1
    /// The repository root.
    public static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static var northbridgeXML: String { root.appendingPathComponent("examples/northbridge/portfolio.xml").path }
    public static var northbridgeCSV: String { root.appendingPathComponent("examples/northbridge/csv").path }

    /// `../shared` beside the repository, when present (benchmark peer, real third-party data).
    public static var shared: URL { root.deletingLastPathComponent().appendingPathComponent("shared") }

    /// Small hand-written inputs committed with the tests (Tests/Fixtures).
    public static func fixture(_ name: String) -> String { root.appendingPathComponent("Tests/Fixtures").appendingPathComponent(name).path }

    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("convenor-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `text` to a file in a fresh folder (or `directory`) and returns its path.
    public static func write(_ text: String, named name: String, in directory: URL? = nil) throws -> String {
        try write(Data(text.utf8), named: name, in: directory)
    }

    public static func write(_ data: Data, named name: String, in directory: URL? = nil) throws -> String {
        let dir = try directory ?? temporaryDirectory()
        let url = dir.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
        return url.path
    }

    /// Whether this run records golden files (`CONVENOR_RECORD=1`).
    public static var recording: Bool { ProcessInfo.processInfo.environment["CONVENOR_RECORD"] == "1" }

    /// Compares `actual` with the golden file at `Tests/Golden/<name>` and returns what is wrong, or nil.
    /// `CONVENOR_RECORD=1` rewrites the file and still returns a problem naming it, so a recording run
    /// can never pass: review the diff, then run again without the variable.
    public static func assertGolden(_ actual: Data, _ name: String) throws -> String? {
        let url = root.appendingPathComponent("Tests/Golden").appendingPathComponent(name)
        if recording {
            let previous = FileManager.default.contents(atPath: url.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try actual.write(to: url)
            let change = previous == nil ? "created" : previous == actual ? "unchanged" : "rewritten"
            return "recorded Tests/Golden/\(name) (\(change)) because CONVENOR_RECORD=1; review `git diff Tests/Golden`, then run again without CONVENOR_RECORD"
        }
        guard let expected = FileManager.default.contents(atPath: url.path) else {
            return "missing golden file Tests/Golden/\(name); run with CONVENOR_RECORD=1 to create it"
        }
        if expected == actual { return nil }
        let e = String(decoding: expected, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let a = String(decoding: actual, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(e.count, a.count) where (i < e.count ? e[i] : nil) != (i < a.count ? a[i] : nil) {
            return "Tests/Golden/\(name) differs first at line \(i + 1):\n- \(i < e.count ? String(e[i]) : "<end>")\n+ \(i < a.count ? String(a[i]) : "<end>")\n(CONVENOR_RECORD=1 to accept)"
        }
        return "Tests/Golden/\(name) differs"
    }
}

/// CPU time of the calling thread: a time limit that a busy machine (other suites, other builds)
/// does not stretch, unlike the wall clock. Swift Testing runs a synchronous test on one thread.
public enum ThreadCPU {
    public static func seconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// Runs `body` and returns what it returned with the CPU seconds it used on this thread.
    public static func measure<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let start = seconds()
        let value = try body()
        return (value, seconds() - start)
    }
}
