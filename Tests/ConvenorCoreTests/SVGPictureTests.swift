import Foundation
import Testing
import ConvenorTestSupport
@testable import ConvenorCore

/// Every picture Convenor draws is written with `XMLWriter`: each comes out as well-formed XML that
/// libxml2 reads back, with names full of markup characters intact, in every form it is put out in.
@Suite("SVG pictures")
struct SVGPictureTests {
    /// Names that break a picture built by joining strings: markup, an entity, both quotes, a CDATA end.
    static let hostile = #" & <b>"Q" 'n' A&amp;E ]]>"#

    /// The example place with the hostile text in every name a picture prints.
    static func hostilePlace() throws -> Portfolio {
        var p = try PortfolioLoader.load(TestSupport.northbridgeXML).portfolio
        p.place.name += Self.hostile
        for k in p.initiatives.indices { p.initiatives[k].name += Self.hostile }
        for k in p.teams.indices { p.teams[k].department = p.teams[k].department.map { $0 + Self.hostile } }
        for k in p.neighbourhoods.indices { p.neighbourhoods[k].name += Self.hostile }
        return p
    }

    /// Reads `svg` with libxml2; returns the text of its elements, or records why it is not well-formed.
    static func wellFormedText(_ svg: String, _ name: String) throws -> [String] {
        let reader = try XMLStreamReader(bytes: Array(svg.utf8), displayName: name, schema: nil)
        var texts: [String] = []
        var elements = 0
        while reader.read() {
            if reader.kind == .startElement {
                elements += 1
                if ["text", "title", "tspan"].contains(reader.localName) { texts.append(reader.readText()) }
            }
        }
        #expect(!reader.failed && reader.diagnostics.isEmpty, "\(name) is not well-formed XML: \(reader.diagnostics)")
        #expect(elements > 3, "\(name) has no picture in it")
        return texts
    }

