import Foundation

/// A piece of text with its emphasis: the inline part of the document model.
public struct TextRun: Sendable, Equatable {
    public var text: String
    public var bold: Bool
    public var italic: Bool
    /// Code: a command or file name, set in a fixed-width font.
    public var code: Bool

    public init(_ text: String, bold: Bool = false, italic: Bool = false, code: Bool = false) {
        self.text = text
        self.bold = bold
        self.italic = italic
        self.code = code
    }
}

/// A line or paragraph of text: runs in order.
public typealias RichText = [TextRun]

extension Array where Element == TextRun {
    /// The text without its emphasis.
    public var plainText: String { map(\.text).joined() }
}

/// A table: a header row, body rows and each column's alignment.
public struct DocumentTable: Sendable, Equatable {
    public enum Alignment: Sendable, Equatable { case left, center, right }

    public var header: [RichText]
    public var rows: [[RichText]]
    public var alignments: [Alignment]

    public init(header: [RichText], rows: [[RichText]], alignments: [Alignment]) {
        self.header = header
        self.rows = rows
        self.alignments = alignments
    }

    /// Relative column widths from the text in each column: the longest cell, capped (long text
    /// wraps), but never too narrow for the longest word, which cannot. The same table always gets the same widths.
    public var relativeWidths: [Int] {
        (0..<header.count).map { column in
            let texts = ([header] + rows).map { column < $0.count ? $0[column].plainText : "" }
            let longest = texts.map(\.count).max() ?? 0
            let longestWord = texts.flatMap { $0.split(separator: " ") }.map(\.count).max() ?? 0
            // A word needs more than its share of characters: capped columns beside it hold long text that wraps.
            return max(min(max(longest, 6), 48), (longestWord + 2) * 8 / 5)
        }
    }
}

/// One block of a document: the typed form both the Word writer and the tests read.
public enum DocumentBlock: Sendable, Equatable {
    /// The document's title (Markdown `#`).
    case title(RichText)
    /// A line under the title: an emphasised paragraph straight after it.
    case subtitle(RichText)
    /// Level 1 to 3 (Markdown `##` to `####`).
    case heading(Int, RichText)
    case paragraph(RichText)
    /// A shaded box (a Markdown block quote), for what a reader must not miss.
    case callout(RichText)
    case bullets([RichText])
    case numbered([RichText])
    case table(DocumentTable)
    /// A picture, by the name it is given to the writer with (`network.svg`).
    case image(alt: String, source: String)
    case pageBreak
}

/// A document: title, the line printed at the top of every page after the first, and its blocks.
public struct Document: Sendable, Equatable {
    public var title: String
    public var runningHeader: String?
    public var blocks: [DocumentBlock]

    public init(title: String, runningHeader: String? = nil, blocks: [DocumentBlock]) {
        self.title = title
        self.runningHeader = runningHeader
        self.blocks = blocks
    }
}

/// A slide deck: the slides, the deck's title and the line at the foot of every content slide.
public struct SlideDeck: Sendable, Equatable {
    public var title: String
    public var footer: String?
    public var slides: [Slide]

    public init(title: String, footer: String? = nil, slides: [Slide]) {
        self.title = title
        self.footer = footer
        self.slides = slides
    }
}

/// One slide: what the audience sees, and the speaker notes they do not.
public struct Slide: Sendable, Equatable {
    public enum Layout: String, Sendable, Equatable {
        /// The dark cover.
        case title
        /// A divider: breaks, the close.
        case section
        /// Title and body.
        case content
    }

    /// A big figure and its caption.
    public struct Figure: Sendable, Equatable {
        public var value: String
        public var label: String
        public init(value: String, label: String) {
            self.value = value
            self.label = label
        }
    }

    public enum Block: Sendable, Equatable {
        case bullets([RichText])
        /// A statement in large type.
        case paragraph(RichText)
        /// Big figures side by side.
        case figures([Figure])
        case table(DocumentTable)
        case image(alt: String, source: String)
    }

    public var layout: Layout
    /// The small line above the title ("Session 3 · 10:10–10:35").
    public var kicker: String?
    public var title: String
    public var subtitle: String?
    public var blocks: [Block]
    /// Speaker notes, a paragraph each: the facilitator's material, never on the slide itself.
    public var notes: [String]

    public init(layout: Layout = .content, kicker: String? = nil, title: String, subtitle: String? = nil,
                blocks: [Block] = [], notes: [String] = []) {
        self.layout = layout
        self.kicker = kicker
        self.title = title
        self.subtitle = subtitle
        self.blocks = blocks
        self.notes = notes
    }
}

/// A picture an Office document embeds: an SVG Convenor made, with its size.
public struct OfficePicture: Sendable, Equatable {
    public var svg: Data
    /// Size in points (the SVG's own width and height, or its view box).
    public var width: Double
    public var height: Double

    /// Reads the size from the root `<svg>`'s width and height (or view box); nil when it has neither.
    public init?(svg text: String) {
        guard let start = text.range(of: "<svg"), let end = text[start.upperBound...].firstIndex(of: ">") else { return nil }
        let tag = String(text[start.upperBound..<end])
        func attribute(_ name: String) -> String? {
            guard let r = tag.range(of: " \(name)=\"") ?? tag.range(of: "\n\(name)=\"") else { return nil }
            let rest = tag[r.upperBound...]
            return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
        }
        func number(_ s: String?) -> Double? {
            guard let s else { return nil }
            return Double(s.prefix { $0.isNumber || $0 == "." })
        }
        let box = attribute("viewBox")?.split(separator: " ").compactMap { Double($0) }
        guard let w = number(attribute("width")) ?? box.flatMap({ $0.count == 4 ? $0[2] : nil }),
              let h = number(attribute("height")) ?? box.flatMap({ $0.count == 4 ? $0[3] : nil }), w > 0, h > 0 else { return nil }
        self.svg = Data(text.utf8)
        self.width = w
        self.height = h
    }
}
