import Foundation

/// A field name the builder reads, numbered: a record finds a field by comparing one byte instead of
/// hashing its name (hashing the `String` keys of a dictionary per field was the largest Swift cost
/// of reading a portfolio). Names outside this list (a CSV column or XML attribute the format does not
/// know) are still kept in a record, under their spelling.
struct FieldKey: Hashable, Sendable {
    let index: UInt8

    /// Every name, in index order (at most 64: see `Record`); the `static var`s below must follow it.
    static let names = [
        "id", "name", "code", "kind", "status", "owner", "department", "sponsor", "start", "end",
        "teams", "neighbourhoods", "cohorts", "outcomes", "description",
        "assessment-name", "assessment-unit-cost", "caseload-households",
        "evidence-level", "evidence-result", "evidence-date", "evidence-source", "review-date", "review-owner",
        "decision", "decision-date", "decision-by", "decision-into", "decision-rationale", "decision-alternatives",
        "population", "imd-decile", "sector", "organisation", "fte", "role", "never-merge-with",
        "initiative", "source", "amount", "per",
        "place", "as-of", "currency", "date-order", "contacts",
        "value", "date", "by", "into", "alternatives", "rationale",
    ]
    private static let byName: [String: UInt8] = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, UInt8($0)) })

    /// The key of a name, nil for a name the format does not know.
    init?(_ name: String) {
        guard let index = Self.byName[name] else { return nil }
        self.index = index
    }

    private init(_ index: UInt8) { self.index = index }

    var name: String { Self.names[Int(index)] }

    static var id: FieldKey { FieldKey(0) }
    static var name: FieldKey { FieldKey(1) }
    static var code: FieldKey { FieldKey(2) }
    static var kind: FieldKey { FieldKey(3) }
    static var status: FieldKey { FieldKey(4) }
    static var owner: FieldKey { FieldKey(5) }
    static var department: FieldKey { FieldKey(6) }
    static var sponsor: FieldKey { FieldKey(7) }
    static var start: FieldKey { FieldKey(8) }
    static var end: FieldKey { FieldKey(9) }
    static var teams: FieldKey { FieldKey(10) }
    static var neighbourhoods: FieldKey { FieldKey(11) }
    static var cohorts: FieldKey { FieldKey(12) }
    static var outcomes: FieldKey { FieldKey(13) }
    static var description: FieldKey { FieldKey(14) }
    static var assessmentName: FieldKey { FieldKey(15) }
    static var assessmentUnitCost: FieldKey { FieldKey(16) }
    static var caseloadHouseholds: FieldKey { FieldKey(17) }
    static var evidenceLevel: FieldKey { FieldKey(18) }
    static var evidenceResult: FieldKey { FieldKey(19) }
    static var evidenceDate: FieldKey { FieldKey(20) }
    static var evidenceSource: FieldKey { FieldKey(21) }
    static var reviewDate: FieldKey { FieldKey(22) }
    static var reviewOwner: FieldKey { FieldKey(23) }
    static var decision: FieldKey { FieldKey(24) }
    static var decisionDate: FieldKey { FieldKey(25) }
    static var decisionBy: FieldKey { FieldKey(26) }
    static var decisionInto: FieldKey { FieldKey(27) }
    static var decisionRationale: FieldKey { FieldKey(28) }
    static var decisionAlternatives: FieldKey { FieldKey(29) }
    static var population: FieldKey { FieldKey(30) }
    static var imdDecile: FieldKey { FieldKey(31) }
    static var sector: FieldKey { FieldKey(32) }
    static var organisation: FieldKey { FieldKey(33) }
    static var fte: FieldKey { FieldKey(34) }
    static var role: FieldKey { FieldKey(35) }
    static var neverMergeWith: FieldKey { FieldKey(36) }
    static var initiative: FieldKey { FieldKey(37) }
    static var source: FieldKey { FieldKey(38) }
    static var amount: FieldKey { FieldKey(39) }
    static var per: FieldKey { FieldKey(40) }
    static var place: FieldKey { FieldKey(41) }
    static var asOf: FieldKey { FieldKey(42) }
    static var currency: FieldKey { FieldKey(43) }
    static var dateOrder: FieldKey { FieldKey(44) }
    static var contacts: FieldKey { FieldKey(45) }
}

