import Foundation

/// Writes a `SlideDeck` (16:9) as a real PresentationML package: master, layouts, theme, slides,
/// pictures, and speaker notes through a notes master and one notes slide per slide.
///
/// Shapes carry their own position and formatting, so the deck looks the same in PowerPoint,
/// LibreOffice Impress and Keynote whatever their defaults. Type is boardroom-sized: everything the
/// audience reads is 18 pt or more; only the footer and slide number are smaller.
public struct PptxWriter: Sendable {
    public var deck: SlideDeck
    /// The pictures `.image` blocks name, by name.
    public var pictures: [String: OfficePicture]

    public init(_ deck: SlideDeck, pictures: [String: OfficePicture] = [:]) {
        self.deck = deck
        self.pictures = pictures
    }

    // Slide 13.333 × 7.5 in; 914,400 EMU an inch, 12,700 a point.
    static let width = 12_192_000, height = 6_858_000
    static let margin = 548_640
    static let navy = "1F3A5F", teal = "0F766E", ink = "222222", grey = "5B6470", pale = "E8F3F1", line = "BFC7D1"
    /// The smallest type on a slide the audience is meant to read, in hundredths of a point.
    public static let smallestBodySize = 1800
    /// Footer and slide number: for the presenter's bearings, not the audience.
    static let footerSize = 1200

    static let a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    static let r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let p = "http://schemas.openxmlformats.org/presentationml/2006/main"
    static let pml = "application/vnd.openxmlformats-officedocument.presentationml"
    static let namespaces: XMLWriter.Attributes = ["xmlns:a": a, "xmlns:r": r, "xmlns:p": p]

