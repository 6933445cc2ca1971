import Foundation
import Testing
import ConvenorTestSupport
@testable import ConvenorCore

/// Portfolios kept in Excel: the `.xlsx` workbook itself (issue 14).
@Suite("Workbook intake")
struct WorkbookTests {
    static let fixtures = TestSupport.root.appendingPathComponent("Tests/Fixtures/workbooks")

    /// The example CSV folder without contacts.csv (the LibreOffice fixture leaves it out).
    static func exampleWithoutContacts() throws -> URL {
        let dir = try TestSupport.temporaryDirectory()
        let source = URL(fileURLWithPath: TestSupport.northbridgeCSV)
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) where name.hasSuffix(".csv") && name != "contacts.csv" {
            try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        return dir
    }

    static func registerText(_ p: Portfolio) -> String {
        let register = RegisterEngine(overlap: RegisterOverlapFacts(OverlapAnalysis.run(p))).run(p, asOf: p.place.asOf!)
        return register.entries.map { "\($0.initiative.id) \($0.recommendation.rawValue) \($0.into ?? "") \($0.flags.map(\.rule.rawValue))" }.joined(separator: "\n")
    }

    @Test("the example saved by LibreOffice Calc as one workbook gives the same portfolio and register as the CSV folder")
    func libreOfficeWorkbook() throws {
        let book = Self.fixtures.appendingPathComponent("northbridge-libreoffice.xlsx").path
        let result = try PortfolioLoader.read(book)
        #expect(result.diagnostics.map(\.description) == [])
        // The CSV folder the workbook was saved from (the example as it was then, without contacts).
        let folder = Self.fixtures.appendingPathComponent("northbridge-libreoffice-source")
        let clean = try PortfolioLoader.load(folder.path).portfolio
        let read = try #require(result.loaded?.portfolio)
        #expect(read == clean)
        #expect(Self.registerText(read) == Self.registerText(clean))
    }

    @Test("convert writes a workbook that reads back to the same portfolio, contacts included, byte for byte the same each time")
    func convenorWorkbookRoundTrip() throws {
        let original = try PortfolioLoader.load(TestSupport.northbridgeXML).portfolio
        let data = try PortfolioWorkbookWriter.render(original)
        #expect(try PortfolioWorkbookWriter.render(original) == data)
        let dir = try TestSupport.temporaryDirectory()
        let path = dir.appendingPathComponent("portfolio.xlsx")
        try data.write(to: path)
        let result = try PortfolioLoader.read(path.path)
        #expect(result.diagnostics.isEmpty)
        #expect(result.loaded?.portfolio == original)
    }

    @Test("the committed Convenor workbook is what the writer makes today, and reads back")
    func convenorFixture() throws {
        let fixture = Self.fixtures.appendingPathComponent("small-convenor.xlsx")
        let loaded = try PortfolioLoader.load(fixture.path)
        #expect(loaded.portfolio.place.name == "Calderbrook")
        #expect(loaded.portfolio.initiatives.count == 2)
        #expect(try PortfolioWorkbookWriter.render(loaded.portfolio) == Data(contentsOf: fixture))
    }

    // MARK: Hand-made workbooks, as Excel writes them

