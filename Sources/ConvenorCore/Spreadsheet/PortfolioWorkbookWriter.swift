import Foundation

/// Writes a portfolio as an `.xlsx` workbook with a sheet per table (issue 14), the form
/// `WorkbookPortfolioReader` reads: `convert -o portfolio.xlsx`.
///
/// Dates are date serials shown as `yyyy-mm-dd` (Excel sorts and filters them as dates; ISO stays
/// the written form), counts and money are numbers, `assessed` is a boolean, the rest inline strings.
/// Entries have a fixed order and timestamp, so the same portfolio always gives the same bytes.
public enum PortfolioWorkbookWriter {
    static let dateColumns: Set<String> = ["as-of", "start", "end", "evidence-date", "review-date", "decision-date", "date"]
    static let numberColumns: Set<String> = ["population", "imd-decile", "fte", "amount", "assessment-unit-cost", "caseload-households"]

    public static func render(_ p: Portfolio) throws -> Data {
        var sheets: [(name: String, header: [String], rows: [[String]])] = CSVPortfolioWriter.tables(p).map { ($0.0.sheet, $0.0.all, $0.1) }
        if !p.contacts.isEmpty {
            let c = p.contacts
            sheets.append((CSVLayout.contacts.sheet, CSVLayout.contacts.all, (0..<c.count).map { n in
                [c.householdIDs[Int(c.household[n])], c.initiativeIDs[Int(c.initiative[n])], c.date(at: n)?.iso ?? "", c.assessed[n] ? "true" : "false"]
            }))
        }
        // Content types and relationships are derived by the package; sheets are rId1… in order.
        var package = OOXMLPackage()
        let book = "xl/workbook.xml"
        package.relate(nil, to: book, type: OfficeXML.officeDocumentType)
        OfficeXML.addProperties(to: &package, title: nil)
        for (n, sheet) in sheets.enumerated() {
            let path = "xl/worksheets/sheet\(n + 1).xml"
            package.add(path, contentType: "\(sml).worksheet+xml", xml: worksheet(header: sheet.header, rows: sheet.rows, selected: n == 0))
            package.relate(book, to: path, type: OfficeXML.rel("worksheet"))
        }
        package.add("xl/styles.xml", contentType: "\(sml).styles+xml", xml: styles)
        package.relate(book, to: "xl/styles.xml", type: OfficeXML.rel("styles"))
        package.add(book, contentType: "\(sml).sheet.main+xml", xml: workbook(sheets.map(\.name)))
        return try package.archive()
    }

    static let sml = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// The workbook of a portfolio given as CSV files (`init --workbook`): read like any CSV folder.
    public static func render(fromCSVFiles files: [RenderedFile]) throws -> Data {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("convenor-tables-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        do {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            for file in files { try file.contents.write(to: scratch.appendingPathComponent(file.path)) }
        } catch {
            throw FileError(path: scratch.path, reason: IOFailure.reason("cannot write a scratch copy of the tables", error))
        }
        return try render(PortfolioLoader.load(scratch.path).portfolio)
    }

