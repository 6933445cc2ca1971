import Foundation

/// A Word document as a list of blocks, written as a real WordprocessingML package (A4, styles with
/// Heading 1–3, bulleted lists, tables with a repeating header row, running header and page-numbered footer).
public struct DocxWriter: Sendable {
    public enum Block: Sendable, Equatable {
        case title(String)
        case subtitle(String)
        case heading(Int, String)
        case paragraph(String)
        /// A paragraph with a bold lead-in: "**Purpose.** text".
        case labelled(String, String)
        /// A shaded box, for things the facilitator says or must not forget.
        case callout(String)
        case bullets([String])
        case numbered([String])
        case table(header: [String], rows: [[String]], widths: [Int])
        case pageBreak
    }

    public var title: String
    /// Printed at the top of every page after the first.
    public var header: String
    public var blocks: [Block]

    public init(title: String, header: String, blocks: [Block] = []) {
        self.title = title
        self.header = header
        self.blocks = blocks
    }

    static let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    static let r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    public func data() throws -> Data {
        // Numbered lists restart at 1: each gets its own w:num pointing at the shared numbered definition.
        var numberedLists = 0
        var body = ""
        for block in blocks {
            switch block {
            case .title(let t): body += paragraph(t, style: "Title")
            case .subtitle(let t): body += paragraph(t, style: "Subtitle")
            case .heading(let level, let t): body += paragraph(t, style: "Heading\(min(max(level, 1), 3))")
            case .paragraph(let t): body += paragraph(t, style: nil)
            case .labelled(let label, let t):
                body += "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">\(escape(label)) </w:t></w:r>\(run(t))</w:p>"
            case .callout(let t): body += paragraph(t, style: "Callout")
            case .bullets(let items):
                for item in items {
                    body += "<w:p><w:pPr><w:pStyle w:val=\"ListBullet\"/><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>\(run(item))</w:p>"
                }
            case .numbered(let items):
                numberedLists += 1
                for item in items {
                    body += "<w:p><w:pPr><w:pStyle w:val=\"ListNumber\"/><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"\(numberedLists + 1)\"/></w:numPr></w:pPr>\(run(item))</w:p>"
                }
            case .table(let header, let rows, let widths):
                body += table(header: header, rows: rows, widths: widths)
            case .pageBreak:
                body += "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>"
            }
        }
        // A4 portrait, 2 cm margins; the first page (the cover) has no header.
        let section = """
        <w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/><w:footerReference w:type="default" r:id="rIdFooter"/>\
        <w:footerReference w:type="first" r:id="rIdFooter"/>\
        <w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1247" w:right="1134" w:bottom="1247" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/>\
        <w:titlePg/></w:sectPr>
        """
        let document = xmlHeader + "<w:document xmlns:w=\"\(Self.w)\" xmlns:r=\"\(Self.r)\"><w:body>\(body)\(section)</w:body></w:document>"

        let files: [RenderedFile] = [
            RenderedFile(path: "[Content_Types].xml", text: contentTypes),
            RenderedFile(path: "_rels/.rels", text: OfficeXML.relationships([
                ("rId1", OfficeXML.officeDocumentType, "word/document.xml"),
                ("rId2", OfficeXML.corePropertiesType, "docProps/core.xml"),
                ("rId3", OfficeXML.extendedPropertiesType, "docProps/app.xml"),
            ])),
            RenderedFile(path: "docProps/core.xml", text: OfficeXML.coreProperties(title: title)),
            RenderedFile(path: "docProps/app.xml", text: OfficeXML.appProperties()),
            RenderedFile(path: "word/document.xml", text: document),
            RenderedFile(path: "word/_rels/document.xml.rels", text: OfficeXML.relationships([
                ("rIdStyles", OfficeXML.rel("styles"), "styles.xml"),
                ("rIdNumbering", OfficeXML.rel("numbering"), "numbering.xml"),
                ("rIdSettings", OfficeXML.rel("settings"), "settings.xml"),
                ("rIdHeader", OfficeXML.rel("header"), "header1.xml"),
                ("rIdFooter", OfficeXML.rel("footer"), "footer1.xml"),
            ])),
            RenderedFile(path: "word/styles.xml", text: styles),
            RenderedFile(path: "word/numbering.xml", text: numbering(numberedLists: numberedLists)),
            RenderedFile(path: "word/settings.xml", text: xmlHeader + "<w:settings xmlns:w=\"\(Self.w)\"><w:defaultTabStop w:val=\"720\"/><w:characterSpacingControl w:val=\"doNotCompress\"/><w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat></w:settings>"),
            RenderedFile(path: "word/header1.xml", text: xmlHeader + "<w:hdr xmlns:w=\"\(Self.w)\" xmlns:r=\"\(Self.r)\"><w:p><w:pPr><w:pStyle w:val=\"Header\"/></w:pPr>\(run(header))</w:p></w:hdr>"),
            RenderedFile(path: "word/footer1.xml", text: xmlHeader + "<w:ftr xmlns:w=\"\(Self.w)\" xmlns:r=\"\(Self.r)\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr><w:r><w:t xml:space=\"preserve\">Page </w:t></w:r><w:fldSimple w:instr=\" PAGE \"><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p></w:ftr>"),
        ]
        return try ZipPackage.archive(files)
    }

