import Foundation

/// Reads a portfolio from an `.xlsx` workbook with a sheet per table, named like the CSV files without
/// `.csv` (issue 14).
///
/// Each sheet is turned into the CSV text it stands for and read by the CSV folder reader, so a
/// workbook accepts exactly what a CSV folder accepts and reports it in the same words; locations are
/// then mapped back to the sheet's own rows and columns: `book.xlsx[initiatives]:5:3 (C)`.
struct WorkbookPortfolioReader {
    let path: String
    let displayName: String

    /// `book.xlsx[initiatives]`: how a sheet is named in messages.
    static func sheetName(book: String, table: CSVLayout.Table) -> String { "\(book)[\(table.sheet)]" }

    func read() throws -> CSVPortfolioReader.Output {
        let map = SourceMap(form: .csv)
        func failed(_ diagnostics: [Diagnostic]) -> CSVPortfolioReader.Output {
            CSVPortfolioReader.Output(portfolio: nil, sourceMap: map, diagnostics: diagnostics)
        }
        let whole = SourceLocation(file: displayName, line: 0)
        let book: XLSXWorkbook
        let sheets: [(name: String, part: String)]
        let date1904: Bool
        do {
            book = try XLSXWorkbook(path: path, displayName: displayName)
            (sheets, date1904) = try book.sheetList()
        } catch let error as XLSXWorkbook.Unreadable {
            return failed([.error(.badWorkbook, error.message, at: whole)])
        }

        // Sheets are matched to tables by name, ignoring case and surrounding spaces.
        var found: [String: (name: String, part: String)] = [:]
        var diagnostics: [Diagnostic] = []
        let tableNames = CSVLayout.tables.map(\.sheet)
        for sheet in sheets {
            let key = sheet.name.trimmingSpaces().lowercased()
            if let table = CSVLayout.tables.first(where: { $0.sheet == key }) {
                if found[table.sheet] == nil { found[table.sheet] = sheet }
            } else {
                let hint = CSVLayout.nearMiss(sheet.name, in: tableNames).map { ": did you mean '\($0)'? Rename the sheet to \($0)" } ?? "; it is ignored"
                diagnostics.append(.warning(.unknownSheet, "the workbook has a sheet '\(sheet.name)' that is not a portfolio table\(hint)", at: whole))
            }
        }
        for table in [CSVLayout.place, CSVLayout.initiatives] where found[table.sheet] == nil {
            let have = sheets.isEmpty ? "it has no sheets" : "its sheets are " + sheets.map { "'\($0.name)'" }.joined(separator: ", ")
            diagnostics.append(.error(.missingSheet, "the workbook has no sheet named '\(table.sheet)' (columns: \(table.required.joined(separator: ", "))); a portfolio workbook has a sheet per table, named like the CSV files without .csv (place, initiatives, funding, …); \(have)",
                                      at: whole))
        }
        if diagnostics.hasErrors { return failed(diagnostics.filter { $0.is(.missingSheet) } + diagnostics.filter { !$0.is(.missingSheet) }) }

        // Each sheet becomes a CSV file in a scratch folder, removed when reading is done.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("convenor-workbook-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        } catch {
            throw FileError(path: scratch.path, reason: "cannot create a scratch folder to read the workbook in; check that the temporary folder (TMPDIR) exists and can be written")
        }
        defer { try? FileManager.default.removeItem(at: scratch) }
        var rowOfLine: [String: [Int: Int]] = [:]
        do {
            let strings = try book.sharedStrings()
            let dateStyles = try book.dateStyles()
            for table in CSVLayout.tables {
                guard let sheet = found[table.sheet] else { continue }
                let cells = try book.sheet(named: sheet.name, part: sheet.part, strings: strings, dateStyles: dateStyles, date1904: date1904)
                let shown = Self.sheetName(book: displayName, table: table)
                let (text, lines, ignored) = Self.csv(cells)
                if let ignored {
                    diagnostics.append(.warning(.unheadedCells, "sheet '\(table.sheet)' has values under no header (first in cell \(XLSXWorkbook.columnLetters(ignored.column))\(ignored.row)); they are ignored: give the column a header or clear it",
                                                at: SourceLocation(file: shown, line: ignored.row, column: ignored.column)))
                }
                rowOfLine[shown] = lines
                let file = scratch.appendingPathComponent(table.file)
                do {
                    try Data(text.utf8).write(to: file)
                } catch {
                    throw FileError(path: file.path, reason: "cannot write the scratch copy of sheet '\(table.sheet)'; check that the temporary folder (TMPDIR) has room")
                }
            }
        } catch let error as XLSXWorkbook.Unreadable {
            return failed([.error(.badWorkbook, error.message, at: whole)])
        }

        var reader = CSVPortfolioReader(folder: scratch.path, displayFolder: displayName)
        reader.workbook = displayName
        var out = try reader.read()
        // Back from CSV lines to sheet rows, and from file names to sheet names.
        func row(_ location: SourceLocation) -> SourceLocation {
            guard let lines = rowOfLine[location.file] else { return location }
            var l = location
            if let exact = lines[l.line] { l.line = exact } else if let before = lines.keys.filter({ $0 < l.line }).max() { l.line = lines[before]! }
            return l
        }
        out.diagnostics = Self.reword(out.diagnostics.map { d in
            var d = d
            d.location = d.location.map(row)
            return d
        } + diagnostics, book: displayName)
        for (key, entry) in out.sourceMap.entries {
            var e = entry
            e.location = row(entry.location)
            out.sourceMap.entries[key] = e
        }
        return out
    }

    /// Messages written for the CSV form name files (`initiatives.csv`); in a workbook they are sheets.
    static func reword(_ diagnostics: [Diagnostic], book: String) -> [Diagnostic] {
        diagnostics.map { d in
            guard let file = d.location?.file, file.hasPrefix(book) else { return d }
            var d = d
            for table in CSVLayout.tables { d.message = d.message.replacingOccurrences(of: table.file, with: "sheet '\(table.sheet)'") }
            return d
        }
    }

    /// The CSV text of a sheet: the first row with a value is the header; rows without a value under a
    /// header are left out. Also the sheet row each CSV line starts, and the first value under no header.
    static func csv(_ sheet: XLSXWorkbook.Sheet) -> (text: String, rowOfLine: [Int: Int], ignored: (row: Int, column: Int)?) {
        let rowNumbers = sheet.rows.keys.sorted()
        guard let headerRow = rowNumbers.first, let header = sheet.rows[headerRow] else { return ("", [:], nil) }
        let width = header.keys.max() ?? 0
        var text = ""
        var rowOfLine: [Int: Int] = [:]
        var line = 1
        var ignored: (row: Int, column: Int)?
        for number in rowNumbers {
            let cells = sheet.rows[number] ?? [:]
            if ignored == nil, let beyond = cells.keys.filter({ $0 > width }).min() { ignored = (number, beyond) }
            guard cells.keys.contains(where: { $0 <= width }) else { continue }
            rowOfLine[line] = number
            let fields = (1...max(width, 1)).map { column -> String in
                // A cell's text is its value (formulas live elsewhere in a workbook): guarded the way
                // Convenor's CSV writer guards, so the CSV reader gives back exactly this text.
                let value = SpreadsheetCell.guarded(cells[column] ?? "")
                line += value.utf8.count { $0 == 10 }
                return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            text += fields.joined(separator: ",") + "\n"
            line += 1
        }
        return (text, rowOfLine, ignored)
    }
}

extension CSVLayout.Table {
    /// The table's sheet name in a workbook: the file name without `.csv`.
    var sheet: String { String(file.dropLast(4)) }
}
