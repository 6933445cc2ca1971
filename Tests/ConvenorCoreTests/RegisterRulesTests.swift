import Foundation
import Testing
import ConvenorTestSupport
@testable import ConvenorCore

/// A hand-made stand-in for the overlap analysis.
struct FakeOverlap: OverlapFacts {
    /// A nil lead: no natural lead (the first member is then the centre).
    var clusters: [(lead: String?, members: [String])] = []
    var pairs: [(String, String)] = []
    var families: [String: [SharedFamilies]] = [:]

    func cluster(containing id: String) -> ConsolidationGroup? {
        guard let c = clusters.first(where: { $0.members.contains(id) }) else { return nil }
        let centre = c.lead ?? c.members[0]
        var scores: [String: Double] = [:]
        for m in c.members where m != centre && overlappingInitiatives(of: m).contains(centre) { scores[m] = 0.5 }
        return ConsolidationGroup(lead: c.lead, members: c.members, scoreWithCentre: scores)
    }

    func overlappingInitiatives(of id: String) -> [String] {
        pairs.compactMap { $0.0 == id ? $0.1 : $0.1 == id ? $0.0 : nil }.sorted()
    }

    func sharedFamilies(of id: String) -> [SharedFamilies] { families[id] ?? [] }
}

func day(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }

func initiative(_ id: String = "x", kind: InitiativeKind = .pilot, status: InitiativeStatus = .live, start: String? = "2025-01-01",
                funding: [FundingLine] = [], evidence: Evidence? = Evidence(level: .monitoring, result: .mixed),
                review: Review? = nil, decision: Decision? = nil) -> Initiative {
    Initiative(id: id, name: "Pilot \(id)", kind: kind, status: status, start: start.map(day), funding: funding,
               evidence: evidence, review: review, decision: decision)
}

func run(_ initiatives: [Initiative], asOf: String, settings: RegisterSettings = RegisterSettings(),
         overlap: (any OverlapFacts)? = nil) -> Register {
    RegisterEngine(settings: settings, overlap: overlap).run(Portfolio(place: Place(name: "Testham"), initiatives: initiatives), asOf: day(asOf))
}

func rules(_ r: Register, _ id: String = "x") -> [String] { r.entry(id)?.flags.map(\.rule.rawValue) ?? [] }

@Suite struct RegisterRuleEdgeTests {
    // review-overdue: due 2026-01-15; overdue from the day after, unless a decision is dated on or after it.
    @Test func reviewOverdueEdges() {
        let i = initiative(review: Review(date: day("2026-01-15"), owner: "Head of Housing"))
        #expect(rules(run([i], asOf: "2026-01-14")).isEmpty)
        #expect(rules(run([i], asOf: "2026-01-15")).isEmpty)
        let late = run([i], asOf: "2026-01-16")
        #expect(rules(late) == ["review-overdue"])
        #expect(late.entry("x")?.flags.first?.reason == "review was due 2026-01-15, no decision since (owner: Head of Housing)")
        #expect(late.entry("x")?.flags.first?.severity == .error)
        #expect(late.entry("x")?.recommendation == .decide)

        var decidedOnTheDay = i
        decidedOnTheDay.decision = Decision(value: .continue, date: day("2026-01-15"))
        #expect(rules(run([decidedOnTheDay], asOf: "2026-01-16")).isEmpty)
        var decidedTheDayBefore = i
        decidedTheDayBefore.decision = Decision(value: .continue, date: day("2026-01-14"))
        #expect(rules(run([decidedTheDayBefore], asOf: "2026-01-16")) == ["review-overdue"])
    }

    @Test func reviewGraceDays() {
        var settings = RegisterSettings()
        settings.reviewGraceDays = 14
        let i = initiative(review: Review(date: day("2026-01-15")))
        #expect(rules(run([i], asOf: "2026-01-29", settings: settings)).isEmpty)
        #expect(rules(run([i], asOf: "2026-01-30", settings: settings)) == ["review-overdue"])
        #expect(run([i], asOf: "2026-01-30", settings: settings).entry("x")?.flags.first?.reason == "review was due 2026-01-15, no decision since")
    }