    public func data() throws -> Data {
        var package = OOXMLPackage()
        let main = "ppt/presentation.xml"
        package.relate(nil, to: main, type: OfficeXML.officeDocumentType)
        OfficeXML.addProperties(to: &package, title: deck.title)

        let masterPath = "ppt/slideMasters/slideMaster1.xml", notesMasterPath = "ppt/notesMasters/notesMaster1.xml"
        let layouts = [(path: "ppt/slideLayouts/slideLayout1.xml", name: "Title Slide", type: "title"),
                       (path: "ppt/slideLayouts/slideLayout2.xml", name: "Title Only", type: "titleOnly")]
        let masterID = package.relate(main, to: masterPath, type: OfficeXML.rel("slideMaster"))
        let notesMasterID = package.relate(main, to: notesMasterPath, type: OfficeXML.rel("notesMaster"))
        package.relate(main, to: "ppt/theme/theme1.xml", type: OfficeXML.rel("theme"))
        package.relate(main, to: "ppt/presProps.xml", type: OfficeXML.rel("presProps"))
        package.relate(main, to: "ppt/viewProps.xml", type: OfficeXML.rel("viewProps"))
        package.relate(main, to: "ppt/tableStyles.xml", type: OfficeXML.rel("tableStyles"))

        var pictureParts: [String: String] = [:]
        for slide in deck.slides {
            for case .image(_, let source) in slide.blocks where pictureParts[source] == nil {
                guard let picture = pictures[source] else {
                    throw FileError(path: source, reason: "the deck shows a picture it was not given (a Convenor defect)")
                }
                let path = "ppt/media/image\(pictureParts.count + 1).svg"
                package.add(path, contentType: "image/svg+xml", contents: picture.svg)
                pictureParts[source] = path
            }
        }

        var slideIDs: [String] = []
        for (index, slide) in deck.slides.enumerated() {
            let n = index + 1
            let path = "ppt/slides/slide\(n).xml", notesPath = "ppt/notesSlides/notesSlide\(n).xml"
            slideIDs.append(package.relate(main, to: path, type: OfficeXML.rel("slide")))
            package.relate(path, to: slide.layout == .title ? layouts[0].path : layouts[1].path, type: OfficeXML.rel("slideLayout"))
            package.relate(path, to: notesPath, type: OfficeXML.rel("notesSlide"))
            var images: [String: String] = [:]
            for case .image(_, let source) in slide.blocks {
                if let part = pictureParts[source] { images[source] = package.relate(path, to: part, type: OfficeXML.rel("image")) }
            }
            package.add(path, contentType: "\(Self.pml).slide+xml", xml: slideXML(slide, number: n, images: images))
            package.relate(notesPath, to: notesMasterPath, type: OfficeXML.rel("notesMaster"))
            package.relate(notesPath, to: path, type: OfficeXML.rel("slide"))
            package.add(notesPath, contentType: "\(Self.pml).notesSlide+xml", xml: Self.notesXML(slide))
        }

        var x = XMLWriter()
        x.open("p:presentation", ["xmlns:a": Self.a, "xmlns:r": Self.r, "xmlns:p": Self.p, "saveSubsetFonts": "1"])
        x.element("p:sldMasterIdLst") { $0.empty("p:sldMasterId", ["id": "2147483648", "r:id": masterID]) }
        x.element("p:notesMasterIdLst") { $0.empty("p:notesMasterId", ["r:id": notesMasterID]) }
        x.element("p:sldIdLst") { l in
            for (k, id) in slideIDs.enumerated() { l.empty("p:sldId", ["id": String(256 + k), "r:id": id]) }
        }
        x.empty("p:sldSz", ["cx": String(Self.width), "cy": String(Self.height)])
        x.empty("p:notesSz", ["cx": "6858000", "cy": "9144000"])
        x.element("p:defaultTextStyle") { d in
            d.element("a:lvl1pPr") { l in l.element("a:defRPr", ["lang": "en-GB"]) { $0.empty("a:latin", ["typeface": "Arial"]) } }
        }
        x.close()
        package.add(main, contentType: "\(Self.pml).presentation.main+xml", xml: x)

        var props = XMLWriter()
        props.empty("p:presentationPr", Self.namespaces)
        package.add("ppt/presProps.xml", contentType: "\(Self.pml).presProps+xml", xml: props)
        var view = XMLWriter()
        view.element("p:viewPr", Self.namespaces) { v in
            v.element("p:normalViewPr") { n in
                n.empty("p:restoredLeft", ["sz": "15620"])
                n.empty("p:restoredTop", ["sz": "80000"])
            }
            v.empty("p:gridSpacing", ["cx": "76200", "cy": "76200"])
        }
        package.add("ppt/viewProps.xml", contentType: "\(Self.pml).viewProps+xml", xml: view)
        var tableStyles = XMLWriter()
        tableStyles.empty("a:tblStyleLst", ["xmlns:a": Self.a, "def": "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"])
        package.add("ppt/tableStyles.xml", contentType: "\(Self.pml).tableStyles+xml", xml: tableStyles)
        let themeType = "application/vnd.openxmlformats-officedocument.theme+xml"
        package.add("ppt/theme/theme1.xml", contentType: themeType, xml: Self.theme(name: "Convenor"))
        package.add("ppt/theme/theme2.xml", contentType: themeType, xml: Self.theme(name: "Convenor notes"))

        let layoutIDs = layouts.map { package.relate(masterPath, to: $0.path, type: OfficeXML.rel("slideLayout")) }
        package.relate(masterPath, to: "ppt/theme/theme1.xml", type: OfficeXML.rel("theme"))
        package.add(masterPath, contentType: "\(Self.pml).slideMaster+xml", xml: Self.master(layoutIDs: layoutIDs))
        for layout in layouts {
            package.relate(layout.path, to: masterPath, type: OfficeXML.rel("slideMaster"))
            var l = XMLWriter()
            l.element("p:sldLayout", ["xmlns:a": Self.a, "xmlns:r": Self.r, "xmlns:p": Self.p, "type": layout.type, "preserve": "1"]) { s in
                s.element("p:cSld", ["name": layout.name]) { c in
                    c.element("p:spTree") { t in
                        Self.groupProperties(&t)
                        Self.placeholder(&t, id: 2, name: "Title", type: "title", x: Self.margin, y: 914_400, cx: Self.width - 2 * Self.margin, cy: 1_200_000)
                    }
                }
                s.element("p:clrMapOvr") { $0.empty("a:masterClrMapping") }
            }
            package.add(layout.path, contentType: "\(Self.pml).slideLayout+xml", xml: l)
        }
        package.relate(notesMasterPath, to: "ppt/theme/theme2.xml", type: OfficeXML.rel("theme"))
        package.add(notesMasterPath, contentType: "\(Self.pml).notesMaster+xml", xml: Self.notesMaster)
        return try package.archive()
    }

    // MARK: - Slides

    /// Shapes are numbered from 3 on each slide (1 is the tree, 2 the title placeholder of the layout).
    private struct ShapeIDs {
        var last = 2
        mutating func next() -> Int { last += 1; return last }
    }

