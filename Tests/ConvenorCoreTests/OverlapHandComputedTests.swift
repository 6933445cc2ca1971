import Foundation
import Testing
import ConvenorTestSupport
@testable import ConvenorCore

/// An independent check of the columns only Convenor writes (`score`, `teams`) and of clusters and
/// leads, on places small enough to work out on paper. The working is in the comments; the
/// expected numbers are exact fractions, not values Convenor printed.
///
/// Kept apart from OverlapTests: the clustering method may change (issue 13), and these cases are
/// chosen to hold under any method that puts tight, disjoint groups together.
@Suite("Overlap worked by hand")
struct OverlapHandComputedTests {
    /// Neighbourhoods and their weights (population; 1 where it is missing):
    ///   n1 = 1000, n2 = 3000, n3 = (missing) 1, n4 = 500.   `*` covers all four: 4501.
    /// Teams: t1 works in n1; t2 lists no neighbourhoods (works wherever its initiative does); t3 works in n3.
    ///
    ///   initiative  neighbourhoods  weight  cohorts  outcomes  teams   households
    ///   a           n1 n2           4000    c1 c2    o1 o2     t1      h1 h2 h3 h4
    ///   b           n2 n3           3001    c2 c3    o2        t2 t3   h3 h4 h5
    ///   c           *               4501    (none)   o3        t3      h5
    ///   d           n3              1       c1       (none)    (none)  (none)
    ///   f           n4              500     c1       (none)    t3      h1
    ///   g (ended)   n1              1000    c1       o1        t1      h1      — not on the map
    static let place: Portfolio = {
        var contacts = ContactLog.Builder()
        let day = CalendarDate(year: 2026, month: 3, day: 1)
        for (initiative, households) in [("a", ["h1", "h2", "h3", "h4"]), ("b", ["h3", "h4", "h5"]), ("c", ["h5"]),
                                         ("f", ["h1"]), ("g", ["h1"])] {
            for h in households { contacts.append(household: h, initiative: initiative, date: day, assessed: false) }
        }
        func live(_ id: String, _ nbs: Coverage, cohorts: [String], outcomes: [String], teams: [String]) -> Initiative {
            Initiative(id: id, name: id.uppercased(), kind: .pilot, status: .live, teams: teams, coverage: nbs,
                       cohorts: cohorts, outcomes: outcomes)
        }
        var ended = live("g", .neighbourhoods(["n1"]), cohorts: ["c1"], outcomes: ["o1"], teams: ["t1"])
        ended.status = .ended
        return Portfolio(
            place: Place(name: "Paper", asOf: CalendarDate(year: 2026, month: 10, day: 1)),
            neighbourhoods: [Neighbourhood(id: "n1", name: "N1", population: 1000), Neighbourhood(id: "n2", name: "N2", population: 3000),
                             Neighbourhood(id: "n3", name: "N3"), Neighbourhood(id: "n4", name: "N4", population: 500)],
            teams: [Team(id: "t1", name: "T1", neighbourhoods: ["n1"]), Team(id: "t2", name: "T2"),
                    Team(id: "t3", name: "T3", neighbourhoods: ["n3"])],
            cohorts: [Cohort(id: "c1", name: "C1"), Cohort(id: "c2", name: "C2"), Cohort(id: "c3", name: "C3")],
            outcomes: [Outcome(id: "o1", name: "O1"), Outcome(id: "o2", name: "O2"), Outcome(id: "o3", name: "O3")],
            initiatives: [
                live("a", .neighbourhoods(["n1", "n2"]), cohorts: ["c1", "c2"], outcomes: ["o1", "o2"], teams: ["t1"]),
                live("b", .neighbourhoods(["n2", "n3"]), cohorts: ["c2", "c3"], outcomes: ["o2"], teams: ["t2", "t3"]),
                live("c", .everywhere, cohorts: [], outcomes: ["o3"], teams: ["t3"]),
                live("d", .neighbourhoods(["n3"]), cohorts: ["c1"], outcomes: [], teams: []),
                live("f", .neighbourhoods(["n4"]), cohorts: ["c1"], outcomes: [], teams: ["t3"]),
                ended,
            ],
            contacts: contacts.build())
    }()

    /// The expected row of one pair, worked out below.
    struct Expected {
        var place: Double, cohort: Double, sharedNeighbourhoods: Int, sharedHouseholds: Int, householdOverlap: Double
        var sharedOutcomes: Int, teams: Int, score: Double
    }

