import Foundation
internal import CLibXML2

// The only file in Convenor that touches libxml2. Everything it hands out is a Swift value:
// strings are copied out of libxml2's buffers at once and no libxml2 pointer leaves this file.

/// libxml2's process-wide set-up, done exactly once (Swift runs a global's initialiser once, thread-safely).
private let libxml2Ready: Void = {
    xmlInitParser()
    // Nothing Convenor reads may pull in another file or URL (XXE); refuse them all, process-wide.
    convenor_install_entity_loader()
}()

/// Parser options for every document Convenor reads. Never RECOVER or NOERROR (they hide problems),
/// never NOENT, DTDLOAD, DTDATTR or HUGE (entity expansion and DTD loading are how hostile files
/// attack). Without HUGE, libxml2 also bounds depth (256) and the size of a text node or name.
private let safeParseOptions: Int32 = Int32(bitPattern: XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue)

/// Collects libxml2's errors as diagnostics. Passed to C as an unretained pointer and kept alive by
/// its owner for as long as libxml2 may call it.
final class LibXMLErrorCollector {
    let displayName: String
    var diagnostics: [Diagnostic] = []
    var fatal = false
    /// Set once reading was refused: later errors are consequences, not news.
    var closed = false
    /// The reader whose parser position locates errors that come without one.
    var reader: xmlTextReaderPtr?

    init(displayName: String) { self.displayName = displayName }

    /// Reading stopped: report libxml2's last error, the one that stopped it.
    func recordFatal(_ error: UnsafePointer<xmlError>?) {
        fatal = true
        guard !closed else { return }
        guard let error, error.pointee.domain != Int32(XML_FROM_SCHEMASV.rawValue), error.pointee.code != 0 else {
            let line = reader.map { Int(xmlTextReaderGetParserLineNumber($0)) } ?? 0
            diagnostics.append(.error(.malformedXml, "the file is not well-formed XML; reading stopped here",
                                      at: SourceLocation(file: displayName, line: max(line, 1), column: 0)))
            return
        }
        record(error)
    }

    func record(_ error: UnsafePointer<xmlError>) {
        // After a refusal (DOCTYPE, entity) reading has stopped; what libxml2 still says is noise.
        guard !closed else { return }
        let e = error.pointee
        let raw = e.message.map { String(cString: $0) } ?? "unknown XML error"
        let detail = e.str1.map { String(cString: $0) }
        var message = LibXMLErrorCollector.tidy(raw)
        if e.level == XML_ERR_FATAL { fatal = true }
        let line = Int(e.line)
        let isSchema = e.domain == Int32(XML_FROM_SCHEMASV.rawValue) || e.domain == Int32(XML_FROM_SCHEMASP.rawValue)
        let location = line > 0 ? SourceLocation(file: displayName, line: line, column: isSchema ? 0 : Int(e.int2)) : nil
        let severity: Diagnostic.Severity = e.level == XML_ERR_WARNING ? .warning : .error
        // Classified by libxml2's error domain and code (and its structured fields), never by the
        // words of the message: an unclosed <identity> is a tag mismatch, not an entity (issue 14).
        let code: DiagnosticCode
        switch (isSchema, xmlParserErrors(rawValue: UInt32(bitPattern: e.code))) {
        case (true, _):
            code = .schemaViolation
        case (false, XML_ERR_INTERNAL_ERROR) where detail == nil && e.int1 > 0:
            // libxml2's nesting limit (int1 is the limit, 256 without XML_PARSE_HUGE).
            code = .malformedXml
            message = "elements are nested more than \(e.int1) deep; a portfolio never needs that many levels"
        case (false, XML_ERR_INTERNAL_ERROR), (false, XML_ERR_NAME_TOO_LONG):
            // Its size limits ("Huge input lookup" and the like).
            diagnostics.append(.error(.tooLarge, GuardedInput.tooLargeMessage,
                                      at: SourceLocation(file: displayName, line: max(line, 1), column: line > 0 ? Int(e.int2) : 0)))
            return
        case (false, XML_ERR_INVALID_CHAR) where detail == nil:
            // A character reference to a character XML does not allow (&#1;).
            diagnostics.append(.error(.malformedXml, "a character reference (&#…;) names a character that XML does not allow; write the character itself", at: location))
            return
        case (false, XML_ERR_INVALID_CHAR), (false, XML_ERR_INVALID_ENCODING), (false, XML_ERR_UNKNOWN_ENCODING), (false, XML_ERR_UNSUPPORTED_ENCODING):
            code = .badEncoding
            if e.code == Int32(XML_ERR_INVALID_CHAR.rawValue) {
                // str1 holds the offending bytes ("Bytes: 0xE9 0x3C …").
                var bytes = ""
                if let detail, let marker = detail.range(of: "Bytes:") {
                    bytes = " (bytes " + detail[marker.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines) + ")"
                }
                message = "the file is not UTF-8 text\(bytes); save it as UTF-8, or name its encoding in the first line, e.g. <?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"
            }
        case (false, XML_ERR_UNDECLARED_ENTITY), (false, XML_WAR_UNDECLARED_ENTITY), (false, XML_ERR_ENTITY_LOOP),
             (false, XML_ERR_ENTITY_BOUNDARY), (false, XML_ERR_ENTITY_PE_INTERNAL), (false, XML_ERR_UNPARSED_ENTITY),
             (false, XML_ERR_EXT_ENTITY_STANDALONE), (false, XML_ERR_ENTITY_IS_EXTERNAL), (false, XML_ERR_ENTITYREF_SEMICOL_MISSING),
             (false, XML_ERR_ENTITY_NOT_FINISHED), (false, XML_ERR_ENTITY_NOT_STARTED), (false, XML_ERR_ENTITYREF_NO_NAME),
             (false, XML_ERR_ENTITY_CHAR_ERROR):
            // What the schema said about the unexpanded entity is a consequence; say the cause only.
            diagnostics.removeAll { $0.is(.schemaViolation) }
            diagnostics.append(.error(.entityForbidden, "entities are not allowed in this file (\(message)); write the text itself instead", at: location))
            closed = true
            return
        default:
            code = .malformedXml
        }
        diagnostics.append(Diagnostic(severity, code, message, at: location, field: LibXMLErrorCollector.attributeName(in: raw)))
    }

