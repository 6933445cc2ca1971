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
        guard !wanted.isEmpty, let lines = readLines(near: wanted, path: path) else { return diagnostics }

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

    /// Longest stretch of a line kept for column finding: bounds memory on files with huge lines.
    static let maxKeptLineLength = 1 << 20

    /// The wanted lines and the 8 after each, read as a stream up to the last one needed (never the
    /// whole file: diagnostics on line 1 of a 200 MB file must not load it).
    static func readLines(near wanted: Set<Int>, path: String) -> [Int: [UInt8]]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        // Columns are counted in UTF-8 (or ASCII-compatible) text; in UTF-16 they stay unknown (0).
        var head = [UInt8](repeating: 0, count: 2)
        let got = fread(&head, 1, 2, file)
        if got == 2, [[0xFF, 0xFE], [0xFE, 0xFF], [0x3C, 0x00], [0x00, 0x3C]].contains(head) { return nil }
        rewind(file)
        let maxLine = (wanted.max() ?? 0) + 8
        var keepSet = Set<Int>()
        for w in wanted { for l in w...(w + 8) { keepSet.insert(l) } }
        // Lines are read in order, so whether to keep one is a walk along the sorted list (a hash
        // per line of a large file cost more than reading it).
        let keepSorted = keepSet.sorted()
        var nextKept = 0
        func keep(_ line: Int) -> Bool {
            while nextKept < keepSorted.count, keepSorted[nextKept] < line { nextKept += 1 }
            return nextKept < keepSorted.count && keepSorted[nextKept] == line
        }
        var lines: [Int: [UInt8]] = [:]
        var lineNumber = 1
        var current: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        reading: while true {
            let n = fread(&chunk, 1, chunk.count, file)
            if n == 0 { break }
            var start = 0
            while start < n {
                let newline: Int? = chunk.withUnsafeBytes { raw in
                    guard let base = raw.baseAddress else { return nil }
                    return memchr(base + start, 10, n - start).map { base.distance(to: UnsafeRawPointer($0)) }
                }
                let end = newline ?? n
                if keep(lineNumber), current.count < maxKeptLineLength {
                    current += chunk[start..<min(end, start + maxKeptLineLength - current.count)]
                }
                guard newline != nil else { break }
                if keep(lineNumber) { lines[lineNumber] = current }
                current = []
                lineNumber += 1
                if lineNumber > maxLine { break reading }
                start = end + 1
            }
        }
        if lineNumber <= maxLine, keep(lineNumber) { lines[lineNumber] = current }
        return lines
    }

    /// 1-based column of `name=` (an attribute) or `<name` (an element) in a line, counted in characters.
    static func column(of name: String, in line: [UInt8]) -> Int? {
        let n = Array(name.utf8)
        guard let first = n.first, line.count >= n.count else { return nil }
        for i in 0...(line.count - n.count) where line[i] == first && line[i..<(i + n.count)].elementsEqual(n) {
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
