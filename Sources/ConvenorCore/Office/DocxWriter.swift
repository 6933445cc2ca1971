import Foundation

/// Writes a `Document` as a real WordprocessingML package: A4, styles with Heading 1–3, bulleted and
/// numbered lists, tables with a repeating header row, pictures, a running header and a
/// page-numbered footer. Every part is written with `XMLWriter` into an `OOXMLPackage`.
public struct DocxWriter: Sendable {
    public var document: Document
    /// The pictures `.image` blocks name, by name.
    public var pictures: [String: OfficePicture]

    public init(_ document: Document, pictures: [String: OfficePicture] = [:]) {
        self.document = document
        self.pictures = pictures
    }

    static let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    static let r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let wp = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
    static let a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    static let pic = "http://schemas.openxmlformats.org/drawingml/2006/picture"
    static let wordType = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    /// The text width of an A4 page with 2 cm margins, in twentieths of a point and in EMU.
    static let textWidthTwips = 9638, textWidthEMU = 6_120_130

    public func data() throws -> Data {
        var package = OOXMLPackage()
        let main = "word/document.xml"
        package.relate(nil, to: main, type: OfficeXML.officeDocumentType)
        OfficeXML.addProperties(to: &package, title: document.title)

        // Parts the body refers to come first, so their relationship ids are known while writing it.
        let header = package.relate(main, to: "word/header1.xml", type: OfficeXML.rel("header"))
        let footer = package.relate(main, to: "word/footer1.xml", type: OfficeXML.rel("footer"))
        package.relate(main, to: "word/styles.xml", type: OfficeXML.rel("styles"))
        package.relate(main, to: "word/numbering.xml", type: OfficeXML.rel("numbering"))
        package.relate(main, to: "word/settings.xml", type: OfficeXML.rel("settings"))
        var pictureIDs: [String: String] = [:]
        for case .image(_, let source) in document.blocks where pictureIDs[source] == nil {
            guard let picture = pictures[source] else {
                throw FileError(path: source, reason: "the document shows a picture it was not given (a Convenor defect)")
            }
            let path = "word/media/image\(pictureIDs.count + 1).svg"
            package.add(path, contentType: "image/svg+xml", contents: picture.svg)
            pictureIDs[source] = package.relate(main, to: path, type: OfficeXML.rel("image"))
        }

        var x = XMLWriter()
        x.open("w:document", ["xmlns:w": Self.w, "xmlns:r": Self.r, "xmlns:wp": Self.wp, "xmlns:a": Self.a, "xmlns:pic": Self.pic])
        x.open("w:body")
        // Numbered lists restart at 1: each gets its own w:num pointing at the shared numbered definition.
        var numberedLists = 0
        var drawings = 0
        for block in document.blocks {
            switch block {
            case .title(let t): paragraph(&x, t, style: "Title")
            case .subtitle(let t): paragraph(&x, t, style: "Subtitle")
            case .heading(let level, let t): paragraph(&x, t, style: "Heading\(min(max(level, 1), 3))")
            case .paragraph(let t): paragraph(&x, t, style: nil)
            case .callout(let t): paragraph(&x, t, style: "Callout")
            case .bullets(let items):
                for item in items { listItem(&x, item, style: "ListBullet", numID: 1) }
            case .numbered(let items):
                numberedLists += 1
                for item in items { listItem(&x, item, style: "ListNumber", numID: numberedLists + 1) }
            case .table(let table): self.table(&x, table)
            case .image(let alt, let source):
                drawings += 1
                if let picture = pictures[source], let id = pictureIDs[source] { image(&x, picture, id: id, number: drawings, alt: alt) }
            case .pageBreak:
                x.element("w:p") { p in p.element("w:r") { r in r.empty("w:br", ["w:type": "page"]) } }
            }
        }
        // A4 portrait, 2 cm margins; the first page (the cover) has no header.
        x.open("w:sectPr")
        x.empty("w:headerReference", ["w:type": "default", "r:id": header])
        x.empty("w:footerReference", ["w:type": "default", "r:id": footer])
        x.empty("w:footerReference", ["w:type": "first", "r:id": footer])
        x.empty("w:pgSz", ["w:w": "11906", "w:h": "16838"])
        x.empty("w:pgMar", ["w:top": "1247", "w:right": "1134", "w:bottom": "1247", "w:left": "1134", "w:header": "567", "w:footer": "567", "w:gutter": "0"])
        x.empty("w:titlePg")
        x.close()
        x.close()
        x.close()
        package.add(main, contentType: "\(Self.wordType).document.main+xml", xml: x)

        package.add("word/styles.xml", contentType: "\(Self.wordType).styles+xml", xml: Self.styles)
        package.add("word/numbering.xml", contentType: "\(Self.wordType).numbering+xml", xml: Self.numbering(numberedLists: numberedLists))
        var settings = XMLWriter()
        settings.element("w:settings", ["xmlns:w": Self.w]) { s in
            s.empty("w:defaultTabStop", ["w:val": "720"])
            s.empty("w:characterSpacingControl", ["w:val": "doNotCompress"])
            s.element("w:compat") { c in
                c.empty("w:compatSetting", ["w:name": "compatibilityMode", "w:uri": "http://schemas.microsoft.com/office/word", "w:val": "15"])
            }
        }
        package.add("word/settings.xml", contentType: "\(Self.wordType).settings+xml", xml: settings)

        var head = XMLWriter()
        head.element("w:hdr", ["xmlns:w": Self.w, "xmlns:r": Self.r]) { h in
            paragraph(&h, [TextRun(document.runningHeader ?? document.title)], style: "Header")
        }
        package.add("word/header1.xml", contentType: "\(Self.wordType).header+xml", xml: head)
        var foot = XMLWriter()
        foot.element("w:ftr", ["xmlns:w": Self.w, "xmlns:r": Self.r]) { f in
            f.element("w:p") { p in
                p.element("w:pPr") { $0.empty("w:pStyle", ["w:val": "Footer"]) }
                p.element("w:r") { $0.element("w:t", ["xml:space": "preserve"], text: "Page ") }
                p.element("w:fldSimple", ["w:instr": " PAGE "]) { $0.element("w:r") { $0.element("w:t", text: "1") } }
            }
        }
        package.add("word/footer1.xml", contentType: "\(Self.wordType).footer+xml", xml: foot)
        return try package.archive()
    }

