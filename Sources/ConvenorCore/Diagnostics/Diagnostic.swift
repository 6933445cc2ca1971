import Foundation

/// A place in an input file. Lines and columns count from 1; a column of 0 means "unknown".
public struct SourceLocation: Sendable, Hashable, Codable, Comparable {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int = 0) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, or `file:line` when the column is not known, or `file` for a whole file
    /// (line 0). A workbook cell also gives its column letter: `book.xlsx[initiatives]:5:3 (C)`.
    public var description: String {
        guard line > 0 else { return file }
        guard column > 0 else { return "\(file):\(line)" }
        return isWorkbookSheet ? "\(file):\(line):\(column) (\(XLSXWorkbook.columnLetters(column)))" : "\(file):\(line):\(column)"
    }

    /// A sheet of a workbook (`book.xlsx[initiatives]`) rather than a text file.
    public var isWorkbookSheet: Bool { file.hasSuffix("]") && file.lowercased().contains(".xlsx[") }

    public static func < (l: Self, r: Self) -> Bool {
        (l.file, l.line, l.column) < (r.file, r.line, r.column)
    }
}

/// A problem found in the input, with a stable code that tests and CI can match on.
public struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Codable, Comparable {
        case error, warning, note
        private var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
        public static func < (l: Self, r: Self) -> Bool { l.rank < r.rank }
    }

    public var severity: Severity
    /// Stable identifier, e.g. `dangling-reference`: a `DiagnosticCode`'s raw value.
    public var code: String
    public var message: String
    public var location: SourceLocation?
    /// The attribute (XML) or column (CSV) at fault, when there is one.
    public var field: String?

    public init(_ severity: Severity, _ code: DiagnosticCode, _ message: String, at location: SourceLocation? = nil,
                field: String? = nil) {
        self.severity = severity
        self.code = code.rawValue
        self.message = message
        self.location = location
        self.field = field
    }

    /// Whether this diagnostic has `code`.
    public func `is`(_ code: DiagnosticCode) -> Bool { self.code == code.rawValue }

    public static func error(_ code: DiagnosticCode, _ message: String, at location: SourceLocation? = nil, field: String? = nil) -> Diagnostic {
        Diagnostic(.error, code, message, at: location, field: field)
    }

    public static func warning(_ code: DiagnosticCode, _ message: String, at location: SourceLocation? = nil, field: String? = nil) -> Diagnostic {
        Diagnostic(.warning, code, message, at: location, field: field)
    }

    /// The compiler-style line editors and CI systems understand:
    /// `file:line:column: error: [code] message`.
    public var description: String {
        let prefix = location.map { "\($0.description): " } ?? ""
        return "\(prefix)\(severity.rawValue): [\(code)] \(message)"
    }
}

extension Array where Element == Diagnostic {
    public var errorCount: Int { count { $0.severity == .error } }
    public var warningCount: Int { count { $0.severity == .warning } }
    public var hasErrors: Bool { contains { $0.severity == .error } }

    /// File order, then line and column; diagnostics without a place first. Stable for equal places.
    public func sortedByLocation() -> [Diagnostic] {
        enumerated().sorted { a, b in
            switch (a.element.location, b.element.location) {
            case (nil, nil): return a.offset < b.offset
            case (nil, _): return true
            case (_, nil): return false
            case let (l?, r?): return l == r ? a.offset < b.offset : l < r
            }
        }.map(\.element)
    }
}

/// Thrown when input cannot be used at all; carries every diagnostic found before giving up.
public struct InputError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Thrown when a file cannot be read or written (exit 74 in the CLI).
public struct FileError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public init(path: String, reason: String) { self.path = path; self.reason = reason }
    public var description: String { "\(path): error: \(reason)" }
}
