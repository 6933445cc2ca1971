import Foundation
import Testing
import ConvenorTestSupport
@testable import ConvenorCore

@Suite struct RegisterOutputTests {
    static func northbridge(_ path: String = TestSupport.northbridgeXML) throws -> (Register, LoadedPortfolio) {
        let loaded = try PortfolioLoader.load(path)
        let asOf = try #require(loaded.portfolio.place.asOf)
        return (RegisterEngine().run(loaded.portfolio, asOf: asOf), loaded)
    }

    @Test func goldenRegisterForTheExamplePlace() throws {
        let (register, loaded) = try Self.northbridge()
        let files = try RegisterRenderer.render(register, portfolio: loaded.portfolio)
        #expect(files.map(\.path) == ["register.csv", "register.md", "register.json", "register.html", "register-wall.html", "timeline.svg", "register.xlsx"])
        for file in files where file.path != "register.xlsx" {
            if let problem = try TestSupport.assertGolden(file.contents, "register/\(file.path)") { Issue.record(Comment(rawValue: problem)) }
        }
        // The workbook part by part (the zip bytes depend on zlib; the parts are what Excel reads).
        let xlsx = try #require(files.first { $0.path == "register.xlsx" }).contents
        for entry in try ZipEntries.of(xlsx) {
            if let problem = try TestSupport.assertGolden(entry.contents, "register/register.xlsx.parts/\(entry.path)") { Issue.record(Comment(rawValue: problem)) }
        }
    }

