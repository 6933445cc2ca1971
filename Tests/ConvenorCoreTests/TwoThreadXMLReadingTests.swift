import Foundation
import Testing
import ConvenorTestSupport
@testable import ConvenorCore

/// Portfolio XML read on two threads (issue 17): the schema validates on one core while the model is
/// built on the other. Whatever the file, the result must be exactly the single-thread reading's.
@Suite("Reading XML on two threads")
struct TwoThreadXMLReadingTests {
    static let twoCores = ProcessInfo.processInfo.activeProcessorCount >= 2

    /// The example place with one piece of text replaced (which must be there).
    func example(replacing needle: String = "", with replacement: String = "") throws -> String {
        let text = try String(contentsOfFile: TestSupport.northbridgeXML, encoding: .utf8)
        guard !needle.isEmpty else { return text }
        let range = try #require(text.range(of: needle), "the example no longer has \(needle)")
        return text.replacingCharacters(in: range, with: replacement)
    }

    func write(_ text: String) throws -> String { try TestSupport.write(text, named: "portfolio.xml") }

    /// What the single-thread reading gives, and what the whole read (two threads when it can) gives.
    func bothReadings(_ path: String) throws -> (single: XMLPortfolioReader.Output, read: XMLPortfolioReader.Output) {
        (try XMLPortfolioReader(path: path, displayName: path).read(), try XMLPortfolioReader.read(path: path, displayName: path))
    }

    /// Everything a user sees of a reading: the reader's messages, the model, and the validator's
    /// findings located through the source map.
    func expectSame(_ a: XMLPortfolioReader.Output, _ b: XMLPortfolioReader.Output, path: String) {
        #expect(a.diagnostics.map(\.description) == b.diagnostics.map(\.description))
        #expect(a.portfolio == b.portfolio)
        #expect(a.contactsReference == b.contactsReference)
        #expect(a.dateOrder == b.dateOrder)
        if let pa = a.portfolio, let pb = b.portfolio {
            let found = { (p: Portfolio, map: SourceMap) in
                XMLColumnResolver.resolve(PortfolioValidator(portfolio: p, sourceMap: map).check(), path: path, displayName: path).map(\.description)
            }
            #expect(found(pa, a.sourceMap) == found(pb, b.sourceMap))
        }
    }

    @Test("a valid file with warnings and builder errors: taken on two threads, same output", .enabled(if: twoCores, "needs two cores"),
          arguments: [
              // As of 2025: dozens of decisions, evidence and reviews dated in the future (warnings).
              ("as-of=\"2026-11-01\"", "as-of=\"2025-01-01\""),
              // Duplicate id: the schema has no identity constraints, so only the builder sees it.
              ("id=\"housing-first\"", "id=\"winter-shelter\""),
              // A child element twice: the schema allows it, the builder reports it.
              ("<caseload households=\"140\"/>", "<caseload households=\"140\"/><caseload households=\"141\"/>"),
              // An unknown team: a dangling reference the validator finds.
              ("<teams>housing-outreach harbour-street-outreach</teams>", "<teams>housing-outreach nosuchteam</teams>"),
              // Comments, CDATA and character references are plain text to both readings.
              ("Run a second winter", "<![CDATA[Run a <second>]]> &#233; &amp; winter"),
          ])
    func validFilesTakeTheTwoThreadPath(_ change: (String, String)) throws {
        let path = try write(try example(replacing: change.0, with: change.1))
        let twoThreads = try #require(XMLPortfolioReader.readOnTwoThreads(path: path, displayName: path), "the two-thread reading declined a valid file")
        let single = try XMLPortfolioReader(path: path, displayName: path).read()
        expectSame(twoThreads, single, path: path)
    }

    @Test("the as-of change gives warnings, so the comparison above compares something")
    func warningsAreThere() throws {
        let path = try write(try example(replacing: "as-of=\"2026-11-01\"", with: "as-of=\"2025-01-01\""))
        let loaded = try PortfolioLoader.read(path)
        #expect(loaded.diagnostics.filter { $0.severity == .warning }.count > 20)
    }