/// One entity's raw fields as read from a file — an XML element (with an initiative's child elements
/// flattened) or a CSV row — keyed by the CSV column names. Typed accessors turn text into values and
/// report what is wrong in words a spreadsheet user can act on.
struct Record {
    struct Field {
        var value: String
        /// Where the field is written, in the record's file.
        var line: Int
        var column: Int
        /// How the field is spelled in the source file (an XML attribute name, a CSV column name).
        var sourceName: String
    }

    enum ListStyle { case semicolons, whitespace }

    /// "initiative", "team", …: used in messages (see `entity`).
    var kind: String
    /// For a record that belongs to another (a funding line to its initiative): that one's kind and id,
    /// so that the subject is only spelled out when a message needs it.
    var owner: (kind: String, id: String?)?
    var location: SourceLocation
    var listStyle: ListStyle
    /// The fields with a known key, in the order set.
    private var known: [(key: FieldKey, field: Field)] = []
    /// Per key, its field's position in `known` + 1 (0: not set): a field is found without hashing
    /// its name or searching. Inline (`FieldKey.names` has at most 64), so it allocates nothing.
    private var positions = SIMD64<UInt8>()
    /// Fields under names the format does not know (an extra CSV column, an unknown XML attribute).
    private var others: [(name: String, field: Field)] = []

    init(entity: String, location: SourceLocation, listStyle: ListStyle) {
        self.kind = entity
        self.location = location
        self.listStyle = listStyle
    }

    /// "initiative", "funding line of initiative 'i1'", …: how messages name what the record is.
    var entity: String {
        guard let owner else { return kind }
        return "\(kind) of \(Self.subject(owner.kind, owner.id))"
    }

    mutating func reserveCapacity(_ n: Int) { known.reserveCapacity(n) }

    func field(_ key: FieldKey) -> Field? {
        let p = positions[Int(key.index)]
        return p == 0 ? nil : known[Int(p) - 1].field
    }

    func field(_ name: String) -> Field? {
        if let key = FieldKey(name) { return field(key) }
        return others.first { $0.name == name }?.field
    }

    /// Sets a field, replacing one of the same name.
    mutating func set(_ key: FieldKey, _ field: Field) {
        let p = positions[Int(key.index)]
        if p != 0 {
            known[Int(p) - 1].field = field
        } else {
            known.append((key, field))
            positions[Int(key.index)] = UInt8(known.count)
        }
    }

    mutating func set(_ name: String, _ field: Field) {
        if let key = FieldKey(name) { set(key, field); return }
        if let i = others.firstIndex(where: { $0.name == name }) { others[i].field = field } else { others.append((name, field)) }
    }

    mutating func set(_ key: FieldKey, _ value: String, line: Int, column: Int = 0, sourceName: String? = nil) {
        set(key, Field(value: value, line: line, column: column, sourceName: sourceName ?? key.name))
    }

    mutating func set(_ name: String, _ value: String, at location: SourceLocation, sourceName: String? = nil) {
        set(name, Field(value: value, line: location.line, column: location.column, sourceName: sourceName ?? name))
    }

    /// Every field with its name: the known ones in the order set, then the others.
    var namedFields: [(name: String, field: Field)] {
        known.map { ($0.key.name, $0.field) } + others
    }

    /// The field's text, nil when absent or empty (an empty cell means "absent").
    func text(_ key: FieldKey) -> String? {
        guard let v = field(key)?.value, !v.isEmpty else { return nil }
        return v
    }

