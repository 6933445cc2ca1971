import Foundation

/// `register.xlsx`: SpreadsheetML written part by part and zipped deterministically. Two sheets
/// (Register, Summary), a bold header row that stays in view and repeats on every printed page, an
/// auto-filter on the register, dates stored as date serials with a date format, money stored as
/// numbers in the portfolio's currency, inline strings. Both sheets print on A4 landscape scaled to
/// one page wide (in Excel and LibreOffice alike), with rows tall enough for their wrapped text.
enum RegisterWorkbook {
    enum Cell {
        case text(String)
        case number(Decimal)
        case money(Decimal)
        case date(CalendarDate)
        case empty
    }

    /// Style indexes into styles.xml's cellXfs.
    private enum Style: Int { case normal = 0, header = 1, date = 2, money = 3, wrap = 4, title = 5 }

    static func render(_ c: RegisterContext) throws -> Data {
        let r = c.register
        let header = ["Recommendation", "Into", "Initiative", "ID", "Kind", "Status", "Department", "Owner", "Funding sources",
                      "Funding a year", "Next funding end", "Start", "End", "Review date", "Review owner", "Decision",
                      "Decision date", "Evidence level", "Evidence result", "Severity", "Flags", "Reasons", "Basis"]
        var rows: [[Cell]] = [header.map { .text($0) }]
        func d(_ date: CalendarDate?) -> Cell { date.map { .date($0) } ?? .empty }
        func t(_ text: String?) -> Cell { text.map { $0.isEmpty ? .empty : .text($0) } ?? .empty }
        // Values read as words in a sheet ("Stop", "Live"); rule ids in Flags stay ids, as rules files spell them.
        func word(_ text: String?) -> Cell { t(text?.capitalisedFirst) }
        for e in r.entries {
            let i = e.initiative
            rows.append([.text(e.recommendation.title), t(e.into.map { c.name($0) }), .text(i.name), .text(i.id), word(i.kind.rawValue),
                         word(i.status.rawValue), t(i.department), t(c.organisationName(i.owner)), t(c.sources(e).joined(separator: "; ")),
                         .money(c.fundingAYear(e)), d(c.nextFundingEnd(e)), d(i.start), d(i.end), d(i.review?.date), t(i.review?.owner),
                         word(i.decision?.value.rawValue), d(i.decision?.date), word(i.evidence?.level.rawValue), word(i.evidence?.result?.rawValue),
                         word(e.worstSeverity?.rawValue), t(e.ruleIDs.joined(separator: ", ")),
                         t(e.flags.map { "[\($0.rule.rawValue)] \($0.reason.capitalisedFirst)" }.joined(separator: "\n")), .text(e.basis)])
        }
        // Narrow columns that wrap, so the sheet scales to one A4 landscape page wide as large as it can.
        let widths: [Double] = [15, 20, 26, 22, 9, 13, 16, 20, 20, 11, 11, 11, 11, 11, 16, 10, 11, 12, 10, 9, 18, 55, 45]
        let registerSheet = sheet(rows, widths: widths, autoFilter: true, wrapColumns: [2, 3, 4, 7, 8, 9, 15, 18, 21, 22, 23],
                                  footer: "Stop/start register: \(r.place), as of \(r.asOf.iso)")

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
            summary.append([.text(q.label), d(q.firstDay), .number(Decimal(q.lines)), .money(q.annualAmount),
                            .text(q.initiatives.map { c.name($0) }.joined(separator: "; "))])
        }
        let summarySheet = sheet(summary, widths: [42, 16, 14, 14, 70], autoFilter: false, wrapColumns: [5], boldRows: subheadings,
                                 selected: false, footer: "Stop/start register: \(r.place), summary")

