import Foundation
@testable import ConvenorCore

enum TestSupport {
    /// Time limits in tests are multiplied by this (`CONVENOR_TIME_SCALE`, set by Fuzz/sanitizers:
    /// sanitized builds run several times slower).
    static let timeScale: Double = ProcessInfo.processInfo.environment["CONVENOR_TIME_SCALE"].flatMap(Double.init) ?? 1
    /// The repository root.
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var northbridgeXML: String { root.appendingPathComponent("examples/northbridge/portfolio.xml").path }
    static var northbridgeCSV: String { root.appendingPathComponent("examples/northbridge/csv").path }

    /// `../shared` beside the repository, when present (benchmark peer, real third-party data).
    static var shared: URL { root.deletingLastPathComponent().appendingPathComponent("shared") }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("convenor-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `text` to a file in a fresh folder and returns its path.
    static func write(_ text: String, named name: String, in directory: URL? = nil) throws -> String {
        let dir = try directory ?? temporaryDirectory()
        let url = dir.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// Compares `actual` with the golden file at `Tests/Golden/<name>`; `CONVENOR_RECORD=1` rewrites it.
    static func assertGolden(_ actual: Data, _ name: String) throws -> String? {
        let url = root.appendingPathComponent("Tests/Golden").appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["CONVENOR_RECORD"] == "1" {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try actual.write(to: url)
            return nil
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
