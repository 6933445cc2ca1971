import Foundation

/// A PowerPoint deck (16:9) as a list of slides, written as a real PresentationML package: master,
/// layouts, theme, slides, and speaker notes through a notes master and one notes slide per slide.
///
/// Shapes carry their own position and formatting, so the deck looks the same in PowerPoint,
/// LibreOffice Impress and Keynote whatever their defaults.
public struct PptxWriter: Sendable {
    public enum Style: Sendable, Equatable {
        /// Dark full-bleed cover.
        case title
        /// A divider: breaks, section starts.
        case section
        case content
    }

    public enum Block: Sendable, Equatable {
        case bullets([String])
        case paragraph(String)
        /// Big figures with a caption each, side by side.
        case figures([(value: String, label: String)])
        case table(header: [String], rows: [[String]], widths: [Int])

        public static func == (l: Block, r: Block) -> Bool {
            switch (l, r) {
            case let (.bullets(a), .bullets(b)): a == b
            case let (.paragraph(a), .paragraph(b)): a == b
            case let (.figures(a), .figures(b)): a.map(\.value) == b.map(\.value) && a.map(\.label) == b.map(\.label)
            case let (.table(h1, r1, w1), .table(h2, r2, w2)): h1 == h2 && r1 == r2 && w1 == w2
            default: false
            }
        }
    }

    public struct Slide: Sendable, Equatable {
        public var style: Style
        /// Small line above the title ("Session 3 · 10:10–10:35 · Discussion").
        public var kicker: String?
        public var title: String
        /// A line under the title (the session's purpose, a cover subtitle).
        public var subtitle: String?
        public var blocks: [Block]
        /// A box on the right: heading and lines (materials, a reminder).
        public var aside: (heading: String, lines: [String])?
        /// Speaker notes, one paragraph each.
        public var notes: [String]

        public init(style: Style = .content, kicker: String? = nil, title: String, subtitle: String? = nil,
                    blocks: [Block] = [], aside: (heading: String, lines: [String])? = nil, notes: [String] = []) {
            self.style = style
            self.kicker = kicker
            self.title = title
            self.subtitle = subtitle
            self.blocks = blocks
            self.aside = aside
            self.notes = notes
        }

        public static func == (l: Slide, r: Slide) -> Bool {
            l.style == r.style && l.kicker == r.kicker && l.title == r.title && l.subtitle == r.subtitle && l.blocks == r.blocks
                && l.aside?.heading == r.aside?.heading && l.aside?.lines == r.aside?.lines && l.notes == r.notes
        }
    }

    public var title: String
    /// Printed small at the foot of every content slide.
    public var footer: String
    public var slides: [Slide]

    public init(title: String, footer: String, slides: [Slide] = []) {
        self.title = title
        self.footer = footer
        self.slides = slides
    }

    // Slide 13.333 × 7.5 in; 914,400 EMU an inch.
    static let width = 12_192_000, height = 6_858_000
    static let margin = 548_640
    static let navy = "1F3A5F", teal = "0F766E", ink = "222222", grey = "5B6470", pale = "E8F3F1", line = "BFC7D1"

    static let a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    static let r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let p = "http://schemas.openxmlformats.org/presentationml/2006/main"
    private static let ns = "xmlns:a=\"\(a)\" xmlns:r=\"\(r)\" xmlns:p=\"\(p)\""
    private static let header = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

