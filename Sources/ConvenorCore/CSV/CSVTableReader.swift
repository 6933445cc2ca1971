import CSV
import Foundation

/// Reads one CSV file row by row with CSV.swift, keeping track of the physical line each row starts on
/// (quoted fields may span lines) so that every message can say `file:line:column`.
final class CSVTableReader {
    let displayName: String
    private let reader: CSVReader
    /// Header names, BOM and surrounding spaces removed.
    let header: [String]
    /// Column (1-based) of each header name.
    let columns: [String: Int]
    private var nextLine: Int
    /// The line the row last returned by `next()` starts on.
    private(set) var line = 1

    init(path: String, displayName: String) throws {
        self.displayName = displayName
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw FileError(path: displayName, reason: "is a folder, not a CSV file; move it out of the portfolio folder or rename it")
        }
        guard let stream = InputStream(fileAtPath: path) else {
            throw FileError(path: displayName, reason: "cannot open the file for reading")
        }
        do {
            reader = try CSVReader(stream: stream, hasHeaderRow: false)
        } catch {
            throw FileError(path: displayName, reason: "cannot read the file (\(error))")
        }
        var first = reader.next() ?? []
        nextLine = 2 + CSVTableReader.newlines(in: first)
        if let cell = first.first, cell.hasPrefix("\u{FEFF}") { first[0] = String(cell.dropFirst()) }
        header = first.map { $0.trimmingCharacters(in: .whitespaces) }
        var columns: [String: Int] = [:]
        for (i, name) in header.enumerated() where columns[name] == nil { columns[name] = i + 1 }
        self.columns = columns
    }

    /// The next non-blank row, or nil at the end of the file.
    func next() -> [String]? {
        while let row = reader.next() {
            // CSV.swift ends a row where it meets bytes that are not UTF-8 (a file saved as
            // Windows-1252 by Excel) and carries on: stop there, so `failure` reports the encoding
            // instead of ragged rows that do not exist.
            if let error = reader.error, !CSVTableReader.isEndOfFileQuirk(error) { return nil }
            line = nextLine
            nextLine += 1 + CSVTableReader.newlines(in: row)
            if row.count == 1 && row[0].isEmpty { continue } // a blank line
            return row
        }
        return nil
    }

    /// A decoding problem met while reading (invalid UTF-8), reported once reading ends.
    var failure: Diagnostic? {
        guard let error = reader.error else { return nil }
        return CSVTableReader.diagnostic(for: error, file: displayName, line: nextLine)
    }

    /// CSV.swift on Linux reports cannotReadFile at the end of any file longer than its 64 KiB
    /// buffer (InputStream says bytes are available until a read returns 0). Real read failures
    /// arrive as streamErrorHasOccurred.
    static func isEndOfFileQuirk(_ error: Error) -> Bool {
        if case CSVError.cannotReadFile = error { return true }
        return false
    }

    /// The diagnostic for an error that stopped reading near `line`, or nil for the end-of-file quirk.
    static func diagnostic(for error: Error, file: String, line: Int) -> Diagnostic? {
        if isEndOfFileQuirk(error) { return nil }
        if case CSVError.unicodeDecoding = error {
            return .error("bad-encoding", "the file is not UTF-8 text (near line \(line)); in Excel choose Save As → \"CSV UTF-8 (Comma delimited)\"",
                          at: SourceLocation(file: file, line: line, column: 0))
        }
        return .error("cannot-read", "reading stopped near line \(line): \(error)", at: SourceLocation(file: file, line: line, column: 0))
    }

    private static func newlines(in row: [String]) -> Int {
        var n = 0
        for field in row where field.utf8.contains(10) {
            for u in field.utf8 where u == 10 { n += 1 }
        }
        return n
    }
}