    private static func worksheet(header: [String], rows: [[String]], selected: Bool) -> XMLWriter {
        var x = XMLWriter()
        x.open("worksheet", ["xmlns": main, "xmlns:r": relationships])
        x.empty("dimension", ["ref": "A1:\(XLSXWorkbook.columnLetters(max(header.count, 1)))\(rows.count + 1)"])
        x.element("sheetViews") { v in
            v.element("sheetView", ["workbookViewId": "0", "tabSelected": selected ? "1" : nil]) { s in
                s.empty("pane", ["ySplit": "1", "topLeftCell": "A2", "activePane": "bottomLeft", "state": "frozen"])
                s.empty("selection", ["pane": "bottomLeft", "activeCell": "A2", "sqref": "A2"])
            }
        }
        x.empty("sheetFormatPr", ["defaultRowHeight": "15"])
        x.open("sheetData")
        x.element("row", ["r": "1"]) { r in
            for (c, name) in header.enumerated() {
                r.element("c", ["r": "\(XLSXWorkbook.columnLetters(c + 1))1", "s": "1", "t": "inlineStr"]) { $0.element("is") { $0.element("t", text: name) } }
            }
        }
        for (r, row) in rows.enumerated() {
            x.open("row", ["r": String(r + 2)])
            for (c, value) in row.enumerated() where !value.isEmpty {
                let address = "\(XLSXWorkbook.columnLetters(c + 1))\(r + 2)"
                let column = c < header.count ? header[c] : ""
                if dateColumns.contains(column), let date = CalendarDate(iso: value) {
                    x.element("c", ["r": address, "s": "2"]) { $0.element("v", text: String(RegisterWorkbook.serial(date))) }
                } else if numberColumns.contains(column), RecordDecoder.parseDecimal(value) != nil {
                    x.element("c", ["r": address]) { $0.element("v", text: value) }
                } else if column == "assessed", value == "true" || value == "false" {
                    x.element("c", ["r": address, "t": "b"]) { $0.element("v", text: value == "true" ? "1" : "0") }
                } else {
                    x.element("c", ["r": address, "t": "inlineStr"]) { $0.element("is") { $0.element("t", ["xml:space": "preserve"], text: value) } }
                }
            }
            x.close()
        }
        x.close()
        x.close()
        return x
    }

    private static func workbook(_ names: [String]) -> XMLWriter {
        var x = XMLWriter()
        x.element("workbook", ["xmlns": main, "xmlns:r": relationships]) { w in
            w.element("bookViews") { $0.empty("workbookView", ["activeTab": "0"]) }
            w.element("sheets") { s in
                for (n, name) in names.enumerated() { s.empty("sheet", ["name": name, "sheetId": String(n + 1), "r:id": "rId\(n + 1)"]) }
            }
        }
        return x
    }

    // cellXfs: 0 normal, 1 header (bold), 2 date (yyyy-mm-dd).
    private static var styles: XMLWriter {
        var x = XMLWriter()
        x.element("styleSheet", ["xmlns": main]) { s in
            s.element("numFmts", ["count": "1"]) { $0.empty("numFmt", ["numFmtId": "164", "formatCode": "yyyy\\-mm\\-dd"]) }
            s.element("fonts", ["count": "2"]) { f in
                for bold in [false, true] {
                    f.element("font") { font in
                        if bold { font.empty("b") }
                        font.empty("sz", ["val": "11"])
                        font.empty("name", ["val": "Calibri"])
                        font.empty("family", ["val": "2"])
                    }
                }
            }
            s.element("fills", ["count": "2"]) { f in
                for pattern in ["none", "gray125"] { f.element("fill") { $0.empty("patternFill", ["patternType": pattern]) } }
            }
            s.element("borders", ["count": "1"]) { b in
                b.element("border") { for side in ["left", "right", "top", "bottom", "diagonal"] { $0.empty(side) } }
            }
            s.element("cellStyleXfs", ["count": "1"]) { $0.empty("xf", ["numFmtId": "0", "fontId": "0", "fillId": "0", "borderId": "0"]) }
            s.element("cellXfs", ["count": "3"]) { c in
                c.empty("xf", ["numFmtId": "0", "fontId": "0", "fillId": "0", "borderId": "0", "xfId": "0"])
                c.empty("xf", ["numFmtId": "0", "fontId": "1", "fillId": "0", "borderId": "0", "xfId": "0", "applyFont": "1"])
                c.empty("xf", ["numFmtId": "164", "fontId": "0", "fillId": "0", "borderId": "0", "xfId": "0", "applyNumberFormat": "1"])
            }
            s.element("cellStyles", ["count": "1"]) { $0.empty("cellStyle", ["name": "Normal", "xfId": "0", "builtinId": "0"]) }
        }
        return x
    }
}