    private func slideXML(_ slide: Slide, number: Int, images: [String: String]) -> XMLWriter {
        var x = XMLWriter()
        var ids = ShapeIDs()
        let W = Self.width, H = Self.height, M = Self.margin
        let dark = slide.layout != .content
        x.open("p:sld", Self.namespaces)
        x.open("p:cSld")
        x.element("p:bg") { b in
            b.element("p:bgPr") { p in
                p.element("a:solidFill") { $0.empty("a:srgbClr", ["val": dark ? Self.navy : "FFFFFF"]) }
                p.empty("a:effectLst")
            }
        }
        x.open("p:spTree")
        Self.groupProperties(&x)
        if dark {
            // A teal band along the foot.
            Self.rect(&x, id: ids.next(), x: 0, y: H - 228_600, cx: W, cy: 228_600, fill: Self.teal)
            if let kicker = slide.kicker {
                Self.textBox(&x, id: ids.next(), name: "Kicker", x: M, y: 1_188_720, cx: W - 2 * M, cy: 548_640) {
                    Self.para(&$0, [TextRun(kicker)], size: 2000, color: "9FD8CF", bold: true)
                }
            }
            Self.titleShape(&x, id: ids.next(), x: M, y: 1_737_360, cx: W - 2 * M, cy: 1_600_200, text: slide.title,
                            size: slide.layout == .title ? 4400 : 4000, color: "FFFFFF")
            if let subtitle = slide.subtitle {
                Self.textBox(&x, id: ids.next(), name: "Subtitle", x: M, y: 3_474_720, cx: W - 2 * M, cy: 914_400) {
                    Self.para(&$0, [TextRun(subtitle)], size: 2400, color: "DCE6F0")
                }
            }
            var y = 4_480_560
            for block in slide.blocks {
                let lines: [RichText]
                switch block {
                case .paragraph(let t): lines = [t]
                case .bullets(let items): lines = items
                default: lines = []
                }
                for line in lines {
                    Self.textBox(&x, id: ids.next(), name: "Detail", x: M, y: y, cx: W - 2 * M, cy: 457_200) {
                        Self.para(&$0, line, size: 2000, color: "FFFFFF")
                    }
                    y += 457_200
                }
            }
        } else {
            Self.rect(&x, id: ids.next(), x: 0, y: 0, cx: 137_160, cy: H, fill: Self.teal)
            var y = 320_040
            if let kicker = slide.kicker {
                Self.textBox(&x, id: ids.next(), name: "Kicker", x: M, y: y, cx: W - 2 * M, cy: 411_480) {
                    Self.para(&$0, [TextRun(kicker)], size: 1800, color: Self.teal, bold: true)
                }
                y += 411_480
            }
            // About 60 characters a line at 32 pt across the slide.
            let titleLines = max(1, (slide.title.count + 59) / 60)
            let titleHeight = 160_000 + titleLines * 500_000
            Self.titleShape(&x, id: ids.next(), x: M, y: y, cx: W - 2 * M, cy: titleHeight, text: slide.title, size: 3200, color: Self.navy)
            y += titleHeight
            if let subtitle = slide.subtitle {
                let height = Self.lines(subtitle, size: 2000, width: W - 2 * M) * 2000 * 127 * 12 / 10 + 60_000
                Self.textBox(&x, id: ids.next(), name: "Subtitle", x: M, y: y, cx: W - 2 * M, cy: height) {
                    Self.para(&$0, [TextRun(subtitle)], size: 2000, color: Self.grey, italic: true)
                }
                y += height + 91_440
            }
            let bodyWidth = W - 2 * M
            let bottom = H - 594_360
            // Text blocks take the largest size, 24 pt down to 18 pt, at which they fit above the footer.
            let textBlocks = slide.blocks.filter { if case .bullets = $0 { true } else if case .paragraph = $0 { true } else { false } }
            let fixedHeight = slide.blocks.reduce(0) { total, block in
                if case .figures = block { return total + 1_737_360 }
                if case .table(let t) = block { return total + Self.tableHeight(t, cx: bodyWidth) + 182_880 }
                return total
            }
            let size = [2400, 2000, Self.smallestBodySize].first { size in
                y + fixedHeight + textBlocks.reduce(0) { $0 + Self.textHeight($1, size: size, width: bodyWidth) } <= bottom
            } ?? Self.smallestBodySize
            for block in slide.blocks {
                switch block {
                case .bullets(let items):
                    let height = Self.textHeight(block, size: size, width: bodyWidth)
                    Self.textBox(&x, id: ids.next(), name: "Body", x: M, y: y, cx: bodyWidth, cy: height) { t in
                        for item in items { Self.bullet(&t, item, size: size) }
                    }
                    y += height
                case .paragraph(let text):
                    let height = Self.textHeight(block, size: size, width: bodyWidth)
                    Self.textBox(&x, id: ids.next(), name: "Text", x: M, y: y, cx: bodyWidth, cy: height) {
                        Self.para(&$0, text, size: size, color: Self.teal, bold: true)
                    }
                    y += height
                case .figures(let figures):
                    let gap = 228_600
                    let count = max(figures.count, 1)
                    let boxWidth = (bodyWidth - gap * (count - 1)) / count
                    for (i, f) in figures.enumerated() {
                        let left = M + i * (boxWidth + gap)
                        Self.rect(&x, id: ids.next(), x: left, y: y, cx: boxWidth, cy: 1_554_480, fill: Self.pale)
                        Self.textBox(&x, id: ids.next(), name: "Figure", x: left, y: y + 91_440, cx: boxWidth, cy: 731_520) {
                            Self.para(&$0, [TextRun(f.value)], size: 4000, color: Self.navy, bold: true, align: "ctr")
                        }
                        Self.textBox(&x, id: ids.next(), name: "Figure label", x: left + 91_440, y: y + 822_960, cx: boxWidth - 182_880, cy: 685_800) {
                            Self.para(&$0, [TextRun(f.label)], size: 1800, color: Self.grey, align: "ctr")
                        }
                    }
                    y += 1_737_360
                case .table(let table):
                    y += Self.table(&x, id: ids.next(), x: M, y: y, cx: bodyWidth, table) + 182_880
                case .image(let alt, let source):
                    guard let picture = pictures[source], let id = images[source] else { continue }
                    let room = Double(max(bottom - y, 914_400))
                    let scale = min(Double(bodyWidth) / picture.width, room / picture.height)
                    let cx = Int(picture.width * scale), cy = Int(picture.height * scale)
                    Self.picture(&x, id: ids.next(), x: M + (bodyWidth - cx) / 2, y: y, cx: cx, cy: cy, alt: alt, embed: id)
                    y += cy + 91_440
                }
            }
            if let footer = deck.footer {
                Self.textBox(&x, id: ids.next(), name: "Footer", x: M, y: H - 457_200, cx: W - 2 * M - 914_400, cy: 320_040) {
                    Self.para(&$0, [TextRun(footer)], size: Self.footerSize, color: Self.grey)
                }
            }
            Self.textBox(&x, id: ids.next(), name: "Slide number", x: W - M - 914_400, y: H - 457_200, cx: 914_400, cy: 320_040) {
                Self.para(&$0, [TextRun(String(number))], size: Self.footerSize, color: Self.grey, align: "r")
            }
        }
        x.close()
        x.close()
        x.element("p:clrMapOvr") { $0.empty("a:masterClrMapping") }
        x.close()
        return x
    }