    // funding-cliff: as-of 2026-11-01, 6 months ahead is 2027-05-01 (inclusive).
    @Test func fundingCliffEdges() {
        func flagged(end: String) -> Bool {
            let line = FundingLine(source: "Grant", kind: .grant, amount: 100_000, per: .year, start: day("2025-04-01"), end: day(end))
            return rules(run([initiative(funding: [line])], asOf: "2026-11-01")) == ["funding-cliff"]
        }
        #expect(!flagged(end: "2026-10-31"))  // already ended
        #expect(flagged(end: "2026-11-01"))
        #expect(flagged(end: "2027-04-30"))
        #expect(flagged(end: "2027-05-01"))
        #expect(!flagged(end: "2027-05-02"))

        let line = FundingLine(source: "Household Support Fund", kind: .grant, amount: 240_000, per: .year, start: day("2025-04-01"), end: day("2027-03-31"))
        let flag = run([initiative(funding: [line])], asOf: "2026-11-01").entry("x")?.flags.first
        #expect(flag?.reason == "Household Support Fund funding of £240,000 a year ends 2027-03-31 (in 4 months) and no decision has been recorded since it started on 2025-04-01")
        #expect(flag?.fundingLine == 0)
    }

    @Test func fundingCliffIsCoveredByADecisionSinceTheLineStartedOrByAFollowOnLine() {
        let line = FundingLine(source: "Grant", amount: 50_000, per: .total, start: day("2025-04-01"), end: day("2027-03-31"))
        let onStart = initiative(funding: [line], decision: Decision(value: .continue, date: day("2025-04-01")))
        #expect(rules(run([onStart], asOf: "2026-11-01")).isEmpty)
        let before = initiative(funding: [line], decision: Decision(value: .continue, date: day("2025-03-31")))
        #expect(rules(run([before], asOf: "2026-11-01")) == ["funding-cliff"])
        let followOn = FundingLine(source: "Core budget", kind: .core, amount: 50_000, per: .year, start: day("2027-04-01"))
        #expect(rules(run([initiative(funding: [line, followOn])], asOf: "2026-11-01")).isEmpty)
        let gap = FundingLine(source: "Core budget", kind: .core, amount: 50_000, per: .year, start: day("2027-04-02"))
        #expect(rules(run([initiative(funding: [line, gap])], asOf: "2026-11-01")) == ["funding-cliff"])
    }

    // pilotitis: started 2024-11-01; 24 months later is 2026-11-01; flagged from 2026-11-02.
    @Test func pilotitisEdges() {
        let i = initiative(start: "2024-11-01")
        #expect(rules(run([i], asOf: "2026-10-31")).isEmpty)
        #expect(rules(run([i], asOf: "2026-11-01")).isEmpty)
        let r = run([i], asOf: "2026-11-02")
        #expect(rules(r) == ["pilotitis"])
        #expect(r.entry("x")?.flags.first?.reason == "pilot live since 2024-11-01 (24 months) with no stop, scale or merge decision")
        #expect(rules(run([initiative(kind: .project, start: "2024-11-01")], asOf: "2026-11-02")).isEmpty)
        #expect(rules(run([initiative(status: .paused, start: "2024-11-01")], asOf: "2026-11-02")).isEmpty)
        let scaled = initiative(start: "2024-11-01", decision: Decision(value: .scale, date: day("2026-01-01")))
        #expect(rules(run([scaled], asOf: "2026-11-02")).isEmpty)
        let continued = initiative(start: "2024-11-01", decision: Decision(value: .continue, date: day("2026-01-01")))
        #expect(rules(run([continued], asOf: "2026-11-02")) == ["pilotitis"])
    }

