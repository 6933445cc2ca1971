import Foundation

/// Everything Convenor makes, for one portfolio, as one set of files: the example of what a programme
/// office gets. Used by `convenor demo` on the bundled example place.
public enum DemoPipeline {
    public struct Output: Sendable {
        public var files: [RenderedFile]
        /// One line per step, for the terminal.
        public var steps: [String]
        public var diagnostics: [Diagnostic]
    }

    /// The bundled example place (examples/northbridge), as files to write into `portfolio/`.
    public static var examplePortfolio: [RenderedFile] {
        ["portfolio.xml", "contacts.csv"].compactMap { name in
            BuiltInResources.text("examples/northbridge/\(name)").map { RenderedFile(path: "portfolio/\(name)", text: $0) }
        }
    }

    /// Validates, maps overlap, builds the register and a `workshop` pack for the portfolio at `path`;
    /// files come back under `overlap/`, `register/` and `pack-<workshop>/`.
    public static func run(portfolioAt path: String, workshop: String = "pilot-review") throws -> Output {
        let loaded = try PortfolioLoader.load(path)
        let p = loaded.portfolio
        let asOf = try loaded.asOf()
        var files: [RenderedFile] = []
        var steps = ["validate: \(p.place.name): \(p.initiatives.count) initiatives, \(p.neighbourhoods.count) neighbourhoods, \(p.teams.count) teams — \(loaded.diagnostics.warningCount) warnings"]

        let overlap = OverlapAnalysis.run(p)
        files += OverlapRenderer.render(overlap, portfolio: p, kinds: OverlapOutputKind.allCases).map { prefixed($0, "overlap") }
        steps.append("overlap: \(overlap.initiatives.count) active initiatives, \(Format.count(overlap.pairs.count)) overlapping pairs, \(overlap.clusters.count) consolidation candidates → overlap/index.html")

        let register = RegisterEngine(settings: try RulesFile.settings(forPortfolio: path), overlap: RegisterOverlapFacts(overlap)).run(p, asOf: asOf)
        files += try RegisterRenderer.render(register, portfolio: p).map { prefixed($0, "register") }
        let counts = Recommendation.allCases.map { r in "\(register.entries.count { $0.recommendation == r }) \(r.rawValue)" }
        steps.append("register: \(register.entries.count) initiatives — \(counts.joined(separator: ", ")) → register/register.html, register/register.xlsx")

        let definition = try WorkshopCatalogue.load(workshop)
        let data = PackDataBuilder(portfolio: p, asOf: asOf, barriers: try WorkshopCatalogue.barriers(for: workshop))
            .build(overlap: overlap, register: register)
        let pack = try PackRenderer.render(workshop: definition, data: data, options: PackOptions(date: asOf))
        files += pack.files.map { prefixed($0, "pack-\(workshop)") }
        steps.append("pack: \(definition.title) → pack-\(workshop)/index.html, slides.pptx, facilitator-guide.docx")
        return Output(files: files, steps: steps, diagnostics: loaded.diagnostics + pack.warnings)
    }

    private static func prefixed(_ file: RenderedFile, _ folder: String) -> RenderedFile {
        RenderedFile(path: "\(folder)/\(file.path)", contents: file.contents)
    }
}
