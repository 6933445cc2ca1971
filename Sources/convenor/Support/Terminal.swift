import ArgumentParser
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
        // The same problem in many rows of a column is printed once as text; JSON lines keep every one.
        for d in diagnosticsFormat == .json ? diagnostics : diagnostics.groupedByColumn() {
            text += diagnosticsFormat == .json ? DiagnosticRecord(d).json : render(d) + "\n"
        }
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// A check's findings: its report on stdout, or JSON lines on stderr like every other diagnostic.
    static func printFindings(_ diagnostics: [Diagnostic]) {
        if diagnosticsFormat == .json { printDiagnostics(diagnostics) } else { writeStdout(diagnostics.map { $0.description + "\n" }.joined()) }
    }

    static func printFileError(_ error: FileError) {
        if diagnosticsFormat == .json {
            FileHandle.standardError.write(Data(DiagnosticRecord(severity: .error, code: "file", message: error.reason, file: error.path).json.utf8))
        } else {
            printError(error.description)
        }
    }

    /// Convenor would not replace an output it did not write (exit 73).
    static func printRefusal(_ refusal: OutputRefusal, advice: String) {
        if diagnosticsFormat == .json {
            FileHandle.standardError.write(Data(DiagnosticRecord(severity: .error, code: refusal.code.rawValue,
                                                                 message: "\(refusal.description) \(advice)").json.utf8))
        } else {
            printError("\(refusal.description) \(advice)")
        }
    }

    // MARK: Machine-readable diagnostics (--diagnostics-format json)

    /// How diagnostics are printed; set once by `Convenor.main` before any command runs.
    nonisolated(unsafe) static var diagnosticsFormat: DiagnosticsFormat = .text

    /// With JSON diagnostics, the last line on stderr: `{"exit":65,"meaning":"…"}`.
    static func finish(status: Int32) {
        guard diagnosticsFormat == .json else { return }
        FileHandle.standardError.write(Data(ExitRecord(exit: status, meaning: ExitStatus.meaning(of: status)).json.utf8))
    }

    static func printUsageError(_ message: String) {
        FileHandle.standardError.write(Data(DiagnosticRecord(severity: .error, code: "usage", message: message).json.utf8))
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

enum DiagnosticsFormat: String, CaseIterable {
    case text, json

    static let option = "--diagnostics-format"

    /// Takes `--diagnostics-format FORMAT` (or `=FORMAT`) out of the arguments, wherever it stands before `--`:
    /// it applies to every command, and the SwiftPM plugins put it first.
    static func take(from arguments: inout [String]) throws -> DiagnosticsFormat {
        var format = DiagnosticsFormat.text
        var index = 0
        while index < arguments.count, arguments[index] != "--" {
            let argument = arguments[index]
            var value: String?
            if argument == option {
                guard index + 1 < arguments.count else { throw ValidationError("\(option) needs a value: text or json") }
                value = arguments[index + 1]
                arguments.removeSubrange(index...(index + 1))
            } else if argument.hasPrefix(option + "=") {
                value = String(argument.dropFirst(option.count + 1))
                arguments.remove(at: index)
            } else {
                index += 1
                continue
            }
            guard let value, let chosen = DiagnosticsFormat(rawValue: value) else {
                throw ValidationError("\(option) must be text or json, not '\(value ?? "")'")
            }
            format = chosen
        }
        return format
    }
}

/// One diagnostic as one line of JSON (flat, so any tool can read it without knowing Convenor's types).
struct DiagnosticRecord: Encodable {
    var severity: Diagnostic.Severity
    var code: String?
    var message: String
    var file: String?
    var line: Int?
    var column: Int?
    var field: String?

    init(severity: Diagnostic.Severity, code: String?, message: String, file: String? = nil) {
        self.severity = severity
        self.code = code
        self.message = message
        self.file = file
    }

    init(_ d: Diagnostic) {
        self.init(severity: d.severity, code: d.code, message: d.message, file: d.location?.file)
        line = d.location?.line
        column = d.location.flatMap { $0.column > 0 ? $0.column : nil }
        field = d.field
    }
}

/// How the run ended, with the meaning from `ExitStatus.table`.
struct ExitRecord: Encodable {
    var exit: Int32
    var meaning: String
}

extension Encodable {
    /// One line of JSON, keys sorted, ending in a newline.
    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return ((try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}") + "\n"
    }
}
