import Foundation

/// Line numbers for JSON, which Foundation's parser does not give: where each grant starts (for
/// warnings), and where a malformed or truncated file goes wrong (for the error).
///
/// One pass over the bytes, tracking strings, escapes and the open `{`/`[`; it does not check
/// the grammar (JSONSerialization does) but knows enough to place what it reports.
struct JSONLocator {
    struct Open { var bracket: UInt8; var line: Int; var column: Int; var lastKey: String?; var expectingKey: Bool; var isGrants: Bool }

    /// Line and column of each element of the top-level `grants` array (or of a top-level array).
    private(set) var elementStarts: [(line: Int, column: Int)] = []
    /// Containers still open at the end of the file, outermost first.
    private(set) var unclosed: [Open] = []
    /// Where a string that never ends starts.
    private(set) var openString: (line: Int, column: Int)?
    private(set) var lastLine = 1

    init(_ bytes: [UInt8]) {
        var stack: [Open] = []
        var line = 1, column = 0
        var inString = false, escaped = false
        var stringStart = (line: 1, column: 1)
        var key: [UInt8] = []
        var collectingKey = false
        var valueStarted = false // inside the grants array: the current element has begun

        for b in bytes {
            if b == 10 { line += 1; column = 0 } else if b & 0xC0 != 0x80 { column += 1 }
            if inString {
                if escaped { escaped = false; if collectingKey { key.append(b) }; continue }
                if b == 92 { escaped = true; if collectingKey { key.append(b) }; continue }
                if b == 34 {
                    inString = false
                    if collectingKey, !stack.isEmpty {
                        stack[stack.count - 1].lastKey = String(decoding: key, as: UTF8.self)
                        stack[stack.count - 1].expectingKey = false
                    }
                    collectingKey = false
                } else if collectingKey && key.count < 64 {
                    key.append(b)
                }
                continue
            }
            switch b {
            case 32, 9, 10, 13:
                continue
            default:
                break
            }
            // The first byte of an element of the grants array.
            if let top = stack.last, top.isGrants, !valueStarted, b != 44, b != 93 {
                elementStarts.append((line, column))
                valueStarted = true
            }
            switch b {
            case 34:
                inString = true
                stringStart = (line, column)
                collectingKey = stack.last.map { $0.bracket == 123 && $0.expectingKey } ?? false
                key.removeAll(keepingCapacity: true)
            case 123, 91:
                let isGrants: Bool
                if b == 91 {
                    isGrants = stack.isEmpty || (stack.count == 1 && stack[0].bracket == 123 && stack[0].lastKey == "grants")
                } else {
                    isGrants = false
                }
                stack.append(Open(bracket: b, line: line, column: column, lastKey: nil, expectingKey: b == 123, isGrants: isGrants))
                if isGrants { valueStarted = false }
            case 125, 93:
                _ = stack.popLast()
            case 44:
                if let top = stack.last {
                    if top.bracket == 123 { stack[stack.count - 1].expectingKey = true }
                    if top.isGrants { valueStarted = false }
                }
            default:
                break
            }
        }
        unclosed = stack
        openString = inString ? stringStart : nil
        lastLine = line
    }

    /// Line and column (counting characters, from 1) of a byte offset.
    static func position(ofByte offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1, column = 1
        for b in bytes.prefix(max(0, offset)) {
            if b == 10 { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
        }
        return (line, column)
    }

    /// The diagnostic for JSON that Foundation refused, placed as precisely as the message allows.
    static func malformed(_ error: Error, bytes: [UInt8], file: String) -> Diagnostic {
        let detail = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? "\(error)"
        let scan = JSONLocator(bytes)
        if let (line, column) = numbers(after: "line ", and: "column ", in: detail) {
            return .error(.malformedJson, "the file is not valid JSON here (\(tidy(detail))); reading stopped",
                          at: SourceLocation(file: file, line: line, column: column))
        }
        if let offset = number(after: "character ", in: detail) {
            let (line, column) = position(ofByte: offset, in: bytes)
            return .error(.malformedJson, "the file is not valid JSON here (\(tidy(detail))); reading stopped",
                          at: SourceLocation(file: file, line: line, column: column))
        }
        if let s = scan.openString {
            return .error(.truncatedJson, "the text that starts here is never closed with a quote: the file is cut short or a quote is missing",
                          at: SourceLocation(file: file, line: s.line, column: s.column))
        }
        if let innermost = scan.unclosed.last {
            let what = innermost.bracket == 123 ? "{" : "["
            return .error(.truncatedJson, "the file ends (line \(scan.lastLine)) before the '\(what)' opened here is closed: it is cut short; download it again",
                          at: SourceLocation(file: file, line: innermost.line, column: innermost.column))
        }
        return .error(.malformedJson, "the file is not valid JSON (\(tidy(detail)))", at: SourceLocation(file: file, line: scan.lastLine, column: 0))
    }

    private static func tidy(_ detail: String) -> String {
        var s = detail.trimmingCharacters(in: .whitespacesAndNewlines)
        if s.hasSuffix(".") { s.removeLast() }
        return s.prefix(1).lowercased() + s.dropFirst()
    }

    private static func number(after label: String, in text: String) -> Int? {
        guard let r = text.range(of: label) else { return nil }
        let digits = text[r.upperBound...].prefix(while: \.isNumber)
        return Int(digits)
    }

    private static func numbers(after first: String, and second: String, in text: String) -> (Int, Int)? {
        guard let a = number(after: first, in: text), let b = number(after: second, in: text) else { return nil }
        return (a, b)
    }
}
