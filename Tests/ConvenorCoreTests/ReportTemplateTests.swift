import Foundation
import Testing
import ConvenorTestSupport
@testable import ConvenorCore

/// Every HTML and Markdown document comes from templates: one layout, one stylesheet, one table script,
/// a user's folder first. These tests check the documents are made that way and print well.
@Suite("Reports from templates")
struct ReportTemplateTests {
    static func workflows() throws -> (overlap: WorkflowResult, register: WorkflowResult, scenario: [RenderedFile]) {
        let loaded = try PortfolioLoader.load(TestSupport.northbridgeXML)
        let analysis = try Workflows.Analysis(loaded)
        let overlap = try Workflows.overlap(portfolioAt: TestSupport.northbridgeXML, kinds: [.html])
        let register = try Workflows.register(analysis)
        let plan = try ScenarioPlan.parse(stops: ["knife-crime-assemblies"], merges: ["child-poverty-champions=early-help-family-support-east"])
        let scenario = ScenarioRenderer.render(try ScenarioAnalysis.run(loaded.portfolio, plan: plan), portfolio: loaded.portfolio)
        return (overlap, register, scenario)
    }

    static func text(_ files: [RenderedFile], _ path: String) -> String {
        files.first { $0.path == path }.map { String(decoding: $0.contents, as: UTF8.self) } ?? ""
    }

    @Test("every HTML document inlines the one stylesheet and the one table script, once")
    func oneStylesheetOneScript() throws {
        let css = try #require(BuiltInResources.text("templates/shared/convenor.css"))
        let script = try #require(BuiltInResources.text("templates/shared/sortable-table.js"))
        let (overlap, register, scenario) = try Self.workflows()
        let pack = try PackFixture.northbridge()
        let pages = [("overlap", Self.text(overlap.files, "index.html")), ("register", Self.text(register.files, "register.html")),
                     ("scenario", Self.text(scenario, "scenario.html")), ("pack", Self.text(pack.files, "index.html")),
                     ("cards", Self.text(pack.files, "cards.html"))]
        for (name, page) in pages {
            #expect(page.hasPrefix("<!DOCTYPE html>"), "\(name)")
            #expect(page.components(separatedBy: css).count == 2, "\(name) does not inline the stylesheet exactly once")
            #expect(page.components(separatedBy: script).count == 2, "\(name) does not inline the table script exactly once")
            #expect(page.components(separatedBy: "<style>").count == 2 && page.components(separatedBy: "<script>").count == 2, "\(name)")
        }
        #expect(css.contains("size: A4"))
        // The Markdown documents are templates too: no HTML escaping leaks into them.
        #expect(Self.text(register.files, "register.md").contains("Children's"))
        #expect(!Self.text(register.files, "register.md").contains("&#39;"))
        #expect(Self.text(scenario, "scenario.md").hasPrefix("# Scenario: Northbridge\n\nAs of 2026-11-01.\n"))
    }

    @Test("a user's folder overrides a report template, the layout and the stylesheet, by the same lookup as packs")
    func userFolder() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try TestSupport.write("{{% CONTENT_TYPE: TEXT}}\nOURS {{place}} {{moneyFreed}} {{#entries}}[{{name}}]{{/entries}}\n",
                                  named: "report/register.md.mustache", in: dir)
        _ = try TestSupport.write("/* our house style */", named: "convenor.css", in: dir)
        let templates = TemplateSource(directory: dir.path)
        let loaded = try PortfolioLoader.load(TestSupport.northbridgeXML)
        let analysis = try Workflows.Analysis(loaded)
        let files = try Workflows.register(analysis, templates: templates).files
        #expect(Self.text(files, "register.md").hasPrefix("OURS Northbridge £83,082 [Digital inclusion kiosks in libraries pilot]"))
        #expect(Self.text(files, "register.html").contains("<style>\n/* our house style */"))
        let overlap = try OverlapRenderer.render(analysis.overlap, figures: analysis.figures.overlap, portfolio: loaded.portfolio,
                                                 kinds: [.html], templates: templates)
        #expect(Self.text(overlap, "index.html").contains("/* our house style */"))