    func text(_ name: String) -> String? {
        guard let v = field(name)?.value, !v.isEmpty else { return nil }
        return v
    }

    func location(of key: FieldKey) -> SourceLocation { locate(field(key)) }
    func location(of name: String) -> SourceLocation { locate(field(name)) }
    func sourceName(of key: FieldKey) -> String { field(key)?.sourceName ?? key.name }
    func sourceName(of name: String) -> String { field(name)?.sourceName ?? name }

    private func locate(_ field: Field?) -> SourceLocation {
        guard let field else { return location }
        return SourceLocation(file: location.file, line: field.line, column: field.column)
    }

    var subject: String { Self.subject(entity, text(.id)) }

    static func subject(_ entity: String, _ id: String?) -> String {
        if let id, !id.isEmpty { return "\(entity) '\(id)'" }
        return entity
    }
}

/// Reads typed values out of records, collecting diagnostics instead of stopping at the first problem.
struct RecordDecoder {
    var diagnostics: [Diagnostic] = []
    /// Lines where the schema already reported a problem: the same fault is not reported twice.
    var linesWithSchemaErrors: Set<Int> = []
    /// How `01/02/2027` is read: set from the place before any other record is read.
    var dateOrder: DateOrder = .default

    private mutating func report(_ code: DiagnosticCode, _ message: @autoclosure () -> String, _ record: Record, _ key: FieldKey) {
        let location = record.location(of: key)
        if linesWithSchemaErrors.contains(location.line) { return }
        diagnostics.append(.error(code, message(), at: location, field: record.sourceName(of: key)))
    }

    mutating func required(_ key: FieldKey, in record: Record) -> String? {
        if let v = record.text(key) { return v }
        report(.missingValue, "\(record.subject) has no \(key.name); every \(record.entity) needs one", record, key)
        return nil
    }

    mutating func date(_ key: FieldKey, in record: Record) -> CalendarDate? {
        guard let raw = record.text(key) else { return nil }
        let name = key.name
        switch SpreadsheetDates.read(raw.trimmingSpaces(), order: dateOrder) {
        case .date(let d):
            return d
        case .invalid(let why):
            report(.badDate, "\(record.subject): \(name) '\(raw)' \(why)", record, key)
            return nil
        }
    }

    mutating func integer(_ key: FieldKey, in record: Record, range: ClosedRange<Int>? = nil) -> Int? {
        guard let raw = record.text(key) else { return nil }
        let name = key.name
        let trimmed = raw.trimmingSpaces()
        guard let v = Int(trimmed), v >= 0 || range != nil else {
            report(.badNumber, "\(record.subject): \(name) '\(raw)' is not a whole number\(Self.hint(raw))", record, key)
            return nil
        }
        if let range, !range.contains(v) {
            report(.badNumber, "\(record.subject): \(name) \(v) is out of range; expected \(range.lowerBound) to \(range.upperBound)", record, key)
            return nil
        }
        return v
    }

    mutating func decimal(_ key: FieldKey, in record: Record) -> Decimal? {
        guard let raw = record.text(key) else { return nil }
        if let v = Self.parseDecimal(raw.trimmingSpaces()) { return v }
        report(.badNumber, "\(record.subject): \(key.name) '\(raw)' is not a number\(Self.hint(raw))", record, key)
        return nil
    }

    mutating func choice<V: Vocabulary>(_ key: FieldKey, in record: Record, as type: V.Type, what: String) -> V? {
        guard let raw = record.text(key) else { return nil }
        if let v = V(rawValue: raw.trimmingSpaces()) { return v }
        report(.badValue, "\(record.subject): \(key.name) '\(raw)' is not a \(what); use one of: \(V.spellings)", record, key)
        return nil
    }

    mutating func bool(_ key: FieldKey, in record: Record) -> Bool? {
        guard let raw = record.text(key) else { return nil }
        switch raw.lowercased() {
        case "true": return true
        case "false": return false
        default:
            report(.badValue, "\(record.subject): \(key.name) '\(raw)' must be true or false", record, key)
            return nil
        }
    }

