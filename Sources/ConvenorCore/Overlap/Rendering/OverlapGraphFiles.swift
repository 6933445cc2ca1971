import Foundation

/// Colours for departments, shared by every picture and graph file so they agree.
struct DepartmentPalette {
    /// Paul Tol's discrete rainbow of 14 colours (SRON/EPS/TN/09-002, "Colour Schemes", fig. 22), taken
    /// in an order that puts far-apart hues next to each other; pictures pair each colour with a shape
    /// (see `MarkerShape`, which takes them in turn), and the order gives similar hues different shapes,
    /// so departments stay apart for colour-blind readers and in black and white.
    static let colours = ["#1965b0", "#dc050c", "#4eb265", "#f6c141", "#882e72", "#7bafde", "#e8601c",
                          "#90c987", "#f1932d", "#d1bbd7", "#ae76a3", "#5289c7", "#cae0ab", "#f7f056"]
    static let other = "#8c8c8c"
    /// Departments with a colour of their own, most initiatives first (ties by name).
    let named: [String]
    private let colourOf: [String: String]

    init(_ nodes: [OverlapNode]) {
        var counts: [String: Int] = [:]
        for n in nodes { if let d = n.department { counts[d, default: 0] += 1 } }
        let ordered = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
        named = Array(ordered.prefix(Self.colours.count))
        var map: [String: String] = [:]
        for (k, d) in named.enumerated() { map[d] = Self.colours[k] }
        colourOf = map
    }

    func colour(_ department: String?) -> String { department.flatMap { colourOf[$0] } ?? Self.other }

    func rgb(_ department: String?) -> (Int, Int, Int) {
        let hex = colour(department).dropFirst()
        let v = Int(hex, radix: 16) ?? 0x8c8c8c
        return ((v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff)
    }
}

/// GraphML, GEXF (Gephi) and Graphviz DOT: active initiatives as nodes, pairs at or above the
/// threshold as weighted undirected edges.
public enum OverlapGraphFiles {
    public static func graphML(_ r: OverlapResult) -> String {
        var x = XMLWriter(.plain, layout: .indented)
        x.open("graphml", ["xmlns": "http://graphml.graphdrawing.org/xmlns", "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
                           "xsi:schemaLocation": "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"])
        let keys: [(String, String, String)] = [
            ("name", "node", "string"), ("kind", "node", "string"), ("status", "node", "string"), ("department", "node", "string"),
            ("caseload", "node", "int"), ("cluster", "node", "int"), ("colour", "node", "string"), ("weight", "edge", "double"),
            ("place", "edge", "double"), ("cohort", "edge", "double"), ("household-overlap", "edge", "double"), ("teams", "edge", "int"),
        ]
        for (id, target, type) in keys { x.empty("key", ["id": id, "for": target, "attr.name": id, "attr.type": type]) }
        x.open("graph", ["id": "overlap", "edgedefault": "undirected"])
        let palette = DepartmentPalette(r.initiatives)
        for n in r.initiatives {
            x.element("node", ["id": n.id]) { node in
                node.element("data", ["key": "name"], text: n.name)
                node.element("data", ["key": "kind"], text: n.kind.rawValue)
                node.element("data", ["key": "status"], text: n.status.rawValue)
                if let d = n.department { node.element("data", ["key": "department"], text: d) }
                if let c = n.caseload { node.element("data", ["key": "caseload"], text: String(c)) }
                if let c = n.cluster { node.element("data", ["key": "cluster"], text: String(c)) }
                node.element("data", ["key": "colour"], text: palette.colour(n.department))
            }
        }
        for (k, p) in r.edges.enumerated() {
            x.element("edge", ["id": "e\(k)", "source": p.a, "target": p.b]) { edge in
                edge.element("data", ["key": "weight"], text: OverlapTables.fixed6(p.score))
                edge.element("data", ["key": "place"], text: OverlapTables.fixed6(p.place))
                edge.element("data", ["key": "cohort"], text: OverlapTables.fixed6(p.cohort))
                edge.element("data", ["key": "household-overlap"], text: OverlapTables.fixed6(p.householdOverlap))
                edge.element("data", ["key": "teams"], text: String(p.teams))
            }
        }
        x.close()
        x.close()
        return x.document(trailingNewline: true)
    }

