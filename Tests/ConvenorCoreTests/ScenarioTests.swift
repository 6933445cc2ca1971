import Foundation
import Testing
import ConvenorTestSupport
@testable import ConvenorCore

/// `convenor scenario` (issue 15): the `after` figures are the overlap analysis of the portfolio
/// changed by hand as the issue defines; the savings equal the difference.
@Suite struct ScenarioTests {
    /// The definitions, applied by hand with plain arrays (independently of `ScenarioTransform`).
    static func changedByHand(_ p: Portfolio, stops: Set<String>, merges: [String: String]) -> Portfolio {
        var q = p
        for k in q.initiatives.indices where stops.contains(q.initiatives[k].id) || merges[q.initiatives[k].id] != nil {
            q.initiatives[k].status = .stopped
        }
        let log = p.contacts
        var rows: [(household: String, initiative: String, date: CalendarDate?, assessed: Bool)] = []
        for c in 0 ..< log.count {
            let id = log.initiativeIDs[Int(log.initiative[c])]
            if stops.contains(id) { continue }
            rows.append((log.householdIDs[Int(log.household[c])], merges[id] ?? id, log.date(at: c), log.assessed[c]))
        }
        let leads = Set(merges.values)
        let order = rows.indices.filter { leads.contains(rows[$0].initiative) }.sorted { a, b in
            let da = rows[a].date?.daysSinceEpoch ?? .min, db = rows[b].date?.daysSinceEpoch ?? .min
            return da != db ? da < db : a < b
        }
        var seen = Set<String>()
        for k in order where rows[k].assessed {
            if !seen.insert(rows[k].initiative + "\u{0}" + rows[k].household).inserted { rows[k].assessed = false }
        }
        var builder = ContactLog.Builder()
        for r in rows { builder.append(household: r.household, initiative: r.initiative, date: r.date, assessed: r.assessed) }
        q.contacts = builder.build()
        return q
    }

