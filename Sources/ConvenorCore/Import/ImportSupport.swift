import Foundation

/// What an importer made: a portfolio ready to write, and what it had to say about the source.
public struct ImportResult: Sendable {
    public var portfolio: Portfolio
    /// Warnings (never errors: an error throws `InputError`), in file and line order.
    public var diagnostics: [Diagnostic]
    /// Records read from the source: activities (IATI) or grants (360Giving).
    public var recordsRead: Int
    /// Records left out (a 360Giving `--area` filter, or records that could not be used at all).
    public var recordsSkipped: Int

    public init(portfolio: Portfolio, diagnostics: [Diagnostic], recordsRead: Int, recordsSkipped: Int = 0) {
        self.portfolio = portfolio
        self.diagnostics = diagnostics
        self.recordsRead = recordsRead
        self.recordsSkipped = recordsSkipped
    }
}

/// Spelling rules shared by the importers: ids, names, money and dates as the portfolio format needs them.
enum ImportText {
    /// The portfolio's id pattern is `[A-Za-z0-9_][A-Za-z0-9_.:\-/]*`, at most 200 characters.
    /// Any other character becomes `-`; a leading `-` `.` `:` `/` gets a `_` in front. Nil when nothing is left.
    static func identifier(_ raw: String) -> String? {
        let trimmed = trim(raw)
        guard !trimmed.isEmpty else { return nil }
        // Fast path: most source ids already fit (large files have hundreds of thousands).
        let bytes = trimmed.utf8
        if bytes.count <= 200, let first = bytes.first, isIDStart(first), bytes.allSatisfy(isIDByte) { return trimmed }
        var out = ""
        for scalar in trimmed.unicodeScalars {
            if isIDCharacter(scalar) { out.unicodeScalars.append(scalar) } else { out.append("-") }
        }
        if let first = out.unicodeScalars.first, !(isAlphanumeric(first) || first == "_") { out = "_" + out }
        if out.count > 200 { out = String(out.prefix(200)) }
        return out
    }

    /// A readable id made from a name: lower case letters and digits joined by single hyphens.
    static func slug(_ name: String, maxLength: Int = 80) -> String? {
        var out = ""
        var pendingHyphen = false
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_GB"))
        for scalar in folded.unicodeScalars {
            if isAlphanumeric(scalar) {
                if pendingHyphen && !out.isEmpty { out.append("-") }
                pendingHyphen = false
                out.unicodeScalars.append(scalar)
            } else {
                pendingHyphen = true
            }
            if out.count >= maxLength { break }
        }
        return out.isEmpty ? nil : out
    }

    private static func isIDStart(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95
    }

    private static func isIDByte(_ b: UInt8) -> Bool {
        isIDStart(b) || b == 46 || b == 58 || b == 45 || b == 47
    }

    private static func isASCIISpace(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 10 || b == 13 }

    /// Trims white space at both ends; returns the string itself when there is none (the usual case),
    /// which matters on Linux, where Foundation's trimming goes through NSString.
    static func trim(_ text: String) -> String {
        let u = text.utf8
        guard let first = u.first, let last = u.last else { return text }
        if !isASCIISpace(first) && !isASCIISpace(last) && first < 0x80 && last < 0x80 { return text }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func isAlphanumeric(_ s: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s)
    }

    private static func isIDCharacter(_ s: Unicode.Scalar) -> Bool {
        isAlphanumeric(s) || s == "_" || s == "." || s == ":" || s == "-" || s == "/"
    }

    /// Collapses runs of white space (line breaks in XML text, double spaces in spreadsheets) and trims.
    static func clean(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        // Fast path: ASCII-bounded text with single spaces only and no line breaks or tabs.
        var previousSpace = true, needsWork = false
        for b in text.utf8 {
            if b == 9 || b == 10 || b == 13 || (b == 32 && previousSpace) { needsWork = true; break }
            previousSpace = b == 32
        }
        if !needsWork, !previousSpace, let first = text.utf8.first, let last = text.utf8.last, first < 0x80, last < 0x80 { return text }
        let words = text.split(whereSeparator: { $0.isWhitespace })
        return words.isEmpty ? nil : words.joined(separator: " ")
    }

    /// A name for the portfolio: non-blank, at most 500 characters (the schema's limit). Open data is
    /// third-party text: one that would run as a spreadsheet formula gets a leading `'` (`SpreadsheetCell`).
    static func name(_ text: String?) -> String? {
        guard let cleaned = clean(text) else { return nil }
        return SpreadsheetCell.neutralised(cleaned.count > 500 ? String(cleaned.prefix(499)) + "…" : cleaned)
    }

    /// Free text (descriptions): paragraphs kept, at most 10,000 characters (the schema's limit),
    /// neutralised like `name`.
    static func longText(_ text: String?) -> String? {
        guard let text else { return nil }
        let paragraphs = text.split(whereSeparator: \.isNewline).compactMap { clean(String($0)) }
        guard !paragraphs.isEmpty else { return nil }
        let joined = paragraphs.joined(separator: "\n")
        return SpreadsheetCell.neutralised(joined.count > 10_000 ? String(joined.prefix(9_999)) + "…" : joined)
    }

