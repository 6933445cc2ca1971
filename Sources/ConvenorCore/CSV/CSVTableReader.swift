import Foundation

/// Reads one CSV file row by row, keeping track of the physical line each row starts on (quoted
/// fields may span lines) so that every message can say `file:line:column`.
final class CSVTableReader {
    let displayName: String
    /// The byte-level reader underneath; `ContactsReader` reads its fields without making strings.
    let scanner: CSVByteScanner
    /// Header names, BOM and surrounding spaces removed.
    let header: [String]
    /// Column (1-based) of each header name.
    let columns: [String: Int]
    /// The line the row last returned by `next()` starts on.
    var line: Int { scanner.line }

    init(path: String, displayName: String) throws {
        self.displayName = displayName
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw FileError(path: displayName, reason: "is a folder, not a CSV file; move it out of the portfolio folder or rename it")
        }
        guard let scanner = CSVByteScanner(path: path) else {
            throw FileError(path: displayName, reason: "cannot open the file for reading")
        }
        self.scanner = scanner
        header = scanner.nextRow() ? scanner.strings().map { $0.trimmingSpaces() } : []
        var columns: [String: Int] = [:]
        for (i, name) in header.enumerated() where columns[name] == nil { columns[name] = i + 1 }
        self.columns = columns
    }

    /// The next non-blank row, or nil at the end of the file.
    func next() -> [String]? {
        while scanner.nextRow() {
            if scanner.isBlank { continue }
            return scanner.strings()
        }
        return nil
    }

    /// Moves to the next non-blank row without making strings; read it through `scanner`.
    func advance() -> Bool {
        while scanner.nextRow() {
            if !scanner.isBlank { return true }
        }
        return false
    }

    /// The problem that stopped reading (an unclosed quote, bytes that are not UTF-8), if any.
    var failure: Diagnostic? { Self.diagnostic(for: scanner.failure, displayName: displayName) }

    static func diagnostic(for failure: CSVByteScanner.Failure?, displayName: String) -> Diagnostic? {
        switch failure {
        case nil:
            return nil
        case .unclosedQuote(let line, let column)?:
            return .error(.unclosedQuote, "a quoted field starts here but its closing quote (\") never comes, so the rest of the file would be one field; add the closing quote, or write a quote inside a field as \"\"",
                          at: SourceLocation(file: displayName, line: line, column: column))
        case .notUTF8(let line)?:
            return .error(.badEncoding, "the file is not UTF-8 text (line \(line) has bytes that are not UTF-8); in Excel choose Save As → \"CSV UTF-8 (Comma delimited)\"",
                          at: SourceLocation(file: displayName, line: line, column: 0))
        case .readError(let line, let code)?:
            return .error(.cannotRead, "reading stopped near line \(line): \(String(cString: strerror(code)))",
                          at: SourceLocation(file: displayName, line: line, column: 0))
        }
    }
}