    public func data() throws -> Data {
        var files: [RenderedFile] = []
        var overrides: [(String, String)] = [
            ("/ppt/presentation.xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"),
            ("/ppt/slideMasters/slideMaster1.xml", "application/vnd.openxmlformats-officedocument.presentationml.slideMaster+xml"),
            ("/ppt/slideLayouts/slideLayout1.xml", "application/vnd.openxmlformats-officedocument.presentationml.slideLayout+xml"),
            ("/ppt/slideLayouts/slideLayout2.xml", "application/vnd.openxmlformats-officedocument.presentationml.slideLayout+xml"),
            ("/ppt/notesMasters/notesMaster1.xml", "application/vnd.openxmlformats-officedocument.presentationml.notesMaster+xml"),
            ("/ppt/theme/theme1.xml", "application/vnd.openxmlformats-officedocument.theme+xml"),
            ("/ppt/theme/theme2.xml", "application/vnd.openxmlformats-officedocument.theme+xml"),
            ("/ppt/presProps.xml", "application/vnd.openxmlformats-officedocument.presentationml.presProps+xml"),
            ("/ppt/viewProps.xml", "application/vnd.openxmlformats-officedocument.presentationml.viewProps+xml"),
            ("/ppt/tableStyles.xml", "application/vnd.openxmlformats-officedocument.presentationml.tableStyles+xml"),
            ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
            ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml"),
        ]
        for n in 1...max(slides.count, 1) where n <= slides.count {
            overrides.append(("/ppt/slides/slide\(n).xml", "application/vnd.openxmlformats-officedocument.presentationml.slide+xml"))
            overrides.append(("/ppt/notesSlides/notesSlide\(n).xml", "application/vnd.openxmlformats-officedocument.presentationml.notesSlide+xml"))
        }
        files.append(RenderedFile(path: "[Content_Types].xml", text: OfficeXML.contentTypes(overrides: overrides)))
        files.append(RenderedFile(path: "_rels/.rels", text: OfficeXML.relationships([
            ("rId1", OfficeXML.officeDocumentType, "ppt/presentation.xml"),
            ("rId2", OfficeXML.corePropertiesType, "docProps/core.xml"),
            ("rId3", OfficeXML.extendedPropertiesType, "docProps/app.xml"),
        ])))
        files.append(RenderedFile(path: "docProps/core.xml", text: OfficeXML.coreProperties(title: title)))
        files.append(RenderedFile(path: "docProps/app.xml", text: OfficeXML.appProperties()))

        // presentation.xml and its relationships
        var presRels: [(String, String, String)] = [
            ("rIdMaster", OfficeXML.rel("slideMaster"), "slideMasters/slideMaster1.xml"),
            ("rIdNotesMaster", OfficeXML.rel("notesMaster"), "notesMasters/notesMaster1.xml"),
            ("rIdTheme", OfficeXML.rel("theme"), "theme/theme1.xml"),
            ("rIdPresProps", OfficeXML.rel("presProps"), "presProps.xml"),
            ("rIdViewProps", OfficeXML.rel("viewProps"), "viewProps.xml"),
            ("rIdTableStyles", OfficeXML.rel("tableStyles"), "tableStyles.xml"),
        ]
        var slideIDs = ""
        for n in 1...max(slides.count, 1) where n <= slides.count {
            presRels.append(("rIdSlide\(n)", OfficeXML.rel("slide"), "slides/slide\(n).xml"))
            slideIDs += "<p:sldId id=\"\(255 + n)\" r:id=\"rIdSlide\(n)\"/>"
        }
        let presentation = Self.header + "<p:presentation \(Self.ns) saveSubsetFonts=\"1\">"
            + "<p:sldMasterIdLst><p:sldMasterId id=\"2147483648\" r:id=\"rIdMaster\"/></p:sldMasterIdLst>"
            + "<p:notesMasterIdLst><p:notesMasterId r:id=\"rIdNotesMaster\"/></p:notesMasterIdLst>"
            + "<p:sldIdLst>\(slideIDs)</p:sldIdLst>"
            + "<p:sldSz cx=\"\(Self.width)\" cy=\"\(Self.height)\"/><p:notesSz cx=\"6858000\" cy=\"9144000\"/>"
            + "<p:defaultTextStyle><a:lvl1pPr><a:defRPr lang=\"en-GB\"><a:latin typeface=\"Arial\"/></a:defRPr></a:lvl1pPr></p:defaultTextStyle>"
            + "</p:presentation>"
        files.append(RenderedFile(path: "ppt/presentation.xml", text: presentation))
        files.append(RenderedFile(path: "ppt/_rels/presentation.xml.rels", text: OfficeXML.relationships(presRels)))
        files.append(RenderedFile(path: "ppt/presProps.xml", text: Self.header + "<p:presentationPr \(Self.ns)/>"))
        files.append(RenderedFile(path: "ppt/viewProps.xml", text: Self.header + "<p:viewPr \(Self.ns)><p:normalViewPr><p:restoredLeft sz=\"15620\"/><p:restoredTop sz=\"80000\"/></p:normalViewPr><p:gridSpacing cx=\"76200\" cy=\"76200\"/></p:viewPr>"))
        files.append(RenderedFile(path: "ppt/tableStyles.xml", text: Self.header + "<a:tblStyleLst xmlns:a=\"\(Self.a)\" def=\"{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}\"/>"))
        files.append(RenderedFile(path: "ppt/theme/theme1.xml", text: Self.theme(name: "Convenor")))
        files.append(RenderedFile(path: "ppt/theme/theme2.xml", text: Self.theme(name: "Convenor notes")))
        files.append(RenderedFile(path: "ppt/slideMasters/slideMaster1.xml", text: Self.master))
        files.append(RenderedFile(path: "ppt/slideMasters/_rels/slideMaster1.xml.rels", text: OfficeXML.relationships([
            ("rId1", OfficeXML.rel("slideLayout"), "../slideLayouts/slideLayout1.xml"),
            ("rId2", OfficeXML.rel("slideLayout"), "../slideLayouts/slideLayout2.xml"),
            ("rId3", OfficeXML.rel("theme"), "../theme/theme1.xml"),
        ])))
        for (n, name, type) in [(1, "Title Slide", "title"), (2, "Title Only", "titleOnly")] {
            files.append(RenderedFile(path: "ppt/slideLayouts/slideLayout\(n).xml", text: Self.header
                + "<p:sldLayout \(Self.ns) type=\"\(type)\" preserve=\"1\"><p:cSld name=\"\(name)\"><p:spTree>\(Self.groupProperties)"
                + Self.placeholder(id: 2, name: "Title", type: "title", x: Self.margin, y: 914_400, cx: Self.width - 2 * Self.margin, cy: 1_200_000)
                + "</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>"))
            files.append(RenderedFile(path: "ppt/slideLayouts/_rels/slideLayout\(n).xml.rels", text: OfficeXML.relationships([
                ("rId1", OfficeXML.rel("slideMaster"), "../slideMasters/slideMaster1.xml"),
            ])))
        }
        files.append(RenderedFile(path: "ppt/notesMasters/notesMaster1.xml", text: Self.notesMaster))
        files.append(RenderedFile(path: "ppt/notesMasters/_rels/notesMaster1.xml.rels", text: OfficeXML.relationships([
            ("rId1", OfficeXML.rel("theme"), "../theme/theme2.xml"),
        ])))

        for (index, slide) in slides.enumerated() {
            let n = index + 1
            files.append(RenderedFile(path: "ppt/slides/slide\(n).xml", text: slideXML(slide, number: n)))
            files.append(RenderedFile(path: "ppt/slides/_rels/slide\(n).xml.rels", text: OfficeXML.relationships([
                ("rId1", OfficeXML.rel("slideLayout"), slide.style == .title ? "../slideLayouts/slideLayout1.xml" : "../slideLayouts/slideLayout2.xml"),
                ("rId2", OfficeXML.rel("notesSlide"), "../notesSlides/notesSlide\(n).xml"),
            ])))
            files.append(RenderedFile(path: "ppt/notesSlides/notesSlide\(n).xml", text: notesXML(slide)))
            files.append(RenderedFile(path: "ppt/notesSlides/_rels/notesSlide\(n).xml.rels", text: OfficeXML.relationships([
                ("rId1", OfficeXML.rel("notesMaster"), "../notesMasters/notesMaster1.xml"),
                ("rId2", OfficeXML.rel("slide"), "../slides/slide\(n).xml"),
            ])))
        }
        return try ZipPackage.archive(files)
    }

