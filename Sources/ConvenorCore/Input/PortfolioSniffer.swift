import Foundation

/// Tells what a path given as a portfolio is before any reader opens it, so that a single CSV file,
/// a PDF or an empty file gets a message naming what was expected (issue 14) instead of an XML
/// parser's "Document is empty".
enum PortfolioSniffer {
    enum Kind: Equatable {
        case xml, csvFolder, workbook
        case notAPortfolio(Diagnostic)
    }

    static let expected = "a portfolio is a .xml file, a folder of CSV files (place.csv, initiatives.csv, …) or an .xlsx workbook with a sheet per table"

    static func file(_ path: String) -> Kind {
        let whole = SourceLocation(file: path, line: 0)
        func refuse(_ what: String) -> Kind { .notAPortfolio(.error(.notAPortfolio, "\(what); \(expected)", at: whole)) }
        let name = (path as NSString).lastPathComponent
        let suffix = (name as NSString).pathExtension.lowercased()
        let handle = FileHandle(forReadingAtPath: path)
        let head = (try? handle?.read(upToCount: 512)) ?? nil
        try? handle?.close()
        let bytes = [UInt8](head ?? Data())
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || suffix == "xlsx" {
            if suffix == "ods" { return refuse("this is an OpenDocument spreadsheet (.ods); save it as \"Excel 2007-365 (.xlsx)\" and give that") }
            if suffix == "docx" || suffix == "pptx" { return refuse("this is a Word or PowerPoint file, not a portfolio") }
            return .workbook
        }
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            return refuse("this is an Excel 97–2003 workbook (.xls) or another old Office file; in Excel choose File → Save As → \"Excel Workbook (.xlsx)\" and give that")
        }
        if bytes.starts(with: Array("%PDF".utf8)) { return refuse("this is a PDF document, not a portfolio") }
        // UTF-16 and UTF-32 XML (with or without a byte order mark) are libxml2's to read.
        if bytes.contains(0) || bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) { return .xml }
        var text = bytes[...]
        if text.starts(with: [0xEF, 0xBB, 0xBF]) { text = text.dropFirst(3) }
        let start = text.first { ![9, 10, 13, 32].contains($0) }
        if start == nil {
            return refuse(bytes.isEmpty ? "the file is empty" : "the file holds only blank space")
        }
        if suffix == "csv" || (start != UInt8(ascii: "<") && text.prefix { $0 != 10 }.contains(UInt8(ascii: ","))) {
            let folder = (path as NSString).deletingLastPathComponent
            return refuse("this is one CSV file; a CSV portfolio is the folder that holds place.csv, initiatives.csv and the other tables: give the folder (\(folder.isEmpty ? "." : folder)) instead")
        }
        if start != UInt8(ascii: "<") {
            if suffix == "json" { return refuse("this is a JSON file; to turn IATI or 360Giving data into a portfolio use `convenor import`") }
            return refuse("this is not XML, CSV or a workbook")
        }
        return .xml
    }

    static func folder(_ path: String) -> Kind {
        let fm = FileManager.default
        let names = (try? fm.contentsOfDirectory(atPath: path)) ?? []
        if CSVLayout.tables.contains(where: { names.contains($0.file) }) { return .csvFolder }
        let whole = SourceLocation(file: path, line: 0)
        let candidates = names.filter { ["xml", "xlsx"].contains(($0 as NSString).pathExtension.lowercased()) && !$0.hasPrefix("~$") }.sorted()
        let hint: String
        if candidates.isEmpty {
            hint = names.isEmpty ? "the folder is empty" : "it has none of the tables"
        } else {
            hint = "it holds \(candidates.prefix(3).joined(separator: ", ")): give \(candidates.count == 1 ? "that file" : "one of those files") instead"
        }
        return .notAPortfolio(.error(.notAPortfolio, "this folder is not a CSV portfolio: it has no place.csv or initiatives.csv (\(hint)); \(expected)", at: whole))
    }
}