    /// libxml2 writes `{urn:…}name` for qualified names, ends messages with a newline and sometimes
    /// puts one inside; it also quotes whole values, however long. A diagnostic is one short line.
    static func tidy(_ message: String) -> String {
        var s = message.trimmingCharacters(in: .whitespacesAndNewlines)
        while let open = s.range(of: "{urn:"), let close = s[open.upperBound...].firstIndex(of: "}") {
            s.removeSubrange(open.lowerBound...close)
        }
        s = s.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).joined(separator: " ")
        return shortenQuotedValues(s)
    }

    /// Cuts every '…'-quoted value longer than `limit` characters to its start and an ellipsis.
    static func shortenQuotedValues(_ text: String, limit: Int = 80) -> String {
        guard text.count > limit else { return text }
        var out = "", quoted = "", inQuote = false
        for ch in text {
            if ch == "'" {
                if inQuote {
                    out += quoted.count > limit ? String(quoted.prefix(limit)) + "… (\(quoted.count) characters)" : quoted
                    quoted = ""
                }
                inQuote.toggle()
                out.append(ch)
            } else if inQuote {
                quoted.append(ch)
            } else {
                out.append(ch)
            }
        }
        if inQuote { out += quoted.count > limit ? String(quoted.prefix(limit)) + "…" : quoted }
        return out
    }

    /// `Element 'team', attribute 'fte': …` names the attribute at fault.
    static func attributeName(in message: String) -> String? {
        guard let r = message.range(of: "attribute '") else { return nil }
        let rest = message[r.upperBound...]
        guard let end = rest.firstIndex(of: "'") else { return nil }
        return String(rest[..<end])
    }
}

private func collectStructuredError(_ context: UnsafeMutableRawPointer?, _ error: xmlErrorPtr?) {
    guard let context, let error else { return }
    Unmanaged<LibXMLErrorCollector>.fromOpaque(context).takeUnretainedValue().record(error)
}

/// Feeds a file to libxml2 and stops it at the first run of more than `maxRun` bytes without a `<`.
///
/// No portfolio value, name or text comes near that size (the schema allows at most 10,000 characters),
/// and libxml2 2.9's text reader slows down quadratically on huge text nodes (it concatenates with
/// strlen), so a 20 MB value would take half a minute to refuse. Attribute values and names cannot
/// contain `<`, so this one check bounds them all, in time and in memory.
final class GuardedInput {
    static let maxRun = 1_000_000
    static let tooLargeMessage = "a value, name or text in this file runs to more than 1,000,000 characters without markup; no portfolio needs that much (is this the right file?)"

    private let file: UnsafeMutablePointer<FILE>
    let path: String
    private var offset = 0
    private var lastMarkup = 0
    /// Byte offset where the over-long run starts, once found.
    private(set) var overlongRunStart: Int?

    init?(path: String) {
        guard let file = fopen(path, "rb") else { return nil }
        self.file = file
        self.path = path
    }

    deinit { fclose(file) }

    func read(into buffer: UnsafeMutablePointer<CChar>, count: Int) -> Int32 {
        guard overlongRunStart == nil else { return -1 }
        let n = fread(buffer, 1, count, file)
        if n == 0 { return ferror(file) != 0 ? -1 : 0 }
        let start = UnsafeRawPointer(buffer)
        var position = 0
        while position < n, let hit = memchr(start + position, 0x3C, n - position) {
            let at = start.distance(to: UnsafeRawPointer(hit))
            if offset + at - lastMarkup > Self.maxRun { overlongRunStart = lastMarkup; return -1 }
            lastMarkup = offset + at + 1
            position = at + 1
        }
        offset += n
        if offset - lastMarkup > Self.maxRun { overlongRunStart = lastMarkup; return -1 }
        return Int32(n)
    }

    /// The 1-based line of a byte offset (counted again, only when reporting).
    func line(ofOffset target: Int) -> Int {
        guard let again = fopen(path, "rb") else { return 1 }
        defer { fclose(again) }
        var line = 1, seen = 0
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while seen < target {
            let n = fread(&chunk, 1, min(chunk.count, target - seen), again)
            if n == 0 { break }
            for i in 0..<n where chunk[i] == 10 { line += 1 }
            seen += n
        }
        return line
    }

    /// Whether `bytes` has a run of more than `maxRun` bytes without `<` (for documents in memory).
    static func hasOverlongRun(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var last = 0, position = 0
        while position < bytes.count {
            guard let base = bytes.baseAddress, let hit = memchr(base + position, 0x3C, bytes.count - position) else { break }
            let at = base.distance(to: UnsafeRawPointer(hit))
            if at - last > maxRun { return true }
            last = at + 1
            position = at + 1
        }
        return bytes.count - last > maxRun
    }
}

private func guardedRead(_ context: UnsafeMutableRawPointer?, _ buffer: UnsafeMutablePointer<CChar>?, _ length: Int32) -> Int32 {
    guard let context, let buffer, length > 0 else { return -1 }
    return Unmanaged<GuardedInput>.fromOpaque(context).takeUnretainedValue().read(into: buffer, count: Int(length))
}

// The GuardedInput object owns the file and closes it when it goes away.
private func guardedClose(_ context: UnsafeMutableRawPointer?) -> Int32 { 0 }

/// A whole file read into memory once, for readers on several threads at a time (a portfolio is
/// validated on one core while its model is built on the other). Bytes once published never change.
///
/// The file may be read a piece at a time (`load`) while another thread already reads what has
/// arrived (`published(beyond:)`): the validator then starts after the first megabyte instead of after
/// the whole file, and reading the file leaves the validator's core. Each piece is published only once
/// it has been checked to be part of a plain document (`isPlainDocument`); the first problem stops
/// loading, and readers waiting for more are told that nothing more will come.
final class XMLFileBytes: @unchecked Sendable {
    fileprivate let storage: UnsafeMutableRawBufferPointer
    let count: Int
    private var file: UnsafeMutablePointer<FILE>?
    /// Guards `publishedCount`, `stopped` and `plain` while loading runs beside readers.
    private let condition = NSCondition()
    private var publishedCount = 0
    private var stopped = false
    private var plain: Bool?
    private var scan = PlainDocumentScan()