    // MARK: - Body

    private func runs(_ x: inout XMLWriter, _ text: RichText, bold: Bool = false, color: String? = nil) {
        for run in text {
            x.open("w:r")
            if run.bold || bold || run.italic || run.code || color != nil {
                x.open("w:rPr")
                if run.code { x.empty("w:rFonts", ["w:ascii": "Courier New", "w:hAnsi": "Courier New", "w:cs": "Courier New"]) }
                if run.bold || bold { x.empty("w:b") }
                if run.italic { x.empty("w:i") }
                if let color { x.empty("w:color", ["w:val": color]) }
                x.close()
            }
            x.element("w:t", ["xml:space": "preserve"], text: run.text)
            x.close()
        }
    }

    private func paragraph(_ x: inout XMLWriter, _ text: RichText, style: String?, alignment: DocumentTable.Alignment = .left) {
        x.open("w:p")
        if style != nil || alignment != .left {
            x.open("w:pPr")
            if let style { x.empty("w:pStyle", ["w:val": style]) }
            if alignment != .left { x.empty("w:jc", ["w:val": alignment == .right ? "right" : "center"]) }
            x.close()
        }
        runs(&x, text)
        x.close()
    }

    private func listItem(_ x: inout XMLWriter, _ text: RichText, style: String, numID: Int) {
        x.open("w:p")
        x.element("w:pPr") { p in
            p.empty("w:pStyle", ["w:val": style])
            p.element("w:numPr") { n in
                n.empty("w:ilvl", ["w:val": "0"])
                n.empty("w:numId", ["w:val": String(numID)])
            }
        }
        runs(&x, text)
        x.close()
    }

