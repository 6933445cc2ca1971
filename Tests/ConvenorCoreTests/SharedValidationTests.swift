import Foundation
import Testing
import ConvenorTestSupport
@testable import ConvenorCore

/// One document validated in two parts on two threads (issue 17): whatever the document and wherever
/// the cut, the two parts may only both be valid when the whole document is.
@Suite("Validation shared by two threads")
struct SharedValidationTests {
    static let example = (try? String(contentsOfFile: TestSupport.northbridgeXML, encoding: .utf8)) ?? ""

    func loaded(_ text: String) throws -> XMLFileBytes {
        try #require(XMLFileBytes.read(path: try TestSupport.write(text, named: "shared.xml"), limit: 1 << 30))
    }

    /// Offsets of the starts of lines 2... of `text` (every place a cut may fall).
    static func lineStarts(_ text: String) -> [Int] {
        var starts: [Int] = []
        for (i, byte) in text.utf8.enumerated() where byte == 10 { starts.append(i + 1) }
        return starts.filter { $0 < text.utf8.count }
    }

    /// Where the model's parser saw each child of the root end (what the two-thread reading offers).
    func childEnds(_ text: String) throws -> [Int] {
        let reader = try #require(XMLPushReader(document: try loaded(text), displayName: "shared.xml"))
        while reader.read() {}
        return reader.childEnds
    }

    /// The verdict of validating `text` cut at `offset`: nil where no cut may be made there.
    func splitVerdict(_ text: String, cutAt offset: Int) throws -> Bool? {
        let validation = SharedValidation(document: try loaded(text), schema: .portfolio)
        guard let rest = validation.takeRest(from: 0, childEnds: [offset]) else { return nil }
        #expect(rest.start == offset)
        return validation.validateFront() && validation.validate(rest)
    }

    /// Variants the schema or the parser refuses: the broken files of the two-thread reading, and
    /// traps for the cut (lines inside comments, CDATA and elements that look like children).
    static let invalid: [(String, String, String)] = TwoThreadXMLReadingTests.broken.filter { $0.0 != "Latin-1 declared" && $0.0 != "DOCTYPE" } + [
        ("invalid child after a comment holding tags", "  <team id=\"housing-outreach\"",
         "  <!--\n  <team id=\"a\" name=\"b\"/>\n  <team id=\"c\" name=\"d\"/>\n  -->\n  <team colour=\"red\"/>\n  <team id=\"housing-outreach\""),
        ("invalid child after CDATA holding tags", "Run a second winter",
         "Run a <![CDATA[\n  <team id=\"a\" name=\"b\"/>\n  <b>second</b>\n]]> winter</description><colour/><description>"),
        ("text at the root", "  <team id=\"housing-outreach\"", "  stray text\n  <team id=\"housing-outreach\""),
        ("unclosed child spanning lines", "  <team id=\"housing-outreach\"", "  <cohort id=\"x\" name=\"y\">\n  <team id=\"housing-outreach\""),
    ]

    func variant(_ v: (String, String, String)) throws -> String {
        let range = try #require(Self.example.range(of: v.1), "the example no longer has \(v.1)")
        return Self.example.replacingCharacters(in: range, with: v.2)
    }

    @Test("the example is valid cut after any of its top-level elements")
    func validSplits() throws {
        #expect(XMLSchema.portfolio.accepts(try loaded(Self.example)))
        let ends = try childEnds(Self.example)
        #expect(ends.count > 100)
        let bytes = Array(Self.example.utf8)
        for end in ends {
            #expect(bytes[end - 1] == UInt8(ascii: ">"), "offset \(end) is not just past a tag")
            if end == ends.last { continue }
            #expect(try splitVerdict(Self.example, cutAt: end) == true, "cut at offset \(end)")
        }
    }

    @Test("a document that is not valid is not valid wherever it is cut", arguments: invalid)
    func invalidSplits(_ v: (String, String, String)) throws {
        let text = try variant(v)
        #expect(!XMLSchema.portfolio.accepts(try loaded(text)), "\(v.0): the whole document should be refused")
        let changed = try #require(Self.example.range(of: v.1)).lowerBound.utf16Offset(in: Self.example)
        // Every child end and line start near the change, a few places inside tags and text there, and
        // every tenth elsewhere.
        let lines = Self.lineStarts(text)
        let offsets = Set((try childEnds(text)) + lines + lines.map { $0 + 3 } + lines.map { $0 - 2 })
            .sorted().enumerated().filter { abs($0.element - changed) < 3_000 || $0.offset % 10 == 0 }.map(\.element)
        var cuts = 0
        for offset in offsets {
            guard let valid = try splitVerdict(text, cutAt: offset) else { continue }
            #expect(!valid, "\(v.0): accepted when cut at offset \(offset)")
            cuts += 1
        }
        #expect(cuts > 100)
    }

    @Test("landmarks of the outline")
    func outline() {
        func check(_ text: String, rootStartEnd: Int?, lastEndTag: Int?) {
            Array(text.utf8).withUnsafeBytes { b in
                #expect(DocumentOutline.rootStartTagEnd(b) == rootStartEnd, "\(text)")
                #expect(DocumentOutline.lastEndTagStart(b) == lastEndTag, "\(text)")
            }
        }
        check("<a>\n<b/>\n</a>", rootStartEnd: 3, lastEndTag: 9)
        check("<?xml version=\"1.0\"?><!-- <x> --><?pi >?><a q='>' r=\">\">x</a><!-- </c> -->", rootStartEnd: 56, lastEndTag: 66)
        check("\u{FEFF}<a>x</a>", rootStartEnd: 6, lastEndTag: 7)
        check("<a/>", rootStartEnd: nil, lastEndTag: nil)
        check("<!-- only a comment -->", rootStartEnd: nil, lastEndTag: nil)
        check("<a b='unclosed>", rootStartEnd: nil, lastEndTag: nil)
    }

    @Test("validation taken over while the first thread reads: the same verdict, whenever it happens",
          .timeLimit(.minutes(2)))
    func takenOverConcurrently() throws {
        let documents = [("example", Self.example, true)] + (try Self.invalid.map { ($0.0, try variant($0), false) })
        for (name, text, valid) in documents {
            let path = try TestSupport.write(text, named: "shared.xml")
            for round in 0..<8 {
                let document = try #require(XMLFileBytes.open(path: path, limit: 1 << 30))
                let validation = SharedValidation(document: document, schema: .portfolio)
                let (front, rest) = Parallel.both({ validation.validateFront() }, { () -> Bool in
                    // Loading in small pieces, slower in some rounds, so that the rest is taken at
                    // different points of the first thread's reading.
                    guard document.load(pieceSize: 4_096, afterEachPiece: round.isMultiple(of: 2) ? nil : { usleep(100) }),
                          let reader = XMLPushReader(document: document, displayName: "shared.xml") else { return false }
                    while reader.read() {}
                    return validation.validateRest(childEnds: reader.childEnds, minimumBytes: 0)
                })
                #expect((front && rest) == valid, "\(name), round \(round)")
            }
        }
    }
}
