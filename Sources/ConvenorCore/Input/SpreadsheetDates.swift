/// Dates as spreadsheets write them (issue 14). Excel in a UK locale saves `31/03/2027` to CSV; a
/// place can say its files are month-first instead (`date-order` in place.csv or on `<portfolio>`).
/// ISO `YYYY-MM-DD` is always accepted and is the only form Convenor writes.
public enum DateOrder: String, Sendable, CaseIterable {
    /// Day first: 31/03/2027 (the UK convention, and the default).
    case dmy
    /// Month first: 03/31/2027 (US).
    case mdy

    public static let `default` = DateOrder.dmy

    var pattern: String { self == .dmy ? "dd/mm/yyyy" : "mm/dd/yyyy" }
    var words: String { self == .dmy ? "day first" : "month first" }
}

/// What reading a date cell found.
enum DateReading: Equatable {
    case date(CalendarDate)
    /// Not a date in any form; the message part says why.
    case invalid(String)
}

enum SpreadsheetDates {
    /// `YYYY-MM-DD`, or `d/m/yyyy` / `dd/mm/yyyy` read in `order`.
    static func read(_ text: some StringProtocol, order: DateOrder) -> DateReading {
        if let d = CalendarDate(iso: text) { return .date(d) }
        return read(bytes: Array(text.utf8), order: order)
    }

    /// The same for bytes (contacts.csv is read without making strings).
    static func read(bytes u: some RandomAccessCollection<UInt8>, order: DateOrder) -> DateReading {
        // Split into three runs of digits separated by '/'.
        var parts: [Int] = [], widths: [Int] = []
        var value = 0, width = 0
        for b in u {
            if b >= 48 && b <= 57 {
                guard width < 4 else { return .invalid(notADate) }
                value = value * 10 + Int(b - 48)
                width += 1
            } else if b == UInt8(ascii: "/") {
                guard width > 0, parts.count < 2 else { return .invalid(notADate) }
                parts.append(value); widths.append(width)
                value = 0; width = 0
            } else {
                return .invalid(notADate)
            }
        }
        guard width > 0, parts.count == 2 else { return .invalid(notADate) }
        parts.append(value); widths.append(width)
        guard widths[0] <= 2, widths[1] <= 2 else { return .invalid(notADate) }
        guard widths[2] == 4 else {
            return .invalid("has a two-digit year, which could be any century; write the year in full (\(order.pattern)) or as YYYY-MM-DD")
        }
        let (first, second, year) = (parts[0], parts[1], parts[2])
        let (day, month) = order == .dmy ? (first, second) : (second, first)
        if let d = CalendarDate(year: year, month: month, day: day) { return .date(d) }
        let other: DateOrder = order == .dmy ? .mdy : .dmy
        let (otherDay, otherMonth) = other == .dmy ? (first, second) : (second, first)
        if CalendarDate(year: year, month: otherMonth, day: otherDay) != nil {
            return .invalid("is not a date read \(order.words) (\(order.pattern)), the place's date order, but it would be one read \(other.words); if the files write dates \(other.words), set date-order to \(other.rawValue) in place.csv (date-order=\"\(other.rawValue)\" on <portfolio>), or write it as YYYY-MM-DD")
        }
        return .invalid("is not a day in the calendar (read \(order.words), \(order.pattern))")
    }

    static let notADate = "is not a date; write it as YYYY-MM-DD, e.g. 2026-03-31"
}