    private init(storage: UnsafeMutableRawBufferPointer, count: Int, file: UnsafeMutablePointer<FILE>) {
        self.storage = storage
        self.count = count
        self.file = file
    }

    deinit {
        if let file { fclose(file) }
        storage.deallocate()
    }

    /// The file, open and not yet read; nil when it cannot be opened, is not a regular file or has more
    /// than `limit` bytes (such files are streamed instead, so that memory stays bounded).
    static func open(path: String, limit: Int) -> XMLFileBytes? {
        guard let file = fopen(path, "rb") else { return nil }
        var status = stat()
        guard fstat(fileno(file), &status) == 0, (status.st_mode & S_IFMT) == S_IFREG,
              status.st_size >= 0, status.st_size <= limit else { fclose(file); return nil }
        let size = Int(status.st_size)
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(size, 1), alignment: 16)
        return XMLFileBytes(storage: storage, count: size, file: file)
    }

    /// The file's bytes, all read at once; nil when it cannot be read, has more than `limit` bytes, or
    /// changed size while being read.
    static func read(path: String, limit: Int) -> XMLFileBytes? {
        guard let document = open(path: path, limit: limit), document.load(stoppingAtProblem: false) else { return nil }
        return document
    }

    /// Piece size for `load`: the first piece is all a waiting validator needs to start.
    static let pieceSize = 1 << 20

    /// Reads the whole file, publishing each piece once it has been checked; with `stoppingAtProblem`
    /// false, every piece as it is read, plain or not. True when every byte was read (a file that
    /// changed size while being read is left to the streaming reader) and, when `stoppingAtProblem`,
    /// the document is plain: loading then stops at the first problem. Call once. `afterEachPiece`
    /// is for tests: it runs after each piece is published.
    func load(stoppingAtProblem: Bool = true, pieceSize: Int = XMLFileBytes.pieceSize, afterEachPiece: (() -> Void)? = nil) -> Bool {
        guard let file else { return false }
        defer { fclose(file); self.file = nil }
        var loaded = 0
        while true {
            let want = min(pieceSize, count - loaded)
            let got = want == 0 ? 0 : fread(storage.baseAddress! + loaded, 1, want, file)
            loaded += got
            let atEnd = got < want || loaded == count
            let complete = atEnd && loaded == count && fgetc(file) == EOF
            let checked = scan.advance(UnsafeRawBufferPointer(start: storage.baseAddress, count: loaded), atEnd: atEnd)
            let problem = scan.plain == false || (atEnd && !complete)
            let finished = atEnd || (problem && stoppingAtProblem)
            condition.lock()
            // Loaded whole on request, every byte read is published, plain or not.
            if !stoppingAtProblem { publishedCount = loaded } else if !problem { publishedCount = checked }
            if finished {
                stopped = true
                plain = complete && scan.plain == true
            }
            condition.broadcast()
            condition.unlock()
            afterEachPiece?()
            if finished { return complete && (scan.plain == true || !stoppingAtProblem) }
        }
    }

    /// Waits until more than `offset` bytes are published or loading has stopped; the number published
    /// (`count` once all are), or -1 when loading stopped short of the end.
    func published(beyond offset: Int) -> Int {
        condition.lock()
        defer { condition.unlock() }
        while publishedCount <= offset && !stopped { condition.wait() }
        if publishedCount > offset || publishedCount == count { return publishedCount }
        return -1
    }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: storage.baseAddress, count: count) }

    /// Whether the bytes are a document that cannot be hostile by construction, so that it may be parsed
    /// without the checks of the validating reader first: UTF-8 text (no other encoding named, so the
    /// byte scan sees every markup character) starting with `<`, with no `<!` other than comments and
    /// CDATA (so no DOCTYPE, hence no entity declarations and no DTD to load), and no run of more than
    /// `GuardedInput.maxRun` bytes without `<` (the guard the streaming reader applies as it reads).
    /// False until the whole file has been loaded.
    var isPlainDocument: Bool {
        condition.lock()
        defer { condition.unlock() }
        return plain == true
    }
}

/// The check behind `XMLFileBytes.isPlainDocument`, made over a file's bytes as they arrive.
struct PlainDocumentScan {
    /// Nil while undecided; false at the first problem; true once the whole document has passed.
    private(set) var plain: Bool?
    private var started = false
    /// Just after the last `<` found: the start of the current run without one.
    private var position = 0
    /// Where to look for the next `<` (bytes before it have been looked at).
    private var next = 0

    /// Bytes looked at before the declaration is judged (it must close within 200 bytes).
    private static let headLength = 256

    /// Checks what is new in `b` (the file's first bytes, growing call by call) and returns how many
    /// of them are checked: a `<` whose next bytes have not yet arrived waits for them.
    mutating func advance(_ b: UnsafeRawBufferPointer, atEnd: Bool) -> Int {
        guard plain == nil else { return plain == true ? b.count : 0 }
        guard b.count > 0 else {
            if atEnd { plain = false }
            return 0
        }
        if !started {
            guard b.count >= Self.headLength || atEnd else { return 0 }
            var start = 0
            if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { start = 3 }
            guard start < b.count, b[start] == UInt8(ascii: "<"), Self.declaresUTF8OrNothing(b, from: start) else {
                plain = false
                return 0
            }
            started = true
            position = start
            next = start
        }
        while let at = b.index(of: UInt8(ascii: "<"), from: next) {
            if at - position > GuardedInput.maxRun { plain = false; return 0 }
            // `<![CDATA[` is the longest opening told apart: wait until all of it may be seen.
            if !atEnd && at + 9 > b.count { next = at; return at }
            if at + 1 < b.count, b[at + 1] == UInt8(ascii: "!"),
               !b.bytes(at: at, are: "<!--"), !b.bytes(at: at, are: "<![CDATA[") { plain = false; return 0 }
            position = at + 1
            next = at + 1
        }
        next = max(next, b.count)
        if b.count - position > GuardedInput.maxRun { plain = false; return 0 }
        if atEnd { plain = true }
        return b.count
    }


