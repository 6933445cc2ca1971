#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Checks that a CSV file is UTF-8 before it is parsed (issue 14).
///
/// A file Excel saved as "CSV (Comma delimited)" is Windows-1252: read as UTF-8 it would stop at the
/// first accented letter and every later problem (missing initiatives, dangling references) would be a
/// consequence. So every table is checked first, and a file that is not UTF-8 gets one error that says
/// which encoding it looks like and how to save it properly.
enum TextEncodingCheck {
    enum Guess: Equatable, Sendable {
        /// Bytes 0x80–0xFF that are not UTF-8: Excel's "CSV (Comma delimited)" on Windows (cp1252).
        case windows1252
        /// Starts with a UTF-16 byte order mark: Excel's "Unicode Text".
        case utf16
    }

    struct Problem: Equatable, Sendable {
        var guess: Guess
        /// The first line with bytes that are not UTF-8 (1 for UTF-16).
        var line: Int
    }

    /// nil when the file is UTF-8 (with or without a byte order mark) or cannot be opened (the reader
    /// reports that).
    static func problem(inFileAt path: String) -> Problem? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        let blockSize = 1 << 20
        // Room for a sequence cut by the end of the previous block (at most 3 bytes).
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: blockSize + 4)
        defer { buffer.deallocate() }
        var carried = 0
        var line = 1
        var first = true
        while true {
            let n = read(fd, buffer + carried, blockSize)
            if n < 0 { if errno == EINTR { continue }; return nil }
            let count = carried + n
            if first {
                first = false
                if count >= 2, (buffer[0] == 0xFF && buffer[1] == 0xFE) || (buffer[0] == 0xFE && buffer[1] == 0xFF) {
                    return Problem(guess: .utf16, line: 1)
                }
            }
            if count == 0 { return nil }
            var i = 0
            while i < count {
                // Eight ASCII bytes at a time (nearly all of a CSV file), counting line feeds exactly:
                // for bytes below 0x80, adding 0x7F to each sets its top bit unless it was zero.
                while i + 8 <= count {
                    let word = UnsafeRawPointer(buffer + i).loadUnaligned(as: UInt64.self)
                    if word & 0x8080_8080_8080_8080 != 0 { break }
                    let x = word ^ 0x0A0A_0A0A_0A0A_0A0A
                    let nonzero = ((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | x
                    line += (~nonzero & 0x8080_8080_8080_8080).nonzeroBitCount
                    i += 8
                }
                guard i < count else { break }
                let b = buffer[i]
                if b < 0x80 {
                    if b == 10 { line += 1 }
                    i += 1
                    continue
                }
                let length: Int
                switch b {
                case 0xC2...0xDF: length = 2
                case 0xE0...0xEF: length = 3
                case 0xF0...0xF4: length = 4
                default: return Problem(guess: .windows1252, line: line)
                }
                if i + length > count {
                    // The sequence runs past this block: keep its bytes for the next one.
                    if n == 0 { return Problem(guess: .windows1252, line: line) }
                    break
                }
                if String(validating: UnsafeBufferPointer(start: buffer + i, count: length), as: UTF8.self) == nil {
                    return Problem(guess: .windows1252, line: line)
                }
                i += length
            }
            if n == 0 { return nil }
            carried = count - i
            if carried > 0 { memmove(buffer, buffer + i, carried) }
        }
    }

    /// The one diagnostic for a file that is not UTF-8.
    static func diagnostic(_ problem: Problem, displayName: String) -> Diagnostic {
        let name = displayName.split(separator: "/").last.map(String.init) ?? displayName
        let what: String
        switch problem.guess {
        case .windows1252:
            what = "\(name) is not UTF-8: line \(problem.line) has a character in another encoding (probably Windows-1252, which Excel's \"CSV (Comma delimited)\" writes)"
        case .utf16:
            what = "\(name) is UTF-16 text (Excel's \"Unicode Text\"), not UTF-8 CSV"
        }
        return .error(.badEncoding, "\(what); in Excel open it and choose File → Save As → \"CSV UTF-8 (Comma delimited)\", then run again",
                      at: SourceLocation(file: displayName, line: problem.line, column: 0))
    }
}
