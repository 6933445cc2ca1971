import Foundation
import Testing
import ConvenorTestSupport

/// Valid but extreme portfolios: every command either works or says why, never traps (issue 8).
@Suite("Extreme but valid input")
struct EdgeInputCLITests {
    static let farDates = """
    <portfolio xmlns="urn:convenor:portfolio:1" place="Edge &amp; &lt;Place&gt;" as-of="9999-06-01">
      <neighbourhood id="n" name="N" population="2147483647" imd-decile="10"/>
      <cohort id="c" name="C"/>
      <initiative id="a" name="A" kind="pilot" status="live" start="0001-01-01" end="9999-12-31">
        <funding source="F" amount="99999999999999999999.99" per="year" start="0001-01-01" end="9999-12-31"/>
        <neighbourhoods>n</neighbourhoods>
        <cohorts>c</cohorts>
        <caseload households="2147483647"/>
        <review date="9999-12-31"/>
      </initiative>
      <initiative id="b" name="B" kind="pilot" status="proposed" start="9999-12-31">
        <neighbourhoods>n</neighbourhoods>
        <cohorts>c</cohorts>
        <decision value="merge" into="a" date="0001-01-01"/>
      </initiative>
    </portfolio>
    """

    @Test("far-past and far-future dates, the largest numbers", arguments: Security.commands)
    func farDatesAndBigNumbers(_ command: Security.CommandCase) throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("p.xml").path
        try Data(Self.farDates.utf8).write(to: URL(fileURLWithPath: input))
        // The portfolio is valid, so every command must work on it: exit 65 would be a refusal of valid input.
        let validate = try CLIRunner.run(["validate", input])
        try #require(validate.status == 0, "the edge portfolio no longer validates: \(validate.stderr)")
        let run = try CLIRunner.run(command.arguments(input, dir.appendingPathComponent("out").path))
        #expect(command.exitCodes.contains(run.status), "\(command) ended with \(run.status): \(run.stderr.suffix(400))")
        #expect(!run.stderr.contains("Fatal error"))
    }
}
