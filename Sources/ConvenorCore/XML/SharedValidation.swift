import Foundation

/// Validation of one portfolio document shared by two threads.
///
/// The first thread validates from the start of the document (`validateFront`). When the other thread
/// is free (its model built) it takes the rest of the document that the first has not yet read
/// (`validateRest`): from the end of a child of the root past the middle of that rest, it validates the
/// document's prolog and root start tag followed by everything from that point on. The first thread
/// then reads up to that point, then the root's end tag, and stops. The document is valid when both parts are, because:
///
/// - A portfolio's root holds its children in any order and any number (`xs:choice` unbounded), with
///   no identity constraints or IDs across elements: the root is valid when its attributes are and each
///   child is, and a child is valid or not wherever it stands.
/// - Each part is a document of its own that libxml2 must find well-formed. The first part ends with
///   the root's end tag straight after the point where the second begins, so it is well-formed only if
///   that point lies among the root's children, outside any element, comment or tag. Both parts then
///   carry the same root start tag, and between them every child and every piece of text of the root.
///   (The points offered are where the model's parser saw a child of the root end; the argument holds
///   whatever they are.)
///
/// A part that is not valid only means the document is read again the single-thread way, whose
/// messages users see. The caller also requires the whole document to be well-formed (the model's
/// thread parses it all).
final class SharedValidation: @unchecked Sendable {
    private let document: XMLFileBytes
    private let schema: XMLSchema
    /// Guards the fields below, which both threads use.
    private let lock = NSLock()
    /// Bytes of the document handed to the first thread's validator.
    private var handedOut = 0
    /// Where the first thread's part stops, once the rest is taken.
    private var cut: Int?
    /// What the first thread reads after the cut: the root end tag and what follows it.
    private var tail = PieceReader([])

    init(document: XMLFileBytes, schema: XMLSchema) {
        self.document = document
        self.schema = schema
    }

    /// Validates the document from its start, on the calling thread: all of it, or, if another thread
    /// takes the rest meanwhile, up to where that rest starts. Reads each piece as it is loaded.
    func validateFront() -> Bool {
        schema.accepts { buffer, length in self.readFront(into: buffer, length: length) }
    }

    /// Takes the part of the document the first thread has not yet read past the middle, and validates
    /// it on the calling thread: true when valid or when there was nothing worth taking (the first
    /// thread then validates everything). Call once the document is loaded, at most once.
    /// `childEnds`: offsets just past the end of each child of the root, ascending (`XMLPushReader`).
    func validateRest(childEnds: [Int], minimumBytes: Int = 64 << 10) -> Bool {
        guard document.isPlainDocument, let rest = takeRest(childEnds: childEnds, minimumBytes: minimumBytes) else { return true }
        return validate(rest)
    }

    /// The part of the document from the first of `childEnds` at or after `from`, for tests: nil where
    /// there is none. Call before `validateFront`, on a loaded document.
    func takeRest(from: Int, childEnds: [Int]) -> Rest? {
        guard let outline = outline() else { return nil }
        lock.lock()
        defer { lock.unlock() }
        return cut(at: from, childEnds: childEnds, outline)
    }

    /// The second part: the prolog and root start tag, then the document from `start` on.
    struct Rest {
        var rootStartEnd: Int
        var start: Int
    }

    func validate(_ rest: Rest) -> Bool {
        let b = document.bytes
        var reader = PieceReader([UnsafeRawBufferPointer(rebasing: b[0..<rest.rootStartEnd]), UnsafeRawBufferPointer(rebasing: b[rest.start...])])
        return schema.accepts { buffer, length in reader.read(into: buffer, length: length) }
    }

    /// The first thread's reading: the document up to the cut (waiting for pieces still loading),
    /// then the root end tag and what follows it.
    private func readFront(into buffer: UnsafeMutablePointer<CChar>, length: Int) -> Int {
        lock.lock()
        let position = handedOut
        let stop = cut ?? document.count
        lock.unlock()
        if position < stop {
            // Wait outside the lock: the rest is only ever taken once loading has finished.
            let published = document.published(beyond: position)
            if published < 0 { return -1 }
            lock.lock()
            defer { lock.unlock() }
            // The rest may have been taken meanwhile, never before what was already handed out.
            let end = min(published, cut ?? document.count)
            if end > handedOut {
                let n = min(length, end - handedOut)
                memcpy(buffer, document.bytes.baseAddress! + handedOut, n)
                handedOut += n
                return n
            }
        }
        lock.lock()
        defer { lock.unlock() }
        return tail.read(into: buffer, length: length)
    }

    /// Sets the cut at the first child end past the middle of what the first thread has yet to read;
    /// nil when there is too little left or no such end (or no outline the argument above needs).
    private func takeRest(childEnds: [Int], minimumBytes: Int) -> Rest? {
        guard let outline = outline() else { return nil }
        lock.lock()
        defer { lock.unlock() }
        let left = outline.rootEnd - handedOut
        guard left >= minimumBytes else { return nil }
        return cut(at: max(handedOut, outline.rootStartEnd) + left / 2, childEnds: childEnds, outline)
    }

