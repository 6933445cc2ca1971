import Foundation

/// Reads the small Markdown subset Convenor's templates are written in, into the document model the
/// Word and PowerPoint writers use, so a template overridden with `--templates` changes the Markdown
/// and the Office versions alike.
///
/// The subset (templates/README.md lists it for template authors):
/// - `#` title, `##`–`####` headings (headings 1–3); an emphasised paragraph straight after the
///   title is its subtitle;
/// - paragraphs (lines joined), `**bold**`, `*italic*`, code in backticks, backslash escapes (`\*`, `\|`);
/// - `- ` bullet and `1. ` numbered lists, one level;
/// - `>` block quotes, printed as a shaded box;
/// - tables with a `|---|---:|` delimiter row (`:` sets the alignment);
/// - `![alt](name.svg)` alone on a line: a picture Convenor made;
/// - `<!-- page break -->`, and `<!-- running-header: text -->` for the line atop every page.
/// Slides (`readSlides`): slides separated by `---` lines, `<!-- layout: title|section -->`,
/// `###### kicker`, `# title`, `::: notes` … `:::` for speaker notes and `::: figures` … `:::` for big
/// figures (`- **value** label`). Other HTML comments are left out.
public enum MarkdownReader {
    /// A document from rendered Markdown. `name` is used in messages (`templates/pack/….mustache`).
    /// `pictures`: the names a `![alt](name)` may use; any other is reported at its line.
    public static func document(_ markdown: String, name: String, pictures: Set<String> = []) throws -> Document {
        var header: String?
        let blocks = try readBlocks(lines(markdown), name: name, pictures: pictures, directive: { key, value in
            if key == "running-header" { header = value }
        })
        var title = ""
        var result: [DocumentBlock] = []
        for (n, block) in blocks.enumerated() {
            switch block.kind {
            case .heading(1, let text) where title.isEmpty:
                title = text.plainText
                result.append(.title(text))
            case .heading(let level, let text):
                result.append(.heading(min(level - 1, 3), text))
            case .paragraph(let text):
                let afterTitle = n > 0 && { if case .heading(1, _) = blocks[n - 1].kind { true } else { false } }()
                if afterTitle && text.count == 1 && text[0].italic && !text[0].bold {
                    result.append(.subtitle(text))
                } else {
                    result.append(.paragraph(text))
                }
            case .quote(let text): result.append(.callout(text))
            case .bullets(let items): result.append(.bullets(items))
            case .numbered(let items): result.append(.numbered(items))
            case .table(let table): result.append(.table(table))
            case .image(let alt, let source): result.append(.image(alt: alt, source: source))
            case .pageBreak: result.append(.pageBreak)
            case .fenced(let kind, _):
                throw InputError([.error(.templateError, "a '::: \(kind)' block belongs in a slides template, not a document",
                                         at: SourceLocation(file: name, line: block.line))])
            }
        }
        return Document(title: title, runningHeader: header, blocks: result)
    }

