/// A time of day in whole minutes, as an agenda prints it ("09:30").
public struct ClockTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Minutes since midnight; may pass 24:00 when an agenda runs late.
    public let minutes: Int

    public init(minutes: Int) { self.minutes = minutes }

    /// Parses `H:MM` or `HH:MM` (24-hour clock).
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              let h = Int(parts[0]), let m = Int(parts[1]), (0...23).contains(h), (0...59).contains(m) else { return nil }
        minutes = h * 60 + m
    }

    public func adding(_ minutes: Int) -> ClockTime { ClockTime(minutes: self.minutes + minutes) }

    /// `09:30`; past midnight it keeps counting (`24:15`) rather than pretend it is the same morning.
    public var description: String {
        let h = minutes / 60, m = minutes % 60
        return (h < 10 ? "0" : "") + String(h) + ":" + (m < 10 ? "0" : "") + String(m)
    }

    public static func < (l: Self, r: Self) -> Bool { l.minutes < r.minutes }
}

/// The running order with clock times: each session and break starts when the one before ends.
public struct Agenda: Sendable, Equatable {
    public struct Slot: Sendable, Equatable {
        public var item: RunningOrderItem
        public var start: ClockTime
        public var end: ClockTime
        /// 1, 2, 3… for sessions; nil for breaks.
        public var sessionNumber: Int?
    }

    public var start: ClockTime
    public var slots: [Slot]
    /// When the last session ends.
    public var end: ClockTime
    /// When the workshop should end by its stated length.
    public var statedEnd: ClockTime
    /// Overrun and similar problems with the timing, located at the workshop file's root.
    public var warnings: [Diagnostic]

    /// Lays out `workshop` from `start`. Sessions that add up to more than the stated length give an
    /// overrun warning (the pack is still made: the facilitator decides what to cut).
    public init(_ workshop: Workshop, start: ClockTime) {
        self.start = start
        var clock = start
        var number = 0
        var slots: [Slot] = []
        for item in workshop.runningOrder {
            var sessionNumber: Int?
            if case .session = item { number += 1; sessionNumber = number }
            let end = clock.adding(item.minutes)
            slots.append(Slot(item: item, start: clock, end: end, sessionNumber: sessionNumber))
            clock = end
        }
        self.slots = slots
        end = clock
        statedEnd = start.adding(workshop.minutes)
        let location = SourceLocation(file: workshop.source, line: workshop.line)
        var warnings: [Diagnostic] = []
        let scheduled = workshop.scheduledMinutes
        if scheduled > workshop.minutes {
            warnings.append(.warning(.agendaOverrun,
                "the sessions and breaks add up to \(scheduled) minutes but the workshop is \(workshop.minutes) minutes long, so it overruns by \(scheduled - workshop.minutes) minutes and ends at \(end) instead of \(statedEnd); shorten a session or change minutes=\"\(workshop.minutes)\"",
                at: location, field: "minutes"))
        } else if scheduled < workshop.minutes {
            warnings.append(.warning(.agendaShort,
                "the sessions and breaks add up to \(scheduled) minutes but the workshop is \(workshop.minutes) minutes long, so the agenda ends at \(end), \(workshop.minutes - scheduled) minutes early; add the missing time to a session or change minutes=\"\(workshop.minutes)\"",
                at: location, field: "minutes"))
        }
        if end.minutes > 24 * 60 {
            warnings.append(.warning(.agendaPastMidnight,
                "starting at \(start), the workshop runs past midnight (ends \(end)); choose an earlier --start",
                at: location))
        }
        self.warnings = warnings
    }

    /// Minutes from start to end, breaks included.
    public var totalMinutes: Int { end.minutes - start.minutes }
}

extension Format {
    /// 210 → "3½ hours", 45 → "45 minutes", 390 → "6½ hours", 200 → "3 hours 20 minutes".
    public static func duration(minutes: Int) -> String {
        let h = minutes / 60, m = minutes % 60
        if h == 0 { return "\(m) minutes" }
        let hours = h == 1 ? "hour" : "hours"
        switch m {
        case 0: return "\(h) \(hours)"
        case 30: return "\(h)½ hours"
        case 15: return "\(h)¼ hours"
        case 45: return "\(h)¾ hours"
        default: return "\(h) \(hours) \(m) minutes"
        }
    }
}

extension CalendarDate {
    /// ISO weekday: 1 Monday … 7 Sunday (1970-01-01 was a Thursday).
    public var weekday: Int { (Int(daysSinceEpoch) % 7 + 7 + 3) % 7 + 1 }

    /// The next Monday-to-Friday day after this one: Friday, Saturday and Sunday give Monday.
    public var nextWeekday: CalendarDate {
        switch weekday {
        case 5: adding(days: 3)
        case 6: adding(days: 2)
        default: adding(days: 1)
        }
    }
}