    /// The XML declaration, if any, names no encoding or UTF-8.
    private static func declaresUTF8OrNothing(_ b: UnsafeRawBufferPointer, from start: Int) -> Bool {
        guard b.bytes(at: start, are: "<?xml") else { return true }
        let end = min(b.count, start + 200)
        var close = start
        while close + 1 < end, !(b[close] == UInt8(ascii: "?") && b[close + 1] == UInt8(ascii: ">")) { close += 1 }
        guard close + 1 < end else { return false }
        let declaration = String(decoding: b[start..<close], as: UTF8.self)
        guard let named = declaration.range(of: "encoding") else { return true }
        let rest = declaration[named.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\t" || $0 == "\"" || $0 == "'" }
        let name = rest.prefix { $0 != "\"" && $0 != "'" }
        return name.lowercased() == "utf-8"
    }
}

/// A compiled XML Schema. Immutable once built, so one value may validate many documents.
public final class XMLSchema: @unchecked Sendable {
    fileprivate let schema: xmlSchemaPtr

    /// Compiles a schema from its text. Throws `InputError` with the schema's own problems.
    public init(contents: String, name: String) throws {
        _ = libxml2Ready
        let collector = LibXMLErrorCollector(displayName: name)
        let compiled: xmlSchemaPtr? = withExtendedLifetime(collector) {
            let bytes = Array(contents.utf8)
            return bytes.withUnsafeBufferPointer { buffer -> xmlSchemaPtr? in
                guard let base = buffer.baseAddress,
                      let parser = base.withMemoryRebound(to: CChar.self, capacity: buffer.count, {
                          xmlSchemaNewMemParserCtxt($0, Int32(buffer.count))
                      }) else { return nil }
                defer { xmlSchemaFreeParserCtxt(parser) }
                xmlSchemaSetParserStructuredErrors(parser, collectStructuredError,
                                                   Unmanaged.passUnretained(collector).toOpaque())
                convenor_silence_generic_errors()
                return xmlSchemaParse(parser)
            }
        }
        guard let compiled else {
            throw InputError(collector.diagnostics.isEmpty
                ? [.error(.schemaInvalid, "the schema \(name) could not be compiled")]
                : collector.diagnostics)
        }
        schema = compiled
    }

    deinit { xmlSchemaFree(schema) }

    /// Whether `document` is well-formed and valid against this schema, and nothing else: no messages
    /// are kept. libxml2's SAX parser with the validator plugged in (what `xmllint --sax --noout
    /// --schema` runs; about 15 % less work than the validating text reader). May run on any thread.
    /// The document must be loaded, or be loading on another thread: validation then reads each piece
    /// as it is published, and fails if loading stops short.
    func accepts(_ document: XMLFileBytes) -> Bool {
        SharedValidation(document: document, schema: self).validateFront()
    }

    /// Runs libxml2's SAX validator over what `read` gives. `read` fills a buffer as libxml2's I/O read
    /// callback does: the bytes copied, 0 at the end, -1 to stop with an error.
    func accepts(reading read: (_ buffer: UnsafeMutablePointer<CChar>, _ length: Int) -> Int) -> Bool {
        _ = libxml2Ready
        convenor_silence_generic_errors()
        return withoutActuallyEscaping(read) { read in
            var source = ValidationSource(read: read)
            return withUnsafeMutablePointer(to: &source) {
                convenor_schema_validate_io(schema, readValidationSource, $0) == 0
            }
        }
    }
}

/// What libxml2's validator reads through `readValidationSource`: a Swift function, for one call of
/// `XMLSchema.accepts(reading:)` only.
private struct ValidationSource {
    let read: (_ buffer: UnsafeMutablePointer<CChar>, _ length: Int) -> Int
}

private func readValidationSource(_ context: UnsafeMutableRawPointer?, _ buffer: UnsafeMutablePointer<CChar>?, _ length: Int32) -> Int32 {
    guard let context, let buffer, length > 0 else { return -1 }
    return Int32(context.assumingMemoryBound(to: ValidationSource.self).pointee.read(buffer, Int(length)))
}

/// What the stream reader is positioned on.
public enum XMLNodeKind: Sendable, Equatable {
    case startElement, endElement, text, other
}

/// One attribute of an element, copied out of libxml2.
public struct XMLAttribute: Sendable, Equatable {
    public var name: String
    public var value: String
}

/// Strings for the names libxml2 hands out. A portfolio uses a few dozen element and attribute names
/// (and one namespace) hundreds of thousands of times; making a fresh `String` for each (a copy, a UTF-8
/// check, and an allocation for names over 15 bytes such as the namespace) was a large share of reading.
/// libxml2's reader keeps names in its dictionary, so a name is found again by its address; the bytes
/// are compared too, so an address reused for another name can never give the wrong string.
struct XMLNameTable {
    // Open addressing on the address bits: a Swift `Dictionary` hashes every look-up with SipHash,
    // which costs about as much as the string it saves. Three parallel arrays, so that a probe
    // compares an address without retaining anything.
    private var addresses = [UnsafeRawPointer?](repeating: nil, count: XMLNameTable.slotCount)
    private var spellings = [[CChar]](repeating: [], count: XMLNameTable.slotCount)
    private var strings = [String](repeating: "", count: XMLNameTable.slotCount)
    private var used = 0
    static let slotCount = 1024
    /// A hostile file may use any number of distinct names: past this many, names are not kept.
    static let capacity = slotCount / 2

    mutating func string(_ p: UnsafePointer<xmlChar>) -> String { lookup(p).string }

    /// The name's string and its number in this table (its slot; -1 when the table is full). A number
    /// may later stand for another name (when libxml2 reuses the address), so whoever keeps one also
    /// compares the string.
    mutating func lookup(_ p: UnsafePointer<xmlChar>) -> (string: String, id: Int) {
        let address = UnsafeRawPointer(p)
        let chars = address.assumingMemoryBound(to: CChar.self)
        let bits = UInt(bitPattern: address)
        var slot = Int(truncatingIfNeeded: (bits >> 3) ^ (bits >> 13)) & (Self.slotCount - 1)
        while let known = addresses[slot] {
            if known == address {
                if strcmp(spellings[slot], chars) == 0 { return (strings[slot], slot) }
                // libxml2 freed that name and reused its address: keep the new name in its place.
                let string = String(cString: p)
                spellings[slot] = Array(UnsafeBufferPointer(start: chars, count: strlen(chars) + 1))
                strings[slot] = string
                return (string, slot)
            }
            slot = (slot + 1) & (Self.slotCount - 1)
        }
        let string = String(cString: p)
        guard used < Self.capacity else { return (string, -1) }
        addresses[slot] = address
        spellings[slot] = Array(UnsafeBufferPointer(start: chars, count: strlen(chars) + 1))
        strings[slot] = string
        used += 1
        return (string, slot)
    }
}

