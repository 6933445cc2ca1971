import Foundation

/// One sheet of an `.xlsx` workbook Convenor writes: its cells, column widths, bold rows, the frozen
/// header, an optional auto-filter and how it prints. `SpreadsheetWriter` makes the workbook; the
/// portfolio workbook (`convert`, `init --workbook`) and `register.xlsx` are both written this way.
struct Worksheet: Sendable {
    struct Column: Sendable, Equatable {
        /// Excel's unit: the width of "0" in the default font (11 pt Calibri).
        var width: Double
        /// Long text that wraps within the column; rows grow to show it.
        var wraps = false
    }

    /// How the sheet prints: A4 landscape, a header and footer on every page, the header rows repeated.
    struct Print: Sendable {
        /// Left of the page header: what the document is.
        var title: String
        /// Right of the page header (the as-of date, say).
        var subtitle: String?
        /// Scale to one page wide, as many pages tall as it takes.
        var fitToWidth = true
        /// With `fitToWidth`: also scale to at most this many pages tall (0: as many as it takes).
        var pagesTall = 0
        /// Only the first this many columns print (a print area); nil prints them all.
        var columns: Int?
    }

    var name: String
    var rows: [[SpreadsheetCell.Value]]
    var columns: [Column] = []
    /// Rows (0-based) in bold: the column header and any subheadings.
    var boldRows: Set<Int> = [0]
    /// Row 0 is a title (larger, one line) rather than a column header.
    var titleRow = false
    /// Rows kept in view when scrolling and repeated at the top of every printed page.
    var headerRows = 1
    var autoFilter = false
    var print: Print?

    /// The used range: `A1:W42`.
    var usedRange: String {
        let lastColumn = max(rows.map(\.count).max() ?? 1, 1)
        return "A1:\(XLSXWorkbook.columnLetters(lastColumn))\(max(rows.count, 1))"
    }

    /// Points a line of 11 pt Calibri takes in a row.
    static let lineHeight = 15.0

    /// Advance widths of Calibri's printable ASCII characters, space to `~`, in 1/2048 em (Carlito,
    /// which LibreOffice prints Calibri with, has the same). "0" is 1038.
    static let calibriWidths: [Int] = [
        463, 568, 735, 1038, 1038, 1463, 1399, 403, 621, 621, 1038, 1038, 511, 627, 517, 792,
        1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 548, 548, 1038, 1038, 1038, 943, 1831,
        1185, 1114, 1092, 1260, 1000, 941, 1292, 1276, 516, 653, 1064, 861, 1751, 1322, 1356, 1058, 1378, 1112, 941, 998, 1314, 1162, 1822, 1063, 998, 959,
        627, 803, 627, 1038, 1038, 587,
        981, 1076, 866, 1076, 1019, 625, 964, 1076, 470, 490, 931, 470, 1636, 1076, 1080, 1076, 1076, 714, 801, 686, 1076, 925, 1464, 887, 927, 809,
        677, 941, 677, 1038,
    ]

    /// How wide `text` is in 11 pt Calibri, in widths of "0" (Excel's column unit). Characters
    /// outside ASCII are taken as wide as an "n" and a bit; bold is 3 % wider.
    static func textWidth(_ text: Substring, bold: Bool = false) -> Double {
        var units = 0
        for scalar in text.unicodeScalars {
            let v = Int(scalar.value)
            units += (32...126).contains(v) ? calibriWidths[v - 32] : 1100
        }
        return Double(units) / 1038 * (bold ? 1.03 : 1)
    }