    /// A calendar date from `YYYY-MM-DD`, or from the date part of an ISO 8601 date-time
    /// (`2015-06-01T00:00:00+00:00`): the day the publisher wrote, whatever its time zone.
    static func date(_ text: String?) -> CalendarDate? {
        guard let t = text.map(trim), t.utf8.count >= 10 else { return nil }
        return CalendarDate(iso: t.prefix(10))
    }

    /// A decimal amount from text such as `1000000.99`, `-858096` or `1e6`; nil if it is not a number.
    static func decimal(_ text: String?) -> Decimal? {
        guard let t = text.map(trim), !t.isEmpty else { return nil }
        let plain = t.contains(",") ? t.replacingOccurrences(of: ",", with: "") : t
        guard plain.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == 43 || $0 == 45 || $0 == 46 || $0 == 69 || $0 == 101 }),
              let value = Decimal(string: plain, locale: posix),
              !value.isNaN else { return nil }
        return value
    }

    private static let posix = Locale(identifier: "en_US_POSIX")

    /// Money with at most two decimals (the schema's limit), rounded half away from zero.
    static func money(_ value: Decimal) -> Decimal {
        var input = value, rounded = Decimal()
        NSDecimalRound(&rounded, &input, 2, .plain)
        return rounded
    }

    /// `1234567.5` → `1234567.50` for messages: plain digits, two decimals.
    static func amountText(_ value: Decimal) -> String {
        let n = NSDecimalNumber(decimal: money(value))
        let formatter = NumberFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.minimumFractionDigits = 0
        formatter.maximumFractionDigits = 2
        formatter.usesGroupingSeparator = false
        return formatter.string(from: n) ?? "\(value)"
    }
}

/// Collects the reference entities an importer finds, first mention wins, and hands them out sorted by id.
struct EntityCollector {
    private(set) var organisations: [String: Organisation] = [:]
    private(set) var neighbourhoods: [String: Neighbourhood] = [:]
    private(set) var cohorts: [String: Cohort] = [:]

    /// Adds an organisation; a later mention may supply a sector the first did not have.
    mutating func add(_ organisation: Organisation) {
        if var known = organisations[organisation.id] {
            if known.sector == nil, let sector = organisation.sector {
                known.sector = sector
                organisations[organisation.id] = known
            }
        } else {
            organisations[organisation.id] = organisation
        }
    }

    mutating func add(_ neighbourhood: Neighbourhood) {
        if neighbourhoods[neighbourhood.id] == nil { neighbourhoods[neighbourhood.id] = neighbourhood }
    }

    mutating func add(_ cohort: Cohort) {
        if cohorts[cohort.id] == nil { cohorts[cohort.id] = cohort }
    }

    var sortedOrganisations: [Organisation] { organisations.values.sorted { $0.id < $1.id } }
    var sortedNeighbourhoods: [Neighbourhood] { neighbourhoods.values.sorted { $0.id < $1.id } }
    var sortedCohorts: [Cohort] { cohorts.values.sorted { $0.id < $1.id } }
}

/// Hands out initiative ids, adding `-2`, `-3` … to one already taken.
struct UniqueIDs {
    private var taken: Set<String> = []

    mutating func claim(_ wanted: String) -> String {
        if taken.insert(wanted).inserted { return wanted }
        var n = 2
        while true {
            let suffix = "-\(n)"
            let candidate = String(wanted.prefix(200 - suffix.count)) + suffix
            if taken.insert(candidate).inserted { return candidate }
            n += 1
        }
    }
}

/// Warnings about the same thing in the same file, reported once with a count (a 300 MB IATI file
/// can have the same unknown element a million times).
struct RepeatedWarnings {
    private struct Entry { var first: SourceLocation; var count: Int; var message: String; var code: DiagnosticCode }
    private var entries: [String: Entry] = [:]

    mutating func note(key: String, code: DiagnosticCode, at location: SourceLocation, _ message: String) {
        if var entry = entries[key] {
            entry.count += 1
            entries[key] = entry
        } else {
            entries[key] = Entry(first: location, count: 1, message: message, code: code)
        }
    }

    var diagnostics: [Diagnostic] {
        entries.values.map { e in
            let times = e.count > 1 ? " (\(Format.count(e.count)) times in this file; this is the first)" : ""
            return Diagnostic.warning(e.code, e.message + times, at: e.first)
        }
    }
}

extension Portfolio {
    /// Status from dates when the source gives none: ended once its end has passed, proposed before
    /// its start, live otherwise.
    static func derivedStatus(start: CalendarDate?, end: CalendarDate?, asOf: CalendarDate?) -> InitiativeStatus {
        guard let asOf else { return .live }
        if let end, end < asOf { return .ended }
        if let start, start > asOf { return .proposed }
        return .live
    }
}