    // no-evidence: started 2025-11-01; 12 months later is 2026-11-01.
    @Test func noEvidenceEdges() {
        let anecdotal = initiative(kind: .project, start: "2025-11-01", evidence: Evidence(level: .anecdotal, source: "Case studies"))
        #expect(rules(run([anecdotal], asOf: "2026-10-31")).isEmpty)
        #expect(rules(run([anecdotal], asOf: "2026-11-01")).isEmpty)
        let r = run([anecdotal], asOf: "2026-11-02")
        #expect(rules(r) == ["no-evidence"])
        #expect(r.entry("x")?.flags.first?.reason == "live since 2025-11-01 (12 months) with only anecdotal evidence (Case studies): evaluate it or stop it")
        let missing = initiative(kind: .project, start: "2025-11-01", evidence: nil)
        #expect(run([missing], asOf: "2026-11-02").entry("x")?.flags.first?.reason == "live since 2025-11-01 (12 months) with no evidence recorded: evaluate it or stop it")
        #expect(rules(run([initiative(kind: .project, start: "2025-11-01", evidence: Evidence(level: .none))], asOf: "2026-11-02")) == ["no-evidence"])
        #expect(rules(run([initiative(kind: .project, start: "2025-11-01", evidence: Evidence(level: .monitoring))], asOf: "2026-11-02")).isEmpty)
    }

    @Test func evidenceRulesAndTheirLevels() {
        let negative = initiative(evidence: Evidence(level: .evaluated, result: .negative, date: day("2026-04-30"), source: "Evaluation"))
        let r = run([negative], asOf: "2026-11-01")
        #expect(rules(r) == ["negative-evidence"])
        #expect(r.entry("x")?.flags.first?.reason == "evaluated evidence is negative (2026-04-30, Evaluation)")
        #expect(r.entry("x")?.recommendation == .stop)
        #expect(rules(run([initiative(evidence: Evidence(level: .monitoring, result: .negative))], asOf: "2026-11-01")) == ["negative-evidence"])
        #expect(!rules(run([initiative(evidence: Evidence(level: .anecdotal, result: .negative))], asOf: "2026-11-01")).contains("negative-evidence"))

        let positive = initiative(evidence: Evidence(level: .evaluated, result: .positive))
        #expect(run([positive], asOf: "2026-11-01").entry("x")?.recommendation == .scale)
        #expect(rules(run([initiative(evidence: Evidence(level: .monitoring, result: .positive))], asOf: "2026-11-01")).isEmpty)
        var settings = RegisterSettings()
        settings.positiveEvidenceMinLevel = .monitoring
        #expect(rules(run([initiative(evidence: Evidence(level: .monitoring, result: .positive))], asOf: "2026-11-01", settings: settings)) == ["positive-evidence"])
    }

    @Test func overlapRules() {
        let lead = initiative("lead"), member = initiative("member"), proposal = initiative("new", status: .proposed)
        let facts = FakeOverlap(clusters: [(lead: "lead", members: ["lead", "member"])], pairs: [("lead", "member"), ("new", "lead")])
        let r = run([lead, member, proposal], asOf: "2026-11-01", overlap: facts)
        #expect(rules(r, "lead").isEmpty)
        #expect(rules(r, "member") == ["overlaps"])
        #expect(r.entry("member")?.recommendation == .merge)
        #expect(r.entry("member")?.into == "lead")
        #expect(r.entry("member")?.flags.first?.reason == "could become one service with Pilot lead, the suggested lead of its consolidation group of 2: it overlaps it directly (score 0.50), serving the same cohorts in the same places")
        #expect(r.entry("member")?.basis == "Merge into Pilot lead. Merging would remove no front door.")
        #expect(rules(r, "new") == ["start-without-stop"])
        #expect(r.entry("new")?.recommendation == .decide)
        #expect(r.entry("new")?.flags.first?.reason == "proposed while it overlaps live Pilot lead; start it only if it replaces one of them (no stop or merge decision recorded for them)")

        // The proposal replaces the lead: it may start.
        var stopping = lead
        stopping.decision = Decision(value: .stop, date: day("2026-10-01"))
        #expect(run([stopping, member, proposal], asOf: "2026-11-01", overlap: facts).entry("new")?.recommendation == .start)

        // Without the overlap analysis both rules are skipped, and the register says so.
        let none = run([lead, member, proposal], asOf: "2026-11-01")
        #expect(!none.overlapRulesRun)
        #expect(none.entry("member")?.recommendation == .continue)
        #expect(none.entry("new")?.recommendation == .start)
    }
}

