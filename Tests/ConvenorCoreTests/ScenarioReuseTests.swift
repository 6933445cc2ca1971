import Foundation
import Testing
import ConvenorTestSupport
@testable import ConvenorCore

/// The scenario's after-analysis is worked out from the before-analysis (issue 17, `ScenarioAfter`):
/// whatever it reuses, the result must be exactly `overlap` on the portfolio changed by hand.
@Suite struct ScenarioReuseTests {
    /// Everything the analysis gives, compared with `overlap` on the changed portfolio (the scenario
    /// works out no cluster savings, so those are left out of the comparison).
    static func expectSame(_ r: OverlapResult, _ hand: OverlapResult, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(r.initiatives == hand.initiatives, sourceLocation: sourceLocation)
        #expect(r.pairs.count == hand.pairs.count, sourceLocation: sourceLocation)
        #expect(r.pairs == hand.pairs, sourceLocation: sourceLocation)
        #expect(r.clusters == hand.clusters.map { var c = $0; c.savings = nil; return c }, sourceLocation: sourceLocation)
        #expect(r.coordination == hand.coordination, sourceLocation: sourceLocation)
        #expect(r.neighbourhoods == hand.neighbourhoods, sourceLocation: sourceLocation)
        #expect(r.households == hand.households, sourceLocation: sourceLocation)
        #expect(OverlapTables.summaryJSON(r) == OverlapTables.summaryJSON(hand), sourceLocation: sourceLocation)
    }

    /// Households meeting fewer front doors, and households no longer met, counted with dictionaries of ids.
    static func frontDoorsByHand(_ p: Portfolio, stops: Set<String>, merges: [String: String]) -> (fewer: Int, gone: Int) {
        let hasDoor = Set(p.initiatives.filter { $0.assessment != nil }.map(\.id))
        var before: [String: Set<String>] = [:], after: [String: Set<String>] = [:], met = Set<String>(), all = Set<String>()
        let log = p.contacts
        for c in 0 ..< log.count {
            let household = log.householdIDs[Int(log.household[c])], id = log.initiativeIDs[Int(log.initiative[c])]
            all.insert(household)
            if hasDoor.contains(id) { before[household, default: []].insert(id) }
            guard !stops.contains(id) else { continue }
            met.insert(household)
            let target = merges[id] ?? id
            if hasDoor.contains(target) { after[household, default: []].insert(target) }
        }
        let fewer = met.count { (after[$0]?.count ?? 0) < (before[$0]?.count ?? 0) }
        return (fewer, all.count - met.count)
    }