    private var xmlHeader: String { "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n" }

    private func run(_ text: String, bold: Bool = false) -> String {
        "<w:r>\(bold ? "<w:rPr><w:b/></w:rPr>" : "")<w:t xml:space=\"preserve\">\(escape(text))</w:t></w:r>"
    }

    private func paragraph(_ text: String, style: String?) -> String {
        let pPr = style.map { "<w:pPr><w:pStyle w:val=\"\($0)\"/></w:pPr>" } ?? ""
        return "<w:p>\(pPr)\(run(text))</w:p>"
    }

    private func table(header: [String], rows: [[String]], widths: [Int]) -> String {
        // Widths are relative; the table fills the 17 cm text width (9638 twentieths of a point).
        let total = max(widths.reduce(0, +), 1)
        let twips = widths.map { $0 * 9638 / total }
        var x = "<w:tbl><w:tblPr><w:tblStyle w:val=\"ConvenorTable\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblLayout w:type=\"fixed\"/><w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>"
        for t in twips { x += "<w:gridCol w:w=\"\(t)\"/>" }
        x += "</w:tblGrid>"
        func row(_ cells: [String], isHeader: Bool) -> String {
            var r = "<w:tr>" + (isHeader ? "<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>" : "<w:trPr><w:cantSplit/></w:trPr>")
            for (i, cell) in cells.enumerated() {
                let width = i < twips.count ? twips[i] : 1000
                let shade = isHeader ? "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"1F3A5F\"/>" : ""
                r += "<w:tc><w:tcPr><w:tcW w:w=\"\(width)\" w:type=\"dxa\"/>\(shade)</w:tcPr><w:p><w:pPr><w:pStyle w:val=\"TableText\"/></w:pPr>"
                r += isHeader ? "<w:r><w:rPr><w:b/><w:color w:val=\"FFFFFF\"/></w:rPr><w:t xml:space=\"preserve\">\(escape(cell))</w:t></w:r>" : run(cell)
                r += "</w:p></w:tc>"
            }
            return r + "</w:tr>"
        }
        x += row(header, isHeader: true)
        for cells in rows { x += row(cells, isHeader: false) }
        // Word needs a paragraph between a table and what follows.
        return x + "</w:tbl><w:p><w:pPr><w:spacing w:after=\"0\"/></w:pPr></w:p>"
    }

