import Foundation

/// The two pictures of the overlap map, as SVG text: a heat map of pair scores and a network.
/// Both show the initiatives in clusters (largest clusters first, capped so they stay legible).
public enum OverlapPictures {
    public struct Pictures: Sendable, Equatable {
        public var network: SVGPicture
        public var matrix: SVGPicture
    }

    /// `network.svg` and `matrix.svg`, for the overlap folder and for reuse in workshop packs.
    public static func render(_ r: OverlapResult) -> Pictures {
        Pictures(network: network(r), matrix: matrix(r))
    }

    /// Cluster members in cluster order (centre first, then by id), at most `limit` initiatives, whole clusters only
    /// (the first cluster is cut if it alone is larger than the limit).
    static func selection(_ r: OverlapResult, limit: Int) -> (nodes: [Int], shownClusters: Int) {
        var position: [String: Int] = [:]
        for (k, n) in r.initiatives.enumerated() { position[n.id] = k }
        var chosen: [Int] = []
        var shown = 0
        for c in r.clusters {
            let members = [c.centre] + c.members.filter { $0 != c.centre }
            if chosen.count + members.count > limit {
                if chosen.isEmpty { chosen = members.prefix(limit).compactMap { position[$0] }; shown = 1 }
                break
            }
            chosen += members.compactMap { position[$0] }
            shown += 1
        }
        return (chosen, shown)
    }

