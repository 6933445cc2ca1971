import Foundation

/// One entity's raw fields as read from a file — an XML element (with an initiative's child elements
/// flattened) or a CSV row — keyed by the CSV column names. Typed accessors turn text into values and
/// report what is wrong in words a spreadsheet user can act on.
struct Record {
    struct Field {
        var value: String
        var location: SourceLocation
        /// How the field is spelled in the source file (an XML attribute name, a CSV column name).
        var sourceName: String
    }

    enum ListStyle { case semicolons, whitespace }

    /// "initiative", "team", …: used in messages.
    var entity: String
    var location: SourceLocation
    var fields: [String: Field] = [:]
    var listStyle: ListStyle

    init(entity: String, location: SourceLocation, listStyle: ListStyle) {
        self.entity = entity
        self.location = location
        self.listStyle = listStyle
    }

    mutating func set(_ name: String, _ value: String, at location: SourceLocation, sourceName: String? = nil) {
        fields[name] = Field(value: value, location: location, sourceName: sourceName ?? name)
    }

    /// The field's text, nil when absent or empty (an empty cell means "absent").
    func text(_ name: String) -> String? {
        guard let v = fields[name]?.value, !v.isEmpty else { return nil }
        return v
    }

    func location(of name: String) -> SourceLocation { fields[name]?.location ?? location }
    func sourceName(of name: String) -> String { fields[name]?.sourceName ?? name }

    var subject: String {
        if let id = text("id") { return "\(entity) '\(id)'" }
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

    private mutating func report(_ code: DiagnosticCode, _ message: String, _ record: Record, _ name: String) {
        let location = record.location(of: name)
        if linesWithSchemaErrors.contains(location.line) { return }
        diagnostics.append(.error(code, message, at: location, field: record.sourceName(of: name)))
    }

    mutating func required(_ name: String, in record: Record) -> String? {
        if let v = record.text(name) { return v }
        report(.missingValue, "\(record.subject) has no \(name); every \(record.entity) needs one", record, name)
        return nil
    }

    mutating func date(_ name: String, in record: Record) -> CalendarDate? {
        guard let raw = record.text(name) else { return nil }
        switch SpreadsheetDates.read(raw.trimmingSpaces(), order: dateOrder) {
        case .date(let d):
            return d
        case .invalid(let why):
            report(.badDate, "\(record.subject): \(name) '\(raw)' \(why)", record, name)
            return nil
        }
    }

    mutating func integer(_ name: String, in record: Record, range: ClosedRange<Int>? = nil) -> Int? {
        guard let raw = record.text(name) else { return nil }
        let trimmed = raw.trimmingSpaces()
        guard let v = Int(trimmed), v >= 0 || range != nil else {
            report(.badNumber, "\(record.subject): \(name) '\(raw)' is not a whole number\(Self.hint(raw))", record, name)
            return nil
        }
        if let range, !range.contains(v) {
            report(.badNumber, "\(record.subject): \(name) \(v) is out of range; expected \(range.lowerBound) to \(range.upperBound)", record, name)
            return nil
        }
        return v
    }

    mutating func decimal(_ name: String, in record: Record) -> Decimal? {
        guard let raw = record.text(name) else { return nil }
        if let v = Self.parseDecimal(raw.trimmingSpaces()) { return v }
        report(.badNumber, "\(record.subject): \(name) '\(raw)' is not a number\(Self.hint(raw))", record, name)
        return nil
    }

    mutating func choice<V: Vocabulary>(_ name: String, in record: Record, as type: V.Type, what: String) -> V? {
        guard let raw = record.text(name) else { return nil }
        if let v = V(rawValue: raw.trimmingSpaces()) { return v }
        report(.badValue, "\(record.subject): \(name) '\(raw)' is not a \(what); use one of: \(V.spellings)", record, name)
        return nil
    }

    mutating func bool(_ name: String, in record: Record) -> Bool? {
        guard let raw = record.text(name) else { return nil }
        switch raw.lowercased() {
        case "true": return true
        case "false": return false
        default:
            report(.badValue, "\(record.subject): \(name) '\(raw)' must be true or false", record, name)
            return nil
        }
    }

    mutating func list(_ name: String, in record: Record) -> [String] {
        guard let raw = record.text(name) else { return [] }
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