    /// A slide deck from rendered Markdown: slides separated by `---` lines.
    public static func slides(_ markdown: String, name: String, pictures: Set<String> = []) throws -> SlideDeck {
        var deckTitle: String?, footer: String?
        var slides: [Slide] = []
        var chunk: [(Int, String)] = []
        func finish() throws {
            defer { chunk = [] }
            var layout = Slide.Layout.content
            let blocks = try readBlocks(chunk, name: name, pictures: pictures, directive: { key, value in
                switch key {
                case "layout": layout = Slide.Layout(rawValue: value) ?? layout
                case "deck-title": deckTitle = value
                case "footer": footer = value
                default: break
                }
            })
            guard !blocks.isEmpty else { return }
            var slide = Slide(layout: layout, title: "")
            for block in blocks {
                switch block.kind {
                case .heading(6, let text): slide.kicker = text.plainText
                case .heading(_, let text) where slide.title.isEmpty: slide.title = text.plainText
                case .heading(_, let text): slide.blocks.append(.paragraph(text))
                case .paragraph(let text) where slide.blocks.isEmpty && slide.subtitle == nil && !slide.title.isEmpty
                    && text.allSatisfy(\.italic):
                    slide.subtitle = text.plainText
                case .paragraph(let text), .quote(let text):
                    slide.blocks.append(.paragraph(text))
                case .bullets(let items), .numbered(let items): slide.blocks.append(.bullets(items))
                case .table(let table): slide.blocks.append(.table(table))
                case .image(let alt, let source): slide.blocks.append(.image(alt: alt, source: source))
                case .pageBreak: break
                case .fenced("notes", let inner):
                    for b in inner {
                        switch b.kind {
                        case .bullets(let items), .numbered(let items): slide.notes += items.map(\.plainText)
                        case .paragraph(let t), .quote(let t), .heading(_, let t): slide.notes.append(t.plainText)
                        default: break
                        }
                    }
                case .fenced("figures", let inner):
                    let items = inner.flatMap { b -> [RichText] in if case .bullets(let items) = b.kind { items } else { [] } }
                    slide.blocks.append(.figures(items.map { item in
                        let value = Array(item.prefix { $0.bold }).plainText
                        let label = Array(item.drop { $0.bold }).plainText
                        return Slide.Figure(value: value, label: label.trimmingCharacters(in: .whitespaces))
                    }))
                case .fenced(let kind, _):
                    throw InputError([.error(.templateError, "unknown block '::: \(kind)'; a slide knows '::: notes' and '::: figures'",
                                             at: SourceLocation(file: name, line: block.line))])
                }
            }
            if slide.title.isEmpty {
                throw InputError([.error(.templateError, "this slide has no '# title' line", at: SourceLocation(file: name, line: blocks[0].line))])
            }
            slides.append(slide)
        }
        for (number, line) in lines(markdown) {
            if line.trimmingCharacters(in: .whitespaces) == "---" { try finish() } else { chunk.append((number, line)) }
        }
        try finish()
        return SlideDeck(title: deckTitle ?? slides.first?.title ?? "", footer: footer, slides: slides)
    }

    // MARK: - Blocks

    struct Block {
        indirect enum Kind {
            case heading(Int, RichText)
            case paragraph(RichText)
            case quote(RichText)
            case bullets([RichText])
            case numbered([RichText])
            case table(DocumentTable)
            case image(String, String)
            case pageBreak
            case fenced(String, [Block])
        }
        var kind: Kind
        /// The line it starts on, for messages.
        var line: Int
    }

    static func lines(_ text: String) -> [(Int, String)] {
        text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated().map { ($0.offset + 1, String($0.element)) }
    }

