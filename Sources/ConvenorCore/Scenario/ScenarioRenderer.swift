import Foundation

/// `scenario.json` (for programs), `scenario.md` and `scenario.html` (for people): one set of rows,
/// computed once, written three ways.
public enum ScenarioRenderer {
    public static func render(_ r: ScenarioResult, portfolio: Portfolio) -> [RenderedFile] {
        [RenderedFile(path: "scenario.json", text: json(r)),
         RenderedFile(path: "scenario.md", text: markdown(r, portfolio: portfolio)),
         RenderedFile(path: "scenario.html", text: html(r, portfolio: portfolio))]
    }

    // MARK: JSON

    public static func json(_ r: ScenarioResult) -> String {
        let opt = r.before.options
        func count(_ n: Int) -> JSONValue { opt.isSuppressed(n) ? .string("<\(opt.suppressBelow)") : .int(n) }
        func side(_ o: inout JSONWriter.ObjectWriter, _ result: OverlapResult, frontDoors: Int) {
            OverlapTables.summaryFields(result, figures: OverlapFigures(result), into: &o)
            o.field("front-doors", .int(frontDoors))
            o.array("neighbourhoods") { a in
                for n in result.neighbourhoods {
                    a.object { x in
                        x.field("id", .string(n.id))
                        x.field("name", .string(n.name))
                        x.field("active-initiatives", .int(n.activeInitiatives))
                        x.field("front-doors", .int(n.frontDoors))
                        x.field("teams", .int(n.teams))
                    }
                }
            }
        }
        var json = JSONWriter()
        json.object { root in
            root.field("place", .string(r.before.place.name))
            if let asOf = r.before.place.asOf { root.field("as-of", .string(asOf.iso)) }
            root.field("currency", .string(r.currency))
            root.object("plan") { p in
                p.field("stop", .strings(r.plan.stops))
                p.array("merge") { a in
                    for m in r.plan.merges { a.object { o in o.field("initiative", .string(m.initiative)); o.field("into", .string(m.into)) } }
                }
            }
            root.object("before") { o in side(&o, r.before, frontDoors: r.frontDoorsBefore) }
            root.object("after") { o in side(&o, r.after, frontDoors: r.frontDoorsAfter) }
            let s = r.savings
            root.object("changes") { o in
                o.field("annual-funding-freed", .raw(OverlapTables.decimal2(r.fundingFreed)))
                o.field("annual-funding-replanned", .raw(OverlapTables.decimal2(r.fundingReplanned)))
                o.field("duplicated-assessment-cost-avoided", .raw(OverlapTables.decimal2(s.costAvoided)))
                o.field("front-doors-removed", .int(s.frontDoorsRemoved))
                o.field("households-fewer-front-doors", count(r.householdsFewerFrontDoors))
                o.field("households-no-longer-met", count(r.householdsNoLongerMet))
                o.field("repeated-assessments-avoided", .int(s.repeatedAssessmentsAvoided))
            }
            if let b = r.registerBefore, let a = r.registerAfter {
                root.object("register") { o in
                    for (key, summary) in [("before", b), ("after", a)] {
                        o.object(key) { x in
                            for rec in Recommendation.allCases { x.field(rec.rawValue, .int(summary.counts[rec] ?? 0)) }
                            x.field("errors", .int(summary.errors))
                            x.field("warnings", .int(summary.warnings))
                        }
                    }
                }
            }
        }
        return json.text + "\n"
    }

    // MARK: Rows shared by Markdown and HTML

    struct Row {
        var figure: String
        var before: String
        var after: String
        var change: String
    }

