import Foundation
import Testing
import ConvenorTestSupport
@testable import ConvenorCore

/// Reads Office XML back for the checks: paragraphs' text, run sizes by shape.
enum OfficeText {
    static func part(_ data: Data, _ path: String) throws -> String {
        let entry = try #require(try ZipEntries.of(data).first { $0.path == path }, "no \(path) in the package")
        return String(decoding: entry.contents, as: UTF8.self)
    }

    /// The text of every paragraph (`w:p` or `a:p`) in order, runs joined, empty ones left out.
    static func paragraphs(_ xml: String) throws -> [String] {
        let reader = try XMLStreamReader(bytes: Array(xml.utf8), displayName: "part", schema: nil)
        var result: [String] = []
        var current: String?
        while reader.read() {
            if reader.kind == .startElement && reader.localName == "p" && !reader.isEmptyElement { current = "" }
            if reader.kind == .startElement && reader.localName == "t" { current? += reader.readText() }
            if reader.kind == .endElement && reader.localName == "p" {
                if let c = current, !c.isEmpty { result.append(c) }
                current = nil
            }
        }
        return result
    }

    /// For each shape (`p:sp`, `p:graphicFrame`) on a slide: its name and the sizes of its runs.
    static func runSizes(_ xml: String) throws -> [(shape: String, sizes: [Int])] {
        let reader = try XMLStreamReader(bytes: Array(xml.utf8), displayName: "slide", schema: nil)
        var result: [(shape: String, sizes: [Int])] = []
        while reader.read() {
            guard reader.kind == .startElement else { continue }
            if reader.localName == "cNvPr", let name = reader.attributes().first(where: { $0.name == "name" })?.value {
                result.append((name, []))
            }
            if reader.localName == "rPr", let size = reader.attributes().first(where: { $0.name == "sz" }).flatMap({ Int($0.value) }), !result.isEmpty {
                result[result.count - 1].sizes.append(size)
            }
        }
        return result
    }
}

