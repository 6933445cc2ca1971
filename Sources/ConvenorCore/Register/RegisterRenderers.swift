import Foundation

/// Renders a register as the files of `convenor register`: CSV, Markdown, JSON, HTML, SVG and XLSX.
public enum RegisterRenderer {
    /// The register's files, its figures computed from the register alone.
    public static func render(_ register: Register, portfolio: Portfolio, templates: TemplateSource = TemplateSource()) throws -> [RenderedFile] {
        try render(register, figures: RegisterFigures(register, portfolio: portfolio), portfolio: portfolio, templates: templates)
    }

    /// The register's files, with every figure read from the place's figures. `register.html` and
    /// `register.md` come from `templates/report/`, the user's copies first.
    public static func render(_ register: Register, figures: PlaceFigures, portfolio: Portfolio,
                              templates: TemplateSource = TemplateSource()) throws -> [RenderedFile] {
        try render(register, figures: figures.register, portfolio: portfolio, templates: templates)
    }

    static func render(_ register: Register, figures: RegisterFigures, portfolio: Portfolio, templates: TemplateSource) throws -> [RenderedFile] {
        let context = RegisterContext(register: register, figures: figures, portfolio: portfolio)
        let view = RegisterView(context, assets: try templates.assets())
        return [
            RenderedFile(path: "register.csv", contents: csv(context)),
            RenderedFile(path: "register.md", text: try templates.render("report/register.md.mustache", view)),
            RenderedFile(path: "register.json", contents: try json(context)),
            RenderedFile(path: "register.html", text: try templates.render("report/register.html.mustache", view)),
            RenderedFile(path: "register-wall.html", text: try templates.render("report/register.html.mustache", { var wall = view; wall.wall = true; return wall }())),
            RenderedFile(path: "timeline.svg", text: RegisterTimeline.render(context).document),
            RenderedFile(path: "register.xlsx", contents: try RegisterWorkbook.render(context)),
        ]
    }

    /// The definitions of the register's figures, in docs/figures.md's words.
    public static let methodNote = [FigureDefinitions.fundingAYear, FigureDefinitions.moneyFreed, FigureDefinitions.recommendedStartStop,
                                    FigureDefinitions.fundingEnds, FigureDefinitions.cliff].joined(separator: " ")

    /// The precedence by which flags become one recommendation, in the words of register.md's footer.
    public static let precedence: [String] = [
        "A decision already recorded stands while its review is not overdue (a scale decision on a mainstreamed service reads as continue; a continue that shares families with a service for different people reads as coordinate) — unless the evidence recorded after it is negative: then stop.",
        "Negative evidence → stop.",
        "A proposal overlapping live work without replacing it (start-without-stop) → decide.",
        "A pilot or project in a consolidation group, overlapping the group's suggested lead directly (overlaps) → merge into that lead.",
        "Positive evidence at the required level → scale.",
        "An overdue review, pilotitis, no evidence, a funding cliff, a service or programme that could become one service with its group's lead, or a group with no natural lead → decide.",
        "Otherwise: a proposal → start; sharing families with a service for different people (shared-families) → coordinate: one plan, one lead professional, never a merge; anything else → continue.",
    ]

    static func csv(_ c: RegisterContext) -> Data {
        let header = ["id", "name", "kind", "status", "department", "owner", "sponsor", "start", "end", "funding-sources",
                      "annual-funding", "next-funding-end", "evidence-level", "evidence-result", "evidence-date",
                      "review-date", "review-owner", "decision", "decision-date", "recommendation", "into",
                      "severity", "flags", "reasons", "basis"]
        let rows = c.register.entries.map { e -> [String] in
            let i = e.initiative
            return [i.id, i.name, i.kind.rawValue, i.status.rawValue, i.department ?? "", c.organisationName(i.owner), i.sponsor ?? "",
                    i.start?.iso ?? "", i.end?.iso ?? "", c.sources(e).joined(separator: ";"), plainMoney(c.fundingAYear(e)),
                    c.nextFundingEnd(e)?.iso ?? "", i.evidence?.level.rawValue ?? "", i.evidence?.result?.rawValue ?? "",
                    i.evidence?.date?.iso ?? "", i.review?.date.iso ?? "", i.review?.owner ?? "", i.decision?.value.rawValue ?? "",
                    i.decision?.date?.iso ?? "", e.recommendation.rawValue, e.into ?? "", e.worstSeverity?.rawValue ?? "",
                    e.ruleIDs.joined(separator: ";"),
                    e.flags.map { "[\($0.rule.rawValue)] \($0.reason)" }.joined(separator: "; "), e.basis]
        }
        return CSVDocument.render(header: header, rows: rows)
    }