    private static func notesXML(_ slide: Slide) -> XMLWriter {
        var x = XMLWriter()
        x.open("p:notes", namespaces)
        x.open("p:cSld")
        x.open("p:spTree")
        groupProperties(&x)
        x.element("p:sp") { s in
            s.element("p:nvSpPr") { n in
                n.empty("p:cNvPr", ["id": "2", "name": "Slide Image"])
                n.element("p:cNvSpPr") { $0.empty("a:spLocks", ["noGrp": "1", "noRot": "1", "noChangeAspect": "1"]) }
                n.element("p:nvPr") { $0.empty("p:ph", ["type": "sldImg"]) }
            }
            s.element("p:spPr") { xfrm(&$0, 381_000, 685_800, 6_096_000, 3_429_000) }
        }
        x.element("p:sp") { s in
            s.element("p:nvSpPr") { n in
                n.empty("p:cNvPr", ["id": "3", "name": "Notes"])
                n.element("p:cNvSpPr") { $0.empty("a:spLocks", ["noGrp": "1"]) }
                n.element("p:nvPr") { $0.empty("p:ph", ["type": "body", "idx": "1"]) }
            }
            s.element("p:spPr") { xfrm(&$0, 685_800, 4_343_400, 5_486_400, 4_114_800) }
            s.element("p:txBody") { t in
                t.element("a:bodyPr") { $0.empty("a:normAutofit") }
                t.empty("a:lstStyle")
                if slide.notes.isEmpty {
                    t.element("a:p") { $0.empty("a:endParaRPr", ["lang": "en-GB"]) }
                }
                for note in slide.notes {
                    t.element("a:p") { p in
                        p.element("a:r") { r in
                            r.empty("a:rPr", ["lang": "en-GB", "sz": "1200"])
                            r.element("a:t", text: note)
                        }
                    }
                }
            }
        }
        x.close()
        x.close()
        x.element("p:clrMapOvr") { $0.empty("a:masterClrMapping") }
        x.close()
        return x
    }

    // MARK: - Shapes

    static func groupProperties(_ x: inout XMLWriter) {
        x.element("p:nvGrpSpPr") { n in
            n.empty("p:cNvPr", ["id": "1", "name": ""])
            n.empty("p:cNvGrpSpPr")
            n.empty("p:nvPr")
        }
        x.element("p:grpSpPr") { g in
            g.element("a:xfrm") { f in
                f.empty("a:off", ["x": "0", "y": "0"])
                f.empty("a:ext", ["cx": "0", "cy": "0"])
                f.empty("a:chOff", ["x": "0", "y": "0"])
                f.empty("a:chExt", ["cx": "0", "cy": "0"])
            }
        }
    }