/// A forward-only reader over an XML document (libxml2's text reader), optionally validating against
/// an XML Schema as it goes. Memory stays bounded by the current element, not the file.
///
/// Hostile constructs are refused: a DOCTYPE (the door to external entities and entity expansion),
/// entity references and anything needing the network or another file end reading with an error.
public final class XMLStreamReader {
    private let reader: xmlTextReaderPtr
    private let collector: LibXMLErrorCollector
    private let validationContext: xmlSchemaValidCtxtPtr?
    // Keeps the schema alive while libxml2 holds a pointer to it.
    private let schema: XMLSchema?
    // For documents read from memory: libxml2 reads this buffer until the reader is freed.
    private let buffer: UnsafeMutableBufferPointer<CChar>?
    // For files: the source libxml2 reads through, alive until the reader is freed.
    private let input: GuardedInput?
    // For a file read into memory: the bytes and libxml2's position in them, alive until the reader is freed.
    private let document: XMLFileBytes?
    private let documentSource: UnsafeMutablePointer<convenor_memory_source>?
    public let displayName: String

    // Set only by `read` and the name look-ups, one at a time: the runtime's exclusivity checks on
    // these (read for every node) are left out.
    @exclusivity(unchecked) public private(set) var kind: XMLNodeKind = .other
    @exclusivity(unchecked) public private(set) var localName = ""
    @exclusivity(unchecked) public private(set) var namespaceURI: String?
    @exclusivity(unchecked) public private(set) var isEmptyElement = false
    @exclusivity(unchecked) public private(set) var depth = 0
    @exclusivity(unchecked) private var finished = false
    @exclusivity(unchecked) private var names = XMLNameTable()