    private func table(_ x: inout XMLWriter, _ table: DocumentTable) {
        // Widths are relative; the table fills the text width.
        let widths = table.relativeWidths
        let total = max(widths.reduce(0, +), 1)
        let twips = widths.map { $0 * Self.textWidthTwips / total }
        x.open("w:tbl")
        x.element("w:tblPr") { p in
            p.empty("w:tblStyle", ["w:val": "ConvenorTable"])
            p.empty("w:tblW", ["w:w": "5000", "w:type": "pct"])
            p.empty("w:tblLayout", ["w:type": "fixed"])
            p.empty("w:tblLook", ["w:val": "04A0", "w:firstRow": "1", "w:lastRow": "0", "w:firstColumn": "0", "w:lastColumn": "0",
                                  "w:noHBand": "0", "w:noVBand": "1"])
        }
        x.element("w:tblGrid") { g in for t in twips { g.empty("w:gridCol", ["w:w": String(t)]) } }
        func row(_ cells: [RichText], isHeader: Bool) {
            x.open("w:tr")
            x.element("w:trPr") { p in
                if isHeader { p.empty("w:tblHeader") }
                p.empty("w:cantSplit")
            }
            for (i, cell) in cells.enumerated() {
                x.open("w:tc")
                x.element("w:tcPr") { p in
                    p.empty("w:tcW", ["w:w": String(i < twips.count ? twips[i] : 1000), "w:type": "dxa"])
                    if isHeader { p.empty("w:shd", ["w:val": "clear", "w:color": "auto", "w:fill": "1F3A5F"]) }
                }
                x.open("w:p")
                x.element("w:pPr") { p in
                    p.empty("w:pStyle", ["w:val": "TableText"])
                    let alignment = i < table.alignments.count ? table.alignments[i] : .left
                    if alignment != .left { p.empty("w:jc", ["w:val": alignment == .right ? "right" : "center"]) }
                }
                runs(&x, cell, bold: isHeader, color: isHeader ? "FFFFFF" : nil)
                x.close()
                x.close()
            }
            x.close()
        }
        row(table.header, isHeader: true)
        for cells in table.rows { row(cells, isHeader: false) }
        x.close()
        // Word needs a paragraph between a table and what follows.
        x.element("w:p") { p in p.element("w:pPr") { $0.empty("w:spacing", ["w:after": "0"]) } }
    }

    /// A picture as wide as the text (never taller than two thirds of the page), the SVG itself in the
    /// blip and in Office 2016's SVG extension: see docs/decisions.md, issue 12, on why there is no PNG.
    private func image(_ x: inout XMLWriter, _ picture: OfficePicture, id: String, number: Int, alt: String) {
        let maxHeight = 6_400_000.0
        let scale = min(Double(Self.textWidthEMU) / picture.width, maxHeight / picture.height)
        let cx = String(Int(picture.width * scale)), cy = String(Int(picture.height * scale))
        x.open("w:p")
        x.element("w:pPr") { $0.empty("w:jc", ["w:val": "center"]) }
        x.open("w:r")
        x.open("w:drawing")
        x.open("wp:inline", ["distT": "0", "distB": "0", "distL": "0", "distR": "0"])
        x.empty("wp:extent", ["cx": cx, "cy": cy])
        x.empty("wp:docPr", ["id": String(number), "name": "Picture \(number)", "descr": alt])
        x.element("wp:cNvGraphicFramePr") { $0.empty("a:graphicFrameLocks", ["noChangeAspect": "1"]) }
        x.open("a:graphic")
        x.open("a:graphicData", ["uri": Self.pic])
        x.open("pic:pic")
        x.element("pic:nvPicPr") { n in
            n.empty("pic:cNvPr", ["id": String(number), "name": "Picture \(number)", "descr": alt])
            n.empty("pic:cNvPicPr")
        }
        x.element("pic:blipFill") { b in
            OfficeXML.svgBlip(&b, id: id)
            b.element("a:stretch") { $0.empty("a:fillRect") }
        }
        x.element("pic:spPr") { s in
            s.element("a:xfrm") { f in
                f.empty("a:off", ["x": "0", "y": "0"])
                f.empty("a:ext", ["cx": cx, "cy": cy])
            }
            s.element("a:prstGeom", ["prst": "rect"]) { $0.empty("a:avLst") }
        }
        x.close()
        x.close()
        x.close()
        x.close()
        x.close()
        x.close()
        x.close()
    }

    // MARK: - Numbering and styles