    @Test func afterIsTheOverlapOfTheExampleChangedByHand() throws {
        let p = try PortfolioLoader.load(TestSupport.northbridgeXML).portfolio
        let plan = ScenarioPlan(stops: ["knife-crime-assemblies", "cost-of-living-outreach"],
                                merges: [.init(initiative: "child-poverty-champions", into: "early-help-family-support-east"),
                                         .init(initiative: "family-navigator-pilot", into: "early-help-family-support-east"),
                                         .init(initiative: "hospital-idva", into: "safe-at-home-da")])
        let result = try ScenarioAnalysis.run(p, plan: plan)
        let hand = OverlapAnalysis.run(Self.changedByHand(p, stops: ["knife-crime-assemblies", "cost-of-living-outreach"],
                                                          merges: ["child-poverty-champions": "early-help-family-support-east",
                                                                   "family-navigator-pilot": "early-help-family-support-east",
                                                                   "hospital-idva": "safe-at-home-da"]))
        #expect(OverlapTables.summaryJSON(result.after) == OverlapTables.summaryJSON(hand))
        #expect(OverlapTables.summaryJSON(result.before) == OverlapTables.summaryJSON(OverlapAnalysis.run(p)))
        #expect(result.after.neighbourhoods == hand.neighbourhoods)
        #expect(result.after.households.repeatedAssessments < result.before.households.repeatedAssessments)
        #expect(ScenarioSavings.of(plan, in: p) == result.savings)

        // scenario.json's `after` holds exactly overlap's summary keys and values, plus its own.
        let json = try #require(try JSONSerialization.jsonObject(with: Data(ScenarioRenderer.json(result).utf8)) as? [String: Any])
        let after = try #require(json["after"] as? [String: Any])
        let overlap = try #require(try JSONSerialization.jsonObject(with: Data(OverlapTables.summaryJSON(hand).utf8)) as? [String: Any])
        #expect(Set(after.keys) == Set(overlap.keys).union(["front-doors", "neighbourhoods"]))
        for (key, value) in overlap { #expect("\(after[key]!)" == "\(value)", "\(key)") }
    }

    /// A place small enough to count by hand.
    static let synthetic = """
    <?xml version="1.0" encoding="UTF-8"?>
    <portfolio xmlns="urn:convenor:portfolio:1" place="Smallton" as-of="2026-10-01" contacts="contacts.csv">
      <neighbourhood id="n1" name="North" population="1000"/>
      <neighbourhood id="n2" name="South" population="1000"/>
      <team id="t-lead" name="Lead team" neighbourhoods="n1 n2"/>
      <team id="t-a" name="A team" neighbourhoods="n1"/>
      <team id="t-s" name="S team" neighbourhoods="n1"/>
      <initiative id="lead" name="Lead service" kind="service" status="live">
        <funding source="Core" amount="90000" per="year"/>
        <teams>t-lead</teams><neighbourhoods>n1 n2</neighbourhoods>
        <assessment name="Lead assessment" unit-cost="100"/>
      </initiative>
      <initiative id="a" name="Pilot A" kind="pilot" status="live">
        <funding source="Grant" amount="6000" per="year"/>
        <funding source="Old grant" amount="5000" per="year" end="2025-03-31"/>
        <teams>t-a</teams><neighbourhoods>n1</neighbourhoods>
        <assessment name="A assessment" unit-cost="50"/>
      </initiative>
      <initiative id="s" name="Pilot S" kind="pilot" status="live">
        <funding source="Grant" amount="12000" per="year"/>
        <teams>t-s</teams><neighbourhoods>n1</neighbourhoods>
        <assessment name="S assessment" unit-cost="30"/>
      </initiative>
      <initiative id="old" name="Old pilot" kind="pilot" status="stopped"/>
    </portfolio>
    """

    // h1: A then the lead (the lead's is repeated); h2: the lead twice; h3: S then A; h4: S only.
    static let contacts = """
    household,initiative,date,assessed
    hid-alpha,a,2026-01-01,true
    hid-alpha,lead,2026-02-01,true
    hid-bravo,lead,2026-01-05,true
    hid-bravo,lead,2026-03-05,true
    hid-charlie,s,2026-01-10,true
    hid-charlie,a,2026-02-10,true
    hid-delta,s,2026-01-20,true
    """

    static func syntheticPlace() throws -> Portfolio {
        let dir = try TestSupport.temporaryDirectory()
        _ = try TestSupport.write(contacts, named: "contacts.csv", in: dir)
        return try PortfolioLoader.load(try TestSupport.write(synthetic, named: "smallton.xml", in: dir)).portfolio
    }

    @Test func syntheticPlaceCountedByHand() throws {
        let p = try Self.syntheticPlace()
        let plan = ScenarioPlan(stops: ["s"], merges: [.init(initiative: "a", into: "lead")])
        let r = try ScenarioAnalysis.run(p, plan: plan, options: OverlapOptions(suppressBelow: 0))
        let (b, a) = (r.before.households, r.after.households)
        #expect([b.households, b.householdsMulti, b.assessments, b.repeatedAssessments] as [Int] == [4, 2, 7, 3])
        #expect(b.duplicatedAssessmentCost == 250)   // 100 (h1's lead) + 100 (h2's second) + 50 (h3's A)
        // After: h1 and h2 are assessed once by the merged service, h3 once (A's contact is now the lead's), h4 is not met.
        #expect([a.households, a.householdsMulti, a.assessments, a.repeatedAssessments] as [Int] == [3, 0, 3, 0])
        #expect(a.duplicatedAssessmentCost == 0)
        #expect([r.before.initiatives.count, r.after.initiatives.count] as [Int] == [3, 1])
        #expect([r.frontDoorsBefore, r.frontDoorsAfter] as [Int] == [3, 1])
        #expect(r.fundingFreed == 12000)
        #expect(r.fundingReplanned == 6000)  // the line that ended before as-of is not counted
        #expect([r.householdsFewerFrontDoors, r.householdsNoLongerMet] as [Int] == [2, 1])
        #expect(r.savings == ScenarioSavings(repeatedAssessmentsAvoided: 3, costAvoided: 250, frontDoorsRemoved: 2))
        #expect(ScenarioSavings.of(plan, in: p) == r.savings)
        #expect(r.before.neighbourhoods.map(\.frontDoors) == [3, 1])
        #expect(r.after.neighbourhoods.map(\.frontDoors) == [1, 1])
        #expect(r.after.neighbourhoods.map(\.teams) == [1, 1])
        let hand = OverlapAnalysis.run(Self.changedByHand(p, stops: ["s"], merges: ["a": "lead"]), options: OverlapOptions(suppressBelow: 0))
        #expect(OverlapTables.summaryJSON(r.after) == OverlapTables.summaryJSON(hand))
    }

    @Test func badPlansAreRefusedWithReasons() throws {
        let p = try Self.syntheticPlace()
        func refusal(stops: [String] = [], merges: [String] = []) -> [String] {
            do {
                _ = try ScenarioAnalysis.run(p, plan: try ScenarioPlan.parse(stops: stops, merges: merges))
                return []
            } catch let e as InputError {
                return e.diagnostics.map(\.description)
            } catch {
                return ["\(error)"]
            }
        }
        #expect(refusal() == ["error: [bad-plan] the plan is empty; give at least one --stop ID or --merge ID=LEAD"])
        #expect(refusal(merges: ["a"]) == ["error: [bad-plan] --merge 'a' is not written as ID=LEAD (the initiative, '=', the lead it merges into)"])
        #expect(refusal(stops: ["b"]) == ["error: [unknown-initiative] --stop b names initiative 'b', which the portfolio does not have (did you mean 'a'?)"])
        #expect(refusal(merges: ["a=a"]) == ["error: [merge-into-self] --merge a=a: an initiative cannot merge into itself; name the lead it joins"])
        #expect(refusal(merges: ["a=old"]) == ["error: [merge-into-stopped] --merge a=old: the lead 'old' is stopped; merge into an initiative that is still running"])
        #expect(refusal(stops: ["lead"], merges: ["a=lead"])
                == ["error: [merge-into-stopped] --merge a=lead: the lead 'lead' is stopped by this plan (--stop lead); merge into an initiative that carries on"])
        #expect(refusal(merges: ["a=s", "s=lead"])
                == ["error: [merge-chain] --merge a=s: the lead 's' itself merges into 'lead'; merge straight into the final lead (--merge a=lead)"])
        #expect(refusal(stops: ["a"], merges: ["a=lead"]) == ["error: [bad-plan] initiative 'a' is in the plan twice (--stop a, and --merge a=lead); keep one"])
        #expect(refusal(stops: ["old"]) == ["error: [bad-plan] --stop old: initiative 'old' is already stopped; there is nothing to stop"])
    }

    @Test func outputIsDeterministicAndHasNoHouseholdIDs() throws {
        let p = try Self.syntheticPlace()
        let plan = ScenarioPlan(stops: ["s"], merges: [.init(initiative: "a", into: "lead")])
        let one = ScenarioRenderer.render(try ScenarioAnalysis.run(p, plan: plan), portfolio: p)
        let two = ScenarioRenderer.render(try ScenarioAnalysis.run(p, plan: plan), portfolio: p)
        #expect(one == two)
        #expect(one.map(\.path) == ["scenario.json", "scenario.md", "scenario.html"])
        for file in one {
            let text = String(decoding: file.contents, as: UTF8.self)
            for h in ["hid-alpha", "hid-bravo", "hid-charlie", "hid-delta"] { #expect(!text.contains(h), "\(file.path) names a household") }
        }
        // Small household counts are suppressed (default threshold 5).
        let md = String(decoding: one[1].contents, as: UTF8.self)
        #expect(md.contains("| Households met | fewer than 5 | fewer than 5 | suppressed |"))
    }

    /// The overlap clusters and the register's merge recommendations say what consolidating saves:
    /// the scenario's own figures for the same merges.
    @Test func clusterAndRegisterSavingsAreTheScenarios() throws {
        let p = try PortfolioLoader.load(TestSupport.northbridgeXML).portfolio
        let overlap = OverlapAnalysis.run(p)
        #expect(!overlap.clusters.isEmpty)
        for c in overlap.clusters {
            guard let lead = c.lead else {
                #expect(c.savings == nil)
                continue
            }
            let active = Set(p.initiatives.filter(\.status.isActive).map(\.id))
            let plan = ScenarioPlan(merges: c.members.filter { $0 != lead && active.contains($0) }.map { .init(initiative: $0, into: lead) })
            #expect(c.savings == (try ScenarioAnalysis.run(p, plan: plan)).savings, "cluster \(c.id)")
        }
        let register = RegisterEngine(overlap: RegisterOverlapFacts(overlap)).run(p, asOf: try #require(p.place.asOf))
        let merges = register.entries.filter { $0.recommendation == .merge }
        #expect(merges.count >= 2)
        for e in merges {
            let plan = ScenarioPlan(merges: [.init(initiative: e.initiative.id, into: try #require(e.into))])
            let savings = try ScenarioAnalysis.run(p, plan: plan).savings
            #expect(e.savings == savings, "\(e.initiative.id)")
            #expect(e.basis.hasSuffix(SavingsText.sentence(savings, hasContacts: true, currency: "GBP")))
        }
    }
}
