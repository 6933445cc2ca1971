import ConvenorCore
import Foundation

/// Output to the terminal: diagnostics on stderr, in colour only when stderr is a terminal.
enum Terminal {
    static let colour: Bool = isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        && ProcessInfo.processInfo.environment["TERM"] != "dumb"

    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// The same problem in many rows of a column is printed once, with the count and the first rows.
    static func printDiagnostics(_ diagnostics: [Diagnostic]) {
        var text = ""
        for d in diagnostics.groupedByColumn() { text += render(d) + "\n" }
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func render(_ d: Diagnostic) -> String {
        guard colour else { return d.description }
        let plain = d.description
        let word = d.severity.rawValue + ":"
        let code = d.severity == .error ? "\u{1B}[1;31m" : d.severity == .warning ? "\u{1B}[1;35m" : "\u{1B}[1;36m"
        return plain.replacingOccurrences(of: word, with: code + word + "\u{1B}[0m", options: [], range: plain.range(of: word))
    }

    static func summaryLine(_ diagnostics: [Diagnostic]) -> String {
        let e = diagnostics.errorCount, w = diagnostics.warningCount
        return "\(e) error\(e == 1 ? "" : "s"), \(w) warning\(w == 1 ? "" : "s")"
    }

    static func writeStdout(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
