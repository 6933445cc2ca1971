import Foundation

/// `timeline.svg`: each initiative's funding lines as bars across calendar quarters, the as-of date
/// as a "today" line, the cliff window shaded, and every flagged funding cliff marked. Written with
/// `XMLWriter`. `slide` is the slide-shaped version a workshop pack shows: the initiatives whose
/// money runs out first, on fewer quarters, in type that reads across a boardroom.
enum RegisterTimeline {
    /// How the timeline is drawn: the register's full page or a slide.
    struct Style {
        /// Every row (nil), or only the first rows with a funding end, soonest first.
        var rowLimit: Int?
        /// Title and explanation above the chart (a slide has its own title).
        var heading: Bool
        var labelWidth: Double
        /// A fixed quarter width, the canvas growing with the quarters; or nil to fit `canvasWidth`.
        var quarterWidth: Double?
        var canvasWidth: Double
        var rowHeight: Double
        var top: Double
        var monthsBack: Int, minimumMonthsAhead: Int, maximumMonthsAhead: Int
        /// Type: row names, quarters, year, legend and today label (px).
        var nameSize: Double, quarterSize: Double, yearSize: Double, legendSize: Double
        /// Names longer than this many characters are wrapped onto a second line (nil: cut at 52).
        var wrapNamesAt: Int?

        static let page = Style(rowLimit: nil, heading: true, labelWidth: 360, quarterWidth: 46, canvasWidth: 0, rowHeight: 22, top: 124,
                                monthsBack: 12, minimumMonthsAhead: 24, maximumMonthsAhead: 48,
                                nameSize: 11.5, quarterSize: 10.5, yearSize: 11.5, legendSize: 11.5, wrapNamesAt: nil)
        /// 1,200 × 516 px, the shape of a 16:9 slide's body under its title, shown 874 pt wide: the
        /// 20 px type comes out at 14.6 pt.
        static let slide = Style(rowLimit: 7, heading: false, labelWidth: 390, quarterWidth: nil, canvasWidth: 1200, rowHeight: 48, top: 96,
                                 monthsBack: 3, minimumMonthsAhead: 21, maximumMonthsAhead: 33,
                                 nameSize: 20, quarterSize: 20, yearSize: 20, legendSize: 20, wrapNamesAt: 32)
    }

    static func render(_ c: RegisterContext) -> SVGPicture { render(c, style: .page) }

    static func slide(_ c: RegisterContext) -> SVGPicture { render(c, style: .slide) }