    /// Past 4,000 initiatives the register evaluates ranges of the portfolio on every core: its entries
    /// and summary are those of evaluating every initiative in turn (issue 17, round five).
    @Test func aLargeRegisterEvaluatedInRangesMatchesOneByOne() throws {
        let loaded = try PortfolioLoader.load(TestSupport.northbridgeXML)
        let asOf = try #require(loaded.portfolio.place.asOf)
        var big = loaded.portfolio
        // 100 copies of the example's initiatives, each copy's ids (and the names its funding and
        // decisions point at) its own.
        big.initiatives = (0..<100).flatMap { copy in
            loaded.portfolio.initiatives.map { i -> Initiative in
                var i = i
                i.id += "-\(copy)"
                i.name += " \(copy)"
                return i
            }
        }
        #expect(big.initiatives.count > 4_000)
        let engine = RegisterEngine()
        let register = engine.run(big, asOf: asOf)
        // The reference: every active initiative evaluated in turn, in portfolio order.
        let byID = Dictionary(big.initiatives.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let names = byID.mapValues(\.name)
        var oneByOne: [RegisterEntry] = []
        for i in big.initiatives where i.status.isActive {
            let flags = engine.evaluate(i, asOf: asOf, byID: byID, names: names, currency: big.place.currency)
            let (recommendation, into, basis) = engine.recommend(i, flags: flags, asOf: asOf, names: names)
            oneByOne.append(RegisterEntry(initiative: i, flags: flags, recommendation: recommendation, into: into, basis: basis,
                                          annualFunding: FundingFigures.fundingAYear(of: i, asOf: asOf),
                                          nextFundingEnd: FundingFigures.nextFundingEnd(of: i, asOf: asOf)))
        }
        oneByOne.sort { ($0.recommendation.order, $0.initiative.name, $0.initiative.id) < ($1.recommendation.order, $1.initiative.name, $1.initiative.id) }
        #expect(register.entries.map(\.initiative.id) == oneByOne.map(\.initiative.id))
        #expect(register.entries.map(\.flags) == oneByOne.map(\.flags))
        #expect(register.entries.map(\.recommendation) == oneByOne.map(\.recommendation))
        #expect(engine.summary(big, asOf: asOf) == register.summary)
        // Every quarter lists each initiative once, sorted by name then id.
        for quarter in register.summary.fundingEnds {
            let listed = quarter.initiatives.map { names[$0]! + "\u{0}" + $0 }
            #expect(listed == listed.sorted() && Set(quarter.initiatives).count == quarter.initiatives.count)
        }
        #expect(register.summary.counts.values.reduce(0, +) == oneByOne.count)
    }

    @Test func xmlAndCSVFormsGiveTheSameRegister() throws {
        let (fromXML, xml) = try Self.northbridge()
        let (fromCSV, csv) = try Self.northbridge(TestSupport.northbridgeCSV)
        #expect(fromXML == fromCSV)
        let a = try RegisterRenderer.render(fromXML, portfolio: xml.portfolio)
        let b = try RegisterRenderer.render(fromCSV, portfolio: csv.portfolio)
        #expect(a == b)
    }

    @Test func outputIsDeterministic() throws {
        let (register, loaded) = try Self.northbridge()
        #expect(try RegisterRenderer.render(register, portfolio: loaded.portfolio) == RegisterRenderer.render(register, portfolio: loaded.portfolio))
    }

    /// The recommendations a programme manager would check first on Northbridge.
    @Test func northbridgeRecommendations() throws {
        let (r, _) = try Self.northbridge()
        #expect(r.entry("winter-shelter")?.recommendation == .decide)
        #expect(r.entry("digital-inclusion-kiosks")?.recommendation == .stop)
        #expect(r.entry("knife-crime-assemblies")?.recommendation == .stop)
        #expect(r.entry("child-poverty-champions")?.recommendation == .merge)
        #expect(r.entry("child-poverty-champions")?.into == "early-help-family-support-east")
        #expect(r.entry("hospital-idva")?.recommendation == .scale)
        #expect(r.entry("housing-first")?.recommendation == .continue)
        #expect(r.entry("warm-spaces") == nil) // ended
        #expect(!r.overlapRulesRun)
    }

    @Test func untrustedTextIsEscapedInHTMLAndSVG() throws {
        var i = initiative("evil", review: Review(date: day("2026-01-01"), owner: "<script>alert(1)</script>"))
        i.name = "Pilot <b>&amp;</b>"
        i.department = "\"Dept\" <x>"
        i.funding = [FundingLine(source: "Fund <img src=x>", amount: 1000, per: .year, start: day("2026-01-01"), end: day("2027-01-01"))]
        let portfolio = Portfolio(place: Place(name: "Place & <Co>"), initiatives: [i])
        let files = try RegisterRenderer.render(RegisterEngine().run(portfolio, asOf: day("2026-11-01")), portfolio: portfolio)
        for file in files where file.path.hasSuffix(".html") || file.path.hasSuffix(".svg") {
            let text = String(decoding: file.contents, as: UTF8.self)
            #expect(!text.contains("<script>alert"), "\(file.path)")
            #expect(!text.contains("<b>&amp;"), "\(file.path)")
            #expect(!text.contains("<img"), "\(file.path)")
            #expect(!text.contains("<x>"), "\(file.path)")
        }
        let html = String(decoding: try #require(files.first { $0.path == "register.html" }).contents, as: UTF8.self)
        // Nothing is fetched from elsewhere: no external scripts, images, styles or fonts.
        for reference in ["src=\"http", "src=\"//", "<link", "url(http", "url(//", "@import"] {
            #expect(!html.contains(reference), "register.html refers to something outside the file: \(reference)")
        }
    }

    @Test func checkDiagnosticsPointAtTheInitiativeInXMLAndCSV() throws {
        let (xmlRegister, xml) = try Self.northbridge()
        let fromXML = RegisterDiagnostics.diagnostics(for: xmlRegister, in: xml)
        let shelterXML = try #require(fromXML.first { $0.message.hasPrefix("Winter shelter pilot:") })
        #expect(shelterXML.description == "\(TestSupport.northbridgeXML):208:13: error: [review-overdue] Winter shelter pilot: review was due 2026-01-15, no decision since (owner: Head of Housing)")

        let (csvRegister, csv) = try Self.northbridge(TestSupport.northbridgeCSV)
        let fromCSV = RegisterDiagnostics.diagnostics(for: csvRegister, in: csv)
        #expect(fromCSV.count == fromXML.count)
        let shelterCSV = try #require(fromCSV.first { $0.message.hasPrefix("Winter shelter pilot:") })
        #expect(shelterCSV.description == "\(TestSupport.northbridgeCSV)/initiatives.csv:2:21: error: [review-overdue] Winter shelter pilot: review was due 2026-01-15, no decision since (owner: Head of Housing)")
        let cliff = try #require(fromCSV.first { $0.code == "funding-cliff" })
        #expect(cliff.location?.file.hasSuffix("funding.csv") == true)
    }

    @Test func githubAnnotationsEscapeTheirProperties() {
        let d = Diagnostic.error(.reviewOverdue, "A: 50% done,\nreally", at: SourceLocation(file: "a,b:c.xml", line: 3, column: 7))
        #expect(RegisterDiagnostics.githubAnnotation(d) == "::error file=a%2Cb%3Ac.xml,line=3,col=7,title=review-overdue::A: 50%25 done,%0Areally")
        #expect(RegisterDiagnostics.githubAnnotation(.warning(.pilotitis, "m")) == "::warning title=pilotitis::m")
    }
}

/// register.xlsx opened by LibreOffice: converted to CSV, its cells must hold the register's values.
@Suite struct RegisterWorkbookTests {
    func convert(_ xlsx: Data, filter: String, extension suffix: String = ".csv") throws -> [String: String] {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("register.xlsx")
        try xlsx.write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Tools.soffice, "soffice is not on PATH"))
        process.arguments = ["-env:UserInstallation=file://\(dir.path)/profile", "--headless", "--convert-to", filter, "--outdir", dir.path, input.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        var out: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where name.hasSuffix(suffix) {
            out[name] = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
        }
        return out
    }

    @Test(.needs(.libreOffice)) func libreOfficeReadsTheRegisterAndSummarySheets() throws {
        let (register, loaded) = try RegisterOutputTests.northbridge()
        let files = try RegisterRenderer.render(register, portfolio: loaded.portfolio)
        let xlsx = try #require(files.first { $0.path == "register.xlsx" }).contents
        // Sheet -1: every sheet to its own file (register-Register.csv, register-Summary.csv).
        let sheets = try convert(xlsx, filter: "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1")
        let registerCSV = try #require(sheets["register-Register.csv"], "LibreOffice did not convert the Register sheet: \(sheets.keys.sorted())")
        // Reasons hold line breaks (quoted); count records by their first cell, a recommendation.
        let rows = registerCSV.split(separator: "\n").map(String.init)
        let records = rows.filter { row in Recommendation.allCases.contains { row.hasPrefix($0.title + ",") } }
        #expect(records.count == register.entries.count)
        // The printed columns first (its print area), then those for sorting and filtering on screen.
        #expect(rows.first == "Recommendation,Into,Initiative,Department,Funding a year,Next funding end,Review date,Severity,Reasons,Basis,"
                 + "ID,Kind,Status,Owner,Funding sources,Start,End,Review owner,Decision,Decision date,Evidence level,Evidence result,Flags")
        let shelter = try #require(rows.first { $0.contains(",winter-shelter,") })
        // Dates come back formatted as dates, money as pounds: the cells are numbers with formats.
        #expect(shelter == "Decide,,Winter shelter pilot,Housing,\"£180,000\",2027-03-31,2026-01-15,Error,"
                + "\"[review-overdue] Review was due 2026-01-15, no decision since (owner: Head of Housing)\",Decide: the review is overdue.,"
                + "winter-shelter,Pilot,Live,Northbridge Metropolitan Borough Council,Rough Sleeping Initiative,2024-11-01,2027-03-31,"
                + "Head of Housing,Continue,2025-10-02,Monitoring,Positive,review-overdue")
        let summary = try #require(sheets["register-Summary.csv"])
        #expect(summary.contains("As of,2026-11-01"))
        #expect(summary.contains("Recommended start:stop ratio,3:2"))
        #expect(summary.contains("\"Money freed by recommended stops, a year\",\"£83,082\""))

