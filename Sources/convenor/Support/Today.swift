import ConvenorCore
import Foundation

extension CalendarDate {
    /// Today on this machine's calendar and time zone. The core reads no clock: commands that need
    /// today (the default date of a pack) read it here and pass it in.
    static var today: CalendarDate {
        let c = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        return CalendarDate(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1) ?? CalendarDate(daysSinceEpoch: 0)
    }
}