    static func render(_ c: RegisterContext, style: Style) -> SVGPicture {
        let r = c.register
        let withFunding = r.entries.filter { !$0.initiative.funding.isEmpty }
            .sorted { ($0.nextFundingEnd ?? CalendarDate(daysSinceEpoch: .max), $0.initiative.name) < ($1.nextFundingEnd ?? CalendarDate(daysSinceEpoch: .max), $1.initiative.name) }
        let rows = style.rowLimit.map { limit in Array(withFunding.filter { $0.nextFundingEnd != nil }.prefix(limit)) } ?? withFunding
        let k = style.nameSize / 11.5  // offsets grow with the type
        let labelWidth = style.labelWidth, rowHeight = style.rowHeight, top = style.top
        // Back to `monthsBack` before this quarter, and forward to the last end shown (within the limits).
        let thisQuarter = quarterStart(r.asOf)
        let first = thisQuarter.adding(months: -style.monthsBack)
        let lastEnd = rows.flatMap { $0.initiative.funding.compactMap(\.end) }.filter { style.rowLimit == nil || $0 >= first }.max() ?? r.asOf
        let minimumEnd = thisQuarter.adding(months: style.minimumMonthsAhead)
        let last = min(max(quarterStart(lastEnd).adding(months: 3), minimumEnd), thisQuarter.adding(months: style.maximumMonthsAhead))
        let quarters = first.months(until: last) / 3
        let quarterWidth = style.quarterWidth ?? (style.canvasWidth - labelWidth - 40 * k) / Double(quarters)
        let chartWidth = Double(quarters) * quarterWidth
        let width = style.quarterWidth == nil ? style.canvasWidth : labelWidth + chartWidth + 40
        let bottom = top + Double(rows.count) * rowHeight
        let height = top + Double(max(rows.count, 1)) * rowHeight + (style.heading ? 90 : 3.7 * style.legendSize)
        let span = Double(first.days(until: last))
        func x(_ d: CalendarDate) -> Double {
            let clamped = min(max(d, first), last)
            return labelWidth + Double(first.days(until: clamped)) / span * chartWidth
        }
        func f(_ v: Double) -> String { SVGPicture.number(v) }
        func px(_ size: Double) -> String { size == size.rounded() ? String(Int(size)) : f(size) }
        let kinds: [FundingKind?: String] = [.core: "#1f3864", .grant: "#2e75b6", .pooled: "#3f8f3a", .external: "#c55a11", nil: "#667085"]

        return SVGPicture(width: width, height: height, labelledBy: "title") { s in
            s.element("title", ["id": "title"], text: "Funding timeline: \(r.place), as of \(r.asOf.iso)")
            s.lineBreak()
            s.empty("rect", ["width": "100%", "height": "100%", "fill": "#ffffff"])
            s.lineBreak()
            if style.heading {
                s.element("text", ["x": "16", "y": "30", "font-size": "19", "font-weight": "bold", "fill": "#1d2939"], text: "Funding timeline: \(r.place)")
                s.lineBreak()
                s.element("text", ["x": "16", "y": "52", "font-size": "12.5", "fill": "#475467"],
                          text: "Each bar is a funding line. ◆ marks a funding cliff: money ending within \(r.settings.fundingCliffMonths) months with no decision recorded. As of \(r.asOf.iso).")
                s.lineBreak()
            }

            if let limit = style.rowLimit {
                // Over the names, level with the quarters: which rows these are.
                s.element("text", ["x": "16", "y": f(top - 26 * k), "font-size": px(style.nameSize), "font-weight": "bold", "fill": "#475467"],
                          text: rows.count < withFunding.count ? "First \(min(limit, rows.count)) of \(withFunding.count) to run out" : "Funding lines")
                s.lineBreak()
            }
            // The cliff window and the quarter grid.
            let horizon = r.asOf.adding(months: r.settings.fundingCliffMonths)
            s.empty("rect", ["x": f(x(r.asOf)), "y": f(top - 20), "width": f(x(horizon) - x(r.asOf)), "height": f(Double(rows.count) * rowHeight + 20),
                             "fill": "#fee4e2", "opacity": "0.6"])
            s.lineBreak()
            for q in 0...quarters {
                let d = first.adding(months: 3 * q)
                let gx = x(d)
                let isYear = d.month == 1
                s.empty("line", ["x1": f(gx), "y1": f(top - 20), "x2": f(gx), "y2": f(bottom), "stroke": isYear ? "#98a2b3" : "#e4e7ec", "stroke-width": "1"])
                s.lineBreak()
                if q < quarters {
                    s.element("text", ["x": f(gx + quarterWidth / 2), "y": f(top - 26 * k), "font-size": px(style.quarterSize), "text-anchor": "middle",
                                       "fill": "#475467"], text: "Q\(d.calendarQuarter)")
                    s.lineBreak()
                    // The year over its quarters still on the chart.
                    if isYear || q == 0 {
                        let left = (4 - (d.month - 1) / 3)
                        let shown = min(left, quarters - q)
                        if shown >= 2 {
                            s.element("text", ["x": f(gx + Double(shown) * quarterWidth / 2), "y": f(top - 42 * k), "font-size": px(style.yearSize),
                                               "font-weight": "bold", "text-anchor": "middle", "fill": "#344054"], text: String(d.year))
                            s.lineBreak()
                        }
                    }
                }
            }
            for (n, e) in rows.enumerated() {
                let y = top + Double(n) * rowHeight
                if n % 2 == 1 {
                    s.empty("rect", ["x": "0", "y": f(y), "width": f(labelWidth - 6), "height": f(rowHeight), "fill": "#f9fafb"])
                    s.lineBreak()
                }
                let tooltip = "\(e.initiative.name) (\(e.recommendation.rawValue))"
                if let limit = style.wrapNamesAt {
                    // Two lines at most, centred on the row; a name longer still ends in "…" (the tooltip has it whole).
                    var lines = OverlapPictures.wrap(e.initiative.name, limit)
                    if lines.count > 2 { lines = [lines[0], String(lines[1...].joined(separator: " ").prefix(limit - 1)) + "…"] }
                    let step = style.nameSize * 1.1
                    let baseline = y + rowHeight / 2 + style.nameSize * 0.35 - Double(lines.count - 1) * step / 2
                    s.element("text", ["x": "16", "y": f(baseline), "font-size": px(style.nameSize), "fill": "#1d2939"]) { t in
                        t.element("title", text: tooltip)
                        for (i, line) in lines.enumerated() {
                            if i == 0 { t.text(line) } else { t.element("tspan", ["x": "16", "dy": f(step)], text: line) }
                        }
                    }
                } else {
                    let name = e.initiative.name.count > 52 ? String(e.initiative.name.prefix(50)) + "…" : e.initiative.name
                    s.element("text", ["x": "16", "y": f(y + 15), "font-size": px(style.nameSize), "fill": "#1d2939"]) { t in
                        t.element("title", text: tooltip)
                        t.text(name)
                    }
                }
                s.lineBreak()
                // Only the lines that reach the chart share the row.
                let lines = e.initiative.funding.enumerated().filter { _, line in
                    (line.end.map { $0 >= first } ?? true) && (line.start ?? e.initiative.start ?? first) <= last
                }
                let barHeight = lines.count > 1 ? (rowHeight - 8 * k) / Double(lines.count) - 1 : 12.0 * k
                for (slot, (index, line)) in lines.enumerated() {
                    let start = line.start ?? e.initiative.start ?? first
                    let x0 = x(start), x1 = line.end.map { x($0.adding(days: 1)) } ?? (labelWidth + chartWidth)
                    let by = lines.count > 1 ? y + 4 * k + Double(slot) * (barHeight + 1) : y + (rowHeight - barHeight) / 2
                    let amount = line.per == .year ? "\(c.money(line.amount)) a year" : "\(c.money(line.amount)) in total"
                    let tip = "\(line.source): \(amount), \(line.start?.iso ?? "?") to \(line.end?.iso ?? "open-ended")"
                    s.element("rect", ["x": f(x0), "y": f(by), "width": f(max(x1 - x0, 2)), "height": f(barHeight), "rx": "2",
                                       "fill": kinds[line.kind] ?? "#667085", "opacity": line.end == nil ? "0.55" : "0.9"]) {
                        $0.element("title", text: tip)
                    }
                    s.lineBreak()
                    if line.end == nil {
                        s.element("text", ["x": f(labelWidth + chartWidth + 4), "y": f(by + 9 * k), "font-size": px(11 * k), "fill": "#475467"], text: "→")
                        s.lineBreak()
                    }
                    if e.flags.contains(where: { $0.rule == .fundingCliff && $0.fundingLine == index }), line.end != nil {
                        let cy = by + barHeight / 2, d = 7 * k
                        s.element("path", ["d": "M \(f(x1)) \(f(cy - d)) L \(f(x1 + d)) \(f(cy)) L \(f(x1)) \(f(cy + d)) L \(f(x1 - d)) \(f(cy)) Z",
                                           "fill": "#d92d20", "stroke": "#ffffff", "stroke-width": "1.5"]) {
                            $0.element("title", text: "Funding cliff: \(tip)")
                        }
                        s.lineBreak()
                    }
                }
            }
            // Today.
            let tx = x(r.asOf)
            s.empty("line", ["x1": f(tx), "y1": f(top - 20), "x2": f(tx), "y2": f(bottom + 6), "stroke": "#d92d20", "stroke-width": "2", "stroke-dasharray": "5 3"])
            s.lineBreak()
            s.element("text", ["x": f(tx), "y": f(bottom + 20 * k), "font-size": px(style.legendSize), "font-weight": "bold", "text-anchor": "middle",
                               "fill": "#d92d20"], text: "as of \(r.asOf.iso)")
            s.lineBreak()
            // Legend.
            let size = style.legendSize
            var lx = 16.0
            let ly = style.heading ? bottom + 50 : height - size * 0.6
            // On a page, fixed steps; on a slide, each entry as wide as its words.
            func advance(_ label: String, _ fixed: Double) { lx += style.heading ? fixed : 24 * k + OverlapPictures.textWidth(label, size: size) + 20 * k }
            for (kind, label) in [(FundingKind.core, "core budget"), (.grant, "grant"), (.pooled, "pooled"), (.external, "external")] {
                s.empty("rect", ["x": f(lx), "y": f(ly - 10 * k), "width": px(18 * k), "height": px(10 * k), "rx": "2",
                                 "fill": kinds[kind] ?? "#667085"])
                s.element("text", ["x": f(lx + 24 * k), "y": f(ly), "font-size": px(size), "fill": "#344054"], text: label)
                s.lineBreak()
                advance(label, 120)
            }
            let d = 7 * k
            s.empty("path", ["d": "M \(f(lx + d)) \(f(ly - 12 * k)) L \(f(lx + 2 * d)) \(f(ly - 5 * k)) L \(f(lx + d)) \(f(ly + 2 * k)) L \(f(lx)) \(f(ly - 5 * k)) Z",
                             "fill": "#d92d20"])
            s.element("text", ["x": f(lx + 22 * k), "y": f(ly), "font-size": px(size), "fill": "#344054"], text: "funding cliff")
            s.lineBreak()
            advance("funding cliff", 120)
            let window = "cliff window (\(r.settings.fundingCliffMonths) months)"
            s.empty("rect", ["x": f(lx), "y": f(ly - 10 * k), "width": px(18 * k), "height": px(10 * k), "fill": "#fee4e2"])
            s.element("text", ["x": f(lx + 24 * k), "y": f(ly), "font-size": px(size), "fill": "#344054"], text: window)
            s.lineBreak()
            advance(window, 190)
            if style.heading {
                s.element("text", ["x": f(lx), "y": f(ly), "font-size": px(size), "fill": "#344054"], text: "→ no end date (faded bar)")
                s.lineBreak()
            }
        }
    }

    static func quarterStart(_ d: CalendarDate) -> CalendarDate {
        CalendarDate(year: d.year, month: (d.calendarQuarter - 1) * 3 + 1, day: 1) ?? d
    }
}
