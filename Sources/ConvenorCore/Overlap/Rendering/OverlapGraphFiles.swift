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
        var out = """
        <?xml version="1.0" encoding="UTF-8"?>
        <graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
          <key id="name" for="node" attr.name="name" attr.type="string"/>
          <key id="kind" for="node" attr.name="kind" attr.type="string"/>
          <key id="status" for="node" attr.name="status" attr.type="string"/>
          <key id="department" for="node" attr.name="department" attr.type="string"/>
          <key id="caseload" for="node" attr.name="caseload" attr.type="int"/>
          <key id="cluster" for="node" attr.name="cluster" attr.type="int"/>
          <key id="colour" for="node" attr.name="colour" attr.type="string"/>
          <key id="weight" for="edge" attr.name="weight" attr.type="double"/>
          <key id="place" for="edge" attr.name="place" attr.type="double"/>
          <key id="cohort" for="edge" attr.name="cohort" attr.type="double"/>
          <key id="household-overlap" for="edge" attr.name="household-overlap" attr.type="double"/>
          <key id="teams" for="edge" attr.name="teams" attr.type="int"/>
          <graph id="overlap" edgedefault="undirected">

        """
        let palette = DepartmentPalette(r.initiatives)
        for n in r.initiatives {
            out += "    <node id=\"\(escape(n.id, attribute: true))\">\n"
            out += "      <data key=\"name\">\(escape(n.name))</data>\n"
            out += "      <data key=\"kind\">\(n.kind.rawValue)</data>\n"
            out += "      <data key=\"status\">\(n.status.rawValue)</data>\n"
            if let d = n.department { out += "      <data key=\"department\">\(escape(d))</data>\n" }
            if let c = n.caseload { out += "      <data key=\"caseload\">\(c)</data>\n" }
            if let c = n.cluster { out += "      <data key=\"cluster\">\(c)</data>\n" }
            out += "      <data key=\"colour\">\(palette.colour(n.department))</data>\n"
            out += "    </node>\n"
        }
        for (k, p) in r.edges.enumerated() {
            out += "    <edge id=\"e\(k)\" source=\"\(escape(p.a, attribute: true))\" target=\"\(escape(p.b, attribute: true))\">\n"
            out += "      <data key=\"weight\">\(OverlapTables.fixed6(p.score))</data>\n"
            out += "      <data key=\"place\">\(OverlapTables.fixed6(p.place))</data>\n"
            out += "      <data key=\"cohort\">\(OverlapTables.fixed6(p.cohort))</data>\n"
            out += "      <data key=\"household-overlap\">\(OverlapTables.fixed6(p.householdOverlap))</data>\n"
            out += "      <data key=\"teams\">\(p.teams)</data>\n"
            out += "    </edge>\n"
        }
        out += "  </graph>\n</graphml>\n"
        return out
    }

    /// GEXF 1.2 (Gephi's native format), with node colour and size (caseload) in the viz module.
    public static func gexf(_ r: OverlapResult) -> String {
        var out = """
        <?xml version="1.0" encoding="UTF-8"?>
        <gexf xmlns="http://www.gexf.net/1.2draft" xmlns:viz="http://www.gexf.net/1.2draft/viz" version="1.2">
          <meta>
            <creator>Convenor</creator>
            <description>\(escape(r.place.name)): initiatives that overlap (edges: score at least \(OverlapTables.fixed6(r.options.minScore)))</description>
          </meta>
          <graph mode="static" defaultedgetype="undirected">
            <attributes class="node">
              <attribute id="kind" title="kind" type="string"/>
              <attribute id="status" title="status" type="string"/>
              <attribute id="department" title="department" type="string"/>
              <attribute id="caseload" title="caseload" type="integer"/>
              <attribute id="cluster" title="cluster" type="integer"/>
            </attributes>
            <attributes class="edge">
              <attribute id="place" title="place" type="double"/>
              <attribute id="cohort" title="cohort" type="double"/>
              <attribute id="household-overlap" title="household-overlap" type="double"/>
              <attribute id="teams" title="teams" type="integer"/>
            </attributes>
            <nodes>

        """
        let palette = DepartmentPalette(r.initiatives)
        for n in r.initiatives {
            let (red, green, blue) = palette.rgb(n.department)
            out += "      <node id=\"\(escape(n.id, attribute: true))\" label=\"\(escape(n.name, attribute: true))\">\n"
            out += "        <attvalues>\n"
            out += "          <attvalue for=\"kind\" value=\"\(n.kind.rawValue)\"/>\n"
            out += "          <attvalue for=\"status\" value=\"\(n.status.rawValue)\"/>\n"
            if let d = n.department { out += "          <attvalue for=\"department\" value=\"\(escape(d, attribute: true))\"/>\n" }
            if let c = n.caseload { out += "          <attvalue for=\"caseload\" value=\"\(c)\"/>\n" }
            if let c = n.cluster { out += "          <attvalue for=\"cluster\" value=\"\(c)\"/>\n" }
            out += "        </attvalues>\n"
            out += "        <viz:color r=\"\(red)\" g=\"\(green)\" b=\"\(blue)\"/>\n"
            out += "        <viz:size value=\"\(Format.plain(4 + 2 * Double(n.caseload ?? 0).squareRoot(), places: 1))\"/>\n"
            out += "      </node>\n"
        }
        out += "    </nodes>\n    <edges>\n"
        for (k, p) in r.edges.enumerated() {
            out += "      <edge id=\"\(k)\" source=\"\(escape(p.a, attribute: true))\" target=\"\(escape(p.b, attribute: true))\" weight=\"\(OverlapTables.fixed6(p.score))\">\n"
            out += "        <attvalues>\n"
            out += "          <attvalue for=\"place\" value=\"\(OverlapTables.fixed6(p.place))\"/>\n"
            out += "          <attvalue for=\"cohort\" value=\"\(OverlapTables.fixed6(p.cohort))\"/>\n"
            out += "          <attvalue for=\"household-overlap\" value=\"\(OverlapTables.fixed6(p.householdOverlap))\"/>\n"
            out += "          <attvalue for=\"teams\" value=\"\(p.teams)\"/>\n"
            out += "        </attvalues>\n"
            out += "      </edge>\n"
        }
        out += "    </edges>\n  </graph>\n</gexf>\n"
        return out
    }

    /// Graphviz: `neato -Tsvg overlap.dot > overlap.svg`. Clusters are drawn as boxes.
    public static func dot(_ r: OverlapResult) -> String {
        let palette = DepartmentPalette(r.initiatives)
        var out = "// \(dotComment(r.place.name)): initiatives that overlap. Render with: neato -Tsvg overlap.dot -o overlap.svg\n"
        out += "graph overlap {\n  graph [overlap=false, splines=true, fontname=\"Helvetica\", label=\(dotString(r.place.name + ": overlapping initiatives")), labelloc=t];\n"
        out += "  node [shape=circle, style=filled, fontname=\"Helvetica\", fontsize=10, fixedsize=false];\n"
        out += "  edge [color=\"#505a5f\"];\n"
        for c in r.clusters {
            out += "  subgraph cluster_\(c.id) {\n    label=\(dotString("Cluster \(c.id)")); color=\"#b1b4b6\";\n"
            for m in c.members { out += "    \(dotString(m));\n" }
            out += "  }\n"
        }
        for n in r.initiatives {
            let width = 0.3 + 0.05 * Double(n.caseload ?? 0).squareRoot()
            out += "  \(dotString(n.id)) [label=\(dotString(n.name)), fillcolor=\(dotString(palette.colour(n.department))), "
                + "fontcolor=\"white\", width=\(Format.plain(width, places: 2)), tooltip=\(dotString(n.department ?? "no department"))];\n"
        }
        for p in r.edges {
            out += "  \(dotString(p.a)) -- \(dotString(p.b)) [weight=\(OverlapTables.fixed6(p.score)), penwidth=\(Format.plain(0.5 + 4 * p.score, places: 2))];\n"
        }
        out += "}\n"
        return out
    }

    /// A DOT double-quoted string: quotes and backslashes escaped, line breaks as \n.
    static func dotString(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": continue
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }

    static func dotComment(_ s: String) -> String { s.replacingOccurrences(of: "\n", with: " ") }
}