    static func xfrm(_ x: inout XMLWriter, _ left: Int, _ top: Int, _ cx: Int, _ cy: Int) {
        x.element("a:xfrm") { f in
            f.empty("a:off", ["x": String(left), "y": String(top)])
            f.empty("a:ext", ["cx": String(max(cx, 0)), "cy": String(max(cy, 0))])
        }
    }

    static func solidFill(_ x: inout XMLWriter, _ colour: String) {
        x.element("a:solidFill") { $0.empty("a:srgbClr", ["val": colour]) }
    }

    static func rect(_ x: inout XMLWriter, id: Int, x left: Int, y top: Int, cx: Int, cy: Int, fill: String) {
        x.element("p:sp") { s in
            s.element("p:nvSpPr") { n in
                n.empty("p:cNvPr", ["id": String(id), "name": "Band \(id)"])
                n.empty("p:cNvSpPr")
                n.empty("p:nvPr")
            }
            s.element("p:spPr") { p in
                xfrm(&p, left, top, cx, cy)
                p.element("a:prstGeom", ["prst": "rect"]) { $0.empty("a:avLst") }
                solidFill(&p, fill)
                p.element("a:ln") { $0.empty("a:noFill") }
            }
        }
    }

    static func runProperties(_ x: inout XMLWriter, _ run: TextRun, size: Int, color: String, bold: Bool = false, italic: Bool = false) {
        x.element("a:rPr", ["lang": "en-GB", "sz": String(size), "b": (bold || run.bold) ? "1" : nil,
                            "i": (italic || run.italic) ? "1" : nil, "dirty": "0"]) { p in
            solidFill(&p, color)
            p.empty("a:latin", ["typeface": run.code ? "Courier New" : "Arial"])
        }
    }

    static func para(_ x: inout XMLWriter, _ text: RichText, size: Int, color: String, bold: Bool = false, italic: Bool = false, align: String = "l") {
        x.element("a:p") { p in
            p.element("a:pPr", ["algn": align]) { $0.element("a:spcAft") { $0.empty("a:spcPts", ["val": "400"]) } }
            for run in text {
                p.element("a:r") { r in
                    runProperties(&r, run, size: size, color: color, bold: bold, italic: italic)
                    r.element("a:t", text: run.text)
                }
            }
        }
    }

    static func bullet(_ x: inout XMLWriter, _ text: RichText, size: Int) {
        x.element("a:p") { p in
            p.element("a:pPr", ["marL": "342900", "indent": "-342900"]) { pr in
                pr.element("a:spcAft") { $0.empty("a:spcPts", ["val": "900"]) }
                pr.element("a:buClr") { $0.empty("a:srgbClr", ["val": teal]) }
                pr.empty("a:buFont", ["typeface": "Arial"])
                pr.empty("a:buChar", ["char": "•"])
            }
            for run in text {
                p.element("a:r") { r in
                    runProperties(&r, run, size: size, color: ink)
                    r.element("a:t", text: run.text)
                }
            }
        }
    }

    /// A text box that grows with its text (never shrinks it: type stays at the size given).
    static func textBox(_ x: inout XMLWriter, id: Int, name: String, x left: Int, y top: Int, cx: Int, cy: Int,
                        paragraphs: (inout XMLWriter) -> Void) {
        x.element("p:sp") { s in
            s.element("p:nvSpPr") { n in
                n.empty("p:cNvPr", ["id": String(id), "name": "\(name) \(id)"])
                n.empty("p:cNvSpPr", ["txBox": "1"])
                n.empty("p:nvPr")
            }
            s.element("p:spPr") { p in
                xfrm(&p, left, top, cx, cy)
                p.element("a:prstGeom", ["prst": "rect"]) { $0.empty("a:avLst") }
                p.empty("a:noFill")
            }
            s.element("p:txBody") { t in
                t.element("a:bodyPr", ["wrap": "square", "lIns": "0", "tIns": "0", "rIns": "0", "bIns": "0", "anchor": "t"]) { $0.empty("a:spAutoFit") }
                t.empty("a:lstStyle")
                paragraphs(&t)
            }
        }
    }