    // MARK: - Slides

    private func slideXML(_ slide: Slide, number: Int) -> String {
        var shapes = ""
        var id = 2
        func next() -> Int { id += 1; return id }
        let W = Self.width, H = Self.height, M = Self.margin
        let background: String
        switch slide.style {
        case .title, .section:
            background = Self.navy
            // A teal band along the foot.
            shapes += Self.rect(id: next(), x: 0, y: H - 228_600, cx: W, cy: 228_600, fill: Self.teal)
            if let kicker = slide.kicker {
                shapes += Self.textBox(id: next(), name: "Kicker", x: M, y: 1_280_160, cx: W - 2 * M, cy: 457_200,
                                       paragraphs: [Self.para(kicker, size: 1600, color: "9FD8CF", bold: true)])
            }
            shapes += Self.titleShape(id: next(), x: M, y: 1_737_360, cx: W - 2 * M, cy: 1_600_200, text: slide.title,
                                      size: slide.style == .title ? 4400 : 4000, color: "FFFFFF", anchor: "t")
            if let subtitle = slide.subtitle {
                shapes += Self.textBox(id: next(), name: "Subtitle", x: M, y: 3_474_720, cx: W - 2 * M, cy: 914_400,
                                       paragraphs: [Self.para(subtitle, size: 2200, color: "DCE6F0")])
            }
            var y = 4_480_560
            for block in slide.blocks {
                if case .paragraph(let text) = block {
                    shapes += Self.textBox(id: next(), name: "Detail", x: M, y: y, cx: W - 2 * M, cy: 411_480,
                                           paragraphs: [Self.para(text, size: 1600, color: "FFFFFF")])
                    y += 411_480
                }
            }
        case .content:
            background = "FFFFFF"
            shapes += Self.rect(id: next(), x: 0, y: 0, cx: 137_160, cy: H, fill: Self.teal)
            var y = 365_760
            if let kicker = slide.kicker {
                shapes += Self.textBox(id: next(), name: "Kicker", x: M, y: y, cx: W - 2 * M, cy: 365_760,
                                       paragraphs: [Self.para(kicker, size: 1400, color: Self.teal, bold: true)])
                y += 365_760
            }
            shapes += Self.titleShape(id: next(), x: M, y: y, cx: W - 2 * M, cy: 777_240, text: slide.title, size: 3000,
                                      color: Self.navy, anchor: "t")
            y += 777_240
            if let subtitle = slide.subtitle {
                // About 105 characters a line at 16 pt across the slide.
                let height = max(1, (subtitle.count + 104) / 105) * 290_000 + 60_000
                shapes += Self.textBox(id: next(), name: "Purpose", x: M, y: y, cx: W - 2 * M, cy: height,
                                       paragraphs: [Self.para(subtitle, size: 1600, color: Self.grey, italic: true)])
                y += height + 91_440
            }
            let bodyTop = y
            let asideWidth = slide.aside == nil ? 0 : 3_474_720
            let bodyWidth = W - 2 * M - (asideWidth > 0 ? asideWidth + 274_320 : 0)
            let bottom = H - 640_080
            for block in slide.blocks {
                switch block {
                case .bullets(let items):
                    let size = items.count > 5 ? 1800 : 2000
                    shapes += Self.textBox(id: next(), name: "Body", x: M, y: y, cx: bodyWidth, cy: bottom - y,
                                           paragraphs: items.map { Self.bullet($0, size: size) })
                    y = bottom
                case .paragraph(let text):
                    let rows = max(1, (text.count + 69) / 70)
                    let height = 320_040 + rows * 320_040
                    shapes += Self.textBox(id: next(), name: "Text", x: M, y: y, cx: bodyWidth, cy: height,
                                           paragraphs: [Self.para(text, size: 2000, color: Self.teal, bold: true)])
                    y += height + 91_440
                case .figures(let figures):
                    let gap = 228_600
                    let count = max(figures.count, 1)
                    let boxWidth = (bodyWidth - gap * (count - 1)) / count
                    for (i, f) in figures.enumerated() {
                        let x = M + i * (boxWidth + gap)
                        shapes += Self.rect(id: next(), x: x, y: y, cx: boxWidth, cy: 1_463_040, fill: Self.pale)
                        shapes += Self.textBox(id: next(), name: "Figure", x: x, y: y + 91_440, cx: boxWidth, cy: 731_520,
                                               paragraphs: [Self.para(f.value, size: 4000, color: Self.navy, bold: true, align: "ctr")])
                        shapes += Self.textBox(id: next(), name: "Figure label", x: x + 91_440, y: y + 822_960, cx: boxWidth - 182_880, cy: 594_360,
                                               paragraphs: [Self.para(f.label, size: 1400, color: Self.grey, align: "ctr")])
                    }
                    y += 1_645_920
                case .table(let header, let rows, let widths):
                    let rowHeight = 420_000
                    shapes += Self.table(id: next(), x: M, y: y, cx: bodyWidth, header: header, rows: rows, widths: widths, rowHeight: rowHeight)
                    y += rowHeight * (rows.count + 1) + 182_880
                }
            }
            if let aside = slide.aside {
                let x = W - M - asideWidth
                let top = bodyTop
                // As tall as its text needs (about 40 characters a line at this size), never past the footer.
                let rows = aside.lines.reduce(0) { $0 + max(1, ($1.count + 39) / 40) }
                let height = min(bottom - top, 640_080 + rows * 200_000 + aside.lines.count * 120_000)
                shapes += Self.rect(id: next(), x: x, y: top, cx: asideWidth, cy: height, fill: Self.pale)
                var paragraphs = [Self.para(aside.heading, size: 1400, color: Self.teal, bold: true)]
                paragraphs += aside.lines.map { Self.bullet($0, size: 1200) }
                shapes += Self.textBox(id: next(), name: "Aside", x: x + 91_440, y: top + 91_440, cx: asideWidth - 182_880,
                                       cy: height - 182_880, paragraphs: paragraphs)
            }
            shapes += Self.textBox(id: next(), name: "Footer", x: M, y: H - 457_200, cx: W - 2 * M - 914_400, cy: 320_040,
                                   paragraphs: [Self.para(footer, size: 1000, color: Self.grey)])
            shapes += Self.textBox(id: next(), name: "Slide number", x: W - M - 914_400, y: H - 457_200, cx: 914_400, cy: 320_040,
                                   paragraphs: [Self.para(String(number), size: 1000, color: Self.grey, align: "r")])
        }
        return Self.header + "<p:sld \(Self.ns)><p:cSld><p:bg><p:bgPr><a:solidFill><a:srgbClr val=\"\(background)\"/></a:solidFill><a:effectLst/></p:bgPr></p:bg><p:spTree>"
            + Self.groupProperties + shapes + "</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>"
    }

