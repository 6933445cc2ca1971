import Foundation

/// A sheet of a workbook as a decision table: the sheet's XML is edited cell by cell (a cell
/// replaced, inserted in column order, or a row added in row order), so every other cell, style and
/// formula stays exactly as the office saved it.
struct SheetDecisionTable: DecisionTable {
    private(set) var xml: [UInt8]
    /// The row the header is in (the first row with a value, as the reader takes it).
    let headerRow: Int
    let header: [String]
    /// The sheet's text cells: row → column → text (both 1-based).
    private(set) var cells: [Int: [Int: String]]
    /// A cell style that shows a date, for writing dates as Excel dates; nil writes them as ISO text.
    let dateStyle: Int?
    let date1904: Bool
    /// How the sheet is named in messages.
    let shown: String

    init(xml: [UInt8], sheet: XLSXWorkbook.Sheet, dateStyle: Int?, date1904: Bool, shown: String) {
        self.xml = xml
        cells = sheet.rows
        self.dateStyle = dateStyle
        self.date1904 = date1904
        self.shown = shown
        headerRow = sheet.rows.keys.min() ?? 1
        let named = sheet.rows[headerRow] ?? [:]
        let width = named.keys.max() ?? 0
        header = width == 0 ? [] : (1...width).map { (named[$0] ?? "").trimmingSpaces() }
    }

    var dataRows: [(id: Int, values: [String])] {
        let width = header.count
        return cells.keys.sorted().filter { $0 > headerRow }.compactMap { number in
            let row = cells[number] ?? [:]
            guard width > 0, row.keys.contains(where: { $0 <= width }) else { return nil }
            return (number, (1...width).map { row[$0] ?? "" })
        }
    }

    mutating func set(_ cells: [(column: Int, value: String)], inRow id: Int) throws {
        for (column, value) in cells { try setCell(row: id, column: column + 1, value: value) }
    }

    mutating func append(_ values: [String]) throws {
        let scanner = try scan()
        let lastInXML = scanner.rows.map(\.number).max() ?? 0
        let row = max(lastInXML, cells.keys.max() ?? 0, headerRow) + 1
        for (c, value) in values.enumerated() where !value.isEmpty { try setCell(row: row, column: c + 1, value: value) }
    }

    private struct Scan {
        let scanner: XMLSourceScanner
        let sheetData: XMLSourceScanner.Element
        let rows: [(number: Int, element: XMLSourceScanner.Element)]
        var prefix: String { sheetData.prefix.map { "\($0):" } ?? "" }
    }

    private func unsupported(_ why: String) -> InputError {
        InputError([.error(.unsupportedLayout, "\(shown) \(why), so the decision cannot be recorded in place; nothing was written. Open the workbook in Excel, save it again and retry",
                           at: SourceLocation(file: shown, line: 0))])
    }

    private func scan() throws -> Scan {
        let scanner: XMLSourceScanner
        do { scanner = try XMLSourceScanner(bytes: xml) } catch { throw unsupported("is not well-formed XML") }
        guard let sheetData = scanner.elements.first(where: { $0.localName == "sheetData" }) else { throw unsupported("has no cell table (sheetData)") }
        var number = 0
        var rows: [(number: Int, element: XMLSourceScanner.Element)] = []
        for i in sheetData.children where scanner.elements[i].localName == "row" {
            let e = scanner.elements[i]
            number = e.attributes["r"].flatMap { Int($0) } ?? number + 1
            rows.append((number, e))
        }
        return Scan(scanner: scanner, sheetData: sheetData, rows: rows)
    }

    /// The cell's XML: ISO dates in a date column as Excel dates (when the workbook has a date
    /// style), everything else as inline text.
    private func markup(row: Int, column: Int, value: String, prefix p: String, keepingStyle style: String?) -> String {
        var x = XMLWriter.fragment()
        markup(&x, row: row, column: column, value: value, prefix: p, keepingStyle: style)
        return x.document()
    }

    private func markup(_ x: inout XMLWriter, row: Int, column: Int, value: String, prefix p: String, keepingStyle style: String?) {
        let reference = "\(XLSXWorkbook.columnLetters(column))\(row)"
        let name = column <= header.count ? header[column - 1] : ""
        if PortfolioWorkbookWriter.dateColumns.contains(name), let dateStyle, let date = CalendarDate(iso: value) {
            SpreadsheetWriter.cell(&x, reference, .date(date), style: dateStyle, prefix: p, date1904: date1904)
        } else {
            SpreadsheetWriter.cell(&x, reference, .text(value), style: style.flatMap { Int($0) }, prefix: p)
        }
    }

