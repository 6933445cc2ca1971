import Foundation

/// Writes a portfolio as an `.xlsx` workbook with a sheet per table (issue 14), the form
/// `WorkbookPortfolioReader` reads: `convert -o portfolio.xlsx`.
///
/// Dates are date serials shown as `yyyy-mm-dd` (Excel sorts and filters them as dates; ISO stays
/// the written form), counts and money are numbers, `assessed` is a boolean, the rest inline strings.
/// Entries have a fixed order and timestamp, so the same portfolio always gives the same bytes.
public enum PortfolioWorkbookWriter {
    static let dateColumns: Set<String> = ["as-of", "start", "end", "evidence-date", "review-date", "decision-date", "date"]
    static let numberColumns: Set<String> = ["population", "imd-decile", "fte", "amount", "assessment-unit-cost", "caseload-households"]

    public static func render(_ p: Portfolio) throws -> Data {
        var sheets: [(name: String, header: [String], rows: [[String]])] = CSVPortfolioWriter.tables(p).map { ($0.0.sheet, $0.0.all, $0.1) }
        if !p.contacts.isEmpty {
            let c = p.contacts
            sheets.append((CSVLayout.contacts.sheet, CSVLayout.contacts.all, (0..<c.count).map { n in
                [c.householdIDs[Int(c.household[n])], c.initiativeIDs[Int(c.initiative[n])], c.date(at: n)?.iso ?? "", c.assessed[n] ? "true" : "false"]
            }))
        }
        let place = p.place.name.isEmpty ? "Portfolio" : "\(p.place.name) portfolio"
        return try SpreadsheetWriter.workbook(sheets.map { worksheet(name: $0.name, header: $0.header, rows: $0.rows, title: place) }, title: nil)
    }

    /// The workbook of a portfolio given as CSV files (`init --workbook`): read like any CSV folder.
    public static func render(fromCSVFiles files: [RenderedFile]) throws -> Data {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("convenor-tables-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        do {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            for file in files { try file.contents.write(to: scratch.appendingPathComponent(file.path)) }
        } catch {
            throw FileError(path: scratch.path, reason: IOFailure.reason("cannot write a scratch copy of the tables", error))
        }
        return try render(PortfolioLoader.load(scratch.path).portfolio)
    }

    /// A table as a sheet: typed cells, columns as wide as their values (long text wrapped), the
    /// header frozen and repeated on every printed page, one A4 landscape page wide where that still
    /// prints at 60 % or more (wider tables print across pages at full size).
    static func worksheet(name: String, header: [String], rows: [[String]], title: String) -> Worksheet {
        var cells: [[SpreadsheetCell.Value]] = [header.map { .text($0) }]
        for row in rows {
            cells.append(row.enumerated().map { c, value in
                let column = c < header.count ? header[c] : ""
                if value.isEmpty { return .empty }
                if dateColumns.contains(column), let date = CalendarDate(iso: value) { return .date(date) }
                if numberColumns.contains(column), let number = RecordDecoder.parseDecimal(value) { return .number(number) }
                if column == "assessed", value == "true" || value == "false" { return .boolean(value == "true") }
                return .text(value)
            })
        }
        var sheet = Worksheet(name: name, rows: cells, columns: Worksheet.fittedColumns(cells), print: .init(title: title))
        let scale = sheet.scaleOnePageWide
        sheet.print?.fitToWidth = scale >= 0.6
        return sheet
    }
}
