import Foundation

/// A picture Convenor draws: its canvas and its content, written with `XMLWriter` (so every name in
/// it is escaped as it is written), and the three ways it is put out: as an `.svg` file, as an
/// element embedded as it is (Office documents, workshop packs), and inline in an HTML page.
public struct SVGPicture: Sendable, Equatable {
    /// Canvas size in SVG user units (px).
    public let width: Double
    public let height: Double
    /// The id of the picture's `<title>`, which the root names as its label; nil for none.
    let labelledBy: String?
    /// Everything inside the root, one element (or one row of them) a line.
    private let content: XMLWriter

    static let fontFamily = "Arial, Helvetica, sans-serif"

    /// Draws the picture's content with `draw`, which starts on the line after the root's open tag
    /// and ends each line it writes with `lineBreak()`.
    init(width: Double, height: Double, labelledBy: String?, draw: (inout XMLWriter) -> Void) {
        self.width = width
        self.height = height
        self.labelledBy = labelledBy
        var content = XMLWriter.fragment()
        draw(&content)
        self.content = content
    }

    /// A coordinate or size as every picture writes it: one decimal place, the same on every machine.
    static func number(_ value: Double) -> String { Format.plain(value, places: 1) }

    /// The `.svg` file: XML declaration, then `element`.
    public var document: String {
        var x = XMLWriter(.plain)
        writeRoot(&x, inline: false)
        return x.document(trailingNewline: true)
    }

    /// The root element and its content, without a declaration (ends with a line break).
    public var element: String {
        var x = XMLWriter.fragment()
        writeRoot(&x, inline: false)
        return x.document(trailingNewline: true)
    }

    /// The picture inside an HTML page: class `chart`, which the page's stylesheet scales to the
    /// column, and its natural width kept as `data-width` (a width attribute would stop the scaling).
    public var inline: String {
        var x = XMLWriter.fragment()
        writeRoot(&x, inline: true)
        return x.document(trailingNewline: true)
    }

    private func writeRoot(_ x: inout XMLWriter, inline: Bool) {
        let w = Self.number(width), h = Self.number(height)
        x.open("svg", ["class": inline ? "chart" : nil, "xmlns": "http://www.w3.org/2000/svg",
                       "width": inline ? nil : w, "data-width": inline ? w : nil, "height": h,
                       "viewBox": "0 0 \(w) \(h)", "font-family": Self.fontFamily, "role": "img", "aria-labelledby": labelledBy])
        x.lineBreak()
        x.append(content)
        x.close()
    }

    public static func == (a: SVGPicture, b: SVGPicture) -> Bool {
        a.width == b.width && a.height == b.height && a.labelledBy == b.labelledBy && a.content.document() == b.content.document()
    }
}