    private mutating func setCell(row: Int, column: Int, value: String) throws {
        let s = try scan()
        let p = s.prefix
        var out = xml
        if let target = s.rows.first(where: { $0.number == row }) {
            var number = 0
            var found: [(column: Int, element: XMLSourceScanner.Element)] = []
            for i in target.element.children where s.scanner.elements[i].localName == "c" {
                let e = s.scanner.elements[i]
                number = e.attributes["r"].flatMap(XLSXWorkbook.cellReference)?.column ?? number + 1
                found.append((number, e))
            }
            if let existing = found.first(where: { $0.column == column }) {
                let text = value.isEmpty ? "" : markup(row: row, column: column, value: value, prefix: p, keepingStyle: existing.element.attributes["s"])
                out.replaceSubrange(existing.element.whole, with: Array(text.utf8))
            } else if !value.isEmpty {
                let text = markup(row: row, column: column, value: value, prefix: p, keepingStyle: target.element.attributes["s"])
                XMLSourceScanner.insert(text, before: found.first(where: { $0.column > column })?.element, inside: target.element, in: &out)
            }
        } else if !value.isEmpty {
            var x = XMLWriter.fragment()
            x.element("\(p)row", ["r": String(row)]) { markup(&$0, row: row, column: column, value: value, prefix: p, keepingStyle: nil) }
            let text = x.document()
            XMLSourceScanner.insert(text, before: s.rows.first(where: { $0.number > row })?.element, inside: s.sheetData, in: &out)
        }
        // The sheet's stated extent grows to take the new cell (Excel reads it as a hint only).
        if !value.isEmpty, let dimension = s.scanner.elements.first(where: { $0.localName == "dimension" }), dimension.endTag == nil,
           dimension.startTag.upperBound <= (s.sheetData.startTag.lowerBound), let ref = dimension.attributes["ref"] {
            let ends = ref.split(separator: ":").map(String.init)
            let first = ends.first ?? "A1"
            let last = XLSXWorkbook.cellReference(ends.last ?? first) ?? (1, 1)
            let wanted = "\(first):\(XLSXWorkbook.columnLetters(max(last.column, column)))\(max(last.row, row))"
            if wanted != ref {
                var tag = XMLWriter.fragment()
                tag.empty(dimension.qualifiedName, ["ref": wanted])
                out.replaceSubrange(dimension.startTag, with: Array(tag.document().utf8))
            }
        }
        xml = out
        if value.isEmpty { cells[row]?[column] = nil } else { cells[row, default: [:]][column] = value }
    }

    /// A sheet holding only `header` in row 1, frozen. Its cells take the workbook's first cell
    /// style (cellXfs 0, which every workbook has): its other styles are the office's, not ours.
    static func newSheet(header: [String]) -> [UInt8] {
        let sheet = Worksheet(name: CSVLayout.decisions.sheet, rows: [header.map { .text($0) }], boldRows: [])
        return Array(SpreadsheetWriter.worksheet(sheet, selected: false).document(trailingNewline: true).utf8)
    }
}

extension XMLSourceScanner {
    /// Inserts markup into `parent`: before the child `before`, else at the end (a self-closing
    /// element is opened to take it).
    static func insert(_ text: String, before child: Element?, inside parent: Element, in bytes: inout [UInt8]) {
        if let child {
            bytes.insert(contentsOf: Array(text.utf8), at: child.startTag.lowerBound)
        } else if let end = parent.endTag {
            bytes.insert(contentsOf: Array(text.utf8), at: end.lowerBound)
        } else {
            let slash = parent.startTag.upperBound - 2
            bytes.replaceSubrange(slash ..< parent.startTag.upperBound, with: Array((">" + text + "</\(parent.qualifiedName)>").utf8))
        }
    }
}

/// Records decisions in an `.xlsx` workbook: the `decisions` sheet gains a row (the sheet is added
/// if the workbook has none), or the initiative's review cells change; every other part of the
/// workbook is carried over byte for byte.
struct WorkbookDecisionEditor {
    let path: String
    /// The workbook part and its relationships part (where a new sheet is listed).
    private let workbookParts: (workbook: String, relationships: String)
    private var parts: [(path: String, data: Data)]
    private var editor: DecisionTableEditor<SheetDecisionTable>
    private let decisionsPart: String?
    private let initiativesPart: String