    /// Opens `path` for reading; `displayName` is how diagnostics name the file.
    public convenience init(path: String, displayName: String, schema: XMLSchema?) throws {
        _ = libxml2Ready
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw FileError(path: displayName, reason: "cannot read the file (does it exist, and may you read it?)")
        }
        guard let input = GuardedInput(path: path),
              let reader = xmlReaderForIO(guardedRead, guardedClose, Unmanaged.passUnretained(input).toOpaque(),
                                          path, nil, safeParseOptions) else {
            throw FileError(path: displayName, reason: "cannot open the file for reading")
        }
        self.init(reader: reader, buffer: nil, input: input, displayName: displayName, schema: schema)
    }

    /// Reads a document held in memory (built-in workshop definitions, tests).
    public convenience init(bytes: some Collection<UInt8>, displayName: String, schema: XMLSchema?) throws {
        _ = libxml2Ready
        let buffer = UnsafeMutableBufferPointer<CChar>.allocate(capacity: max(bytes.count, 1))
        _ = buffer.initialize(from: bytes.map { CChar(bitPattern: $0) })
        if GuardedInput.hasOverlongRun(UnsafeRawBufferPointer(start: buffer.baseAddress, count: bytes.count)) {
            buffer.deallocate()
            throw InputError([.error(.tooLarge, GuardedInput.tooLargeMessage, at: SourceLocation(file: displayName, line: 1))])
        }
        guard let reader = xmlReaderForMemory(buffer.baseAddress, Int32(bytes.count), displayName, nil, safeParseOptions) else {
            buffer.deallocate()
            throw FileError(path: displayName, reason: "cannot read the document")
        }
        self.init(reader: reader, buffer: buffer, input: nil, displayName: displayName, schema: schema)
    }

    /// Reads a file already in memory, without a schema, through the same I/O callbacks a file is read
    /// with (so libxml2 sees the same document the same way). The caller has checked
    /// `document.isPlainDocument`: the run guard of files is not applied again.
    convenience init(document: XMLFileBytes, displayName: String) throws {
        _ = libxml2Ready
        guard let base = document.storage.baseAddress, document.count <= Int(Int32.max) else {
            throw FileError(path: displayName, reason: "cannot read the document")
        }
        let source = UnsafeMutablePointer<convenor_memory_source>.allocate(capacity: 1)
        source.initialize(to: convenor_memory_source(bytes: base.assumingMemoryBound(to: CChar.self), size: Int32(document.count), offset: 0))
        guard let reader = xmlReaderForIO(convenor_memory_read, convenor_memory_close, source, displayName, nil, safeParseOptions) else {
            source.deallocate()
            throw FileError(path: displayName, reason: "cannot read the document")
        }
        self.init(reader: reader, buffer: nil, input: nil, displayName: displayName, schema: nil,
                  document: document, documentSource: source)
    }

    private init(reader: xmlTextReaderPtr, buffer: UnsafeMutableBufferPointer<CChar>?, input: GuardedInput?,
                 displayName: String, schema: XMLSchema?,
                 document: XMLFileBytes? = nil, documentSource: UnsafeMutablePointer<convenor_memory_source>? = nil) {
        self.reader = reader
        self.buffer = buffer
        self.input = input
        self.document = document
        self.documentSource = documentSource
        self.displayName = displayName
        self.schema = schema
        collector = LibXMLErrorCollector(displayName: displayName)
        collector.reader = reader
        if let schema {
            validationContext = xmlSchemaNewValidCtxt(schema.schema)
            if let validationContext {
                xmlTextReaderSchemaValidateCtxt(reader, validationContext, 0)
                // Schema errors arrive structured, with their line. Parse errors are taken from
                // xmlGetLastError when reading stops: libxml2 2.9's reader error relays break (and
                // crash) once the schema is plugged into the parser.
                xmlSchemaSetValidStructuredErrors(validationContext, collectStructuredError,
                                                  Unmanaged.passUnretained(collector).toOpaque())
            }
        } else {
            validationContext = nil
        }
    }

    deinit {
        xmlFreeTextReader(reader)
        if let validationContext { xmlSchemaFreeValidCtxt(validationContext) }
        buffer?.deallocate()
        documentSource?.deallocate()
    }

    /// Every problem found so far, in order.
    public var diagnostics: [Diagnostic] { collector.diagnostics }

    /// True once the document turned out not to be well-formed (or hostile): reading has stopped.
    public var failed: Bool { collector.fatal }

    /// The line of the current node (exact, also past 65,535).
    public var line: Int {
        let parserLine = max(Int(xmlTextReaderGetParserLineNumber(reader)), 1)
        guard let node = xmlTextReaderCurrentNode(reader) else { return parserLine }
        let nodeLine = Int(xmlGetLineNo(node))
        // Nodes without a line of their own (a DOCTYPE) report -1 or 0.
        return nodeLine > 0 ? nodeLine : parserLine
    }

    /// Moves to the next node. Returns false at the end of the document or when reading had to stop.
    public func read() -> Bool {
        guard !finished else { return false }
        convenor_silence_generic_errors()
        xmlResetLastError()
        let status = xmlTextReaderRead(reader)
        guard status == 1 else {
            finished = true
            if let start = input?.overlongRunStart {
                collector.fatal = true
                collector.closed = true
                collector.diagnostics.append(.error(.tooLarge, GuardedInput.tooLargeMessage,
                                                    at: SourceLocation(file: displayName, line: input?.line(ofOffset: start) ?? 1)))
            } else if status < 0 {
                collector.recordFatal(xmlGetLastError())
            }
            return false
        }
        depth = Int(xmlTextReaderDepth(reader))
        switch xmlTextReaderNodeType(reader) {
        case Int32(XML_READER_TYPE_ELEMENT.rawValue):
            kind = .startElement
            localName = name(xmlTextReaderConstLocalName(reader))
            namespaceURI = optionalName(xmlTextReaderConstNamespaceUri(reader))
            isEmptyElement = xmlTextReaderIsEmptyElement(reader) == 1
        case Int32(XML_READER_TYPE_END_ELEMENT.rawValue):
            kind = .endElement
            localName = name(xmlTextReaderConstLocalName(reader))
            namespaceURI = optionalName(xmlTextReaderConstNamespaceUri(reader))
            isEmptyElement = false
        case Int32(XML_READER_TYPE_TEXT.rawValue), Int32(XML_READER_TYPE_CDATA.rawValue),
             Int32(XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue), Int32(XML_READER_TYPE_WHITESPACE.rawValue):
            kind = .text
        case Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue):
            refuse("a DOCTYPE is not allowed in this file: it can pull in other files or expand entities without limit; remove the <!DOCTYPE …> declaration")
            return false
        case Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue), Int32(XML_READER_TYPE_ENTITY.rawValue):
            refuse("entity references (&name;) are not allowed in this file; write the text itself instead")
            return false
        default:
            kind = .other
        }
        return true
    }

    private func refuse(_ message: String) {
        kind = .other
        finished = true
        collector.fatal = true
        // libxml2 has read ahead; what the schema said about unexpanded entities is a consequence.
        collector.diagnostics.removeAll { $0.is(.schemaViolation) }
        collector.closed = true
        collector.diagnostics.append(.error(.entityForbidden, message, at: SourceLocation(file: displayName, line: line, column: 1)))
    }

    /// The attributes of the current start element, in document order (namespace declarations left out).
    public func attributes() -> [XMLAttribute] {
        var result: [XMLAttribute] = []
        guard xmlTextReaderHasAttributes(reader) == 1 else { return result }
        result.reserveCapacity(Int(max(xmlTextReaderAttributeCount(reader), 0)))
        while xmlTextReaderMoveToNextAttribute(reader) == 1 {
            if xmlTextReaderIsNamespaceDecl(reader) == 1 { continue }
            result.append(XMLAttribute(name: name(xmlTextReaderConstName(reader)),
                                       value: string(xmlTextReaderConstValue(reader))))
        }
        xmlTextReaderMoveToElement(reader)
        return result
    }

    /// Calls `body` with each attribute of the current start element, in document order (namespace
    /// declarations left out), without collecting them in an array: its name, the name's number in
    /// `XMLNameTable` (-1 when not kept) and its value.
    func forEachAttribute(_ body: (_ name: String, _ nameID: Int, _ value: String) -> Void) {
        guard xmlTextReaderHasAttributes(reader) == 1 else { return }
        while xmlTextReaderMoveToNextAttribute(reader) == 1 {
            if xmlTextReaderIsNamespaceDecl(reader) == 1 { continue }
            let (name, id) = xmlTextReaderConstName(reader).map { names.lookup($0) } ?? ("", -1)
            body(name, id, string(xmlTextReaderConstValue(reader)))
        }
        xmlTextReaderMoveToElement(reader)
    }

    /// The text content of the current element and its descendants.
    public func readText() -> String {
        guard let text = xmlTextReaderReadString(reader) else { return "" }
        defer { convenor_xml_free(text) }
        return String(cString: text)
    }

    /// Whether the schema (if any) found the document valid so far.
    public var isValid: Bool { validationContext == nil || xmlTextReaderIsValid(reader) == 1 }

    private func string(_ p: UnsafePointer<xmlChar>?) -> String {
        guard let p else { return "" }
        return String(cString: p)
    }

    /// A name (element, attribute, namespace), made once per distinct name: see `XMLNameTable`.
    private func name(_ p: UnsafePointer<xmlChar>?) -> String {
        guard let p else { return "" }
        return names.string(p)
    }

    private func optionalName(_ p: UnsafePointer<xmlChar>?) -> String? {
        guard let p else { return nil }
        return names.string(p)
    }
}

/// Checks a whole document against a schema (small files: outputs, rules, workshop definitions).
public func validateXML(path: String, displayName: String, schema: XMLSchema) throws -> [Diagnostic] {
    let reader = try XMLStreamReader(path: path, displayName: displayName, schema: schema)
    while reader.read() {}
    return reader.diagnostics
}

