import Foundation
import Testing
@testable import ConvenorCore

@Suite("Live activities in workshop definitions (issue 16)")
struct WorkshopActivityTests {
    @Test("pilot-review carries a card sort, a dot vote and decision capture, in running order")
    func pilotReview() throws {
        let w = try #require(try WorkshopCatalogue.builtIn("pilot-review"))
        #expect(w.activities.map(\.id) == ["sort-pilots", "discuss-first", "record-decisions"])
        #expect(w.activities.map(\.kind) == [.cardSort, .dotVote, .decisions])
        #expect(w.activities.map(\.items) == [.pilots, .registerCandidates, .pilots])
        let dots = w.activities[1]
        #expect(dots.dots == 5 && dots.perItem == 2)
        #expect(dots.title == "Which pilots should we discuss first?")
        #expect(dots.question?.hasPrefix("Spread your five dots") == true)
        #expect(w.sessions.first { $0.id == "card-sort" }?.activities.map(\.id) == ["sort-pilots"])
    }

    @Test("overlap clusters and barrier cards have their dot votes")
    func otherWorkshops() throws {
        #expect(try WorkshopCatalogue.builtIn("overlap-walk")?.activities.map(\.items) == [.overlapClusters])
        #expect(try WorkshopCatalogue.builtIn("whats-stopping-us")?.activities.map(\.items) == [.barriers])
        #expect(try WorkshopCatalogue.builtIn("system-wide")?.activities.isEmpty == true)
    }

    func workshop(activity: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <workshop xmlns="urn:convenor:workshop:1" id="w" version="1" minutes="30">
          <title>T</title><purpose>P</purpose><audience>A</audience>
          <outcomes><outcome>O</outcome></outcomes><preparation><step>S</step></preparation>
          <session id="s" minutes="30" method="plenary"><title>T</title><purpose>P</purpose><notes><p>N</p></notes>
            \(activity)
          </session>
        </workshop>
        """
    }

    @Test("an unknown kind, items or a duplicate id is refused by the schema, with the line")
    func refused() throws {
        for bad in [#"<activity id="a" kind="ranking" items="pilots"><title>X</title></activity>"#,
                    #"<activity id="a" kind="dot-vote" items="people"><title>X</title></activity>"#,
                    #"<activity id="a" kind="dot-vote" items="pilots" dots="0"><title>X</title></activity>"#,
                    #"<activity id="a" kind="card-sort" items="pilots"><title>X</title></activity><activity id="a" kind="card-sort" items="pilots"><title>Y</title></activity>"#] {
            #expect {
                _ = try WorkshopReader.read(text: workshop(activity: bad), displayName: "w.xml")
            } throws: { error in
                (error as? InputError)?.diagnostics.contains { $0.location?.line == 6 || $0.location?.line == 1 } == true
            }
        }
        let ok = try WorkshopReader.read(text: workshop(activity: #"<activity id="a" kind="dot-vote" items="barriers"><title>X</title></activity>"#), displayName: "w.xml")
        #expect(ok.activities.first?.dots == 5 && ok.activities.first?.perItem == 3)
    }
}