    static func readBlocks(_ lines: [(Int, String)], name: String, pictures: Set<String>,
                           directive: (String, String) -> Void) throws -> [Block] {
        var blocks: [Block] = []
        var i = 0
        func isBlank(_ s: String) -> Bool { s.trimmingCharacters(in: .whitespaces).isEmpty }
        func bullet(_ s: String) -> String? {
            let t = s.drop { $0 == " " }
            return (t.hasPrefix("- ") || t.hasPrefix("* ")) && !t.hasPrefix("**") ? String(t.dropFirst(2)) : nil
        }
        func numbered(_ s: String) -> String? {
            let t = s.drop { $0 == " " }
            let digits = t.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty else { return nil }
            let rest = t.dropFirst(digits.count)
            return rest.hasPrefix(". ") ? String(rest.dropFirst(2)) : nil
        }
        func startsBlock(_ s: String) -> Bool {
            s.hasPrefix("#") || s.hasPrefix(">") || s.hasPrefix("|") || s.hasPrefix("<!--") || s.hasPrefix(":::")
                || s.hasPrefix("![") || bullet(s) != nil || numbered(s) != nil
        }
        while i < lines.count {
            let (number, raw) = lines[i]
            let line = raw.trimmingCharacters(in: .whitespaces)
            if isBlank(line) { i += 1; continue }
            if line.hasPrefix("<!--") {
                // A comment: a directive (`key: value`) or nothing; it may run over lines.
                var text = line
                while !text.contains("-->") && i + 1 < lines.count { i += 1; text += " " + lines[i].1 }
                i += 1
                let inner = text.replacingOccurrences(of: "<!--", with: "").replacingOccurrences(of: "-->", with: "")
                    .trimmingCharacters(in: .whitespaces)
                if inner == "page break" { blocks.append(Block(kind: .pageBreak, line: number)); continue }
                if let colon = inner.firstIndex(of: ":") {
                    directive(inner[..<colon].trimmingCharacters(in: .whitespaces), inner[inner.index(after: colon)...].trimmingCharacters(in: .whitespaces))
                }
                continue
            }
            if line.hasPrefix(":::") {
                let kind = line.dropFirst(3).trimmingCharacters(in: .whitespaces)
                var inner: [(Int, String)] = []
                i += 1
                while i < lines.count && lines[i].1.trimmingCharacters(in: .whitespaces) != ":::" { inner.append(lines[i]); i += 1 }
                if i == lines.count {
                    throw InputError([.error(.templateError, "'::: \(kind)' is never closed with a ':::' line", at: SourceLocation(file: name, line: number))])
                }
                i += 1
                blocks.append(Block(kind: .fenced(kind, try readBlocks(inner, name: name, pictures: pictures, directive: directive)), line: number))
                continue
            }
            if line.hasPrefix("#") {
                let level = line.prefix { $0 == "#" }.count
                if level <= 6, line.dropFirst(level).hasPrefix(" ") {
                    blocks.append(Block(kind: .heading(level, inline(line.dropFirst(level + 1).trimmingCharacters(in: .whitespaces))), line: number))
                    i += 1
                    continue
                }
            }
            if line.hasPrefix("!["), line.hasSuffix(")"), let close = line.range(of: "](") {
                let alt = String(line[line.index(line.startIndex, offsetBy: 2)..<close.lowerBound])
                let source = String(line[close.upperBound..<line.index(before: line.endIndex)])
                guard pictures.contains(source) else {
                    let known = pictures.isEmpty ? "none here" : pictures.sorted().joined(separator: ", ")
                    throw InputError([.error(.templateError, "no picture named '\(source)'; the pictures Convenor makes for this file: \(known)",
                                             at: SourceLocation(file: name, line: number, column: 1))])
                }
                blocks.append(Block(kind: .image(alt, source), line: number))
                i += 1
                continue
            }
            if line.hasPrefix(">") {
                var text: [String] = []
                while i < lines.count, lines[i].1.trimmingCharacters(in: .whitespaces).hasPrefix(">") {
                    text.append(lines[i].1.trimmingCharacters(in: .whitespaces).dropFirst().trimmingCharacters(in: .whitespaces))
                    i += 1
                }
                blocks.append(Block(kind: .quote(inline(text.joined(separator: " "))), line: number))
                continue
            }
            if line.hasPrefix("|"), i + 1 < lines.count, let alignments = delimiterRow(lines[i + 1].1) {
                let header = cells(line)
                var rows: [[RichText]] = []
                i += 2
                while i < lines.count, lines[i].1.trimmingCharacters(in: .whitespaces).hasPrefix("|") {
                    var row = cells(lines[i].1.trimmingCharacters(in: .whitespaces)).map(inline)
                    row += Array(repeating: [], count: max(0, header.count - row.count))
                    rows.append(Array(row.prefix(header.count)))
                    i += 1
                }
                let aligned = alignments + Array(repeating: .left, count: max(0, header.count - alignments.count))
                blocks.append(Block(kind: .table(DocumentTable(header: header.map(inline), rows: rows, alignments: Array(aligned.prefix(header.count)))), line: number))
                continue
            }
            if bullet(raw) != nil || numbered(raw) != nil {
                let isBullet = bullet(raw) != nil
                var items: [String] = []
                while i < lines.count {
                    let l = lines[i].1
                    if let item = isBullet ? bullet(l) : numbered(l) {
                        items.append(item)
                    } else if !isBlank(l), l.hasPrefix("  "), !items.isEmpty {
                        items[items.count - 1] += " " + l.trimmingCharacters(in: .whitespaces)
                    } else {
                        break
                    }
                    i += 1
                }
                let parsed = items.map { inline($0.trimmingCharacters(in: .whitespaces)) }
                blocks.append(Block(kind: isBullet ? .bullets(parsed) : .numbered(parsed), line: number))
                continue
            }
            var text: [String] = []
            while i < lines.count, !isBlank(lines[i].1) {
                let l = lines[i].1.trimmingCharacters(in: .whitespaces)
                if !text.isEmpty && startsBlock(l) { break }
                text.append(l)
                i += 1
            }
            blocks.append(Block(kind: .paragraph(inline(text.joined(separator: " "))), line: number))
        }
        return blocks
    }

