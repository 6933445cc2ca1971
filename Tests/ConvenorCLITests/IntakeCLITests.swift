import Foundation
import Testing
import ConvenorTestSupport

/// What programme offices really send, through the command line (issue 14).
@Suite("convenor with spreadsheet exports, workbooks and wrong paths")
struct IntakeCLITests {
    /// A copy of the example CSV folder, each file's text passed through `edit`.
    static func example(in dir: URL, _ edit: (String, String) -> String = { $1 }) throws -> URL {
        let folder = dir.appendingPathComponent("portfolio")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let source = CLIRunner.root.appendingPathComponent("examples/northbridge/csv")
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) where name.hasSuffix(".csv") {
            let text = try String(contentsOf: source.appendingPathComponent(name), encoding: .utf8)
            try Data(edit(name, text).utf8).write(to: folder.appendingPathComponent(name))
        }
        return folder
    }

    @Test("paths that are not a portfolio name what was expected")
    func notAPortfolio() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let expected = "a portfolio is a .xml file, a folder of CSV files (place.csv, initiatives.csv, …) or an .xlsx workbook with a sheet per table"
        let csv = CLIRunner.root.appendingPathComponent("examples/northbridge/csv/initiatives.csv").path
        let single = try CLIRunner.run(["validate", csv])
        #expect(single.status == 65)
        #expect(single.stderr == "\(csv): error: [not-a-portfolio] this is one CSV file; a CSV portfolio is the folder that holds place.csv, initiatives.csv and the other tables: give the folder (\(CLIRunner.root.appendingPathComponent("examples/northbridge/csv").path)) instead; \(expected)\n")
        let empty = dir.appendingPathComponent("empty.xml")
        try Data().write(to: empty)
        let pdf = dir.appendingPathComponent("portfolio.pdf")
        try Data("%PDF-1.7\n%âãÏÓ\n".utf8).write(to: pdf)
        let folder = dir.appendingPathComponent("office")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("<portfolio/>".utf8).write(to: folder.appendingPathComponent("portfolio.xml"))
        for (path, what) in [(empty.path, "the file is empty"), (pdf.path, "this is a PDF document, not a portfolio"),
                             (folder.path, "this folder is not a CSV portfolio: it has no place.csv or initiatives.csv (it holds portfolio.xml: give that file instead)")] {
            let r = try CLIRunner.run(["register", path, "-o", dir.appendingPathComponent("out").path])
            #expect(r.status == 65)
            #expect(r.stderr == "\(path): error: [not-a-portfolio] \(what); \(expected)\nerror: 1 error, 0 warnings\n" || r.stderr == "\(path): error: [not-a-portfolio] \(what); \(expected)\n1 error, 0 warnings\n", "\(r.stderr)")
        }
    }

    @Test("no as-of date: exit 65 and the same words from register, check, pack and demo")
    func missingAsOfEverywhere() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = try Self.example(in: dir) { name, text in
            name == "place.csv" ? "name,code,currency\nNorthbridge,E08000099,GBP\n" : text
        }
        let line = "\(folder.path)/place.csv:2:1: error: [missing-as-of] Northbridge has no as-of date, the day every date rule counts from; add as-of=\"YYYY-MM-DD\" to <portfolio>, or an as-of column to place.csv (or the place sheet)"
        let out = dir.appendingPathComponent("out").path
        for arguments in [["register", folder.path, "-o", out], ["check", folder.path], ["pack", "pilot-review", "--portfolio", folder.path, "-o", out],
                          ["demo", "--portfolio", folder.path, "-o", out]] {
            let r = try CLIRunner.run(arguments)
            #expect(r.status == 65, "\(arguments[0]): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").first.map(String.init) == line, "\(arguments[0])")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
    }

    @Test("an output folder that cannot be written says which path and what to do, in Convenor's words")
    func unwritableOutput() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("notes.txt")
        try Data("mine".utf8).write(to: file)
        let r = try CLIRunner.run(["register", "examples/northbridge/csv", "-o", file.appendingPathComponent("register").path])
        #expect(r.status == 74)
        #expect(r.stderr == "\(file.path): error: cannot create the folder: something with that name is already there; move it away or choose another place with -o\n")
        #expect(try Data(contentsOf: file) == Data("mine".utf8))
    }

    @Test("a Windows-1252 export: one error, nothing else")
    func windows1252() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = try Self.example(in: dir)
        var bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent("teams.csv")))
        bytes += Array("north-cafe,Caf".utf8) + [0xE9] + Array(" team,council,Housing,1,outreach,central\n".utf8)
        try Data(bytes).write(to: folder.appendingPathComponent("teams.csv"))
        let r = try CLIRunner.run(["validate", folder.path])
        #expect(r.status == 65)
        #expect(r.stderr == "\(folder.path)/teams.csv:40: error: [bad-encoding] teams.csv is not UTF-8: line 40 has a character in another encoding (probably Windows-1252, which Excel's \"CSV (Comma delimited)\" writes); in Excel open it and choose File → Save As → \"CSV UTF-8 (Comma delimited)\", then run again\n")
        #expect(r.stdout == "\(folder.path): not a usable portfolio — 1 error, 0 warnings\n")
    }

    @Test("the same problem in many rows is one line of text; JSON keeps every instance")
    func groupedMessages() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // UK dates in a place that says it is month first: every day after the 12th is refused.
        let folder = try Self.example(in: dir) { name, text in
            var t = text
            if name == "place.csv" { t = "name,code,as-of,currency,date-order\nNorthbridge,E08000099,2026-11-01,GBP,mdy\n" }
            if name == "funding.csv" { t = t.replacingOccurrences(of: "2027-03-31", with: "31/03/2027") }
            return t
        }
        let text = try CLIRunner.run(["validate", folder.path])
        #expect(text.status == 65)
        let lines = text.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("\(folder.path)/funding.csv:2:7: error: [bad-date] funding line: end '31/03/2027' is not a date read month first (mm/dd/yyyy)") == true)
        #expect(lines.first?.hasSuffix("; the same in 11 more rows of column 'end' (lines 15, 19, 21, 23, …)") == true, "\(text.stderr)")
        let json = try CLIRunner.run(["validate", folder.path, "--format", "json"])
        let report = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect((report?["diagnostics"] as? [Any])?.count == 12)
    }

    @Test("convert writes a workbook; validate, register and check read it like the CSV folder")
    func workbookThroughTheCommands() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let book = dir.appendingPathComponent("portfolio.xlsx").path
        let convert = try CLIRunner.run(["convert", "examples/northbridge/csv", "-o", book])
        #expect(convert.status == 0, "\(convert.stderr)")
        #expect(convert.stdout == "Northbridge: wrote \(book)\n")
        let first = try Data(contentsOf: URL(fileURLWithPath: book))
        #expect(try CLIRunner.run(["convert", "examples/northbridge/csv", "-o", book, "--force"]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: book)) == first)
        let validate = try CLIRunner.run(["validate", book])
        #expect(validate.stdout == "Northbridge: 45 initiatives, 16 neighbourhoods, 38 teams, 9,855 household contacts — 0 errors, 0 warnings\n")
        for (input, out) in [(book, "a"), ("examples/northbridge/csv", "b")] {
            #expect(try CLIRunner.run(["register", input, "-o", dir.appendingPathComponent(out).path]).status == 0)
        }
        for file in ["register.csv", "register.md", "register.xlsx", "timeline.svg"] {
            #expect(try Data(contentsOf: dir.appendingPathComponent("a/\(file)")) == Data(contentsOf: dir.appendingPathComponent("b/\(file)")), "\(file)")
        }
        let check = try CLIRunner.run(["check", book])
        #expect(check.stdout.contains("\(book)[initiatives]:"), "\(check.stdout)")
        let back = dir.appendingPathComponent("back").path
        #expect(try CLIRunner.run(["convert", book, "-o", back]).status == 0)
        for name in ["initiatives.csv", "funding.csv", "contacts.csv", "teams.csv"] {
            #expect(try Data(contentsOf: URL(fileURLWithPath: "\(back)/\(name)")) == Data(contentsOf: CLIRunner.root.appendingPathComponent("examples/northbridge/csv/\(name)")), "\(name)")
        }
    }
}
