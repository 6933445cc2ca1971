import Foundation
import Testing
import ConvenorTestSupport
@testable import ConvenorCore

@Suite("Overlap map")
struct OverlapTests {
    static func northbridge() throws -> Portfolio { try PortfolioLoader.load(TestSupport.northbridgeXML).portfolio }

    // MARK: - Golden files and determinism

    @Test("The Northbridge overlap folder matches the golden files, file by file")
    func goldenNorthbridge() throws {
        let p = try Self.northbridge()
        let files = OverlapRenderer.render(OverlapAnalysis.run(p), portfolio: p)
        #expect(files.map(\.path).sorted() == OverlapOutputKind.allCases.flatMap(\.files).sorted())
        for file in files {
            if let problem = try TestSupport.assertGolden(file.contents, "overlap/\(file.path)") {
                Issue.record(Comment(rawValue: problem))
            }
        }
    }

    @Test("The same input gives byte-identical files, and the XML and CSV forms give the same files")
    func deterministic() throws {
        let p = try Self.northbridge()
        let first = OverlapRenderer.render(OverlapAnalysis.run(p), portfolio: p)
        let second = OverlapRenderer.render(OverlapAnalysis.run(p), portfolio: p)
        #expect(first == second)
        let csv = try PortfolioLoader.load(TestSupport.northbridgeCSV).portfolio
        let fromCSV = OverlapRenderer.render(OverlapAnalysis.run(csv), portfolio: csv)
        for (a, b) in zip(first, fromCSV) {
            #expect(a.path == b.path)
            #expect(a.contents == b.contents, "\(a.path) differs between the XML and CSV forms")
        }
    }