    /// Broken variants of the example: every one must be read the single-thread way, so its messages are
    /// today's. The schema-invalid ones are well-formed and build without a reader error: only the
    /// validating thread can turn them away.
    static let broken: [(String, String, String)] = [
        ("bad date", "start=\"2024-11-01\"", "start=\"2024-13-01\""),
        ("bad amount", "amount=\"180000\"", "amount=\"18O000\""),
        ("bad choice", "kind=\"pilot\"", "kind=\"pilott\""),
        ("missing field", " name=\"Winter shelter pilot\"", ""),
        ("unknown attribute", "status=\"live\"", "status=\"live\" colour=\"red\""),
        ("unknown element", "<caseload households=\"140\"/>", "<caseload households=\"140\"/><colour/>"),
        ("wrong root", "<portfolio xmlns=\"urn:convenor:portfolio:1\"", "<portfolio xmlns=\"urn:example\""),
        ("entity", "Winter shelter pilot", "Winter &shelter; pilot"),
        ("tag mismatch", "</cohorts>", "</cohortz>"),
        ("character reference XML forbids", "Run a second winter", "Run a &#1; winter"),
        ("DOCTYPE", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><!DOCTYPE portfolio [<!ENTITY x \"y\">]>"),
        ("Latin-1 declared", "encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\""),
    ]

    @Test("broken files are never taken on two threads, and read as before", arguments: broken)
    func brokenFilesFallBack(_ variant: (String, String, String)) throws {
        let path = try write(try example(replacing: variant.1, with: variant.2))
        let taken = XMLPortfolioReader.readOnTwoThreads(path: path, displayName: path) != nil
        #expect(!taken, "\(variant.0) was taken on two threads")
        let (single, read) = try bothReadings(path)
        expectSame(read, single, path: path)
        if variant.0 != "Latin-1 declared" {
            #expect(single.diagnostics.hasErrors, "\(variant.0) should be an error")
        }
    }

    @Test("the SAX validator accepts exactly what the validating reader accepts")
    func schemaAcceptsOnlyValidDocuments() throws {
        let schema = XMLSchema.portfolio
        func accepts(_ text: String) throws -> Bool {
            let path = try write(text)
            return schema.accepts(try #require(XMLFileBytes.read(path: path, limit: 1 << 30)))
        }
        #expect(try accepts(try example()))
        // The DOCTYPE variant is schema-valid: `isPlainDocument` keeps it away (see brokenFilesFallBack).
        for (name, needle, replacement) in Self.broken where name != "Latin-1 declared" && name != "DOCTYPE" {
            #expect(try !accepts(try example(replacing: needle, with: replacement)), "\(name) accepted")
        }
    }

    /// Documents and whether each is plain.
    static let plainnessCases: [(bytes: [UInt8], plain: Bool)] = {
        let body = Array(#"<portfolio xmlns="urn:convenor:portfolio:1" place="X"><!-- c --><x><![CDATA[y]]></x></portfolio>"#.utf8)
        let run = GuardedInput.maxRun
        return [
            (body, true),
            (Array(#"<?xml version="1.0" encoding='utf-8'?>"#.utf8) + body, true),
            ([0xEF, 0xBB, 0xBF] + body, true),
            (Array(#"<?xml version="1.0" encoding="ISO-8859-1"?>"#.utf8) + body, false),
            (Array("<!DOCTYPE portfolio>".utf8) + body, false),
            (Array("<portfolio><!ENTITY x \"y\"></portfolio>".utf8), false),
            // A declaration late in the file, and `<!` as the very last bytes.
            (body.dropLast(12) + Array("<!ENTITY x \"y\"></portfolio>".utf8), false),
            (body + Array("<!".utf8), false),
            (Array(" ".utf8) + body, false),
            ([0xFF, 0xFE] + Array("<".utf8), false),
            ([], false),
            (Array("<p a=\"".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: run + 1) + Array("\"/>".utf8), false),
            (Array("<p a=\"".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: run - 10) + Array("\"/>".utf8), true),
            (Array("<p>".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: run + 1), false),
        ]
    }()

    @Test("only plain UTF-8 without a DOCTYPE or an over-long run is read without the reader's checks first")
    func plainDocuments() throws {
        for (n, c) in Self.plainnessCases.enumerated() {
            let path = try TestSupport.write(Data(c.bytes), named: "p.xml")
            #expect(try #require(XMLFileBytes.read(path: path, limit: 1 << 30)).isPlainDocument == c.plain, "case \(n)")
        }
    }

    @Test("the plainness check gives the same verdict however the file arrives in pieces")
    func plainDocumentsInPieces() throws {
        for (n, c) in Self.plainnessCases.enumerated() {
            let path = try TestSupport.write(Data(c.bytes), named: "p.xml")
            // Pieces that cut `<!--` and `<![CDATA[` at every place, and the size the reader uses.
            let sizes = c.bytes.count > 10_000 ? [4_093, 65_536, XMLFileBytes.pieceSize] : Array(1...12) + [100, XMLFileBytes.pieceSize]
            for size in sizes {
                let document = try #require(XMLFileBytes.open(path: path, limit: 1 << 30))
                #expect(document.load(pieceSize: size) == c.plain, "case \(n), pieces of \(size)")
                #expect(document.isPlainDocument == c.plain, "case \(n), pieces of \(size)")
            }
        }
    }

    @Test("validation reads a file while another thread loads it, and stops when loading does",
          .timeLimit(.minutes(1)))
    func validationFollowsLoading() throws {
        let schema = XMLSchema.portfolio
        func validatedWhileLoading(_ text: String) throws -> (valid: Bool, loaded: Bool) {
            let document = try #require(XMLFileBytes.open(path: try write(text), limit: 1 << 30))
            // Small pieces, slowly, so that the validator catches up and waits many times.
            return Parallel.both({ schema.accepts(document) }, { document.load(pieceSize: 512) { usleep(300) } })
        }
        let valid = try validatedWhileLoading(try example())
        #expect(valid.valid && valid.loaded)
        // Schema-valid, but loading stops at the DOCTYPE or at the over-long run late in the file: the
        // validator must give up (not wait for ever, and not accept the part it saw).
        let doctype = try validatedWhileLoading("<!DOCTYPE portfolio>\n" + (try example()))
        #expect(!doctype.valid && !doctype.loaded)
        let longText = String(repeating: "a", count: GuardedInput.maxRun + 1)
        let late = try example(replacing: "</portfolio>", with: "<!-- \(longText) --></portfolio>")
        let overlong = try validatedWhileLoading(late)
        #expect(!overlong.valid && !overlong.loaded)
        // The same file loaded whole is schema-valid: only loading's stop makes the validator refuse.
        #expect(schema.accepts(try #require(XMLFileBytes.read(path: try write(late), limit: 1 << 30))))
    }

    @Test("files over the limit are left to the streaming reader")
    func sizeLimit() throws {
        let path = try write(try example())
        #expect(XMLFileBytes.read(path: path, limit: 100) == nil)
        #expect(XMLFileBytes.read(path: path + ".missing", limit: 1 << 30) == nil)
        #expect(XMLFileBytes.read(path: path, limit: 1 << 30)?.count == (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int))
    }
}
