#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An RFC 4180 reader working on UTF-8 bytes: the file is read in large blocks into one buffer and a
/// row's fields are handed out as byte ranges of that buffer, so reading allocates nothing per row.
///
/// Built because CSV.swift decodes scalar by scalar and builds a `String` per field, which made
/// reading contacts.csv several times slower than pandas (docs/decisions.md, Performance).
///
/// - Fields are separated by `,`; rows end with LF, CRLF or a lone CR.
/// - A field that starts with `"` is quoted: it may hold commas, quotes (written `""`) and line breaks,
///   kept exactly as written. A quote followed by anything but a comma, a line break, the end or a
///   second quote is kept as a literal quote (what spreadsheets write by mistake); a quote inside an
///   unquoted field is literal too.
/// - A quoted field still open at the end of the file is an error (`unclosedQuote`), reported at the
///   line and column where it starts.
/// - A UTF-8 byte order mark at the very start is skipped. Bytes that are not UTF-8 stop reading.
/// - `line` is the physical line a row starts on, counting every line break, inside quotes too.
/// - A field Convenor's writer guarded against spreadsheet formulas (`'` before `=`, `+`, `-`, `@`, tab or
///   CR; see `SpreadsheetCell`) is handed out without that `'`; fields a spreadsheet would run as a
///   formula, unguarded, are listed in `formulaLikeFields` so readers can warn.
final class CSVByteScanner {
    enum Failure: Equatable, Sendable {
        case unclosedQuote(line: Int, column: Int)
        case notUTF8(line: Int)
        case readError(line: Int, errno: Int32)
    }

    private static let blockSize = 1 << 20
    private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf = UInt8(10), cr = UInt8(13)

    private let descriptor: Int32
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Bytes of the file held in `buffer`, from `buffer[0]`.
    private var filled = 0
    /// Where the next row starts in `buffer`.
    private var position = 0
    private var endOfFile = false
    /// Set once a block with a byte ≥ 0x80 was read: rows are then checked for valid UTF-8.
    private var sawNonASCII = false
    private var startedFile = false
    private(set) var nextLine = 1
    /// File offset of `buffer[0]`.
    private var bufferOffset = 0
    /// Bytes of the file still to read (the end of the byte range being read).
    private var remaining: Int
    /// Set when a row had a quoted field (a file cut at a line break may have cut one in two).
    private(set) var sawQuotedField = false

    /// The line the current row starts on.
    private(set) var line = 0
    /// Fields of the current row: start and end offsets in `buffer`.
    private(set) var fieldCount = 0
    private var starts: UnsafeMutablePointer<Int>
    private var ends: UnsafeMutablePointer<Int>
    private var fieldCapacity = 64
    private(set) var failure: Failure?
    /// Fields (0-based) of the current row that start like a formula and were not guarded.
    private(set) var formulaLikeFields: [Int] = []