    /// How many lines `text` takes when wrapped in a column `width` wide. Words are laid greedily by
    /// their Calibri widths, as Excel and LibreOffice lay them; a word longer than a line breaks
    /// across lines. A line is taken to hold 95 % of the width less a third of a "0": LibreOffice
    /// prints a column of width w as w "0"s, Excel shows it as 7w pixels where "0" takes 7.43, and a
    /// row a little tall is better than one clipped.
    static func lineCount(_ text: String, width: Double, bold: Bool = false) -> Int {
        let line = max(1, width * 0.95 - 0.3)
        let space = textWidth(" ", bold: bold)
        var lines = 0
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var used = 0.0
            lines += 1
            for word in paragraph.split(separator: " ") {
                let length = textWidth(word, bold: bold)
                if used > 0 && used + space + length <= line { used += space + length; continue }
                if used > 0 { lines += 1 }
                let whole = (length / line).rounded(.up)
                lines += max(Int(whole) - 1, 0)
                used = length - (whole - 1) * line
            }
        }
        return max(lines, 1)
    }

    /// Row `r`'s height in points: its tallest wrapped cell (every text cell of a bold header row
    /// wraps), nil when one line is enough.
    func rowHeight(_ r: Int) -> Double? {
        let bold = boldRows.contains(r) && !(titleRow && r == 0)
        var lines = 1
        for (c, cell) in rows[r].enumerated() where c < columns.count && (columns[c].wraps || bold) {
            guard case .text(let s) = cell else { continue }
            lines = max(lines, Self.lineCount(s, width: columns[c].width, bold: bold))
        }
        return lines > 1 ? Double(lines) * Self.lineHeight + 3 : nil
    }

    /// Widths that fit each column's longest value (header included) between `minimum` and
    /// `maximum`; a column whose values run longer wraps at `maximum`.
    static func fittedColumns(_ rows: [[SpreadsheetCell.Value]], minimum: Double = 6, maximum: Double = 40) -> [Column] {
        var longest: [Int] = []
        for row in rows {
            if longest.count < row.count { longest += Array(repeating: 0, count: row.count - longest.count) }
            for (c, value) in row.enumerated() {
                let length: Int
                switch value {
                case .text(let s): length = s.split(separator: "\n").map(\.count).max() ?? 0
                case .number(let n): length = NSDecimalNumber(decimal: n).stringValue.count
                case .money(let n): length = RegisterRenderer.plainMoney(n).count + 3
                case .date: length = 10
                case .boolean: length = 5
                case .empty: length = 0
                }
                longest[c] = max(longest[c], length)
            }
        }
        return longest.map { n in
            let width = Double(n) + 2
            return Column(width: min(max(width, minimum), maximum), wraps: width > maximum)
        }
    }

    /// The printed scale that fits the printed columns one A4 landscape page wide: Excel shows a
    /// column `w` wide as 7w + 5 pixels (96 to the inch) in 11 pt Calibri; the page holds 11.69 in
    /// less the margins. Above 1 the sheet prints at 100 %.
    var scaleOnePageWide: Double {
        let printed = columns.prefix(print?.columns ?? columns.count)
        let points = printed.reduce(0) { $0 + ($1.width * 7 + 5) * 0.75 }
        let page = (11.69 - 2 * SpreadsheetWriter.sideMargin) * 72
        return points == 0 ? 1 : min(1, page / points)
    }
}

extension Worksheet {
    /// The printed scale that fits every row on one A4 landscape page (8.27 in less the top and
    /// bottom margins); above 1 it prints at 100 %.
    var scaleOnePageTall: Double {
        let points = rows.indices.reduce(0) { $0 + (rowHeight($1) ?? Self.lineHeight) }
        let page = (8.27 - 2 * SpreadsheetWriter.topMargin) * 72
        return points == 0 ? 1 : min(1, page / points)
    }
}

/// Writes `.xlsx` workbooks: SpreadsheetML parts written with `XMLWriter`, put in an `OOXMLPackage`
/// (which derives content types and relationships) and zipped deterministically, so the same sheets
/// always give the same bytes.
enum SpreadsheetWriter {
    static let sml = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    /// Left and right page margins, inches.
    static let sideMargin = 0.4
    /// Top and bottom page margins, inches (the header and footer sit half way in them).
    static let topMargin = 0.6

    /// Cell styles: indexes into the one stylesheet's cellXfs (all top-aligned, so a tall row reads
    /// from its top line).
    enum Style: Int {
        case normal = 0
        /// Bold on a pale fill with a rule below, wrapped.
        case header = 1
        /// `yyyy-mm-dd`.
        case date = 2
        /// Whole units with the currency's sign.
        case money = 3
        case wrap = 4
        /// Bold and larger.
        case title = 5
    }

