import Foundation
import Testing
import ConvenorTestSupport
@testable import ConvenorCore

/// The push parser's reader (issue 17, the model thread of the two-thread reading) must give the
/// builder exactly the nodes, names, lines, attributes and texts the text reader gives, whatever the
/// chunks it is fed in.
@Suite("XMLPushReader")
struct XMLPushReaderTests {
    /// Every node as the builder sees it, one line each (readText at every start element).
    static func transcript(_ reader: some XMLEventReading) -> [String] {
        var out: [String] = []
        while reader.read() {
            switch reader.kind {
            case .startElement:
                var attributes: [String] = []
                reader.forEachAttribute { name, _, value in attributes.append("\(name)=\(value)") }
                let listed = reader.attributes().map { "\($0.name)=\($0.value)" }
                out.append("start \(reader.localName) \(reader.namespaceURI ?? "-") depth \(reader.depth) line \(reader.line) empty \(reader.isEmptyElement) \(attributes) \(listed == attributes) text [\(reader.isEmptyElement ? "" : reader.readText())]")
            case .endElement:
                out.append("end \(reader.localName) \(reader.namespaceURI ?? "-") depth \(reader.depth)")
            case .text, .other:
                break
            }
        }
        out.append("failed \(reader.failed) diagnostics \(reader.diagnostics.count)")
        return out
    }

    static let tricky = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- a comment first -->
        <portfolio xmlns="urn:convenor:portfolio:1" xmlns:x="urn:example" place="A &amp; B &#38; C &lt;&gt;&#233;&#x41;" x:note="prefixed">
          <empty/>
          <empty   a="1"
             b="two  words"/>
          <initiative id="i1"><description>Text <![CDATA[with <cdata> & more]]> and &amp; &#233; <b>bold <i>deep</i></b> tail</description>
            <decision value="stop">  spaced
              over lines  </decision><x:other y="z">in another namespace</x:other>
          </initiative>
          <unprefixed xmlns="">no namespace</unprefixed>
        </portfolio>
        """

    func bytes(_ text: String) throws -> XMLFileBytes {
        let path = try TestSupport.write(text, named: "push.xml")
        return try #require(XMLFileBytes.read(path: path, limit: 1 << 30))
    }

    @Test("same nodes as the text reader, fed in chunks of any size",
          arguments: [1, 2, 7, 64, 4096, XMLPushReader.defaultChunkSize])
    func sameAsTextReader(_ chunkSize: Int) throws {
        for text in [Self.tricky, try String(contentsOfFile: TestSupport.northbridgeXML, encoding: .utf8)] {
            let document = try bytes(text)
            let expected = Self.transcript(try XMLStreamReader(document: document, displayName: "push.xml"))
            let push = try #require(XMLPushReader(document: document, displayName: "push.xml", chunkSize: chunkSize))
            let got = Self.transcript(push)
            #expect(got == expected)
            #expect(expected.count > 10)
        }
    }

    @Test("any libxml2 problem marks the reading failed", arguments: [
        "<a><b></a>", "<a>&undeclared;</a>", "<a x='1' x='2'/>", "<p:a/>", "<a>", "", "<a/><b/>", "<a>&#1;</a>",
    ])
    func problemsFail(_ text: String) throws {
        let reader = try #require(XMLPushReader(document: try bytes(text), displayName: "push.xml"))
        while reader.read() {}
        #expect(reader.failed)
    }
}