    private func outline() -> (rootStartEnd: Int, rootEnd: Int)? {
        let b = document.bytes
        guard let rootStartEnd = DocumentOutline.rootStartTagEnd(b), let rootEnd = DocumentOutline.lastEndTagStart(b),
              rootStartEnd < rootEnd else { return nil }
        return (rootStartEnd, rootEnd)
    }

    /// Under the lock: cuts at the first child end at or after `from` (never before what the first
    /// thread has been handed, nor inside the root's start tag, nor at or past the root's end tag).
    private func cut(at from: Int, childEnds: [Int], _ outline: (rootStartEnd: Int, rootEnd: Int)) -> Rest? {
        let earliest = max(from, handedOut, outline.rootStartEnd + 1)
        guard cut == nil else { return nil }
        // The first child end at or after `earliest`: a binary search, the ends being ascending.
        var low = 0, high = childEnds.count
        while low < high {
            let mid = (low + high) / 2
            if childEnds[mid] < earliest { low = mid + 1 } else { high = mid }
        }
        guard low < childEnds.count, childEnds[low] < outline.rootEnd else { return nil }
        cut = childEnds[low]
        tail = PieceReader([UnsafeRawBufferPointer(rebasing: document.bytes[outline.rootEnd...])])
        return Rest(rootStartEnd: outline.rootStartEnd, start: childEnds[low])
    }
}

/// Byte ranges read one after the other, as libxml2's I/O read callback reads: the bytes copied, 0 at
/// the end.
private struct PieceReader {
    private let pieces: [UnsafeRawBufferPointer]
    private var piece = 0, offset = 0

    init(_ pieces: [UnsafeRawBufferPointer]) { self.pieces = pieces }

    mutating func read(into buffer: UnsafeMutablePointer<CChar>, length: Int) -> Int {
        while piece < pieces.count, offset == pieces[piece].count { piece += 1; offset = 0 }
        guard piece < pieces.count, let base = pieces[piece].baseAddress else { return 0 }
        let n = min(length, pieces[piece].count - offset)
        memcpy(buffer, base + offset, n)
        offset += n
        return n
    }
}

/// Landmarks of a plain document (`XMLFileBytes.isPlainDocument`) found from its bytes alone. Each is
/// only a guess that libxml2 then confirms: a wrong one makes a part that is not well-formed.
enum DocumentOutline {
    /// Just past the `>` of the root's start tag; nil for a root with no content (`<a/>`) or no root.
    static func rootStartTagEnd(_ b: UnsafeRawBufferPointer) -> Int? {
        var i = 0
        if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { i = 3 }
        // The prolog: the XML declaration, processing instructions, comments and white space.
        while i < b.count {
            guard let open = b.index(of: UInt8(ascii: "<"), from: i), open + 1 < b.count else { return nil }
            if b[open + 1] == UInt8(ascii: "?") {
                guard let close = find("?>", in: b, from: open + 2) else { return nil }
                i = close + 2
            } else if b[open + 1] == UInt8(ascii: "!") {
                guard b.bytes(at: open, are: "<!--"), let close = find("-->", in: b, from: open + 4) else { return nil }
                i = close + 3
            } else {
                // The root's start tag: its first `>` outside quoted attribute values.
                var quote: UInt8?
                var j = open + 1
                while j < b.count {
                    let c = b[j]
                    if let q = quote {
                        if c == q { quote = nil }
                    } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                        quote = c
                    } else if c == UInt8(ascii: ">") {
                        return b[j - 1] == UInt8(ascii: "/") ? nil : j + 1
                    }
                    j += 1
                }
                return nil
            }
        }
        return nil
    }

    /// Where the last `</` starts: the root's end tag in a well-formed document without comments after it.
    static func lastEndTagStart(_ b: UnsafeRawBufferPointer) -> Int? {
        var i = b.count - 2
        while i >= 0 {
            if b[i] == UInt8(ascii: "<"), b[i + 1] == UInt8(ascii: "/") { return i }
            i -= 1
        }
        return nil
    }

    private static func find(_ text: StaticString, in b: UnsafeRawBufferPointer, from: Int) -> Int? {
        var i = from
        while let at = b.index(of: text.utf8Start.pointee, from: i) {
            if b.bytes(at: at, are: text) { return at }
            i = at + 1
        }
        return nil
    }
}

extension UnsafeRawBufferPointer {
    /// Where `byte` first occurs at or after `from` (memchr).
    func index(of byte: UInt8, from: Int) -> Int? {
        guard from < count, let base = baseAddress, let hit = memchr(base + from, Int32(byte), count - from) else { return nil }
        return base.distance(to: UnsafeRawPointer(hit))
    }

    /// Whether the bytes at `offset` are `text`.
    func bytes(at offset: Int, are text: StaticString) -> Bool {
        let n = text.utf8CodeUnitCount
        guard offset + n <= count, let base = baseAddress else { return false }
        return memcmp(base + offset, text.utf8Start, n) == 0
    }
}
