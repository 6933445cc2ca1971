/// A day in the calendar, without a time or time zone: the portfolio's dates are days.
///
/// Stored as days since 1970-01-01 so comparison and arithmetic are integer operations, and so that
/// no clock or time zone of the machine can change a result.
public struct CalendarDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let daysSinceEpoch: Int32

    public init(daysSinceEpoch: Int32) { self.daysSinceEpoch = daysSinceEpoch }

    /// Returns nil for a day that does not exist (2026-02-30).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...CalendarDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        daysSinceEpoch = Int32(CalendarDate.days(year: year, month: month, day: day))
    }

    /// Parses exactly `YYYY-MM-DD`.
    public init?(iso string: some StringProtocol) {
        // A native string is read in place (no array made): every date of a portfolio passes here.
        if let parsed = string.utf8.withContiguousStorageIfAvailable({ CalendarDate(isoBytes: $0) }) {
            guard let parsed else { return nil }
            self = parsed
            return
        }
        let u = Array(string.utf8)
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return nil }
        func digits(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r {
                let d = Int(u[i]) - 48
                guard (0...9).contains(d) else { return nil }
                v = v * 10 + d
            }
            return v
        }
        guard let y = digits(0..<4), let m = digits(5..<7), let d = digits(8..<10) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public var components: (year: Int, month: Int, day: Int) {
        // Howard Hinnant's civil_from_days.
        let z = Int(daysSinceEpoch) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public var year: Int { components.year }
    public var month: Int { components.month }
    public var day: Int { components.day }

    /// 1...4 for January–March ... October–December.
    public var calendarQuarter: Int { (month - 1) / 3 + 1 }

    public var iso: String {
        let c = components
        func pad(_ v: Int, _ n: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, n - s.count)) + s
        }
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))"
    }

    public var description: String { iso }

    /// Never traps: dates past the representable range stick at its ends (input such as
    /// as-of 9999-12-31 plus a 24-month horizon must still give a date, not a crash).
    public func adding(days: Int) -> CalendarDate {
        let (sum, overflow) = Int(daysSinceEpoch).addingReportingOverflow(days)
        return CalendarDate(daysSinceEpoch: overflow ? (days > 0 ? .max : .min) : Int32(clamping: sum))
    }

    /// Adds calendar months, clamping the day to the end of a shorter month (31 Aug + 6 months = 28/29 Feb).
    /// Years beyond 9999 are fine here (a horizon past a far-future as-of date); only parsing limits them.
    public func adding(months: Int) -> CalendarDate {
        let c = components
        // ±1,000,000 years is far beyond any date a portfolio can hold, and keeps the arithmetic exact.
        let step = max(-12_000_000, min(12_000_000, months))
        let total = c.year * 12 + (c.month - 1) + step
        let y = total >= 0 ? total / 12 : (total - 11) / 12
        let m = total - y * 12 + 1
        let day = min(c.day, CalendarDate.daysIn(month: m, year: y))
        return CalendarDate(daysSinceEpoch: Int32(clamping: CalendarDate.days(year: y, month: m, day: day)))
    }

    public func days(until other: CalendarDate) -> Int { Int(other.daysSinceEpoch - daysSinceEpoch) }

    /// Whole calendar months from self to other (negative if other is earlier).
    public func months(until other: CalendarDate) -> Int {
        let a = components, b = other.components
        var months = (b.year - a.year) * 12 + (b.month - a.month)
        if months > 0 && b.day < a.day { months -= 1 }
        if months < 0 && b.day > a.day { months += 1 }
        return months
    }

    public static func < (l: CalendarDate, r: CalendarDate) -> Bool { l.daysSinceEpoch < r.daysSinceEpoch }

    public init(from decoder: Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        guard let d = CalendarDate(iso: s) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a YYYY-MM-DD date: \(s)"))
        }
        self = d
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(iso)
    }

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days_from_civil.
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

extension CalendarDate {
    /// Parses exactly `YYYY-MM-DD` from UTF-8 bytes (the contacts reader's hot path: no String made).
    init?(isoBytes u: UnsafeBufferPointer<UInt8>) {
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return nil }
        var ok = true
        @inline(__always) func value(_ from: Int, _ to: Int) -> Int {
            var v = 0
            for i in from..<to {
                let d = Int(u[i]) &- 48
                if d < 0 || d > 9 { ok = false }
                v = v &* 10 &+ d
            }
            return v
        }
        let y = value(0, 4), m = value(5, 7), d = value(8, 10)
        guard ok else { return nil }
        self.init(year: y, month: m, day: d)
    }
}
