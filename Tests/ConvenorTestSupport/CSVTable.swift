import Foundation

/// A CSV table read for comparisons (RFC 4180 quoting).
public struct CSVTable: Sendable {
    public var header: [String] = []
    public var rows: [[String]] = []

    public init(_ data: Data) {
        var all: [[String]] = []
        var row: [String] = [], field = "", quoted = false, afterQuote = false
        for c in String(decoding: data, as: UTF8.self) {
            if quoted {
                if c == "\"" { quoted = false; afterQuote = true } else { field.append(c) }
                continue
            }
            switch c {
            case "\"": if afterQuote { field.append("\"") }; quoted = true; afterQuote = false
            case ",": row.append(field); field = ""; afterQuote = false
            case "\n", "\r\n": row.append(field); all.append(row); row = []; field = ""; afterQuote = false
            default: field.append(c); afterQuote = false
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); all.append(row) }
        header = all.first ?? []
        rows = Array(all.dropFirst())
    }

    public init(_ text: String) { self.init(Data(text.utf8)) }

    /// The value of `column` in `row`, or nil when the column or the cell is missing.
    public func value(_ column: String, in row: [String]) -> String? {
        guard let c = header.firstIndex(of: column), c < row.count else { return nil }
        return row[c]
    }

    /// Every column of `row` by name (nil where the row is short).
    public func record(_ row: [String]) -> [String: String] {
        var out: [String: String] = [:]
        for (c, name) in header.enumerated() where c < row.count && out[name] == nil { out[name] = row[c] }
        return out
    }

    public var records: [[String: String]] { rows.map(record) }
}

/// Compares a table written by Convenor with the same table written by an independent peer.
///
/// Strict on purpose: a column the peer has and Convenor lacks, a short row, a row missing on either
/// side, or a number that is not finite (NaN, inf) on either side is a mismatch. `abs(nan - x) > tol`
/// is false, so a NaN would otherwise pass any tolerance check.
public enum TableComparison {
    public static func mismatches(peer: CSVTable, ours: CSVTable, key: [String], tolerance: Double = 1e-6, name: String) -> [String] {
        var problems: [String] = []
        let missingColumns = peer.header.filter { !ours.header.contains($0) }
        if !missingColumns.isEmpty { problems.append("\(name): Convenor lacks columns \(missingColumns)") }
        for k in key where !peer.header.contains(k) || !ours.header.contains(k) { problems.append("\(name): key column '\(k)' is missing") }
        if peer.header.isEmpty { problems.append("\(name): the peer's table is empty") }
        if peer.rows.count != ours.rows.count { problems.append("\(name): \(peer.rows.count) rows in the peer, \(ours.rows.count) in Convenor") }
        for (label, table) in [("peer", peer), ("Convenor", ours)] {
            for (i, row) in table.rows.enumerated() where row.count != table.header.count {
                problems.append("\(name): \(label) row \(i + 2) has \(row.count) cells for \(table.header.count) columns")
            }
        }
        var byKey: [[String]: [String: String]] = [:]
        for row in ours.rows {
            let k = key.map { ours.value($0, in: row) ?? "" }
            if byKey[k] != nil { problems.append("\(name): key \(k) twice in Convenor") }
            byKey[k] = ours.record(row)
        }
        let shared = peer.header.filter { ours.header.contains($0) && !key.contains($0) }
        for row in peer.rows {
            let k = key.map { peer.value($0, in: row) ?? "" }
            guard let other = byKey.removeValue(forKey: k) else { problems.append("\(name): \(k) missing from Convenor"); continue }
            for column in shared {
                guard let a = peer.value(column, in: row), let b = other[column] else {
                    problems.append("\(name): \(k) \(column): a cell is missing"); continue
                }
                let x = Double(a), y = Double(b)
                if x != nil || y != nil {
                    guard let x, let y else { problems.append("\(name): \(k) \(column): peer '\(a)', Convenor '\(b)' (one is not a number)"); continue }
                    guard x.isFinite, y.isFinite else { problems.append("\(name): \(k) \(column): peer \(a), Convenor \(b) (not finite)"); continue }
                    if !(abs(x - y) <= tolerance + 1e-12) { problems.append("\(name): \(k) \(column): peer \(a), Convenor \(b)") }
                } else if a != b {
                    problems.append("\(name): \(k) \(column): peer '\(a)', Convenor '\(b)'")
                }
            }
        }
        for k in byKey.keys.sorted(by: { $0.joined(separator: ",") < $1.joined(separator: ",") }) {
            problems.append("\(name): \(k) only in Convenor")
        }
        return problems
    }
}
