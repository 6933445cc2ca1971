import Foundation
import Testing
import ConvenorTestSupport

/// `convenor check`, `register` and `diff` run as a user would run them.
@Suite struct CheckCommandTests {
    static func portfolio(decision: String = "", evidence: String = #"<evidence level="monitoring" result="positive" date="2025-09-30"/>"#,
                          start: String = "2025-11-01") -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <portfolio xmlns="urn:convenor:portfolio:1" place="Testham" as-of="2026-11-01">
          <organisation id="council" name="Testham Council" sector="local-government"/>
          <initiative id="winter-shelter" name="Winter shelter pilot" kind="pilot" status="live"
                      owner="council" department="Housing" start="\(start)">
            <funding source="Rough Sleeping Initiative" kind="grant" amount="180000" per="year"
                     start="2025-11-01" end="2027-09-30"/>
            \(evidence)
            <review date="2026-01-15" owner="Head of Housing"/>
            \(decision)
          </initiative>
        </portfolio>

        """
    }

    func write(_ text: String) throws -> (URL, String) {
        let dir = try CLIRunner.temporaryDirectory()
        let path = dir.appendingPathComponent("portfolio.xml")
        try Data(text.utf8).write(to: path)
        return (dir, path.path)
    }

    @Test func failsOnAnOverduePilotWithTheExactLineAndPassesOnceDecided() throws {
        let (dir, path) = try write(Self.portfolio())
        defer { try? FileManager.default.removeItem(at: dir) }
        let failed = try CLIRunner.run(["check", path])
        #expect(failed.status == 1)
        #expect(failed.stdout == """
            \(path):9:13: error: [review-overdue] Winter shelter pilot: review was due 2026-01-15, no decision since (owner: Head of Housing)
            Testham, as of 2026-11-01: 1 error, 0 warnings — check failed