@Suite struct RegisterPrecedenceTests {
    let asOf = "2026-11-01"
    let overdue = Review(date: day("2026-06-30"))
    let notDue = Review(date: day("2027-01-31"))

    @Test func standingDecisionWins() {
        let merged = initiative(evidence: Evidence(level: .evaluated, result: .positive), review: Review(date: day("2026-09-01")),
                                decision: Decision(value: .merge, date: day("2026-09-16"), by: "Board", into: "other"))
        let e = run([merged], asOf: asOf).entry("x")
        #expect(e?.recommendation == .merge)
        #expect(e?.into == "other")
        #expect(e?.basis == "Merge into other: decision recorded on 2026-09-16 by Board.")
    }

    @Test func anOldDecisionDoesNotStandOnceTheReviewIsOverdue() {
        let i = initiative(review: overdue, decision: Decision(value: .continue, date: day("2024-03-14")))
        #expect(run([i], asOf: asOf).entry("x")?.recommendation == .decide)
        #expect(run([i], asOf: asOf).entry("x")?.basis == "Decide: the review is overdue.")
    }

    @Test func negativeEvidenceAfterTheDecisionOverridesIt() {
        let after = initiative(evidence: Evidence(level: .evaluated, result: .negative, date: day("2026-05-01")), review: notDue,
                               decision: Decision(value: .continue, date: day("2026-01-10")))
        #expect(run([after], asOf: asOf).entry("x")?.recommendation == .stop)
        let before = initiative(evidence: Evidence(level: .evaluated, result: .negative, date: day("2025-12-01")), review: notDue,
                                decision: Decision(value: .continue, date: day("2026-01-10")))
        #expect(run([before], asOf: asOf).entry("x")?.recommendation == .continue)
    }

    @Test func negativeBeatsEverythingUndecided() {
        let i = initiative(start: "2022-01-01", evidence: Evidence(level: .monitoring, result: .negative), review: overdue)
        let e = run([i], asOf: asOf).entry("x")
        #expect(e?.flags.map(\.rule) == [.reviewOverdue, .pilotitis, .negativeEvidence])
        #expect(e?.recommendation == .stop)
    }

    @Test func overlapsBeatPositiveEvidenceWhichBeatsAnOverdueReview() {
        let positive = initiative("a", evidence: Evidence(level: .evaluated, result: .positive), review: overdue)
        let facts = FakeOverlap(clusters: [(lead: "b", members: ["a", "b"])], pairs: [("a", "b")])
        #expect(run([positive, initiative("b")], asOf: asOf, overlap: facts).entry("a")?.recommendation == .merge)
        #expect(run([positive, initiative("b")], asOf: asOf).entry("a")?.recommendation == .scale)
    }

    @Test func overlapsNeedTheLeadItselfAndOnlyFoldTimeLimitedWork() {
        // a–b–c chain: c is in b's cluster but shares nothing with the lead b... a is the lead here.
        let facts = FakeOverlap(clusters: [(lead: "a", members: ["a", "b", "c"])], pairs: [("a", "b"), ("b", "c")])
        let service = initiative("b", kind: .service)
        let r = run([initiative("a"), service, initiative("c")], asOf: asOf, overlap: facts)
        #expect(rules(r, "c").isEmpty)
        #expect(r.entry("c")?.recommendation == .continue)
        #expect(rules(r, "b") == ["overlaps"])
        #expect(r.entry("b")?.recommendation == .decide)
        #expect(r.entry("b")?.basis == "Decide: merging with Pilot a needs a decision.")
        let project = run([initiative("a"), initiative("b", kind: .project)], asOf: asOf, overlap: facts)
        #expect(project.entry("b")?.recommendation == .merge)
    }

