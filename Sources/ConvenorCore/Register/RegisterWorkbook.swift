import Foundation

/// `register.xlsx`: SpreadsheetML written part by part and zipped deterministically. Two sheets
/// (Register, Summary), a bold header row that stays in view, an auto-filter on the register, dates
/// stored as date serials with a date format, money stored as numbers with a £ format, inline strings.
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
        for e in r.entries {
            let i = e.initiative
            rows.append([.text(e.recommendation.rawValue), t(e.into.map { c.name($0) }), .text(i.name), .text(i.id), .text(i.kind.rawValue),
                         .text(i.status.rawValue), t(i.department), t(c.organisationName(i.owner)), t(c.sources(e).joined(separator: "; ")),
                         .money(c.fundingAYear(e)), d(c.nextFundingEnd(e)), d(i.start), d(i.end), d(i.review?.date), t(i.review?.owner),
                         t(i.decision?.value.rawValue), d(i.decision?.date), t(i.evidence?.level.rawValue), t(i.evidence?.result?.rawValue),
                         t(e.worstSeverity?.rawValue), t(e.ruleIDs.joined(separator: ", ")),
                         t(e.flags.map { "[\($0.rule.rawValue)] \($0.reason)" }.joined(separator: "\n")), .text(e.basis)])
        }
        let widths: [Double] = [17, 28, 42, 28, 11, 13, 18, 28, 32, 15, 16, 12, 12, 13, 30, 11, 13, 14, 15, 10, 34, 80, 60]
        let registerSheet = sheet(rows, widths: widths, autoFilter: true, wrapColumns: [22, 23])

        let s = c.figures
        var summary: [[Cell]] = [[.text("Stop/start register"), .text(r.place)],
                                 [.text("As of"), .date(r.asOf)],
                                 [.text("Initiatives in the register"), .number(Decimal(r.entries.count))],
                                 [.text("Ended or stopped (not listed)"), .number(Decimal(r.closedCount))],
                                 [],
                                 [.text("Recommendation"), .text("Initiatives")]]
        for rec in Recommendation.allCases { summary.append([.text(rec.rawValue), .number(Decimal(s.counts[rec] ?? 0))]) }
        summary += [[],
                    [.text("Money freed by recommended stops, a year"), .money(s.moneyFreedByStops)],
                    [.text("Recommended start:stop ratio"), .text(s.startStopRatio)],
                    [.text("Errors"), .number(Decimal(s.errors))],
                    [.text("Warnings"), .number(Decimal(s.warnings))],
                    [.text("Overlap rules run"), .text(r.overlapRulesRun ? "yes" : "no (no overlap analysis given)")],
                    [],
                    [.text("Funding ending in quarter"), .text("Quarter starts"), .text("Funding lines"), .text("A year"), .text("Initiatives")]]
        let subheadings: Set<Int> = [0, 5, summary.count - 1]
        for q in s.fundingEnds {
            summary.append([.text(q.label), d(q.firstDay), .number(Decimal(q.lines)), .money(q.annualAmount),
                            .text(q.initiatives.map { c.name($0) }.joined(separator: "; "))])
        }
        let summarySheet = sheet(summary, widths: [42, 16, 14, 14, 90], autoFilter: false, wrapColumns: [], boldRows: subheadings, selected: false)

        // Content types and relationships are derived by the package; workbook.xml names the sheets
        // rId1 and rId2, the order they are related in here.
        var package = OOXMLPackage()
        let book = "xl/workbook.xml", sml = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        package.relate(nil, to: book, type: OfficeXML.officeDocumentType)
        OfficeXML.addProperties(to: &package, title: nil)
        package.add(book, contentType: "\(sml).sheet.main+xml", contents: Data(workbook(registerRows: rows.count, columns: header.count).utf8))
        for (n, sheet) in [registerSheet, summarySheet].enumerated() {
            package.add("xl/worksheets/sheet\(n + 1).xml", contentType: "\(sml).worksheet+xml", contents: Data(sheet.utf8))
            package.relate(book, to: "xl/worksheets/sheet\(n + 1).xml", type: OfficeXML.rel("worksheet"))
        }
        package.add("xl/styles.xml", contentType: "\(sml).styles+xml", contents: Data(styles.utf8))
        package.relate(book, to: "xl/styles.xml", type: OfficeXML.rel("styles"))
        return try package.archive()
    }

    /// A1-style column letters: 1 → A, 27 → AA.
    static func column(_ n: Int) -> String {
        var n = n, s = ""
        while n > 0 {
            let r = (n - 1) % 26
            s = String(UnicodeScalar(UInt8(65 + r))) + s
            n = (n - 1) / 26
        }
        return s
    }

    /// Excel's serial day: days since 1899-12-30.
    static func serial(_ date: CalendarDate) -> Int { Int(date.daysSinceEpoch) + 25_569 }

    private static func sheet(_ rows: [[Cell]], widths: [Double], autoFilter: Bool, wrapColumns: Set<Int>,
                              boldRows: Set<Int> = [0], selected: Bool = true) -> String {
        let lastColumn = max(rows.map(\.count).max() ?? 1, 1)
        let ref = "A1:\(column(lastColumn))\(max(rows.count, 1))"
        var x = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        x += #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
        x += "<dimension ref=\"\(ref)\"/>"
        x += "<sheetViews><sheetView workbookViewId=\"0\"\(selected ? " tabSelected=\"1\"" : "")>"
        x += #"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>"#
        x += #"<sheetFormatPr defaultRowHeight="15"/><cols>"#
        for (n, w) in widths.enumerated() { x += "<col min=\"\(n + 1)\" max=\"\(n + 1)\" width=\"\(Format.plain(w, places: 1))\" customWidth=\"1\"/>" }
        x += "</cols><sheetData>"
        for (r, row) in rows.enumerated() {
            x += "<row r=\"\(r + 1)\">"
            for (col, cell) in row.enumerated() {
                let address = "\(column(col + 1))\(r + 1)"
                let bold = boldRows.contains(r)
                let textStyle = bold ? (r == 0 && !autoFilter ? Style.title : Style.header) : wrapColumns.contains(col + 1) ? .wrap : .normal
                switch cell {
                case .empty: continue
                case .text(let s):
                    x += "<c r=\"\(address)\" s=\"\(textStyle.rawValue)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(escape(s))</t></is></c>"
                case .number(let n):
                    x += "<c r=\"\(address)\"\(bold ? " s=\"\(Style.header.rawValue)\"" : "")><v>\(NSDecimalNumber(decimal: n).stringValue)</v></c>"
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
        x += #"<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>"#
        x += #"<pageSetup orientation="landscape" paperSize="9" fitToHeight="0"/>"#
        x += "</worksheet>\n"
        return x
    }

    private static func workbook(registerRows: Int, columns: Int) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView activeTab="0"/></bookViews><sheets><sheet name="Register" sheetId="1" r:id="rId1"/><sheet name="Summary" sheetId="2" r:id="rId2"/></sheets><definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">Register!$A$1:$\(column(columns))$\(max(registerRows, 1))</definedName><definedName name="_xlnm.Print_Titles" localSheetId="0">Register!$1:$1</definedName></definedNames></workbook>

        """
    }



    // cellXfs: 0 normal, 1 header (bold, shaded), 2 date, 3 money, 4 wrapped text, 5 title (bold, larger).
    private static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/><numFmt numFmtId="165" formatCode="&quot;£&quot;#,##0"/></numFmts><fonts count="3"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="14"/><name val="Calibri"/><family val="2"/></font></fonts><fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFDCE6F1"/><bgColor indexed="64"/></patternFill></fill></fills><borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border><left/><right/><top/><bottom style="thin"><color rgb="FF1F3864"/></bottom><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf><xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>

        """
}