    /// A workbook from sheet XML bodies (the <sheetData> rows), with shared strings and a styles part
    /// whose cell styles are: 0 General, 1 built-in 14 (d/m/yyyy), 2 custom dd/mm/yyyy, 3 time (h:mm).
    static func workbook(_ sheets: [(String, String)], strings: [String] = [], date1904: Bool = false) throws -> String {
        var files: [RenderedFile] = []
        files.append(RenderedFile(path: "_rels/.rels", text: #"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#))
        var workbook = #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
        workbook += date1904 ? #"<workbookPr date1904="1"/>"# : "<workbookPr/>"
        workbook += "<sheets>"
        var rels = #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        for (n, sheet) in sheets.enumerated() {
            workbook += "<sheet name=\"\(sheet.0)\" sheetId=\"\(n + 1)\" r:id=\"rId\(n + 1)\"/>"
            rels += "<Relationship Id=\"rId\(n + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"/xl/worksheets/s\(n + 1).xml\"/>"
            files.append(RenderedFile(path: "xl/worksheets/s\(n + 1).xml", text: #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"# + sheet.1 + "</sheetData></worksheet>"))
        }
        files.append(RenderedFile(path: "xl/workbook.xml", text: workbook + "</sheets></workbook>"))
        files.append(RenderedFile(path: "xl/_rels/workbook.xml.rels", text: rels + "</Relationships>"))
        files.append(RenderedFile(path: "xl/sharedStrings.xml", text: #"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"# + strings.map { "<si><t>\(escape($0))</t></si>" }.joined() + "</sst>"))
        files.append(RenderedFile(path: "xl/styles.xml", text: #"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="170" formatCode="dd/mm/yyyy;@"/></numFmts><cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="170"/><xf numFmtId="20"/></cellXfs></styleSheet>"#))
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("book.xlsx")
        try ZipPackage.archive(files).write(to: path)
        return path.path
    }

    static func text(_ ref: String, _ s: String) -> String { "<c r=\"\(ref)\" t=\"inlineStr\"><is><t>\(escape(s))</t></is></c>" }
    static let place = ("Place", "<row r=\"1\">\(text("A1", "name"))\(text("B1", "as-of"))</row><row r=\"2\">\(text("A2", "Testville"))<c r=\"B2\" s=\"1\"><v>46296</v></c></row>")

    @Test("cells as Excel stores them: shared and rich strings, numbers, date serials under built-in and custom formats, booleans, formulas")
    func cellKinds() throws {
        let initiatives = """
        <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>\(Self.text("C1", "kind"))\(Self.text("D1", "status"))\(Self.text("E1", "start"))\(Self.text("F1", "end"))\(Self.text("G1", "caseload-households"))\(Self.text("H1", "review-date"))\(Self.text("I1", "description"))</row>
        <row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3" t="inlineStr"><is><r><t>Warm </t></r><r><t xml:space="preserve">spaces </t></r><rPh><t>ignored</t></rPh></is></c>\(Self.text("C3", "pilot"))\(Self.text("D3", "live"))<c r="E3" s="2"><v>45383</v></c><c r="F3" s="1"><v>45747.75</v></c><c r="G3"><v>140</v></c>\(Self.text("H3", "31/03/2027"))<c r="I3" t="str"><f>A3&amp;"!"</f><v>warm-spaces!</v></c></row>
        <row r="4"><c r="C4"/></row>
        """
        let book = try Self.workbook([Self.place, ("initiatives", initiatives)], strings: ["id", "name", "warm-spaces"])
        let result = try PortfolioLoader.read(book)
        #expect(result.diagnostics.map(\.description) == [])
        let i = try #require(result.loaded?.portfolio.initiatives.first)
        #expect(result.loaded?.portfolio.place.asOf?.iso == "2026-10-01")
        #expect(i.id == "warm-spaces")
        #expect(i.name == "Warm spaces ")
        #expect(i.start?.iso == "2024-04-01")
        #expect(i.end?.iso == "2025-03-31")
        #expect(i.caseload == 140)
        #expect(i.review?.date.iso == "2027-03-31")
        #expect(i.description == "warm-spaces!")
    }

    @Test("problems point at the sheet, row and column, with the column letter")
    func sheetLocations() throws {
        let initiatives = """
        <row r="2">\(Self.text("A2", "id"))\(Self.text("B2", "name"))\(Self.text("C2", "kind"))\(Self.text("D2", "status"))\(Self.text("E2", "neighborhoods"))\(Self.text("F2", "start"))</row>
        <row r="5">\(Self.text("A5", "i1"))\(Self.text("B5", "One"))\(Self.text("C5", "pilott"))\(Self.text("D5", "live"))<c r="F5" s="3"><v>0.5</v></c><c r="H5"><v>1</v></c></row>
        """
        let funding = "<row r=\"1\">\(Self.text("A1", "initiative"))\(Self.text("B1", "source"))\(Self.text("C1", "amount"))</row><row r=\"2\">\(Self.text("A2", "nope"))\(Self.text("B2", "Pot"))<c r=\"C2\"><v>1000</v></c></row>"
        let book = try Self.workbook([Self.place, ("Initiatives", initiatives), ("funding", funding), ("Notes", "")])
        let d = try PortfolioLoader.read(book).diagnostics.map(\.description)
        #expect(d == [
            "\(book): warning: [unknown-sheet] the workbook has a sheet 'Notes' that is not a portfolio table; it is ignored",
            "\(book)[funding]:2:1 (A): error: [dangling-reference] funding line names initiative 'nope', but sheet 'initiatives' has no initiative with that id",
            "\(book)[initiatives]:2:5 (E): error: [misspelt-column] sheet 'initiatives' has a column 'neighborhoods': did you mean 'neighbourhoods'? Rename the header to 'neighbourhoods', or its values are not read",
            "\(book)[initiatives]:5:3 (C): error: [bad-value] initiative 'i1': kind 'pilott' is not a kind of initiative; use one of: pilot, programme, project, service",
            "\(book)[initiatives]:5:6 (F): error: [bad-date] initiative 'i1': start '0.5' is not a date; write it as YYYY-MM-DD, e.g. 2026-03-31",
            "\(book)[initiatives]:5:8 (H): warning: [unheaded-cells] sheet 'initiatives' has values under no header (first in cell H5); they are ignored: give the column a header or clear it",
        ])
    }

    @Test func missingSheetsAndNearMissSheetNames() throws {
        let book = try Self.workbook([Self.place, ("Initiative", "")])
        #expect(try PortfolioLoader.read(book).diagnostics.map(\.description) == [
            "\(book): error: [missing-sheet] the workbook has no sheet named 'initiatives' (columns: id, name, kind, status); a portfolio workbook has a sheet per table, named like the CSV files without .csv (place, initiatives, funding, …); its sheets are 'Place', 'Initiative'",
            "\(book): warning: [unknown-sheet] the workbook has a sheet 'Initiative' that is not a portfolio table: did you mean 'initiatives'? Rename the sheet to initiatives",
        ])
    }

    @Test func filesThatAreNotWorkbooks() throws {
        let dir = try TestSupport.temporaryDirectory()
        let xls = dir.appendingPathComponent("old.xlsx")
        try Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504)).write(to: xls)
        #expect(try PortfolioLoader.read(xls.path).diagnostics.map(\.description) == [
            "\(xls.path): error: [bad-workbook] this is an Excel 97–2003 workbook (.xls) or a password-protected one, which Convenor cannot read; in Excel choose File → Save As → \"Excel Workbook (.xlsx)\" without a password",
        ])
        let text = dir.appendingPathComponent("fake.xlsx")
        try Data("name,as-of\n".utf8).write(to: text)
        #expect(try PortfolioLoader.read(text.path).diagnostics.map(\.description) == [
            "\(text.path): error: [bad-workbook] this file is not an Excel workbook (an .xlsx is a zip archive, and this is not one); save it again from Excel as \"Excel Workbook (.xlsx)\"",
        ])
        let zip = dir.appendingPathComponent("other.xlsx")
        try ZipPackage.archive([RenderedFile(path: "readme.txt", text: "hello")]).write(to: zip)
        #expect(try PortfolioLoader.read(zip.path).diagnostics.map(\.description) == [
            "\(zip.path): error: [bad-workbook] this zip archive has no workbook in it (no xl/workbook.xml); save the portfolio from Excel as \"Excel Workbook (.xlsx)\"",
        ])
    }

    @Test func dateFormatsSerialsAndNumbers() {
        #expect(XLSXWorkbook.isDateFormat(id: 14, code: nil))
        #expect(XLSXWorkbook.isDateFormat(id: 22, code: nil))
        #expect(!XLSXWorkbook.isDateFormat(id: 20, code: nil))
        #expect(!XLSXWorkbook.isDateFormat(id: 0, code: nil))
        #expect(XLSXWorkbook.isDateFormat(id: 170, code: "dd/mm/yyyy;@"))
        #expect(XLSXWorkbook.isDateFormat(id: 165, code: #"yyyy\-mm\-dd"#))
        #expect(XLSXWorkbook.isDateFormat(id: 166, code: "[$-809]mmmm yy"))
        #expect(!XLSXWorkbook.isDateFormat(id: 167, code: ##""£"#,##0"##))
        #expect(!XLSXWorkbook.isDateFormat(id: 168, code: "[Red]0.00;\"days\""))
        #expect(!XLSXWorkbook.isDateFormat(id: 169, code: "h:mm:ss"))
        #expect(XLSXWorkbook.date(serial: 46477, date1904: false)?.iso == "2027-03-31")
        #expect(XLSXWorkbook.date(serial: 61, date1904: false)?.iso == "1900-03-01")
        #expect(XLSXWorkbook.date(serial: 59, date1904: false)?.iso == "1900-02-28")
        #expect(XLSXWorkbook.date(serial: 60, date1904: false) == nil)
        #expect(XLSXWorkbook.date(serial: 45015, date1904: true)?.iso == "2027-03-31")
        #expect(XLSXWorkbook.plainNumber("180000") == "180000")
        #expect(XLSXWorkbook.plainNumber("6.5") == "6.5")
        #expect(XLSXWorkbook.plainNumber("0.30000000000000004") == "0.3")
        #expect(XLSXWorkbook.plainNumber("1.8E5") == "180000")
        #expect(XLSXWorkbook.plainNumber("1E-7") == "0.0000001")
        #expect(XLSXWorkbook.cellReference("AB12")! == (12, 28))
        #expect(XLSXWorkbook.columnLetters(28) == "AB")
    }

    static let soffice = ["/usr/bin/soffice", "/usr/local/bin/soffice", "/opt/homebrew/bin/soffice"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test("a workbook saved again by LibreOffice (shared strings, its own styles) reads the same",
          .enabled(if: soffice != nil, "needs LibreOffice (soffice)"))
    func resavedByLibreOffice() throws {
        let original = try PortfolioLoader.load(TestSupport.northbridgeXML).portfolio
        let dir = try TestSupport.temporaryDirectory()
        let source = dir.appendingPathComponent("in/portfolio.xlsx")
        try FileManager.default.createDirectory(at: source.deletingLastPathComponent(), withIntermediateDirectories: true)
        try PortfolioWorkbookWriter.render(original).write(to: source)
        let out = dir.appendingPathComponent("out")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.soffice!)
        process.arguments = ["--headless", "--norestore", "-env:UserInstallation=file://\(dir.path)/profile",
                             "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out.path, source.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let resaved = out.appendingPathComponent("portfolio.xlsx")
        #expect(try Data(contentsOf: resaved) != Data(contentsOf: source))
        let result = try PortfolioLoader.read(resaved.path)
        #expect(result.diagnostics.map(\.description) == [])
        #expect(result.loaded?.portfolio == original)
    }
}
