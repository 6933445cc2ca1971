import Foundation
import Testing
import ConvenorTestSupport
@testable import ConvenorCore
import ConvenorTestSupport

/// Consolidation candidates on a planted place whose true groups are known (issue 13).
@Suite("Consolidation candidates")
struct ConsolidationTests {
    /// The planted place, as of 2026-10-01:
    /// - group A (families, wards n1–n2, lead: the family service a-service with a pilot, a pilot and a
    ///   project); a-service also works in n3 and shares a few households with b-pilot: a weak bridge;
    /// - group B (older people, wards n3–n4, lead: b-service);
    /// - group C (young people, n5–n6): three overdue pilots, so no natural lead;
    /// - group V (domestic abuse survivors, n7–n8): a victim service and a victim pilot, and a
    ///   perpetrator programme (perpetrators and survivors) that shares their families; the portfolio
    ///   declares perpetrators never to be merged with survivors;
    /// - a child's and a parent's service in n9 sharing families (no common cohort);
    /// - two bystanders sharing only wards with group A, and a proposal that would overlap group A.
    static func planted() -> Portfolio {
        var contacts = ContactLog.Builder()
        let day = CalendarDate(year: 2026, month: 3, day: 1)
        func meet(_ prefix: String, _ range: Range<Int>, _ initiatives: [String]) {
            for k in range {
                for i in initiatives { contacts.append(household: "\(prefix)\(k)", initiative: i, date: day, assessed: false) }
            }
        }
        let groupA = ["a-service", "a-pilot-1", "a-pilot-2", "a-project"]
        meet("a", 0..<40, groupA)
        meet("ab", 0..<10, ["a-service", "b-pilot"])          // the weak bridge
        meet("b", 0..<30, ["b-service", "b-pilot", "b-project"])
        meet("c", 0..<30, ["c-pilot-1", "c-pilot-2", "c-pilot-3"])
        meet("v", 0..<30, ["da-victim-service", "da-victim-pilot"])
        meet("p", 0..<10, ["da-perpetrator-programme", "da-victim-service"])
        meet("q", 0..<5, ["da-perpetrator-programme", "da-victim-pilot"])
        meet("k", 0..<20, ["child-service", "parent-service"])
        meet("kc", 0..<10, ["child-service"])
        meet("kp", 0..<10, ["parent-service"])

        let overdue = Review(date: CalendarDate(year: 2026, month: 1, day: 15)!, owner: "Board")
        let future = Review(date: CalendarDate(year: 2027, month: 6, day: 30)!, owner: "Board")
        let good = Evidence(level: .monitoring, result: .positive), mixed = Evidence(level: .monitoring, result: .mixed)
        func i(_ id: String, _ kind: InitiativeKind, _ wards: [String], _ cohorts: [String], _ outcomes: [String],
               status: InitiativeStatus = .live, evidence: Evidence? = nil, review: Review? = nil, caseload: Int = 50) -> Initiative {
            Initiative(id: id, name: "Name of \(id)", kind: kind, status: status, department: "Dept", teams: ["team-\(id)"],
                       coverage: .neighbourhoods(wards), cohorts: cohorts, outcomes: outcomes, caseload: caseload,
                       evidence: evidence ?? mixed, review: review ?? future)
        }
        let initiatives = [
            i("a-service", .service, ["n1", "n2", "n3"], ["families"], ["family"], evidence: good, caseload: 400),
            i("a-pilot-1", .pilot, ["n1", "n2"], ["families"], ["family"]),
            i("a-pilot-2", .pilot, ["n1", "n2"], ["families"], ["family"]),
            i("a-project", .project, ["n1", "n2"], ["families"], ["family"]),
            i("b-service", .service, ["n3", "n4"], ["older"], ["older"], evidence: good, caseload: 300),
            i("b-pilot", .pilot, ["n3", "n4"], ["older", "families"], ["older", "family"]),
            i("b-project", .project, ["n3", "n4"], ["older"], ["older"]),
            i("c-pilot-1", .pilot, ["n5", "n6"], ["youth"], ["youth"], review: overdue),
            i("c-pilot-2", .pilot, ["n5", "n6"], ["youth"], ["youth"], review: overdue),
            i("c-pilot-3", .pilot, ["n5", "n6"], ["youth"], ["youth"], review: overdue),
            i("da-victim-service", .service, ["n7", "n8"], ["survivors"], ["safe"], evidence: good),
            i("da-victim-pilot", .pilot, ["n7", "n8"], ["survivors"], ["safe"]),
            i("da-perpetrator-programme", .pilot, ["n7", "n8"], ["perpetrators", "survivors"], ["safe"]),
            i("child-service", .service, ["n9"], ["children"], ["family"]),
            i("parent-service", .service, ["n9"], ["parents"], ["work"]),
            i("bystander-cycling", .service, ["n1", "n2"], ["cyclists"], ["travel"]),
            i("bystander-arts", .service, ["n1", "n2"], ["artists"], ["culture"]),
            i("proposed-family-hub", .pilot, ["n1", "n2"], ["families"], ["family"], status: .proposed),
        ]
        return Portfolio(
            place: Place(name: "Plantham", asOf: CalendarDate(year: 2026, month: 10, day: 1)),
            neighbourhoods: (1...9).map { Neighbourhood(id: "n\($0)", name: "Ward \($0)", population: 1000) },
            teams: initiatives.map { Team(id: "team-\($0.id)", name: "Team of \($0.id)", department: "Dept") },
            cohorts: ["families", "older", "youth", "survivors", "children", "parents", "cyclists", "artists"].map { Cohort(id: $0, name: $0.capitalized) }
                + [Cohort(id: "perpetrators", name: "People who use abuse", neverMergeWith: ["survivors"])],
            outcomes: ["family", "older", "youth", "safe", "work", "travel", "culture"].map { Outcome(id: $0, name: $0) },
            initiatives: initiatives, contacts: contacts.build())
    }

