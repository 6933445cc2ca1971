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
        var files = [
            RenderedFile(path: "[Content_Types].xml", text: contentTypes(sheets.count)),
            RenderedFile(path: "_rels/.rels", text: rootRels),
            RenderedFile(path: "docProps/app.xml", text: app),
            RenderedFile(path: "xl/workbook.xml", text: workbook(sheets.map(\.name))),
            RenderedFile(path: "xl/_rels/workbook.xml.rels", text: workbookRels(sheets.count)),
            RenderedFile(path: "xl/styles.xml", text: styles),
        ]
        for (n, sheet) in sheets.enumerated() {
            files.append(RenderedFile(path: "xl/worksheets/sheet\(n + 1).xml", text: worksheet(header: sheet.header, rows: sheet.rows, selected: n == 0)))
        }
        return try ZipPackage.archive(files)
    }

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

    private static func worksheet(header: [String], rows: [[String]], selected: Bool) -> String {
        var x = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        x += #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
        x += "<dimension ref=\"A1:\(XLSXWorkbook.columnLetters(max(header.count, 1)))\(rows.count + 1)\"/>"
        x += "<sheetViews><sheetView workbookViewId=\"0\"\(selected ? " tabSelected=\"1\"" : "")>"
        x += #"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>"#
        x += #"<sheetFormatPr defaultRowHeight="15"/><sheetData>"#
        x += "<row r=\"1\">"
        for (c, name) in header.enumerated() {
            x += "<c r=\"\(XLSXWorkbook.columnLetters(c + 1))1\" s=\"1\" t=\"inlineStr\"><is><t>\(escape(name))</t></is></c>"
        }
        x += "</row>"
        for (r, row) in rows.enumerated() {
            x += "<row r=\"\(r + 2)\">"
            for (c, value) in row.enumerated() where !value.isEmpty {
                let address = "\(XLSXWorkbook.columnLetters(c + 1))\(r + 2)"
                let column = c < header.count ? header[c] : ""
                if dateColumns.contains(column), let date = CalendarDate(iso: value) {
                    x += "<c r=\"\(address)\" s=\"2\"><v>\(RegisterWorkbook.serial(date))</v></c>"
                } else if numberColumns.contains(column), RecordDecoder.parseDecimal(value) != nil {
                    x += "<c r=\"\(address)\"><v>\(value)</v></c>"
                } else if column == "assessed", value == "true" || value == "false" {
                    x += "<c r=\"\(address)\" t=\"b\"><v>\(value == "true" ? 1 : 0)</v></c>"
                } else {
                    x += "<c r=\"\(address)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(escape(value))</t></is></c>"
                }
            }
            x += "</row>"
        }
        x += "</sheetData></worksheet>\n"
        return x
    }

    private static func workbook(_ names: [String]) -> String {
        var x = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        x += #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView activeTab="0"/></bookViews><sheets>"#
        for (n, name) in names.enumerated() { x += "<sheet name=\"\(escape(name, attribute: true))\" sheetId=\"\(n + 1)\" r:id=\"rId\(n + 1)\"/>" }
        x += "</sheets></workbook>\n"
        return x
    }

    private static func contentTypes(_ count: Int) -> String {
        var x = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        x += #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
        for n in 1...max(count, 1) {
            x += "<Override PartName=\"/xl/worksheets/sheet\(n).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        x += #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"#
        return x + "\n"
    }

    private static func workbookRels(_ count: Int) -> String {
        var x = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        x += #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        for n in 1...max(count, 1) {
            x += "<Relationship Id=\"rId\(n)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\(n).xml\"/>"
        }
        x += "<Relationship Id=\"rId\(count + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/></Relationships>\n"
        return x
    }

    private static let rootRels = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>

        """

    private static let app = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Convenor</Application></Properties>

        """

    // cellXfs: 0 normal, 1 header (bold), 2 date (yyyy-mm-dd).
    private static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>

        """
}