    mutating func list(_ key: FieldKey, in record: Record) -> [String] {
        guard let raw = record.text(key) else { return [] }
        return Self.asciiList(raw, style: record.listStyle) ?? Self.generalList(raw, style: record.listStyle)
    }

    /// A list's items by `Character`: right for any text, and the rule `asciiList` must agree with.
    static func generalList(_ raw: String, style: Record.ListStyle) -> [String] {
        let parts: [Substring]
        switch style {
        case .semicolons: parts = raw.split(separator: ";")
        case .whitespace: parts = raw.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
        }
        return parts.map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
    }

    /// `list` for the usual ASCII value, split on its bytes: splitting by `Character` (grapheme
    /// breaking) was the largest single cost of building a region's initiatives. nil for anything
    /// else (non-ASCII, or a carriage return, which with a line feed forms one `Character`), which
    /// takes the general path, so both give the same items.
    static func asciiList(_ raw: String, style: Record.ListStyle) -> [String]? {
        var raw = raw
        return raw.withUTF8 { bytes -> [String]? in
            var items: [String] = []
            var start = 0
            func take(_ end: Int) {
                var from = start, to = end
                // What `trimmingSpaces` removes from an ASCII item: spaces and tabs.
                while from < to, bytes[from] == 0x20 || bytes[from] == 0x09 { from += 1 }
                while to > from, bytes[to - 1] == 0x20 || bytes[to - 1] == 0x09 { to -= 1 }
                if from < to { items.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<to]), as: UTF8.self)) }
            }
            for i in 0..<bytes.count {
                let b = bytes[i]
                if b >= 0x80 || b == 0x0D { return nil }
                let separates = style == .semicolons ? b == 0x3B : (b == 0x20 || b == 0x0A || b == 0x09)
                if separates { take(i); start = i + 1 }
            }
            take(bytes.count)
            return items
        }
    }

    /// A plain decimal: digits, an optional point and digits. No signs, exponents, commas or symbols.
    static func parseDecimal(_ s: String) -> Decimal? {
        var sawDigit = false, sawPoint = false
        var significand: UInt64 = 0, digits = 0, fractionDigits = 0
        for u in s.utf8 {
            if u >= 48 && u <= 57 {
                sawDigit = true
                if significand != 0 || u != 48 { digits += 1 }
                significand = significand &* 10 &+ UInt64(u - 48)
                if sawPoint { fractionDigits += 1 }
            } else if u == 46 && !sawPoint { sawPoint = true } else { return nil }
        }
        guard sawDigit else { return nil }
        // Up to 18 significant digits fit a UInt64 exactly: built directly, as Foundation's parser
        // would build it (compacted), which was most of the cost of reading amounts. Zero and longer
        // numbers go through Foundation.
        if digits <= 18, fractionDigits <= 18, significand != 0 { return compactDecimal(significand, exponent: -fractionDigits) }
        return Decimal(string: s, locale: posix)
    }

    /// `significand × 10^exponent` with the trailing zeros moved into the exponent: the same value and
    /// the same bytes `Decimal(string:)` gives (a test compares them).
    static func compactDecimal(_ significand: UInt64, exponent: Int) -> Decimal {
        var m = significand, e = exponent
        while m % 10 == 0 { m /= 10; e += 1 }
        return Decimal(sign: .plus, exponent: e, significand: Decimal(m))
    }

    private static let posix = Locale(identifier: "en_US_POSIX")

    private static func hint(_ raw: String) -> String {
        if raw.contains(",") { return " (write it without thousands separators, e.g. 180000)" }
        if raw.contains("£") || raw.contains("$") || raw.contains("€") { return " (leave out the currency sign)" }
        if raw.hasPrefix("-") { return " (it cannot be negative)" }
        return ""
    }
}
