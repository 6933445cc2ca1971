import Foundation

/// The overlap map's data files: CSV tables and JSON. Column names and number formats follow the peer
/// (`overlap_peer.py`): floats with six decimals, household counts below the threshold as `<N`.
public enum OverlapTables {
    public static let pairColumns = ["a", "b", "shared-neighbourhoods", "place", "cohort", "reach", "shared-households",
                                     "household-overlap", "shared-outcomes", "teams", "score", "a-name", "b-name"]

    public static func pairsCSV(_ r: OverlapResult) -> Data {
        pairsCSV(pairs: r.pairs, initiatives: r.initiatives, options: r.options)
    }

    /// pairs.csv from the pairs and the initiatives they index (only their ids and names are read).
    static func pairsCSV(pairs: [OverlapPair], initiatives: [OverlapNode], options o: OverlapOptions) -> Data {
        // Written byte by byte without per-row arrays: at region scale this file has millions of rows.
        var out = [UInt8]()
        out.reserveCapacity(120 * (pairs.count + 1))
        CSVDocument.append(pairColumns, to: &out)
        // Ids and names are quoted (and guarded against formulas) once per initiative, not once per row.
        func cell(_ text: String) -> [UInt8] {
            var field = [UInt8]()
            CSVDocument.append([text], to: &field)
            field.removeLast()  // the row's line break
            return field
        }
        let ids: [[UInt8]] = initiatives.map { cell($0.id) }
        let names: [[UInt8]] = initiatives.map { cell($0.name) }
        @inline(__always) func text(_ s: String) { out.append(contentsOf: s.utf8) }
        @inline(__always) func comma() { out.append(44) }
        for p in pairs {
            out.append(contentsOf: ids[Int(p.aIndex)]); comma(); out.append(contentsOf: ids[Int(p.bIndex)]); comma()
            text(String(p.sharedNeighbourhoods)); comma()
            appendFixed6(p.place, to: &out); comma()
            appendFixed6(p.cohort, to: &out); comma()
            appendFixed6(p.reach, to: &out); comma()
            text(o.households(p.sharedHouseholds)); comma()
            appendFixed6(p.householdOverlap, to: &out); comma()
            text(String(p.sharedOutcomes)); comma()
            text(String(p.teams)); comma()
            appendFixed6(p.score, to: &out); comma()
            out.append(contentsOf: names[Int(p.aIndex)]); comma()
            out.append(contentsOf: names[Int(p.bIndex)])
            out.append(10)
        }
        return Data(out)
    }

    /// Appends `%.6f` of a value to a byte buffer.
    static func appendFixed6(_ value: Double, to out: inout [UInt8]) {
        if value == 0 { out.append(contentsOf: "0.000000".utf8); return }  // as fixed6: no sign on -0.0
        guard value > 0, value < 1000, Format.appendFixed(value, places: 6, to: &out) else {
            out.append(contentsOf: fixed6(value).utf8)
            return
        }
    }

