import Foundation

/// Finds where elements are written in the bytes of an XML file, so an edit can splice new bytes in
/// and leave every other byte (comments, layout, quoting) as it was. Run only on a file the
/// validating reader has accepted, so it need not report errors: it only has to skip comments,
/// processing instructions, CDATA and quoted attribute values correctly.
struct XMLSourceScanner {
    struct Element {
        var qualifiedName: String
        var localName: String { qualifiedName.split(separator: ":").last.map(String.init) ?? qualifiedName }
        var prefix: String? { qualifiedName.contains(":") ? String(qualifiedName.split(separator: ":")[0]) : nil }
        var depth: Int
        /// 1-based line of the `<` of the start tag.
        var line: Int
        /// The start tag, `<` to `>` inclusive.
        var startTag: Range<Int>
        var isEmpty: Bool
        /// The end tag, when not empty.
        var endTag: Range<Int>?
        /// Attribute values with references decoded.
        var attributes: [String: String]
        var parent: Int?
        var children: [Int] = []
        /// From the `<` of the start tag to the `>` of the end tag (or of an empty element).
        var whole: Range<Int> { startTag.lowerBound ..< (endTag?.upperBound ?? startTag.upperBound) }
    }

    let bytes: [UInt8]
    private(set) var elements: [Element] = []

    init(bytes: [UInt8]) throws {
        self.bytes = bytes
        try scan()
    }

    struct Malformed: Error {}

    private mutating func scan() throws {
        var i = 0, line = 1
        var stack: [Int] = []
        let n = bytes.count
        func startsWith(_ s: String, at k: Int) -> Bool {
            let u = Array(s.utf8)
            return k + u.count <= n && bytes[k ..< k + u.count].elementsEqual(u)
        }
        /// Advances past `terminator`, counting lines; throws if it never comes.
        func skip(to terminator: String, from k: Int) throws -> Int {
            let t = Array(terminator.utf8)
            var j = k
            while j + t.count <= n {
                if bytes[j] == t[0], bytes[j ..< j + t.count].elementsEqual(t) { return j + t.count }
                if bytes[j] == 10 { line += 1 }
                j += 1
            }
            throw Malformed()
        }
        while i < n {
            guard bytes[i] == UInt8(ascii: "<") else {
                if bytes[i] == 10 { line += 1 }
                i += 1
                continue
            }
            if startsWith("<!--", at: i) { i = try skip(to: "-->", from: i + 4); continue }
            if startsWith("<![CDATA[", at: i) { i = try skip(to: "]]>", from: i + 9); continue }
            if startsWith("<?", at: i) { i = try skip(to: "?>", from: i + 2); continue }
            if startsWith("<!", at: i) {
                // A DOCTYPE (the reader refuses entities; skip it, brackets included).
                var j = i + 2, brackets = 0
                while j < n, !(bytes[j] == UInt8(ascii: ">") && brackets == 0) {
                    if bytes[j] == UInt8(ascii: "[") { brackets += 1 } else if bytes[j] == UInt8(ascii: "]") { brackets -= 1 }
                    if bytes[j] == 10 { line += 1 }
                    j += 1
                }
                guard j < n else { throw Malformed() }
                i = j + 1
                continue
            }
            let tagStart = i, tagLine = line
            let isEnd = i + 1 < n && bytes[i + 1] == UInt8(ascii: "/")
            var j = i + (isEnd ? 2 : 1)
            let nameStart = j
            while j < n, !Self.isSpace(bytes[j]), bytes[j] != UInt8(ascii: ">"), bytes[j] != UInt8(ascii: "/") { j += 1 }
            let name = String(decoding: bytes[nameStart ..< j], as: UTF8.self)
            var attributes: [String: String] = [:]
            var selfClosing = false
            // Attributes: name = "value" or 'value'.
            while j < n {
                let b = bytes[j]
                if b == 10 { line += 1; j += 1; continue }
                if Self.isSpace(b) { j += 1; continue }
                if b == UInt8(ascii: ">") { j += 1; break }
                if b == UInt8(ascii: "/"), j + 1 < n, bytes[j + 1] == UInt8(ascii: ">") { selfClosing = true; j += 2; break }
                let attributeStart = j
                while j < n, bytes[j] != UInt8(ascii: "="), !Self.isSpace(bytes[j]) { j += 1 }
                let attributeName = String(decoding: bytes[attributeStart ..< j], as: UTF8.self)
                while j < n, bytes[j] != UInt8(ascii: "=") { if bytes[j] == 10 { line += 1 }; j += 1 }
                j += 1
                while j < n, Self.isSpace(bytes[j]) || bytes[j] == 10 { if bytes[j] == 10 { line += 1 }; j += 1 }
                guard j < n, bytes[j] == 34 || bytes[j] == 39 else { throw Malformed() }
                let quote = bytes[j]
                let valueStart = j + 1
                j = valueStart
                while j < n, bytes[j] != quote { if bytes[j] == 10 { line += 1 }; j += 1 }
                guard j < n else { throw Malformed() }
                attributes[attributeName] = Self.decode(bytes[valueStart ..< j])
                j += 1
            }
            let tag = tagStart ..< j
            if isEnd {
                guard let open = stack.popLast() else { throw Malformed() }
                elements[open].endTag = tag
            } else {
                let index = elements.count
                elements.append(Element(qualifiedName: name, depth: stack.count, line: tagLine, startTag: tag, isEmpty: selfClosing,
                                        endTag: nil, attributes: attributes, parent: stack.last))
                if let parent = stack.last { elements[parent].children.append(index) }
                if !selfClosing { stack.append(index) }
            }
            i = j
        }
        guard stack.isEmpty else { throw Malformed() }
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 13 || b == 10 }