    /// GEXF 1.2 (Gephi's native format), with node colour and size (caseload) in the viz module.
    public static func gexf(_ r: OverlapResult) -> String {
        var x = XMLWriter(.plain, layout: .indented)
        x.open("gexf", ["xmlns": "http://www.gexf.net/1.2draft", "xmlns:viz": "http://www.gexf.net/1.2draft/viz", "version": "1.2"])
        x.element("meta") { m in
            m.element("creator", text: "Convenor")
            m.element("description", text: "\(r.place.name): initiatives that overlap (edges: score at least \(OverlapTables.fixed6(r.options.minScore)))")
        }
        x.open("graph", ["mode": "static", "defaultedgetype": "undirected"])
        x.element("attributes", ["class": "node"]) { a in
            for (id, type) in [("kind", "string"), ("status", "string"), ("department", "string"), ("caseload", "integer"), ("cluster", "integer")] {
                a.empty("attribute", ["id": id, "title": id, "type": type])
            }
        }
        x.element("attributes", ["class": "edge"]) { a in
            for (id, type) in [("place", "double"), ("cohort", "double"), ("household-overlap", "double"), ("teams", "integer")] {
                a.empty("attribute", ["id": id, "title": id, "type": type])
            }
        }
        let palette = DepartmentPalette(r.initiatives)
        x.open("nodes")
        for n in r.initiatives {
            let (red, green, blue) = palette.rgb(n.department)
            x.element("node", ["id": n.id, "label": n.name]) { node in
                node.element("attvalues") { v in
                    v.empty("attvalue", ["for": "kind", "value": n.kind.rawValue])
                    v.empty("attvalue", ["for": "status", "value": n.status.rawValue])
                    if let d = n.department { v.empty("attvalue", ["for": "department", "value": d]) }
                    if let c = n.caseload { v.empty("attvalue", ["for": "caseload", "value": String(c)]) }
                    if let c = n.cluster { v.empty("attvalue", ["for": "cluster", "value": String(c)]) }
                }
                node.empty("viz:color", ["r": String(red), "g": String(green), "b": String(blue)])
                node.empty("viz:size", ["value": Format.plain(4 + 2 * Double(n.caseload ?? 0).squareRoot(), places: 1)])
            }
        }
        x.close()
        x.open("edges")
        for (k, p) in r.edges.enumerated() {
            x.element("edge", ["id": String(k), "source": p.a, "target": p.b, "weight": OverlapTables.fixed6(p.score)]) { edge in
                edge.element("attvalues") { v in
                    v.empty("attvalue", ["for": "place", "value": OverlapTables.fixed6(p.place)])
                    v.empty("attvalue", ["for": "cohort", "value": OverlapTables.fixed6(p.cohort)])
                    v.empty("attvalue", ["for": "household-overlap", "value": OverlapTables.fixed6(p.householdOverlap)])
                    v.empty("attvalue", ["for": "teams", "value": String(p.teams)])
                }
            }
        }
        x.close()
        x.close()
        x.close()
        return x.document(trailingNewline: true)
    }

    /// Graphviz: `neato -Tsvg overlap.dot > overlap.svg`. Clusters are drawn as boxes.
    public static func dot(_ r: OverlapResult) -> String {
        let palette = DepartmentPalette(r.initiatives)
        // Bytes appended in place: a national map has hundreds of thousands of edges.
        var out: [UInt8] = []
        out.reserveCapacity(64 * (r.initiatives.count + r.edges.count) + 1024)
        func put(_ s: String) { out.append(contentsOf: s.utf8) }
        func quoted(_ s: String) { appendDotString(s, to: &out) }
        func number(_ value: Double, places: Int) {
            if !Format.appendFixed(value, places: places, to: &out) { put(Format.plain(value, places: places)) }
        }
        put("// \(dotComment(r.place.name)): initiatives that overlap. Render with: neato -Tsvg overlap.dot -o overlap.svg\n")
        put("graph overlap {\n  graph [overlap=false, splines=true, fontname=\"Helvetica\", label=")
        quoted(r.place.name + ": overlapping initiatives")
        put(", labelloc=t];\n")
        put("  node [shape=circle, style=filled, fontname=\"Helvetica\", fontsize=10, fixedsize=false];\n")
        put("  edge [color=\"#505a5f\"];\n")
        for c in r.clusters {
            put("  subgraph cluster_\(c.id) {\n    label="); quoted("Cluster \(c.id)"); put("; color=\"#b1b4b6\";\n")
            for m in c.members { put("    "); quoted(m); put(";\n") }
            put("  }\n")
        }
        for n in r.initiatives {
            let width = 0.3 + 0.05 * Double(n.caseload ?? 0).squareRoot()
            put("  "); quoted(n.id); put(" [label="); quoted(n.name); put(", fillcolor="); quoted(palette.colour(n.department))
            put(", fontcolor=\"white\", width="); number(width, places: 2); put(", tooltip="); quoted(n.department ?? "no department"); put("];\n")
        }
        for p in r.edges {
            put("  "); quoted(p.a); put(" -- "); quoted(p.b); put(" [weight=")
            OverlapTables.appendFixed6(p.score, to: &out)
            put(", penwidth="); number(0.5 + 4 * p.score, places: 2); put("];\n")
        }
        put("}\n")
        return String(decoding: out, as: UTF8.self)
    }

    /// A DOT double-quoted string: quotes and backslashes escaped, line breaks as \n.
    static func dotString(_ s: String) -> String {
        var out: [UInt8] = []
        appendDotString(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `dotString`'s bytes appended to `out` (every character it changes is ASCII).
    static func appendDotString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "\\"))
            case 10: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
            case 13: continue
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    static func dotComment(_ s: String) -> String { s.replacingOccurrences(of: "\n", with: " ") }
}