    static func numbering(numberedLists: Int) -> XMLWriter {
        var x = XMLWriter()
        x.open("w:numbering", ["xmlns:w": w])
        for (id, format, text, hanging) in [("0", "bullet", "•", "283"), ("1", "decimal", "%1.", "340")] {
            x.element("w:abstractNum", ["w:abstractNumId": id]) { n in
                n.empty("w:multiLevelType", ["w:val": "singleLevel"])
                n.element("w:lvl", ["w:ilvl": "0"]) { l in
                    l.empty("w:start", ["w:val": "1"])
                    l.empty("w:numFmt", ["w:val": format])
                    l.empty("w:lvlText", ["w:val": text])
                    l.empty("w:lvlJc", ["w:val": "left"])
                    l.element("w:pPr") { $0.empty("w:ind", ["w:left": "425", "w:hanging": hanging]) }
                    if format == "bullet" { l.element("w:rPr") { $0.empty("w:color", ["w:val": "0F766E"]) } }
                }
            }
        }
        x.element("w:num", ["w:numId": "1"]) { $0.empty("w:abstractNumId", ["w:val": "0"]) }
        for n in 0..<numberedLists {
            x.element("w:num", ["w:numId": String(n + 2)]) { num in
                num.empty("w:abstractNumId", ["w:val": "1"])
                num.element("w:lvlOverride", ["w:ilvl": "0"]) { $0.empty("w:startOverride", ["w:val": "1"]) }
            }
        }
        x.close()
        return x
    }

    /// A paragraph style: `pPr` and `rPr` write the style's paragraph and run properties.
    private static func paragraphStyle(_ x: inout XMLWriter, _ id: String, _ name: String, basedOn: String? = "Normal",
                                       next: String? = "Normal", outline: Int? = nil,
                                       pPr: (inout XMLWriter) -> Void = { _ in }, rPr: (inout XMLWriter) -> Void = { _ in }) {
        x.element("w:style", ["w:type": "paragraph", "w:styleId": id]) { s in
            s.empty("w:name", ["w:val": name])
            if let basedOn { s.empty("w:basedOn", ["w:val": basedOn]) }
            if let next { s.empty("w:next", ["w:val": next]) }
            s.empty("w:qFormat")
            s.element("w:pPr") { p in
                pPr(&p)
                if let outline { p.empty("w:outlineLvl", ["w:val": String(outline)]) }
            }
            s.element("w:rPr", [:], rPr)
        }
    }

    private static func size(_ x: inout XMLWriter, _ halfPoints: Int) {
        x.empty("w:sz", ["w:val": String(halfPoints)])
        x.empty("w:szCs", ["w:val": String(halfPoints)])
    }

    private static func border(_ x: inout XMLWriter, _ side: String, size: String, space: String, color: String) {
        x.empty("w:\(side)", ["w:val": "single", "w:sz": size, "w:space": space, "w:color": color])
    }

