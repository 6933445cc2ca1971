import Foundation

/// The two pictures of the overlap map, as SVG text: a heat map of pair scores and a network.
/// Both show the initiatives in clusters (largest clusters first, capped so they stay legible).
public enum OverlapPictures {
    public struct Pictures: Sendable, Equatable {
        public var network: String
        public var matrix: String
    }

    /// `network.svg` and `matrix.svg`, for the overlap folder and for reuse in workshop packs.
    public static func render(_ r: OverlapResult) -> Pictures {
        Pictures(network: network(r), matrix: matrix(r))
    }

    static let font = "Arial, Helvetica, sans-serif"

    /// Cluster members in cluster order (lead first, then by id), at most `limit` initiatives, whole clusters only
    /// (the first cluster is cut if it alone is larger than the limit).
    static func selection(_ r: OverlapResult, limit: Int) -> (nodes: [Int], shownClusters: Int) {
        var position: [String: Int] = [:]
        for (k, n) in r.initiatives.enumerated() { position[n.id] = k }
        var chosen: [Int] = []
        var shown = 0
        for c in r.clusters {
            let members = [c.lead] + c.members.filter { $0 != c.lead }
            if chosen.count + members.count > limit {
                if chosen.isEmpty { chosen = members.prefix(limit).compactMap { position[$0] }; shown = 1 }
                break
            }
            chosen += members.compactMap { position[$0] }
            shown += 1
        }
        return (chosen, shown)
    }

    static func shortName(_ s: String, _ limit: Int = 34) -> String {
        s.count <= limit ? s : String(s.prefix(limit - 1)).trimmingCharacters(in: .whitespaces) + "…"
    }

    static func n1(_ x: Double) -> String { Format.plain(x, places: 1) }

    /// Light blue to dark blue (GOV.UK blue at the top), by score 0…1.
    static func heat(_ score: Double) -> String {
        let t = max(0, min(1, score))
        let low = (242.0, 246.0, 251.0), high = (8.0, 48.0, 107.0)
        let r = low.0 + (high.0 - low.0) * t, g = low.1 + (high.1 - low.1) * t, b = low.2 + (high.2 - low.2) * t
        return String(format: "#%02x%02x%02x", Int(r.rounded()), Int(g.rounded()), Int(b.rounded()))
    }

    static func emptyPicture(_ title: String, _ message: String) -> String {
        """
        <svg xmlns="http://www.w3.org/2000/svg" width="720" height="120" viewBox="0 0 720 120" font-family="\(font)" role="img">
        <title>\(escape(title))</title>
        <rect x="0.5" y="0.5" width="719" height="119" fill="#f3f2f1" stroke="#b1b4b6"/>
        <text x="360" y="66" text-anchor="middle" font-size="15" fill="#0b0c0c">\(escape(message))</text>
        </svg>

        """
    }

    // MARK: - Heat map