        // Stored as dates and numbers, not text: LibreOffice's own format says which type each cell has.
        let fods = try convert(xlsx, filter: "fods", extension: ".fods")
        let document = try #require(fods.values.first)
        #expect(document.contains("office:value-type=\"date\" office:date-value=\"2026-01-15\""))
        #expect(document.contains("office:value-type=\"float\" office:value=\"180000\""))
    }

    static func parts(_ register: Register, _ portfolio: Portfolio) throws -> [String: String] {
        let context = RegisterContext(register: register, figures: RegisterFigures(register, portfolio: portfolio), portfolio: portfolio)
        return Dictionary(try ZipEntries.of(try RegisterWorkbook.render(context)).map { ($0.path, String(decoding: $0.contents, as: UTF8.self)) },
                          uniquingKeysWith: { x, _ in x })
    }

    /// Both sheets print on A4 landscape, one page wide: fitToPage in sheetPr is what makes Excel and
    /// LibreOffice apply fitToWidth (without it both print at 100 %, 14 pages for Northbridge).
    @Test func sheetsPrintOneA4LandscapePageWideWithTheHeaderOnEveryPage() throws {
        let (register, loaded) = try RegisterOutputTests.northbridge()
        let parts = try Self.parts(register, loaded.portfolio)
        // The register as many pages tall as it takes, the summary on one page.
        for (path, pagesTall) in [("xl/worksheets/sheet1.xml", 0), ("xl/worksheets/sheet2.xml", 1)] {
            let sheet = try #require(parts[path])
            #expect(sheet.contains(#"<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>"#), "\(path)")
            #expect(sheet.contains(#"<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="\#(pagesTall)"/>"#), "\(path)")
            #expect(sheet.contains(#"state="frozen""#), "\(path): header not frozen")
            #expect(sheet.contains("Page &amp;P of &amp;N"), "\(path): no page numbers in the footer")
        }
        let register1 = try #require(parts["xl/worksheets/sheet1.xml"])
        let rows = register.entries.count + 1
        #expect(register1.contains("<autoFilter ref=\"A1:W\(rows)\"/>"))
        #expect(register1.contains("<oddHeader>&amp;LStop/start register: Northbridge&amp;RAs of 2026-11-01</oddHeader>"))
        let workbook = try #require(parts["xl/workbook.xml"])
        #expect(workbook.contains(#"<definedName name="_xlnm.Print_Titles" localSheetId="0">Register!$1:$1</definedName>"#))
        #expect(workbook.contains(#"<definedName name="_xlnm.Print_Titles" localSheetId="1">Summary!$1:$1</definedName>"#))
        // The printed register is its first ten columns (to Basis): all 23 would print at 36 %.
        #expect(workbook.contains("<definedName name=\"_xlnm.Print_Area\" localSheetId=\"0\">Register!$A$1:$J$\(rows)</definedName>"))
        #expect(RegisterWorkbook.columns[RegisterWorkbook.printedColumns - 1].title == "Basis")
        let printed = Worksheet(name: "Register", rows: [], columns: RegisterWorkbook.columns.map(\.column),
                                print: .init(title: "", columns: RegisterWorkbook.printedColumns))
        #expect(printed.scaleOnePageWide >= 0.65, "the printed columns would print at \(Int(printed.scaleOnePageWide * 100)) %")
        let core = try #require(parts["docProps/core.xml"])
        #expect(core.contains("<dc:title>Stop/start register: Northbridge</dc:title>") && core.contains("<dc:creator>Convenor</dc:creator>"))
        #expect(try #require(parts["[Content_Types].xml"]).contains(#"PartName="/docProps/core.xml""#))
        #expect(try #require(parts["_rels/.rels"]).contains(#"Target="docProps/core.xml""#))
    }

    /// LibreOffice's PDF of register.xlsx: A4 landscape, a handful of pages, each with the title and
    /// its number, the header repeated, only the printed columns, and text at 60 % of its size or more
    /// (11 pt Carlito stands 14.3 pt tall in pdftotext's word boxes, measured against its digits' widths;
    /// 36 % was unreadable).
    @Test(.needs(.libreOffice, .poppler)) func libreOfficePrintsTheRegisterReadably() throws {
        let (register, loaded) = try RegisterOutputTests.northbridge()
        let files = try RegisterRenderer.render(register, portfolio: loaded.portfolio)
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let xlsx = dir.appendingPathComponent("register.xlsx")
        try #require(files.first { $0.path == "register.xlsx" }).contents.write(to: xlsx)
        let pdf = try ExternalTool.officeToPDF(xlsx)
        let info = try ExternalTool.run("pdfinfo", [pdf.path], in: dir).output
        #expect(info.contains("Page size:       841.89 x 595.") && info.contains("(A4)"), "not A4 landscape: \(info)")
        let pages = try ExternalTool.pages(pdf)
        #expect((3...14).contains(pages), "\(pages) pages")

        let boxes = try ExternalTool.run("pdftotext", ["-bbox", pdf.path, "-"], in: dir).output
        let heights = boxes.matches(of: /yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"/).map { Double($0.2)! - Double($0.1)! }.sorted()
        let median = try #require(heights.isEmpty ? nil : heights[heights.count / 2])
        #expect(median >= 0.6 * 14.3, "text prints \(median) pt tall, \(Int(median / 14.3 * 100)) % of its size")

        let text = try ExternalTool.text(pdf).split(separator: "\u{0C}").map(String.init).filter { !$0.trimmingSpaces().isEmpty }
        #expect(text.count == pages)
        for (n, page) in text.enumerated() {
            #expect(page.contains("Stop/start register: Northbridge") && page.contains("Page \(n + 1) of \(pages)"), "page \(n + 1): no title or page number")
        }
        #expect(text.filter { $0.contains("Ended or stopped") }.count == 1, "the summary is not on one page")
        let registerPages = text.filter { !$0.contains("Ended or stopped") }
        #expect(registerPages.count >= 2 && registerPages.allSatisfy { $0.contains("Recommendation") && $0.contains("Reasons") && $0.contains("Basis") },
                "the header row is not repeated on every page of the register")
        let all = text.joined()
        #expect(all.contains("Winter shelter pilot") && all.contains("[review-overdue]"))
        #expect(!all.contains("digital-inclusion-kiosks"), "the ID column is outside the print area but printed")
    }

    @Test func valuesReadAsWordsAndRowsAreTallEnoughForTheirReasons() throws {
        let (register, loaded) = try RegisterOutputTests.northbridge()
        let sheet = try #require(try Self.parts(register, loaded.portfolio)["xl/worksheets/sheet1.xml"])
        for word in [">Stop<", ">Merge<", ">Decide<", ">Pilot<", ">Live<", ">Monitoring<", ">Negative<", ">Warning<"] {
            #expect(sheet.contains(word), "no \(word) in the register sheet")
        }
        for lower in [">stop<", ">merge<", ">decide<", ">pilot<", ">live<", ">monitoring<", ">negative<", ">warning<"] {
            #expect(!sheet.contains(lower), "\(lower) is not capitalised")
        }
        // Every entry with a reason runs over one line, so every data row has a height; the tallest
        // has the most text.
        let heights = sheet.matches(of: /<row r="(\d+)" ht="([\d.]+)" customHeight="1">/).map { (Int($0.1)!, Double($0.2)!) }
        #expect(heights.count == register.entries.count + 1, "rows with a set height: \(heights.count)")
        #expect(heights.allSatisfy { $0.1 >= 2 * Worksheet.lineHeight })
        #expect(Worksheet.lineCount("one two three", width: 80) == 1)
        #expect(Worksheet.calibriWidths.count == 95)  // space to ~
        #expect(Worksheet.lineCount(String(repeating: "word ", count: 40), width: 21) == 10)  // 19.65 "0"s a line: 4 words of 4.2
        #expect(Worksheet.lineCount("a\nb\nc", width: 80) == 3)
        #expect(Worksheet.lineCount(String(repeating: "x", count: 50), width: 11) == 5)  // 11 x a line, broken
        #expect(Worksheet.lineCount("Next funding end", width: 11, bold: true) == 2)  // "funding end" fits, as LibreOffice prints it
    }

    @Test func moneyIsFormattedInThePortfoliosCurrency() throws {
        var i = initiative("p")
        i.funding = [FundingLine(source: "Fund", amount: 120_000, per: .year, start: day("2026-01-01"), end: day("2027-06-30"))]
        for (currency, format) in [("GBP", "&quot;£&quot;#,##0;-&quot;£&quot;#,##0"), ("EUR", "&quot;€&quot;#,##0;-&quot;€&quot;#,##0"),
                                   ("USD", "&quot;$&quot;#,##0;-&quot;$&quot;#,##0"), ("CHF", "&quot;CHF &quot;#,##0;-&quot;CHF &quot;#,##0")] {
            let portfolio = Portfolio(place: Place(name: "P", currency: currency), initiatives: [i])
            let parts = try Self.parts(RegisterEngine().run(portfolio, asOf: day("2026-11-01")), portfolio)
            let styles = try #require(parts["xl/styles.xml"])
            #expect(styles.contains("<numFmt numFmtId=\"165\" formatCode=\"\(format)\"/>"), "\(currency): \(styles.prefix(400))")
            #expect(try #require(parts["xl/worksheets/sheet2.xml"]).contains(">\(currency)<"))
        }
    }

    @Test func workbookPartsAreWellFormedAndDeterministic() throws {
        let (register, loaded) = try RegisterOutputTests.northbridge()
        let context = RegisterContext(register: register, figures: RegisterFigures(register, portfolio: loaded.portfolio), portfolio: loaded.portfolio)
        let a = try RegisterWorkbook.render(context), b = try RegisterWorkbook.render(context)
        #expect(a == b)
        // Every XML part parses; the parts Excel needs are there; the sheets hold the register's rows.
        let parts = Dictionary(try ZipEntries.of(a).map { ($0.path, $0.contents) }, uniquingKeysWith: { x, _ in x })
        for required in ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
                         "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"] {
            #expect(parts[required] != nil, "register.xlsx has no \(required): \(parts.keys.sorted())")
        }
        for (path, data) in parts where path.hasSuffix(".xml") || path.hasSuffix(".rels") {
            let reader = try XMLStreamReader(bytes: Array(data), displayName: path, schema: nil)
            var elements = 0
            while reader.read() { if reader.kind == .startElement { elements += 1 } }
            #expect(!reader.failed && reader.diagnostics.isEmpty && elements > 0, "\(path): \(reader.diagnostics)")
        }
        let workbook = String(decoding: try #require(parts["xl/workbook.xml"]), as: UTF8.self)
        #expect(workbook.contains("name=\"Register\"") && workbook.contains("name=\"Summary\""))
        let sheet = String(decoding: try #require(parts["xl/worksheets/sheet1.xml"]), as: UTF8.self)
        let strings = String(decoding: parts["xl/sharedStrings.xml"] ?? Data(), as: UTF8.self)
        // One row per entry under the header row.
        #expect(sheet.components(separatedBy: "<row ").count - 1 == register.entries.count + 1)
        #expect((sheet + strings).contains("Winter shelter pilot") && (sheet + strings).contains("winter-shelter"))
        // The review date of the shelter is a date serial, not text.
        #expect(sheet.contains("<v>46037</v>"), "the review date 2026-01-15 (serial 46037) is not stored as a number")
        #expect(XLSXWorkbook.columnLetters(1) == "A" && XLSXWorkbook.columnLetters(26) == "Z" && XLSXWorkbook.columnLetters(27) == "AA")
        #expect(SpreadsheetWriter.serial(day("2026-01-15")) == 46037)
        #expect(SpreadsheetWriter.serial(day("2026-01-15"), date1904: true) == 46037 - 1462)
    }
}