    static let plantedGroups: [Set<String>] = [
        ["a-service", "a-pilot-1", "a-pilot-2", "a-project"],
        ["b-service", "b-pilot", "b-project"],
        ["c-pilot-1", "c-pilot-2", "c-pilot-3"],
        ["da-victim-service", "da-victim-pilot"],
    ]

    @Test("The clusters found are exactly the planted groups, with the right leads")
    func exactlyThePlantedGroups() throws {
        let p = Self.planted()
        let r = OverlapAnalysis.run(p)
        // The place is built so that chaining would join things: the bridge and the victim/perpetrator
        // pair are real links at or above the threshold.
        let score = { (a: String, b: String) in r.pairs.first { ($0.a, $0.b) == (min(a, b), max(a, b)) }?.score ?? 0 }
        #expect(score("a-service", "b-pilot") >= r.options.minScore, "the weak bridge must be a link for the test to mean anything")
        #expect(score("da-perpetrator-programme", "da-victim-service") >= r.options.minScore)
        #expect(score("child-service", "parent-service") >= r.options.minScore)

        #expect(Set(r.clusters.map { Set($0.members) }) == Set(Self.plantedGroups))
        let leads = Dictionary(r.clusters.map { ($0.members.sorted().first ?? "", $0.lead) }, uniquingKeysWith: { a, _ in a })
        #expect(leads["a-pilot-1"] == .some("a-service"))
        #expect(leads["b-pilot"] == .some("b-service"))
        #expect(leads["c-pilot-1"] == .some(nil))
        #expect(leads["da-victim-pilot"] == .some("da-victim-service"))

        let leaderless = try #require(r.cluster(of: "c-pilot-2"))
        #expect(leaderless.leadReason.hasPrefix("no natural lead: decide who leads"))
        #expect(leaderless.leadReason.contains("an overdue pilot (review was due 2026-01-15)"))

        // Every member overlaps its cluster's centre directly, at or above the threshold.
        for c in r.clusters {
            for m in c.members where m != c.centre { #expect(score(m, c.centre) >= r.options.minScore, "\(m) in cluster \(c.id)") }
            #expect(c.centreScores.count == c.members.count - 1)
        }
        // Bystanders, the proposal, the perpetrator programme and the child/parent pair are in no cluster.
        for id in ["bystander-cycling", "bystander-arts", "proposed-family-hub", "da-perpetrator-programme", "child-service", "parent-service"] {
            #expect(r.cluster(of: id) == nil, "\(id) is in a cluster")
        }

        // Same families, different people: coordinate.
        #expect(r.coordination.map { "\($0.a)+\($0.b)" } == [
            "child-service+parent-service", "da-perpetrator-programme+da-victim-pilot", "da-perpetrator-programme+da-victim-service",
        ])
        #expect(r.coordination[0].separations.isEmpty)
        #expect(r.coordination[1].separations == ["perpetrators/survivors"])
        let findings = OverlapAnalysis.findings(r, portfolio: p)
        #expect(findings.contains { $0.contains("coordinate: one plan, one lead professional for the shared families, never a merge") })
        #expect(findings.contains { $0.hasPrefix("Proposed, not running: Name of proposed-family-hub would overlap") })
        #expect(findings.contains { $0.contains("No natural lead: decide who leads") })
    }

    @Test("Without the declaration the perpetrator programme would join the victims' group; with it, never")
    func declarationKeepsApart() throws {
        var p = Self.planted()
        p.cohorts = p.cohorts.map { Cohort(id: $0.id, name: $0.name) }
        let r = OverlapAnalysis.run(p)
        #expect(r.cluster(of: "da-perpetrator-programme")?.members.contains("da-victim-service") == true)
        #expect(!r.coordination.contains { $0.a == "da-perpetrator-programme" })
    }

    @Test("The register merges only inside the planted groups, only into their leads; it coordinates shared families")
    func registerFollows() throws {
        let p = Self.planted()
        let r = OverlapAnalysis.run(p)
        let register = RegisterEngine(overlap: RegisterOverlapFacts(r)).run(p, asOf: CalendarDate(year: 2026, month: 10, day: 1)!)
        let merges = register.entries.filter { $0.recommendation == .merge }
        #expect(Set(merges.map(\.initiative.id)) == ["a-pilot-1", "a-pilot-2", "a-project", "b-pilot", "b-project", "da-victim-pilot"])
        for e in merges {
            let group = try #require(Self.plantedGroups.first { $0.contains(e.initiative.id) })
            let into = try #require(e.into)
            #expect(group.contains(into), "\(e.initiative.id) merges outside its group")
            #expect(r.clusters.contains { $0.lead == into }, "\(into) is not a lead")
            #expect(r.pairs.contains { Set([$0.a, $0.b]) == Set([e.initiative.id, into]) && $0.score >= r.options.minScore })
        }
        // No natural lead: decide who leads, never a merge.
        for id in ["c-pilot-1", "c-pilot-2", "c-pilot-3"] {
            let e = try #require(register.entry(id))
            #expect(e.recommendation == .decide)
            #expect(e.basis.contains("decide who leads"))
        }
        // Shared families across cohorts: coordinate, and a perpetrator programme is never merged.
        let perpetrators = try #require(register.entry("da-perpetrator-programme"))
        #expect(perpetrators.recommendation == .coordinate)
        #expect(perpetrators.ruleIDs == ["shared-families"])
        #expect(perpetrators.flags.first?.reason.contains("cohorts declared never to be merged") == true)
        #expect(register.entry("child-service")?.recommendation == .coordinate)
        #expect(register.entry("parent-service")?.basis.hasPrefix("Coordinate with Name of child-service") == true)
        for id in ["bystander-cycling", "bystander-arts"] { #expect(register.entry(id)?.recommendation == .continue) }
        #expect(register.entry("proposed-family-hub")?.recommendation == .decide)
    }

    @Test("Deterministic whatever the order of the initiatives")
    func orderDoesNotMatter() throws {
        let p = Self.planted()
        var shuffled = p
        shuffled.initiatives.reverse()
        shuffled.cohorts.reverse()
        let a = OverlapAnalysis.run(p), b = OverlapAnalysis.run(shuffled)
        #expect(a.clusters == b.clusters)
        #expect(a.coordination == b.coordination)
    }

    @Test("never-merge-with: both forms read it, convert keeps it, and a dangling or self reference is an error")
    func declarationInBothForms() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let xml = dir.appendingPathComponent("p.xml")
        try """
        <portfolio xmlns="urn:convenor:portfolio:1" place="Testham" as-of="2026-10-01">
          <cohort id="survivors" name="Survivors"/>
          <cohort id="perpetrators" name="Perpetrators" never-merge-with="survivors"/>
        </portfolio>
        """.write(to: xml, atomically: true, encoding: .utf8)
        let fromXML = try PortfolioLoader.load(xml.path).portfolio
        #expect(fromXML.cohorts.map(\.neverMergeWith) == [[], ["survivors"]])
        let csvFiles = CSVPortfolioWriter.render(fromXML)
        let cohorts = try #require(csvFiles.first { $0.path == "cohorts.csv" })
        #expect(String(decoding: cohorts.contents, as: UTF8.self) == "id,name,never-merge-with\nsurvivors,Survivors,\nperpetrators,Perpetrators,survivors\n")
        let folder = dir.appendingPathComponent("csv")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for f in csvFiles { try f.contents.write(to: folder.appendingPathComponent(f.path)) }
        #expect(try PortfolioLoader.load(folder.path).portfolio.cohorts == fromXML.cohorts)
        #expect(XMLPortfolioWriter.render(fromXML, contactsFile: nil).contains("<cohort id=\"perpetrators\" name=\"Perpetrators\" never-merge-with=\"survivors\"/>"))

        try "id,name,never-merge-with\nsurvivors,Survivors,survivors\nperpetrators,Perpetrators,victims\n"
            .write(to: folder.appendingPathComponent("cohorts.csv"), atomically: true, encoding: .utf8)
        do {
            _ = try PortfolioLoader.load(folder.path)
            Issue.record("a dangling never-merge-with was accepted")
        } catch let error as InputError {
            let messages = error.diagnostics.map(\.description)
            #expect(messages.contains { $0.hasSuffix("cohorts.csv:2:3: error: [never-merge-with-self] cohort 'survivors' names itself in never-merge-with; name the cohorts it must never share a merged service with") })
            #expect(messages.contains { $0.contains("cohorts.csv:3:3: error: [dangling-reference] cohort 'perpetrators' names cohort 'victims' in never-merge-with") })
        }
    }
}