    static var styles: XMLWriter {
        var x = XMLWriter()
        x.open("w:styles", ["xmlns:w": w])
        x.element("w:docDefaults") { d in
            d.element("w:rPrDefault") { r in
                r.element("w:rPr") { p in
                    p.empty("w:rFonts", ["w:ascii": "Arial", "w:hAnsi": "Arial", "w:eastAsia": "Arial", "w:cs": "Arial"])
                    size(&p, 21)
                    p.empty("w:lang", ["w:val": "en-GB"])
                }
            }
            d.element("w:pPrDefault") { p in p.element("w:pPr") { $0.empty("w:spacing", ["w:after": "120", "w:line": "276", "w:lineRule": "auto"]) } }
        }
        x.element("w:style", ["w:type": "paragraph", "w:default": "1", "w:styleId": "Normal"]) { s in
            s.empty("w:name", ["w:val": "Normal"])
            s.empty("w:qFormat")
            s.element("w:rPr") { $0.empty("w:color", ["w:val": "222222"]) }
        }
        let navy = "1F3A5F", teal = "0F766E"
        paragraphStyle(&x, "Title", "Title", pPr: { $0.empty("w:spacing", ["w:before": "2400", "w:after": "240"]) },
                       rPr: { r in r.empty("w:b"); r.empty("w:color", ["w:val": navy]); size(&r, 56) })
        paragraphStyle(&x, "Subtitle", "Subtitle", pPr: { $0.empty("w:spacing", ["w:after": "480"]) },
                       rPr: { r in r.empty("w:color", ["w:val": teal]); size(&r, 32) })
        paragraphStyle(&x, "Heading1", "heading 1", outline: 0, pPr: { p in
            p.empty("w:keepNext"); p.empty("w:keepLines")
            p.element("w:pBdr") { border(&$0, "bottom", size: "12", space: "4", color: teal) }
            p.empty("w:spacing", ["w:before": "360", "w:after": "240"])
        }, rPr: { r in r.empty("w:b"); r.empty("w:color", ["w:val": navy]); size(&r, 36) })
        paragraphStyle(&x, "Heading2", "heading 2", outline: 1, pPr: { p in
            p.empty("w:keepNext"); p.empty("w:keepLines")
            p.empty("w:spacing", ["w:before": "360", "w:after": "120"])
        }, rPr: { r in r.empty("w:b"); r.empty("w:color", ["w:val": navy]); size(&r, 28) })
        paragraphStyle(&x, "Heading3", "heading 3", outline: 2, pPr: { p in
            p.empty("w:keepNext")
            p.empty("w:spacing", ["w:before": "240", "w:after": "80"])
        }, rPr: { r in r.empty("w:b"); r.empty("w:color", ["w:val": teal]); size(&r, 22) })
        paragraphStyle(&x, "Callout", "Callout", pPr: { p in
            p.element("w:pBdr") { border(&$0, "left", size: "24", space: "8", color: teal) }
            p.empty("w:shd", ["w:val": "clear", "w:color": "auto", "w:fill": "E8F3F1"])
            p.empty("w:spacing", ["w:before": "120", "w:after": "200"])
            p.empty("w:ind", ["w:left": "227", "w:right": "113"])
        })
        paragraphStyle(&x, "ListBullet", "List Bullet", pPr: { $0.empty("w:spacing", ["w:after": "60"]) })
        paragraphStyle(&x, "ListNumber", "List Number", pPr: { $0.empty("w:spacing", ["w:after": "60"]) })
        paragraphStyle(&x, "TableText", "Table Text", pPr: { p in
            p.empty("w:keepNext")
            p.empty("w:spacing", ["w:before": "40", "w:after": "40", "w:line": "240", "w:lineRule": "auto"])
        }, rPr: { size(&$0, 18) })
        paragraphStyle(&x, "Header", "header", next: nil, pPr: { p in
            p.element("w:pBdr") { border(&$0, "bottom", size: "4", space: "4", color: "BBBBBB") }
        }, rPr: { r in r.empty("w:color", ["w:val": "666666"]); size(&r, 16) })
        paragraphStyle(&x, "Footer", "footer", next: nil, pPr: { $0.empty("w:jc", ["w:val": "right"]) },
                       rPr: { r in r.empty("w:color", ["w:val": "666666"]); size(&r, 16) })
        func margins(_ x: inout XMLWriter, _ vertical: String, _ horizontal: String) {
            x.element("w:tblCellMar") { m in
                m.empty("w:top", ["w:w": vertical, "w:type": "dxa"])
                m.empty("w:left", ["w:w": horizontal, "w:type": "dxa"])
                m.empty("w:bottom", ["w:w": vertical, "w:type": "dxa"])
                m.empty("w:right", ["w:w": horizontal, "w:type": "dxa"])
            }
        }
        x.element("w:style", ["w:type": "table", "w:default": "1", "w:styleId": "TableNormal"]) { s in
            s.empty("w:name", ["w:val": "Normal Table"])
            s.element("w:tblPr") { p in
                p.empty("w:tblInd", ["w:w": "0", "w:type": "dxa"])
                margins(&p, "0", "108")
            }
        }
        x.element("w:style", ["w:type": "table", "w:styleId": "ConvenorTable"]) { s in
            s.empty("w:name", ["w:val": "Convenor Table"])
            s.empty("w:basedOn", ["w:val": "TableNormal"])
            s.element("w:tblPr") { p in
                p.element("w:tblBorders") { b in
                    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] { border(&b, side, size: "4", space: "0", color: "BFC7D1") }
                }
                margins(&p, "57", "85")
            }
        }
        x.close()
        return x
    }
}
