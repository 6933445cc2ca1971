import Foundation

/// `register.xlsx`, written with `SpreadsheetWriter`: two sheets (Register, Summary), a bold header
/// row that stays in view and repeats on every printed page, an auto-filter on the register, dates
/// stored as date serials with a date format, money stored as numbers in the portfolio's currency.
/// Both sheets print on A4 landscape scaled to one page wide (in Excel and LibreOffice alike), with
/// rows tall enough for their wrapped text and the title and page numbers in the margins.
enum RegisterWorkbook {
    typealias Cell = SpreadsheetCell.Value

    /// The register's columns in sheet order. The first `printedColumns` are the printed register
    /// (its print area): what a reader needs on paper, the long reasons and basis wrapped, narrow
    /// enough to print one A4 landscape page wide at about 70 %. The rest (ids, kinds, dates, evidence,
    /// flags) are for sorting and filtering on screen; all 23 would print at 36 %.
    static let columns: [(title: String, column: Worksheet.Column)] = [
        ("Recommendation", .init(width: 15)), ("Into", .init(width: 18, wraps: true)), ("Initiative", .init(width: 24, wraps: true)),
        ("Department", .init(width: 14, wraps: true)), ("Funding a year", .init(width: 11)), ("Next funding end", .init(width: 11)),
        ("Review date", .init(width: 11)), ("Severity", .init(width: 9)), ("Reasons", .init(width: 50, wraps: true)), ("Basis", .init(width: 38, wraps: true)),
        ("ID", .init(width: 24)), ("Kind", .init(width: 9)), ("Status", .init(width: 10)), ("Owner", .init(width: 20, wraps: true)),
        ("Funding sources", .init(width: 20, wraps: true)), ("Start", .init(width: 11)), ("End", .init(width: 11)),
        ("Review owner", .init(width: 16, wraps: true)), ("Decision", .init(width: 10)), ("Decision date", .init(width: 11)),
        ("Evidence level", .init(width: 12)), ("Evidence result", .init(width: 10, wraps: true)), ("Flags", .init(width: 18, wraps: true)),
    ]
    static let printedColumns = 10

    static func render(_ c: RegisterContext) throws -> Data {
        let r = c.register
        var rows: [[Cell]] = [columns.map { .text($0.title) }]
        // Values read as words in a sheet ("Stop", "Live"); rule ids in Flags stay ids, as rules files spell them.
        func word(_ text: String?) -> Cell { .optional(text?.capitalisedFirst) }
        for e in r.entries {
            let i = e.initiative
            rows.append([.text(e.recommendation.title), .optional(e.into.map { c.name($0) }), .text(i.name), .optional(i.department),
                         .money(c.fundingAYear(e)), .optional(c.nextFundingEnd(e)), .optional(i.review?.date), word(e.worstSeverity?.rawValue),
                         .optional(e.flags.map { "[\($0.rule.rawValue)] \($0.reason.capitalisedFirst)" }.joined(separator: "\n")), .text(e.basis),
                         .text(i.id), word(i.kind.rawValue), word(i.status.rawValue), .optional(c.organisationName(i.owner)),
                         .optional(c.sources(e).joined(separator: "; ")), .optional(i.start), .optional(i.end), .optional(i.review?.owner),
                         word(i.decision?.value.rawValue), .optional(i.decision?.date), word(i.evidence?.level.rawValue),
                         word(i.evidence?.result?.rawValue), .optional(e.ruleIDs.joined(separator: ", "))])
        }
        let title = "Stop/start register: \(r.place)", asOf = "As of \(r.asOf.iso)"
        let register = Worksheet(name: "Register", rows: rows, columns: columns.map(\.column), autoFilter: true,
                                 print: .init(title: title, subtitle: asOf, columns: printedColumns))

        let s = c.figures
        var summary: [[Cell]] = [[.text("Stop/start register"), .text(r.place)],
                                 [.text("As of"), .date(r.asOf)],
                                 [.text("Currency"), .text(r.currency)],
                                 [.text("Initiatives in the register"), .number(Decimal(r.entries.count))],
                                 [.text("Ended or stopped (not listed)"), .number(Decimal(r.closedCount))],
                                 [],
                                 [.text("Recommendation"), .text("Initiatives")]]
        let recommendationHeading = summary.count - 1
        for rec in Recommendation.allCases { summary.append([.text(rec.title), .number(Decimal(s.counts[rec] ?? 0))]) }
        summary += [[],
                    [.text("Money freed by recommended stops, a year"), .money(s.moneyFreedByStops)],
                    [.text("Recommended start:stop ratio"), .text(s.startStopRatio)],
                    [.text("Errors"), .number(Decimal(s.errors))],
                    [.text("Warnings"), .number(Decimal(s.warnings))],
                    [.text("Overlap rules run"), .text(r.overlapRulesRun ? "Yes" : "No (no overlap analysis given)")],
                    [],
                    [.text("Funding ending in quarter"), .text("Quarter starts"), .text("Funding lines"), .text("A year"), .text("Initiatives")]]
        let subheadings: Set<Int> = [0, recommendationHeading, summary.count - 1]
        for q in s.fundingEnds {
            summary.append([.text(q.label), .optional(q.firstDay), .number(Decimal(q.lines)), .money(q.annualAmount),
                            .optional(q.initiatives.map { c.name($0) }.joined(separator: "; "))])
        }
        var summarySheet = Worksheet(name: "Summary", rows: summary,
                                     columns: [.init(width: 42), .init(width: 16), .init(width: 14), .init(width: 14), .init(width: 70, wraps: true)],
                                     boldRows: subheadings, titleRow: true, print: .init(title: title, subtitle: asOf))
        // The summary on one page, unless so many funding quarters would print it below 60 %.
        let summaryScale = min(summarySheet.scaleOnePageWide, summarySheet.scaleOnePageTall)
        summarySheet.print?.pagesTall = summaryScale >= 0.6 ? 1 : 0
        // Title and author for File › Info; no dates, so the same register gives the same bytes.
        return try SpreadsheetWriter.workbook([register, summarySheet], title: title, subject: "Recommendations as of \(r.asOf.iso)",
                                              currency: r.currency)
    }
}
