import Foundation
import Testing
import ConvenorTestSupport
@testable import ConvenorCore

/// Builds packs for the tests from the Northbridge example or a small hand-made place.
enum PackFixture {
    static func northbridge(_ workshopID: String = "pilot-review", start: String = "09:30", facilitator: String? = "Sam Okafor",
                            templates: String? = nil) throws -> RenderedPack {
        let loaded = try PortfolioLoader.load(TestSupport.northbridgeXML)
        let workshop = try #require(try WorkshopCatalogue.builtIn(workshopID))
        let asOf = try #require(loaded.portfolio.place.asOf)
        let data = PackDataBuilder(portfolio: loaded.portfolio, asOf: asOf, barriers: try WorkshopCatalogue.barriers(for: workshopID)).build()
        return try PackRenderer.render(workshop: workshop, data: data,
                                       options: PackOptions(start: try #require(ClockTime(start)), facilitator: facilitator,
                                                            templates: TemplateSource(directory: templates)))
    }

    /// A place whose text tries to break out of HTML, and a pilot with a tiny caseload.
    static var hostilePortfolio: Portfolio {
        let asOf = CalendarDate(year: 2026, month: 11, day: 1)!
        return Portfolio(
            place: Place(name: "Fish & <Chips>", asOf: asOf),
            neighbourhoods: [Neighbourhood(id: "n1", name: "Dock \"Side\"", population: 4000, imdDecile: 1)],
            organisations: [Organisation(id: "o1", name: "<script>alert(1)</script> Council")],
            teams: [Team(id: "t1", name: "Team", organisation: "o1", fte: 2.5, neighbourhoods: ["n1"])],
            initiatives: [
                Initiative(id: "p1", name: "Tiny <b>pilot</b>", kind: .pilot, status: .live, owner: "o1",
                           start: CalendarDate(year: 2023, month: 1, day: 1), end: CalendarDate(year: 2027, month: 2, day: 28),
                           funding: [FundingLine(source: "Grant", kind: .grant, amount: 50000, per: .year, end: CalendarDate(year: 2027, month: 2, day: 28))],
                           teams: ["t1"], coverage: .neighbourhoods(["n1"]), assessment: Assessment(name: "Intake", unitCost: 100),
                           caseload: 3, review: Review(date: CalendarDate(daysSinceEpoch: 20605))),
            ])
    }

    /// The view a pack of Northbridge's is rendered from (figures with the register, as the CLI has them).
    static func northbridgeView(_ workshopID: String = "pilot-review", facilitator: String? = "Sam Okafor") throws -> PackView {
        let loaded = try PortfolioLoader.load(TestSupport.northbridgeXML)
        let workshop = try #require(try WorkshopCatalogue.builtIn(workshopID))
        let data = PackDataBuilder(portfolio: loaded.portfolio, asOf: try #require(loaded.portfolio.place.asOf),
                                   barriers: try WorkshopCatalogue.barriers(for: workshopID)).build()
        return PackView(workshop: workshop, agenda: Agenda(workshop, start: ClockTime(minutes: 570)), data: data,
                        facilitator: facilitator, date: data.asOf)
    }

    static func file(_ pack: RenderedPack, _ path: String) throws -> String {
        let file = try #require(pack.files.first { $0.path == path }, "no \(path) in the pack")
        return String(decoding: file.contents, as: UTF8.self)
    }
}

