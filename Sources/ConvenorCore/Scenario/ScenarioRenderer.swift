import Foundation

/// `scenario.json` (for programs), `scenario.md` and `scenario.html` (for people): one set of rows,
/// computed once, written three ways.
public enum ScenarioRenderer {
    /// The scenario's files from the built-in templates.
    public static func render(_ r: ScenarioResult, portfolio: Portfolio) -> [RenderedFile] {
        renderBuiltIn("scenario") { try render(r, portfolio: portfolio, templates: TemplateSource()) }
    }

    /// The scenario's files; `scenario.md` and `scenario.html` come from `templates/report/`, the user's copies first.
    public static func render(_ r: ScenarioResult, portfolio: Portfolio, templates: TemplateSource) throws -> [RenderedFile] {
        let view = ScenarioView(r, portfolio: portfolio, assets: try templates.assets())
        return [RenderedFile(path: "scenario.json", text: json(r)),
                RenderedFile(path: "scenario.md", text: try templates.render("report/scenario.md.mustache", view)),
                RenderedFile(path: "scenario.html", text: try templates.render("report/scenario.html.mustache", view))]
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
}

/// What `templates/report/scenario.html.mustache` and `scenario.md.mustache` see.
struct ScenarioView: Encodable {
    struct Row: Encodable { var figure: String, figureCell: String, before: String, after: String, change: String }
    struct Neighbourhood: Encodable { var name: String, nameCell: String, frontDoors: String, teams: String }

    var assets: PageAssets
    var runningFooter: String
    var place: String
    var asOf: String?
    var plan: [String]
    var planCells: [String]
    var changes: [String]
    var rows: [Row]
    var neighbourhoods: [Neighbourhood]
    var hasNeighbourhoods: Bool
    var definitions: String

    init(_ r: ScenarioResult, portfolio: Portfolio, assets: PageAssets) {
        self.assets = assets
        place = r.before.place.name
        asOf = r.before.place.asOf?.iso
        runningFooter = PackView.cssString("Scenario · \(place)" + (asOf.map { " · as of \($0)" } ?? ""))
        plan = ScenarioRenderer.planLines(r, portfolio: portfolio)
        planCells = plan.map(RegisterView.cell)
        changes = ScenarioRenderer.moneyLines(r)
        rows = ScenarioRenderer.rows(r).map { Row(figure: $0.figure, figureCell: RegisterView.cell($0.figure), before: $0.before, after: $0.after, change: $0.change) }
        neighbourhoods = ScenarioRenderer.neighbourhoodRows(r).map {
            Neighbourhood(name: $0.name, nameCell: RegisterView.cell($0.name), frontDoors: "\($0.doors.0) → \($0.doors.1)", teams: "\($0.teams.0) → \($0.teams.1)")
        }
        hasNeighbourhoods = !neighbourhoods.isEmpty
        definitions = ScenarioRenderer.definitions
    }
}