    /// The whole scenario against the hand-made portfolio: both analyses, front doors, registers.
    static func checkScenario(_ p: Portfolio, stops: [String], merges: [String: String], options: OverlapOptions = .init(),
                              sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> ScenarioResult {
        let plan = ScenarioPlan(stops: stops, merges: merges.sorted { $0.key < $1.key }.map { .init(initiative: $0.key, into: $0.value) })
        let r = try ScenarioAnalysis.run(p, plan: plan, options: options, registerSettings: RegisterSettings())
        let changed = ScenarioTests.changedByHand(p, stops: Set(stops), merges: merges)
        let hand = OverlapAnalysis.run(changed, options: options), plain = OverlapAnalysis.run(p, options: options)
        expectSame(r.before, plain, sourceLocation: sourceLocation)
        expectSame(r.after, hand, sourceLocation: sourceLocation)
        let doors = frontDoorsByHand(p, stops: Set(stops), merges: merges)
        #expect(r.householdsFewerFrontDoors == doors.fewer, sourceLocation: sourceLocation)
        #expect(r.householdsNoLongerMet == doors.gone, sourceLocation: sourceLocation)
        if let asOf = p.place.asOf {
            #expect(r.registerBefore == RegisterEngine(overlap: RegisterOverlapFacts(plain)).run(p, asOf: asOf).summary, sourceLocation: sourceLocation)
            #expect(r.registerAfter == RegisterEngine(overlap: RegisterOverlapFacts(hand)).run(changed, asOf: asOf).summary, sourceLocation: sourceLocation)
        } else {
            Issue.record("the place has no as-of date: the registers were not compared", sourceLocation: sourceLocation)
        }
        return r
    }

    @Test func everyPartOfTheExampleIsTheOverlapOfTheChangedPortfolio() throws {
        for input in [TestSupport.northbridgeXML, TestSupport.northbridgeCSV] {
            let p = try PortfolioLoader.load(input).portfolio
            _ = try Self.checkScenario(p, stops: ["knife-crime-assemblies", "cost-of-living-outreach"],
                                       merges: ["child-poverty-champions": "early-help-family-support-east",
                                                "family-navigator-pilot": "early-help-family-support-east",
                                                "hospital-idva": "safe-at-home-da"])
            _ = try Self.checkScenario(p, stops: [], merges: ["family-navigator-pilot": "early-help-family-support-east"])
        }
    }

    /// Lead and X share no neighbourhood and no household; M shares households with X. Merging M into
    /// the lead gives the lead M's households, so the lead and X overlap afterwards: a pair the
    /// before-analysis never had.
    static let pairton = """
    <?xml version="1.0" encoding="UTF-8"?>
    <portfolio xmlns="urn:convenor:portfolio:1" place="Pairton" as-of="2026-10-01" contacts="contacts.csv">
      <neighbourhood id="n1" name="North" population="1000"/>
      <neighbourhood id="n2" name="South" population="500"/>
      <team id="t1" name="North team" neighbourhoods="n1"/>
      <team id="t2" name="South team" neighbourhoods="n2"/>
      <initiative id="lead" name="Lead service" kind="service" status="live">
        <teams>t2</teams><neighbourhoods>n2</neighbourhoods>
        <assessment name="Lead assessment" unit-cost="100"/>
      </initiative>
      <initiative id="m" name="Member" kind="pilot" status="live">
        <teams>t1</teams><neighbourhoods>n1</neighbourhoods>
        <assessment name="M assessment" unit-cost="40"/>
      </initiative>
      <initiative id="x" name="Other service" kind="service" status="live">
        <teams>t1</teams><neighbourhoods>n1</neighbourhoods>
      </initiative>
      <initiative id="y" name="Stopped pilot" kind="pilot" status="live">
        <teams>t2</teams><neighbourhoods>n2</neighbourhoods>
      </initiative>
    </portfolio>
    """

    static let pairtonContacts = """
    household,initiative,date,assessed
    h1,m,2026-01-01,true
    h1,x,2026-01-02,false
    h2,m,2026-01-03,true
    h2,lead,2026-02-03,true
    h3,x,2026-01-04,false
    h4,lead,2026-01-05,true
    h4,y,2025-12-01,false
    h5,y,2026-03-01,false
    """

    @Test func aMergeCanMakeAPairThatDidNotOverlapBefore() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try TestSupport.write(Self.pairtonContacts, named: "contacts.csv", in: dir)
        let p = try PortfolioLoader.load(try TestSupport.write(Self.pairton, named: "pairton.xml", in: dir)).portfolio
        let r = try Self.checkScenario(p, stops: ["y"], merges: ["m": "lead"], options: OverlapOptions(suppressBelow: 0))
        #expect(!r.before.pairs.contains { $0.a == "lead" && $0.b == "x" })
        let pair = try #require(r.after.pairs.first(where: { $0.a == "lead" && $0.b == "x" }))
        #expect(pair.sharedHouseholds == 1 && pair.sharedNeighbourhoods == 0)
        // y had the first contact and h5 to itself: the first contact moves, and h5 is no longer met.
        #expect(r.before.households.firstContact?.iso == "2025-12-01")
        #expect(r.after.households.firstContact?.iso == "2026-01-01")
        #expect(r.after.households.lastContact?.iso == "2026-02-03")
        #expect(r.householdsNoLongerMet == 1)
    }

    /// synth.py's place (300 initiatives, 6,000 households): three stops (one of them the initiative
    /// with the first contact) and five merges into three leads, chosen where households are shared.
    @Test(.needs(.sharedBench)) func severalStopsAndMergesOnASyntheticPlace() throws {
        let synth = TestSupport.shared.appendingPathComponent("bench/synth.py").path
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("place").path
        let made = try Shell.run(["python3", synth, input, "--initiatives", "300", "--households", "6000", "--seed", "7"])
        try #require(made.status == 0, "synth.py failed: \(made.stderr)")
        let p = try PortfolioLoader.load(input).portfolio
        let before = OverlapAnalysis.run(p)
        try #require(before.pairs.count > 1000)

        // A stop: the initiative with the first contact among those running.
        let log = p.contacts, active = Set(before.initiatives.map(\.id))
        let firstContact = try #require((0 ..< log.count).filter { active.contains(log.initiativeIDs[Int(log.initiative[$0])]) }
            .min { (log.day[$0], $0) < (log.day[$1], $1) })
        var stops = [log.initiativeIDs[Int(log.initiative[firstContact])]]
        // Leads and members from the pairs sharing the most households; each id in one role only.
        var merges: [String: String] = [:], leads = Set<String>(), used = Set(stops)
        for pair in before.pairs.sorted(by: { ($0.sharedHouseholds, $1.a, $1.b) > ($1.sharedHouseholds, $0.a, $0.b) }) {
            guard merges.count < 5 else { break }
            let (lead, member) = (pair.a, pair.b)
            guard !used.contains(member), !merges.keys.contains(lead), !stops.contains(lead), leads.count < 3 || leads.contains(lead) else { continue }
            merges[member] = lead
            leads.insert(lead)
            used.formUnion([lead, member])
        }
        try #require(merges.count == 5 && leads.count <= 3 && Set(merges.values).count < 5, "\(merges)")
        stops += before.initiatives.map(\.id).filter { !used.contains($0) && !stops.contains($0) }.prefix(3 - stops.count)
        try #require(stops.count == 3 && stops.allSatisfy { before.node($0) != nil } && Set(stops).isDisjoint(with: merges.keys)
                     && Set(stops).isDisjoint(with: merges.values), "\(stops)")

        let r = try Self.checkScenario(p, stops: stops, merges: merges)
        #expect(r.after.pairs.count != r.before.pairs.count)
        #expect(r.after.households.repeatedAssessments < r.before.households.repeatedAssessments)
    }
}
