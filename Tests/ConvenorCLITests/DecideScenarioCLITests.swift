import Foundation
import Testing
import ConvenorTestSupport

/// `convenor decide` and `convenor scenario` as a programme office runs them (issue 15).
@Suite struct DecideScenarioCLITests {
    static let portfolio = """
    <?xml version="1.0" encoding="UTF-8"?>
    <!-- kept as written -->
    <portfolio xmlns="urn:convenor:portfolio:1" place="Testham" as-of="2026-10-01">
      <initiative id="shelter" name="Winter shelter pilot" kind="pilot" status="live" start="2023-11-01">
        <review date="2026-01-15" owner="Head of Housing"/>
      </initiative>
      <initiative id="hub" name="Assessment hub" kind="service" status="live"/>
    </portfolio>

    """

    func copy() throws -> (URL, String) {
        let dir = try CLIRunner.temporaryDirectory()
        let path = dir.appendingPathComponent("portfolio.xml")
        try Data(Self.portfolio.utf8).write(to: path)
        return (dir, path.path)
    }

    @Test func decideRecordsInPlaceAndCheckSeesIt() throws {
        let (dir, path) = try copy()
        defer { try? FileManager.default.removeItem(at: dir) }
        // The review is overdue: check fails until the decision is recorded.
        #expect(try CLIRunner.run(["check", path]).status == 1)
        let r = try CLIRunner.run(["decide", path, "shelter", "--value", "merge", "--into", "hub", "--date", "2026-09-30", "--by", "Cabinet",
                                   "--rationale", "One front door", "--alternatives", "Run a fourth winter"])
        #expect(r.status == 0)
        #expect(r.stdout == "shelter: merge on 2026-09-30 by Cabinet recorded in \(path)\n")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == Self.portfolio.replacingOccurrences(of: "owner=\"Head of Housing\"/>\n",
                                                            with: "owner=\"Head of Housing\"/>\n    <decision value=\"merge\" date=\"2026-09-30\" by=\"Cabinet\" into=\"hub\" alternatives=\"Run a fourth winter\">One front door</decision>\n"))
        #expect(try CLIRunner.run(["check", path]).status == 0)
    }

    @Test func refusedDecisionExits65AndChangesNothing() throws {
        let (dir, path) = try copy()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLIRunner.run(["decide", path, "shelter", "--value", "merge", "--date", "2026-09-30", "--by", "Cabinet"])
        #expect(r.status == 65)
        #expect(r.stderr == "\(path):4:3: error: [merge-without-into] decision on initiative 'shelter': a merge must say which initiative it merges into\n1 error, 0 warnings\n")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == Self.portfolio)
        let unknown = try CLIRunner.run(["decide", path, "hub2", "--value", "stop", "--date", "2026-09-30", "--by", "Cabinet"])
        #expect(unknown.status == 65)
        #expect(unknown.stderr.hasPrefix("error: [unknown-initiative] \(path) has no initiative 'hub2' (did you mean 'hub'?)"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == Self.portfolio)
    }

    @Test func diffShowsEachDecisionOfTheHistory() throws {
        let (dir, path) = try copy()
        defer { try? FileManager.default.removeItem(at: dir) }
        let old = dir.appendingPathComponent("old.xml").path
        try FileManager.default.copyItem(atPath: path, toPath: old)
        #expect(try CLIRunner.run(["decide", path, "shelter", "--value", "continue", "--date", "2026-02-01", "--by", "Cabinet"]).status == 0)
        #expect(try CLIRunner.run(["decide", path, "shelter", "--value", "stop", "--date", "2026-09-30", "--by", "Cabinet"]).status == 0)
        let diff = try CLIRunner.run(["diff", old, path])
        #expect(diff.stdout.contains("Decisions recorded (2):\n  Winter shelter pilot [shelter]: continue on 2026-02-01 by Cabinet\n  Winter shelter pilot [shelter]: stop on 2026-09-30 by Cabinet\n"))
    }

    @Test func scenarioWritesThreeFilesAndRefusesBadPlans() throws {
        let out = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let example = CLIRunner.root.appendingPathComponent("examples/northbridge/portfolio.xml").path
        let target = out.appendingPathComponent("scenario").path
        let r = try CLIRunner.run(["scenario", example, "--stop", "knife-crime-assemblies", "--merge", "child-poverty-champions=early-help-family-support-east",
                                   "-o", target])
        #expect(r.status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: target).sorted() == [".convenor-manifest.json", "scenario.html", "scenario.json", "scenario.md"].sorted())
        let bad = try CLIRunner.run(["scenario", example, "--merge", "child-poverty-champions=street-wardens-pilot", "-o", out.appendingPathComponent("bad").path])
        #expect(bad.status == 65)
        #expect(bad.stderr == "error: [merge-into-stopped] --merge child-poverty-champions=street-wardens-pilot: the lead 'street-wardens-pilot' is stopped; merge into an initiative that is still running\n1 error, 0 warnings\n")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("bad").path))
    }
}