    @Test("Northbridge: the story in the example's README shows up in the findings and clusters")
    func northbridgeStory() throws {
        let p = try Self.northbridge()
        let r = OverlapAnalysis.run(p)
        let findings = OverlapAnalysis.findings(r, portfolio: p)
        #expect(findings.contains { $0.hasPrefix("Riverside and Eastfield each have 8 running initiatives, 12 separate teams and 8 front doors for the same cohort") })
        #expect(findings.contains { $0.contains("households met 3 or more initiatives") && $0.contains("went on") && $0.contains("repeated assessment") })
        #expect(findings.contains { $0.hasPrefix("Proposed, not running: Age Well neighbourhood connectors pilot would overlap") })
        // The older people's cluster in the west, led by the evaluated social prescribing service.
        let west = try #require(r.cluster(of: "proactive-frailty-pilot"))
        #expect(west.lead == "social-prescribing")
        #expect(Set(["befriending-older-people", "community-connectors-pilot", "warm-and-well"]).isSubset(of: west.members))
        // Riverside and Eastfield family work is led by early help (east), which works there, not by a west pilot.
        #expect(r.cluster(of: "cost-of-living-outreach")?.lead == "early-help-family-support-east")
        #expect(r.cluster(of: "integrated-neighbourhood-team") == nil)
        // The perpetrator programme is never grouped with the victims' services: it coordinates with them.
        #expect(r.cluster(of: "perpetrator-programme") == nil)
        #expect(r.coordination.contains { $0.a == "hospital-idva" && $0.b == "perpetrator-programme" && !$0.separations.isEmpty })
        // Proposals are in no cluster; not every initiative is a consolidation candidate.
        for id in ["age-well-connectors", "family-navigator-pilot", "rough-sleeper-hub-pilot"] { #expect(r.cluster(of: id) == nil) }
        #expect(r.initiatives.filter { $0.cluster != nil }.count < r.initiatives.count - 4)
        for c in r.clusters {
            // A lead is never failing, paused or an overdue pilot, and every member overlaps it directly.
            if let lead = c.lead { #expect(r.node(lead)?.leadBar == nil) }
            for m in c.members where m != c.centre {
                #expect(r.edges.contains { Set([$0.a, $0.b]) == Set([m, c.centre]) }, "\(m) does not overlap \(c.centre) directly")
            }
            #expect(c.members == c.members.sorted())
        }
        // Ended and stopped initiatives are not on the map.
        #expect(r.node("warm-spaces") == nil && r.node("payment-by-results-employment") == nil)
    }

    // MARK: - Agreement with the peer

    /// The synthetic place made by ../shared/bench/synth.py, as it comes and with gaps punched in.
    enum PeerCase: String, CaseIterable, CustomStringConvertible, Sendable {
        /// synth.py's output as it comes: 300 initiatives, 6000 households.
        case synthetic
        /// The same place with a third of the populations left blank (weight 1 in the place score),
        /// a fifth of the initiatives with no cohorts, and every seventh initiative working everywhere (`*`).
        case gaps
        var description: String { rawValue }
    }

    /// Blanks populations, empties cohort lists and sets `*` in a synth.py folder (with Python's csv module,
    /// so quoting stays right). Returns what it changed, so the test can check the cases are really there.
    static func punchGaps(in folder: String) throws -> (blankPopulations: Int, noCohorts: Int, everywhere: Int) {
        let script = #"""
        import csv, os, sys
        d = sys.argv[1]
        def rewrite(name, change):
            path = os.path.join(d, name)
            with open(path, newline="", encoding="utf-8") as f:
                rows = list(csv.reader(f))
            header, body = rows[0], rows[1:]
            n = change(header, body)
            with open(path, "w", newline="", encoding="utf-8") as f:
                csv.writer(f, lineterminator="\n").writerows([header] + body)
            return n
        def populations(header, body):
            c = header.index("population"); n = 0
            for i, row in enumerate(body):
                if i % 3 == 1: row[c] = ""; n += 1
            return n
        def initiatives(header, body):
            c, nb = header.index("cohorts"), header.index("neighbourhoods"); none = every = 0
            for i, row in enumerate(body):
                if i % 5 == 2: row[c] = ""; none += 1
                if i % 7 == 3: row[nb] = "*"; every += 1
            return (none, every)
        p = rewrite("neighbourhoods.csv", populations)
        none, every = rewrite("initiatives.csv", initiatives)
        print(p, none, every)
        """#
        let ran = try Shell.run(["python3", "-c", script, folder])
        try #require(ran.status == 0, "punching gaps failed: \(ran.stderr)")
        let n = ran.stdout.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        try #require(n.count == 3, "unexpected output: \(ran.stdout)")
        return (n[0], n[1], n[2])
    }

    @Test("Convenor agrees with overlap_peer.py on every column the peer writes (synthetic place, 300 initiatives)",
          .needs(.sharedBench, .pandasAndScipy), arguments: PeerCase.allCases)
    func agreesWithPeer(_ peerCase: PeerCase) throws {
        let bench = TestSupport.shared.appendingPathComponent("bench")
        let synth = bench.appendingPathComponent("synth.py").path, peer = bench.appendingPathComponent("overlap_peer.py").path
        try #require(FileManager.default.fileExists(atPath: synth) && FileManager.default.fileExists(atPath: peer),
                     "\(bench.path) has no synth.py / overlap_peer.py (../shared beside the repository)")
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("place").path, peerOut = dir.appendingPathComponent("peer").path
        let made = try Shell.run(["python3", synth, input, "--initiatives", "300", "--households", "6000", "--seed", "7"])
        try #require(made.status == 0, "synth.py failed: \(made.stderr)")
        if peerCase == .gaps {
            let gaps = try Self.punchGaps(in: input)
            #expect(gaps.blankPopulations >= 30 && gaps.noCohorts >= 50 && gaps.everywhere >= 40, "\(gaps)")
        }
        let ran = try Shell.run(["python3", peer, input, peerOut])
        try #require(ran.status == 0, "overlap_peer.py failed: \(ran.stderr)")

        let p = try PortfolioLoader.load(input).portfolio
        if peerCase == .gaps {
            #expect(p.neighbourhoods.contains { $0.population == nil })
            #expect(p.initiatives.contains { $0.cohorts.isEmpty && $0.status == .live })
            #expect(p.initiatives.filter { $0.coverage == .everywhere }.count >= 40)
        }
        // Suppression off: the peer prints exact counts everywhere but households.csv.
        let exact = OverlapAnalysis.run(p, options: OverlapOptions(suppressBelow: 0))
        let ours = Dictionary(OverlapRenderer.render(exact, portfolio: p, kinds: [.csv, .json]).map { ($0.path, $0.contents) }, uniquingKeysWith: { a, _ in a })
        #expect(exact.pairs.count > 1000, "the synthetic place should have plenty of overlapping pairs")

        let pairsCSV = try #require(ours["pairs.csv"]), neighbourhoodsCSV = try #require(ours["neighbourhoods.csv"])
        try compareTables(peer: peerOut + "/pairs.csv", ours: pairsCSV, key: ["a", "b"])
        try compareTables(peer: peerOut + "/neighbourhoods.csv", ours: neighbourhoodsCSV, key: ["neighbourhood"])

        // households.csv: with the default threshold of 5 the file is the peer's, byte for byte.
        let suppressed = OverlapAnalysis.run(p)
        let households = OverlapTables.householdsCSV(suppressed)
        let peerHouseholds = try Data(contentsOf: URL(fileURLWithPath: peerOut + "/households.csv"))
        #expect(households == peerHouseholds, "households.csv differs from the peer's:\n\(String(decoding: households, as: UTF8.self))\nvs\n\(String(decoding: peerHouseholds, as: UTF8.self))")
        try compareTables(peer: peerOut + "/households.csv", ours: households, key: ["initiatives"])

        let peerSummary = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: peerOut + "/summary.json"))) as? [String: Any])
        let summaryData = try #require(ours["summary.json"])
        let ourSummary = try #require(JSONSerialization.jsonObject(with: summaryData) as? [String: Any])
        #expect(peerSummary.count == 6)
        for (key, value) in peerSummary {
            let expected = try #require((value as? NSNumber)?.doubleValue, "summary.json \(key): the peer wrote \(value), not a number")
            let actual = try #require((ourSummary[key] as? NSNumber)?.doubleValue, "summary.json \(key): Convenor wrote \(String(describing: ourSummary[key])), not a number")
            #expect(expected.isFinite && actual.isFinite && abs(expected - actual) <= 1e-6,
                    "summary.json \(key): peer \(value), Convenor \(actual)")
        }
    }

    /// Joins the two tables on `key` and compares every column the peer writes: numbers within 1e-6 and
    /// finite, text exactly, no column, cell or row missing on either side.
    func compareTables(peer path: String, ours: Data, key: [String]) throws {
        let theirs = CSVTable(try Data(contentsOf: URL(fileURLWithPath: path)))
        let problems = TableComparison.mismatches(peer: theirs, ours: CSVTable(ours), key: key, name: path)
        #expect(problems.isEmpty, "\(problems.count) mismatches, first: \(problems.prefix(5))")
    }

    @Test("The peer comparison itself fails on NaN, infinity, a missing column, a short row and a missing row")
    func comparisonIsStrict() {
        let peer = CSVTable("a,b,score,teams\nx,y,0.500000,2\nx,z,0.250000,1\n")
        func problems(_ ours: String) -> [String] { TableComparison.mismatches(peer: peer, ours: CSVTable(ours), key: ["a", "b"], name: "t") }
        #expect(problems("a,b,score,teams\nx,y,0.5000001,2\nx,z,0.25,1\n").isEmpty)
        #expect(!problems("a,b,score,teams\nx,y,nan,2\nx,z,0.25,1\n").isEmpty, "NaN passed")
        #expect(!problems("a,b,score,teams\nx,y,inf,2\nx,z,0.25,1\n").isEmpty, "infinity passed")
        #expect(!problems("a,b,score\nx,y,0.5\nx,z,0.25\n").isEmpty, "a missing column passed")
        #expect(!problems("a,b,score,teams\nx,y,0.5\nx,z,0.25,1\n").isEmpty, "a short row passed")
        #expect(!problems("a,b,score,teams\nx,y,0.5,2\n").isEmpty, "a missing row passed")
        #expect(!problems("a,b,score,teams\nx,y,0.5,2\nx,z,0.25,1\nq,r,0.1,1\n").isEmpty, "an extra row passed")
        #expect(!problems("a,b,score,teams\nx,y,0.6,2\nx,z,0.25,1\n").isEmpty, "a wrong number passed")
        let nanPeer = CSVTable("a,b,score,teams\nx,y,nan,2\nx,z,0.25,1\n")
        #expect(!TableComparison.mismatches(peer: nanPeer, ours: nanPeer, key: ["a", "b"], name: "t").isEmpty, "NaN on both sides passed")
    }

    // MARK: - Disclosure control and escaping

    /// Two initiatives sharing three households (below 5), one with a hostile name.
    static func tiny(name: String = "Family support") -> Portfolio {
        var contacts = ContactLog.Builder()
        let day = CalendarDate(year: 2026, month: 3, day: 1)
        for h in ["hh-secret-1", "hh-secret-2", "hh-secret-3"] {
            contacts.append(household: h, initiative: "alpha", date: day, assessed: true)
            contacts.append(household: h, initiative: "beta", date: day?.adding(days: 7), assessed: true)
        }
        contacts.append(household: "hh-secret-4", initiative: "alpha", date: day, assessed: false)
        return Portfolio(
            place: Place(name: "Testham <Borough>", asOf: CalendarDate(year: 2026, month: 10, day: 1)),
            neighbourhoods: [Neighbourhood(id: "north", name: "North & Hill", population: 1000),
                             Neighbourhood(id: "south", name: "South", population: 3000)],
            teams: [Team(id: "t1", name: "Team one", department: "Housing", neighbourhoods: ["north"]),
                    Team(id: "t2", name: "Team two", department: "Children's <services>", neighbourhoods: ["north", "south"])],
            cohorts: [Cohort(id: "families", name: "Families")],
            outcomes: [Outcome(id: "safe", name: "Safe")],
            initiatives: [
                Initiative(id: "alpha", name: name, kind: .pilot, status: .live, department: "Housing", teams: ["t1"],
                           coverage: .neighbourhoods(["north"]), cohorts: ["families"], outcomes: ["safe"],
                           assessment: Assessment(name: "Intake", unitCost: 250), caseload: 40,
                           evidence: Evidence(level: .evaluated, result: .positive)),
                Initiative(id: "beta", name: "Beta \"quoted\" project", kind: .project, status: .proposed, department: "Children's <services>",
                           teams: ["t2"], coverage: .everywhere, cohorts: ["families"], outcomes: ["safe"],
                           assessment: Assessment(name: "Beta check", unitCost: 100), caseload: 80),
                Initiative(id: "gamma", name: "Ended thing", kind: .service, status: .ended, coverage: .everywhere),
            ],
            contacts: contacts.build())
    }

    @Test("Household counts below the threshold print as <5 everywhere; household ids never appear")
    func suppression() throws {
        let p = Self.tiny()
        let r = OverlapAnalysis.run(p)
        let pair = try #require(r.pairs.first)
        #expect(r.pairs.count == 1 && pair.a == "alpha" && pair.b == "beta")
        #expect(pair.sharedHouseholds == 3 && pair.householdOverlap == 1)
        // The `*` initiative covers every neighbourhood: north is shared.
        #expect(pair.sharedNeighbourhoods == 1)
        #expect(abs(pair.place - 1000.0 / 4000.0) < 1e-12)
        #expect(pair.teams == 2)
        let files = Dictionary(OverlapRenderer.render(r, portfolio: p).map { ($0.path, String(decoding: $0.contents, as: UTF8.self)) },
                               uniquingKeysWith: { a, _ in a })
        #expect(files["pairs.csv"]?.split(separator: "\n")[1].hasPrefix("alpha,beta,1,0.250000,1.000000,0.250000,<5,1.000000,1,2,") == true)
        #expect(files["households.csv"] == "initiatives,households\n1,<5\n2,<5\n")
        #expect(files["summary.json"]?.contains("\"households\": \"<5\"") == true)
        #expect(files["summary.json"]?.contains("\"repeated-assessments\": 3") == true)
        #expect(files["summary.json"]?.contains("\"duplicated-assessment-cost\": 300.00") == true)
        #expect(files["index.html"]?.contains("&lt;5") == true)
        // Not even a sort key gives the exact count away.
        #expect(files["index.html"]?.contains("data-sort=\"3\"") == false)
        #expect(files["index.html"]?.contains("data-sort=\"0.5\"") == true)
        for (path, text) in files {
            #expect(!text.contains("hh-secret"), "\(path) shows a household id")
        }
        // With suppression off the exact counts come back.
        let open = OverlapAnalysis.run(p, options: OverlapOptions(suppressBelow: 0))
        #expect(String(decoding: OverlapTables.householdsCSV(open), as: UTF8.self) == "initiatives,households\n1,1\n2,3\n")
        #expect(OverlapAnalysis.findings(r, portfolio: p).allSatisfy { !$0.contains("hh-secret") })
    }

    @Test("A <script> in an initiative name is escaped in HTML, SVG, GraphML, GEXF and DOT")
    func escaping() throws {
        let hostile = "<script>alert('x')</script> & \"co\""
        var p = Self.tiny(name: hostile)
        // A running pair on the same ground and a low threshold, so the pair is an edge and a cluster,
        // and the name reaches every picture.
        p.initiatives[1].status = .live
        p.initiatives[1].coverage = .neighbourhoods(["north"])
        let r = OverlapAnalysis.run(p, options: OverlapOptions(minScore: 0.1))
        #expect(r.clusters.count == 1)
        let files = Dictionary(OverlapRenderer.render(r, portfolio: p).map { ($0.path, String(decoding: $0.contents, as: UTF8.self)) },
                               uniquingKeysWith: { a, _ in a })
        for path in ["index.html", "network.svg", "matrix.svg", "overlap.graphml", "overlap.gexf"] {
            let text = try #require(files[path])
            #expect(!text.contains("<script>alert"), "\(path) has the raw script tag")
            #expect(text.contains("&lt;script&gt;alert("), "\(path) does not show the escaped name")
            #expect(!text.contains("Testham <Borough>") && !text.contains("Children's <services>"), "\(path) has unescaped text")
        }
        let dot = try #require(files["overlap.dot"])
        #expect(dot.contains("label=\"<script>alert('x')</script> & \\\"co\\\"\""))
        #expect(!dot.contains("\"co\"\""))
        // The only script in the report is Convenor's own.
        #expect(files["index.html"]?.components(separatedBy: "<script").count == 2)
        // Every XML output is still well-formed.
        for path in ["network.svg", "matrix.svg", "overlap.graphml", "overlap.gexf"] {
            let text = try #require(files[path])
            let reader = try XMLStreamReader(bytes: Array(text.utf8), displayName: path, schema: nil)
            while reader.read() {}
            #expect(!reader.failed && reader.diagnostics.isEmpty, "\(path): \(reader.diagnostics)")
        }
        // JSON is data, not markup: the name comes back exactly.
        let json = try #require(files["overlap.json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let initiatives = try #require(object["initiatives"] as? [[String: Any]])
        #expect(initiatives.first?["name"] as? String == hostile)
    }

    // MARK: - Graph files

    @Test("GraphML and GEXF are well-formed and valid against schemas of the structure Gephi reads")
    func graphFilesValid() throws {
        let p = try Self.northbridge()
        let r = OverlapAnalysis.run(p)
        let graphml = try XMLSchema(contents: GraphSchemas.graphML, name: "graphml-subset.xsd")
        let gexf = try XMLSchema(contents: GraphSchemas.gexf, name: "gexf-subset.xsd")
        for (name, text, schema) in [("overlap.graphml", OverlapGraphFiles.graphML(r), graphml), ("overlap.gexf", OverlapGraphFiles.gexf(r), gexf)] {
            let reader = try XMLStreamReader(bytes: Array(text.utf8), displayName: name, schema: schema)
            var nodes = 0, edges = 0
            while reader.read() {
                if reader.kind == .startElement && reader.localName == "node" { nodes += 1 }
                if reader.kind == .startElement && reader.localName == "edge" { edges += 1 }
            }
            #expect(!reader.failed && reader.isValid && reader.diagnostics.isEmpty, "\(name): \(reader.diagnostics.map(\.description))")
            #expect(nodes == r.initiatives.count)
            #expect(edges == r.edges.count && edges > 0)
        }
        // A broken file is caught, so the check can fail.
        let broken = OverlapGraphFiles.gexf(r).replacingOccurrences(of: "weight=", with: "heft=")
        let reader = try XMLStreamReader(bytes: Array(broken.utf8), displayName: "broken.gexf", schema: gexf)
        while reader.read() {}
        #expect(!reader.diagnostics.isEmpty)
    }

    // MARK: - Analysis details

    @Test("Standing: who may lead whom (able to lead, established, evidence level, positive result)")
    func standing() throws {
        let evaluatedPilot = OverlapNode(id: "a", name: "A", kind: .pilot, status: .live, caseload: 10,
                                         evidence: Evidence(level: .evaluated, result: .positive), hasFrontDoor: true, teams: [])
        var monitoringService = evaluatedPilot
        monitoringService.kind = .service; monitoringService.evidence = Evidence(level: .monitoring, result: .positive)
        var failing = monitoringService
        failing.leadBar = "its evidence is negative"
        var monitoringPilot = evaluatedPilot
        monitoringPilot.evidence = Evidence(level: .monitoring, result: .positive)
        typealias S = OverlapClustering.Standing
        #expect(S(evaluatedPilot) < S(monitoringService))
        #expect(S(failing) < S(evaluatedPilot))
        #expect(S(monitoringPilot) < S(evaluatedPilot))
        #expect(!(S(monitoringPilot) < S(monitoringPilot)))
        // Why an initiative cannot lead.
        let asOf = CalendarDate(year: 2026, month: 11, day: 1)
        var pilot = Initiative(id: "p", name: "P", kind: .pilot, status: .live, review: Review(date: CalendarDate(year: 2026, month: 1, day: 15)!))
        #expect(OverlapIndex.leadBar(pilot, asOf: asOf) == "an overdue pilot (review was due 2026-01-15)")
        pilot.decision = Decision(value: .continue, date: CalendarDate(year: 2026, month: 1, day: 15))
        #expect(OverlapIndex.leadBar(pilot, asOf: asOf) == nil)
        pilot.status = .paused
        #expect(OverlapIndex.leadBar(pilot, asOf: asOf) == "paused")
    }

    @Test("Floats print exactly as printf's %.6f")
    func fixedDecimals() {
        for value in [0.0, 1.0, 0.25, 1.0 / 3.0, 2.0 / 3.0, 0.1234565, 0.0000005, 0.9999996, 123.456789012, 0.5 / 1e6, 1e-7] {
            #expect(OverlapTables.fixed6(value) == String(format: "%.6f", value), "\(value)")
            var bytes: [UInt8] = []
            OverlapTables.appendFixed6(value, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == String(format: "%.6f", value), "\(value)")
        }
        #expect(OverlapTables.decimal2(Decimal(string: "963720") ?? 0) == "963720.00")
        #expect(OverlapTables.decimal2(Decimal(string: "12.5") ?? 0) == "12.50")
    }

    @Test("--format kinds: a comma list, 'all', and a helpful error")
    func outputKinds() throws {
        #expect(try OverlapOutputKind.parse("html,csv") == [.csv, .html])
        #expect(try OverlapOutputKind.parse("all") == OverlapOutputKind.allCases)
        #expect(throws: OverlapOutputKind.FormatListError.self) { try OverlapOutputKind.parse("pdf") }
        let p = Self.tiny()
        let files = OverlapRenderer.render(OverlapAnalysis.run(p), portfolio: p, kinds: [.svg])
        #expect(files.map(\.path) == ["matrix.svg", "network.svg"])
    }
}

/// Schemas for the parts of GraphML and GEXF 1.2 that Convenor writes and Gephi, yEd and Cytoscape read.
/// Strict about structure (element names, nesting, required attributes and their types); libxml2 may not
/// fetch the official schemas (no network), so these stand in for them.
enum GraphSchemas {
    static let graphML = """
    <?xml version="1.0" encoding="UTF-8"?>
    <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://graphml.graphdrawing.org/xmlns"
               xmlns:g="http://graphml.graphdrawing.org/xmlns" elementFormDefault="qualified">
      <xs:element name="graphml">
        <xs:complexType>
          <xs:sequence>
            <xs:element name="key" maxOccurs="unbounded">
              <xs:complexType>
                <xs:attribute name="id" type="xs:NMTOKEN" use="required"/>
                <xs:attribute name="for" use="required">
                  <xs:simpleType><xs:restriction base="xs:string"><xs:enumeration value="node"/><xs:enumeration value="edge"/><xs:enumeration value="graph"/><xs:enumeration value="all"/></xs:restriction></xs:simpleType>
                </xs:attribute>
                <xs:attribute name="attr.name" type="xs:string" use="required"/>
                <xs:attribute name="attr.type" use="required">
                  <xs:simpleType><xs:restriction base="xs:string"><xs:enumeration value="string"/><xs:enumeration value="int"/><xs:enumeration value="double"/><xs:enumeration value="boolean"/></xs:restriction></xs:simpleType>
                </xs:attribute>
              </xs:complexType>
            </xs:element>
            <xs:element name="graph">
              <xs:complexType>
                <xs:sequence>
                  <xs:element name="node" minOccurs="0" maxOccurs="unbounded">
                    <xs:complexType>
                      <xs:sequence><xs:element ref="g:data" minOccurs="0" maxOccurs="unbounded"/></xs:sequence>
                      <xs:attribute name="id" type="xs:string" use="required"/>
                    </xs:complexType>
                  </xs:element>
                  <xs:element name="edge" minOccurs="0" maxOccurs="unbounded">
                    <xs:complexType>
                      <xs:sequence><xs:element ref="g:data" minOccurs="0" maxOccurs="unbounded"/></xs:sequence>
                      <xs:attribute name="id" type="xs:string" use="required"/>
                      <xs:attribute name="source" type="xs:string" use="required"/>
                      <xs:attribute name="target" type="xs:string" use="required"/>
                    </xs:complexType>
                  </xs:element>
                </xs:sequence>
                <xs:attribute name="id" type="xs:string"/>
                <xs:attribute name="edgedefault" use="required">
                  <xs:simpleType><xs:restriction base="xs:string"><xs:enumeration value="directed"/><xs:enumeration value="undirected"/></xs:restriction></xs:simpleType>
                </xs:attribute>
              </xs:complexType>
              <xs:unique name="node-id"><xs:selector xpath="g:node"/><xs:field xpath="@id"/></xs:unique>
              <xs:keyref name="edge-source" refer="g:node-id"><xs:selector xpath="g:edge"/><xs:field xpath="@source"/></xs:keyref>
              <xs:keyref name="edge-target" refer="g:node-id"><xs:selector xpath="g:edge"/><xs:field xpath="@target"/></xs:keyref>
            </xs:element>
          </xs:sequence>
          <xs:anyAttribute namespace="http://www.w3.org/2001/XMLSchema-instance" processContents="skip"/>
        </xs:complexType>
        <xs:key name="key-id"><xs:selector xpath="g:key"/><xs:field xpath="@id"/></xs:key>
        <xs:keyref name="data-key" refer="g:key-id"><xs:selector xpath=".//g:data"/><xs:field xpath="@key"/></xs:keyref>
      </xs:element>
      <xs:element name="data">
        <xs:complexType><xs:simpleContent><xs:extension base="xs:string"><xs:attribute name="key" type="xs:NMTOKEN" use="required"/></xs:extension></xs:simpleContent></xs:complexType>
      </xs:element>
    </xs:schema>
    """

    static let gexf = """
    <?xml version="1.0" encoding="UTF-8"?>
    <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://www.gexf.net/1.2draft"
               xmlns:g="http://www.gexf.net/1.2draft" elementFormDefault="qualified">
      <xs:element name="gexf">
        <xs:complexType>
          <xs:sequence>
            <xs:element name="meta" minOccurs="0">
              <xs:complexType><xs:sequence>
                <xs:element name="creator" type="xs:string" minOccurs="0"/>
                <xs:element name="description" type="xs:string" minOccurs="0"/>
              </xs:sequence></xs:complexType>
            </xs:element>
            <xs:element name="graph">
              <xs:complexType>
                <xs:sequence>
                  <xs:element name="attributes" minOccurs="0" maxOccurs="2">
                    <xs:complexType>
                      <xs:sequence>
                        <xs:element name="attribute" maxOccurs="unbounded">
                          <xs:complexType>
                            <xs:attribute name="id" type="xs:string" use="required"/>
                            <xs:attribute name="title" type="xs:string" use="required"/>
                            <xs:attribute name="type" use="required">
                              <xs:simpleType><xs:restriction base="xs:string"><xs:enumeration value="integer"/><xs:enumeration value="long"/><xs:enumeration value="double"/><xs:enumeration value="float"/><xs:enumeration value="boolean"/><xs:enumeration value="string"/></xs:restriction></xs:simpleType>
                            </xs:attribute>
                          </xs:complexType>
                        </xs:element>
                      </xs:sequence>
                      <xs:attribute name="class" use="required">
                        <xs:simpleType><xs:restriction base="xs:string"><xs:enumeration value="node"/><xs:enumeration value="edge"/></xs:restriction></xs:simpleType>
                      </xs:attribute>
                    </xs:complexType>
                  </xs:element>
                  <xs:element name="nodes">
                    <xs:complexType><xs:sequence>
                      <xs:element name="node" minOccurs="0" maxOccurs="unbounded">
                        <xs:complexType>
                          <xs:sequence>
                            <xs:element ref="g:attvalues" minOccurs="0"/>
                            <xs:any namespace="http://www.gexf.net/1.2draft/viz" processContents="skip" minOccurs="0" maxOccurs="unbounded"/>
                          </xs:sequence>
                          <xs:attribute name="id" type="xs:string" use="required"/>
                          <xs:attribute name="label" type="xs:string" use="required"/>
                        </xs:complexType>
                      </xs:element>
                    </xs:sequence></xs:complexType>
                    <xs:unique name="node-id"><xs:selector xpath="g:node"/><xs:field xpath="@id"/></xs:unique>
                  </xs:element>
                  <xs:element name="edges">
                    <xs:complexType><xs:sequence>
                      <xs:element name="edge" minOccurs="0" maxOccurs="unbounded">
                        <xs:complexType>
                          <xs:sequence><xs:element ref="g:attvalues" minOccurs="0"/></xs:sequence>
                          <xs:attribute name="id" type="xs:string" use="required"/>
                          <xs:attribute name="source" type="xs:string" use="required"/>
                          <xs:attribute name="target" type="xs:string" use="required"/>
                          <xs:attribute name="weight" type="xs:double" use="required"/>
                        </xs:complexType>
                      </xs:element>
                    </xs:sequence></xs:complexType>
                  </xs:element>
                </xs:sequence>
                <xs:attribute name="mode" type="xs:string"/>
                <xs:attribute name="defaultedgetype" type="xs:string"/>
              </xs:complexType>
            </xs:element>
          </xs:sequence>
          <xs:attribute name="version" type="xs:string" use="required" fixed="1.2"/>
        </xs:complexType>
      </xs:element>
      <xs:element name="attvalues">
        <xs:complexType><xs:sequence>
          <xs:element name="attvalue" maxOccurs="unbounded">
            <xs:complexType>
              <xs:attribute name="for" type="xs:string" use="required"/>
              <xs:attribute name="value" type="xs:string" use="required"/>
            </xs:complexType>
          </xs:element>
        </xs:sequence></xs:complexType>
      </xs:element>
    </xs:schema>
    """
}