    /// Reads the whole file, or only the bytes `range` of it (which must start at the start of a row;
    /// `firstLine` is the line it starts on).
    init?(path: String, range: Range<Int>? = nil, firstLine: Int = 1) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        descriptor = fd
        remaining = Int.max
        if let range {
            guard lseek(fd, off_t(range.lowerBound), SEEK_SET) == off_t(range.lowerBound) else { close(fd); return nil }
            bufferOffset = range.lowerBound
            remaining = range.count
            startedFile = true
            endOfFile = range.isEmpty
        }
        nextLine = firstLine
        capacity = Self.blockSize * 2
        buffer = .allocate(capacity: capacity)
        starts = .allocate(capacity: fieldCapacity)
        ends = .allocate(capacity: fieldCapacity)
    }

    deinit {
        close(descriptor)
        buffer.deallocate()
        starts.deallocate()
        ends.deallocate()
    }

    /// Bytes of field `index` (0-based) of the current row, valid until the next call to `nextRow()`.
    @inline(__always)
    func field(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: buffer + starts[index], count: ends[index] - starts[index])
    }

    func string(_ index: Int) -> String { String(decoding: field(index), as: UTF8.self) }

    /// The current row as strings.
    func strings() -> [String] { (0..<fieldCount).map(string) }

    /// File offset where the next row starts.
    var offset: Int { bufferOffset + position }

    /// True when the current row is a blank line (one empty field).
    var isBlank: Bool { fieldCount == 1 && ends[0] == starts[0] }

    /// Moves to the next row (blank lines included). False at the end of the file or on a failure.
    func nextRow() -> Bool {
        guard failure == nil else { return false }
        if !startedFile {
            startedFile = true
            guard fill() else { return false }
            // Skip a UTF-8 byte order mark (EF BB BF).
            if filled >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { position = 3 }
        }
        while true {
            if position == filled && endOfFile { return false }
            switch scanRow() {
            case .complete:
                return finishRow()
            case .incomplete:
                guard fill() else { return false }
            case .failed:
                return false
            }
        }
    }

    private enum ScanResult { case complete, incomplete, failed }

    /// Reads one row starting at `position`. When the buffer ends before the row does (and the file
    /// has more), leaves `position` unchanged and returns `.incomplete`: the caller reads more and
    /// scans the row again from its start.
    private func scanRow() -> ScanResult {
        let b = buffer, end = filled, last = endOfFile
        var i = position
        var count = 0
        var linesInside = 0
        var needsUnescape = false
        if !formulaLikeFields.isEmpty { formulaLikeFields.removeAll(keepingCapacity: true) }
        while true {
            if count == fieldCapacity { growFields() }
            if i < end && b[i] == Self.quote {
                // Quoted field: runs to a quote followed by a comma, a line break or the end.
                sawQuotedField = true
                i += 1
                starts[count] = i
                var closed = false
                while i < end {
                    let c = b[i]
                    if c == Self.quote {
                        if i + 1 == end {
                            if !last { return .incomplete }
                            ends[count] = i
                            i += 1
                            closed = true
                            break
                        }
                        let n = b[i + 1]
                        if n == Self.quote { needsUnescape = true; i += 2; continue }
                        if n == Self.comma || n == Self.lf || n == Self.cr {
                            ends[count] = i
                            i += 1
                            closed = true
                            break
                        }
                    } else if c == Self.lf {
                        linesInside += 1
                    }
                    i += 1
                }
                if !closed {
                    if !last { return .incomplete }
                    failure = .unclosedQuote(line: nextLine, column: count + 1)
                    return .failed
                }
                if needsUnescape { unescape(count) ; needsUnescape = false }
            } else {
                starts[count] = i
                while i < end {
                    let c = b[i]
                    if c == Self.comma || c == Self.lf || c == Self.cr { break }
                    i += 1
                }
                ends[count] = i
            }
            if ends[count] > starts[count] {
                let first = b[starts[count]]
                if first == SpreadsheetCell.apostrophe || SpreadsheetCell.isTrigger(first) { spreadsheetGuard(count) }
            }
            count += 1
            // i is at a comma, a line break or the end of the buffer.
            if i == end {
                if !last { return .incomplete }
                position = i
                break
            }
            let c = b[i]
            if c == Self.comma { i += 1; continue }
            if c == Self.cr {
                if i + 1 == end && !last { return .incomplete }
                i += (i + 1 < end && b[i + 1] == Self.lf) ? 2 : 1
            } else {
                i += 1
            }
            position = i
            break
        }
        fieldCount = count
        line = nextLine
        nextLine += 1 + linesInside
        return .complete
    }

    /// Removes the `'` the writer put before a formula-like field, or notes an unguarded formula-like field.
    private func spreadsheetGuard(_ index: Int) {
        let bytes = UnsafeBufferPointer(start: buffer + starts[index], count: ends[index] - starts[index])
        if SpreadsheetCell.isGuarded(bytes: bytes) {
            starts[index] += 1
        } else if SpreadsheetCell.isFormulaLike(bytes: bytes) {
            formulaLikeFields.append(index)
        }
    }

    /// Turns `""` into `"` inside quoted field `index`, in place (the row is complete, so its bytes
    /// are never scanned again).
    private func unescape(_ index: Int) {
        var read = starts[index], write = read
        let end = ends[index]
        while read < end {
            let c = buffer[read]
            buffer[write] = c
            write += 1
            read += (c == Self.quote && read + 1 < end && buffer[read + 1] == Self.quote) ? 2 : 1
        }
        ends[index] = write
    }

    private func finishRow() -> Bool {
        guard sawNonASCII else { return true }
        for f in 0..<fieldCount {
            let bytes = field(f)
            if bytes.contains(where: { $0 >= 0x80 }), String(validating: bytes, as: UTF8.self) == nil {
                failure = .notUTF8(line: line)
                return false
            }
        }
        return true
    }

    private func growFields() {
        let bigger = fieldCapacity * 2
        let s = UnsafeMutablePointer<Int>.allocate(capacity: bigger), e = UnsafeMutablePointer<Int>.allocate(capacity: bigger)
        s.update(from: starts, count: fieldCapacity)
        e.update(from: ends, count: fieldCapacity)
        starts.deallocate(); ends.deallocate()
        starts = s; ends = e
        fieldCapacity = bigger
    }

    /// Keeps the unread part of the buffer and reads the next block after it. False at the end of the
    /// file with nothing new, or on a read error.
    private func fill() -> Bool {
        guard !endOfFile else { return false }
        let unread = filled - position
        if position > 0 {
            if unread > 0 { memmove(buffer, buffer + position, unread) }
            bufferOffset += position
            position = 0
            filled = unread
        }
        if capacity - filled < Self.blockSize {
            // A row longer than a block: make room for it.
            let bigger = max(capacity * 2, filled + Self.blockSize)
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: bigger)
            grown.update(from: buffer, count: filled)
            buffer.deallocate()
            buffer = grown
            capacity = bigger
        }
        var got = 0
        while got < Self.blockSize && got < remaining {
            let n = read(descriptor, buffer + filled + got, min(capacity - filled - got, remaining - got))
            if n < 0 {
                if errno == EINTR { continue }
                failure = .readError(line: nextLine, errno: errno)
                return false
            }
            if n == 0 { endOfFile = true; break }
            got += n
        }
        if remaining != Int.max {
            remaining -= got
            if remaining == 0 { endOfFile = true }
        }
        if !sawNonASCII && !Self.isASCII(buffer + filled, count: got) { sawNonASCII = true }
        filled += got
        return got > 0 || unread > 0
    }

    private static func isASCII(_ p: UnsafeMutablePointer<UInt8>, count: Int) -> Bool {
        var i = 0
        var high: UInt64 = 0
        let raw = UnsafeRawPointer(p)
        while i + 8 <= count {
            high |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < count { high |= UInt64(p[i]); i += 1 }
        return high & 0x8080_8080_8080_8080 == 0
    }
}
