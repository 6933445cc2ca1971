import Foundation

/// Renders a table as RFC 4180 CSV: UTF-8, LF line ends, a field quoted only when it holds a comma,
/// a quote or a line break (quotes doubled). Text that a spreadsheet would run as a formula is
/// guarded with a leading `'` (`SpreadsheetCell`), so no input reaches a spreadsheet as a formula.
///
/// Reading is `CSVByteScanner`'s job; writing is this one escaping rule into one byte buffer, because a
/// writer making one stream call per byte dominated the time to write a large pairs.csv (docs/decisions.md).
public enum CSVDocument {
    public static func render(header: [String], rows: [[String]]) -> Data {
        var out = [UInt8]()
        out.reserveCapacity(64 * (rows.count + 1))
        append(header, to: &out)
        for row in rows { append(row, to: &out) }
        return Data(out)
    }

    public static func append(_ row: [String], to out: inout [UInt8]) {
        for (i, field) in row.enumerated() {
            if i > 0 { out.append(44) }
            let utf8 = field.utf8
            // Most cells start with a letter or digit: look further only when the first byte could matter.
            let guardCell = utf8.first.map { ($0 == SpreadsheetCell.apostrophe || SpreadsheetCell.isTrigger($0)) && SpreadsheetCell.needsGuard(bytes: utf8) } ?? false
            if utf8.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) {
                out.append(34)
                if guardCell { out.append(SpreadsheetCell.apostrophe) }
                for b in utf8 {
                    out.append(b)
                    if b == 34 { out.append(34) }
                }
                out.append(34)
            } else {
                if guardCell { out.append(SpreadsheetCell.apostrophe) }
                out.append(contentsOf: utf8)
            }
        }
        out.append(10)
    }
}