    /// Decodes the five predefined entities and character references of an attribute value.
    static func decode(_ raw: ArraySlice<UInt8>) -> String {
        let text = String(decoding: raw, as: UTF8.self)
        guard text.contains("&") else { return text }
        var out = "", rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semi = rest[amp...].firstIndex(of: ";") else { out += rest[amp...]; return out }
            let entity = rest[rest.index(after: amp) ..< semi]
            switch entity {
            case "amp": out += "&"
            case "lt": out += "<"
            case "gt": out += ">"
            case "quot": out += "\""
            case "apos": out += "'"
            default:
                let number = entity.hasPrefix("#x") ? UInt32(entity.dropFirst(2), radix: 16) : entity.hasPrefix("#") ? UInt32(entity.dropFirst()) : nil
                if let number, let scalar = Unicode.Scalar(number) { out.unicodeScalars.append(scalar) } else { out += "&\(entity);" }
            }
            rest = rest[rest.index(after: semi)...]
        }
        return out + rest
    }

    /// The spaces and tabs before an element when it starts its own line; nil when something else precedes it.
    func indent(of element: Element) -> String? {
        var k = element.startTag.lowerBound - 1
        while k >= 0, bytes[k] == 32 || bytes[k] == 9 { k -= 1 }
        guard k < 0 || bytes[k] == 10 else { return nil }
        return String(decoding: bytes[(k + 1) ..< element.startTag.lowerBound], as: UTF8.self)
    }

    /// 1-based column of an element's `<`, counted in characters.
    func column(of element: Element) -> Int {
        var k = element.startTag.lowerBound
        while k > 0, bytes[k - 1] != 10 { k -= 1 }
        return String(decoding: bytes[k ..< element.startTag.lowerBound], as: UTF8.self).count + 1
    }

    /// The file's line break: CRLF when its first line ends so, else LF.
    var lineBreak: String {
        guard let lf = bytes.firstIndex(of: 10) else { return "\n" }
        return lf > 0 && bytes[lf - 1] == 13 ? "\r\n" : "\n"
    }

    /// The encoding named in the XML declaration, if any (lowercased).
    var declaredEncoding: String? {
        guard bytes.starts(with: Array("<?xml".utf8)) || bytes.starts(with: [0xEF, 0xBB, 0xBF] + Array("<?xml".utf8)),
              let end = bytes.firstIndex(of: UInt8(ascii: ">")) else { return nil }
        let declaration = String(decoding: bytes[..<end], as: UTF8.self)
        guard let range = declaration.range(of: "encoding") else { return nil }
        let after = declaration[range.upperBound...].drop { $0 == " " || $0 == "=" }
        guard let quote = after.first, quote == "\"" || quote == "'" else { return nil }
        return after.dropFirst().prefix { $0 != quote }.lowercased()
    }
}