    /// Default weights: 0.15 place + 0.15 cohort + 0.30 reach + 0.25 households + 0.10 outcomes + 0.05 [teams ≥ 2],
    /// over their total, 1.00. place = shared weight / (weight a + weight b − shared weight);
    /// cohort = |shared| / |union| (0 when the union is empty); reach = place × cohort;
    /// households = shared / the smaller household set; outcomes = shared / the smaller outcome set.
    /// Teams: distinct teams of either that work in a shared neighbourhood (all of them when the two
    /// share only households).
    static let expected: [String: Expected] = [
        // a–b share n2 (3000): place = 3000 / (4000 + 3001 − 3000) = 3000/4001; cohorts {c2} of {c1,c2,c3} = 1/3;
        // reach = 1000/4001; households {h3,h4} of min(4, 3) = 2/3; outcomes {o2} of min(2, 1) = 1;
        // teams: t1 (n1, not b's), t2 (anywhere) ✓, t3 (n3, not a's) → 1, below 2 → 0.
        // score = 0.15·3000/4001 + 0.15·1/3 + 0.30·1000/4001 + 0.25·2/3 + 0.10·1 = 750/4001 + 19/60 = 121019/240060
        "a-b": Expected(place: 3000.0 / 4001, cohort: 1.0 / 3, sharedNeighbourhoods: 1, sharedHouseholds: 2, householdOverlap: 2.0 / 3,
                        sharedOutcomes: 1, teams: 1, score: 121_019.0 / 240_060),
        // a–c share n1, n2 (4000): place = 4000 / (4000 + 4501 − 4000) = 4000/4501; cohorts: c has none, union {c1,c2} → 0;
        // no shared households or outcomes; teams: t1 (n1, both) ✓, t3 (n3, not a's) → 1 → 0.
        // score = 0.15·4000/4501 = 600/4501
        "a-c": Expected(place: 4000.0 / 4501, cohort: 0, sharedNeighbourhoods: 2, sharedHouseholds: 0, householdOverlap: 0,
                        sharedOutcomes: 0, teams: 1, score: 600.0 / 4501),
        // a–f share no neighbourhood but household h1: place 0; cohorts {c1} of {c1,c2} = 1/2; reach 0;
        // households 1 of min(4, 1) = 1; outcomes: f has none → 0; teams: only households shared, so every
        // team counts: t1, t3 → 2 → 1.   score = 0.15·1/2 + 0.25·1 + 0.05 = 3/8
        "a-f": Expected(place: 0, cohort: 0.5, sharedNeighbourhoods: 0, sharedHouseholds: 1, householdOverlap: 1,
                        sharedOutcomes: 0, teams: 2, score: 3.0 / 8),
        // b–c share n2, n3 (3001): place = 3001 / (3001 + 4501 − 3001) = 3001/4501; cohort 0 (c has none);
        // households {h5} of min(3, 1) = 1; outcomes o2 vs o3 → 0; teams: t2 ✓, t3 (n3, both) ✓ → 2 → 1.
        // score = 0.15·3001/4501 + 0.25 + 0.05 = 36009/90020
        "b-c": Expected(place: 3001.0 / 4501, cohort: 0, sharedNeighbourhoods: 2, sharedHouseholds: 1, householdOverlap: 1,
                        sharedOutcomes: 0, teams: 2, score: 36_009.0 / 90_020),
        // b–d share n3 (weight 1, population missing): place = 1 / (3001 + 1 − 1) = 1/3001; cohorts {c2,c3} vs {c1} → 0;
        // teams: t2 ✓, t3 (n3, both) ✓ → 2 → 1.   score = 0.15/3001 + 0.05 = 751/15005
        "b-d": Expected(place: 1.0 / 3001, cohort: 0, sharedNeighbourhoods: 1, sharedHouseholds: 0, householdOverlap: 0,
                        sharedOutcomes: 0, teams: 2, score: 751.0 / 15_005),
        // c–d share n3: place = 1 / (4501 + 1 − 1) = 1/4501; cohort 0; teams: t3 ✓ → 1 → 0.   score = 0.15/4501 = 3/90020
        "c-d": Expected(place: 1.0 / 4501, cohort: 0, sharedNeighbourhoods: 1, sharedHouseholds: 0, householdOverlap: 0,
                        sharedOutcomes: 0, teams: 1, score: 3.0 / 90_020),
        // c–f share n4 (500): place = 500 / (4501 + 500 − 500) = 500/4501; cohort 0; t3 works in n3 only → 0 teams.
        // score = 0.15·500/4501 = 75/4501
        "c-f": Expected(place: 500.0 / 4501, cohort: 0, sharedNeighbourhoods: 1, sharedHouseholds: 0, householdOverlap: 0,
                        sharedOutcomes: 0, teams: 0, score: 75.0 / 4501),
        // a–d, b–f, d–f share neither a neighbourhood nor a household: no pair. g has ended: never on the map.
    ]

