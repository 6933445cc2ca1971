import ConvenorCore
import ConvenorTestSupport
import Foundation

/// Reads Convenor's outputs back as a person would see them: the text of a page, the rows of a table,
/// whatever the format. The reconciliation test compares figures across formats with these.
enum OutputText {
    /// The visible text of an HTML page: no styles, scripts or pictures, entities decoded, spaces collapsed.
    static func html(_ page: String) -> String {
        var s = page
        for tag in ["style", "script", "svg", "title"] {
            s = s.replacingOccurrences(of: "<\(tag)\\b.*?</\(tag)>", with: " ", options: [.regularExpression, .caseInsensitive])
        }
        s = s.replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
        return collapse(entities(s))
    }

    /// Table rows of an HTML page: each row's cells as visible text.
    static func htmlRows(_ page: String) -> [[String]] {
        matches(page, "<tr\\b.*?</tr>").map { row in
            matches(row, "<t[dh]\\b.*?</t[dh]>").map { html($0) }
        }
    }

    static func entities(_ s: String) -> String {
        var s = s
        for (entity, char) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&#x27;", "'"), ("&apos;", "'"), ("&nbsp;", " "), ("&amp;", "&")] {
            s = s.replacingOccurrences(of: entity, with: char)
        }
        return s
    }

    static func collapse(_ s: String) -> String {
        s.replacingOccurrences(of: "\\s+", with: " ", options: .regularExpression).trimmingCharacters(in: .whitespaces)
    }

    static func matches(_ s: String, _ pattern: String) -> [String] {
        guard let re = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators, .caseInsensitive]) else { return [] }
        let ns = s as NSString
        return re.matches(in: s, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range) }
    }

    /// Markdown table rows: cells of every `| … |` line (separator lines dropped).
    static func markdownRows(_ text: String) -> [[String]] {
        text.split(separator: "\n").compactMap { line -> [String]? in
            let l = line.trimmingCharacters(in: .whitespaces)
            guard l.hasPrefix("|"), l.hasSuffix("|"), !l.contains("---") else { return nil }
            return l.dropFirst().dropLast().split(separator: "|", omittingEmptySubsequences: false)
                .map { String($0).trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "**", with: "") }
        }
    }

    /// Text runs of an OOXML part (`w:t` in Word, `a:t` in slides), joined with spaces.
    static func ooxml(_ xml: String, text: String) -> String {
        collapse(entities(matches(xml, "<\(text)(?: [^>]*)?>[^<]*</\(text)>").map {
            $0.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
        }.joined(separator: " ")))
    }

    /// Table rows of an OOXML part: `w:tr`/`w:tc`/`w:t` (Word) or `a:tr`/`a:tc`/`a:t` (slides).
    static func ooxmlRows(_ xml: String, prefix: String) -> [[String]] {
        matches(xml, "<\(prefix):tr\\b.*?</\(prefix):tr>").map { row in
            matches(row, "<\(prefix):tc\\b.*?</\(prefix):tc>").map { ooxml($0, text: "\(prefix):t") }
        }
    }

    /// The parts of an Office file, by path.
    static func parts(_ file: URL) throws -> [String: String] {
        var out: [String: String] = [:]
        for e in try ZipEntries.of(try Data(contentsOf: file)) { out[e.path] = String(decoding: e.contents, as: UTF8.self) }
        return out
    }

    /// An XLSX sheet's rows: inline strings and values, by column letter.
    static func sheetRows(_ xml: String) -> [[String: String]] {
        matches(xml, "<row\\b.*?</row>").map { row in
            var cells: [String: String] = [:]
            for c in matches(row, "<c\\b.*?</c>") {
                guard let ref = matches(c, "r=\"[A-Z]+").first?.dropFirst(3) else { continue }
                let value = matches(c, "<t[^>]*>[^<]*</t>|<v>[^<]*</v>").first?.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression) ?? ""
                cells[String(ref)] = entities(value)
            }
            return cells
        }
    }

    /// RFC 4180 rows (quoted fields, doubled quotes, line breaks inside quotes).
    static func csv(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var chars = Array(text).makeIterator()
        var pending: Character? = nil
        while let c = pending ?? chars.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let next = chars.next() { if next == "\"" { field.append("\"") } else { quoted = false; pending = next } } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { row.append(field); field = "" }
            else if c == "\n" || c == "\r\n" { row.append(field); rows.append(row); row = []; field = "" }
            else { field.append(c) }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    /// CSV rows as dictionaries keyed by the header.
    static func csvRecords(_ text: String) -> [[String: String]] {
        let rows = csv(text)
        guard let header = rows.first else { return [] }
        return rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0 + Array(repeating: "", count: max(0, header.count - $0.count)))) }
    }
}