    static func json(_ c: RegisterContext) throws -> Data {
        struct Flag: Encodable { var rule: String; var severity: String; var reason: String }
        struct Entry: Encodable {
            var id: String, name: String, kind: String, status: String
            var department: String?, owner: String?
            var start: String?, end: String?
            var fundingSources: [String]
            var annualFunding: String
            var nextFundingEnd: String?
            var reviewDate: String?, reviewOwner: String?
            var decision: String?, decisionDate: String?
            var recommendation: String, into: String?, basis: String
            var flags: [Flag]
        }
        struct Quarter: Encodable { var quarter: String; var firstDay: String?; var lines: Int; var annualAmount: String; var initiatives: [String] }
        struct Summary: Encodable {
            var counts: [String: Int]; var moneyFreedByStops: String; var fundingEnds: [Quarter]
            var starts: Int; var stops: Int; var startStopRatio: String; var errors: Int; var warnings: Int
        }
        struct Rule: Encodable { var id: String; var severity: String; var settings: [String: String] }
        struct Document: Encodable {
            var place: String, asOf: String, currency: String
            var overlapRulesRun: Bool
            var closedInitiatives: Int
            var rules: [Rule]
            var summary: Summary
            var initiatives: [Entry]
        }
        let r = c.register, s = c.figures
        let doc = Document(
            place: r.place, asOf: r.asOf.iso, currency: r.currency, overlapRulesRun: r.overlapRulesRun, closedInitiatives: r.closedCount,
            rules: RegisterRule.allCases.map { Rule(id: $0.rawValue, severity: r.settings.severity(of: $0)?.rawValue ?? "off", settings: r.settings.values(of: $0)) },
            summary: Summary(counts: Dictionary(uniqueKeysWithValues: Recommendation.allCases.map { ($0.rawValue, s.counts[$0] ?? 0) }),
                             moneyFreedByStops: plainMoney(s.moneyFreedByStops),
                             fundingEnds: s.fundingEnds.map { Quarter(quarter: $0.label, firstDay: $0.firstDay?.iso, lines: $0.lines, annualAmount: plainMoney($0.annualAmount), initiatives: $0.initiatives) },
                             starts: s.recommendedStarts, stops: s.recommendedStops, startStopRatio: s.startStopRatio, errors: s.errors, warnings: s.warnings),
            initiatives: r.entries.map { e in
                let i = e.initiative
                return Entry(id: i.id, name: i.name, kind: i.kind.rawValue, status: i.status.rawValue, department: i.department, owner: i.owner,
                             start: i.start?.iso, end: i.end?.iso, fundingSources: c.sources(e), annualFunding: plainMoney(c.fundingAYear(e)),
                             nextFundingEnd: c.nextFundingEnd(e)?.iso, reviewDate: i.review?.date.iso, reviewOwner: i.review?.owner,
                             decision: i.decision?.value.rawValue, decisionDate: i.decision?.date?.iso,
                             recommendation: e.recommendation.rawValue, into: e.into, basis: e.basis,
                             flags: e.flags.map { Flag(rule: $0.rule.rawValue, severity: $0.severity.rawValue, reason: $0.reason) })
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(doc)
        data.append(10)
        return data
    }

    /// Whole pounds, no separators: for CSV and JSON.
    static func plainMoney(_ amount: Decimal) -> String {
        var rounded = Decimal()
        var value = amount
        NSDecimalRound(&rounded, &value, 0, .plain)
        return NSDecimalNumber(decimal: rounded).stringValue
    }
}

extension RegisterSettings {
    /// The thresholds of one rule, as a rules file spells them.
    public func values(of rule: RegisterRule) -> [String: String] {
        switch rule {
        case .reviewOverdue: ["grace-days": String(reviewGraceDays)]
        case .fundingCliff: ["months": String(fundingCliffMonths)]
        case .pilotitis: ["months": String(pilotitisMonths)]
        case .noEvidence: ["months": String(noEvidenceMonths)]
        case .negativeEvidence: ["min-level": negativeEvidenceMinLevel.rawValue]
        case .positiveEvidence: ["min-level": positiveEvidenceMinLevel.rawValue]
        case .overlaps, .sharedFamilies, .startWithoutStop: [:]
        }
    }
}

/// What every renderer needs besides the register: names from the portfolio, money in its currency.
struct RegisterContext {
    var register: Register
    var portfolio: Portfolio
    let organisations: [String: String]
    let initiativeNames: [String: String]

    let figures: RegisterFigures

    init(register: Register, figures: RegisterFigures, portfolio: Portfolio) {
        self.register = register
        self.figures = figures
        self.portfolio = portfolio
        organisations = Dictionary(portfolio.organisations.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        initiativeNames = Dictionary(portfolio.initiatives.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    func money(_ amount: Decimal) -> String { Format.money(amount, currency: register.currency) }
    /// Funding a year of a row, from the figures.
    func fundingAYear(_ e: RegisterEntry) -> Decimal { figures.byInitiative[e.initiative.id]?.fundingAYear ?? 0 }
    func nextFundingEnd(_ e: RegisterEntry) -> CalendarDate? { figures.byInitiative[e.initiative.id]?.nextFundingEnd }
    func name(_ id: String) -> String { initiativeNames[id] ?? id }
    func organisationName(_ id: String?) -> String { id.map { organisations[$0] ?? $0 } ?? "" }

    /// Funding sources of the lines running on as-of (or all, when none is), distinct, in order.
    func sources(_ e: RegisterEntry) -> [String] { figures.byInitiative[e.initiative.id]?.fundingSources ?? [] }

    var rulesLine: String {
        RegisterRule.allCases.map { rule -> String in
            let severity = register.settings.severity(of: rule)?.rawValue ?? "off"
            let values = register.settings.values(of: rule).sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            let run = rule.needsOverlap && !register.overlapRulesRun ? ", not run" : ""
            return "`\(rule.rawValue)` (\(([severity] + values).joined(separator: ", "))\(run))"
        }.joined(separator: "; ")
    }
}