    static func rows(_ r: ScenarioResult) -> [Row] {
        let opt = r.before.options
        let b = r.before, a = r.after
        func n(_ x: Int) -> String { Format.count(x) }
        func hh(_ x: Int) -> String { opt.householdsText(x) }
        func delta(_ x: Int, _ y: Int) -> String { y == x ? "no change" : (y > x ? "+" : "−") + Format.count(abs(y - x)) }
        func hhDelta(_ x: Int, _ y: Int) -> String {
            // A difference can disclose a small group as well as a count can.
            opt.isSuppressed(abs(y - x)) ? "suppressed" : delta(x, y)
        }
        let money = { (d: Decimal) in Format.money(d, currency: r.currency) }
        let costChange = a.households.duplicatedAssessmentCost - b.households.duplicatedAssessmentCost
        return [
            Row(figure: "Active initiatives", before: n(b.initiatives.count), after: n(a.initiatives.count), change: delta(b.initiatives.count, a.initiatives.count)),
            Row(figure: "Front doors (initiatives with their own assessment)", before: n(r.frontDoorsBefore), after: n(r.frontDoorsAfter), change: delta(r.frontDoorsBefore, r.frontDoorsAfter)),
            Row(figure: "Overlapping pairs", before: n(b.pairs.count), after: n(a.pairs.count), change: delta(b.pairs.count, a.pairs.count)),
            Row(figure: "Consolidation clusters", before: n(b.clusters.count), after: n(a.clusters.count), change: delta(b.clusters.count, a.clusters.count)),
            Row(figure: "Households met", before: hh(b.households.households), after: hh(a.households.households), change: hhDelta(b.households.households, a.households.households)),
            Row(figure: "Households meeting two or more initiatives", before: hh(b.households.householdsMulti), after: hh(a.households.householdsMulti),
                change: hhDelta(b.households.householdsMulti, a.households.householdsMulti)),
            Row(figure: "Assessments", before: n(b.households.assessments), after: n(a.households.assessments), change: delta(b.households.assessments, a.households.assessments)),
            Row(figure: "Repeated assessments", before: n(b.households.repeatedAssessments), after: n(a.households.repeatedAssessments),
                change: delta(b.households.repeatedAssessments, a.households.repeatedAssessments)),
            Row(figure: "Cost of repeated assessments", before: money(b.households.duplicatedAssessmentCost), after: money(a.households.duplicatedAssessmentCost),
                change: costChange == 0 ? "no change" : (costChange > 0 ? "+" : "−") + money(abs(costChange))),
        ]
    }

