import Foundation
import Testing
import ConvenorTestSupport

@Suite("convenor validate and convert, as a user runs them")
struct ValidateCommandTests {
    @Test func validatesTheExamplePlace() throws {
        let r = try CLIRunner.run(["validate", "examples/northbridge/portfolio.xml"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "Northbridge: 45 initiatives, 16 neighbourhoods, 38 teams, 9,855 household contacts — 0 errors, 0 warnings\n")
        #expect(r.stderr == "")
    }

    @Test func brokenCopyListsEveryErrorAndExits65() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var text = try String(contentsOf: CLIRunner.root.appendingPathComponent("examples/northbridge/portfolio.xml"), encoding: .utf8)
        text = text.replacingOccurrences(of: #"contacts="contacts.csv""#, with: "")
        text = text.replacingOccurrences(of: #"kind="pilot" status="live""#, with: #"kind="pilott" status="live""#, options: [], range: text.range(of: #"kind="pilot" status="live""#))
        text = text.replacingOccurrences(of: "<teams>housing-outreach</teams>", with: "<teams>housing-outreach no-such-team</teams>")
        let path = dir.appendingPathComponent("broken.xml")
        try text.write(to: path, atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["validate", path.path])
        #expect(r.status == 65)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count >= 2)
        for line in lines {
            #expect(line.range(of: #"^.+broken\.xml:\d+:\d+: (error|warning): \[[a-z-]+\] "#, options: .regularExpression) != nil, "\(line)")
        }
        #expect(r.stderr.contains("[schema-violation]"))
        #expect(r.stderr.contains("[dangling-reference]"))
        #expect(r.stdout.hasSuffix("errors, 0 warnings\n"))
    }

    @Test func xxeNamingEtcPasswdLeavesNoTrace() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("xxe.xml")
        try """
        <?xml version="1.0"?>
        <!DOCTYPE portfolio [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
        <portfolio xmlns="urn:convenor:portfolio:1" place="Leak">&secret;</portfolio>
        """.write(to: path, atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["validate", path.path])
        #expect(r.status == 65)
        #expect(r.stderr.contains("error: [entity-forbidden]"))
        #expect(!(r.stdout + r.stderr).contains("root:"))
    }

    @Test func jsonFormat() throws {
        let r = try CLIRunner.run(["validate", "examples/northbridge/csv", "--format", "json"])
        #expect(r.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(json?["place"] as? String == "Northbridge")
        #expect(json?["errors"] as? Int == 0)
        #expect(json?["initiatives"] as? Int == 45)
    }

    @Test func exitCodesForUsageAndMissingFiles() throws {
        let usage = try CLIRunner.run(["validate"])
        #expect(usage.status == 64)
        #expect(usage.stderr.contains("Missing expected argument '<input>'"))
        let missing = try CLIRunner.run(["validate", "no/such/place.xml"])
        #expect(missing.status == 74)
        #expect(missing.stderr == "no/such/place.xml: error: no such file or folder; give a portfolio .xml file, a folder of CSV files or an .xlsx workbook\n")
        let unknown = try CLIRunner.run(["frobnicate"])
        #expect(unknown.status == 64)
    }

    @Test func helpListsTheCommands() throws {
        let r = try CLIRunner.run(["--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("USAGE: convenor <subcommand>"))
        #expect(r.stdout.contains("validate"))
        #expect(r.stdout.contains("convert"))
        #expect(r.stdout.contains("Exit codes: 0 ok, 1 check failed, 64 usage, 65 bad input"))
    }

    @Test func convertRoundTripsThroughTheCLI() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("csv").path, xml = dir.appendingPathComponent("place.xml").path
        #expect(try CLIRunner.run(["convert", "examples/northbridge/portfolio.xml", "-o", csv]).status == 0)
        let toXML = try CLIRunner.run(["convert", csv, "-o", xml])
        #expect(toXML.status == 0, "\(toXML.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("place-contacts.csv").path))
        let again = try CLIRunner.run(["validate", xml])
        #expect(again.stdout == "Northbridge: 45 initiatives, 16 neighbourhoods, 38 teams, 9,855 household contacts — 0 errors, 0 warnings\n")
    }

    @Test func failedConvertLeavesExistingOutputUntouched() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try "precious".write(to: out.appendingPathComponent("keep.txt"), atomically: true, encoding: .utf8)
        let bad = dir.appendingPathComponent("bad.xml")
        try #"<portfolio xmlns="urn:convenor:portfolio:1" place="X"><cohort id="a"/></portfolio>"#.write(to: bad, atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["convert", bad.path, "-o", out.path])
        #expect(r.status == 65)
        #expect(try String(contentsOf: out.appendingPathComponent("keep.txt"), encoding: .utf8) == "precious")
        let debris = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".") }
        #expect(debris.isEmpty)
    }
}