    private var contentTypes: String {
        OfficeXML.contentTypes(overrides: [
            ("/word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
            ("/word/styles.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"),
            ("/word/numbering.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"),
            ("/word/settings.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"),
            ("/word/header1.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"),
            ("/word/footer1.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"),
            ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
            ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml"),
        ])
    }

    private func numbering(numberedLists: Int) -> String {
        var x = xmlHeader + "<w:numbering xmlns:w=\"\(Self.w)\">"
        x += "<w:abstractNum w:abstractNumId=\"0\"><w:multiLevelType w:val=\"singleLevel\"/><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"•\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"425\" w:hanging=\"283\"/></w:pPr><w:rPr><w:color w:val=\"0F766E\"/></w:rPr></w:lvl></w:abstractNum>"
        x += "<w:abstractNum w:abstractNumId=\"1\"><w:multiLevelType w:val=\"singleLevel\"/><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"425\" w:hanging=\"340\"/></w:pPr></w:lvl></w:abstractNum>"
        x += "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>"
        for n in 0..<numberedLists {
            x += "<w:num w:numId=\"\(n + 2)\"><w:abstractNumId w:val=\"1\"/><w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"1\"/></w:lvlOverride></w:num>"
        }
        return x + "</w:numbering>"
    }

    private var styles: String {
        let font = "<w:rFonts w:ascii=\"Arial\" w:hAnsi=\"Arial\" w:eastAsia=\"Arial\" w:cs=\"Arial\"/>"
        func paragraphStyle(_ id: String, _ name: String, basedOn: String? = "Normal", next: String? = "Normal",
                            outline: Int? = nil, pPr: String = "", rPr: String) -> String {
            var s = "<w:style w:type=\"paragraph\" w:styleId=\"\(id)\"><w:name w:val=\"\(name)\"/>"
            if let basedOn { s += "<w:basedOn w:val=\"\(basedOn)\"/>" }
            if let next { s += "<w:next w:val=\"\(next)\"/>" }
            s += "<w:qFormat/><w:pPr>\(pPr)\(outline.map { "<w:outlineLvl w:val=\"\($0)\"/>" } ?? "")</w:pPr><w:rPr>\(rPr)</w:rPr></w:style>"
            return s
        }
        var x = xmlHeader + "<w:styles xmlns:w=\"\(Self.w)\">"
        x += "<w:docDefaults><w:rPrDefault><w:rPr>\(font)<w:sz w:val=\"21\"/><w:szCs w:val=\"21\"/><w:lang w:val=\"en-GB\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"120\" w:line=\"276\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>"
        x += "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/><w:rPr><w:color w:val=\"222222\"/></w:rPr></w:style>"
        x += paragraphStyle("Title", "Title", pPr: "<w:spacing w:before=\"2400\" w:after=\"240\"/>", rPr: "<w:b/><w:color w:val=\"1F3A5F\"/><w:sz w:val=\"56\"/><w:szCs w:val=\"56\"/>")
        x += paragraphStyle("Subtitle", "Subtitle", pPr: "<w:spacing w:after=\"480\"/>", rPr: "<w:color w:val=\"0F766E\"/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/>")
        x += paragraphStyle("Heading1", "heading 1", outline: 0, pPr: "<w:keepNext/><w:keepLines/><w:pageBreakBefore/><w:pBdr><w:bottom w:val=\"single\" w:sz=\"12\" w:space=\"4\" w:color=\"0F766E\"/></w:pBdr><w:spacing w:before=\"0\" w:after=\"240\"/>", rPr: "<w:b/><w:color w:val=\"1F3A5F\"/><w:sz w:val=\"36\"/><w:szCs w:val=\"36\"/>")
        x += paragraphStyle("Heading2", "heading 2", outline: 1, pPr: "<w:keepNext/><w:keepLines/><w:spacing w:before=\"360\" w:after=\"120\"/>", rPr: "<w:b/><w:color w:val=\"1F3A5F\"/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/>")
        x += paragraphStyle("Heading3", "heading 3", outline: 2, pPr: "<w:keepNext/><w:spacing w:before=\"240\" w:after=\"80\"/>", rPr: "<w:b/><w:color w:val=\"0F766E\"/><w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/>")
        x += paragraphStyle("Callout", "Callout", pPr: "<w:pBdr><w:left w:val=\"single\" w:sz=\"24\" w:space=\"8\" w:color=\"0F766E\"/></w:pBdr><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"E8F3F1\"/><w:spacing w:before=\"120\" w:after=\"200\"/><w:ind w:left=\"227\" w:right=\"113\"/>", rPr: "")
        x += paragraphStyle("ListBullet", "List Bullet", pPr: "<w:spacing w:after=\"60\"/>", rPr: "")
        x += paragraphStyle("ListNumber", "List Number", pPr: "<w:spacing w:after=\"60\"/>", rPr: "")
        x += paragraphStyle("TableText", "Table Text", pPr: "<w:keepNext/><w:spacing w:before=\"40\" w:after=\"40\" w:line=\"240\" w:lineRule=\"auto\"/>", rPr: "<w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/>")
        x += paragraphStyle("Header", "header", next: nil, pPr: "<w:pBdr><w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"4\" w:color=\"BBBBBB\"/></w:pBdr>", rPr: "<w:color w:val=\"666666\"/><w:sz w:val=\"16\"/><w:szCs w:val=\"16\"/>")
        x += paragraphStyle("Footer", "footer", next: nil, pPr: "<w:jc w:val=\"right\"/>", rPr: "<w:color w:val=\"666666\"/><w:sz w:val=\"16\"/><w:szCs w:val=\"16\"/>")
        x += "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>"
        x += "<w:style w:type=\"table\" w:styleId=\"ConvenorTable\"><w:name w:val=\"Convenor Table\"/><w:basedOn w:val=\"TableNormal\"/><w:tblPr><w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"BFC7D1\"/><w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"BFC7D1\"/><w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"BFC7D1\"/><w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"BFC7D1\"/><w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"BFC7D1\"/><w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"BFC7D1\"/></w:tblBorders><w:tblCellMar><w:top w:w=\"57\" w:type=\"dxa\"/><w:left w:w=\"85\" w:type=\"dxa\"/><w:bottom w:w=\"57\" w:type=\"dxa\"/><w:right w:w=\"85\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>"
        return x + "</w:styles>"
    }
}

/// Parts shared by the Word and PowerPoint writers.
enum OfficeXML {
    static let officeDocumentType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
    static let corePropertiesType = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
    static let extendedPropertiesType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"

    static func rel(_ name: String) -> String { "http://schemas.openxmlformats.org/officeDocument/2006/relationships/\(name)" }

    static func relationships(_ rels: [(id: String, type: String, target: String)]) -> String {
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        for r in rels { x += "<Relationship Id=\"\(r.id)\" Type=\"\(r.type)\" Target=\"\(escape(r.target, attribute: true))\"/>" }
        return x + "</Relationships>"
    }

    static func contentTypes(overrides: [(part: String, type: String)]) -> String {
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        x += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        for o in overrides { x += "<Override PartName=\"\(o.part)\" ContentType=\"\(o.type)\"/>" }
        return x + "</Types>"
    }

    /// Title and creator only: no dates, so the same input gives the same bytes.
    static func coreProperties(title: String) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>\(escape(title))</dc:title><dc:creator>Convenor</dc:creator><dc:language>en-GB</dc:language></cp:coreProperties>"
    }

    static func appProperties() -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Application>Convenor</Application></Properties>"
    }
}
