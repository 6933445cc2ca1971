import Foundation

/// Keeps text from running as a formula when a CSV file is opened in a spreadsheet (OWASP "CSV injection").
///
/// A spreadsheet treats a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return as a
/// formula. Every CSV Convenor writes therefore *guards* such a text cell with a leading `'`: the
/// spreadsheet shows it as text, `'` included. Numbers (`-3`, `+0.5`, `-1e3`) are left alone.
///
/// The rule is reversible, so a portfolio round-trips byte for byte through `convert`: a cell that
/// already starts with one or more `'` followed by a trigger character gets one more `'`, and the CSV
/// reader removes exactly one `'` from any cell that is `'`s followed by a trigger. So `=x` is written
/// `'=x`, `'=x` is written `''=x`, and both read back as they were; `'hello` and `'` are never changed.
public enum SpreadsheetCell {
    /// The first bytes that make a spreadsheet read a cell as a formula.
    @inline(__always)
    static func isTrigger(_ byte: UInt8) -> Bool {
        byte == 0x3D || byte == 0x2B || byte == 0x2D || byte == 0x40 || byte == 0x09 || byte == 0x0D
    }

    static let apostrophe = UInt8(ascii: "'")

    /// A plain number: optional sign, digits with an optional decimal point, optional exponent.
    static func isNumber<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        var i = bytes.startIndex
        let end = bytes.endIndex
        func digit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        if i < end, bytes[i] == 0x2B || bytes[i] == 0x2D { i = bytes.index(after: i) }
        var digits = 0
        while i < end, digit(bytes[i]) { digits += 1; i = bytes.index(after: i) }
        if i < end, bytes[i] == 0x2E {
            i = bytes.index(after: i)
            while i < end, digit(bytes[i]) { digits += 1; i = bytes.index(after: i) }
        }
        guard digits > 0 else { return false }
        if i < end, bytes[i] == 0x65 || bytes[i] == 0x45 {
            i = bytes.index(after: i)
            if i < end, bytes[i] == 0x2B || bytes[i] == 0x2D { i = bytes.index(after: i) }
            var exponent = 0
            while i < end, digit(bytes[i]) { exponent += 1; i = bytes.index(after: i) }
            guard exponent > 0 else { return false }
        }
        return i == end
    }

    /// True when a spreadsheet would run this text as a formula: it starts with a trigger and is not a number.
    public static func isFormulaLike(_ text: some StringProtocol) -> Bool {
        isFormulaLike(bytes: text.utf8)
    }

    static func isFormulaLike<C: Collection>(bytes: C) -> Bool where C.Element == UInt8 {
        guard let first = bytes.first, isTrigger(first) else { return false }
        return !isNumber(bytes)
    }

    /// Whether the writer puts a `'` before this cell: formula-like, or `'`s followed by a trigger.
    static func needsGuard<C: Collection>(bytes: C) -> Bool where C.Element == UInt8 {
        guard let first = bytes.first else { return false }
        if first == apostrophe {
            guard let next = bytes.first(where: { $0 != apostrophe }) else { return false }
            return isTrigger(next)
        }
        return isTrigger(first) && !isNumber(bytes)
    }

    /// The cell as a CSV writer should write it (before CSV quoting).
    public static func guarded(_ text: String) -> String {
        needsGuard(bytes: text.utf8) ? "'" + text : text
    }

    /// The cell as it was before `guarded`: one `'` removed when `'`s are followed by a trigger.
    public static func unguarded(_ text: String) -> String {
        isGuarded(bytes: text.utf8) ? String(text.dropFirst()) : text
    }

    /// True when the cell is `'`s followed by a trigger character, i.e. a guarded cell.
    static func isGuarded<C: Collection>(bytes: C) -> Bool where C.Element == UInt8 {
        guard bytes.first == apostrophe, let next = bytes.first(where: { $0 != apostrophe }) else { return false }
        return isTrigger(next)
    }

    /// Text from a third party (an import) made inert for good: a formula-like value gets a leading `'`
    /// in the portfolio itself, so no later tool, spreadsheet or copy-and-paste can run it.
    static func neutralised(_ text: String) -> String {
        isFormulaLike(text) ? "'" + text : text
    }

    /// `validate`'s warning for an unguarded formula-like cell in a CSV input. The cell itself is never
    /// quoted: it may be anything, including a household's details in the wrong column.
    static func formulaLikeWarning(field: String, at location: SourceLocation) -> Diagnostic {
        .warning(.formulaLike, "the '\(field)' cell starts with a character (=, +, -, @, tab or carriage return) that makes a spreadsheet run it as a formula; "
                 + "Convenor reads it as text and writes it with a leading ' in every CSV, but check where this value came from",
                 at: location, field: field)
    }
}

extension SpreadsheetCell {
    /// What one cell of an `.xlsx` sheet Convenor writes holds. Text is always stored as an inline
    /// string, never a formula, so it needs no guard there; numbers, money and dates are stored as
    /// numbers (a date as Excel's day serial) so a spreadsheet sorts and sums them.
    enum Value: Equatable, Sendable {
        case text(String)
        case number(Decimal)
        /// A sum shown in whole units of the workbook's currency.
        case money(Decimal)
        case date(CalendarDate)
        case boolean(Bool)
        case empty

        /// Text, or an empty cell for nil or "".
        static func optional(_ text: String?) -> Value { text.map { $0.isEmpty ? .empty : .text($0) } ?? .empty }
        /// A date, or an empty cell for nil.
        static func optional(_ date: CalendarDate?) -> Value { date.map { .date($0) } ?? .empty }
    }
}