    public static func clustersCSV(_ r: OverlapResult, portfolio: Portfolio) -> Data {
        let nbNames = Dictionary(portfolio.neighbourhoods.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let rows: [[String]] = r.clusters.map { c in
            [String(c.id), String(c.members.count), c.lead ?? "", c.lead.map { r.node($0)?.name ?? $0 } ?? noNaturalLead, c.leadReason,
             c.centre, c.basis,
             c.members.joined(separator: ";"), c.members.map { r.node($0)?.name ?? $0 }.joined(separator: ";"),
             c.departments.joined(separator: ";"), String(c.teams), String(c.frontDoors), String(c.caseload),
             r.options.households(c.sharedHouseholds), fixed6(c.meanScore),
             c.commonNeighbourhoods.map { nbNames[$0] ?? $0 }.joined(separator: ";"), c.commonCohorts.joined(separator: ";")]
                + ScenarioSavings.csvCells(c.savings)
        }
        return CSVDocument.render(header: ["cluster", "size", "lead", "lead-name", "lead-reason", "centre", "basis", "members", "member-names",
                                           "departments", "teams", "front-doors", "caseload", "shared-households",
                                           "mean-score", "common-neighbourhoods", "common-cohorts"] + ScenarioSavings.csvColumns, rows: rows)
    }

    /// What clusters.csv and the report say when no member can lead.
    public static let noNaturalLead = "no natural lead: decide who leads"

    /// Pairs that share families across cohorts: coordinate, never merge.
    public static func coordinationCSV(_ r: OverlapResult) -> Data {
        let rows: [[String]] = r.coordination.map { c in
            [c.a, c.b, r.node(c.a)?.name ?? c.a, r.node(c.b)?.name ?? c.b, fixed6(c.score), r.options.households(c.sharedHouseholds),
             c.separations.joined(separator: ";"), OverlapCoordination.advice, c.reason]
        }
        return CSVDocument.render(header: ["a", "b", "a-name", "b-name", "score", "shared-households", "never-merge", "advice", "reason"], rows: rows)
    }

    public static func neighbourhoodsCSV(_ r: OverlapResult) -> Data {
        let rows: [[String]] = r.neighbourhoods.map { n in
            [n.id, n.name, String(n.activeInitiatives), String(n.liveInitiatives), String(n.teams), String(n.frontDoors),
             Format.plain(n.fte, places: 2), n.population.map(String.init) ?? "", n.imdDecile.map(String.init) ?? "",
             n.busiestCohort?.cohort ?? "", n.busiestCohort.map { String($0.initiatives) } ?? ""]
        }
        return CSVDocument.render(header: ["neighbourhood", "name", "active-initiatives", "live-initiatives", "teams", "front-doors",
                                           "fte", "population", "imd-decile", "busiest-cohort", "busiest-cohort-initiatives"], rows: rows)
    }

    public static func householdsCSV(_ r: OverlapResult) -> Data {
        CSVDocument.render(header: ["initiatives", "households"],
                           rows: r.households.histogram.map { [String($0.initiatives), r.options.households($0.households)] })
    }

    /// The peer's summary figures plus Convenor's own, keys sorted, two-space indent.
    public static func summaryJSON(_ r: OverlapResult, figures: OverlapFigures? = nil) -> String {
        let f = figures ?? OverlapFigures(r)
        var json = JSONWriter()
        json.object { o in
            summaryFields(r, figures: f, into: &o)
        }
        return json.text + "\n"
    }

    static func summaryFields(_ r: OverlapResult, figures f: OverlapFigures, into o: inout JSONWriter.ObjectWriter) {
        let h = r.households, opt = r.options
        func count(_ n: Int) -> JSONValue { opt.isSuppressed(n) ? .string("<\(opt.suppressBelow)") : .int(n) }
        var fields: [(String, JSONValue)] = [
            ("active-initiatives", .int(f.activeInitiatives)),
            ("assessments", .int(h.assessments)),
            ("clusters", .int(f.clusters)),
            ("contacts", .int(h.contacts)),
            ("coordination-pairs", .int(r.coordination.count)),
            ("currency", .string(r.place.currency)),
            ("duplicated-assessment-cost", .raw(decimal2(f.repeatedAssessmentCost))),
            ("edges", .int(f.linkedPairs)),
            ("households", count(f.households)),
            ("households-3plus", count(f.householdsThreeOrMore)),
            ("households-multi", count(f.householdsMulti)),
            ("min-score", .raw(fixed6(opt.minScore))),
            ("pairs", .int(f.overlappingPairs)),
            ("place", .string(r.place.name)),
            ("repeated-assessments", .int(f.repeatedAssessments)),
            ("suppress-below", .int(opt.suppressBelow)),
        ]
        if let first = h.firstContact, let last = h.lastContact {
            fields.append(("first-contact", .string(first.iso)))
            fields.append(("last-contact", .string(last.iso)))
        }
        if let asOf = r.place.asOf { fields.append(("as-of", .string(asOf.iso))) }
        for (k, v) in fields.sorted(by: { $0.0 < $1.0 }) { o.field(k, v) }
    }

    /// Everything a program needs to draw its own picture: initiatives, edges (pairs at or above the
    /// threshold; pairs.csv has them all), clusters, neighbourhoods, the household histogram and findings.
    public static func overlapJSON(_ r: OverlapResult, figures: OverlapFigures? = nil, portfolio: Portfolio) -> String {
        let opt = r.options, f = figures ?? OverlapFigures(r)
        var json = JSONWriter()
        json.object { root in
            root.object("summary") { o in summaryFields(r, figures: f, into: &o) }
            root.object("options") { o in
                o.field("min-score", .raw(fixed6(opt.minScore)))
                o.field("suppress-below", .int(opt.suppressBelow))
                o.object("weights") { w in for (k, v) in opt.weights.values { w.field(k, .raw(fixed6(v))) } }
                o.field("min-cohort-share", .raw(fixed6(opt.minCohortShare)))
                o.field("min-place-cover", .raw(fixed6(opt.minPlaceCover)))
            }
            root.array("initiatives") { a in
                for n in r.initiatives {
                    a.object { o in
                        o.field("id", .string(n.id))
                        o.field("name", .string(n.name))
                        o.field("kind", .string(n.kind.rawValue))
                        o.field("status", .string(n.status.rawValue))
                        o.field("department", n.department.map(JSONValue.string) ?? .null)
                        o.field("caseload", n.caseload.map(JSONValue.int) ?? .null)
                        o.field("front-door", .bool(n.hasFrontDoor))
                        o.field("evidence", n.evidence.map { .string($0.level.rawValue) } ?? .null)
                        o.field("cluster", n.cluster.map(JSONValue.int) ?? .null)
                    }
                }
            }
            root.array("edges") { a in
                for p in r.pairs where p.score >= opt.minScore {
                    a.object { o in
                        o.field("a", .string(p.a))
                        o.field("b", .string(p.b))
                        o.field("score", .raw(fixed6(p.score)))
                        o.field("place", .raw(fixed6(p.place)))
                        o.field("cohort", .raw(fixed6(p.cohort)))
                        o.field("reach", .raw(fixed6(p.reach)))
                        o.field("shared-neighbourhoods", .int(p.sharedNeighbourhoods))
                        o.field("shared-households", opt.isSuppressed(p.sharedHouseholds) ? .string("<\(opt.suppressBelow)") : .int(p.sharedHouseholds))
                        o.field("household-overlap", .raw(fixed6(p.householdOverlap)))
                        o.field("shared-outcomes", .int(p.sharedOutcomes))
                        o.field("teams", .int(p.teams))
                    }
                }
            }
            root.array("clusters") { a in
                for c in r.clusters {
                    a.object { o in
                        o.field("id", .int(c.id))
                        o.field("lead", c.lead.map(JSONValue.string) ?? .null)
                        o.field("lead-reason", .string(c.leadReason))
                        o.field("centre", .string(c.centre))
                        o.field("basis", .string(c.basis))
                        o.field("members", .strings(c.members))
                        o.field("departments", .strings(c.departments))
                        o.field("teams", .int(c.teams))
                        o.field("front-doors", .int(c.frontDoors))
                        o.field("caseload", .int(c.caseload))
                        o.field("shared-households", opt.isSuppressed(c.sharedHouseholds) ? .string("<\(opt.suppressBelow)") : .int(c.sharedHouseholds))
                        o.field("mean-score", .raw(fixed6(c.meanScore)))
                        o.field("common-neighbourhoods", .strings(c.commonNeighbourhoods))
                        o.field("common-cohorts", .strings(c.commonCohorts))
                    }
                }
            }
            root.array("coordination") { a in
                for c in r.coordination {
                    a.object { o in
                        o.field("a", .string(c.a))
                        o.field("b", .string(c.b))
                        o.field("score", .raw(fixed6(c.score)))
                        o.field("shared-households", opt.isSuppressed(c.sharedHouseholds) ? .string("<\(opt.suppressBelow)") : .int(c.sharedHouseholds))
                        o.field("never-merge", .strings(c.separations))
                        o.field("advice", .string(OverlapCoordination.advice))
                        o.field("reason", .string(c.reason))
                    }
                }
            }
            root.array("neighbourhoods") { a in
                for n in r.neighbourhoods {
                    a.object { o in
                        o.field("id", .string(n.id))
                        o.field("name", .string(n.name))
                        o.field("active-initiatives", .int(n.activeInitiatives))
                        o.field("live-initiatives", .int(n.liveInitiatives))
                        o.field("teams", .int(n.teams))
                        o.field("front-doors", .int(n.frontDoors))
                        o.field("fte", .raw(Format.plain(n.fte, places: 2)))
                    }
                }
            }
            root.array("households") { a in
                for bin in r.households.histogram {
                    a.object { o in
                        o.field("initiatives", .int(bin.initiatives))
                        o.field("households", opt.isSuppressed(bin.households) ? .string("<\(opt.suppressBelow)") : .int(bin.households))
                    }
                }
            }
            root.array("findings") { a in
                for f in OverlapAnalysis.findings(r, portfolio: portfolio) { a.value(.string(f)) }
            }
        }
        return json.text + "\n"
    }

    /// `%.6f`, fast: pairs.csv can hold millions of numbers. Falls back to `String(format:)` when the
    /// value sits on a rounding boundary, so the digits are exactly those of C's printf.
    public static func fixed6(_ value: Double) -> String {
        // Zero of either sign prints as 0.000000 here (printf writes -0.000000 for -0.0).
        if value == 0 { return "0.000000" }
        return Format.plain(value, places: 6)
    }

    /// Money with two decimals, no separators: 412000.00.
    public static func decimal2(_ value: Decimal) -> String {
        var rounded = Decimal()
        var v = value
        NSDecimalRound(&rounded, &v, 2, .plain)
        let text = NSDecimalNumber(decimal: rounded).stringValue
        guard let dot = text.firstIndex(of: ".") else { return text + ".00" }
        let decimals = text.distance(from: dot, to: text.endIndex) - 1
        return text + String(repeating: "0", count: max(0, 2 - decimals))
    }
}

/// A JSON value for the small hand-written writer below (deterministic key order and number text).
enum JSONValue {
    case string(String), int(Int), bool(Bool), null, raw(String), strings([String])
}

/// Writes JSON with two-space indents in the order fields are given: output is byte-for-byte stable.
///
/// Written straight into one byte buffer as fields arrive (overlap.json at national scale is ~30 MB:
/// a string per field, joined and re-indented per level, was the largest cost of rendering it).
struct JSONWriter {
    /// The bytes written so far, shared by the writers of nested objects and arrays.
    final class Buffer {
        var bytes: [UInt8] = []
    }

