import Foundation
import Testing
import ConvenorTestSupport

@Suite("convenor import")
struct ImportCLITests {
    static var data: URL { CLIRunner.root.deletingLastPathComponent().appendingPathComponent("shared/data") }

    @Test("360giving → XML that validate accepts; the summary says what was made", .needs(.sharedData))
    func threeSixtyGiving() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("p.xml").path
        let grants = Self.data.appendingPathComponent("360giving/power-to-change-grants.json").path
        let run = try CLIRunner.run(["import", "360giving", grants, "--area", "E08000035", "-o", out])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "Leeds District: read 870 grants from 1 file (845 outside the area); 11 initiatives, 18 organisations, 20 neighbourhoods, 0 cohorts, as of 2019-05-15 — 0 errors, 0 warnings. Wrote \(out)\n")
        let validate = try CLIRunner.run(["validate", out])
        #expect(validate.status == 0, "\(validate.stderr)")
        #expect(validate.stdout.hasPrefix("Leeds District: 11 initiatives, 20 neighbourhoods"))
    }

    @Test("iati → CSV folder; warnings on stderr with file and line", .needs(.sharedData))
    func iati() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("malawi").path
        let file = Self.data.appendingPathComponent("iati/global-fund.xml").path
        let run = try CLIRunner.run(["import", "iati", file, "-o", out, "--as-of", "2012-06-30"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("\(file):12: warning: [misspelt-attribute]"))
        #expect(run.stdout.hasPrefix("Malawi: read 7 activities from 1 file; 7 initiatives, 4 organisations, 1 neighbourhood, 4 cohorts, as of 2012-06-30"))
        #expect(FileManager.default.fileExists(atPath: out + "/initiatives.csv"))
        let validate = try CLIRunner.run(["validate", out])
        #expect(validate.status == 0, "\(validate.stderr)")
    }

    @Test("A truncated file: exit 65, a line-numbered error, and nothing written", .needs(.sharedData))
    func truncated() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = try String(contentsOf: Self.data.appendingPathComponent("iati/dfid.xml"), encoding: .utf8)
        let cut = dir.appendingPathComponent("dfid-cut.xml")
        try Data(source.prefix(1500).utf8).write(to: cut)
        let out = dir.appendingPathComponent("p.xml").path
        let run = try CLIRunner.run(["import", "iati", cut.path, "-o", out])
        #expect(run.status == 65)
        #expect(run.stderr.contains("\(cut.path):"))
        #expect(run.stderr.contains(": error: [malformed-xml]"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test("A bad --as-of is a usage error")
    func badAsOf() throws {
        let run = try CLIRunner.run(["import", "360giving", "x.json", "-o", "y.xml", "--as-of", "31/03/2026"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("--as-of '31/03/2026' is not a date in YYYY-MM-DD form"))
    }
}
