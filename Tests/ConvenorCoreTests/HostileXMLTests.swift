import Foundation
import Testing
import ConvenorTestSupport
@testable import ConvenorCore

@Suite("Hostile XML is refused")
struct HostileXMLTests {
    func diagnostics(_ text: String) throws -> [Diagnostic] {
        let path = try TestSupport.write(text, named: "hostile.xml")
        let (result, seconds) = try ThreadCPU.measure { try PortfolioLoader.read(path) }
        #expect(seconds < 5 * TestSupport.timeScale, "reading a hostile file took \(seconds) s of CPU")
        #expect(result.loaded == nil)
        return result.diagnostics
    }

    @Test func externalEntityNamingALocalFile() throws {
        let d = try diagnostics("""
        <?xml version="1.0"?>
        <!DOCTYPE portfolio [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
        <portfolio xmlns="urn:convenor:portfolio:1" place="&secret;"/>
        """)
        #expect(d.map(\.code) == ["entity-forbidden"])
        let passwd = (try? String(contentsOfFile: "/etc/passwd", encoding: .utf8)) ?? "root:x:0:0"
        let firstLine = String(passwd.split(separator: "\n").first ?? "root:x:0:0")
        #expect(!d.description.contains(firstLine))
        #expect(!d.description.contains("root:"))
    }

    @Test func externalEntityInContent() throws {
        let d = try diagnostics("""
        <?xml version="1.0"?>
        <!DOCTYPE portfolio [ <!ENTITY secret SYSTEM "http://example.com/x"> ]>
        <portfolio xmlns="urn:convenor:portfolio:1" place="X"><cohort id="a" name="b"/>&secret;</portfolio>
        """)
        #expect(d.contains { $0.code == "entity-forbidden" })
    }

    @Test func billionLaughs() throws {
        var entities = "<!ENTITY lol \"lol\">\n"
        for i in 1...9 {
            let previous = i == 1 ? "lol" : "lol\(i - 1)"
            entities += "<!ENTITY lol\(i) \"\(String(repeating: "&\(previous);", count: 10))\">\n"
        }
        let d = try diagnostics("""
        <?xml version="1.0"?>
        <!DOCTYPE portfolio [
        \(entities)]>
        <portfolio xmlns="urn:convenor:portfolio:1" place="&lol9;"/>
        """)
        #expect(d.map(\.code) == ["entity-forbidden"])
    }

    @Test func internalSubsetWithoutEntitiesIsStillRefused() throws {
        let d = try diagnostics("""
        <?xml version="1.0"?>
        <!DOCTYPE portfolio [ <!ELEMENT portfolio ANY> ]>
        <portfolio xmlns="urn:convenor:portfolio:1" place="X"/>
        """)
        #expect(d.map(\.description) == [d.first!.location!.description + ": error: [entity-forbidden] a DOCTYPE is not allowed in this file: it can pull in other files or expand entities without limit; remove the <!DOCTYPE …> declaration"])
    }

    @Test func tenThousandDeepNesting() throws {
        let text = #"<portfolio xmlns="urn:convenor:portfolio:1" place="X">"# + String(repeating: "<a>", count: 10_000)
            + String(repeating: "</a>", count: 10_000) + "</portfolio>"
        let d = try diagnostics(text)
        #expect(d.contains { $0.code == "malformed-xml" && $0.message == "elements are nested more than 256 deep; a portfolio never needs that many levels" })
    }

    @Test func truncatedFile() throws {
        let d = try diagnostics(#"<portfolio xmlns="urn:convenor:portfolio:1" place="X"><cohort id="a" name="#)
        #expect(d.contains { $0.code == "malformed-xml" })
    }

    @Test func lineNumbersPast65535() throws {
        var text = #"<portfolio xmlns="urn:convenor:portfolio:1" place="X" as-of="2026-01-01">"# + "\n"
        text += String(repeating: "\n", count: 70_000)
        text += #"<cohort id="a" name="A" colour="red"/>"# + "\n</portfolio>\n"
        let path = try TestSupport.write(text, named: "long.xml")
        let d = try PortfolioLoader.read(path).diagnostics
        #expect(d.first?.location?.line == 70_002)
    }
}