    private func notesXML(_ slide: Slide) -> String {
        let paragraphs = slide.notes.isEmpty ? "<a:p><a:endParaRPr lang=\"en-GB\"/></a:p>"
            : slide.notes.map { "<a:p><a:r><a:rPr lang=\"en-GB\" sz=\"1200\"/><a:t>\(escape($0))</a:t></a:r></a:p>" }.joined()
        return Self.header + "<p:notes \(Self.ns)><p:cSld><p:spTree>\(Self.groupProperties)"
            + "<p:sp><p:nvSpPr><p:cNvPr id=\"2\" name=\"Slide Image\"/><p:cNvSpPr><a:spLocks noGrp=\"1\" noRot=\"1\" noChangeAspect=\"1\"/></p:cNvSpPr><p:nvPr><p:ph type=\"sldImg\"/></p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x=\"381000\" y=\"685800\"/><a:ext cx=\"6096000\" cy=\"3429000\"/></a:xfrm></p:spPr></p:sp>"
            + "<p:sp><p:nvSpPr><p:cNvPr id=\"3\" name=\"Notes\"/><p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr><p:nvPr><p:ph type=\"body\" idx=\"1\"/></p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x=\"685800\" y=\"4343400\"/><a:ext cx=\"5486400\" cy=\"4114800\"/></a:xfrm></p:spPr>"
            + "<p:txBody><a:bodyPr><a:normAutofit/></a:bodyPr><a:lstStyle/>\(paragraphs)</p:txBody></p:sp>"
            + "</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:notes>"
    }

