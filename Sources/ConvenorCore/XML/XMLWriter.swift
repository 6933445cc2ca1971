import Foundation

/// Writes XML element by element, escaping every attribute value and every piece of text as it goes,
/// so no caller ever builds markup by joining strings.
///
/// Elements are opened and closed in order (the writer keeps the stack, so they always balance).
/// `Layout.compact` writes everything on one line, as Office parts are; `Layout.indented` puts each
/// element on its own line, two spaces a level, as the portfolio, GraphML and GEXF files are.
public struct XMLWriter: Sendable {
    /// How elements are laid out.
    public enum Layout: Sendable {
        /// No whitespace between elements (Office Open XML parts).
        case compact
        /// Each element on its own line, indented two spaces a level; text stays on its element's line.
        case indented
    }

    /// The XML declaration written first.
    public enum Declaration: Sendable {
        /// `<?xml version="1.0" encoding="UTF-8"?>`
        case plain
        /// `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`, as Office parts carry.
        case standalone
    }

    private var out = ""
    private let layout: Layout
    /// True for a writer made by `fragment`: no declaration, so it can be appended into another.
    private var isFragment = false
    /// Open elements, innermost last, each with whether text was written directly inside it.
    private var stack: [(name: String, hasText: Bool)] = []

    /// Starts a document with its declaration on a line of its own.
    public init(_ declaration: Declaration = .standalone, layout: Layout = .compact) {
        self.layout = layout
        switch declaration {
        case .plain: out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        case .standalone: out = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        }
    }

    /// A fragment: elements with no XML declaration, for splicing into a file Convenor edits in place.
    public static func fragment(layout: Layout = .compact) -> XMLWriter {
        var x = XMLWriter(.plain, layout: layout)
        x.out = ""
        x.isFragment = true
        return x
    }

    /// An attribute list: pairs whose value is nil are left out, the rest written in the order given.
    public typealias Attributes = KeyValuePairs<String, String?>

    /// Opens `<name …>`; every `open` needs a matching `close()`.
    public mutating func open(_ name: String, _ attributes: Attributes = [:]) {
        startTag(name, attributes)
        out += ">"
        stack.append((name, false))
    }

    /// Opens an element with attributes given as an array (when they are computed).
    public mutating func open(_ name: String, attributeList: [(String, String?)]) {
        startTag(name, attributeList)
        out += ">"
        stack.append((name, false))
    }

    /// Closes the innermost open element.
    public mutating func close() {
        guard let (name, hasText) = stack.popLast() else {
            preconditionFailure("XMLWriter.close() with no element open")
        }
        if layout == .indented && !hasText { newlineAndIndent() }
        out += "</\(name)>"
    }

    /// `<name …/>`.
    public mutating func empty(_ name: String, _ attributes: Attributes = [:]) {
        startTag(name, attributes)
        out += "/>"
    }

    /// `<name …/>` with attributes given as an array.
    public mutating func empty(_ name: String, attributeList: [(String, String?)]) {
        startTag(name, attributeList)
        out += "/>"
    }

    /// `<name …>text</name>`, the text escaped (an empty text still gives an open and a close tag).
    public mutating func element(_ name: String, _ attributes: Attributes = [:], text: String) {
        startTag(name, attributes)
        out += ">" + escape(text) + "</\(name)>"
    }

    /// An element holding whatever `body` writes.
    public mutating func element(_ name: String, _ attributes: Attributes = [:], _ body: (inout XMLWriter) -> Void) {
        open(name, attributes)
        body(&self)
        close()
    }

    /// Escaped text inside the innermost open element.
    public mutating func text(_ text: String) {
        if !stack.isEmpty { stack[stack.count - 1].hasText = true }
        out += escape(text)
    }

    /// A line break between elements, in a compact document that keeps one element (or one row of
    /// them) a line, as the SVG pictures do so they read and diff well. Whitespace only, never markup.
    public mutating func lineBreak() {
        precondition(layout == .compact, "XMLWriter.lineBreak() is for compact documents; indented ones break lines themselves")
        out += "\n"
    }

    /// Writes a finished fragment (elements another `XMLWriter` wrote) inside the innermost open
    /// element: a picture's content drawn once and put in more than one root.
    public mutating func append(_ fragment: XMLWriter) {
        precondition(layout == .compact && fragment.layout == .compact && fragment.isFragment,
                     "XMLWriter.append takes a compact fragment (no declaration)")
        out += fragment.document()
    }

    /// The finished document. `trailingNewline` ends it with a line break, as text files usually are.
    public func document(trailingNewline: Bool = false) -> String {
        precondition(stack.isEmpty, "XMLWriter: <\(stack.last?.name ?? "")> was never closed")
        return trailingNewline ? out + "\n" : out
    }

    /// The finished document as UTF-8 bytes.
    public func data(trailingNewline: Bool = false) -> Data { Data(document(trailingNewline: trailingNewline).utf8) }

    private mutating func startTag<S: Sequence>(_ name: String, _ attributes: S) where S.Element == (String, String?) {
        if layout == .indented && !stack.isEmpty { newlineAndIndent(depth: stack.count) }
        out += "<" + name
        for (key, value) in attributes {
            guard let value else { continue }
            out += " \(key)=\"" + escape(value, attribute: true) + "\""
        }
    }

    private mutating func startTag(_ name: String, _ attributes: Attributes) {
        startTag(name, attributes.map { ($0.key, $0.value) })
    }

    private mutating func newlineAndIndent(depth: Int? = nil) {
        out += "\n" + String(repeating: "  ", count: depth ?? stack.count)
    }
}