@Suite("XML writer and OOXML package")
struct XMLWriterTests {
    @Test("text and attributes are escaped as they are written; indented layout puts each element on its line")
    func escaping() {
        var x = XMLWriter(.plain, layout: .indented)
        x.open("root", ["name": "Fish & \"Chips\" <'s>", "skipped": nil])
        x.element("note", text: "a < b & c > d")
        x.empty("empty", ["line": "one\ntwo"])
        x.element("group") { $0.element("inner", text: "") }
        x.close()
        #expect(x.document(trailingNewline: true) == """
            <?xml version="1.0" encoding="UTF-8"?>
            <root name="Fish &amp; &quot;Chips&quot; &lt;&#39;s&gt;">
              <note>a &lt; b &amp; c &gt; d</note>
              <empty line="one&#10;two"/>
              <group>
                <inner></inner>
              </group>
            </root>

            """)
    }

    @Test("content types and relationships are derived from the parts, targets relative, every target checked")
    func package() throws {
        var p = OOXMLPackage()
        p.relate(nil, to: "ppt/presentation.xml", type: OfficeXML.officeDocumentType)
        p.add("ppt/presentation.xml", contentType: "application/vnd.test.main+xml", contents: Data("<a/>".utf8))
        let slide = "ppt/slides/slide1.xml"
        #expect(p.relate("ppt/presentation.xml", to: slide, type: OfficeXML.rel("slide")) == "rId1")
        #expect(p.relate(slide, to: "ppt/slideLayouts/slideLayout1.xml", type: OfficeXML.rel("slideLayout")) == "rId1")
        #expect(p.relate(slide, to: "ppt/media/image1.svg", type: OfficeXML.rel("image")) == "rId2")
        p.add(slide, contentType: "application/vnd.test.slide+xml", contents: Data("<s/>".utf8))
        p.add("ppt/media/image1.svg", contentType: "image/svg+xml", contents: Data("<svg/>".utf8))
        // A relationship to a part that was never added is a defect, caught before any bytes are written.
        #expect(throws: FileError.self) { try p.archive() }
        p.add("ppt/slideLayouts/slideLayout1.xml", contentType: "application/vnd.test.layout+xml", contents: Data("<l/>".utf8))
        let data = try p.archive()
        let again = try p.archive()
        #expect(data == again, "deterministic")
        let entries = try ZipEntries.of(data)
        #expect(entries.map(\.path) == ["[Content_Types].xml", "_rels/.rels", "ppt/_rels/presentation.xml.rels", "ppt/media/image1.svg",
                                        "ppt/presentation.xml", "ppt/slideLayouts/slideLayout1.xml", "ppt/slides/_rels/slide1.xml.rels",
                                        "ppt/slides/slide1.xml"])
        let types = try OfficeText.part(data, "[Content_Types].xml")
        #expect(types.contains(#"<Default Extension="svg" ContentType="image/svg+xml"/>"#))
        #expect(types.contains(#"<Override PartName="/ppt/slides/slide1.xml" ContentType="application/vnd.test.slide+xml"/>"#))
        #expect(!types.contains("PartName=\"/ppt/media"), "media are covered by their extension's default")
        let rels = try OfficeText.part(data, "ppt/slides/_rels/slide1.xml.rels")
        #expect(rels.contains(#"Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/slideLayout" Target="../slideLayouts/slideLayout1.xml""#))
        #expect(rels.contains(#"Target="../media/image1.svg""#))
        #expect(try OfficeText.part(data, "_rels/.rels").contains(#"Target="ppt/presentation.xml""#))
    }

    @Test("every Office file Convenor writes has a content type for each part and only relationships to parts it holds")
    func everyPackageIsConsistent() throws {
        let pack = try PackFixture.northbridge("overlap-walk")
        let loaded = try PortfolioLoader.load(TestSupport.northbridgeXML)
        let files = pack.files.filter { $0.path.hasSuffix(".docx") || $0.path.hasSuffix(".pptx") }.map { ($0.path, $0.contents) }
            + [("portfolio.xlsx", try PortfolioWorkbookWriter.render(loaded.portfolio))]
        for (name, data) in files {
            let entries = try ZipEntries.of(data)
            let paths = Set(entries.map(\.path))
            let types = try OfficeText.part(data, "[Content_Types].xml")
            for path in paths where path != "[Content_Types].xml" {
                let ext = path.split(separator: ".").last.map(String.init) ?? ""
                let covered = types.contains("PartName=\"/\(path)\"") || types.contains("Extension=\"\(ext)\"")
                #expect(covered, "\(name): \(path) has no content type")
            }
            for rels in paths where rels.hasSuffix(".rels") {
                let folder = ((rels as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
                let reader = try XMLStreamReader(bytes: Array(try OfficeText.part(data, rels).utf8), displayName: rels, schema: nil)
                while reader.read() {
                    guard reader.kind == .startElement && reader.localName == "Relationship" else { continue }
                    let target = try #require(reader.attributes().first { $0.name == "Target" }?.value)
                    var resolved: [Substring] = folder.split(separator: "/")
                    for step in target.split(separator: "/") {
                        if step == ".." { resolved.removeLast() } else { resolved.append(step) }
                    }
                    let path = resolved.joined(separator: "/")
                    #expect(paths.contains(path), "\(name): \(rels) points at \(target), not in the package")
                }
            }
        }
    }
}

@Suite("Markdown into the document model")
struct MarkdownReaderTests {
    @Test("the documented subset: title and subtitle, headings, emphasis, lists, quotes, tables, pictures, page breaks")
    func subset() throws {
        let md = """
            <!-- running-header: Guide · Place -->
            # The guide

            *A subtitle*

            Some **bold** and *italic* text with `code`,
            joined over lines; a lone * star and \\*escaped\\* stars.

            <!-- page break -->
            ## Section
            ### Part
            - one
            - **two** items
            1. first
            2. second

            > **Timing:** runs over

            | Name | Amount |
            |---|---:|
            | A \\| B | £1 |

            ![The network](network.svg)
            """
        let doc = try MarkdownReader.document(md, name: "guide.md", pictures: ["network.svg"])
        #expect(doc.title == "The guide")
        #expect(doc.runningHeader == "Guide · Place")
        #expect(doc.blocks == [
            .title([TextRun("The guide")]),
            .subtitle([TextRun("A subtitle", italic: true)]),
            .paragraph([TextRun("Some "), TextRun("bold", bold: true), TextRun(" and "), TextRun("italic", italic: true), TextRun(" text with "),
                        TextRun("code", code: true), TextRun(", joined over lines; a lone * star and *escaped* stars.")]),
            .pageBreak,
            .heading(1, [TextRun("Section")]),
            .heading(2, [TextRun("Part")]),
            .bullets([[TextRun("one")], [TextRun("two", bold: true), TextRun(" items")]]),
            .numbered([[TextRun("first")], [TextRun("second")]]),
            .callout([TextRun("Timing:", bold: true), TextRun(" runs over")]),
            .table(DocumentTable(header: [[TextRun("Name")], [TextRun("Amount")]], rows: [[[TextRun("A | B")], [TextRun("£1")]]],
                                 alignments: [.left, .right])),
            .image(alt: "The network", source: "network.svg"),
        ])
    }

    @Test("a picture Convenor does not make is reported at its line in the template")
    func unknownPicture() throws {
        let error = try #require(throws: InputError.self) {
            try MarkdownReader.document("# T\n\n![x](photo.png)\n", name: "my/guide.md.mustache", pictures: ["network.svg"])
        }
        let d = try #require(error.diagnostics.first)
        #expect(d.code == "template-error" && d.location?.file == "my/guide.md.mustache" && d.location?.line == 3)
        #expect(d.message.contains("photo.png") && d.message.contains("network.svg"))
    }

    @Test("slides: separators, layouts, kicker, subtitle, figures and speaker notes kept apart from the slide")
    func slides() throws {
        let md = """
            <!-- footer: Day · Place -->
            <!-- layout: title -->
            # Cover

            ---
            ###### Session 1
            # Talk
            *Why we talk*

            - point

            ::: figures
            - **12** pilots
            :::

            ::: notes
            Say this first.

            - and this
            :::
            """
        let deck = try MarkdownReader.slides(md, name: "slides.md")
        #expect(deck.footer == "Day · Place")
        #expect(deck.slides == [
            Slide(layout: .title, title: "Cover"),
            Slide(kicker: "Session 1", title: "Talk", subtitle: "Why we talk",
                  blocks: [.bullets([[TextRun("point")]]), .figures([Slide.Figure(value: "12", label: "pilots")])],
                  notes: ["Say this first.", "and this"]),
        ])
        #expect(throws: InputError.self) { try MarkdownReader.slides("# A\n::: notes\nnever closed\n", name: "s.md") }
        #expect(throws: InputError.self) { try MarkdownReader.slides("just text\n", name: "s.md") }
    }
}

@Suite("Pack Office files from the templates")
struct PackOfficeTests {
    @Test("the Word guide says exactly what facilitator-guide.md says, paragraph by paragraph")
    func guideMatchesMarkdown() throws {
        let pack = try PackFixture.northbridge()
        let markdown = try PackFixture.file(pack, "facilitator-guide.md")
        let model = try MarkdownReader.document(markdown, name: "facilitator-guide.md", pictures: [])
        var expected: [String] = []
        for block in model.blocks {
            switch block {
            case .title(let t), .subtitle(let t), .heading(_, let t), .paragraph(let t), .callout(let t): expected.append(t.plainText)
            case .bullets(let items), .numbered(let items): expected += items.map(\.plainText)
            case .table(let table): expected += (table.header + table.rows.flatMap { $0 }).map(\.plainText).filter { !$0.isEmpty }
            case .image, .pageBreak: break
            }
        }
        let docx = try #require(pack.files.first { $0.path == "facilitator-guide.docx" }).contents
        let paragraphs = try OfficeText.paragraphs(try OfficeText.part(docx, "word/document.xml"))
        #expect(paragraphs == expected)
        #expect(expected.count > 150)
        #expect(paragraphs.contains("Ask the sponsor to open in three minutes: why this review, why now, and what they will do with the room's recommendations. The most useful thing they can say is that stopping a pilot is a sign of a well-run portfolio, not of failure, and that nobody's career will suffer for recommending a stop."))
        #expect(try OfficeText.paragraphs(try OfficeText.part(docx, "word/header1.xml")) == ["Pilot review · Northbridge · facilitator guide"])
    }

    @Test("--templates reaches the Word guide and the slides")
    func templatesReachOffice() throws {
        let dir = try TestSupport.temporaryDirectory()
        _ = try TestSupport.write("{{% CONTENT_TYPE: TEXT}}\n# Our own guide for {{place}}\n\nWe run it **our** way.\n", named: "pack/facilitator-guide.md.mustache", in: dir)
        _ = try TestSupport.write("{{% CONTENT_TYPE: TEXT}}\n# Welcome to {{place}}\n\n::: notes\nOur notes.\n:::\n---\n# Goodbye\n", named: "slides.md.mustache", in: dir)
        let pack = try PackFixture.northbridge(templates: dir.path)
        #expect(try PackFixture.file(pack, "facilitator-guide.md").hasPrefix("# Our own guide for Northbridge"))
        let docx = try #require(pack.files.first { $0.path == "facilitator-guide.docx" }).contents
        #expect(try OfficeText.paragraphs(try OfficeText.part(docx, "word/document.xml")) == ["Our own guide for Northbridge", "We run it our way."])
        let pptx = try #require(pack.files.first { $0.path == "slides.pptx" }).contents
        let entries = try ZipEntries.of(pptx)
        #expect(entries.filter { $0.path.hasPrefix("ppt/slides/slide") }.count == 2)
        #expect(try OfficeText.paragraphs(try OfficeText.part(pptx, "ppt/slides/slide1.xml")) == ["Welcome to Northbridge", "1"], "title and slide number")
        #expect(try OfficeText.paragraphs(try OfficeText.part(pptx, "ppt/notesSlides/notesSlide1.xml")) == ["Our notes."])
    }

    @Test("the data slides carry the place's own pictures: network, funding timeline, neighbourhood chart")
    func slidesCarryPictures() throws {
        let view = try PackFixture.northbridgeView("overlap-walk")
        let pack = try PackFixture.northbridge("overlap-walk")
        let pptx = try #require(pack.files.first { $0.path == "slides.pptx" }).contents
        let entries = try ZipEntries.of(pptx)
        let media = entries.filter { $0.path.hasPrefix("ppt/media/") }
        #expect(media.map { String(decoding: $0.contents, as: UTF8.self) }.contains(try #require(view.data.slideNetworkSVG)), "the overlap map's network, drawn for a slide")
        #expect(media.contains { String(decoding: $0.contents, as: UTF8.self).contains("active initiatives and front doors in the busiest neighbourhoods") })
        let pictureSlides = entries.filter { $0.path.hasPrefix("ppt/slides/slide") && String(decoding: $0.contents, as: UTF8.self).contains("<p:pic>") }
        #expect(pictureSlides.count == 2, "the neighbourhood chart once (the overlap session does not repeat it) and the network")
        let review = try ZipEntries.of(try #require(try PackFixture.northbridge().files.first { $0.path == "slides.pptx" }).contents)
        #expect(review.contains { $0.path.hasPrefix("ppt/media/") && String(decoding: $0.contents, as: UTF8.self).contains("Funding timeline: Northbridge") })
        for slide in pictureSlides {
            let xml = String(decoding: slide.contents, as: UTF8.self)
            #expect(xml.contains("<asvg:svgBlip"), "PowerPoint's SVG extension")
        }
    }

    @Test("boardroom type: everything on a slide is 18 pt or more but the footer and slide number; facilitator notes only in the notes",
          arguments: ["pilot-review", "overlap-walk", "whats-stopping-us", "system-wide", "place-leadership"])
    func boardroomType(_ workshopID: String) throws {
        let pack = try PackFixture.northbridge(workshopID)
        let pptx = try ZipEntries.of(try #require(pack.files.first { $0.path == "slides.pptx" }).contents)
        let slides = pptx.filter { $0.path.hasPrefix("ppt/slides/slide") }
        #expect(!slides.isEmpty)
        var audience = ""
        for slide in slides {
            let xml = String(decoding: slide.contents, as: UTF8.self)
            audience += xml
            for (shape, sizes) in try OfficeText.runSizes(xml) where !shape.hasPrefix("Footer") && !shape.hasPrefix("Slide number") {
                #expect(sizes.allSatisfy { $0 >= PptxWriter.smallestBodySize }, "\(slide.path): \(shape) has type of \(sizes.map { Double($0) / 100 }) pt")
            }
        }
        let notes = pptx.filter { $0.path.hasPrefix("ppt/notesSlides/notesSlide") }.map { String(decoding: $0.contents, as: UTF8.self) }.joined()
        let workshop = try #require(try WorkshopCatalogue.builtIn(workshopID))
        for session in workshop.sessions {
            for text in session.notes + session.materials {
                let escaped = XMLWriter.fragment().escapedForTest(text)
                #expect(!audience.contains(escaped), "facilitator material on a slide: \(text.prefix(60))")
                #expect(notes.contains(escaped), "facilitator material missing from the notes: \(text.prefix(60))")
            }
        }
    }
}

extension XMLWriter {
    /// Text as the writer escapes it inside an element.
    func escapedForTest(_ text: String) -> String {
        var x = self
        x.element("t", text: text)
        return String(x.document().dropFirst(3).dropLast(4))
    }
}

@Suite("Word from the document model")
struct DocxWriterTests {
    @Test("every kind of block reaches document.xml: text in order, styles, numbering restarts, the picture as SVG")
    func everyBlock() throws {
        let svg = #"<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200"><rect width="10" height="10"/></svg>"#
        let picture = try #require(OfficePicture(svg: svg))
        #expect(picture.width == 400 && picture.height == 200)
        let doc = try MarkdownReader.document("""
            <!-- running-header: Head & <line> -->
            # Title
            *Sub*

            Para with **bold**.

            > Callout text

            - bullet
            1. first
            2. second

            | A | B |
            |---|---:|
            | x | 1 |

            1. again

            ![Alt](p.svg)
            <!-- page break -->
            #### Small
            """, name: "t.md", pictures: ["p.svg"])
        let data = try DocxWriter(doc, pictures: ["p.svg": picture]).data()
        let body = try OfficeText.part(data, "word/document.xml")
        #expect(try OfficeText.paragraphs(body) == ["Title", "Sub", "Para with bold.", "Callout text", "bullet", "first", "second",
                                                   "A", "B", "x", "1", "again", "Small"])
        for style in ["Title", "Subtitle", "Callout", "ListBullet", "ListNumber", "TableText", "Heading3"] {
            #expect(body.contains("<w:pStyle w:val=\"\(style)\"/>"), "no \(style) paragraph")
        }
        #expect(body.contains("<w:tblHeader/>") && body.contains("<w:jc w:val=\"right\"/>") && body.contains("<w:br w:type=\"page\"/>"))
        #expect(body.contains("<w:numId w:val=\"2\"/>") && body.contains("<w:numId w:val=\"3\"/>"), "each numbered list restarts")
        #expect(body.contains("<asvg:svgBlip") && body.contains("descr=\"Alt\""))
        let entries = try ZipEntries.of(data)
        #expect(entries.first { $0.path == "word/media/image1.svg" }?.contents == Data(svg.utf8))
        #expect(try OfficeText.paragraphs(try OfficeText.part(data, "word/header1.xml")) == ["Head & <line>"])
        #expect(try OfficeText.part(data, "docProps/core.xml").contains("<dc:title>Title</dc:title>"))
    }
}
