import Foundation

/// What a workflow made: the files to write, what was found on the way, the lines for the terminal and
/// the figures every file was rendered from.
public struct WorkflowResult: Sendable {
    /// Paths relative to the output folder.
    public var files: [RenderedFile]
    /// Warnings found on the way (reading the portfolio, timing a workshop); errors are thrown.
    public var diagnostics: [Diagnostic]
    /// One line per step for the terminal, worded from the same figures as the files.
    public var summary: [String]
    /// The place's figures, when an as-of date was known (the overlap map alone does not need one).
    public var figures: PlaceFigures?
    public var overlapFigures: OverlapFigures?
}

/// The one path from a portfolio to Convenor's outputs. The CLI's commands, the plugins' tool and the demo
/// call these; none assembles the pipeline itself, so every output of a run comes from one set of figures.
public enum Workflows {
    /// The analyses of one portfolio, each run once: the overlap map, the register and the figures from both.
    public struct Analysis: Sendable {
        public var loaded: LoadedPortfolio
        public var overlap: OverlapResult
        public var register: Register
        public var figures: PlaceFigures
        public var portfolio: Portfolio { loaded.portfolio }

        /// `asOf` overrides the portfolio's date (`--as-of`); without either, `missing-as-of` is thrown.
        public init(_ loaded: LoadedPortfolio, asOf: CalendarDate? = nil, settings: RegisterSettings = RegisterSettings(),
                    overlapOptions: OverlapOptions = OverlapOptions(),
                    progress: (@Sendable (String) -> Void)? = nil) throws {
            // One missing-as-of error, in the same words for every command (issue 14).
            let date = try loaded.asOf(asOf)
            self.loaded = loaded
            overlap = OverlapAnalysis.run(loaded.portfolio, options: overlapOptions, progress: progress)
            register = RegisterEngine(settings: settings, overlap: RegisterOverlapFacts(overlap)).run(loaded.portfolio, asOf: date)
            figures = PlaceFigures(portfolio: loaded.portfolio, asOf: date, overlap: overlap, register: register)
        }
    }

    // MARK: overlap

    /// The overlap map of the portfolio at `path`: the files of `convenor overlap`.
    public static func overlap(portfolioAt path: String, options: OverlapOptions = OverlapOptions(),
                               kinds: [OverlapOutputKind] = OverlapOutputKind.allCases, templates: TemplateSource = TemplateSource(),
                               progress: (@Sendable (String) -> Void)? = nil) throws -> WorkflowResult {
        progress?("reading \(path)")
        let loaded = try PhaseTrace.measure("read") { try PortfolioLoader.load(path) }
        // pairs.csv, the largest file, is made beside clustering, as soon as the pairs are known.
        let pairsTable = kinds.contains(.csv) ? PairsTableInAdvance(options: options) : nil
        let pairsFound = pairsTable.map { table in
            { @Sendable (pairs: [OverlapPair], nodes: [OverlapNode]) in table.start(pairs: pairs, initiatives: nodes) }
        }
        let result = PhaseTrace.measure("overlap") {
            OverlapAnalysis.run(loaded.portfolio, options: options, progress: progress, pairsFound: pairsFound)
        }
        progress?("writing")
        let output = try overlap(result, loaded: loaded, kinds: kinds, templates: templates, pairsTable: pairsTable)
        // The portfolio and the analysis (millions of allocations at national scale) are freed on
        // another thread while the caller writes the files.
        ReleaseInBackground.release((consume loaded, consume result))
        return output
    }

    static func overlap(_ result: OverlapResult, loaded: LoadedPortfolio, kinds: [OverlapOutputKind],
                        templates: TemplateSource, pairsTable: PairsTableInAdvance? = nil) throws -> WorkflowResult {
        let figures = PhaseTrace.measure("figures") { OverlapFigures(result) }
        let files = try PhaseTrace.measure("render") {
            try OverlapRenderer.render(result, figures: figures, portfolio: loaded.portfolio, kinds: kinds, templates: templates, pairsTable: pairsTable)
        }
        return WorkflowResult(files: files, diagnostics: loaded.diagnostics,
                              summary: [SummaryLines.overlap(figures, place: loaded.portfolio.place)], figures: nil, overlapFigures: figures)
    }

    // MARK: register

    /// The stop/start register of the portfolio at `path`, as at `asOf` (default: the portfolio's date).
    public static func register(portfolioAt path: String, settings: RegisterSettings, asOf: CalendarDate? = nil,
                                templates: TemplateSource = TemplateSource()) throws -> WorkflowResult {
        let analysis = try Analysis(try PortfolioLoader.load(path), asOf: asOf, settings: settings)
        return try register(analysis, templates: templates)
    }

    /// The register's files from an analysis already run; `templates` as for `convenor register --templates`.
    public static func register(_ a: Analysis, templates: TemplateSource = TemplateSource()) throws -> WorkflowResult {
        let files = try RegisterRenderer.render(a.register, figures: a.figures, portfolio: a.portfolio, templates: templates)
        return WorkflowResult(files: files, diagnostics: a.loaded.diagnostics, summary: [SummaryLines.register(a.figures)],
                              figures: a.figures, overlapFigures: a.figures.overlap)
    }

    // MARK: pack