    @Test("every SVG output is well-formed XML and keeps names with &, <, quotes whole")
    func everySVGParses() throws {
        let p = try Self.hostilePlace()
        let asOf = try #require(p.place.asOf)
        let overlap = OverlapAnalysis.run(p)
        let register = RegisterEngine(overlap: RegisterOverlapFacts(overlap)).run(p, asOf: asOf)
        let text = { (files: [RenderedFile], name: String) in
            try #require(files.first { $0.path == name }.map { String(decoding: $0.contents, as: UTF8.self) }, "no \(name)")
        }
        let overlapFiles = OverlapRenderer.render(overlap, portfolio: p, kinds: [.svg])
        let registerFiles = try RegisterRenderer.render(register, portfolio: p)
        let pack = PackDataBuilder(portfolio: p, asOf: asOf).build(overlap: overlap, register: register)
        let pictures: [(String, String)] = [
            ("network.svg", try text(overlapFiles, "network.svg")),
            ("matrix.svg", try text(overlapFiles, "matrix.svg")),
            ("timeline.svg", try text(registerFiles, "timeline.svg")),
            ("pack network", try #require(pack.networkSVG)),
            ("pack timeline", try #require(pack.timelineSVG)),
            ("slide network", try #require(pack.slideNetworkSVG)),
            ("slide timeline", try #require(pack.slideTimelineSVG)),
            ("neighbourhoods.svg", try #require(NeighbourhoodChart.svg(pack.neighbourhoods, place: pack.place))),
            ("inline network", OverlapPictures.render(overlap).network.inline),
            ("empty network", OverlapPictures.emptyPicture("Nothing for " + Self.hostile, "None" + Self.hostile).document),
        ]
        for (name, svg) in pictures {
            let texts = try Self.wellFormedText(svg, name)
            // The hostile text comes back from the parser exactly as it went in (no double escaping).
            #expect(texts.contains { $0.contains(Self.hostile) }, "\(name): no name came back whole")
        }
        // The register's page and the overlap report hold their pictures inline, with no XML declaration.
        let registerPage = try text(registerFiles, "register.html")
        let timeline = try text(registerFiles, "timeline.svg")
        #expect(timeline.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "))
        #expect(registerPage.contains(String(timeline.drop { $0 != "\n" }.dropFirst())))
        #expect(!registerPage.contains("<?xml"))
    }

    @Test("no Swift source writes SVG markup in a string literal: pictures go through XMLWriter")
    func noSVGMarkupInStrings() throws {
        let sources = TestSupport.root.appendingPathComponent("Sources")
        let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        #expect(files.count > 50)
        let markup = /"[^"\n]*<\/?(svg|g|text|tspan|title|rect|line|circle|polygon|path)[\s>\/]/
        for file in files {
            for (n, line) in try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") && line.contains(markup) {
                Issue.record("\(file.lastPathComponent):\(n + 1): SVG markup in a string: \(line.trimmingCharacters(in: .whitespaces).prefix(100))")
            }
        }
    }

    @Test func theThreeFormsDifferOnlyInTheRoot() throws {
        let picture = SVGPicture(width: 100, height: 40, labelledBy: "t") { x in
            x.element("title", ["id": "t"], text: "A & B")
            x.lineBreak()
        }
        let root = #"<svg xmlns="http://www.w3.org/2000/svg" width="100.0" height="40.0" viewBox="0 0 100.0 40.0" font-family="Arial, Helvetica, sans-serif" role="img" aria-labelledby="t">"#
        let content = "\n<title id=\"t\">A &amp; B</title>\n</svg>\n"
        #expect(picture.element == root + content)
        #expect(picture.document == "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + root + content)
        #expect(picture.inline == root.replacingOccurrences(of: "<svg xmlns", with: "<svg class=\"chart\" xmlns")
            .replacingOccurrences(of: " width=", with: " data-width=") + content)
    }
}

/// The place's pictures fill their slide and their type reads across a boardroom: the slide-shaped
/// network and funding timeline, scaled as the deck places them.
@Suite("Pictures on slides")
struct SlidePictureTests {
    /// At least this share of the slide's area under the title is picture.
    static let bodyShare = 0.6
    /// The smallest type in a picture, as shown on the slide, in points.
    static let smallestShownType = 14.0

    @Test("the network and the funding timeline fill their slides, type 14 pt or more as shown",
          arguments: [("overlap-walk", "Network of overlapping initiatives"), ("pilot-review", "Funding timeline")])
    func picturesFillTheirSlide(_ workshopID: String, _ alt: String) throws {
        let view = try PackFixture.northbridgeView(workshopID)
        let pack = try PackFixture.northbridge(workshopID)
        let pptx = try ZipEntries.of(try #require(pack.files.first { $0.path == "slides.pptx" }).contents)
        let slide = try #require(pptx.map { String(decoding: $0.contents, as: UTF8.self) }.first { $0.contains("<p:pic>") && $0.contains("descr=\"\(alt)") },
                                 "no slide shows \(alt)")
        let picture = try #require(slide.firstMatch(of: /<p:pic>.*?<a:off x="(\d+)" y="(\d+)"\/><a:ext cx="(\d+)" cy="(\d+)"\/>/))
        let (top, cx, cy) = (Double(picture.2)!, Double(picture.3)!, Double(picture.4)!)
        // The body: between the margins, from the picture's top (under the title) to above the footer.
        let bodyWidth = Double(PptxWriter.width - 2 * PptxWriter.margin), bodyBottom = Double(PptxWriter.height - 594_360)
        let share = cx * cy / (bodyWidth * (bodyBottom - top))
        #expect(share >= Self.bodyShare, "\(alt) covers \(Int(share * 100)) % of the slide's body")

        let svg = try #require(alt.hasPrefix("Network") ? view.data.slideNetworkSVG : view.data.slideTimelineSVG)
        #expect(pptx.contains { $0.path.hasPrefix("ppt/media/") && String(decoding: $0.contents, as: UTF8.self) == svg }, "the slide-shaped picture is the one embedded")
        let canvas = try #require(OfficePicture(svg: svg))
        let pointsPerPixel = cx / 12_700 / canvas.width
        let sizes = svg.matches(of: /font-size="([0-9.]+)"/).compactMap { Double($0.1) }
        let smallest = try #require(sizes.min()) * pointsPerPixel
        #expect(smallest >= Self.smallestShownType, "\(alt): type down to \(String(format: "%.1f", smallest)) pt on the slide")
    }
}