    @Test func noNaturalLeadMeansDecideWhoLeadsNeverMerge() {
        let facts = FakeOverlap(clusters: [(lead: nil, members: ["a", "b"])], pairs: [("a", "b")])
        let r = run([initiative("a"), initiative("b")], asOf: asOf, overlap: facts)
        for id in ["a", "b"] {
            #expect(r.entry(id)?.recommendation == .decide)
            #expect(r.entry(id)?.into == nil)
            #expect(r.entry(id)?.basis == "Decide: decide who leads its group.")
        }
    }

    @Test func sharedFamiliesAcrossCohortsMeansCoordinate() {
        let families = ["v": [SharedFamilies(partner: "p", households: "12", declared: true)],
                        "p": [SharedFamilies(partner: "v", households: "12", declared: true)]]
        let facts = FakeOverlap(pairs: [("v", "p")], families: families)
        let victims = initiative("v", kind: .service, start: "2026-01-01", review: notDue, decision: Decision(value: .continue, date: day("2026-02-01"), by: "Board"))
        let r = run([victims, initiative("p", start: "2026-01-01")], asOf: asOf, overlap: facts)
        #expect(r.entry("p")?.recommendation == .coordinate)
        #expect(r.entry("p")?.flags.map(\.rule) == [.sharedFamilies])
        #expect(r.entry("p")?.flags.first?.severity == .note)
        #expect(r.entry("p")?.flags.first?.reason == "meets the same families as Pilot v (12 shared households), cohorts declared never to be merged, but serves different people: one plan and one lead professional for the shared families, never a merge")
        #expect(r.entry("p")?.basis == "Coordinate with Pilot v for the families they share.")
        // A standing continue decision reads as coordinate; an overdue review still comes first.
        #expect(r.entry("v")?.recommendation == .coordinate)
        #expect(r.entry("v")?.basis == "Coordinate: continue (decision recorded on 2026-02-01 by Board), working with Pilot p for the families they share.")
        #expect(run([initiative("p", review: overdue), victims], asOf: asOf, overlap: facts).entry("p")?.recommendation == .decide)
        // Without the overlap analysis the rule is skipped.
        #expect(run([initiative("p", start: "2026-01-01")], asOf: asOf).entry("p")?.recommendation == .continue)
    }

    @Test func mainstreamedScaleReadsAsContinueAndDefaultsFollowStatus() {
        let mainstreamed = initiative(kind: .programme, status: .mainstreamed, review: notDue, decision: Decision(value: .scale, date: day("2025-02-12")))
        #expect(run([mainstreamed], asOf: asOf).entry("x")?.recommendation == .continue)
        #expect(run([initiative(status: .proposed)], asOf: asOf).entry("x")?.recommendation == .start)
        #expect(run([initiative(start: "2026-01-01")], asOf: asOf).entry("x")?.recommendation == .continue)
        #expect(run([initiative(status: .stopped)], asOf: asOf).entries.isEmpty)
    }

    @Test func summaryCountsMoneyAndRatio() {
        let stop = initiative("s", evidence: Evidence(level: .evaluated, result: .negative))
        var stopWithMoney = stop
        stopWithMoney.funding = [FundingLine(source: "Grant", amount: 130_000, per: .total, start: day("2026-01-01"), end: day("2026-12-31")),
                                 FundingLine(source: "Core", amount: 20_000, per: .year, start: day("2020-01-01"))]
        let proposal = initiative("p", status: .proposed, funding: [FundingLine(source: "Grant", amount: 90_000, per: .year, start: day("2027-01-01"), end: day("2028-03-31"))])
        let r = run([stopWithMoney, proposal], asOf: asOf)
        #expect(r.summary.moneyFreedByStops == 150_000)
        #expect(r.summary.startStopRatio == "1:1")
        #expect(r.summary.fundingEnds.map { $0.label } == ["Oct–Dec 2026", "Jan–Mar 2028"])
        #expect(r.summary.fundingEnds.first?.annualAmount == 130_000)
    }
}

