import Foundation
import Testing
import ConvenorTestSupport
@testable import ConvenorCore

@Suite struct PortfolioDiffTests {
    static let old = """
    <?xml version="1.0" encoding="UTF-8"?>
    <portfolio xmlns="urn:convenor:portfolio:1" place="Testham" as-of="2026-04-01">
      <initiative id="shelter" name="Winter shelter pilot" kind="pilot" status="live" start="2024-11-01">
        <funding source="Rough Sleeping Initiative" kind="grant" amount="180000" per="year" start="2024-11-01" end="2026-03-31"/>
        <review date="2026-01-15" owner="Head of Housing"/>
      </initiative>
      <initiative id="kiosks" name="Digital kiosks pilot" kind="pilot" status="live" start="2024-02-01"/>
      <initiative id="wardens" name="Street wardens pilot" kind="pilot" status="live" start="2024-04-01"/>
      <initiative id="hub" name="Assessment hub" kind="pilot" status="proposed"/>
    </portfolio>
    """

    static let new = """
    <?xml version="1.0" encoding="UTF-8"?>
    <portfolio xmlns="urn:convenor:portfolio:1" place="Testham" as-of="2026-10-01">
      <initiative id="shelter" name="Winter shelter pilot" kind="pilot" status="live" start="2024-11-01">
        <funding source="Rough Sleeping Initiative" kind="grant" amount="200000" per="year" start="2024-11-01" end="2027-03-31"/>
        <funding source="Core budget" kind="core" amount="50000" per="year" start="2026-04-01"/>
        <review date="2026-01-15" owner="Head of Housing"/>
        <decision value="continue" date="2026-01-20" by="Cabinet">One more winter.</decision>
      </initiative>
      <initiative id="wardens" name="Street wardens pilot" kind="pilot" status="stopped" start="2024-04-01">
        <decision value="stop" date="2026-02-11" by="Cabinet">Duplicated patrols.</decision>
      </initiative>
      <initiative id="hub" name="Assessment hub" kind="pilot" status="live"/>
      <initiative id="youth" name="Youth hub" kind="project" status="live"/>
      <initiative id="navigator" name="Navigator pilot" kind="pilot" status="proposed"/>
    </portfolio>
    """

    func diff() throws -> PortfolioDiff {
        let dir = try TestSupport.temporaryDirectory()
        let a = try TestSupport.write(Self.old, named: "old.xml", in: dir)
        let b = try TestSupport.write(Self.new, named: "new.xml", in: dir)
        return PortfolioDiff(old: try PortfolioLoader.load(a).portfolio, new: try PortfolioLoader.load(b).portfolio)
    }

    @Test func reportsEveryKindOfChange() throws {
        let d = try diff()
        #expect(d.text() == """
            Changes to Testham (as of 2026-04-01 → 2026-10-01)

            Added (2):
              + Navigator pilot [navigator]: pilot, proposed
              + Youth hub [youth]: project, live

            Removed (1):
              - Digital kiosks pilot [kiosks]: was live

            Status moves (2):
              Assessment hub [hub]: proposed → live
              Street wardens pilot [wardens]: live → stopped

            Decisions recorded (2):
              Winter shelter pilot [shelter]: continue on 2026-01-20 by Cabinet
              Street wardens pilot [wardens]: stop on 2026-02-11 by Cabinet

            Funding changes (3):
              Winter shelter pilot [shelter]: Rough Sleeping Initiative: £180,000 a year → £200,000 a year
              Winter shelter pilot [shelter]: Rough Sleeping Initiative: ends 2026-03-31 → 2027-03-31
              Winter shelter pilot [shelter]: added: Core budget £50,000 a year, 2026-04-01 to no end

            Start:stop ratio of this change: 2:2 (2 started, 2 stopped or ended)

            """)
    }

    @Test func markdownAndJSON() throws {
        let d = try diff()
        let md = d.markdown()
        #expect(md.hasPrefix("### Portfolio changes: Testham\n\nAs of 2026-04-01 → **2026-10-01**.\n\n**Start:stop ratio of this change: 2:2** (2 started, 2 stopped or ended).\n"))
        #expect(md.contains("| Street wardens pilot (`wardens`) | live | **stopped** |\n"))
        #expect(md.contains("| Winter shelter pilot (`shelter`) | Rough Sleeping Initiative: £180,000 a year → £200,000 a year; Rough Sleeping Initiative: ends 2026-03-31 → 2027-03-31; added: Core budget £50,000 a year, 2026-04-01 to no end | £180,000 → £250,000 |\n"))
        let json = try #require(try JSONSerialization.jsonObject(with: d.json()) as? [String: Any])
        #expect(json["startStopRatio"] as? String == "2:2")
        #expect((json["added"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["navigator", "youth"])
    }

    @Test func identicalPortfoliosHaveNoChanges() throws {
        let p = try PortfolioLoader.load(TestSupport.northbridgeXML).portfolio
        let d = PortfolioDiff(old: p, new: p)
        #expect(d.isEmpty)
        #expect(d.text() == "Changes to Northbridge\nNo initiative changed.\n")
    }
}
