import Foundation

/// `index.html`: the overlap map as one self-contained page (inline CSS, JS and SVG; no network),
/// readable on screen and printable on A4.
public enum OverlapReport {
    /// Proposals are counted as active (the peer's definition) but are not running services: say how many.
    static func activeNote(_ r: OverlapResult) -> String {
        let proposed = r.initiatives.count { !$0.isRunning }
        return proposed == 0 ? "not ended or stopped" : "not ended or stopped; \(proposed) of them proposed, not yet running"
    }

    /// The report from the built-in templates.
    public static func html(_ r: OverlapResult, figures: OverlapFigures? = nil, portfolio: Portfolio, pictures: OverlapPictures.Pictures,
                            files: [String] = OverlapOutputKind.allCases.flatMap(\.files)) -> String {
        renderBuiltIn("overlap report") {
            try html(r, figures: figures, portfolio: portfolio, pictures: pictures, files: files, templates: TemplateSource())
        }
    }

    /// The report from `templates/report/overlap.html.mustache`, the user's copy first.
    public static func html(_ r: OverlapResult, figures: OverlapFigures?, portfolio: Portfolio, pictures: OverlapPictures.Pictures,
                            files: [String], templates: TemplateSource) throws -> String {
        let view = OverlapReportView(r, figures: figures ?? OverlapFigures(r), portfolio: portfolio, pictures: pictures,
                                     files: files, assets: try templates.assets())
        return try templates.render("report/overlap.html.mustache", view)
    }

    /// A household count for the page: `<5` below the threshold, else with thousands separators.
    static func countText(_ n: Int, _ opt: OverlapOptions) -> String {
        opt.isSuppressed(n) ? "<\(opt.suppressBelow)" : Format.count(n)
    }

    /// The sort key of a household count: a suppressed count must not leak through the markup.
    static func sortValue(_ n: Int, _ opt: OverlapOptions) -> String {
        opt.isSuppressed(n) ? "0.5" : String(n)
    }

    static func weightText(_ w: Double) -> String {
        var t = String(format: "%.2f", w)
        while t.hasSuffix("0") && t.contains(".") && !t.hasSuffix(".0") { t.removeLast() }
        if t.hasSuffix(".0") { t.removeLast(2) }
        return t
    }
}