    /// A workshop pack for the portfolio at `path`. The figures are as at the portfolio's as-of date
    /// (`options.date`, the day printed on the pack, stands in only when the portfolio has none).
    public static func pack(_ workshop: Workshop, barriers: [Barrier], portfolioAt path: String, settings: RegisterSettings,
                            options: PackOptions) throws -> WorkflowResult {
        let loaded = try PortfolioLoader.load(path)
        let analysis = try Analysis(loaded, asOf: loaded.portfolio.place.asOf ?? options.date, settings: settings)
        return try pack(workshop, barriers: barriers, analysis, options: options)
    }

    public static func pack(_ workshop: Workshop, barriers: [Barrier], _ a: Analysis, options: PackOptions) throws -> WorkflowResult {
        let data = PackDataBuilder(portfolio: a.portfolio, asOf: a.figures.asOf, barriers: barriers)
            .build(figures: a.figures, overlap: a.overlap, register: a.register)
        let pack = try PackRenderer.render(workshop: workshop, data: data, options: options)
        let agenda = Agenda(workshop, start: options.start)
        return WorkflowResult(files: pack.files, diagnostics: a.loaded.diagnostics + pack.warnings,
                              summary: ["\(workshop.title) for \(a.figures.place), \(agenda.start)–\(agenda.end): wrote \(pack.files.count) files"],
                              figures: a.figures, overlapFigures: a.figures.overlap)
    }

    // MARK: demo

    /// Everything Convenor makes for one portfolio, in one folder: `overlap/`, `register/` and
    /// `pack-<workshop>/`, all from one analysis. `today` (the caller's clock) dates the pack: the next
    /// weekday after it.
    public static func demo(portfolioAt path: String, workshop id: String = "pilot-review", today: CalendarDate? = nil,
                            templates: TemplateSource = TemplateSource()) throws -> WorkflowResult {
        let loaded = try PortfolioLoader.load(path)
        let p = loaded.portfolio
        let analysis = try Analysis(loaded, settings: try RulesFile.settings(forPortfolio: path))
        let f = analysis.figures
        var summary = ["validate: \(f.place): \(Format.count(f.initiatives)) initiatives, \(Format.count(f.neighbourhoodCount)) neighbourhoods, \(Format.count(f.teams)) teams — \(loaded.diagnostics.warningCount) warnings"]

        let overlap = try Self.overlap(analysis.overlap, loaded: loaded, kinds: OverlapOutputKind.allCases, templates: templates)
        summary.append("overlap: " + SummaryLines.overlap(f.overlap, place: p.place, placeName: false) + " → overlap/index.html")
        let register = try Self.register(analysis, templates: templates)
        summary.append("register: " + SummaryLines.register(f, placeName: false) + " → register/register.html, register/register.xlsx")

        let definition = try WorkshopCatalogue.load(id)
        let pack = try Self.pack(definition, barriers: try WorkshopCatalogue.barriers(for: id), analysis, options: PackOptions(today: today, templates: templates))
        summary.append("pack: \(definition.title) → pack-\(id)/index.html, slides.pptx, facilitator-guide.docx")
        let files = overlap.files.map { prefixed($0, "overlap") } + register.files.map { prefixed($0, "register") }
            + pack.files.map { prefixed($0, "pack-\(id)") }
        return WorkflowResult(files: files, diagnostics: pack.diagnostics, summary: summary, figures: f, overlapFigures: f.overlap)
    }

    /// The bundled example place (examples/northbridge), as files to write into `portfolio/`.
    public static var examplePortfolio: [RenderedFile] {
        ["portfolio.xml", "contacts.csv"].compactMap { name in
            BuiltInResources.text("examples/northbridge/\(name)").map { RenderedFile(path: "portfolio/\(name)", text: $0) }
        }
    }

    private static func prefixed(_ file: RenderedFile, _ folder: String) -> RenderedFile {
        RenderedFile(path: "\(folder)/\(file.path)", contents: file.contents)
    }
}

/// The terminal's one-line summaries, worded from the figures with the labels the reports use.
public enum SummaryLines {
    /// "Northbridge: 41 active initiatives, 600 overlapping pairs, 92 linked (score 0.35 or more), 6 clusters, £… on repeated assessments".
    public static func overlap(_ f: OverlapFigures, place: Place, placeName: Bool = true) -> String {
        var line = (placeName ? "\(place.name): " : "") + "\(Format.count(f.activeInitiatives)) active initiatives, "
            + "\(Format.count(f.overlappingPairs)) overlapping pairs, \(Format.count(f.linkedPairs)) linked (score \(f.minScoreText) or more), "
            + "\(f.clusters) cluster\(f.clusters == 1 ? "" : "s")"
        if f.repeatedAssessments > 0 {
            line += ", \(Format.money(f.repeatedAssessmentCost, currency: place.currency)) on repeated assessments"
        }
        return line
    }

    /// "Northbridge, as of 2026-11-01: 41 initiatives — 2 stop, …; recommended start:stop 0:2; £… a year freed by the recommended stops".
    public static func register(_ f: PlaceFigures, placeName: Bool = true) -> String {
        let r = f.register
        let counts = Recommendation.allCases.map { "\(r.count($0)) \($0.rawValue)" }.joined(separator: ", ")
        var line = (placeName ? "\(f.place), as of \(f.asOf.iso): " : "") + "\(Format.count(r.initiatives)) initiatives — \(counts); "
            + "recommended start:stop \(r.startStopRatio); \(f.money(r.moneyFreedByStops)) a year freed by the recommended stops"
        if !r.overlapRulesRun { line += "; overlap rules not run" }
        return line
    }
}