    private let out = Buffer()
    var text: String { String(decoding: out.bytes, as: UTF8.self) }

    static func quote(_ s: String) -> String {
        var out: [UInt8] = []
        appendQuoted(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// A JSON string literal; every character escaped is ASCII, so this works on UTF-8 bytes.
    static func appendQuoted(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "\\"))
            case 10: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
            case 13: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
            case 9: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
            case 0..<0x20: out.append(contentsOf: String(format: "\\u%04x", UInt32(b)).utf8)
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    static func render(_ v: JSONValue) -> String {
        var out: [UInt8] = []
        append(v, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func append(_ v: JSONValue, to out: inout [UInt8]) {
        switch v {
        case .string(let s): appendQuoted(s, to: &out)
        case .int(let n): out.append(contentsOf: String(n).utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .null: out.append(contentsOf: "null".utf8)
        case .raw(let r): out.append(contentsOf: r.utf8)
        case .strings(let list):
            out.append(UInt8(ascii: "["))
            for (k, item) in list.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")); out.append(UInt8(ascii: " ")) }
                appendQuoted(item, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
    }

    /// What an object and an array share: `{`/`[`, one member a line at one more indent, and the close
    /// on a line of its own (`{}`/`[]` when empty).
    fileprivate struct Members {
        let out: Buffer
        let indent: Int
        var count = 0

        init(out: Buffer, indent: Int, open: UInt8) {
            self.out = out
            self.indent = indent
            out.bytes.append(open)
        }

        mutating func next() {
            if count > 0 { out.bytes.append(UInt8(ascii: ",")) }
            out.bytes.append(10)
            out.bytes.append(contentsOf: repeatElement(32, count: 2 * (indent + 1)))
            count += 1
        }

        func close(_ close: UInt8) {
            if count > 0 {
                out.bytes.append(10)
                out.bytes.append(contentsOf: repeatElement(32, count: 2 * indent))
            }
            out.bytes.append(close)
        }
    }

    struct ObjectWriter {
        fileprivate var members: Members

        fileprivate init(out: Buffer, indent: Int) { members = Members(out: out, indent: indent, open: UInt8(ascii: "{")) }

        private mutating func key(_ key: String) {
            members.next()
            JSONWriter.appendQuoted(key, to: &members.out.bytes)
            members.out.bytes.append(UInt8(ascii: ":")); members.out.bytes.append(UInt8(ascii: " "))
        }

        mutating func field(_ key: String, _ value: JSONValue) {
            self.key(key)
            JSONWriter.append(value, to: &members.out.bytes)
        }
        mutating func object(_ key: String, _ body: (inout ObjectWriter) -> Void) {
            self.key(key)
            var inner = ObjectWriter(out: members.out, indent: members.indent + 1)
            body(&inner)
            inner.members.close(UInt8(ascii: "}"))
        }
        mutating func array(_ key: String, _ body: (inout ArrayWriter) -> Void) {
            self.key(key)
            var inner = ArrayWriter(out: members.out, indent: members.indent + 1)
            body(&inner)
            inner.members.close(UInt8(ascii: "]"))
        }
    }

    struct ArrayWriter {
        fileprivate var members: Members

        fileprivate init(out: Buffer, indent: Int) { members = Members(out: out, indent: indent, open: UInt8(ascii: "[")) }

        mutating func value(_ v: JSONValue) {
            members.next()
            JSONWriter.append(v, to: &members.out.bytes)
        }
        mutating func object(_ body: (inout ObjectWriter) -> Void) {
            members.next()
            var inner = ObjectWriter(out: members.out, indent: members.indent + 1)
            body(&inner)
            inner.members.close(UInt8(ascii: "}"))
        }
    }

    mutating func object(_ body: (inout ObjectWriter) -> Void) {
        out.bytes.removeAll(keepingCapacity: true)
        var root = ObjectWriter(out: out, indent: 0)
        body(&root)
        root.members.close(UInt8(ascii: "}"))
    }
}
