import Foundation

/// What `templates/report/register.html.mustache` and `register.md.mustache` see: the register as
/// text, formatted once, every figure read from the figures layer. The names are listed in
/// `templates/README.md`.
struct RegisterView: Encodable {
    struct Count: Encodable { var value: String; var title: String; var count: Int }
    struct Quarter: Encodable {
        var label: String, lines: Int, amount: String
        /// Bar length as a percentage of the biggest quarter.
        var bar: String
        /// Within the funding-cliff window.
        var soon: Bool
        var initiatives: String
        var initiativesCell: String
    }
    struct Option: Encodable { var value: String; var label: String }
    struct Flag: Encodable { var severity: String; var rule: String; var reason: String }
    struct Chip: Encodable { var rule: String; var severity: String }
    struct Step: Encodable { var number: Int; var text: String }
    struct Entry: Encodable {
        var recommendation: String, recommendationTitle: String, recommendationOrder: Int
        var into: String?
        /// "Merge into X", for the Markdown table.
        var recommendationCell: String
        var name: String, nameCell: String
        var kind: String, status: String
        /// kind · status · owner · since date.
        var meta: String
        var basis: String
        var flags: [Flag]
        var hasFlags: Bool
        var department: String, departmentCell: String
        var pots: String
        /// The funding pots joined by the unit separator, for the pot filter.
        var potKeys: String
        var funding: String, fundingSort: String
        var nextFundingEnd: String?, nextFundingEndSort: String
        var review: String?, reviewSort: String, reviewOwner: String?
        var flagsSort: String
        var chips: [Chip]
        var ruleIDs: String
    }

    var assets: PageAssets
    var runningFooter: String
    /// The A3 landscape copy for the wall (`register-wall.html`), as the pilot-review guide asks.
    var wall: Bool
    var place: String
    var asOf: String
    var initiatives: String
    var closed: String?
    var overlapRulesNotRun: Bool
    var counts: [Count]
    var moneyFreed: String
    var startStopRatio: String
    var errors: Int, warnings: Int
    var errorsLabel: String, warningsLabel: String
    var quarters: [Quarter]
    var hasQuarters: Bool
    var timelineSVG: String
    var departments: [Option]
    var pots: [Option]
    var entries: [Entry]
    var precedence: [Step]
    /// The rules and thresholds, plain (HTML) and with code spans (Markdown).
    var rules: String, rulesMarkdown: String
    var methodNote: String

    init(_ c: RegisterContext, assets: PageAssets, wall: Bool = false) {
        let r = c.register, s = c.figures
        self.assets = assets
        self.wall = wall
        runningFooter = PackView.cssString("Stop/start register · \(r.place) · as of \(r.asOf.iso)")
        place = r.place
        asOf = r.asOf.iso
        initiatives = Format.count(r.entries.count)
        closed = r.closedCount > 0 ? Format.count(r.closedCount) : nil
        overlapRulesNotRun = !r.overlapRulesRun
        counts = Recommendation.allCases.map { Count(value: $0.rawValue, title: $0.title, count: s.counts[$0] ?? 0) }
        moneyFreed = c.money(s.moneyFreedByStops)
        startStopRatio = s.startStopRatio
        errors = s.errors
        warnings = s.warnings
        errorsLabel = s.errors == 1 ? "error" : "errors"
        warningsLabel = s.warnings == 1 ? "warning" : "warnings"
        let biggest = s.fundingEnds.map { NSDecimalNumber(decimal: $0.annualAmount).doubleValue }.max() ?? 1
        quarters = s.fundingEnds.map { q in
            let names = q.initiatives.map { c.name($0) }.joined(separator: ", ")
            return Quarter(label: q.label, lines: q.lines, amount: c.money(q.annualAmount),
                           bar: Format.plain(biggest > 0 ? NSDecimalNumber(decimal: q.annualAmount).doubleValue / biggest * 100 : 0, places: 1),
                           soon: q.firstDay.map { $0 <= r.asOf.adding(months: r.settings.fundingCliffMonths) } ?? false,
                           initiatives: names, initiativesCell: Self.cell(names))
        }
        hasQuarters = !quarters.isEmpty
        timelineSVG = RegisterTimeline.render(c).element
        departments = Set(r.entries.compactMap(\.initiative.department)).sorted().map { Option(value: $0, label: $0) }
        pots = Set(r.entries.flatMap { c.sources($0) }).sorted().map { Option(value: $0, label: $0) }
        entries = r.entries.map { e in
            let i = e.initiative
            let pots = c.sources(e)
            let into = e.into.map { c.name($0) }
            var meta = "\(i.kind.rawValue) · \(i.status.rawValue)"
            if let owner = i.owner { meta += " · \(c.organisationName(owner))" }
            if let start = i.start { meta += " · since \(start.iso)" }
            let worst = e.worstSeverity.map { $0 == .error ? 0 : $0 == .warning ? 1 : 2 } ?? 3
            let next = c.nextFundingEnd(e)
            return Entry(
                recommendation: e.recommendation.rawValue, recommendationTitle: e.recommendation.title,
                recommendationOrder: e.recommendation.order, into: into,
                recommendationCell: Self.cell(e.recommendation.title + (into.map { " into \($0)" } ?? "")),
                name: i.name, nameCell: Self.cell(i.name), kind: i.kind.rawValue, status: i.status.rawValue,
                meta: meta, basis: e.basis,
                flags: e.flags.map { Flag(severity: $0.severity.rawValue, rule: $0.rule.rawValue, reason: $0.reason) },
                hasFlags: !e.flags.isEmpty,
                department: i.department ?? "", departmentCell: Self.cell(i.department ?? ""),
                pots: pots.joined(separator: "; "), potKeys: pots.joined(separator: "\u{1F}"),
                funding: c.money(c.fundingAYear(e)), fundingSort: RegisterRenderer.plainMoney(c.fundingAYear(e)),
                nextFundingEnd: next?.iso, nextFundingEndSort: next?.iso ?? "9999",
                review: i.review?.date.iso, reviewSort: i.review?.date.iso ?? "9999", reviewOwner: i.review?.owner,
                flagsSort: "\(worst)-\(10 - min(e.flags.count, 9))",
                chips: e.ruleIDs.map { id in
                    Chip(rule: id, severity: (e.flags.filter { $0.rule.rawValue == id }.map(\.severity).min() ?? .note).rawValue)
                },
                ruleIDs: e.ruleIDs.joined(separator: ", "))
        }
        precedence = RegisterRenderer.precedence.enumerated().map { Step(number: $0.offset + 1, text: $0.element) }
        rulesMarkdown = c.rulesLine
        rules = c.rulesLine.replacingOccurrences(of: "`", with: "")
        methodNote = RegisterRenderer.methodNote
    }

    /// Text for a Markdown table cell: pipes escaped, one line.
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