        _ = try TestSupport.write("{{$body}}never closed", named: "shared/layout.html.mustache", in: dir)
        #expect {
            _ = try Workflows.register(analysis, templates: templates)
        } throws: { error in
            "\(error)".contains("layout.html.mustache")
        }
    }

    @Test("pilot cards: facts on the front in 14 pt or more; the register's findings and recommendation on the back, read last")
    func cardsFollowTheMethod() throws {
        let pack = try PackFixture.northbridge()
        let cards = Self.text(pack.files, "cards.html")
        let data = try #require(BuiltInResources.text("workshops/pilot-review.xml"))
        #expect(data.contains("Read the register's recommendation last"), "the handout's method changed: check the cards still follow it")
        let fronts = OutputMatches.all(cards, #"<article class="card pilot">(.*?)</article>"#)
        let backs = OutputMatches.all(cards, #"<article class="card pilot back">(.*?)</article>"#)
        #expect(fronts.count == 21 && backs.count == fronts.count, "\(fronts.count) fronts, \(backs.count) backs")
        for (front, back) in zip(fronts, backs) {
            #expect(!front.contains("recommends") && !front.contains("class=\"attention\""), "a front shows the register's view: \(front.prefix(120))")
            #expect(back.contains("Register recommends:"))
            let name = try #require(OutputMatches.all(front, "<h3>(.*?)</h3>").first)
            #expect(back.contains(name), "the back of \(name) is not behind it")
        }
        let css = try #require(BuiltInResources.text("templates/shared/convenor.css"))
        let size = try #require(OutputMatches.all(css, #"\.card\.pilot dl \{[^}]*font-size: ([\d.]+)pt"#).first.flatMap(Double.init))
        #expect(size >= 14, "card body \(size) pt")
    }

    @Test("register, overlap report and scenario print on A4 (page numbers, readable columns, register in 16 pages or fewer); the register's wall copy on A3",
          .needs(.chromium, .poppler))
    func printsOnA4() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (overlap, register, scenario) = try Self.workflows()
        for (name, page, most) in [("register.html", Self.text(register.files, "register.html"), 16),
                                   ("overlap.html", Self.text(overlap.files, "index.html"), 14),
                                   ("scenario.html", Self.text(scenario, "scenario.html"), 2)] {
            let file = dir.appendingPathComponent(name)
            try Data(page.utf8).write(to: file)
            let pdf = try ExternalTool.htmlToPDF(file)
            let pages = try ExternalTool.pages(pdf)
            #expect(pages >= 1 && pages <= most, "\(name): \(pages) pages")
            #expect(try ExternalTool.run("pdfinfo", [pdf.path], in: dir).output.contains("(A4)"), "\(name) is not A4")
            let text = try ExternalTool.text(pdf)
            #expect(text.contains("Page 1 of \(pages)"), "\(name) has no page numbers")
        }
        // The register's reasons get the width: a long reason reads on a few lines, not a sliver.
        let text = try ExternalTool.text(dir.appendingPathComponent("register.pdf"))
        #expect(text.contains("evaluated evidence is negative"), "the reasons column is squeezed")
        // The wall copy: the same register on A3 landscape, every column (the pilot-review guide asks for A3).
        let wall = dir.appendingPathComponent("register-wall.html")
        try register.files.first { $0.path == "register-wall.html" }.map { try $0.contents.write(to: wall) }
        let wallPDF = try ExternalTool.htmlToPDF(wall)
        let info = try ExternalTool.run("pdfinfo", [wallPDF.path], in: dir).output
        let size = OutputMatches.all(info, #"Page size:\s+([\d.]+ x [\d.]+)"#).first?.split(separator: " ").compactMap { Double($0) } ?? []
        #expect(size.count == 2 && abs(size[0] - 1190.55) < 2 && abs(size[1] - 841.89) < 2, "not A3 landscape: \(info)")
        let wallText = try ExternalTool.text(wallPDF)
        #expect(wallText.contains("Department") && wallText.contains("Flags"), "the wall copy leaves columns out")
    }
}

/// Regular-expression captures over rendered text (dot matches newlines).
enum OutputMatches {
    static func all(_ text: String, _ pattern: String) -> [String] {
        guard let re = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]) else { return [] }
        let ns = text as NSString
        return re.matches(in: text, range: NSRange(location: 0, length: ns.length)).compactMap { m in
            m.numberOfRanges > 1 && m.range(at: 1).location != NSNotFound ? ns.substring(with: m.range(at: 1)) : nil
        }
    }
}
