import Foundation

/// `timeline.svg`: each initiative's funding lines as bars across calendar quarters, the as-of date
/// as a "today" line, the cliff window shaded, and every flagged funding cliff marked.
enum RegisterTimeline {
    static let labelWidth = 360.0
    static let quarterWidth = 46.0
    static let rowHeight = 22.0
    static let top = 124.0

    static func render(_ c: RegisterContext) -> String {
        let r = c.register
        let rows = r.entries.filter { !$0.initiative.funding.isEmpty }
            .sorted { ($0.nextFundingEnd ?? CalendarDate(daysSinceEpoch: .max), $0.initiative.name) < ($1.nextFundingEnd ?? CalendarDate(daysSinceEpoch: .max), $1.initiative.name) }
        // Four quarters back, and forward to the last end (at least two years, at most four).
        let first = quarterStart(r.asOf).adding(months: -12)
        let lastEnd = rows.flatMap { $0.initiative.funding.compactMap(\.end) }.max() ?? r.asOf
        let minimumEnd = quarterStart(r.asOf).adding(months: 24)
        let last = min(max(quarterStart(lastEnd).adding(months: 3), minimumEnd), quarterStart(r.asOf).adding(months: 48))
        let quarters = first.months(until: last) / 3
        let chartWidth = Double(quarters) * quarterWidth
        let width = labelWidth + chartWidth + 40
        let height = top + Double(max(rows.count, 1)) * rowHeight + 90
        let span = Double(first.days(until: last))
        func x(_ d: CalendarDate) -> Double {
            let clamped = min(max(d, first), last)
            return labelWidth + Double(first.days(until: clamped)) / span * chartWidth
        }
        func f(_ v: Double) -> String { Format.plain(v, places: 1) }

        var s = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" viewBox=\"0 0 \(f(width)) \(f(height))\" font-family=\"Arial, Helvetica, sans-serif\" role=\"img\" aria-labelledby=\"title\">\n"
        s += "<title id=\"title\">Funding timeline: \(escape(r.place)), as of \(r.asOf.iso)</title>\n"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
        s += "<text x=\"16\" y=\"30\" font-size=\"19\" font-weight=\"bold\" fill=\"#1d2939\">Funding timeline: \(escape(r.place))</text>\n"
        s += "<text x=\"16\" y=\"52\" font-size=\"12.5\" fill=\"#475467\">Each bar is a funding line. ◆ marks a funding cliff: money ending within \(r.settings.fundingCliffMonths) months with no decision recorded. As of \(r.asOf.iso).</text>\n"

        // The cliff window and the quarter grid.
        let horizon = r.asOf.adding(months: r.settings.fundingCliffMonths)
        s += "<rect x=\"\(f(x(r.asOf)))\" y=\"\(f(top - 20))\" width=\"\(f(x(horizon) - x(r.asOf)))\" height=\"\(f(Double(rows.count) * rowHeight + 20))\" fill=\"#fee4e2\" opacity=\"0.6\"/>\n"
        for q in 0...quarters {
            let d = first.adding(months: 3 * q)
            let gx = x(d)
            let isYear = d.month == 1
            s += "<line x1=\"\(f(gx))\" y1=\"\(f(top - 20))\" x2=\"\(f(gx))\" y2=\"\(f(top + Double(rows.count) * rowHeight))\" stroke=\"\(isYear ? "#98a2b3" : "#e4e7ec")\" stroke-width=\"1\"/>\n"
            if q < quarters {
                s += "<text x=\"\(f(gx + quarterWidth / 2))\" y=\"\(f(top - 26))\" font-size=\"10.5\" text-anchor=\"middle\" fill=\"#475467\">Q\(d.calendarQuarter)</text>\n"
                // The year over its quarters still on the chart.
                if isYear || q == 0 {
                    let left = (4 - (d.month - 1) / 3)
                    let shown = min(left, quarters - q)
                    if shown >= 2 {
                        s += "<text x=\"\(f(gx + Double(shown) * quarterWidth / 2))\" y=\"\(f(top - 42))\" font-size=\"11.5\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#344054\">\(d.year)</text>\n"
                    }
                }
            }
        }
        let kinds: [FundingKind?: String] = [.core: "#1f3864", .grant: "#2e75b6", .pooled: "#3f8f3a", .external: "#c55a11", nil: "#667085"]
        for (n, e) in rows.enumerated() {
            let y = top + Double(n) * rowHeight
            if n % 2 == 1 { s += "<rect x=\"0\" y=\"\(f(y))\" width=\"\(f(labelWidth - 6))\" height=\"\(f(rowHeight))\" fill=\"#f9fafb\"/>\n" }
            let name = e.initiative.name.count > 52 ? String(e.initiative.name.prefix(50)) + "…" : e.initiative.name
            s += "<text x=\"16\" y=\"\(f(y + 15))\" font-size=\"11.5\" fill=\"#1d2939\"><title>\(escape(e.initiative.name)) (\(escape(e.recommendation.rawValue)))</title>\(escape(name))</text>\n"
            // Only the lines that reach the chart share the row.
            let lines = e.initiative.funding.enumerated().filter { _, line in
                (line.end.map { $0 >= first } ?? true) && (line.start ?? e.initiative.start ?? first) <= last
            }
            let barHeight = lines.count > 1 ? (rowHeight - 8) / Double(lines.count) - 1 : 12.0
            for (slot, (k, line)) in lines.enumerated() {
                let start = line.start ?? e.initiative.start ?? first
                let x0 = x(start), x1 = line.end.map { x($0.adding(days: 1)) } ?? (labelWidth + chartWidth)
                let by = lines.count > 1 ? y + 4 + Double(slot) * (barHeight + 1) : y + 5
                let amount = line.per == .year ? "\(c.money(line.amount)) a year" : "\(c.money(line.amount)) in total"
                let tip = "\(line.source): \(amount), \(line.start?.iso ?? "?") to \(line.end?.iso ?? "open-ended")"
                s += "<rect x=\"\(f(x0))\" y=\"\(f(by))\" width=\"\(f(max(x1 - x0, 2)))\" height=\"\(f(barHeight))\" rx=\"2\" fill=\"\(kinds[line.kind] ?? "#667085")\" opacity=\"\(line.end == nil ? "0.55" : "0.9")\"><title>\(escape(tip))</title></rect>\n"
                if line.end == nil {
                    s += "<text x=\"\(f(labelWidth + chartWidth + 4))\" y=\"\(f(by + 9))\" font-size=\"11\" fill=\"#475467\">→</text>\n"
                }
                if e.flags.contains(where: { $0.rule == .fundingCliff && $0.fundingLine == k }), line.end != nil {
                    let cy = by + barHeight / 2
                    s += "<path d=\"M \(f(x1)) \(f(cy - 7)) L \(f(x1 + 7)) \(f(cy)) L \(f(x1)) \(f(cy + 7)) L \(f(x1 - 7)) \(f(cy)) Z\" fill=\"#d92d20\" stroke=\"#ffffff\" stroke-width=\"1.5\"><title>Funding cliff: \(escape(tip))</title></path>\n"
                }
            }
        }
        // Today.
        let tx = x(r.asOf), bottom = top + Double(rows.count) * rowHeight
        s += "<line x1=\"\(f(tx))\" y1=\"\(f(top - 20))\" x2=\"\(f(tx))\" y2=\"\(f(bottom + 6))\" stroke=\"#d92d20\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/>\n"
        s += "<text x=\"\(f(tx))\" y=\"\(f(bottom + 20))\" font-size=\"11.5\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#d92d20\">as of \(r.asOf.iso)</text>\n"
        // Legend.
        var lx = 16.0
        let ly = bottom + 50
        for (kind, label) in [(FundingKind.core, "core budget"), (.grant, "grant"), (.pooled, "pooled"), (.external, "external")] {
            s += "<rect x=\"\(f(lx))\" y=\"\(f(ly - 10))\" width=\"18\" height=\"10\" rx=\"2\" fill=\"\(kinds[kind] ?? "#667085")\"/>"
            s += "<text x=\"\(f(lx + 24))\" y=\"\(f(ly))\" font-size=\"11.5\" fill=\"#344054\">\(label)</text>\n"
            lx += 120
        }
        s += "<path d=\"M \(f(lx + 7)) \(f(ly - 12)) L \(f(lx + 14)) \(f(ly - 5)) L \(f(lx + 7)) \(f(ly + 2)) L \(f(lx)) \(f(ly - 5)) Z\" fill=\"#d92d20\"/>"
        s += "<text x=\"\(f(lx + 22))\" y=\"\(f(ly))\" font-size=\"11.5\" fill=\"#344054\">funding cliff</text>\n"
        lx += 120
        s += "<rect x=\"\(f(lx))\" y=\"\(f(ly - 10))\" width=\"18\" height=\"10\" fill=\"#fee4e2\"/>"
        s += "<text x=\"\(f(lx + 24))\" y=\"\(f(ly))\" font-size=\"11.5\" fill=\"#344054\">cliff window (\(r.settings.fundingCliffMonths) months)</text>\n"
        lx += 190
        s += "<text x=\"\(f(lx))\" y=\"\(f(ly))\" font-size=\"11.5\" fill=\"#344054\">→ no end date (faded bar)</text>\n"
        s += "</svg>\n"
        return s
    }

    static func quarterStart(_ d: CalendarDate) -> CalendarDate {
        CalendarDate(year: d.year, month: (d.calendarQuarter - 1) * 3 + 1, day: 1) ?? d
    }
}