    /// The workbook: a part per sheet (the first selected), the stylesheet, the defined names Excel
    /// and LibreOffice read for filters, print titles and print areas, and the document properties
    /// (`title` nil: no core properties).
    static func workbook(_ sheets: [Worksheet], title: String?, subject: String? = nil, currency: String = "GBP") throws -> Data {
        var package = OOXMLPackage()
        let book = "xl/workbook.xml"
        package.relate(nil, to: book, type: OfficeXML.officeDocumentType)
        OfficeXML.addProperties(to: &package, title: title, subject: subject)
        // workbook.xml names the sheets rId1…, the order they are related in here.
        for (n, sheet) in sheets.enumerated() {
            let path = "xl/worksheets/sheet\(n + 1).xml"
            package.add(path, contentType: "\(sml).worksheet+xml", xml: worksheet(sheet, selected: n == 0))
            package.relate(book, to: path, type: OfficeXML.rel("worksheet"))
        }
        package.add("xl/styles.xml", contentType: "\(sml).styles+xml", xml: stylesheet(currency: currency))
        package.relate(book, to: "xl/styles.xml", type: OfficeXML.rel("styles"))
        package.add(book, contentType: "\(sml).sheet.main+xml", xml: workbookPart(sheets))
        return try package.archive()
    }

    /// Excel's day serial: days since 1899-12-30 (or since 1904-01-01 in a 1904-dated workbook).
    static func serial(_ date: CalendarDate, date1904: Bool = false) -> Int { Int(date.daysSinceEpoch) + 25_569 - (date1904 ? 1462 : 0) }

    /// Writes one cell (nothing for an empty one). `prefix` is the sheet's namespace prefix (`x:`)
    /// when writing into a sheet someone else saved; text is an inline string, never a formula.
    static func cell(_ x: inout XMLWriter, _ reference: String, _ value: SpreadsheetCell.Value, style: Int?,
                     prefix p: String = "", date1904: Bool = false) {
        let s = style.map(String.init)
        func stored(_ v: String, type: String? = nil) {
            x.element("\(p)c", ["r": reference, "s": s, "t": type]) { $0.element("\(p)v", text: v) }
        }
        switch value {
        case .empty: return
        case .text(let text):
            x.element("\(p)c", ["r": reference, "s": s, "t": "inlineStr"]) { c in
                c.element("\(p)is") { $0.element("\(p)t", ["xml:space": "preserve"], text: text) }
            }
        case .number(let n): stored(NSDecimalNumber(decimal: n).stringValue)
        case .money(let n): stored(RegisterRenderer.plainMoney(n))
        case .date(let d): stored(String(serial(d, date1904: date1904)))
        case .boolean(let b): stored(b ? "1" : "0", type: "b")
        }
    }

    /// The style a value takes in a sheet Convenor writes.
    static func style(of value: SpreadsheetCell.Value, bold: Bool, title: Bool, wraps: Bool) -> Style {
        switch value {
        case .date: return .date
        case .money: return .money
        case .text: return bold ? (title ? .title : .header) : wraps ? .wrap : .normal
        case .number, .boolean, .empty: return bold ? .header : .normal
        }
    }