@Suite struct RulesFileTests {
    func write(_ body: String) throws -> String {
        try TestSupport.write("<?xml version=\"1.0\"?>\n<rules xmlns=\"urn:convenor:rules:1\">\n\(body)\n</rules>\n", named: "convenor.rules.xml")
    }

    @Test func overridesThresholdsAndSeverities() throws {
        let path = try write("""
          <rule id="funding-cliff" months="9" severity="error"/>
          <rule id="pilotitis" months="18"/>
          <rule id="no-evidence" severity="off"/>
          <rule id="positive-evidence" min-level="monitoring"/>
          <rule id="review-overdue" grace-days="7"/>
        """)
        let s = try RulesFile.load(path: path, displayName: "convenor.rules.xml")
        #expect(s.fundingCliffMonths == 9)
        #expect(s.severity(of: .fundingCliff) == .error)
        #expect(s.pilotitisMonths == 18)
        #expect(s.severity(of: .noEvidence) == nil)
        #expect(s.positiveEvidenceMinLevel == .monitoring)
        #expect(s.reviewGraceDays == 7)
        #expect(s.severity(of: .reviewOverdue) == .error)
        // An override takes effect in the register.
        let i = initiative(start: "2025-04-01")
        #expect(rules(run([i], asOf: "2026-11-01")).isEmpty)
        #expect(rules(run([i], asOf: "2026-11-01", settings: s)) == ["pilotitis"])
    }

    @Test func rejectsUnknownRulesAndSettingsWithTheirPlace() throws {
        let path = try write("""
          <rule id="review-late"/>
          <rule id="pilotitis" days="30"/>
          <rule id="funding-cliff" severity="fatal"/>
        """)
        do {
            _ = try RulesFile.load(path: path, displayName: "convenor.rules.xml")
            Issue.record("expected the rules file to be refused")
        } catch let error as InputError {
            #expect(error.diagnostics.map(\.description) == [
                "convenor.rules.xml:3:9: error: [unknown-rule] there is no rule 'review-late'; the rules are: review-overdue, funding-cliff, pilotitis, no-evidence, negative-evidence, positive-evidence, overlaps, shared-families, start-without-stop",
                "convenor.rules.xml:4:24: error: [unknown-setting] rule 'pilotitis' has no setting 'days'; its settings are: severity, months",
                "convenor.rules.xml:5:28: error: [schema-violation] Element 'rule', attribute 'severity': [facet 'enumeration'] The value 'fatal' is not an element of the set {'error', 'warning', 'note', 'off'}.",
            ])
        }
    }

    @Test func aSettingOfAnotherRuleIsRejected() throws {
        let path = try write("  <rule id=\"overlaps\" months=\"3\"/>")
        #expect(throws: InputError.self) { try RulesFile.load(path: path) }
        do { _ = try RulesFile.load(path: path, displayName: "r.xml") } catch let error as InputError {
            #expect(error.diagnostics.map(\.description) == ["r.xml:3:23: error: [unknown-setting] rule 'overlaps' has no setting 'months'; its settings are: severity"])
        }
    }

    @Test func theBuiltInSchemaCompilesAndTheDefaultPathIsBesideThePortfolio() {
        _ = RulesFile.schema
        #expect(RulesFile.defaultPath(forPortfolio: "places/northbridge/portfolio.xml") == "places/northbridge/convenor.rules.xml")
        #expect(RulesFile.defaultPath(forPortfolio: "portfolio.xml") == "convenor.rules.xml")
    }
}