    init(path: String) throws {
        self.path = path
        do {
            let book = try XLSXWorkbook(path: path, displayName: path)
            workbookParts = try book.workbookParts()
            let (sheets, date1904) = try book.sheetList()
            let parts = try book.allParts()
            self.parts = parts
            func sheet(_ table: CSVLayout.Table) -> (name: String, part: String)? {
                sheets.first { $0.name.trimmingSpaces().lowercased() == table.sheet }
            }
            guard let initiatives = sheet(CSVLayout.initiatives) else {
                throw InputError([.error(.missingSheet, "the workbook has no sheet named 'initiatives'", at: SourceLocation(file: path, line: 0))])
            }
            let strings = try book.sharedStrings()
            let dateStyles = try book.dateStyles()
            let dateStyle = dateStyles.firstIndex(of: true)
            func table(_ found: (name: String, part: String), _ layout: CSVLayout.Table) throws -> SheetDecisionTable {
                let cells = try book.sheet(named: found.name, part: found.part, strings: strings, dateStyles: dateStyles, date1904: date1904)
                let xml = parts.first { $0.path == found.part }.map { [UInt8]($0.data) } ?? []
                return SheetDecisionTable(xml: xml, sheet: cells, dateStyle: dateStyle, date1904: date1904,
                                          shown: WorkbookPortfolioReader.sheetName(book: path, table: layout))
            }
            initiativesPart = initiatives.part
            decisionsPart = sheet(CSVLayout.decisions)?.part
            let decisions = try sheet(CSVLayout.decisions).map { try table($0, CSVLayout.decisions) }
            let shownDecisions = WorkbookPortfolioReader.sheetName(book: path, table: CSVLayout.decisions)
            editor = DecisionTableEditor(
                initiatives: try table(initiatives, CSVLayout.initiatives), decisions: decisions,
                initiativesName: "sheet 'initiatives' of \(path)",
                newDecisions: {
                    let header = CSVLayout.decisions.all
                    var sheet = XLSXWorkbook.Sheet(name: CSVLayout.decisions.sheet)
                    for (c, name) in header.enumerated() { sheet.rows[1, default: [:]][c + 1] = name }
                    return SheetDecisionTable(xml: SheetDecisionTable.newSheet(header: header), sheet: sheet, dateStyle: dateStyle,
                                              date1904: date1904, shown: shownDecisions)
                },
                missingColumn: { layout, column in
                    let shown = WorkbookPortfolioReader.sheetName(book: path, table: layout)
                    return InputError([.error(.missingColumn, "sheet '\(layout.sheet)' of \(path) has no '\(column)' column, so the decision cannot be recorded; add it to the header row",
                                              at: SourceLocation(file: shown, line: 1, column: 1), field: column)])
                })
        } catch let error as XLSXWorkbook.Unreadable {
            throw InputError([.error(.badWorkbook, error.message, at: SourceLocation(file: path, line: 0))])
        }
    }

    mutating func apply(_ record: DecisionRecord) throws { try editor.apply(record) }

    /// The workbook with the decisions recorded: the same parts in the same order, the edited sheets
    /// (and, for a new decisions sheet, the workbook's sheet list, relationships and content types)
    /// replaced.
    func rendered() throws -> Data {
        var parts = self.parts
        if editor.changedInitiatives { Self.put(initiativesPart, editor.initiatives.xml, in: &parts) }
        if editor.changedDecisions, let decisions = editor.decisions {
            if let decisionsPart {
                Self.put(decisionsPart, decisions.xml, in: &parts)
            } else {
                try addSheet(decisions.xml, to: &parts)
            }
        }
        return try ZipPackage.archive(parts.map { RenderedFile(path: $0.path, contents: $0.data) })
    }

    /// Replaces a part's bytes, or adds the part after the others.
    private static func put(_ path: String, _ bytes: [UInt8], in parts: inout [(path: String, data: Data)]) {
        if let i = parts.firstIndex(where: { $0.path == path }) { parts[i].data = Data(bytes) } else { parts.append((path, Data(bytes))) }
    }