    /// Greedy word wrap into lines of at most `limit` characters; a word longer than a line stays
    /// whole on its own line. Nothing is cut: a name is printed in full, over as many lines as it needs.
    static func wrap(_ s: String, _ limit: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in s.split(separator: " ") {
            if line.isEmpty { line = String(word) } else if line.count + 1 + word.count <= limit { line += " " + word } else {
                lines.append(line)
                line = String(word)
            }
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }

    /// Width of `s` in Arial at `size` px, estimated from its characters (no font metrics at hand):
    /// generous, so text laid out by it does not collide.
    static func textWidth(_ s: String, size: Double, bold: Bool = false) -> Double {
        var ems = 0.0
        for c in s {
            switch c {
            case "i", "l", "j", "t", "f", "r", "I", ".", ",", ":", ";", "'", "’", "(", ")", " ", "-": ems += 0.32
            case "m", "w", "M", "W": ems += 0.86
            case _ where c.isUppercase: ems += 0.68
            default: ems += 0.56
            }
        }
        return ems * size * (bold ? 1.08 : 1)
    }

    /// A department's marker: its colour and its shape, the same area whatever the shape.
    static func marker(_ x: inout XMLWriter, _ shape: MarkerShape, x cx: Double, y cy: Double, r: Double, fill: String, stroke: String,
                       strokeWidth: Double, title: String? = nil) {
        let paint: [(String, String?)] = [("fill", fill), ("stroke", stroke), ("stroke-width", Format.plain(strokeWidth, places: 1))]
        func points(_ p: [(Double, Double)]) -> String { p.map { "\(n1($0.0)),\(n1($0.1))" }.joined(separator: " ") }
        let name: String, geometry: [(String, String?)]
        switch shape {
        case .circle:
            (name, geometry) = ("circle", [("cx", n1(cx)), ("cy", n1(cy)), ("r", n1(r))])
        case .square:
            let h = r * 0.886  // half the side of a square with the circle's area
            (name, geometry) = ("rect", [("x", n1(cx - h)), ("y", n1(cy - h)), ("width", n1(2 * h)), ("height", n1(2 * h))])
        case .triangle:
            let side = r * 2.694, height = side * 0.866  // equilateral, the circle's area, centred on its centroid
            (name, geometry) = ("polygon", [("points", points([(cx, cy - height * 2 / 3), (cx + side / 2, cy + height / 3), (cx - side / 2, cy + height / 3)]))])
        case .diamond:
            let d = r * 1.253
            (name, geometry) = ("polygon", [("points", points([(cx, cy - d), (cx + d, cy), (cx, cy + d), (cx - d, cy)]))])
        }
        x.open(name, attributeList: geometry + paint)
        if let title { x.element("title", text: title) }
        x.close()
    }

    /// Departments among `nodes`, in the palette's order, "Other" (no department, or past the palette) last.
    static func legendDepartments(_ r: OverlapResult, _ nodes: [Int], _ palette: DepartmentPalette) -> [String?] {
        let present = Set(nodes.map { r.initiatives[$0].department })
        var list: [String?] = palette.named.filter { present.contains($0) }
        if present.contains(where: { d in d.map { !palette.named.contains($0) } ?? true }) { list.append(nil) }
        return list
    }

    /// The department key: marker and full name, in as many columns as fit `width`, at `size` px
    /// (the heading a pixel larger). Returns its height and how to draw it, so a picture can size its
    /// canvas before drawing.
    static func departmentLegend(_ departments: [String?], palette: DepartmentPalette, x: Double, y: Double, width: Double,
                                 size: Double = 12) -> (height: Double, draw: (inout XMLWriter) -> Void) {
        let names = departments.map { $0 ?? "Other or none" }
        let scale = size / 12
        let widest = (names.map { textWidth($0, size: size) }.max() ?? 0) + 30 * scale
        let perRow = max(1, min(names.count, Int(width / widest)))
        let columnWidth = width / Double(perRow)
        let rowStep = 22 * scale
        let height = 36 * scale + Double((departments.count + perRow - 1) / perRow) * rowStep
        return (height, { out in
            out.element("text", ["x": n1(x), "y": n1(y + 14 * scale), "font-size": px(size + 1),
                                 "font-weight": "bold", "fill": "#0b0c0c"], text: "Department")
            out.lineBreak()
            for (k, d) in departments.enumerated() {
                let cx = x + Double(k % perRow) * columnWidth, cy = y + 36 * scale + Double(k / perRow) * rowStep
                marker(&out, palette.shape(d), x: cx + 7 * scale, y: cy - 4 * scale, r: 6.5 * scale, fill: palette.colour(d), stroke: "#505a5f", strokeWidth: 1)
                out.element("text", ["x": n1(cx + 20 * scale), "y": n1(cy), "font-size": px(size),
                                     "fill": "#0b0c0c"], text: names[k])
                out.lineBreak()
            }
        })
    }

    static func n1(_ x: Double) -> String { SVGPicture.number(x) }
    /// A type size: whole pixels without a decimal (`12`), others to one place.
    static func px(_ size: Double) -> String { size == size.rounded() ? String(Int(size)) : n1(size) }

    /// The department key on one or two lines, entries flowing left to right after "Department:",
    /// for a slide where a column layout would take too much height. Returns its height and how to draw it.
    static func departmentKeyLine(_ departments: [String?], palette: DepartmentPalette, x: Double, y: Double, width: Double,
                                  size: Double) -> (height: Double, draw: (inout XMLWriter) -> Void) {
        let names = departments.map { $0 ?? "Other or none" }
        let heading = "Department:", step = (size * 1.45).rounded()
        var spots: [(x: Double, row: Int)] = []
        var cursor = x + textWidth(heading, size: size, bold: true) + size * 0.6, row = 0
        for name in names {
            let entry = size * 1.2 + textWidth(name, size: size)
            if cursor + entry > x + width && cursor > x { row += 1; cursor = x }
            spots.append((cursor, row))
            cursor += entry + size * 1.1
        }
        return (Double(row + 1) * step, { out in
            out.element("text", ["x": n1(x), "y": n1(y + size), "font-size": px(size), "font-weight": "bold", "fill": "#0b0c0c"], text: heading)
            for (k, d) in departments.enumerated() {
                let baseline = y + size + Double(spots[k].row) * step
                marker(&out, palette.shape(d), x: spots[k].x + size * 0.4, y: baseline - size * 0.35, r: size * 0.4, fill: palette.colour(d),
                       stroke: "#505a5f", strokeWidth: 1)
                out.element("text", ["x": n1(spots[k].x + size * 1.2), "y": n1(baseline), "font-size": px(size), "fill": "#0b0c0c"], text: names[k])
            }
            out.lineBreak()
        })
    }

    /// Light blue to dark blue (GOV.UK blue at the top), by score 0…1.
    static func heat(_ score: Double) -> String {
        let t = max(0, min(1, score))
        let low = (242.0, 246.0, 251.0), high = (8.0, 48.0, 107.0)
        let r = low.0 + (high.0 - low.0) * t, g = low.1 + (high.1 - low.1) * t, b = low.2 + (high.2 - low.2) * t
        return String(format: "#%02x%02x%02x", Int(r.rounded()), Int(g.rounded()), Int(b.rounded()))
    }

    static func emptyPicture(_ title: String, _ message: String) -> SVGPicture {
        SVGPicture(width: 720, height: 120, labelledBy: nil) { x in
            x.element("title", text: title)
            x.lineBreak()
            x.empty("rect", ["x": "0.5", "y": "0.5", "width": "719", "height": "119", "fill": "#f3f2f1", "stroke": "#b1b4b6"])
            x.lineBreak()
            x.element("text", ["x": "360", "y": "66", "text-anchor": "middle", "font-size": "15", "fill": "#0b0c0c"], text: message)
            x.lineBreak()
        }
    }

    // MARK: - Heat map

    /// Type sizes of the heat map: at least 11 px where it prints at its own size, as it does in the
    /// overlap report on an A4 landscape page (see docs/decisions.md).
    static let matrixFont = 12.0
    static let matrixCell = 15.0

    public static func matrix(_ r: OverlapResult) -> SVGPicture {
        let (nodes, shownClusters) = selection(r, limit: 40)
        let title = "\(r.place.name): overlap scores between initiatives in clusters"
        guard nodes.count >= 2 else {
            return emptyPicture(title, "No pair of initiatives reaches the overlap threshold (\(String(format: "%.2f", r.options.minScore))).")
        }
        var slot = [Int](repeating: -1, count: r.initiatives.count)
        for (k, v) in nodes.enumerated() { slot[v] = k }
        let m = nodes.count
        var score = [Double](repeating: -1, count: m * m)
        for p in r.pairs {
            let x = slot[Int(p.aIndex)], y = slot[Int(p.bIndex)]
            if x >= 0 && y >= 0 { score[x * m + y] = p.score; score[y * m + x] = p.score }
        }
        let palette = DepartmentPalette(r.initiatives)
        let leads = Set(r.clusters.compactMap(\.lead))
        let font = matrixFont, cell = matrixCell
        // Names in full: the label column and the column heads are as long as the longest name.
        let nameWidths = nodes.map { textWidth(r.initiatives[$0].name, size: font, bold: leads.contains(r.initiatives[$0].id)) }
        let longest = nameWidths.max() ?? 0
        let left = 16 + longest + 26
        let top = 66 + longest + 10
        let gridSize = cell * Double(m)
        let legendWidth = 640.0
        let width = max(left + gridSize + 24, 16 + legendWidth + 16)
        let departments = legendDepartments(r, nodes, palette)
        let scaleTop = top + gridSize + 30
        let key = departmentLegend(departments, palette: palette, x: 16, y: scaleTop + 74, width: width - 32)
        let height = scaleTop + 74 + key.height + 12
        return SVGPicture(width: width, height: height, labelledBy: "matrix-title") { out in
            out.element("title", ["id": "matrix-title"], text: title)
            out.lineBreak()
            out.empty("rect", ["width": "100%", "height": "100%", "fill": "#ffffff"])
            out.lineBreak()
            out.element("text", ["x": "16", "y": "26", "font-size": "18", "font-weight": "bold", "fill": "#0b0c0c"],
                        text: "Overlap scores between initiatives, grouped by cluster")
            out.lineBreak()
            let cut = shownClusters < r.clusters.count ? " Largest \(shownClusters) of \(r.clusters.count) clusters." : ""
            out.element("text", ["x": "16", "y": "48", "font-size": "13", "fill": "#505a5f"],
                        text: "Darker = more overlap. Rows and columns list the same initiatives in the same order.\(cut)")
            out.lineBreak()
            // Column heads: the names, turned to read upwards from the top of each column.
            for (k, v) in nodes.enumerated() {
                let node = r.initiatives[v]
                let x = left + (Double(k) + 0.5) * cell + font * 0.35, y = top - 8
                out.element("text", ["transform": "translate(\(n1(x)) \(n1(y))) rotate(-90)", "font-size": n1(font), "fill": "#0b0c0c",
                                     "font-weight": leads.contains(node.id) ? "bold" : nil], text: node.name)
                out.lineBreak()
            }
            // Rows: name, department marker, cells.
            for (k, v) in nodes.enumerated() {
                let node = r.initiatives[v]
                let y = top + Double(k) * cell
                out.element("g") { g in
                    g.element("title", text: "\(node.name) — \(node.department ?? "no department")")
                    marker(&g, palette.shape(node.department), x: left - 11, y: y + cell / 2, r: 5, fill: palette.colour(node.department),
                           stroke: "#505a5f", strokeWidth: 0.8)
                    g.element("text", ["x": n1(left - 22), "y": n1(y + cell / 2 + font * 0.35), "font-size": n1(font), "text-anchor": "end",
                                       "fill": "#0b0c0c", "font-weight": leads.contains(node.id) ? "bold" : nil], text: node.name)
                }
                out.lineBreak()
                for j in 0..<m {
                    let x = left + Double(j) * cell
                    let s = score[k * m + j]
                    if j == k {
                        out.empty("circle", ["cx": n1(x + cell / 2), "cy": n1(y + cell / 2), "r": n1(max(1.5, cell / 7)), "fill": "#505a5f"])
                    } else if s >= 0 {
                        out.element("rect", ["x": n1(x), "y": n1(y), "width": n1(cell), "height": n1(cell), "fill": heat(s)]) {
                            $0.element("title", text: "\(r.initiatives[nodes[k]].name) × \(r.initiatives[nodes[j]].name): \(String(format: "%.2f", s))")
                        }
                    }
                }
                out.lineBreak()
            }
            // Grid lines and cluster blocks.
            out.empty("rect", ["x": n1(left), "y": n1(top), "width": n1(gridSize), "height": n1(gridSize), "fill": "none", "stroke": "#b1b4b6"])
            out.lineBreak()
            var start = 0
            for c in r.clusters.prefix(shownClusters) {
                let size = min(c.members.count, m - start)
                guard size > 0 else { break }
                let x = left + Double(start) * cell, y = top + Double(start) * cell, s = Double(size) * cell
                out.empty("rect", ["x": n1(x), "y": n1(y), "width": n1(s), "height": n1(s), "fill": "none", "stroke": "#0b0c0c", "stroke-width": "2"])
                out.lineBreak()
                if start > 0 {
                    out.empty("line", ["x1": n1(left), "y1": n1(y), "x2": n1(left + gridSize), "y2": n1(y), "stroke": "#ffffff", "stroke-width": "1"])
                    out.lineBreak()
                }
                start += size
            }
            // Legend: the colour scale and the threshold, then the departments.
            let barX = 16.0, barW = 320.0
            out.element("text", ["x": n1(barX), "y": n1(scaleTop), "font-size": "13", "font-weight": "bold", "fill": "#0b0c0c"], text: "Overlap score")
            out.lineBreak()
            let steps = 20
            for s in 0..<steps {
                out.empty("rect", ["x": n1(barX + Double(s) * barW / Double(steps)), "y": n1(scaleTop + 8), "width": n1(barW / Double(steps) + 0.5),
                                   "height": "12", "fill": heat((Double(s) + 0.5) / Double(steps))])
            }
            out.lineBreak()
            for (t, label) in [(0.0, "0"), (r.options.minScore, String(format: "%.2f (threshold)", r.options.minScore)), (1.0, "1")] {
                let x = barX + t * barW
                out.empty("line", ["x1": n1(x), "y1": n1(scaleTop + 6), "x2": n1(x), "y2": n1(scaleTop + 24), "stroke": "#0b0c0c"])
                out.element("text", ["x": n1(x), "y": n1(scaleTop + 38), "font-size": "12", "text-anchor": t == 0 ? "start" : t == 1 ? "end" : "middle",
                                     "fill": "#0b0c0c"], text: label)
                out.lineBreak()
            }
            out.element("text", ["x": "16", "y": n1(scaleTop + 60), "font-size": "12", "fill": "#505a5f"],
                        text: "Dot: the initiative itself. Blank: nothing shared. Black squares: clusters. Bold name: the cluster's suggested lead.")
            out.lineBreak()
            key.draw(&out)
        }
    }

    // MARK: - Network

    /// How a network picture is drawn: for a page (every cluster that fits, two a row, type for
    /// reading at arm's length) or for a slide (the largest clusters side by side on a canvas of the
    /// slide's shape, type large enough to read across a boardroom once the slide scales it).
    struct NetworkStyle {
        var width: Double
        /// At most this many initiatives, in whole clusters.
        var nodeLimit: Int
        /// At most this many clusters (nil: as many as `nodeLimit` allows).
        var clusterLimit: Int?
        var columns: Int
        /// Heading and subtitle above the panels (a slide has its own title instead).
        var heading: Bool
        var headerSize: Double
        var labelSize: Double
        var captionSize: Double
        /// A fixed canvas height that the panels fill (what the key and note leave), or nil to size
        /// each panel by its members.
        var canvasHeight: Double?
        /// The largest label room beside the plot, either side.
        var labelRoom: Double

        static let page = NetworkStyle(width: 1000, nodeLimit: 96, clusterLimit: nil, columns: 2, heading: true, headerSize: 14,
                                       labelSize: 12, captionSize: 12, canvasHeight: nil, labelRoom: 165)
        /// 1,200 × 516 px, the shape of a 16:9 slide's body under its title: shown 874 pt wide, so
        /// 1 px is 0.73 pt and the 20 px type comes out at 14.6 pt. Two clusters, so names wrap at
        /// 17 characters rather than 11.
        static let slide = NetworkStyle(width: 1200, nodeLimit: 24, clusterLimit: 2, columns: 2, heading: false, headerSize: 22,
                                        labelSize: 20, captionSize: 20, canvasHeight: 516, labelRoom: 200)
    }

    /// `network.svg`: every cluster that fits (up to 96 initiatives), for the overlap folder, the
    /// report and the workshop pack's pages.
    public static func network(_ r: OverlapResult) -> SVGPicture { network(r, style: .page) }

    /// The network for a slide: the three largest clusters side by side, names at 20 px.
    public static func slideNetwork(_ r: OverlapResult) -> SVGPicture { network(r, style: .slide) }

    static func network(_ r: OverlapResult, style: NetworkStyle) -> SVGPicture {
        var (nodes, shownClusters) = selection(r, limit: style.nodeLimit)
        if let most = style.clusterLimit, shownClusters > most {
            shownClusters = most
            let kept = Set(r.clusters.prefix(most).map(\.id))
            nodes = nodes.filter { r.initiatives[$0].cluster.map(kept.contains) ?? false }
        }
        let title = "\(r.place.name): network of overlapping initiatives"
        guard nodes.count >= 2 else {
            return emptyPicture(title, "No pair of initiatives reaches the overlap threshold (\(String(format: "%.2f", r.options.minScore))).")
        }
        let palette = DepartmentPalette(r.initiatives)
        var slot = [Int](repeating: -1, count: r.initiatives.count)
        for (k, v) in nodes.enumerated() { slot[v] = k }
        let maxCaseload = Double(nodes.map { r.initiatives[$0].caseload ?? 0 }.max() ?? 1)
        let sizeScale = style.labelSize / 12
        func radius(_ v: Int) -> Double {
            (5 + 13 * (Double(r.initiatives[v].caseload ?? 0) / max(maxCaseload, 1)).squareRoot()) * min(sizeScale, 1.4)
        }
        // Links inside each cluster; links between clusters are counted for the caption.
        var inside: [Int: [(Int, Int, Double)]] = [:]
        var between = 0
        for p in r.pairs where p.score >= r.options.minScore {
            let a = Int(p.aIndex), b = Int(p.bIndex)
            guard slot[a] >= 0, slot[b] >= 0 else { continue }
            if let c = r.initiatives[a].cluster, c == r.initiatives[b].cluster { inside[c, default: []].append((a, b, p.score)) } else { between += 1 }
        }
        let clusters = Array(r.clusters.prefix(shownClusters))
        let width = style.width, margin = 16.0, gap = 16.0
        let columns = min(style.columns, clusters.count)
        let panelWidth = (width - 2 * margin - Double(columns - 1) * gap) / Double(columns)
        let departments = legendDepartments(r, nodes, palette)
        func key(top: Double) -> (height: Double, draw: (inout XMLWriter) -> Void) {
            style.heading
                ? departmentLegend(departments, palette: palette, x: margin, y: top, width: width - 2 * margin)
                : departmentKeyLine(departments, palette: palette, x: margin, y: top, width: width - 2 * margin, size: style.captionSize)
        }
        // On a canvas of fixed height the panels take what the key and the note under them leave.
        let fittedPanelHeight = style.canvasHeight.map { $0 - margin - gap - 10 - key(top: 0).height - style.captionSize * 1.4 }
        func panelHeight(_ c: OverlapCluster) -> Double { fittedPanelHeight ?? min(420, 210 + 18 * Double(max(0, c.members.count - 4))) }
        var rowTops: [Double] = []
        var y = style.heading ? 64.0 : margin
        var k = 0
        while k < clusters.count {
            rowTops.append(y)
            let row = clusters[k..<min(k + columns, clusters.count)]
            y += (row.map(panelHeight).max() ?? 200) + gap
            k += columns
        }
        let legendTop = y + 4
        let key = key(top: legendTop + 6)
        let noteY = legendTop + 6 + key.height + (style.heading ? 8 : style.captionSize)
        var note = style.heading ? "Black outline and bold name: the suggested lead, which every other member overlaps directly." : "Bold: the suggested lead."
        if between > 0 && style.heading { note += " \(between) strong link\(between == 1 ? "" : "s") between clusters not drawn (see overlap.gexf)." }
        if !style.heading && shownClusters < r.clusters.count { note += " The largest \(shownClusters) of \(r.clusters.count) clusters; the overlap map shows them all." }
        let height = style.heading ? noteY + 16 : noteY + style.captionSize * 0.4
        let leads = Set(r.clusters.compactMap(\.lead))

        return SVGPicture(width: width, height: height, labelledBy: "network-title") { out in
            out.element("title", ["id": "network-title"], text: title)
            out.lineBreak()
            out.empty("rect", ["width": "100%", "height": "100%", "fill": "#ffffff"])
            out.lineBreak()
            if style.heading {
                out.element("text", ["x": n1(margin), "y": "26", "font-size": "17", "font-weight": "bold", "fill": "#0b0c0c"], text: "Clusters of overlapping initiatives")
                out.lineBreak()
                var subtitle = "Size: caseload. Colour and shape: department. Lines: overlap score of \(String(format: "%.2f", r.options.minScore)) or more (thicker = stronger)."
                if shownClusters < r.clusters.count { subtitle += " Largest \(shownClusters) of \(r.clusters.count) clusters." }
                out.element("text", ["x": n1(margin), "y": "46", "font-size": "12", "fill": "#505a5f"], text: subtitle)
                out.lineBreak()
            }
            for (index, c) in clusters.enumerated() {
                let px = margin + Double(index % columns) * (panelWidth + gap)
                let py = rowTops[index / columns]
                let ph = panelHeight(c)
                let members = nodes.filter { r.initiatives[$0].cluster == c.id }
                let local = Dictionary(members.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
                let links = (inside[c.id] ?? []).compactMap { e -> (Int, Int, Double)? in
                    guard let x = local[e.0], let y = local[e.1] else { return nil }
                    return (x, y, e.2)
                }
                // Leave room either side for labels; the layout fills the middle.
                let labelRoom = min(style.labelRoom, panelWidth * 0.34)
                let plotX = px + labelRoom + 20, plotW = panelWidth - 2 * labelRoom - 40
                let plotY = py + (style.heading ? 70 : 58), plotH = ph - (style.heading ? 96 : 100)
                let spots = layout(count: members.count, links: links, groups: [Int](repeating: 0, count: members.count), width: plotW, height: plotH)
                    .map { (x: $0.x + plotX, y: $0.y + plotY) }
                out.open("g")
                out.lineBreak()
                out.empty("rect", ["x": n1(px), "y": n1(py), "width": n1(panelWidth), "height": n1(ph), "fill": "#f8f8f8", "stroke": "#b1b4b6"])
                out.lineBreak()
                if style.heading {
                    out.element("text", ["x": n1(px + 12), "y": n1(py + 22), "font-size": "14", "font-weight": "bold", "fill": "#0b0c0c"],
                                text: "Cluster \(c.id): \(c.members.count) initiatives, \(c.teams) teams, \(c.frontDoors) front doors")
                    out.lineBreak()
                    let leadLine = c.lead.map { "Suggested lead: " + (r.node($0)?.name ?? $0) } ?? "No natural lead: decide who leads"
                    let leadLines = wrap(leadLine, Int((panelWidth - 24) / (12 * 0.56)))
                    out.element("text", ["x": n1(px + 12), "y": n1(py + 40), "font-size": "12", "fill": "#505a5f"]) { t in
                        for (n, line) in leadLines.prefix(2).enumerated() {
                            if n == 0 { t.text(line) } else { t.element("tspan", ["x": n1(px + 12), "dy": "14"], text: line) }
                        }
                    }
                    out.lineBreak()
                } else {
                    out.element("text", ["x": n1(px + 12), "y": n1(py + 8 + style.headerSize), "font-size": n1(style.headerSize),
                                         "font-weight": "bold", "fill": "#0b0c0c"],
                                text: "Cluster \(c.id): \(c.members.count) initiatives, \(c.frontDoors) front doors")
                    out.lineBreak()
                }
                for (a, b, s) in links {
                    out.empty("line", ["x1": n1(spots[a].x), "y1": n1(spots[a].y), "x2": n1(spots[b].x), "y2": n1(spots[b].y), "stroke": "#505a5f",
                                       "stroke-opacity": Format.plain(0.25 + 0.6 * s, places: 2), "stroke-width": Format.plain((0.8 + 5 * s) * min(sizeScale, 1.4), places: 1)])
                    out.lineBreak()
                }
                for (k, v) in members.enumerated() {
                    let node = r.initiatives[v]
                    let lead = leads.contains(node.id)
                    marker(&out, palette.shape(node.department), x: spots[k].x, y: spots[k].y, r: radius(v), fill: palette.colour(node.department),
                           stroke: lead ? "#0b0c0c" : "#505a5f", strokeWidth: lead ? 3 : 1,
                           title: "\(node.name) — \(node.department ?? "no department"); caseload \(node.caseload.map(Format.count) ?? "not given")")
                    out.lineBreak()
                }
                // Labels, in full: to the outer side of each marker, nudged apart vertically so they never overlap.
                let centre = plotX + plotW / 2
                let labelSize = style.labelSize, lineStep = (style.labelSize * 14 / 12).rounded()
                // Names start clear of the largest marker at the plot's edge.
                let labelGap = 8 + 18 * min(sizeScale, 1.4)
                for side in [false, true] {
                    let items = members.indices.filter { (spots[$0].x >= centre) == side }.sorted { spots[$0].y != spots[$1].y ? spots[$0].y < spots[$1].y : $0 < $1 }
                    let limit = Int(labelRoom / (labelSize * 0.56))
                    // On a slide the first name starts under the panel's heading.
                    let firstBaseline = style.heading ? -Double.infinity : py + 18 + style.headerSize + labelSize * 0.8
                    var lastY = firstBaseline - lineStep - 3 * sizeScale
                    var placed: [(Int, Double)] = []
                    var lines: [Int: [String]] = [:]
                    for k in items {
                        // Bold (lead) names are wider: give them fewer characters a line.
                        let wrapped = wrap(r.initiatives[members[k]].name, leads.contains(r.initiatives[members[k]].id) ? limit - 3 : limit)
                        lines[k] = wrapped
                        let y = max(spots[k].y + 4 * sizeScale - Double(wrapped.count - 1) * lineStep / 2, lastY + lineStep + 3 * sizeScale)
                        placed.append((k, y))
                        lastY = y + Double(wrapped.count - 1) * lineStep
                    }
                    // Pull the stack back up if it ran past the panel's bottom.
                    let overflow = (placed.last.map { $0.1 + Double((lines[$0.0]?.count ?? 1) - 1) * lineStep } ?? 0) - (py + ph - 8 * sizeScale)
                    // (but not into the heading: a slide's names then run to the panel's foot instead).
                    let shift = min(overflow, (placed.first?.1 ?? 0) - firstBaseline)
                    if shift > 0 { placed = placed.map { ($0.0, $0.1 - shift) } }
                    for (k, y) in placed {
                        let node = r.initiatives[members[k]]
                        let x = side ? plotX + plotW + labelGap : plotX - labelGap
                        let textLines = lines[k] ?? [node.name]
                        let anchorY = y - 4 * sizeScale + Double(textLines.count - 1) * lineStep / 2
                        out.empty("line", ["x1": n1(spots[k].x + (side ? 1 : -1) * radius(members[k])), "y1": n1(spots[k].y), "x2": n1(x + (side ? -3 : 3)),
                                           "y2": n1(anchorY), "stroke": "#b1b4b6", "stroke-width": "0.8"])
                        out.element("text", ["x": n1(x), "y": n1(y), "font-size": n1(labelSize), "text-anchor": side ? "start" : "end", "fill": "#0b0c0c",
                                             "font-weight": leads.contains(node.id) ? "bold" : nil]) { t in
                            for (n, line) in textLines.enumerated() {
                                if n == 0 { t.text(line) } else { t.element("tspan", ["x": n1(x), "dy": n1(lineStep)], text: line) }
                            }
                        }
                        out.lineBreak()
                    }
                }
                out.close()
                out.lineBreak()
            }

            out.empty("line", ["x1": n1(margin), "y1": n1(legendTop), "x2": n1(width - margin), "y2": n1(legendTop), "stroke": "#b1b4b6"])
            out.lineBreak()
            key.draw(&out)
            out.element("text", ["x": n1(margin), "y": n1(noteY), "font-size": px(style.captionSize),
                                 "fill": "#505a5f"], text: note)
            out.lineBreak()
        }
    }


    /// Deterministic force-directed layout (Fruchterman–Reingold with gravity). Starting positions
    /// place each cluster on a circle and its members around it, so clusters stay apart and the
    /// same input always gives the same picture.
    static func layout(count n: Int, links: [(Int, Int, Double)], groups: [Int], width: Double, height: Double) -> [(x: Double, y: Double)] {
        guard n > 0 else { return [] }
        // Work in a box of the picture's shape, so the result fills it.
        let aspect = max(0.5, min(3, width / max(height, 1)))
        let distinctGroups = Array(Set(groups)).sorted()
        let groupIndex = Dictionary(distinctGroups.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var xs = [Double](repeating: 0, count: n), ys = [Double](repeating: 0, count: n)
        var seenInGroup: [Int: Int] = [:]
        let groupCount = Double(distinctGroups.count)
        for k in 0..<n {
            let g = groupIndex[groups[k]] ?? 0
            let angle = 2 * Double.pi * Double(g) / max(groupCount, 1)
            let ring = groupCount > 1 ? 0.32 : 0
            let member = seenInGroup[groups[k], default: 0]
            seenInGroup[groups[k]] = member + 1
            let inner = 2.399963 * Double(member)  // golden angle spiral inside the group
            let spread = 0.08 * (Double(member) + 1).squareRoot()
            xs[k] = aspect / 2 + (ring * cos(angle) + spread * cos(inner)) * aspect
            ys[k] = 0.5 + ring * sin(angle) + spread * sin(inner)
        }
        let k = (aspect / Double(n)).squareRoot() * 0.75
        var temperature = 0.1 * aspect
        let iterations = 400
        var dx = [Double](repeating: 0, count: n), dy = [Double](repeating: 0, count: n)
        for step in 0..<iterations {
            for i in 0..<n { dx[i] = 0; dy[i] = 0 }
            for i in 0..<n {
                for j in (i + 1)..<n {
                    var ddx = xs[i] - xs[j], ddy = ys[i] - ys[j]
                    var d2 = ddx * ddx + ddy * ddy
                    if d2 < 1e-9 { ddx = 1e-3 * Double((i + j) % 7 + 1); ddy = 1e-3; d2 = ddx * ddx + ddy * ddy }
                    let force = k * k / d2 * (groups[i] == groups[j] ? 1 : 1.6)
                    dx[i] += ddx * force; dy[i] += ddy * force
                    dx[j] -= ddx * force; dy[j] -= ddy * force
                }
            }
            for (a, b, w) in links {
                let ddx = xs[a] - xs[b], ddy = ys[a] - ys[b]
                let d = (ddx * ddx + ddy * ddy).squareRoot()
                let force = d / k * (0.3 + 0.7 * w)
                dx[a] -= ddx * force; dy[a] -= ddy * force
                dx[b] += ddx * force; dy[b] += ddy * force
            }
            for i in 0..<n {
                // Gentle pull to the centre keeps loosely linked members in the picture; stronger across
                // the short side so the layout takes the box's shape.
                dx[i] -= (xs[i] - aspect / 2) * 0.15 / aspect
                dy[i] -= (ys[i] - 0.5) * 0.15 * aspect
                let d = (dx[i] * dx[i] + dy[i] * dy[i]).squareRoot()
                if d > 0 {
                    let limited = min(d, temperature)
                    xs[i] += dx[i] / d * limited
                    ys[i] += dy[i] / d * limited
                }
            }
            temperature = 0.1 * aspect * (1 - Double(step + 1) / Double(iterations)) + 0.002
        }
        // Fit to the box: the same scale both ways (stretching would distort distances), centred.
        let minX = xs.min() ?? 0, maxX = xs.max() ?? 1, minY = ys.min() ?? 0, maxY = ys.max() ?? 1
        let spanX = max(maxX - minX, 1e-6), spanY = max(maxY - minY, 1e-6)
        let scale = min(width / spanX, height / spanY)
        let offsetX = (width - spanX * scale) / 2, offsetY = (height - spanY * scale) / 2
        return (0..<n).map { i in
            (x: offsetX + (xs[i] - minX) * scale, y: offsetY + (ys[i] - minY) * scale)
        }
    }
}

/// The shape that goes with a department's colour: four shapes in turn, so neighbouring colours of the
/// palette never share one and a department can be told apart without seeing colour.
enum MarkerShape: Int, CaseIterable { case circle, square, triangle, diamond }

extension DepartmentPalette {
    /// The department's shape: by its place in the palette; a circle for "Other".
    func shape(_ department: String?) -> MarkerShape {
        guard let department, let k = named.firstIndex(of: department) else { return .circle }
        return MarkerShape.allCases[k % MarkerShape.allCases.count]
    }
}
