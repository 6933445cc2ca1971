/// The same problem in many rows of one column, said once (issue 14): a UK-dated CSV should not print
/// 108 lines. For reading only: JSON output and tests keep every instance.
extension Array where Element == Diagnostic {
    /// Diagnostics with the same severity, code, file and column, `minimum` or more of them, become the
    /// first one with a count and the first few rows; everything else is unchanged and in order.
    public func groupedByColumn(minimum: Int = 3, rowsShown: Int = 5) -> [Diagnostic] {
        func key(_ d: Diagnostic) -> DiagnosticColumnKey? {
            guard let l = d.location, l.line > 0, l.column > 0 || d.field != nil else { return nil }
            return DiagnosticColumnKey(severity: d.severity, code: d.code, file: l.file, column: l.column, field: d.field)
        }
        var members: [DiagnosticColumnKey: [Int]] = [:]
        for (n, d) in enumerated() { if let k = key(d) { members[k, default: []].append(n) } }
        var out: [Diagnostic] = []
        for (n, d) in enumerated() {
            guard let k = key(d), let group = members[k], group.count >= minimum else { out.append(d); continue }
            guard group[0] == n else { continue }
            let lines = group.compactMap { self[$0].location?.line }
            let unit = d.location?.isWorkbookSheet == true ? "rows" : "lines"
            let shown = lines.dropFirst().prefix(rowsShown - 1).map(String.init).joined(separator: ", ")
            let more = lines.count - 1 > rowsShown - 1 ? ", …" : ""
            let column = d.field.map { "column '\($0)'" } ?? "this column"
            var first = d
            first.message += "; the same in \(lines.count - 1) more rows of \(column) (\(unit) \(shown)\(more))"
            out.append(first)
        }
        return out
    }
}

/// What makes two diagnostics "the same problem in one column".
private struct DiagnosticColumnKey: Hashable {
    var severity: Diagnostic.Severity, code: String, file: String, column: Int, field: String?
}