@Suite("Workshop packs")
struct PackTests {
    @Test("a pack holds every file the issue lists, pack.zip last and containing the rest")
    func files() throws {
        let pack = try PackFixture.northbridge()
        #expect(pack.files.map(\.path) == [
            "agenda.md", "cards.html", "facilitator-guide.docx", "facilitator-guide.md",
            "handouts/03-stopping-is-harder.html", "handouts/04-card-sort.html", "handouts/06-commitments.html",
            "index.html", "slides.pptx", "pack.zip",
        ])
        let zip = try #require(pack.files.last?.contents)
        let entries = try ZipEntries.of(zip)
        #expect(entries.map(\.path) == pack.files.dropLast().map(\.path))
        #expect(entries.map(\.contents) == pack.files.dropLast().map(\.contents))
        #expect(pack.warnings.isEmpty)
    }

    @Test("golden Markdown: agenda and facilitator guide for Northbridge's pilot review")
    func goldenMarkdown() throws {
        let pack = try PackFixture.northbridge()
        for name in ["agenda.md", "facilitator-guide.md"] {
            let file = try #require(pack.files.first { $0.path == name })
            if let problem = try TestSupport.assertGolden(file.contents, "pack/pilot-review/\(name)") { Issue.record("\(problem)") }
        }
    }

    @Test("the same input gives byte-identical files, pack.zip included")
    func deterministic() throws {
        let a = try PackFixture.northbridge("overlap-walk")
        let b = try PackFixture.northbridge("overlap-walk")
        #expect(a.files.map(\.path) == b.files.map(\.path))
        for (x, y) in zip(a.files, b.files) { #expect(x.contents == y.contents, "\(x.path) differs between two runs") }
    }

    @Test("the place's own pilots fill the cards and the data sections")
    func placeData() throws {
        let pack = try PackFixture.northbridge()
        let cards = try PackFixture.file(pack, "cards.html")
        #expect(cards.contains("Winter shelter pilot"))
        #expect(cards.contains("Review was due 2026-01-15, no decision since (owner: Head of Housing)"), "the register's finding, in its words")
        #expect(cards.components(separatedBy: "<article class=\"card pilot\">").count - 1 == 21, "every proposed, live or paused pilot")
        #expect(!cards.contains("card barrier"), "pilot review prints pilot cards only")
        let index = try PackFixture.file(pack, "index.html")
        #expect(index.contains("Pilots needing a decision") && index.contains("@page"))
        #expect(index.contains("Why stopping feels harder than starting, and how to make it easier"), "handouts are part of the whole pack")
        let barrierCards = try PackFixture.file(try PackFixture.northbridge("whats-stopping-us"), "cards.html")
        #expect(barrierCards.components(separatedBy: "<article class=\"card barrier\">").count - 1 == 8)
    }

    @Test("text from the portfolio is escaped in HTML and Office files, and small caseloads are suppressed")
    func escapingAndSuppression() throws {
        let p = PackFixture.hostilePortfolio
        let data = PackDataBuilder(portfolio: p, asOf: try #require(p.place.asOf)).build()
        #expect(data.pilots.first?.caseload == "<5")
        #expect(data.pilots.first?.reviewOverdue == true)
        #expect(data.pilots.first?.attention.contains { $0.hasPrefix("Grant funding of £50,000 a year ends 2027-02-28") } == true, "the register's funding cliff, in its words")
        #expect(data.pilots.first?.cliffs == ["28 February 2027 (Grant)"])
        let workshop = try #require(try WorkshopCatalogue.builtIn("pilot-review"))
        let pack = try PackRenderer.render(workshop: workshop, data: data, options: PackOptions())
        for name in ["index.html", "cards.html"] {
            let html = try PackFixture.file(pack, name)
            #expect(!html.contains("<script>alert") && !html.contains("<b>pilot</b>") && !html.contains("Fish & <Chips>"), "\(name) lets input text through unescaped")
            if name == "cards.html" {
                #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; Council"), "cards.html does not show the owner's name, escaped")
            }
        }
        #expect(try PackFixture.file(pack, "cards.html").contains("&lt;5 households"))
        // The running footer sits in a CSS string, where HTML escapes do not apply.
        #expect(try PackFixture.file(pack, "index.html").contains("Pilot review · Fish \\26  \\3C Chips\\3E  · 2 November 2026"))
        let xml = try ZipEntries.of(try #require(pack.files.first { $0.path == "slides.pptx" }).contents).filter { $0.path.hasPrefix("ppt/slides/slide") }
            .map { String(decoding: $0.contents, as: UTF8.self) }.joined()
        #expect(xml.contains("Tiny &lt;b&gt;pilot&lt;/b&gt;") && !xml.contains("<b>pilot"))
        let guide = try ZipEntries.of(try #require(pack.files.first { $0.path == "facilitator-guide.docx" }).contents)
            .filter { $0.path == "word/document.xml" }.map { String(decoding: $0.contents, as: UTF8.self) }.joined()
        #expect(guide.contains("Fish &amp; &lt;Chips&gt;") && !guide.contains("<Chips>"))
    }

    @Test("a template in --templates replaces the built-in one; the others stay")
    func templateOverride() throws {
        let dir = try TestSupport.temporaryDirectory()
        _ = try TestSupport.write("{{% CONTENT_TYPE: TEXT}}\nOUR AGENDA for {{place}}\n{{#agenda}}{{time}} {{title}}\n{{/agenda}}", named: "pack/agenda.md.mustache", in: dir)
        _ = try TestSupport.write("<p>Cards for {{place}}</p>", named: "cards.html.mustache", in: dir)
        let pack = try PackFixture.northbridge(templates: dir.path)
        let agenda = try PackFixture.file(pack, "agenda.md")
        #expect(agenda.hasPrefix("OUR AGENDA for Northbridge\n09:30–09:45 Welcome: what a decision looks like today\n"))
        #expect(try PackFixture.file(pack, "cards.html") == "<p>Cards for Northbridge</p>")
        #expect(try PackFixture.file(pack, "facilitator-guide.md").contains("\n# Pilot review: facilitator guide\n"))
    }

    @Test("a broken template is reported with its file and line")
    func brokenTemplate() throws {
        let dir = try TestSupport.temporaryDirectory()
        let path = try TestSupport.write("line one\n{{#agenda}}\n{{title}}\n", named: "pack/agenda.md.mustache", in: dir)
        let error = try #require(throws: InputError.self) { try PackFixture.northbridge(templates: dir.path) }
        let d = try #require(error.diagnostics.first)
        #expect(d.code == "template-error")
        #expect(d.location?.file == path)
        #expect((d.location?.line ?? 0) >= 2)
    }

    @Test("the seams for the overlap map and the register show up in the pack when filled")
    func seams() throws {
        let loaded = try PortfolioLoader.load(TestSupport.northbridgeXML)
        var data = PackDataBuilder(portfolio: loaded.portfolio, asOf: try #require(loaded.portfolio.place.asOf)).build()
        data.overlapFindings = ["3 initiatives send separate outreach teams to Riverside's rough sleepers"]
        data.networkSVG = "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"network\"></svg>"
        data.recommendations = ["winter-shelter": RegisterRecommendation(recommendation: "merge", flags: ["overlaps"], reasons: ["Overlaps the hub pilot"])]
        let workshop = try #require(try WorkshopCatalogue.builtIn("system-wide"))
        let pack = try PackRenderer.render(workshop: workshop, data: data, options: PackOptions())
        let index = try PackFixture.file(pack, "index.html")
        #expect(index.contains("3 initiatives send separate outreach teams to Riverside&#39;s rough sleepers"))
        #expect(index.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"network\"></svg>"))
        let review = try PackRenderer.render(workshop: try #require(try WorkshopCatalogue.builtIn("pilot-review")), data: data, options: PackOptions())
        #expect(try PackFixture.file(review, "cards.html").contains("Register recommends: Merge"))
        let slides = try ZipEntries.of(try #require(review.files.first { $0.path == "slides.pptx" }).contents)
            .filter { $0.path.hasPrefix("ppt/slides/slide") }.map { String(decoding: $0.contents, as: UTF8.self) }.joined()
        #expect(slides.contains("<a:t>Register</a:t>") && slides.contains("<a:t>merge</a:t>"))
    }

    @Test("DOCX and PPTX hold the parts Word and PowerPoint need, every one well-formed XML")
    func officeParts() throws {
        let pack = try PackFixture.northbridge()
        let docx = try ZipEntries.of(try #require(pack.files.first { $0.path == "facilitator-guide.docx" }).contents)
        let pptx = try ZipEntries.of(try #require(pack.files.first { $0.path == "slides.pptx" }).contents)
        #expect(docx.first?.path == "[Content_Types].xml" && pptx.first?.path == "[Content_Types].xml")
        let docxPaths = Set(docx.map(\.path)), pptxPaths = Set(pptx.map(\.path))
        for part in ["_rels/.rels", "word/document.xml", "word/styles.xml", "word/numbering.xml", "word/settings.xml",
                     "word/header1.xml", "word/footer1.xml", "word/_rels/document.xml.rels", "docProps/core.xml"] {
            #expect(docxPaths.contains(part), "docx lacks \(part)")
        }
        for part in ["ppt/presentation.xml", "ppt/slideMasters/slideMaster1.xml", "ppt/slideLayouts/slideLayout1.xml",
                     "ppt/theme/theme1.xml", "ppt/notesMasters/notesMaster1.xml", "ppt/notesSlides/notesSlide16.xml",
                     "ppt/slides/slide16.xml", "ppt/slides/_rels/slide16.xml.rels"] {
            #expect(pptxPaths.contains(part), "pptx lacks \(part)")
        }
        let slideCount = try PackSlides.deck(PackFixture.northbridgeView()).slides.count
        #expect(pptxPaths.contains("ppt/slides/slide\(slideCount).xml") && !pptxPaths.contains("ppt/slides/slide\(slideCount + 1).xml"))
        for (path, contents) in docx + pptx where path.hasSuffix(".xml") || path.hasSuffix(".rels") {
            let reader = try XMLStreamReader(bytes: Array(contents), displayName: path, schema: nil)
            while reader.read() {}
            #expect(reader.diagnostics.isEmpty && !reader.failed, "\(path): \(reader.diagnostics)")
        }
        let text = { (entries: [(path: String, contents: Data)], path: String) in
            String(decoding: entries.first { $0.path == path }?.contents ?? Data(), as: UTF8.self)
        }
        #expect(text(docx, "word/document.xml").contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"), "A4")
        #expect(text(docx, "word/styles.xml").contains("<w:name w:val=\"heading 1\"/>"))
        #expect(text(docx, "word/document.xml").contains("<w:tblHeader/>"), "tables repeat their header row")
        #expect(text(pptx, "ppt/notesSlides/notesSlide4.xml").contains("Ask the sponsor to open in three minutes"), "speaker notes carry the facilitator notes")
    }

    @Test("neighbourhood load counts live initiatives, teams that work there and distinct front doors")
    func neighbourhoods() throws {
        let p = PackFixture.hostilePortfolio
        let data = PackDataBuilder(portfolio: p, asOf: try #require(p.place.asOf)).build()
        let n = try #require(data.neighbourhoods.first)
        #expect(n.liveInitiatives == 1 && n.teams == 1 && n.frontDoors == 1 && Format.fte(n.fte) == "2.5")
    }
}
