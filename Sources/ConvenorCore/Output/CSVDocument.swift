import Foundation

/// Renders a table as RFC 4180 CSV: UTF-8, LF line ends, a field quoted only when it holds a comma,
/// a quote or a line break (quotes doubled).
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
            if utf8.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) {
                out.append(34)
                for b in utf8 {
                    out.append(b)
                    if b == 34 { out.append(34) }
                }
                out.append(34)
            } else {
                out.append(contentsOf: utf8)
            }
        }
        out.append(10)
    }
}