    static func worksheet(_ sheet: Worksheet, selected: Bool) -> XMLWriter {
        var x = XMLWriter()
        x.open("worksheet", ["xmlns": main, "xmlns:r": relationships])
        // fitToPage is what makes pageSetup's fitToWidth/fitToHeight apply (without it Excel and LibreOffice print at 100 %).
        if sheet.print?.fitToWidth == true { x.element("sheetPr") { $0.empty("pageSetUpPr", ["fitToPage": "1"]) } }
        x.empty("dimension", ["ref": sheet.usedRange])
        x.element("sheetViews") { v in
            v.element("sheetView", ["workbookViewId": "0", "tabSelected": selected ? "1" : nil]) { view in
                guard sheet.headerRows > 0 else { return }
                let top = "A\(sheet.headerRows + 1)"
                view.empty("pane", ["ySplit": String(sheet.headerRows), "topLeftCell": top, "activePane": "bottomLeft", "state": "frozen"])
                view.empty("selection", ["pane": "bottomLeft", "activeCell": top, "sqref": top])
            }
        }
        x.empty("sheetFormatPr", ["defaultRowHeight": "15"])
        if !sheet.columns.isEmpty {
            x.element("cols") { cols in
                for (n, column) in sheet.columns.enumerated() {
                    cols.empty("col", ["min": String(n + 1), "max": String(n + 1), "width": Format.plain(column.width, places: 1), "customWidth": "1"])
                }
            }
        }
        x.open("sheetData")
        for (r, row) in sheet.rows.enumerated() {
            let height = sheet.rowHeight(r).map { Format.plain($0, places: 1) }
            x.open("row", ["r": String(r + 1), "ht": height, "customHeight": height == nil ? nil : "1"])
            let bold = sheet.boldRows.contains(r), title = sheet.titleRow && r == 0
            for (c, value) in row.enumerated() {
                let wraps = c < sheet.columns.count && sheet.columns[c].wraps
                // Style given even when normal: LibreOffice reads a cell without one as its default style, not cellXfs 0.
                cell(&x, "\(XLSXWorkbook.columnLetters(c + 1))\(r + 1)", value,
                     style: style(of: value, bold: bold, title: title, wraps: wraps).rawValue)
            }
            x.close()
        }
        x.close()
        if sheet.autoFilter { x.empty("autoFilter", ["ref": sheet.usedRange]) }
        if let print = sheet.print {
            let side = Format.plain(sideMargin, places: 1)
            x.empty("pageMargins", ["left": side, "right": side, "top": Format.plain(topMargin, places: 1), "bottom": Format.plain(topMargin, places: 1), "header": "0.3", "footer": "0.3"])
            // A4 (paperSize 9) landscape; one page wide and as many tall as it takes (fitToHeight 0) or as `pagesTall` says.
            x.empty("pageSetup", ["paperSize": "9", "orientation": "landscape",
                                  "fitToWidth": print.fitToWidth ? "1" : nil, "fitToHeight": print.fitToWidth ? String(print.pagesTall) : nil])
            x.element("headerFooter") { h in
                h.element("oddHeader", text: "&L" + headerFooterText(print.title) + (print.subtitle.map { "&R" + headerFooterText($0) } ?? ""))
                // &A is the sheet's name, &P the page, &N the pages.
                h.element("oddFooter", text: "&L&A&RPage &P of &N")
            }
        }
        x.close()
        return x
    }

    /// Text for a header or footer: `&` starts a code there, so a literal one is doubled.
    static func headerFooterText(_ s: String) -> String { s.replacingOccurrences(of: "&", with: "&&") }