    static func planLines(_ r: ScenarioResult, portfolio: Portfolio) -> [String] {
        let names = Dictionary(portfolio.initiatives.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        return r.plan.stops.map { "Stop \(names[$0] ?? $0) (\($0))" }
            + r.plan.merges.map { "Merge \(names[$0.initiative] ?? $0.initiative) (\($0.initiative)) into \(names[$0.into] ?? $0.into) (\($0.into))" }
    }

    static func moneyLines(_ r: ScenarioResult) -> [String] {
        let opt = r.before.options
        return [
            "\(Format.money(r.fundingFreed, currency: r.currency)) a year freed by the stops",
            "\(Format.money(r.fundingReplanned, currency: r.currency)) a year to re-plan under the leads of the merges",
            "\(opt.householdsText(r.householdsFewerFrontDoors).capitalisedFirst) household\(r.householdsFewerFrontDoors == 1 ? "" : "s") would meet fewer front doors",
            "\(opt.householdsText(r.householdsNoLongerMet).capitalisedFirst) household\(r.householdsNoLongerMet == 1 ? "" : "s") met only by stopped initiatives would no longer be met",
        ]
    }

    /// Neighbourhoods where front doors or teams change.
    static func neighbourhoodRows(_ r: ScenarioResult) -> [(name: String, doors: (Int, Int), teams: (Int, Int))] {
        zip(r.before.neighbourhoods, r.after.neighbourhoods).compactMap { b, a in
            b.frontDoors == a.frontDoors && b.teams == a.teams ? nil : (b.name, (b.frontDoors, a.frontDoors), (b.teams, a.teams))
        }
    }

    static let definitions = """
    A stopped initiative ends and its contacts are taken out (the same period without it). A merged \
    initiative ends; its contacts become the lead's, and as the group is then one front door, a household \
    the group had already assessed is not assessed again. Every other figure is computed as the overlap \
    map computes it.
    """

    // MARK: Markdown

    public static func markdown(_ r: ScenarioResult, portfolio: Portfolio) -> String {
        func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
        var s = "# Scenario: \(r.before.place.name)\n\n"
        if let asOf = r.before.place.asOf { s += "As of \(asOf.iso).\n\n" }
        s += "## The plan\n\n" + planLines(r, portfolio: portfolio).map { "- \(cell($0))\n" }.joined() + "\n"
        s += "## What it would change\n\n| Figure | Before | After | Change |\n|---|---:|---:|---:|\n"
        for row in rows(r) { s += "| \(cell(row.figure)) | \(row.before) | \(row.after) | \(row.change) |\n" }
        s += "\n" + moneyLines(r).map { "- \($0)\n" }.joined()
        let nb = neighbourhoodRows(r)
        if !nb.isEmpty {
            s += "\n## Neighbourhoods that change\n\n| Neighbourhood | Front doors | Teams |\n|---|---:|---:|\n"
            for x in nb { s += "| \(cell(x.name)) | \(x.doors.0) → \(x.doors.1) | \(x.teams.0) → \(x.teams.1) |\n" }
        }
        s += "\n## Definitions\n\n\(definitions)\n"
        return s
    }

    // MARK: HTML

    public static func html(_ r: ScenarioResult, portfolio: Portfolio) -> String {
        var h = """
        <!DOCTYPE html>
        <html lang="en-GB">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Scenario: \(escape(r.before.place.name))</title>
        <style>\(css)</style>
        </head>
        <body>
        <header><p class="kicker">What if</p><h1>\(escape(r.before.place.name))</h1>
        """
        if let asOf = r.before.place.asOf { h += "<p class=\"lede\">As of <strong>\(asOf.iso)</strong></p>" }
        h += "</header>\n<section><h2>The plan</h2><ul class=\"plan\">\n"
        for line in planLines(r, portfolio: portfolio) { h += "<li>\(escape(line))</li>\n" }
        h += "</ul></section>\n<section><h2>What it would change</h2>\n<ul class=\"facts\">\n"
        for line in moneyLines(r) { h += "<li>\(escape(line))</li>\n" }
        h += "</ul>\n<table><thead><tr><th scope=\"col\">Figure</th><th scope=\"col\" class=\"num\">Before</th><th scope=\"col\" class=\"num\">After</th><th scope=\"col\" class=\"num\">Change</th></tr></thead><tbody>\n"
        for row in rows(r) {
            h += "<tr><th scope=\"row\">\(escape(row.figure))</th><td class=\"num\">\(escape(row.before))</td><td class=\"num\">\(escape(row.after))</td><td class=\"num\">\(escape(row.change))</td></tr>\n"
        }
        h += "</tbody></table></section>\n"
        let nb = neighbourhoodRows(r)
        if !nb.isEmpty {
            h += "<section><h2>Neighbourhoods that change</h2>\n<table><thead><tr><th scope=\"col\">Neighbourhood</th><th scope=\"col\" class=\"num\">Front doors</th><th scope=\"col\" class=\"num\">Teams</th></tr></thead><tbody>\n"
            for x in nb {
                h += "<tr><th scope=\"row\">\(escape(x.name))</th><td class=\"num\">\(x.doors.0) → \(x.doors.1)</td><td class=\"num\">\(x.teams.0) → \(x.teams.1)</td></tr>\n"
            }
            h += "</tbody></table></section>\n"
        }
        h += "<section class=\"definitions\"><h2>Definitions</h2><p>\(escape(definitions))</p></section>\n</body>\n</html>\n"
        return h
    }

    static let css = """
    body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45}
    .kicker{text-transform:uppercase;letter-spacing:.08em;color:#505a5f;margin:0}h1{margin:.2rem 0}.lede{color:#505a5f}
    table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{border-bottom:1px solid #b1b4b6;padding:.45rem .6rem;text-align:left}
    thead th{border-bottom:2px solid #0b0c0c}.num{text-align:right;font-variant-numeric:tabular-nums}
    .facts{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:.8rem}
    .facts li{background:#f3f2f1;border-left:5px solid #1d70b8;padding:.7rem .9rem}
    .definitions{color:#505a5f;font-size:.95rem}
    @media print{body{margin:0}.facts li{break-inside:avoid}}
    """
}
