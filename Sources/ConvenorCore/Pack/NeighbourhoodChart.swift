import Foundation

/// `neighbourhoods.svg`: the busiest neighbourhoods as paired bars (active initiatives, front doors),
/// sized for a slide, from the place's figures.
enum NeighbourhoodChart {
    static let rowHeight = 44.0, labelWidth = 250.0, chartWidth = 640.0, top = 70.0

    /// Nil when there are no neighbourhoods to show.
    static func svg(_ neighbourhoods: [NeighbourhoodFigures], place: String) -> String? {
        let rows = Array(neighbourhoods.prefix(8))
        guard !rows.isEmpty else { return nil }
        let most = Double(max(rows.map { max($0.activeInitiatives, $0.frontDoors) }.max() ?? 1, 1))
        let width = labelWidth + chartWidth + 70, height = top + Double(rows.count) * rowHeight + 30
        func f(_ v: Double) -> String { SVGPicture.number(v) }
        return SVGPicture(width: width, height: height, labelledBy: "neighbourhoods-title") { x in
            x.element("title", ["id": "neighbourhoods-title"], text: "\(place): active initiatives and front doors in the busiest neighbourhoods")
            x.lineBreak()
            x.empty("rect", ["width": "100%", "height": "100%", "fill": "#ffffff"])
            x.lineBreak()
            let series = [("Active initiatives", "#1f3a5f"), ("Front doors (separate assessments)", "#0f766e")]
            var legendX = labelWidth
            for (label, colour) in series {
                x.empty("rect", ["x": f(legendX), "y": "18", "width": "18", "height": "18", "fill": colour])
                x.element("text", ["x": f(legendX + 26), "y": "33", "font-size": "18", "fill": "#1d2939"], text: label)
                legendX += 26 + Double(label.count) * 9.5 + 30
                x.lineBreak()
            }
            for (i, n) in rows.enumerated() {
                let y = top + Double(i) * rowHeight
                x.element("text", ["x": f(labelWidth - 12), "y": f(y + 27), "font-size": "18", "text-anchor": "end", "fill": "#1d2939"],
                          text: n.name.count <= 26 ? n.name : String(n.name.prefix(25)) + "…")
                for (k, value) in [n.activeInitiatives, n.frontDoors].enumerated() {
                    let barY = y + 6 + Double(k) * 17
                    let barWidth = max(Double(value) / most * chartWidth, 2)
                    x.empty("rect", ["x": f(labelWidth), "y": f(barY), "width": f(barWidth), "height": "15", "fill": series[k].1])
                    x.element("text", ["x": f(labelWidth + barWidth + 6), "y": f(barY + 13), "font-size": "16", "fill": "#1d2939"], text: String(value))
                }
                x.lineBreak()
            }
        }.element
    }
}
