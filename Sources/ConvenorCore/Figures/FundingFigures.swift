import Foundation

/// The one definition of money a year (docs/figures.md, "Funding a year"). Every output that shows an
/// initiative's or a place's funding a year gets it from here.
public enum FundingFigures {
    /// The value of a funding line for one year: `per="year"` as given; a total spread evenly over its
    /// dates by days (amount × 365 / days, whole units); a total under a year long or without both dates
    /// counts as one year.
    public static func annualValue(of line: FundingLine) -> Decimal {
        guard line.per == .total else { return line.amount }
        guard let start = line.start, let end = line.end, end >= start else { return line.amount }
        let days = start.days(until: end) + 1
        guard days >= 365 else { return line.amount }
        var value = line.amount * 365 / Decimal(days)
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 0, .plain)
        return rounded
    }

    /// A line is running on a day when it has started (or gives no start) and has not ended (or gives no end).
    public static func isRunning(_ line: FundingLine, on day: CalendarDate) -> Bool {
        (line.start.map { $0 <= day } ?? true) && (line.end.map { $0 >= day } ?? true)
    }

    /// The lines counted in an initiative's funding a year: those running on the as-of date; for a
    /// proposal, which has none running yet, the lines that have not ended (the money it asks for).
    public static func countedLines(of initiative: Initiative, asOf: CalendarDate) -> [FundingLine] {
        if initiative.status == .proposed { return initiative.funding.filter { $0.end.map { $0 >= asOf } ?? true } }
        return initiative.funding.filter { isRunning($0, on: asOf) }
    }

    /// Funding a year of one initiative (docs/figures.md). Lines that ended before the as-of date are
    /// history; a line starting after it is not money yet, except for a proposal, whose money it is.
    public static func fundingAYear(of initiative: Initiative, asOf: CalendarDate) -> Decimal {
        countedLines(of: initiative, asOf: asOf).reduce(Decimal(0)) { $0 + annualValue(of: $1) }
    }

    /// The next funding end: the earliest end, on or after the as-of date, of any of its lines.
    public static func nextFundingEnd(of initiative: Initiative, asOf: CalendarDate) -> CalendarDate? {
        initiative.funding.compactMap(\.end).filter { $0 >= asOf }.min()
    }

    /// Distinct sources of the running lines (all lines when none is running), in the order given.
    public static func sources(of initiative: Initiative, asOf: CalendarDate) -> [String] {
        let running = countedLines(of: initiative, asOf: asOf)
        var seen: [String] = []
        for line in (running.isEmpty ? initiative.funding : running) where !seen.contains(line.source) { seen.append(line.source) }
        return seen
    }

    /// "Core budgets", "Grants", …: the label a kind of money has in every output.
    public static func kindLabel(_ kind: FundingKind?) -> String {
        switch kind {
        case .core: "Core budgets"
        case .grant: "Grants"
        case .pooled: "Pooled budgets"
        case .external: "Partners' own money"
        case nil: "Not recorded"
        }
    }
}

/// Kept for callers that value a single line (diff); the definition is `FundingFigures.annualValue`.
public func annualValue(of line: FundingLine) -> Decimal { FundingFigures.annualValue(of: line) }