    @Test("score, teams and every part of the score match the working on paper, pair by pair")
    func pairsByHand() throws {
        let r = OverlapAnalysis.run(Self.place, options: OverlapOptions(suppressBelow: 0))
        let found = Dictionary(r.pairs.map { ("\($0.a)-\($0.b)", $0) }, uniquingKeysWith: { a, _ in a })
        #expect(found.keys.sorted() == Self.expected.keys.sorted(), "pairs: \(found.keys.sorted())")
        for (key, e) in Self.expected.sorted(by: { $0.key < $1.key }) {
            let p = try #require(found[key], "\(key) missing")
            #expect(abs(p.place - e.place) < 1e-12, "\(key) place \(p.place), expected \(e.place)")
            #expect(abs(p.cohort - e.cohort) < 1e-12, "\(key) cohort \(p.cohort), expected \(e.cohort)")
            #expect(abs(p.reach - e.place * e.cohort) < 1e-12, "\(key) reach \(p.reach)")
            #expect(p.sharedNeighbourhoods == e.sharedNeighbourhoods, "\(key) shared neighbourhoods \(p.sharedNeighbourhoods)")
            #expect(p.sharedHouseholds == e.sharedHouseholds, "\(key) shared households \(p.sharedHouseholds)")
            #expect(abs(p.householdOverlap - e.householdOverlap) < 1e-12, "\(key) household overlap \(p.householdOverlap)")
            #expect(p.sharedOutcomes == e.sharedOutcomes, "\(key) shared outcomes \(p.sharedOutcomes)")
            #expect(p.teams == e.teams, "\(key) teams \(p.teams), expected \(e.teams)")
            #expect(abs(p.score - e.score) < 1e-12, "\(key) score \(p.score), expected \(e.score)")
        }
        #expect(r.node("g") == nil, "an ended initiative is on the map")
    }