/// What `XMLPortfolioBuilder` reads: a forward-only stream of XML nodes. Two readers give it: the
/// validating text reader (`XMLStreamReader`) and the push parser (`XMLPushReader`).
protocol XMLEventReading: AnyObject {
    /// Moves to the next node; false at the end of the document or when reading had to stop.
    func read() -> Bool
    var kind: XMLNodeKind { get }
    var localName: String { get }
    var namespaceURI: String? { get }
    var depth: Int { get }
    /// True only for `<a/>`, which has no end-element node of its own.
    var isEmptyElement: Bool { get }
    var line: Int { get }
    func forEachAttribute(_ body: (_ name: String, _ nameID: Int, _ value: String) -> Void)
    func attributes() -> [XMLAttribute]
    /// The text of the current element and its descendants; the reader stays where it is.
    func readText() -> String
    var diagnostics: [Diagnostic] { get }
    var failed: Bool { get }
}

extension XMLStreamReader: XMLEventReading {}

/// The nodes of a plain document in memory (`XMLFileBytes.isPlainDocument`), without a schema, from
/// libxml2's SAX2 push parser: fed a chunk at a time, its callbacks queue the nodes the text reader
/// would visit, which `read` hands out. The text reader builds a node for each and walks them, about
/// a quarter of the model thread's work; this keeps only what the builder reads.
///
/// For the model thread of the two-thread reading only: any libxml2 error or warning just marks the
/// reading `failed` (no messages are made), and the caller then reads the file the single-thread way.
final class XMLPushReader: XMLEventReading {
    private struct Event {
        var kind: XMLNodeKind
        var localName: String
        var namespaceURI: String?
        var depth: Int
        var isEmptyElement: Bool
        var line: Int
        /// Start element: its attributes, `attributeList[start..<end]`; text: its bytes, `text[start..<end]`.
        var start: Int
        var end: Int
    }

    /// Bytes handed to the parser at a time: large enough that feeding costs nothing, small enough
    /// that the queue of nodes stays small.
    static let defaultChunkSize = 256 << 10

    private let chunkSize: Int
    private let document: XMLFileBytes
    private let displayName: String
    @exclusivity(unchecked) private var context: xmlParserCtxtPtr?
    @exclusivity(unchecked) private var fed = 0
    @exclusivity(unchecked) private var terminated = false
    @exclusivity(unchecked) private var events: [Event] = []
    @exclusivity(unchecked) private var nextEvent = 0
    @exclusivity(unchecked) private var currentEvent = -1
    @exclusivity(unchecked) private var attributeList: [(name: String, id: Int, value: String)] = []
    @exclusivity(unchecked) private var text: [UInt8] = []
    @exclusivity(unchecked) private var openDepth = 0
    @exclusivity(unchecked) private var awaitingEmptyEnd = false
    @exclusivity(unchecked) private var names = XMLNameTable()

    @exclusivity(unchecked) private(set) var kind: XMLNodeKind = .other
    @exclusivity(unchecked) private(set) var localName = ""
    @exclusivity(unchecked) private(set) var namespaceURI: String?
    @exclusivity(unchecked) private(set) var isEmptyElement = false
    @exclusivity(unchecked) private(set) var depth = 0
    @exclusivity(unchecked) private(set) var line = 1
    @exclusivity(unchecked) private(set) var failed = false
    /// Never any: a problem only marks the reading failed.
    var diagnostics: [Diagnostic] { [] }

    /// Nil when libxml2 cannot make a parser (or the document is too large for its sizes).
    init?(document: XMLFileBytes, displayName: String, chunkSize: Int = XMLPushReader.defaultChunkSize) {
        _ = libxml2Ready
        guard document.storage.baseAddress != nil, document.count <= Int(Int32.max), chunkSize > 0 else { return nil }
        self.chunkSize = chunkSize
        self.document = document
        self.displayName = displayName
        var handler = xmlSAXHandler()
        handler.initialized = XML_SAX2_MAGIC
        handler.startElementNs = pushStartElement
        handler.endElementNs = pushEndElement
        handler.characters = pushCharacters
        handler.ignorableWhitespace = pushCharacters
        handler.cdataBlock = pushCharacters
        handler.serror = pushError
        convenor_silence_generic_errors()
        guard let context = xmlCreatePushParserCtxt(&handler, Unmanaged.passUnretained(self).toOpaque(), nil, 0, displayName) else { return nil }
        context.pointee._private = Unmanaged.passUnretained(self).toOpaque()
        xmlCtxtUseOptions(context, safeParseOptions)
        self.context = context
    }

    deinit {
        if let context {
            if let doc = context.pointee.myDoc { xmlFreeDoc(doc) }
            xmlFreeParserCtxt(context)
        }
    }

    func read() -> Bool {
        if nextEvent == events.count {
            // Everything queued has been read: start the queue again with the next chunk's nodes.
            events.removeAll(keepingCapacity: true)
            attributeList.removeAll(keepingCapacity: true)
            text.removeAll(keepingCapacity: true)
            nextEvent = 0
            currentEvent = -1
            while events.isEmpty {
                guard feed() else { return false }
            }
        }
        guard !failed else { return false }
        currentEvent = nextEvent
        nextEvent += 1
        let e = events[currentEvent]
        kind = e.kind
        localName = e.localName
        namespaceURI = e.namespaceURI
        isEmptyElement = e.isEmptyElement
        depth = e.depth
        line = e.line
        return true
    }

    /// Hands the parser its next chunk. False once nothing more can come (the end, or a problem).
    private func feed() -> Bool {
        guard let context, let base = document.storage.baseAddress, !terminated, !failed else { return false }
        convenor_silence_generic_errors()
        let remaining = document.count - fed
        let count = min(remaining, chunkSize)
        let last = count == remaining
        let status = xmlParseChunk(context, base.assumingMemoryBound(to: CChar.self) + fed, Int32(count), last ? 1 : 0)
        fed += count
        if status != 0 { failed = true }
        if last {
            terminated = true
            let c = context.pointee
            if c.wellFormed == 0 || c.nsWellFormed == 0 || c.errNo != 0 { failed = true }
        }
        return !failed
    }

    func forEachAttribute(_ body: (_ name: String, _ nameID: Int, _ value: String) -> Void) {
        guard kind == .startElement, currentEvent >= 0 else { return }
        let e = events[currentEvent]
        for i in e.start..<e.end {
            let a = attributeList[i]
            body(a.name, a.id, a.value)
        }
    }

    func attributes() -> [XMLAttribute] {
        var result: [XMLAttribute] = []
        forEachAttribute { name, _, value in result.append(XMLAttribute(name: name, value: value)) }
        return result
    }