    /// A sheet's name as a reference writes it: quoted unless it is letters, digits and `_`.
    static func reference(sheet name: String) -> String {
        name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } ? name : "'" + name.replacingOccurrences(of: "'", with: "''") + "'"
    }

    static func workbookPart(_ sheets: [Worksheet]) -> XMLWriter {
        var names: [(name: String, sheet: Int, hidden: Bool, range: String)] = []
        for (n, sheet) in sheets.enumerated() {
            let ref = reference(sheet: sheet.name)
            let last = max(sheet.rows.count, 1)
            if sheet.autoFilter {
                let end = sheet.usedRange.split(separator: ":").last.map(String.init) ?? "A1"
                let column = end.prefix { $0.isLetter }
                names.append(("_xlnm._FilterDatabase", n, true, "\(ref)!$A$1:$\(column)$\(last)"))
            }
            if let columns = sheet.print?.columns {
                names.append(("_xlnm.Print_Area", n, false, "\(ref)!$A$1:$\(XLSXWorkbook.columnLetters(columns))$\(last)"))
            }
            if sheet.print != nil && sheet.headerRows > 0 {
                names.append(("_xlnm.Print_Titles", n, false, "\(ref)!$1:$\(sheet.headerRows)"))
            }
        }
        var x = XMLWriter()
        x.element("workbook", ["xmlns": main, "xmlns:r": relationships]) { w in
            w.element("bookViews") { $0.empty("workbookView", ["activeTab": "0"]) }
            w.element("sheets") { s in
                for (n, sheet) in sheets.enumerated() { s.empty("sheet", ["name": sheet.name, "sheetId": String(n + 1), "r:id": "rId\(n + 1)"]) }
            }
            guard !names.isEmpty else { return }
            w.element("definedNames") { d in
                for name in names {
                    d.element("definedName", ["name": name.name, "localSheetId": String(name.sheet), "hidden": name.hidden ? "1" : nil], text: name.range)
                }
            }
        }
        return x
    }

    /// The number format of money cells: whole units with the currency's sign, as `Format.money` writes
    /// them ("£412,000", "€412,000", "$412,000", "CHF 412,000").
    static func moneyFormat(_ currency: String) -> String {
        switch currency {
        case "GBP": return ##""£"#,##0;-"£"#,##0"##
        case "EUR": return ##""€"#,##0;-"€"#,##0"##
        case "USD": return ##""$"#,##0;-"$"#,##0"##
        default:
            let code = String(currency.unicodeScalars.filter { CharacterSet.letters.contains($0) }.prefix(3).map(Character.init))
            return "\"\(code) \"#,##0;-\"\(code) \"#,##0"
        }
    }

    /// The stylesheet behind `Style`: Calibri 11, a bold and a 14 pt bold font, a pale header fill,
    /// a rule under headers, the date and money formats.
    static func stylesheet(currency: String) -> XMLWriter {
        var x = XMLWriter()
        x.element("styleSheet", ["xmlns": main]) { s in
            s.element("numFmts", ["count": "2"]) { f in
                f.empty("numFmt", ["numFmtId": "164", "formatCode": "yyyy\\-mm\\-dd"])
                f.empty("numFmt", ["numFmtId": "165", "formatCode": moneyFormat(currency)])
            }
            s.element("fonts", ["count": "3"]) { f in
                for (bold, size) in [(false, "11"), (true, "11"), (true, "14")] {
                    f.element("font") { font in
                        if bold { font.empty("b") }
                        font.empty("sz", ["val": size])
                        font.empty("name", ["val": "Calibri"])
                        font.empty("family", ["val": "2"])
                    }
                }
            }
            s.element("fills", ["count": "3"]) { f in
                for pattern in ["none", "gray125"] { f.element("fill") { $0.empty("patternFill", ["patternType": pattern]) } }
                f.element("fill") { fill in
                    fill.element("patternFill", ["patternType": "solid"]) { p in
                        p.empty("fgColor", ["rgb": "FFDCE6F1"])
                        p.empty("bgColor", ["indexed": "64"])
                    }
                }
            }
            s.element("borders", ["count": "2"]) { b in
                b.element("border") { for side in ["left", "right", "top", "bottom", "diagonal"] { $0.empty(side) } }
                b.element("border") { border in
                    for side in ["left", "right", "top"] { border.empty(side) }
                    border.element("bottom", ["style": "thin"]) { $0.empty("color", ["rgb": "FF1F3864"]) }
                    border.empty("diagonal")
                }
            }
            s.element("cellStyleXfs", ["count": "1"]) { $0.empty("xf", ["numFmtId": "0", "fontId": "0", "fillId": "0", "borderId": "0"]) }
            s.element("cellXfs", ["count": "6"]) { c in
                func xf(format: Int = 0, font: Int = 0, fill: Int = 0, border: Int = 0, wrap: Bool = false, top: Bool = true) {
                    let attributes: [(String, String?)] = [
                        ("numFmtId", String(format)), ("fontId", String(font)), ("fillId", String(fill)), ("borderId", String(border)), ("xfId", "0"),
                        ("applyNumberFormat", format == 0 ? nil : "1"), ("applyFont", font == 0 ? nil : "1"), ("applyFill", fill == 0 ? nil : "1"),
                        ("applyBorder", border == 0 ? nil : "1"), ("applyAlignment", top ? "1" : nil)]
                    if top {
                        c.open("xf", attributeList: attributes)
                        c.empty("alignment", ["wrapText": wrap ? "1" : nil, "vertical": "top"])
                        c.close()
                    } else {
                        c.empty("xf", attributeList: attributes)
                    }
                }
                xf()                                            // normal
                xf(font: 1, fill: 2, border: 1, wrap: true)     // header
                xf(format: 164)                                 // date
                xf(format: 165)                                 // money
                xf(wrap: true)                                  // wrapped text
                xf(font: 2, top: false)                         // title
            }
            s.element("cellStyles", ["count": "1"]) { $0.empty("cellStyle", ["name": "Normal", "xfId": "0", "builtinId": "0"]) }
        }
        return x
    }
}