    /// Adds a `decisions` sheet: its part, its entry in the workbook's sheet list, a relationship to
    /// it and its content type.
    private func addSheet(_ xml: [UInt8], to parts: inout [(path: String, data: Data)]) throws {
        let (workbookPath, relationshipsPath) = workbookParts
        func bytes(_ path: String) throws -> [UInt8] {
            guard let data = parts.first(where: { $0.path == path })?.data else {
                throw InputError([.error(.badWorkbook, "the workbook has no part \(path), so a decisions sheet cannot be added; open it in Excel and save it again",
                                         at: SourceLocation(file: self.path, line: 0))])
            }
            return [UInt8](data)
        }
        func scanned(_ path: String) throws -> (bytes: [UInt8], scanner: XMLSourceScanner) {
            let b = try bytes(path)
            do { return (b, try XMLSourceScanner(bytes: b)) } catch {
                throw InputError([.error(.badWorkbook, "the workbook part \(path) cannot be read; open the workbook in Excel and save it again",
                                         at: SourceLocation(file: self.path, line: 0))])
            }
        }
        func insertBeforeEnd(of element: XMLSourceScanner.Element, _ text: String, in bytes: inout [UInt8]) {
            XMLSourceScanner.insert(text, before: nil, inside: element, in: &bytes)
        }
        let folder = (workbookPath as NSString).deletingLastPathComponent
        var n = 1
        while parts.contains(where: { $0.path == "\(folder.isEmpty ? "" : folder + "/")worksheets/sheet\(n).xml" }) { n += 1 }
        let sheetPath = "\(folder.isEmpty ? "" : folder + "/")worksheets/sheet\(n).xml"

        // The relationship, with an id the workbook does not use yet.
        var (rels, relsScan) = try scanned(relationshipsPath)
        guard let relationships = relsScan.elements.first(where: { $0.localName == "Relationships" }) else { throw unreadable(relationshipsPath) }
        let usedIDs = Set(relsScan.elements.compactMap { $0.attributes["Id"] })
        var id = "rIdConvenorDecisions"
        while usedIDs.contains(id) { id += "1" }
        let rp = relationships.prefix.map { "\($0):" } ?? ""
        var relationship = XMLWriter.fragment()
        relationship.empty("\(rp)Relationship", ["Id": id, "Type": OfficeXML.rel("worksheet"), "Target": "worksheets/sheet\(n).xml"])
        insertBeforeEnd(of: relationships, relationship.document(), in: &rels)

        // The sheet in the workbook's list, after the others.
        var (workbook, workbookScan) = try scanned(workbookPath)
        guard let sheets = workbookScan.elements.first(where: { $0.localName == "sheets" }) else { throw unreadable(workbookPath) }
        let existing = sheets.children.map { workbookScan.elements[$0] }.filter { $0.localName == "sheet" }
        let sheetID = (existing.compactMap { $0.attributes["sheetId"].flatMap { Int($0) } }.max() ?? 0) + 1
        let relPrefix = existing.first.flatMap { e in e.attributes.keys.first { $0.hasSuffix(":id") }.map { String($0.dropLast(3)) } }
        let wp = sheets.prefix.map { "\($0):" } ?? ""
        var sheet = XMLWriter.fragment()
        sheet.empty("\(wp)sheet", attributeList: [("name", CSVLayout.decisions.sheet), ("sheetId", String(sheetID))]
            + (relPrefix.map { [("\($0):id", id)] } ?? [("xmlns:r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships"), ("r:id", id)]))
        insertBeforeEnd(of: sheets, sheet.document(), in: &workbook)

        // Its content type.
        var (types, typesScan) = try scanned("[Content_Types].xml")
        guard let root = typesScan.elements.first(where: { $0.localName == "Types" }) else { throw unreadable("[Content_Types].xml") }
        let tp = root.prefix.map { "\($0):" } ?? ""
        var override = XMLWriter.fragment()
        override.empty("\(tp)Override", ["PartName": "/\(sheetPath)", "ContentType": "\(SpreadsheetWriter.sml).worksheet+xml"])
        insertBeforeEnd(of: root, override.document(), in: &types)

        Self.put(relationshipsPath, rels, in: &parts)
        Self.put(workbookPath, workbook, in: &parts)
        Self.put("[Content_Types].xml", types, in: &parts)
        Self.put(sheetPath, xml, in: &parts)
    }

    private func unreadable(_ part: String) -> InputError {
        InputError([.error(.badWorkbook, "the workbook part \(part) is not as Excel writes it, so a decisions sheet cannot be added; open the workbook in Excel and save it again",
                           at: SourceLocation(file: path, line: 0))])
    }
}