    func readText() -> String {
        guard kind == .startElement, !isEmptyElement else { return "" }
        // The element's nodes may not all be queued yet: feed the parser until its end is.
        var i = nextEvent
        var first: Event?
        var joined: [UInt8]?
        while true {
            // The last node queued may be text that the next chunk continues: take it only once
            // something follows it (or nothing more can come).
            if i == events.count || (i == events.count - 1 && events[i].kind == .text && !terminated) {
                if feed() { continue }
                if i == events.count { break }
            }
            let e = events[i]
            i += 1
            if e.kind == .endElement, e.depth == depth { break }
            guard e.kind == .text else { continue }
            if first == nil {
                first = e
            } else {
                if joined == nil { joined = Array(text[first!.start..<first!.end]) }
                joined!.append(contentsOf: text[e.start..<e.end])
            }
        }
        if let joined { return String(decoding: joined, as: UTF8.self) }
        guard let first else { return "" }
        return text.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[first.start..<first.end]), as: UTF8.self) }
    }

    fileprivate func startElement(_ name: UnsafePointer<xmlChar>, _ uri: UnsafePointer<xmlChar>?,
                                  _ attributeCount: Int, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        guard let context, let input = context.pointee.input else { failed = true; return }
        // libxml2 calls this with its cursor on the start tag's `/>` or `>`; after `/>` an end follows
        // at once, which the text reader does not visit (its `<a/>` is one empty element).
        let empty = input.pointee.cur?.pointee == UInt8(ascii: "/")
        let start = attributeList.count
        if let attributes {
            for i in 0..<attributeCount {
                // (local name, prefix, namespace, value, end of value) for each attribute.
                let a = attributes + 5 * i
                guard let local = a[0], let value = a[3], let valueEnd = a[4] else { continue }
                let (attributeName, id): (String, Int)
                if let prefix = a[1] {
                    (attributeName, id) = (String(cString: prefix) + ":" + String(cString: local), -1)
                } else {
                    (attributeName, id) = names.lookup(local)
                }
                attributeList.append((attributeName, id, Self.attributeValue(value, count: value.distance(to: valueEnd))))
            }
        }
        events.append(Event(kind: .startElement, localName: names.string(name), namespaceURI: uri.map { names.string($0) },
                            depth: openDepth, isEmptyElement: empty, line: Int(xmlSAX2GetLineNumber(context)),
                            start: start, end: attributeList.count))
        if empty { awaitingEmptyEnd = true } else { openDepth += 1 }
    }

    /// An attribute's value as SAX2 gives it: references already replaced, except that without entity
    /// substitution libxml2 hands `&` (from `&amp;` or `&#38;`) on as `&#38;`, which its tree builder
    /// (and so the text reader) turns back into `&`.
    private static func attributeValue(_ value: UnsafePointer<xmlChar>, count: Int) -> String {
        let bytes = UnsafeBufferPointer(start: value, count: count)
        guard memchr(value, 0x26, count) != nil else { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(count)
        var i = 0
        while i < count {
            if bytes[i] == 0x26, i + 4 < count, bytes[i + 1] == 0x23, bytes[i + 2] == 0x33, bytes[i + 3] == 0x38, bytes[i + 4] == 0x3B {
                out.append(0x26)
                i += 5
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Byte offsets just past the end of each child of the root, in order: where a document may be cut
    /// between two of them (`SharedValidation`).
    @exclusivity(unchecked) private(set) var childEnds: [Int] = []

    private func noteChildEnd() {
        if let context { childEnds.append(Int(xmlByteConsumed(context))) }
    }

    fileprivate func endElement(_ name: UnsafePointer<xmlChar>, _ uri: UnsafePointer<xmlChar>?) {
        if awaitingEmptyEnd {
            awaitingEmptyEnd = false
            if openDepth == 1 { noteChildEnd() }
            return
        }
        openDepth -= 1
        if openDepth == 1 { noteChildEnd() }
        events.append(Event(kind: .endElement, localName: names.string(name), namespaceURI: uri.map { names.string($0) },
                            depth: openDepth, isEmptyElement: false, line: context.map { Int(xmlSAX2GetLineNumber($0)) } ?? 1,
                            start: 0, end: 0))
    }

    fileprivate func characters(_ bytes: UnsafePointer<xmlChar>, _ count: Int) {
        // Pieces of one text node come in several calls; they stay one node, as in the tree.
        if let lastIndex = events.indices.last, events[lastIndex].kind == .text, events[lastIndex].end == text.count {
            text.append(contentsOf: UnsafeBufferPointer(start: bytes, count: count))
            events[lastIndex].end = text.count
            return
        }
        let start = text.count
        text.append(contentsOf: UnsafeBufferPointer(start: bytes, count: count))
        events.append(Event(kind: .text, localName: "", namespaceURI: nil, depth: openDepth, isEmptyElement: false,
                            line: context.map { Int(xmlSAX2GetLineNumber($0)) } ?? 1, start: start, end: text.count))
    }

    fileprivate func fail() {
        failed = true
        if let context { xmlStopParser(context) }
    }
}

private func pushReader(_ context: UnsafeMutableRawPointer?) -> XMLPushReader? {
    context.map { Unmanaged<XMLPushReader>.fromOpaque($0).takeUnretainedValue() }
}

private let pushStartElement: startElementNsSAX2Func = { context, name, _, uri, _, _, attributeCount, _, attributes in
    guard let name else { return }
    pushReader(context)?.startElement(name, uri, Int(attributeCount), attributes)
}

private let pushEndElement: endElementNsSAX2Func = { context, name, _, uri in
    guard let name else { return }
    pushReader(context)?.endElement(name, uri)
}

private let pushCharacters: charactersSAXFunc = { context, bytes, count in
    guard let bytes, count > 0 else { return }
    pushReader(context)?.characters(bytes, Int(count))
}

/// Every libxml2 error or warning on the push reader's parser: the reading has failed.
private let pushError: xmlStructuredErrorFunc = { _, error in
    guard let parser = error?.pointee.ctxt?.assumingMemoryBound(to: xmlParserCtxt.self),
          let reader = parser.pointee._private else { return }
    Unmanaged<XMLPushReader>.fromOpaque(reader).takeUnretainedValue().fail()
}
