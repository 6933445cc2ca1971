import Foundation

/// Fills in columns that libxml2 does not give (schema errors, and findings located by line only) by
/// looking for the attribute or element on that line of the file. Runs only when there is something
/// to report, reading the file once.
enum XMLColumnResolver {
    static func resolve(_ diagnostics: [Diagnostic], path: String, displayName: String) -> [Diagnostic] {
        let wanted = Set(diagnostics.compactMap { d -> Int? in
            guard let l = d.location, l.file == displayName, l.column == 0 else { return nil }
            return l.line
        })
        guard !wanted.isEmpty, let data = FileManager.default.contents(atPath: path) else { return diagnostics }
        // The wanted lines and the few after them (a start tag may spread its attributes over lines).
        var lines: [Int: [UInt8]] = [:]
        let maxLine = (wanted.max() ?? 0) + 8
        var lineNumber = 1, start = 0
        let bytes = [UInt8](data)
        // Every line to keep, found by one set lookup per line (a scan of `wanted` per line was
        // quadratic: seconds for a region's thousands of warnings).
        var keptLines = Set<Int>()
        for line in wanted { for offset in 0...8 { keptLines.insert(line + offset) } }
        func keep(_ end: Int) {
            if keptLines.contains(lineNumber) { lines[lineNumber] = Array(bytes[start..<end]) }
        }
        for (i, b) in bytes.enumerated() where b == 10 {
            keep(i)
            lineNumber += 1
            start = i + 1
            if lineNumber > maxLine { break }
        }
        if lineNumber <= maxLine { keep(bytes.count) }

        return diagnostics.map { d in
            guard var l = d.location, l.file == displayName, l.column == 0, let text = lines[l.line] else { return d }
            var out = d
            if let field = d.field {
                for offset in 0...8 {
                    guard let candidate = lines[l.line + offset] else { break }
                    if let c = column(of: field, in: candidate) {
                        l.line += offset
                        l.column = c
                        out.location = l
                        return out
                    }
                    if offset > 0 && candidate.contains(UInt8(ascii: "<")) { break }
                }
            }
            // Otherwise the first tag on the line, or its first non-blank character.
            l.column = (text.firstIndex(of: UInt8(ascii: "<")) ?? text.firstIndex(where: { $0 != 32 && $0 != 9 }) ?? 0) + 1
            out.location = l
            return out
        }
    }

    /// 1-based column of `name=` (an attribute) or `<name` (an element) in a line, counted in characters.
    static func column(of name: String, in line: [UInt8]) -> Int? {
        let n = Array(name.utf8)
        guard !n.isEmpty, line.count >= n.count else { return nil }
        for i in 0...(line.count - n.count) where line[i] == n[0] && line[i..<(i + n.count)].elementsEqual(n) {
            let before = i > 0 ? line[i - 1] : 32
            var j = i + n.count
            while j < line.count, line[j] == 32 { j += 1 }
            let isAttribute = (before == 32 || before == 9) && j < line.count && line[j] == UInt8(ascii: "=")
            let isElement = before == UInt8(ascii: "<") && (j >= line.count || line[j] == 32 || line[j] == UInt8(ascii: ">") || line[j] == UInt8(ascii: "/") || i + n.count == j)
            if isAttribute || isElement {
                let start = isElement ? i - 1 : i
                return String(decoding: line[0..<start], as: UTF8.self).count + 1
            }
        }
        return nil
    }
}