            """)

        let github = try CLIRunner.run(["check", path, "--format", "github"])
        #expect(github.status == 1)
        #expect(github.stdout.hasPrefix("::error file=\(path),line=9,col=13,title=review-overdue::Winter shelter pilot: review was due 2026-01-15, no decision since (owner: Head of Housing)\n"))

        let json = try CLIRunner.run(["check", path, "--format", "json"])
        #expect(json.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(report["passed"] as? Bool == false)
        #expect(report["errors"] as? Int == 1)

        // The review board decides: the gate opens.
        let (dir2, decided) = try write(Self.portfolio(decision: #"<decision value="continue" date="2026-01-20" by="Cabinet">One more winter.</decision>"#))
        defer { try? FileManager.default.removeItem(at: dir2) }
        let passed = try CLIRunner.run(["check", decided])
        #expect(passed.status == 0)
        #expect(passed.stdout == "Testham, as of 2026-11-01: 0 errors, 0 warnings — check passed\n")
    }

    @Test func warningsFailOnlyWithStrict() throws {
        // Decided on time, but no evidence after 12 months: a warning.
        let (dir, path) = try write(Self.portfolio(decision: #"<decision value="continue" date="2026-01-20"/>"#, evidence: "", start: "2025-06-01"))
        defer { try? FileManager.default.removeItem(at: dir) }
        let lenient = try CLIRunner.run(["check", path])
        #expect(lenient.status == 0)
        #expect(lenient.stdout.contains("warning: [no-evidence] Winter shelter pilot: live since 2025-06-01 (17 months) with no evidence recorded: evaluate it or stop it"))
        #expect(try CLIRunner.run(["check", path, "--strict"]).status == 1)
    }

    @Test func pointsAtTheRowOfInitiativesCSV() throws {
        let (dir, path) = try write(Self.portfolio())
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = dir.appendingPathComponent("csv").path
        #expect(try CLIRunner.run(["convert", path, "-o", folder]).status == 0)
        let result = try CLIRunner.run(["check", folder])
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("\(folder)/initiatives.csv:2:21: error: [review-overdue] Winter shelter pilot: review was due 2026-01-15, no decision since (owner: Head of Housing)\n"))
    }

    @Test func rulesFileBesideThePortfolioAndAsOfOverride() throws {
        let (dir, path) = try write(Self.portfolio())
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(#"<rules xmlns="urn:convenor:rules:1"><rule id="review-overdue" severity="warning"/></rules>"#.utf8)
            .write(to: dir.appendingPathComponent("convenor.rules.xml"))
        let softened = try CLIRunner.run(["check", path])
        #expect(softened.status == 0)
        #expect(softened.stdout.contains("warning: [review-overdue]"))
        // Before the review date nothing is due.
        #expect(try CLIRunner.run(["check", path, "--as-of", "2026-01-15", "--rules", dir.appendingPathComponent("none.xml").path]).status == 74)
        let early = try CLIRunner.run(["check", path, "--as-of", "2026-01-15"])
        #expect(early.status == 0)
        #expect(early.stdout == "Testham, as of 2026-01-15: 0 errors, 0 warnings — check passed\n")

        try Data("<rules xmlns=\"urn:convenor:rules:1\">\n  <rule id=\"pilotitis\" weeks=\"3\"/>\n</rules>\n".utf8)
            .write(to: dir.appendingPathComponent("convenor.rules.xml"))
        let bad = try CLIRunner.run(["check", path])
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("convenor.rules.xml:2:24: error: [unknown-setting] rule 'pilotitis' has no setting 'weeks'; its settings are: severity, months"))
    }

    @Test func unreadablePortfolioExits65() throws {
        let (dir, path) = try write("<portfolio xmlns=\"urn:convenor:portfolio:1\" place=\"X\"><initiative></portfolio>")
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try CLIRunner.run(["check", path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("error:"))
    }

    @Test func exampleOverduePilotIsReportedWithItsLine() throws {
        let result = try CLIRunner.run(["check", "examples/northbridge/portfolio.xml"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("examples/northbridge/portfolio.xml:208:13: error: [review-overdue] Winter shelter pilot: review was due 2026-01-15, no decision since (owner: Head of Housing)\n"))
        #expect(result.stdout.hasSuffix("Northbridge, as of 2026-11-01: 9 errors, 54 warnings — check failed\n"))
    }

    @Test func registerWritesEveryFile() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("register").path
        let result = try CLIRunner.run(["register", "examples/northbridge/csv", "-o", out])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("Northbridge, as of 2026-11-01: 41 initiatives — 2 stop, 16 merge, 10 decide, 2 scale, 0 start, 2 coordinate, 9 continue; recommended start:stop 0:2; £83,082 a year freed by the recommended stops\n"))
        let files = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(files == [".convenor-manifest.json", "register-wall.html", "register.csv", "register.html", "register.json", "register.md", "register.xlsx", "timeline.svg"])
        #expect(try CLIRunner.run(["register", "examples/northbridge/csv", "-o", out, "--as-of", "31/03/2027"]).status == 64)
    }
}

@Suite struct DiffCommandTests {
    @Test func comparesASavedOldVersionWithTheCurrentOne() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // As after `git show main:portfolio.xml > old.xml`: the old version is a plain file.
        let old = dir.appendingPathComponent("old.xml")
        try Data(CheckCommandTests.portfolio().utf8).write(to: old)
        let new = dir.appendingPathComponent("new.xml")
        try Data(CheckCommandTests.portfolio(decision: #"<decision value="stop" date="2026-01-20" by="Cabinet"/>"#).utf8).write(to: new)

        let text = try CLIRunner.run(["diff", old.path, new.path])
        #expect(text.status == 0)
        #expect(text.stdout == """
            Changes to Testham

            Decisions recorded (1):
              Winter shelter pilot [winter-shelter]: stop on 2026-01-20 by Cabinet

            Start:stop ratio of this change: 0:0 (0 started, 0 stopped or ended)

            """)
        let markdown = try CLIRunner.run(["diff", old.path, new.path, "--format", "markdown"])
        #expect(markdown.stdout.contains("| Winter shelter pilot (`winter-shelter`) | **stop** | 2026-01-20 | Cabinet |  |\n"))

        // The same portfolio as XML and as a CSV folder: nothing changed.
        let folder = dir.appendingPathComponent("csv").path
        #expect(try CLIRunner.run(["convert", new.path, "-o", folder]).status == 0)
        let same = try CLIRunner.run(["diff", new.path, folder, "--format", "json"])
        #expect(same.status == 0)
        #expect(same.stdout.contains("\"startStopRatio\" : \"0:0\""))
        #expect(same.stdout.contains("\"decisions\" : [\n\n  ]"))
    }

    @Test func anUnreadableVersionExits65() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let broken = dir.appendingPathComponent("old.xml")
        try Data("<portfolio".utf8).write(to: broken)
        #expect(try CLIRunner.run(["diff", broken.path, "examples/northbridge/portfolio.xml"]).status == 65)
    }
}