    public static func matrix(_ r: OverlapResult) -> String {
        let (nodes, shownClusters) = selection(r, limit: 60)
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
        let cell = m <= 24 ? 22.0 : m <= 40 ? 16.0 : 12.0
        let labelWidth = 300.0
        let top = 70.0, left = labelWidth + 14
        let gridSize = cell * Double(m)
        let width = max(left + gridSize + 40, 720)
        let legendTop = top + gridSize + 28
        let height = legendTop + 70
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n1(width))\" height=\"\(n1(height))\" viewBox=\"0 0 \(n1(width)) \(n1(height))\" font-family=\"\(font)\" role=\"img\" aria-labelledby=\"matrix-title\">\n"
        out += "<title id=\"matrix-title\">\(escape(title))</title>\n"
        out += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
        out += "<text x=\"16\" y=\"26\" font-size=\"17\" font-weight=\"bold\" fill=\"#0b0c0c\">Overlap scores between initiatives, grouped by cluster</text>\n"
        let cut = shownClusters < r.clusters.count ? " (largest \(shownClusters) of \(r.clusters.count) clusters)" : ""
        out += "<text x=\"16\" y=\"46\" font-size=\"12\" fill=\"#505a5f\">\(escape("Darker = more overlap. Rows and columns in the same order; numbers match the row labels\(cut)."))</text>\n"
        // Column numbers.
        for k in 0..<m {
            let x = left + (Double(k) + 0.5) * cell
            out += "<text x=\"\(n1(x))\" y=\"\(n1(top - 6))\" font-size=\"\(cell >= 16 ? 10 : 8)\" text-anchor=\"middle\" fill=\"#505a5f\">\(k + 1)</text>\n"
        }
        // Rows: label, department swatch, cells.
        for (k, v) in nodes.enumerated() {
            let node = r.initiatives[v]
            let y = top + Double(k) * cell
            let fontSize = cell >= 16 ? 12.0 : 9.5
            out += "<g><title>\(escape("\(k + 1). \(node.name) — \(node.department ?? "no department")"))</title>"
            out += "<rect x=\"\(n1(left - 10))\" y=\"\(n1(y + cell / 2 - 4))\" width=\"8\" height=\"8\" fill=\"\(palette.colour(node.department))\"/>"
            out += "<text x=\"\(n1(left - 14))\" y=\"\(n1(y + cell / 2 + fontSize * 0.35))\" font-size=\"\(n1(fontSize))\" text-anchor=\"end\" fill=\"#0b0c0c\"\(r.clusters.contains { $0.lead == node.id } ? " font-weight=\"bold\"" : "")>\(escape(shortName(node.name, 44))) \(k + 1)</text></g>\n"
            for j in 0..<m {
                let x = left + Double(j) * cell
                let s = score[k * m + j]
                if j == k {
                    out += "<rect x=\"\(n1(x))\" y=\"\(n1(y))\" width=\"\(n1(cell))\" height=\"\(n1(cell))\" fill=\"#b1b4b6\"/>"
                } else if s >= 0 {
                    out += "<rect x=\"\(n1(x))\" y=\"\(n1(y))\" width=\"\(n1(cell))\" height=\"\(n1(cell))\" fill=\"\(heat(s))\"><title>\(escape("\(r.initiatives[nodes[k]].name) × \(r.initiatives[nodes[j]].name): \(String(format: "%.2f", s))"))</title></rect>"
                }
            }
            out += "\n"
        }
        // Grid lines and cluster blocks.
        out += "<rect x=\"\(n1(left))\" y=\"\(n1(top))\" width=\"\(n1(gridSize))\" height=\"\(n1(gridSize))\" fill=\"none\" stroke=\"#b1b4b6\"/>\n"
        var start = 0
        for c in r.clusters.prefix(shownClusters) {
            let size = min(c.members.count, m - start)
            guard size > 0 else { break }
            let x = left + Double(start) * cell, y = top + Double(start) * cell, s = Double(size) * cell
            out += "<rect x=\"\(n1(x))\" y=\"\(n1(y))\" width=\"\(n1(s))\" height=\"\(n1(s))\" fill=\"none\" stroke=\"#0b0c0c\" stroke-width=\"2\"/>\n"
            if start > 0 {
                out += "<line x1=\"\(n1(left))\" y1=\"\(n1(y))\" x2=\"\(n1(left + gridSize))\" y2=\"\(n1(y))\" stroke=\"#ffffff\" stroke-width=\"1\"/>\n"
            }
            start += size
        }
        // Legend: the colour scale and the threshold.
        let barX = left, barW = min(gridSize, 320.0)
        out += "<text x=\"\(n1(barX))\" y=\"\(n1(legendTop))\" font-size=\"12\" fill=\"#0b0c0c\">Overlap score</text>\n"
        let steps = 20
        for s in 0..<steps {
            out += "<rect x=\"\(n1(barX + Double(s) * barW / Double(steps)))\" y=\"\(n1(legendTop + 8))\" width=\"\(n1(barW / Double(steps) + 0.5))\" height=\"12\" fill=\"\(heat((Double(s) + 0.5) / Double(steps)))\"/>"
        }
        out += "\n"
        for (t, label) in [(0.0, "0"), (r.options.minScore, String(format: "%.2f (threshold)", r.options.minScore)), (1.0, "1")] {
            let x = barX + t * barW
            out += "<line x1=\"\(n1(x))\" y1=\"\(n1(legendTop + 6))\" x2=\"\(n1(x))\" y2=\"\(n1(legendTop + 24))\" stroke=\"#0b0c0c\"/>"
            out += "<text x=\"\(n1(x))\" y=\"\(n1(legendTop + 38))\" font-size=\"11\" text-anchor=\"middle\" fill=\"#0b0c0c\">\(escape(label))</text>\n"
        }
        out += "<text x=\"\(n1(barX + barW + 24))\" y=\"\(n1(legendTop + 19))\" font-size=\"11\" fill=\"#505a5f\">Black squares: clusters. Bold: suggested lead.</text>\n"
        out += "</svg>\n"
        return out
    }

    // MARK: - Network

    public static func network(_ r: OverlapResult) -> String {
        let (nodes, shownClusters) = selection(r, limit: 90)
        let title = "\(r.place.name): network of overlapping initiatives"
        guard nodes.count >= 2 else {
            return emptyPicture(title, "No pair of initiatives reaches the overlap threshold (\(String(format: "%.2f", r.options.minScore))).")
        }
        var slot = [Int](repeating: -1, count: r.initiatives.count)
        for (k, v) in nodes.enumerated() { slot[v] = k }
        var links: [(Int, Int, Double)] = []
        for p in r.pairs where p.score >= r.options.minScore {
            let x = slot[Int(p.aIndex)], y = slot[Int(p.bIndex)]
            if x >= 0 && y >= 0 { links.append((x, y, p.score)) }
        }
        let clusterOf = nodes.map { r.initiatives[$0].cluster ?? 0 }
        let width = 1000.0, plotTop = 60.0, plotHeight = 620.0
        let positions = layout(count: nodes.count, links: links, groups: clusterOf, width: width - 260, height: plotHeight - 60)
            .map { (x: $0.x + 130, y: $0.y + plotTop + 30) }
        let maxCaseload = Double(nodes.map { r.initiatives[$0].caseload ?? 0 }.max() ?? 1)
        func radius(_ v: Int) -> Double {
            5 + 15 * (Double(r.initiatives[v].caseload ?? 0) / max(maxCaseload, 1)).squareRoot()
        }
        let palette = DepartmentPalette(r.initiatives)

        // Legend rows depend on the departments drawn.
        let departments = Array(Set(nodes.map { r.initiatives[$0].department.map { palette.named.contains($0) ? $0 : "Other" } ?? "Other" }))
            .sorted { ($0 == "Other" ? 1 : 0, $0) < ($1 == "Other" ? 1 : 0, $1) }
        let legendTop = plotTop + plotHeight + 16
        let perRow = 4
        let legendRows = (departments.count + perRow - 1) / perRow
        let height = legendTop + 30 + Double(legendRows) * 20 + 44

        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n1(width))\" height=\"\(n1(height))\" viewBox=\"0 0 \(n1(width)) \(n1(height))\" font-family=\"\(font)\" role=\"img\" aria-labelledby=\"network-title\">\n"
        out += "<title id=\"network-title\">\(escape(title))</title>\n"
        out += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
        out += "<text x=\"16\" y=\"26\" font-size=\"17\" font-weight=\"bold\" fill=\"#0b0c0c\">Initiatives that overlap, and the clusters they form</text>\n"
        let cut = shownClusters < r.clusters.count ? "; largest \(shownClusters) of \(r.clusters.count) clusters shown" : ""
        out += "<text x=\"16\" y=\"46\" font-size=\"12\" fill=\"#505a5f\">\(escape("Circle size: caseload. Colour: department. Line: overlap score of \(String(format: "%.2f", r.options.minScore)) or more (thicker = stronger)\(cut)."))</text>\n"

        // Cluster halos, drawn first.
        for c in r.clusters.prefix(shownClusters) {
            let members = (0..<nodes.count).filter { clusterOf[$0] == c.id }
            guard !members.isEmpty else { continue }
            let cx = members.map { positions[$0].x }.reduce(0, +) / Double(members.count)
            let cy = members.map { positions[$0].y }.reduce(0, +) / Double(members.count)
            var reach = 20.0
            for m in members {
                let ddx = positions[m].x - cx, ddy = positions[m].y - cy
                let d: Double = (ddx * ddx + ddy * ddy).squareRoot() + radius(nodes[m])
                reach = max(reach, d)
            }
            out += "<circle cx=\"\(n1(cx))\" cy=\"\(n1(cy))\" r=\"\(n1(reach + 14))\" fill=\"#f3f2f1\" stroke=\"#b1b4b6\" stroke-dasharray=\"4 3\"/>\n"
            out += "<text x=\"\(n1(cx))\" y=\"\(n1(cy - reach - 18))\" font-size=\"12\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#505a5f\">Cluster \(c.id)</text>\n"
        }
        for (a, b, s) in links {
            out += "<line x1=\"\(n1(positions[a].x))\" y1=\"\(n1(positions[a].y))\" x2=\"\(n1(positions[b].x))\" y2=\"\(n1(positions[b].y))\" stroke=\"#505a5f\" stroke-opacity=\"\(Format.plain(0.3 + 0.6 * s, places: 2))\" stroke-width=\"\(Format.plain(0.8 + 5 * s, places: 1))\"/>\n"
        }
        let leads = Set(r.clusters.map(\.lead))
        for (k, v) in nodes.enumerated() {
            let node = r.initiatives[v]
            out += "<circle cx=\"\(n1(positions[k].x))\" cy=\"\(n1(positions[k].y))\" r=\"\(n1(radius(v)))\" fill=\"\(palette.colour(node.department))\" stroke=\"\(leads.contains(node.id) ? "#0b0c0c" : "#ffffff")\" stroke-width=\"\(leads.contains(node.id) ? 3 : 1.5)\"><title>\(escape("\(node.name) — \(node.department ?? "no department"); caseload \(node.caseload.map(Format.count) ?? "not given")"))</title></circle>\n"
        }
        // Labels: try right, left, above, below; keep the place that collides least with labels and circles.
        var placed: [(x0: Double, y0: Double, x1: Double, y1: Double)] = nodes.indices.map { k in
            let rr = radius(nodes[k])
            return (positions[k].x - rr, positions[k].y - rr, positions[k].x + rr, positions[k].y + rr)
        }
        let order = nodes.indices.sorted { (r.initiatives[nodes[$0]].caseload ?? 0, -$0) > (r.initiatives[nodes[$1]].caseload ?? 0, -$1) }
        var labels = [String](repeating: "", count: nodes.count)
        for k in order {
            let node = r.initiatives[nodes[k]]
            let text = shortName(node.name, 30)
            let w = Double(text.count) * 6.1, h = 13.0, rr = radius(nodes[k])
            let x = positions[k].x, y = positions[k].y
            let candidates: [(Double, Double, String)] = [
                (x + rr + 4, y + 4, "start"), (x - rr - 4, y + 4, "end"),
                (x, y - rr - 5, "middle"), (x, y + rr + 13, "middle"),
            ]
            var best = candidates[0], bestCost = Double.infinity
            for c in candidates {
                let x0 = c.2 == "start" ? c.0 : c.2 == "end" ? c.0 - w : c.0 - w / 2
                let box = (x0: x0, y0: c.1 - h + 3, x1: x0 + w, y1: c.1 + 3)
                var cost = 0.0
                for p in placed {
                    let ox = max(0, min(box.x1, p.x1) - max(box.x0, p.x0)), oy = max(0, min(box.y1, p.y1) - max(box.y0, p.y0))
                    cost += ox * oy
                }
                if box.x0 < 4 || box.x1 > width - 4 { cost += 10_000 }
                if cost < bestCost { bestCost = cost; best = c }
            }
            let x0 = best.2 == "start" ? best.0 : best.2 == "end" ? best.0 - w : best.0 - w / 2
            placed.append((x0, best.1 - h + 3, x0 + w, best.1 + 3))
            labels[k] = "<text x=\"\(n1(best.0))\" y=\"\(n1(best.1))\" font-size=\"11\" text-anchor=\"\(best.2)\" fill=\"#0b0c0c\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\" stroke-linejoin=\"round\"\(leads.contains(node.id) ? " font-weight=\"bold\"" : "")>\(escape(text))</text>\n"
        }
        out += labels.joined()

        // Legend.
        out += "<line x1=\"16\" y1=\"\(n1(legendTop))\" x2=\"\(n1(width - 16))\" y2=\"\(n1(legendTop))\" stroke=\"#b1b4b6\"/>\n"
        out += "<text x=\"16\" y=\"\(n1(legendTop + 20))\" font-size=\"12\" font-weight=\"bold\" fill=\"#0b0c0c\">Department</text>\n"
        for (k, d) in departments.enumerated() {
            let x = 16 + Double(k % perRow) * 240, y = legendTop + 40 + Double(k / perRow) * 20
            out += "<circle cx=\"\(n1(x + 6))\" cy=\"\(n1(y - 4))\" r=\"6\" fill=\"\(d == "Other" ? DepartmentPalette.other : palette.colour(d))\"/>"
            out += "<text x=\"\(n1(x + 18))\" y=\"\(n1(y))\" font-size=\"12\" fill=\"#0b0c0c\">\(escape(shortName(d, 32)))</text>\n"
        }
        let noteY = legendTop + 40 + Double(legendRows) * 20 + 6
        out += "<text x=\"16\" y=\"\(n1(noteY))\" font-size=\"11\" fill=\"#505a5f\">Black outline and bold name: the suggested lead of each cluster (best evidence, then largest caseload).</text>\n"
        out += "</svg>\n"
        return out
    }

    /// Deterministic force-directed layout (Fruchterman–Reingold with gravity). Starting positions
    /// place each cluster on a circle and its members around it, so clusters stay apart and the
    /// same input always gives the same picture.
    static func layout(count n: Int, links: [(Int, Int, Double)], groups: [Int], width: Double, height: Double) -> [(x: Double, y: Double)] {
        guard n > 0 else { return [] }
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
            let spread = 0.05 * Double(member).squareRoot()
            xs[k] = 0.5 + ring * cos(angle) + spread * cos(inner)
            ys[k] = 0.5 + ring * sin(angle) + spread * sin(inner)
        }
        let area = 1.0
        let k = (area / Double(n)).squareRoot() * 0.9
        var temperature = 0.1
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
                let force = d / k * (0.5 + w)
                dx[a] -= ddx * force; dy[a] -= ddy * force
                dx[b] += ddx * force; dy[b] += ddy * force
            }
            for i in 0..<n {
                dx[i] -= (xs[i] - 0.5) * 0.8 * Double(n).squareRoot() * k
                dy[i] -= (ys[i] - 0.5) * 0.8 * Double(n).squareRoot() * k
                let d = (dx[i] * dx[i] + dy[i] * dy[i]).squareRoot()
                if d > 0 {
                    let limited = min(d, temperature)
                    xs[i] += dx[i] / d * limited
                    ys[i] += dy[i] / d * limited
                }
            }
            temperature = 0.1 * (1 - Double(step + 1) / Double(iterations)) + 0.002
        }
        // Fit to the box, keeping the aspect ratio sensible.
        let minX = xs.min() ?? 0, maxX = xs.max() ?? 1, minY = ys.min() ?? 0, maxY = ys.max() ?? 1
        let spanX = max(maxX - minX, 1e-6), spanY = max(maxY - minY, 1e-6)
        return (0..<n).map { i in
            (x: n == 1 ? width / 2 : (xs[i] - minX) / spanX * width, y: n == 1 ? height / 2 : (ys[i] - minY) / spanY * height)
        }
    }
}