        // Content types and relationships are derived by the package; workbook.xml names the sheets
        // rId1 and rId2, the order they are related in here.
        var package = OOXMLPackage()
        let book = "xl/workbook.xml", sml = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        package.relate(nil, to: book, type: OfficeXML.officeDocumentType)
        // Title and author for File › Info; no dates, so the same register gives the same bytes.
        OfficeXML.addProperties(to: &package, title: "Stop/start register: \(r.place)", subject: "Recommendations as of \(r.asOf.iso)")
        package.add(book, contentType: "\(sml).sheet.main+xml", contents: Data(workbook(registerRows: rows.count, columns: header.count).utf8))
        for (n, sheet) in [registerSheet, summarySheet].enumerated() {
            package.add("xl/worksheets/sheet\(n + 1).xml", contentType: "\(sml).worksheet+xml", contents: Data(sheet.utf8))
            package.relate(book, to: "xl/worksheets/sheet\(n + 1).xml", type: OfficeXML.rel("worksheet"))
        }
        package.add("xl/styles.xml", contentType: "\(sml).styles+xml", contents: Data(styles(currency: r.currency).utf8))
        package.relate(book, to: "xl/styles.xml", type: OfficeXML.rel("styles"))
        return try package.archive()
    }

    /// A1-style column letters: 1 → A, 27 → AA.
    static func column(_ n: Int) -> String { XLSXWorkbook.columnLetters(n) }

    /// Excel's serial day: days since 1899-12-30.
    static func serial(_ date: CalendarDate) -> Int { Int(date.daysSinceEpoch) + 25_569 }

    /// Points a line of 11 pt Calibri takes in a row.
    static let lineHeight = 15.0

    /// How many lines `text` takes when wrapped in a column `width` characters wide (Excel's unit:
    /// the width of "0"). Words are laid greedily, as Excel and LibreOffice do; a word longer than a
    /// line breaks across lines. Prose in Calibri averages about 1.3 characters to the width of "0";
    /// a line is taken to hold 1.15 (bold: 1.05), so capitals and wide words leave rows a little tall
    /// rather than clipped.
    static func lineCount(_ text: String, width: Double, bold: Bool = false) -> Int {
        let capacity = max(1, Int((width - 1) * (bold ? 1.05 : 1.15)))
        var lines = 0
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var used = 0
            lines += 1
            for word in paragraph.split(separator: " ") {
                let length = word.count
                if used > 0 && used + 1 + length <= capacity { used += 1 + length; continue }
                if used > 0 { lines += 1 }
                lines += (length - 1) / capacity
                used = (length - 1) % capacity + 1
            }
        }
        return max(lines, 1)
    }

    /// A row's height in points: its tallest wrapped cell, nil when one line is enough.
    static func rowHeight(_ row: [Cell], widths: [Double], wrapColumns: Set<Int>, bold: Bool) -> Double? {
        var lines = 1
        for (col, cell) in row.enumerated() where wrapColumns.contains(col + 1) || bold {
            guard case .text(let s) = cell, col < widths.count else { continue }
            lines = max(lines, lineCount(s, width: widths[col], bold: bold))
        }
        return lines > 1 ? Double(lines) * lineHeight + 3 : nil
    }

    /// Text for a header or footer: `&` starts a code there, so a literal one is doubled.
    static func headerFooterText(_ s: String) -> String { s.replacingOccurrences(of: "&", with: "&&") }

    private static func sheet(_ rows: [[Cell]], widths: [Double], autoFilter: Bool, wrapColumns: Set<Int>,
                              boldRows: Set<Int> = [0], selected: Bool = true, footer: String) -> String {
        let lastColumn = max(rows.map(\.count).max() ?? 1, 1)
        let ref = "A1:\(column(lastColumn))\(max(rows.count, 1))"
        var x = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        x += #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
        // fitToPage here is what makes pageSetup's fitToWidth/fitToHeight apply (without it both apps print at 100 %).
        x += #"<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>"#
        x += "<dimension ref=\"\(ref)\"/>"
        x += "<sheetViews><sheetView workbookViewId=\"0\"\(selected ? " tabSelected=\"1\"" : "")>"
        x += #"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>"#
        x += #"<sheetFormatPr defaultRowHeight="15"/><cols>"#
        for (n, w) in widths.enumerated() { x += "<col min=\"\(n + 1)\" max=\"\(n + 1)\" width=\"\(Format.plain(w, places: 1))\" customWidth=\"1\"/>" }
        x += "</cols><sheetData>"
        for (r, row) in rows.enumerated() {
            let bold = boldRows.contains(r)
            let isTitle = bold && r == 0 && !autoFilter
            // The register's header row wraps ("Next funding end" over two lines); the summary's title does not.
            if let height = rowHeight(row, widths: widths, wrapColumns: wrapColumns, bold: bold && !isTitle) {
                x += "<row r=\"\(r + 1)\" ht=\"\(Format.plain(height, places: 1))\" customHeight=\"1\">"
            } else {
                x += "<row r=\"\(r + 1)\">"
            }
            for (col, cell) in row.enumerated() {
                let address = "\(column(col + 1))\(r + 1)"
                let textStyle = bold ? (isTitle ? Style.title : Style.header) : wrapColumns.contains(col + 1) ? .wrap : .normal
                switch cell {
                case .empty: continue
                case .text(let s):
                    x += "<c r=\"\(address)\" s=\"\(textStyle.rawValue)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(escape(s))</t></is></c>"
                case .number(let n):
                    // Style given even when normal: LibreOffice reads a cell without one as the default style, not cellXfs 0.
                    x += "<c r=\"\(address)\" s=\"\((bold ? Style.header : Style.normal).rawValue)\"><v>\(NSDecimalNumber(decimal: n).stringValue)</v></c>"
                case .money(let n):
                    x += "<c r=\"\(address)\" s=\"\(Style.money.rawValue)\"><v>\(RegisterRenderer.plainMoney(n))</v></c>"
                case .date(let date):
                    x += "<c r=\"\(address)\" s=\"\(Style.date.rawValue)\"><v>\(serial(date))</v></c>"
                }
            }
            x += "</row>"
        }
        x += "</sheetData>"
        if autoFilter { x += "<autoFilter ref=\"\(ref)\"/>" }
        x += #"<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>"#
        // A4 (paperSize 9) landscape, one page wide and as many pages tall as it takes (fitToHeight 0).
        x += #"<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>"#
        x += "<headerFooter><oddFooter>\(escape("&L" + headerFooterText(footer) + "&RPage &P of &N"))</oddFooter></headerFooter>"
        x += "</worksheet>\n"
        return x
    }

    private static func workbook(registerRows: Int, columns: Int) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView activeTab="0"/></bookViews><sheets><sheet name="Register" sheetId="1" r:id="rId1"/><sheet name="Summary" sheetId="2" r:id="rId2"/></sheets><definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">Register!$A$1:$\(column(columns))$\(max(registerRows, 1))</definedName><definedName name="_xlnm.Print_Titles" localSheetId="0">Register!$1:$1</definedName></definedNames></workbook>

        """
    }


    /// The number format of money cells: whole units with the currency's sign, as `Format.money` writes
    /// them ("£412,000", "€412,000", "$412,000", "CHF 412,000"), escaped for the format code and XML.
    static func moneyFormat(_ currency: String) -> String {
        switch currency {
        case "GBP": return ##""£"#,##0;-"£"#,##0"##
        case "EUR": return ##""€"#,##0;-"€"#,##0"##
        case "USD": return ##""$"#,##0;-"$"#,##0"##
        default:
            let code = String(currency.unicodeScalars.filter { CharacterSet.letters.contains($0) }.prefix(3).map(Character.init))
            return "\"\(code) \"#,##0;-\"\(code) \"#,##0"
        }
    }

    // cellXfs (all top-aligned, so a tall row reads from its top line): 0 normal, 1 header (bold, shaded, wrapped), 2 date, 3 money, 4 wrapped text, 5 title (bold, larger).
    private static func styles(currency: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/><numFmt numFmtId="165" formatCode="\(escape(moneyFormat(currency), attribute: true))"/></numFmts><fonts count="3"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="14"/><name val="Calibri"/><family val="2"/></font></fonts><fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFDCE6F1"/><bgColor indexed="64"/></patternFill></fill></fills><borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border><left/><right/><top/><bottom style="thin"><color rgb="FF1F3864"/></bottom><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top"/></xf><xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="top"/></xf><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="top"/></xf><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf><xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>

        """
    }
}