    /// The title is a real title placeholder, so outlines, accessibility checkers and "go to slide" see it.
    static func titleShape(_ x: inout XMLWriter, id: Int, x left: Int, y top: Int, cx: Int, cy: Int, text: String, size: Int, color: String) {
        x.element("p:sp") { s in
            s.element("p:nvSpPr") { n in
                n.empty("p:cNvPr", ["id": String(id), "name": "Title \(id)"])
                n.element("p:cNvSpPr") { $0.empty("a:spLocks", ["noGrp": "1"]) }
                n.element("p:nvPr") { $0.empty("p:ph", ["type": "title"]) }
            }
            s.element("p:spPr") { xfrm(&$0, left, top, cx, cy) }
            s.element("p:txBody") { t in
                t.element("a:bodyPr", ["wrap": "square", "lIns": "0", "tIns": "0", "rIns": "0", "bIns": "0", "anchor": "t"]) { $0.empty("a:noAutofit") }
                t.empty("a:lstStyle")
                t.element("a:p") { p in
                    p.empty("a:pPr", ["algn": "l"])
                    p.element("a:r") { r in
                        runProperties(&r, TextRun(text), size: size, color: color, bold: true)
                        r.element("a:t", text: text)
                    }
                }
            }
        }
    }

    static func placeholder(_ x: inout XMLWriter, id: Int, name: String, type: String, x left: Int, y top: Int, cx: Int, cy: Int) {
        x.element("p:sp") { s in
            s.element("p:nvSpPr") { n in
                n.empty("p:cNvPr", ["id": String(id), "name": name])
                n.element("p:cNvSpPr") { $0.empty("a:spLocks", ["noGrp": "1"]) }
                n.element("p:nvPr") { $0.empty("p:ph", ["type": type]) }
            }
            s.element("p:spPr") { xfrm(&$0, left, top, cx, cy) }
            s.element("p:txBody") { t in
                t.empty("a:bodyPr")
                t.empty("a:lstStyle")
                t.element("a:p") { $0.empty("a:endParaRPr", ["lang": "en-GB"]) }
            }
        }
    }

    static func picture(_ x: inout XMLWriter, id: Int, x left: Int, y top: Int, cx: Int, cy: Int, alt: String, embed: String) {
        x.element("p:pic") { p in
            p.element("p:nvPicPr") { n in
                n.empty("p:cNvPr", ["id": String(id), "name": "Picture \(id)", "descr": alt])
                n.element("p:cNvPicPr") { $0.empty("a:picLocks", ["noChangeAspect": "1"]) }
                n.empty("p:nvPr")
            }
            p.element("p:blipFill") { b in
                OfficeXML.svgBlip(&b, id: embed)
                b.element("a:stretch") { $0.empty("a:fillRect") }
            }
            p.element("p:spPr") { s in
                xfrm(&s, left, top, cx, cy)
                s.element("a:prstGeom", ["prst": "rect"]) { $0.empty("a:avLst") }
            }
        }
    }

    /// Lines `text` takes at `size` (hundredths of a point) in `width` EMU: Arial averages half an em a character.
    static func lines(_ text: String, size: Int, width: Int) -> Int {
        let perLine = max(width / max(size * 127 / 2, 1), 1)
        return max(1, (text.count + perLine - 1) / perLine)
    }

    /// The height a bullet list or statement needs at `size`: lines of 1.2 em and the space after each paragraph.
    static func textHeight(_ block: Slide.Block, size: Int, width: Int) -> Int {
        let line = size * 127 * 12 / 10
        switch block {
        case .bullets(let items): return items.reduce(0) { $0 + lines($1.plainText, size: size, width: width - 342_900) * line + 114_300 } + 45_720
        case .paragraph(let text): return lines(text.plainText, size: size, width: width) * line + 50_800 + 91_440
        default: return 0
        }
    }

    /// Row heights of a table at 18 pt: as tall as each row's longest cell needs.
    static func tableRowHeights(_ table: DocumentTable, cx: Int) -> [Int] {
        let widths = table.relativeWidths
        let total = max(widths.reduce(0, +), 1)
        let columns = widths.map { $0 * cx / total }
        func height(_ cells: [RichText]) -> Int {
            let most = cells.enumerated().map { i, cell in lines(cell.plainText, size: 1800, width: columns[min(i, columns.count - 1)] - 182_880) }.max() ?? 1
            return most * 279_400 + 91_440
        }
        return [height(table.header)] + table.rows.map(height)
    }

    static func tableHeight(_ table: DocumentTable, cx: Int) -> Int { tableRowHeights(table, cx: cx).reduce(0, +) }

