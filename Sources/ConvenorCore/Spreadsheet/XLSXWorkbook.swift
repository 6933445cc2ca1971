import Foundation
import ZIPFoundation

/// An `.xlsx` workbook read into sheets of text cells (issue 14): what a programme office keeps its
/// portfolio in. Read with ZIPFoundation and libxml2 (through `XMLStreamReader`), streaming each part.
///
/// Cells become the text a CSV export would hold, but without Excel's locale getting in the way:
/// shared and inline strings as written; numbers in plain decimal (at most 15 significant digits, as
/// Excel shows them); numbers with a date format as `YYYY-MM-DD`; booleans as `true`/`false`.
struct XLSXWorkbook {
    struct Sheet {
        var name: String
        /// Row number (1-based) → column number (1-based) → text. Empty cells are absent.
        var rows: [Int: [Int: String]] = [:]
    }

    /// Why a file could not be read as a workbook.
    struct Unreadable: Error {
        var message: String
    }

    let displayName: String
    private let archive: Archive
    /// Parts larger than this (uncompressed) are refused: no portfolio is that big, a zip bomb is.
    static let maxPartSize = 512 << 20

    init(path: String, displayName: String) throws {
        self.displayName = displayName
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw Unreadable(message: Self.notAZip(path: path))
        }
    }

    /// What to say about a file named .xlsx that is not a zip archive.
    static func notAZip(path: String) -> String {
        let head = (try? FileHandle(forReadingFrom: URL(fileURLWithPath: path)).read(upToCount: 8)) ?? nil
        if let head, head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            return "this is an Excel 97–2003 workbook (.xls) or a password-protected one, which Convenor cannot read; in Excel choose File → Save As → \"Excel Workbook (.xlsx)\" without a password"
        }
        return "this file is not an Excel workbook (an .xlsx is a zip archive, and this is not one); save it again from Excel as \"Excel Workbook (.xlsx)\""
    }

    /// The bytes of a part, or nil when the archive has no such part.
    func part(_ path: String) throws -> Data? {
        guard let entry = archive[path] else { return nil }
        guard entry.uncompressedSize <= Self.maxPartSize else {
            throw Unreadable(message: "the workbook part \(path) unpacks to more than 512 MB; no portfolio is that large (is this the right file?)")
        }
        var data = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
        } catch {
            throw Unreadable(message: "the workbook is damaged: its part \(path) cannot be unpacked; open it in Excel and save it again")
        }
        return data
    }

    /// Every file part in archive order, for writing the workbook back with some parts changed.
    func allParts() throws -> [(path: String, data: Data)] {
        try archive.compactMap { entry in
            guard entry.type == .file, let data = try part(entry.path) else { return nil }
            return (entry.path, data)
        }
    }

    /// Where the workbook part is, and its relationships part.
    func workbookParts() throws -> (workbook: String, relationships: String) {
        let workbookPath = try officeDocumentPath()
        let folder = (workbookPath as NSString).deletingLastPathComponent
        let name = (workbookPath as NSString).lastPathComponent
        return (workbookPath, folder.isEmpty ? "_rels/\(name).rels" : "\(folder)/_rels/\(name).rels")
    }

    /// An XML part, read with the project's libxml2 reader (no DTDs, no entities, no network).
    private func xml(_ path: String) throws -> XMLStreamReader? {
        guard let data = try part(path) else { return nil }
        do {
            return try XMLStreamReader(bytes: data, displayName: "\(displayName)/\(path)", schema: nil)
        } catch {
            throw Unreadable(message: "the workbook part \(path) cannot be read; open the workbook in Excel and save it again")
        }
    }

    /// Stops with a message when libxml2 gave up on a part.
    private func check(_ reader: XMLStreamReader, _ path: String) throws {
        if reader.failed {
            let why = reader.diagnostics.first.map { " (\($0.message))" } ?? ""
            throw Unreadable(message: "the workbook part \(path) is not well-formed XML\(why); open the workbook in Excel and save it again")
        }
    }

    /// The sheets' names in workbook order, with the part each is stored in.
    func sheetList() throws -> (sheets: [(name: String, part: String)], date1904: Bool) {
        let workbookPath = try officeDocumentPath()
        guard let reader = try xml(workbookPath) else {
            throw Unreadable(message: "this zip archive has no workbook in it (no \(workbookPath)); save the portfolio from Excel as \"Excel Workbook (.xlsx)\"")
        }
        var named: [(name: String, id: String)] = []
        var date1904 = false
        while reader.read() {
            guard reader.kind == .startElement else { continue }
            if reader.localName == "sheet" {
                let attributes = reader.attributes()
                let name = attributes.first { $0.name == "name" }?.value ?? ""
                let id = attributes.first { $0.name.hasSuffix(":id") }?.value ?? ""
                named.append((name, id))
            } else if reader.localName == "workbookPr" {
                let value = reader.attributes().first { $0.name == "date1904" }?.value
                date1904 = value == "1" || value == "true"
            }
        }
        try check(reader, workbookPath)
        let folder = (workbookPath as NSString).deletingLastPathComponent
        let relsPath = folder.isEmpty ? "_rels/\((workbookPath as NSString).lastPathComponent).rels"
            : "\(folder)/_rels/\((workbookPath as NSString).lastPathComponent).rels"
        let targets = try relationships(relsPath)
        let sheets: [(name: String, part: String)] = named.compactMap { sheet in
            guard let target = targets[sheet.id] else { return nil }
            return (sheet.name, Self.resolve(target, from: folder))
        }
        return (sheets, date1904)
    }

    /// Where the workbook part is (`xl/workbook.xml` unless the package says otherwise).
    private func officeDocumentPath() throws -> String {
        guard let reader = try xml("_rels/.rels") else { return "xl/workbook.xml" }
        while reader.read() {
            guard reader.kind == .startElement, reader.localName == "Relationship" else { continue }
            let a = reader.attributes()
            if let type = a.first(where: { $0.name == "Type" })?.value, type.hasSuffix("/officeDocument"),
               let target = a.first(where: { $0.name == "Target" })?.value {
                return Self.resolve(target, from: "")
            }
        }
        return "xl/workbook.xml"
    }

    private func relationships(_ path: String) throws -> [String: String] {
        guard let reader = try xml(path) else { return [:] }
        var targets: [String: String] = [:]
        while reader.read() {
            guard reader.kind == .startElement, reader.localName == "Relationship" else { continue }
            let a = reader.attributes()
            if let id = a.first(where: { $0.name == "Id" })?.value, let target = a.first(where: { $0.name == "Target" })?.value {
                targets[id] = target
            }
        }
        try check(reader, path)
        return targets
    }

    /// A relationship target relative to `folder` (or absolute from the package root), normalised.
    static func resolve(_ target: String, from folder: String) -> String {
        var parts: [Substring] = target.hasPrefix("/") ? [] : folder.split(separator: "/")
        for piece in target.split(separator: "/") {
            if piece == ".." { _ = parts.popLast() } else if piece != "." { parts.append(piece) }
        }
        return parts.joined(separator: "/")
    }

    /// The shared string table (`t="s"` cells index into it).
    func sharedStrings() throws -> [String] {
        let path = "xl/sharedStrings.xml"
        guard let reader = try xml(path) else { return [] }
        var strings: [String] = []
        var current: String?
        var phonetic = 0
        while reader.read() {
            switch reader.kind {
            case .startElement:
                switch reader.localName {
                case "si": current = ""
                case "rPh" where !reader.isEmptyElement: phonetic += 1
                case "t" where phonetic == 0 && current != nil: current! += reader.isEmptyElement ? "" : reader.readText()
                default: break
                }
            case .endElement:
                if reader.localName == "si" { strings.append(current ?? ""); current = nil }
                if reader.localName == "rPh" { phonetic -= 1 }
            default: break
            }
        }
        try check(reader, path)
        return strings
    }

    /// For each cell style (`s="N"`), whether its number format shows a date.
    func dateStyles() throws -> [Bool] {
        let path = "xl/styles.xml"
        guard let reader = try xml(path) else { return [] }
        var customFormats: [Int: String] = [:]
        var styleFormats: [Int] = []
        var inCellXfs = false
        while reader.read() {
            switch reader.kind {
            case .startElement:
                switch reader.localName {
                case "numFmt":
                    let a = reader.attributes()
                    if let id = a.first(where: { $0.name == "numFmtId" }).flatMap({ Int($0.value) }),
                       let code = a.first(where: { $0.name == "formatCode" })?.value { customFormats[id] = code }
                case "cellXfs": inCellXfs = !reader.isEmptyElement
                case "xf" where inCellXfs:
                    styleFormats.append(reader.attributes().first { $0.name == "numFmtId" }.flatMap { Int($0.value) } ?? 0)
                default: break
                }
            case .endElement:
                if reader.localName == "cellXfs" { inCellXfs = false }
            default: break
            }
        }
        try check(reader, path)
        return styleFormats.map { Self.isDateFormat(id: $0, code: customFormats[$0]) }
    }

    /// Built-in date formats (14–17 and 22, and the East Asian 27–36 and 50–58), or a custom format
    /// that shows a day, month or year (text in quotes, escapes and [colour] tags left out).
    /// Time-only formats (18–21, 45–47) are not dates.
    static func isDateFormat(id: Int, code: String?) -> Bool {
        guard let code else {
            return (14...17).contains(id) || id == 22 || (27...36).contains(id) || (50...58).contains(id)
        }
        var plain = ""
        var inQuote = false, inBracket = false, escaped = false
        for c in code.lowercased() {
            if escaped { escaped = false; continue }
            switch c {
            case "\\" where !inQuote: escaped = true
            case "\"": inQuote.toggle()
            case "[" where !inQuote: inBracket = true
            case "]" where !inQuote: inBracket = false
            default: if !inQuote && !inBracket { plain.append(c) }
            }
        }
        // Only the first section (positive numbers) decides.
        let section = plain.split(separator: ";", omittingEmptySubsequences: false).first.map(String.init) ?? plain
        if section.contains("y") || section.contains("d") { return true }
        return section.contains("m") && !section.contains("h") && !section.contains("s")
    }

    /// A date serial (days since 1899-12-30, or since 1904-01-01) as a calendar date. Excel counts a
    /// 29 February 1900 that never was: serial 60 is no day, and serials below it are one day later.
    static func date(serial: Double, date1904: Bool) -> CalendarDate? {
        guard serial.isFinite, serial >= 0, serial < 3_000_000 else { return nil }
        let whole = Int(serial.rounded(.down))
        let epoch1900 = CalendarDate(year: 1899, month: 12, day: 30)!
        if date1904 { return CalendarDate(year: 1904, month: 1, day: 1)!.adding(days: whole) }
        if whole == 60 || whole == 0 { return nil }
        return epoch1900.adding(days: whole < 60 ? whole + 1 : whole)
    }

    /// A number cell's text as a plain decimal: `180000`, `6.5`, `0.3` (never `1.8E5` or `0.30000000000000004`).
    static func plainNumber(_ raw: String) -> String {
        let trimmed = raw.trimmingSpaces()
        guard let value = Double(trimmed), value.isFinite else { return trimmed }
        var text = String(format: "%.15g", value)
        if text.contains("e") || text.contains("E") {
            guard let exact = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else { return trimmed }
            text = "\(exact)"
        }
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// `B12` → (row 12, column 2).
    static func cellReference(_ reference: String) -> (row: Int, column: Int)? {
        var column = 0, row = 0, sawDigit = false
        for u in reference.utf8 {
            switch u {
            case UInt8(ascii: "A")...UInt8(ascii: "Z") where !sawDigit: column = column * 26 + Int(u - 64)
            case UInt8(ascii: "a")...UInt8(ascii: "z") where !sawDigit: column = column * 26 + Int(u - 96)
            case UInt8(ascii: "0")...UInt8(ascii: "9"): row = row * 10 + Int(u - 48); sawDigit = true
            case UInt8(ascii: "$"): continue
            default: return nil
            }
            if column > 16_384 || row > 1_048_576 { return nil }
        }
        guard column > 0, row > 0 else { return nil }
        return (row, column)
    }

    /// `1` → `A`, `28` → `AB`.
    static func columnLetters(_ n: Int) -> String {
        var n = n, s = ""
        while n > 0 {
            let r = (n - 1) % 26
            s = String(UnicodeScalar(UInt8(65 + r))) + s
            n = (n - 1) / 26
        }
        return s
    }

    /// Reads one sheet's cells.
    func sheet(named name: String, part path: String, strings: [String], dateStyles: [Bool], date1904: Bool) throws -> Sheet {
        var sheet = Sheet(name: name)
        guard let reader = try xml(path) else {
            throw Unreadable(message: "the workbook lists a sheet '\(name)' but its part \(path) is missing; open the workbook in Excel and save it again")
        }
        var rowNumber = 0
        var lastColumn = 0
        // The cell being read.
        var cell: (row: Int, column: Int, type: String, style: Int)?
        var value: String?
        var inline = ""
        var inInline = false
        var phonetic = 0
        func finish() {
            guard let c = cell else { return }
            cell = nil
            let text: String?
            switch c.type {
            case "s": text = value.flatMap { Int($0.trimmingSpaces()) }.flatMap { $0 >= 0 && $0 < strings.count ? strings[$0] : nil }
            case "inlineStr": text = inline
            case "str", "e": text = value
            case "b": text = value.map { $0.trimmingSpaces() == "1" ? "true" : "false" }
            case "d": text = value.map { String($0.trimmingSpaces().prefix(10)) }
            default:
                guard let raw = value else { text = nil; break }
                if c.style < dateStyles.count, dateStyles[c.style], let serial = Double(raw.trimmingSpaces()),
                   let date = Self.date(serial: serial, date1904: date1904) {
                    text = date.iso
                } else {
                    text = Self.plainNumber(raw)
                }
            }
            if let text, !text.isEmpty { sheet.rows[c.row, default: [:]][c.column] = text }
        }
        while reader.read() {
            switch reader.kind {
            case .startElement:
                switch reader.localName {
                case "row":
                    let r = reader.attributes().first { $0.name == "r" }.flatMap { Int($0.value) }
                    rowNumber = r ?? rowNumber + 1
                    lastColumn = 0
                case "c":
                    let a = reader.attributes()
                    var column = lastColumn + 1
                    if let reference = a.first(where: { $0.name == "r" })?.value, let at = Self.cellReference(reference) {
                        column = at.column
                        rowNumber = at.row
                    }
                    lastColumn = column
                    cell = (rowNumber, column, a.first { $0.name == "t" }?.value ?? "n",
                            a.first { $0.name == "s" }.flatMap { Int($0.value) } ?? 0)
                    value = nil
                    inline = ""
                    if reader.isEmptyElement { cell = nil }
                case "v" where cell != nil:
                    value = reader.isEmptyElement ? "" : reader.readText()
                case "is" where cell != nil:
                    inInline = !reader.isEmptyElement
                case "rPh" where inInline && !reader.isEmptyElement:
                    phonetic += 1
                case "t" where inInline && phonetic == 0:
                    inline += reader.isEmptyElement ? "" : reader.readText()
                default: break
                }
            case .endElement:
                switch reader.localName {
                case "c": finish()
                case "is": inInline = false
                case "rPh": phonetic -= 1
                default: break
                }
            default: break
            }
        }
        try check(reader, path)
        return sheet
    }
}
