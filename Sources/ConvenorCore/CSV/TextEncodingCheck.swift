import Foundation
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
        // A large file (contacts.csv) is checked in parts on every core, each cut just after a line
        // feed (which no multi-byte sequence contains); a part's lines are counted from 1 and shifted
        // by the line feeds of the parts before it, so the answer is the one reading it whole gives.
        let size = ContactsReader.fileSize(path)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        if cores > 1, size >= ContactsReader.parallelThreshold,
           let cuts = ContactsReader.cuts(path: path, from: 0, to: size, parts: min(cores, 8)) {
            let parts = Parallel.map(cuts.count - 1) { k in scan(path, from: cuts[k], to: cuts[k + 1], isStart: k == 0) }
            var linesBefore = 0
            for part in parts {
                guard let part else { return nil }
                if var problem = part.problem {
                    problem.line += linesBefore
                    return problem
                }
                linesBefore += part.lineFeeds
            }
            return nil
        }
        return scan(path, from: 0, to: nil, isStart: true)?.problem
    }

    /// Checks the bytes from `start` to `end` (nil: the end of the file), with lines counted from 1
    /// there; `isStart` when that is the start of the file (where a UTF-16 byte order mark would be).
    /// nil when the file cannot be opened (the reader reports that).
    private static func scan(_ path: String, from start: Int, to end: Int?, isStart: Bool) -> (problem: Problem?, lineFeeds: Int)? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        if start > 0, lseek(fd, off_t(start), SEEK_SET) < 0 { return nil }
        var remaining = end.map { $0 - start } ?? Int.max
        let blockSize = 1 << 20
        // Room for a sequence cut by the end of the previous block (at most 3 bytes).
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: blockSize + 4)
        defer { buffer.deallocate() }
        var carried = 0
        var line = 1
        var first = isStart
        while true {
            let n = read(fd, buffer + carried, min(blockSize, remaining))
            if n < 0 { if errno == EINTR { continue }; return nil }
            remaining -= n
            let count = carried + n
            if first {
                first = false
                if count >= 2, (buffer[0] == 0xFF && buffer[1] == 0xFE) || (buffer[0] == 0xFE && buffer[1] == 0xFF) {
                    return (Problem(guess: .utf16, line: 1), 0)
                }
            }
            if count == 0 { return (nil, line - 1) }
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
                default: return (Problem(guess: .windows1252, line: line), 0)
                }
                if i + length > count {
                    // The sequence runs past this block: keep its bytes for the next one.
                    if n == 0 { return (Problem(guess: .windows1252, line: line), 0) }
                    break
                }
                if String(validating: UnsafeBufferPointer(start: buffer + i, count: length), as: UTF8.self) == nil {
                    return (Problem(guess: .windows1252, line: line), 0)
                }
                i += length
            }
            if n == 0 { return (nil, line - 1) }
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