    @Test("pairs.csv prints the hand-computed values to six places")
    func pairsCSVByHand() throws {
        let r = OverlapAnalysis.run(Self.place, options: OverlapOptions(suppressBelow: 0))
        let files = OverlapRenderer.render(r, portfolio: Self.place, kinds: [.csv])
        let table = CSVTable(try #require(files.first { $0.path == "pairs.csv" }).contents)
        let rows = Dictionary(table.records.map { ("\($0["a"] ?? "")-\($0["b"] ?? "")", $0) }, uniquingKeysWith: { a, _ in a })
        // 121019/240060 = 0.5041198…; 3000/4001 = 0.7498125…; 1000/4001 = 0.2499375…
        #expect(rows["a-b"]?["score"] == "0.504120" && rows["a-b"]?["place"] == "0.749813" && rows["a-b"]?["reach"] == "0.249938")
        #expect(rows["a-b"]?["teams"] == "1" && rows["b-c"]?["teams"] == "2" && rows["c-f"]?["teams"] == "0")
        // 36009/90020 = 0.4000111…; 3/8; 751/15005 = 0.0500500…
        #expect(rows["b-c"]?["score"] == "0.400011" && rows["a-f"]?["score"] == "0.375000" && rows["b-d"]?["score"] == "0.050050")
    }

    func score(_ a: String, _ b: String, weights: OverlapWeights) -> Double? {
        let r = OverlapAnalysis.run(Self.place, options: OverlapOptions(suppressBelow: 0, weights: weights))
        return r.pairs.first { $0.a == a && $0.b == b }?.score
    }

    @Test("--weights: each weight moves the score by exactly its share (worked on paper)")
    func weightsByHand() throws {
        // Only households (weight 1, others 0): a–b's score is its household overlap, 2/3.
        let households = OverlapWeights(place: 0, cohort: 0, reach: 0, households: 1, outcomes: 0, teams: 0)
        let ab = try #require(score("a", "b", weights: households))
        #expect(abs(ab - 2.0 / 3) < 1e-12, "\(ab)")
        // Place and teams at 1 each (total 2): b–c = (3001/4501 + 1) / 2 = 7502/9002; a–b = (3000/4001 + 0) / 2 = 1500/4001.
        let placeAndTeams = OverlapWeights(place: 1, cohort: 0, reach: 0, households: 0, outcomes: 0, teams: 1)
        let bc = try #require(score("b", "c", weights: placeAndTeams))
        let ab2 = try #require(score("a", "b", weights: placeAndTeams))
        #expect(abs(bc - 7502.0 / 9002) < 1e-12, "\(bc)")
        #expect(abs(ab2 - 1500.0 / 4001) < 1e-12, "\(ab2)")
    }

    /// Two groups of three that share everything within the group and nothing across:
    ///   p1 p2 p3 in n1, cohort c1, outcome o1, households h1–h6 (each meets all six), own teams;
    ///   q1 q2 q3 in n2, cohort c2, outcome o2, households h7–h12, own teams.
    /// Within a group every part is 1 and the pair's two teams share the neighbourhood (teams = 2): score = 1.00 ≥ 0.35.
    /// Across groups nothing is shared: no pair. So any clustering gives exactly {p1,p2,p3} and {q1,q2,q3}.
    /// p2 and q3 have the best evidence (evaluated, positive), the largest caseload and a front door:
    /// the lead under any of the rules (evidence, then caseload).
    static let twoCliques: Portfolio = {
        var contacts = ContactLog.Builder()
        let day = CalendarDate(year: 2026, month: 3, day: 1)
        var initiatives: [Initiative] = []
        var teams: [Team] = []
        for (group, nb, cohort, outcome, households) in [("p", "n1", "c1", "o1", 1...6), ("q", "n2", "c2", "o2", 7...12)] {
            for k in 1...3 {
                let id = "\(group)\(k)"
                teams.append(Team(id: "team-\(id)", name: "Team \(id)", neighbourhoods: [nb]))
                let lead = (group == "p" && k == 2) || (group == "q" && k == 3)
                initiatives.append(Initiative(
                    id: id, name: id.uppercased(), kind: .pilot, status: .live, teams: ["team-\(id)"], coverage: .neighbourhoods([nb]),
                    cohorts: [cohort], outcomes: [outcome], assessment: lead ? Assessment(name: "Check", unitCost: 100) : nil,
                    caseload: lead ? 500 : 20, evidence: lead ? Evidence(level: .evaluated, result: .positive) : Evidence(level: .anecdotal, result: .unknown)))
                for h in households { contacts.append(household: "h\(h)", initiative: id, date: day, assessed: false) }
            }
        }
        return Portfolio(
            place: Place(name: "Two groups", asOf: CalendarDate(year: 2026, month: 10, day: 1)),
            neighbourhoods: [Neighbourhood(id: "n1", name: "N1", population: 2000), Neighbourhood(id: "n2", name: "N2", population: 2000)],
            teams: teams, cohorts: [Cohort(id: "c1", name: "C1"), Cohort(id: "c2", name: "C2")],
            outcomes: [Outcome(id: "o1", name: "O1"), Outcome(id: "o2", name: "O2")],
            initiatives: initiatives, contacts: contacts.build())
    }()

    @Test("two disjoint tight groups: two clusters, exactly those members, the evaluated member leads")
    func twoCliquesByHand() throws {
        let r = OverlapAnalysis.run(Self.twoCliques, options: OverlapOptions(suppressBelow: 0))
        #expect(r.pairs.count == 6, "3 pairs in each group, none across: \(r.pairs.map { "\($0.a)-\($0.b)" })")
        for pair in r.pairs {
            #expect(abs(pair.score - 1) < 1e-12 && pair.teams == 2, "\(pair.a)-\(pair.b): score \(pair.score), teams \(pair.teams)")
        }
        let clusters = r.clusters.map { (Set($0.members), $0.lead) }.sorted { ($0.1 ?? "") < ($1.1 ?? "") }
        #expect(clusters.count == 2)
        #expect(clusters.first?.0 == ["p1", "p2", "p3"] && clusters.first?.1 == "p2")
        #expect(clusters.last?.0 == ["q1", "q2", "q3"] && clusters.last?.1 == "q3")
    }
}