    /// A table at 18 pt; rows as tall as their longest cell needs. Returns the table's height.
    static func table(_ x: inout XMLWriter, id: Int, x left: Int, y top: Int, cx: Int, _ table: DocumentTable) -> Int {
        let widths = table.relativeWidths
        let total = max(widths.reduce(0, +), 1)
        let columns = widths.map { $0 * cx / total }
        let heights = tableRowHeights(table, cx: cx)
        x.open("p:graphicFrame")
        x.element("p:nvGraphicFramePr") { n in
            n.empty("p:cNvPr", ["id": String(id), "name": "Table \(id)"])
            n.element("p:cNvGraphicFramePr") { $0.empty("a:graphicFrameLocks", ["noGrp": "1"]) }
            n.empty("p:nvPr")
        }
        x.element("p:xfrm") { f in
            f.empty("a:off", ["x": String(left), "y": String(top)])
            f.empty("a:ext", ["cx": String(cx), "cy": String(heights.reduce(0, +))])
        }
        x.open("a:graphic")
        x.open("a:graphicData", ["uri": "http://schemas.openxmlformats.org/drawingml/2006/table"])
        x.open("a:tbl")
        x.empty("a:tblPr", ["firstRow": "1", "bandRow": "1"])
        x.element("a:tblGrid") { g in for c in columns { g.empty("a:gridCol", ["w": String(c)]) } }
        func row(_ cells: [RichText], height: Int, header: Bool, band: Bool) {
            x.element("a:tr", ["h": String(height)]) { tr in
                for (i, cell) in cells.enumerated() {
                    let alignment = i < table.alignments.count ? table.alignments[i] : .left
                    tr.element("a:tc") { tc in
                        tc.element("a:txBody") { t in
                            t.empty("a:bodyPr")
                            t.empty("a:lstStyle")
                            t.element("a:p") { p in
                                p.empty("a:pPr", ["algn": alignment == .right ? "r" : alignment == .center ? "ctr" : "l"])
                                for run in cell.isEmpty ? [TextRun("")] : cell {
                                    p.element("a:r") { r in
                                        runProperties(&r, run, size: 1800, color: header ? "FFFFFF" : ink, bold: header)
                                        r.element("a:t", text: run.text)
                                    }
                                }
                            }
                        }
                        tc.element("a:tcPr", ["marL": "91440", "marR": "91440", "marT": "45720", "marB": "45720", "anchor": "ctr"]) { p in
                            for side in ["a:lnL", "a:lnR", "a:lnT", "a:lnB"] { p.element(side, ["w": "6350"]) { solidFill(&$0, line) } }
                            solidFill(&p, header ? navy : band ? "F3F5F8" : "FFFFFF")
                        }
                    }
                }
            }
        }
        row(table.header, height: heights[0], header: true, band: false)
        for (i, cells) in table.rows.enumerated() { row(cells, height: heights[i + 1], header: false, band: i % 2 == 1) }
        x.close()
        x.close()
        x.close()
        x.close()
        return heights.reduce(0, +)
    }

    // MARK: - Master, notes master, theme

    static func master(layoutIDs: [String]) -> XMLWriter {
        var x = XMLWriter()
        x.open("p:sldMaster", namespaces)
        x.element("p:cSld") { c in
            c.element("p:bg") { b in
                b.element("p:bgPr") { p in
                    solidFill(&p, "FFFFFF")
                    p.empty("a:effectLst")
                }
            }
            c.element("p:spTree") { t in
                groupProperties(&t)
                placeholder(&t, id: 2, name: "Title", type: "title", x: margin, y: 914_400, cx: width - 2 * margin, cy: 1_200_000)
            }
        }
        colourMap(&x, "p:clrMap")
        x.element("p:sldLayoutIdLst") { l in
            for (k, id) in layoutIDs.enumerated() { l.empty("p:sldLayoutId", ["id": String(2_147_483_649 + k), "r:id": id]) }
        }
        x.element("p:txStyles") { s in
            for (style, size, bold, colour) in [("p:titleStyle", "3200", true, navy), ("p:bodyStyle", "2000", false, ink), ("p:otherStyle", "1800", false, ink)] {
                s.element(style) { st in
                    st.element("a:lvl1pPr") { l in
                        l.element("a:defRPr", ["sz": size, "b": bold ? "1" : nil]) { d in
                            solidFill(&d, colour)
                            d.empty("a:latin", ["typeface": "Arial"])
                        }
                    }
                }
            }
        }
        x.close()
        return x
    }

    static func colourMap(_ x: inout XMLWriter, _ name: String) {
        x.empty(name, ["bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2", "accent1": "accent1", "accent2": "accent2",
                       "accent3": "accent3", "accent4": "accent4", "accent5": "accent5", "accent6": "accent6",
                       "hlink": "hlink", "folHlink": "folHlink"])
    }