    // MARK: - Shapes

    static let groupProperties = "<p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"0\" cy=\"0\"/><a:chOff x=\"0\" y=\"0\"/><a:chExt cx=\"0\" cy=\"0\"/></a:xfrm></p:grpSpPr>"

    static func xfrm(_ x: Int, _ y: Int, _ cx: Int, _ cy: Int) -> String {
        "<a:xfrm><a:off x=\"\(x)\" y=\"\(y)\"/><a:ext cx=\"\(max(cx, 0))\" cy=\"\(max(cy, 0))\"/></a:xfrm>"
    }

    static func rect(id: Int, x: Int, y: Int, cx: Int, cy: Int, fill: String) -> String {
        "<p:sp><p:nvSpPr><p:cNvPr id=\"\(id)\" name=\"Band \(id)\"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr>\(xfrm(x, y, cx, cy))<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val=\"\(fill)\"/></a:solidFill><a:ln><a:noFill/></a:ln></p:spPr></p:sp>"
    }

    static func para(_ text: String, size: Int, color: String, bold: Bool = false, italic: Bool = false, align: String = "l") -> String {
        "<a:p><a:pPr algn=\"\(align)\"><a:spcAft><a:spcPts val=\"400\"/></a:spcAft></a:pPr><a:r><a:rPr lang=\"en-GB\" sz=\"\(size)\"\(bold ? " b=\"1\"" : "")\(italic ? " i=\"1\"" : "") dirty=\"0\"><a:solidFill><a:srgbClr val=\"\(color)\"/></a:solidFill><a:latin typeface=\"Arial\"/></a:rPr><a:t>\(escape(text))</a:t></a:r></a:p>"
    }

    static func bullet(_ text: String, size: Int) -> String {
        "<a:p><a:pPr marL=\"342900\" indent=\"-342900\"><a:spcAft><a:spcPts val=\"900\"/></a:spcAft><a:buClr><a:srgbClr val=\"\(teal)\"/></a:buClr><a:buFont typeface=\"Arial\"/><a:buChar char=\"•\"/></a:pPr><a:r><a:rPr lang=\"en-GB\" sz=\"\(size)\" dirty=\"0\"><a:solidFill><a:srgbClr val=\"\(ink)\"/></a:solidFill><a:latin typeface=\"Arial\"/></a:rPr><a:t>\(escape(text))</a:t></a:r></a:p>"
    }

    static func textBox(id: Int, name: String, x: Int, y: Int, cx: Int, cy: Int, paragraphs: [String]) -> String {
        "<p:sp><p:nvSpPr><p:cNvPr id=\"\(id)\" name=\"\(name) \(id)\"/><p:cNvSpPr txBox=\"1\"/><p:nvPr/></p:nvSpPr><p:spPr>\(xfrm(x, y, cx, cy))<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom><a:noFill/></p:spPr><p:txBody><a:bodyPr wrap=\"square\" lIns=\"0\" tIns=\"0\" rIns=\"0\" bIns=\"0\" anchor=\"t\"><a:normAutofit/></a:bodyPr><a:lstStyle/>\(paragraphs.joined())</p:txBody></p:sp>"
    }

    /// The title is a real title placeholder, so outlines, accessibility checkers and "go to slide" see it.
    static func titleShape(id: Int, x: Int, y: Int, cx: Int, cy: Int, text: String, size: Int, color: String, anchor: String) -> String {
        "<p:sp><p:nvSpPr><p:cNvPr id=\"\(id)\" name=\"Title \(id)\"/><p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr><p:nvPr><p:ph type=\"title\"/></p:nvPr></p:nvSpPr><p:spPr>\(xfrm(x, y, cx, cy))</p:spPr><p:txBody><a:bodyPr wrap=\"square\" lIns=\"0\" tIns=\"0\" rIns=\"0\" bIns=\"0\" anchor=\"\(anchor)\"><a:normAutofit/></a:bodyPr><a:lstStyle/><a:p><a:pPr algn=\"l\"/><a:r><a:rPr lang=\"en-GB\" sz=\"\(size)\" b=\"1\" dirty=\"0\"><a:solidFill><a:srgbClr val=\"\(color)\"/></a:solidFill><a:latin typeface=\"Arial\"/></a:rPr><a:t>\(escape(text))</a:t></a:r></a:p></p:txBody></p:sp>"
    }

    static func placeholder(id: Int, name: String, type: String, x: Int, y: Int, cx: Int, cy: Int) -> String {
        "<p:sp><p:nvSpPr><p:cNvPr id=\"\(id)\" name=\"\(name)\"/><p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr><p:nvPr><p:ph type=\"\(type)\"/></p:nvPr></p:nvSpPr><p:spPr>\(xfrm(x, y, cx, cy))</p:spPr><p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr lang=\"en-GB\"/></a:p></p:txBody></p:sp>"
    }

    static func table(id: Int, x: Int, y: Int, cx: Int, header: [String], rows: [[String]], widths: [Int], rowHeight: Int) -> String {
        let total = max(widths.reduce(0, +), 1)
        let columns = widths.map { $0 * cx / total }
        func cell(_ text: String, header: Bool, band: Bool) -> String {
            let fill = header ? navy : band ? "F3F5F8" : "FFFFFF"
            let color = header ? "FFFFFF" : ink
            let border = "<a:solidFill><a:srgbClr val=\"\(line)\"/></a:solidFill>"
            return "<a:tc><a:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang=\"en-GB\" sz=\"\(header ? 1300 : 1200)\"\(header ? " b=\"1\"" : "") dirty=\"0\"><a:solidFill><a:srgbClr val=\"\(color)\"/></a:solidFill><a:latin typeface=\"Arial\"/></a:rPr><a:t>\(escape(text))</a:t></a:r></a:p></a:txBody>"
                + "<a:tcPr marL=\"91440\" marR=\"91440\" marT=\"45720\" marB=\"45720\" anchor=\"ctr\"><a:lnL w=\"6350\">\(border)</a:lnL><a:lnR w=\"6350\">\(border)</a:lnR><a:lnT w=\"6350\">\(border)</a:lnT><a:lnB w=\"6350\">\(border)</a:lnB><a:solidFill><a:srgbClr val=\"\(fill)\"/></a:solidFill></a:tcPr></a:tc>"
        }
        var x2 = "<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id=\"\(id)\" name=\"Table \(id)\"/><p:cNvGraphicFramePr><a:graphicFrameLocks noGrp=\"1\"/></p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr>"
        x2 += "<p:xfrm><a:off x=\"\(x)\" y=\"\(y)\"/><a:ext cx=\"\(cx)\" cy=\"\(rowHeight * (rows.count + 1))\"/></p:xfrm>"
        x2 += "<a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/table\"><a:tbl><a:tblPr firstRow=\"1\" bandRow=\"1\"/><a:tblGrid>"
        for c in columns { x2 += "<a:gridCol w=\"\(c)\"/>" }
        x2 += "</a:tblGrid>"
        x2 += "<a:tr h=\"\(rowHeight)\">" + header.map { cell($0, header: true, band: false) }.joined() + "</a:tr>"
        for (i, row) in rows.enumerated() {
            let padded = row + Array(repeating: "", count: max(0, header.count - row.count))
            x2 += "<a:tr h=\"\(rowHeight)\">" + padded.prefix(header.count).map { cell($0, header: false, band: i % 2 == 1) }.joined() + "</a:tr>"
        }
        return x2 + "</a:tbl></a:graphicData></a:graphic></p:graphicFrame>"
    }

    // MARK: - Master, notes master, theme

    static var master: String {
        header + "<p:sldMaster \(ns)><p:cSld><p:bg><p:bgPr><a:solidFill><a:srgbClr val=\"FFFFFF\"/></a:solidFill><a:effectLst/></p:bgPr></p:bg><p:spTree>\(groupProperties)"
            + placeholder(id: 2, name: "Title", type: "title", x: margin, y: 914_400, cx: width - 2 * margin, cy: 1_200_000)
            + "</p:spTree></p:cSld>"
            + "<p:clrMap bg1=\"lt1\" tx1=\"dk1\" bg2=\"lt2\" tx2=\"dk2\" accent1=\"accent1\" accent2=\"accent2\" accent3=\"accent3\" accent4=\"accent4\" accent5=\"accent5\" accent6=\"accent6\" hlink=\"hlink\" folHlink=\"folHlink\"/>"
            + "<p:sldLayoutIdLst><p:sldLayoutId id=\"2147483649\" r:id=\"rId1\"/><p:sldLayoutId id=\"2147483650\" r:id=\"rId2\"/></p:sldLayoutIdLst>"
            + "<p:txStyles><p:titleStyle><a:lvl1pPr><a:defRPr sz=\"3000\" b=\"1\"><a:solidFill><a:srgbClr val=\"\(navy)\"/></a:solidFill><a:latin typeface=\"Arial\"/></a:defRPr></a:lvl1pPr></p:titleStyle>"
            + "<p:bodyStyle><a:lvl1pPr><a:defRPr sz=\"2000\"><a:solidFill><a:srgbClr val=\"\(ink)\"/></a:solidFill><a:latin typeface=\"Arial\"/></a:defRPr></a:lvl1pPr></p:bodyStyle>"
            + "<p:otherStyle><a:lvl1pPr><a:defRPr sz=\"1800\"><a:latin typeface=\"Arial\"/></a:defRPr></a:lvl1pPr></p:otherStyle></p:txStyles></p:sldMaster>"
    }

    static var notesMaster: String {
        header + "<p:notesMaster \(ns)><p:cSld><p:bg><p:bgRef idx=\"1001\"><a:schemeClr val=\"bg1\"/></p:bgRef></p:bg><p:spTree>\(groupProperties)"
            + "<p:sp><p:nvSpPr><p:cNvPr id=\"2\" name=\"Slide Image\"/><p:cNvSpPr><a:spLocks noGrp=\"1\" noRot=\"1\" noChangeAspect=\"1\"/></p:cNvSpPr><p:nvPr><p:ph type=\"sldImg\" idx=\"2\"/></p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x=\"381000\" y=\"685800\"/><a:ext cx=\"6096000\" cy=\"3429000\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom><a:noFill/><a:ln w=\"12700\"><a:solidFill><a:prstClr val=\"black\"/></a:solidFill></a:ln></p:spPr></p:sp>"
            + "<p:sp><p:nvSpPr><p:cNvPr id=\"3\" name=\"Notes\"/><p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr><p:nvPr><p:ph type=\"body\" sz=\"quarter\" idx=\"3\"/></p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x=\"685800\" y=\"4343400\"/><a:ext cx=\"5486400\" cy=\"4114800\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></p:spPr><p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr lang=\"en-GB\"/></a:p></p:txBody></p:sp>"
            + "</p:spTree></p:cSld>"
            + "<p:clrMap bg1=\"lt1\" tx1=\"dk1\" bg2=\"lt2\" tx2=\"dk2\" accent1=\"accent1\" accent2=\"accent2\" accent3=\"accent3\" accent4=\"accent4\" accent5=\"accent5\" accent6=\"accent6\" hlink=\"hlink\" folHlink=\"folHlink\"/>"
            + "<p:notesStyle><a:lvl1pPr marL=\"0\" algn=\"l\"><a:defRPr sz=\"1200\"><a:solidFill><a:schemeClr val=\"tx1\"/></a:solidFill><a:latin typeface=\"+mn-lt\"/></a:defRPr></a:lvl1pPr></p:notesStyle></p:notesMaster>"
    }

    static func theme(name: String) -> String {
        let colours = [("dk1", "222222"), ("lt1", "FFFFFF"), ("dk2", navy), ("lt2", "E7E6E6"), ("accent1", navy), ("accent2", teal),
                       ("accent3", "E07A1F"), ("accent4", "6B7B8C"), ("accent5", "8FB8DE"), ("accent6", "A3C585"),
                       ("hlink", "0563C1"), ("folHlink", "954F72")]
        var clr = "<a:clrScheme name=\"Convenor\">"
        for (k, v) in colours { clr += "<a:\(k)><a:srgbClr val=\"\(v)\"/></a:\(k)>" }
        clr += "</a:clrScheme>"
        let font = "<a:latin typeface=\"Arial\"/><a:ea typeface=\"\"/><a:cs typeface=\"\"/>"
        let fill = "<a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill>"
        let ln = "<a:ln w=\"6350\" cap=\"flat\" cmpd=\"sng\" algn=\"ctr\">\(fill)<a:prstDash val=\"solid\"/><a:miter lim=\"800000\"/></a:ln>"
        let effect = "<a:effectStyle><a:effectLst/></a:effectStyle>"
        return header + "<a:theme xmlns:a=\"\(a)\" name=\"\(escape(name, attribute: true))\"><a:themeElements>\(clr)"
            + "<a:fontScheme name=\"Convenor\"><a:majorFont>\(font)</a:majorFont><a:minorFont>\(font)</a:minorFont></a:fontScheme>"
            + "<a:fmtScheme name=\"Convenor\"><a:fillStyleLst>\(fill)\(fill)\(fill)</a:fillStyleLst><a:lnStyleLst>\(ln)\(ln)\(ln)</a:lnStyleLst>"
            + "<a:effectStyleLst>\(effect)\(effect)\(effect)</a:effectStyleLst><a:bgFillStyleLst>\(fill)\(fill)\(fill)</a:bgFillStyleLst></a:fmtScheme>"
            + "</a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>"
    }
}