    /// `|---|:---:|---:|` → alignments; nil when the line is not a delimiter row.
    static func delimiterRow(_ line: String) -> [DocumentTable.Alignment]? {
        let parts = cells(line.trimmingCharacters(in: .whitespaces))
        guard line.trimmingCharacters(in: .whitespaces).hasPrefix("|"), !parts.isEmpty else { return nil }
        var result: [DocumentTable.Alignment] = []
        for p in parts {
            let t = p.trimmingCharacters(in: .whitespaces)
            guard t.count >= 3, t.allSatisfy({ $0 == "-" || $0 == ":" }), t.contains("-") else { return nil }
            result.append(t.hasPrefix(":") && t.hasSuffix(":") ? .center : t.hasSuffix(":") ? .right : .left)
        }
        return result
    }

    /// A table row's cells, split on unescaped `|` (the escape stays for the inline reader).
    static func cells(_ line: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var escaped = false
        for c in line {
            if escaped { current.append(c); escaped = false; continue }
            if c == "\\" { current.append(c); escaped = true; continue }
            if c == "|" { cells.append(current); current = ""; continue }
            current.append(c)
        }
        cells.append(current)
        // The outer pipes give an empty first and last cell.
        if line.hasPrefix("|") { cells.removeFirst() }
        if line.hasSuffix("|") && !line.hasSuffix("\\|") && !cells.isEmpty { cells.removeLast() }
        return cells.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    // MARK: - Inline

    /// `**bold**`, `*italic*`, code in backticks and backslash escapes; a marker with no partner is plain text.
    static func inline(_ text: String) -> RichText {
        let chars = Array(text)
        var runs: RichText = []
        var current = ""
        var bold = false, italic = false
        func flush() {
            if !current.isEmpty { runs.append(TextRun(current, bold: bold, italic: italic)) }
            current = ""
        }
        func has(_ marker: String, from start: Int) -> Bool {
            let m = Array(marker)
            var j = start
            while j + m.count <= chars.count {
                if chars[j] == "\\" { j += 2; continue }
                if Array(chars[j..<j + m.count]) == m && (m.count == 2 || (j + 1 >= chars.count || chars[j + 1] != "*") && (j == 0 || chars[j - 1] != "*")) {
                    return true
                }
                j += 1
            }
            return false
        }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count, chars[i + 1].isPunctuation || chars[i + 1].isSymbol {
                current.append(chars[i + 1])
                i += 2
                continue
            }
            if c == "`", let end = chars[(i + 1)...].firstIndex(of: "`") {
                flush()
                runs.append(TextRun(String(chars[(i + 1)..<end]), bold: bold, italic: italic, code: true))
                i = end + 1
                continue
            }
            if c == "*", i + 1 < chars.count, chars[i + 1] == "*" {
                if bold || has("**", from: i + 2) {
                    flush()
                    bold.toggle()
                    i += 2
                    continue
                }
            } else if c == "*" {
                if italic || has("*", from: i + 1) {
                    flush()
                    italic.toggle()
                    i += 1
                    continue
                }
            }
            current.append(c)
            i += 1
        }
        flush()
        return runs
    }
}
