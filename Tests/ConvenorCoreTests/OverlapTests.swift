import Foundation
import Testing
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

    @Test("Convenor agrees with overlap_peer.py on every shared column (synthetic place, 300 initiatives)")
    func agreesWithPeer() throws {
        let bench = TestSupport.shared.appendingPathComponent("bench")
        let synth = bench.appendingPathComponent("synth.py").path, peer = bench.appendingPathComponent("overlap_peer.py").path
        guard FileManager.default.fileExists(atPath: synth), FileManager.default.fileExists(atPath: peer) else {
            print("SKIPPED agreesWithPeer: \(bench.path) has no synth.py / overlap_peer.py (../shared beside the repository)")
            return
        }
        guard (try? Shell.run(["python3", "-c", "import pandas, scipy"]))?.status == 0 else {
            print("SKIPPED agreesWithPeer: python3 with pandas and scipy is not available (pip install pandas scipy)")
            return
        }
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("place").path, peerOut = dir.appendingPathComponent("peer").path
        let made = try Shell.run(["python3", synth, input, "--initiatives", "300", "--households", "6000", "--seed", "7"])
        try #require(made.status == 0, "synth.py failed: \(made.stderr)")
        let ran = try Shell.run(["python3", peer, input, peerOut])
        try #require(ran.status == 0, "overlap_peer.py failed: \(ran.stderr)")

        let p = try PortfolioLoader.load(input).portfolio
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
            let expected = (value as? NSNumber)?.doubleValue
            let actual = (ourSummary[key] as? NSNumber)?.doubleValue
            #expect(expected != nil && actual != nil && abs((expected ?? 0) - (actual ?? .nan)) <= 1e-6,
                    "summary.json \(key): peer \(value), Convenor \(String(describing: ourSummary[key]))")
        }
    }

    /// Joins the two tables on `key` and compares every column they share: numbers within 1e-6, text exactly.
    func compareTables(peer path: String, ours: Data, key: [String]) throws {
        let theirs = CSVTestTable(try Data(contentsOf: URL(fileURLWithPath: path)))
        let mine = CSVTestTable(ours)
        let shared = theirs.header.filter { mine.header.contains($0) }
        #expect(shared == theirs.header, "\(path): Convenor lacks columns \(theirs.header.filter { !mine.header.contains($0) })")
        #expect(theirs.rows.count == mine.rows.count, "\(path): \(theirs.rows.count) rows in the peer, \(mine.rows.count) in Convenor")
        var byKey: [[String]: [String: String]] = [:]
        for row in mine.records { byKey[key.map { row[$0] ?? "" }] = row }
        var mismatches: [String] = []
        for row in theirs.records {
            let k = key.map { row[$0] ?? "" }
            guard let other = byKey[k] else { mismatches.append("\(k) missing from Convenor"); continue }
            for column in shared where !key.contains(column) {
                let a = row[column] ?? "", b = other[column] ?? ""
                if let x = Double(a), let y = Double(b) {
                    if abs(x - y) > 1e-6 + 1e-12 { mismatches.append("\(k) \(column): peer \(a), Convenor \(b)") }
                } else if a != b {
                    mismatches.append("\(k) \(column): peer '\(a)', Convenor '\(b)'")
                }
            }
        }
        #expect(mismatches.isEmpty, "\(path): \(mismatches.count) mismatches, first: \(mismatches.prefix(5))")
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
        #expect(files["index.html"]?.contains("data-v=\"3\"") == false)
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

/// A CSV table read for comparisons (RFC 4180 quoting).
struct CSVTestTable {
    var header: [String] = []
    var rows: [[String]] = []
    var records: [[String: String]] { rows.map { Dictionary(zip(header, $0).map { ($0, $1) }, uniquingKeysWith: { a, _ in a }) } }

    init(_ data: Data) {
        var all: [[String]] = []
        var row: [String] = [], field = "", quoted = false, afterQuote = false
        for c in String(decoding: data, as: UTF8.self) {
            if quoted {
                if c == "\"" { quoted = false; afterQuote = true } else { field.append(c) }
                continue
            }
            switch c {
            case "\"": if afterQuote { field.append("\"") }; quoted = true; afterQuote = false
            case ",": row.append(field); field = ""; afterQuote = false
            case "\n", "\r\n": row.append(field); all.append(row); row = []; field = ""; afterQuote = false
            default: field.append(c); afterQuote = false
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); all.append(row) }
        header = all.first ?? []
        rows = Array(all.dropFirst())
    }
}

/// Runs a program and collects its output (for the peer and the synthetic generator).
enum Shell {
    struct Result { var status: Int32; var stdout: String; var stderr: String }

    static func run(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
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