    static var notesMaster: XMLWriter {
        var x = XMLWriter()
        x.open("p:notesMaster", namespaces)
        x.element("p:cSld") { c in
            c.element("p:bg") { b in b.element("p:bgRef", ["idx": "1001"]) { $0.empty("a:schemeClr", ["val": "bg1"]) } }
            c.element("p:spTree") { t in
                groupProperties(&t)
                t.element("p:sp") { s in
                    s.element("p:nvSpPr") { n in
                        n.empty("p:cNvPr", ["id": "2", "name": "Slide Image"])
                        n.element("p:cNvSpPr") { $0.empty("a:spLocks", ["noGrp": "1", "noRot": "1", "noChangeAspect": "1"]) }
                        n.element("p:nvPr") { $0.empty("p:ph", ["type": "sldImg", "idx": "2"]) }
                    }
                    s.element("p:spPr") { p in
                        xfrm(&p, 381_000, 685_800, 6_096_000, 3_429_000)
                        p.element("a:prstGeom", ["prst": "rect"]) { $0.empty("a:avLst") }
                        p.empty("a:noFill")
                        p.element("a:ln", ["w": "12700"]) { l in l.element("a:solidFill") { $0.empty("a:prstClr", ["val": "black"]) } }
                    }
                }
                t.element("p:sp") { s in
                    s.element("p:nvSpPr") { n in
                        n.empty("p:cNvPr", ["id": "3", "name": "Notes"])
                        n.element("p:cNvSpPr") { $0.empty("a:spLocks", ["noGrp": "1"]) }
                        n.element("p:nvPr") { $0.empty("p:ph", ["type": "body", "sz": "quarter", "idx": "3"]) }
                    }
                    s.element("p:spPr") { p in
                        xfrm(&p, 685_800, 4_343_400, 5_486_400, 4_114_800)
                        p.element("a:prstGeom", ["prst": "rect"]) { $0.empty("a:avLst") }
                    }
                    s.element("p:txBody") { b in
                        b.empty("a:bodyPr")
                        b.empty("a:lstStyle")
                        b.element("a:p") { $0.empty("a:endParaRPr", ["lang": "en-GB"]) }
                    }
                }
            }
        }
        colourMap(&x, "p:clrMap")
        x.element("p:notesStyle") { s in
            s.element("a:lvl1pPr", ["marL": "0", "algn": "l"]) { l in
                l.element("a:defRPr", ["sz": "1200"]) { d in
                    d.element("a:solidFill") { $0.empty("a:schemeClr", ["val": "tx1"]) }
                    d.empty("a:latin", ["typeface": "+mn-lt"])
                }
            }
        }
        x.close()
        return x
    }

    static func theme(name: String) -> XMLWriter {
        let colours = [("dk1", "222222"), ("lt1", "FFFFFF"), ("dk2", navy), ("lt2", "E7E6E6"), ("accent1", navy), ("accent2", teal),
                       ("accent3", "E07A1F"), ("accent4", "6B7B8C"), ("accent5", "8FB8DE"), ("accent6", "A3C585"),
                       ("hlink", "0563C1"), ("folHlink", "954F72")]
        func font(_ x: inout XMLWriter) {
            x.empty("a:latin", ["typeface": "Arial"])
            x.empty("a:ea", ["typeface": ""])
            x.empty("a:cs", ["typeface": ""])
        }
        func fill(_ x: inout XMLWriter) { x.element("a:solidFill") { $0.empty("a:schemeClr", ["val": "phClr"]) } }
        var x = XMLWriter()
        x.open("a:theme", ["xmlns:a": a, "name": name])
        x.open("a:themeElements")
        x.element("a:clrScheme", ["name": "Convenor"]) { c in
            for (k, v) in colours { c.element("a:\(k)") { $0.empty("a:srgbClr", ["val": v]) } }
        }
        x.element("a:fontScheme", ["name": "Convenor"]) { f in
            f.element("a:majorFont") { font(&$0) }
            f.element("a:minorFont") { font(&$0) }
        }
        x.element("a:fmtScheme", ["name": "Convenor"]) { f in
            f.element("a:fillStyleLst") { for _ in 0..<3 { fill(&$0) } }
            f.element("a:lnStyleLst") { l in
                for _ in 0..<3 {
                    l.element("a:ln", ["w": "6350", "cap": "flat", "cmpd": "sng", "algn": "ctr"]) { ln in
                        fill(&ln)
                        ln.empty("a:prstDash", ["val": "solid"])
                        ln.empty("a:miter", ["lim": "800000"])
                    }
                }
            }
            f.element("a:effectStyleLst") { e in for _ in 0..<3 { e.element("a:effectStyle") { $0.empty("a:effectLst") } } }
            f.element("a:bgFillStyleLst") { for _ in 0..<3 { fill(&$0) } }
        }
        x.close()
        x.empty("a:objectDefaults")
        x.empty("a:extraClrSchemeLst")
        x.close()
        return x
    }
}
