import Foundation
import Testing
@testable import ConvenorCore

/// Every diagnostic code Convenor can emit has a test of the exact text a user sees (issue 8).
@Suite("Diagnostic coverage")
struct DiagnosticCoverageTests {
    /// Codes found in the sources: the first argument of `.error(`, `.warning(`, `Diagnostic(.x, `,
    /// `problem(.x, `, `report(`, and `code:` / `code =` assignments.
    static func emittedCodes() throws -> Set<String> {
        let sources = TestSupport.root.appendingPathComponent("Sources")
        let pattern = try NSRegularExpression(pattern: #"(?:\.(?:error|warning|note)\(|Diagnostic\(\.[a-z]+, |problem\(\.[a-z]+, |report\(|code: |code = )"([a-z0-9]+(?:-[a-z0-9]+)+)""#)
        var codes: Set<String> = []
        for case let url as URL in FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)! where url.pathExtension == "swift" {
            let text = try String(contentsOf: url, encoding: .utf8)
            for m in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                if let r = Range(m.range(at: 1), in: text) { codes.insert(String(text[r])) }
            }
        }
        return codes
    }

    static func testText() throws -> String {
        let tests = TestSupport.root.appendingPathComponent("Tests")
        var all = ""
        for case let url as URL in FileManager.default.enumerator(at: tests, includingPropertiesForKeys: nil)! where url.pathExtension == "swift" {
            all += try String(contentsOf: url, encoding: .utf8)
        }
        return all
    }

    @Test("every code emitted in Sources has an exact-text expectation ([code] message) in Tests")
    func everyCodeHasAnExactTextTest() throws {
        let codes = try Self.emittedCodes()
        #expect(codes.count >= 40, "the code scanner found only \(codes.sorted())")
        let tests = try Self.testText()
        let missing = codes.filter { !tests.contains("[\($0)] ") }.sorted()
        #expect(missing.isEmpty, "no test checks the exact text of: \(missing.joined(separator: ", "))")
    }

    func csv(_ files: [String: String]) throws -> (String, [String]) {
        let dir = try TestSupport.temporaryDirectory()
        var all = ["place.csv": "name,as-of\nTestville,2026-10-01\n", "initiatives.csv": "id,name,kind,status\ni1,One,pilot,live\n"]
        for (k, v) in files { all[k] = v }
        for (name, text) in all { _ = try TestSupport.write(text, named: name, in: dir) }
        return (dir.path, try PortfolioLoader.read(dir.path).diagnostics.map(\.description))
    }

    @Test func csvStructureCodes() throws {
        let (dir, d) = try csv([
            "place.csv": "name,as-of\nTestville,2026-10-01\nOther,2026-10-01\n",
            "cohorts.csv": "id,name,name\nc,C,D\n",
        ])
        #expect(d == [
            "\(dir)/cohorts.csv:1:3: error: [duplicate-column] cohorts.csv has two 'name' columns; remove one",
            "\(dir)/place.csv:3:1: error: [extra-row] place.csv must have exactly one row after the header",
        ])
    }

    @Test func csvNotUTF8() throws {
        let dir = try TestSupport.temporaryDirectory()
        _ = try TestSupport.write("name,as-of\nTestville,2026-10-01\n", named: "place.csv", in: dir)
        try Data(Array("id,name,kind,status\ni1,Caf".utf8) + [0xE9] + Array(",pilot,live\n".utf8)).write(to: dir.appendingPathComponent("initiatives.csv"))
        let d = try PortfolioLoader.read(dir.path).diagnostics.map(\.description)
        #expect(d == ["\(dir.path)/initiatives.csv:2: error: [bad-encoding] the file is not UTF-8 text (near line 2); in Excel choose Save As → \"CSV UTF-8 (Comma delimited)\""])
    }

    @Test func csvUnreadable() throws {
        let dir = try TestSupport.temporaryDirectory()
        _ = try TestSupport.write("name,as-of\nTestville,2026-10-01\n", named: "place.csv", in: dir)
        _ = try TestSupport.write("id,name,kind,status\ni1,One,pilot,live\n", named: "initiatives.csv", in: dir)
        // A folder where a file should be: opening works, reading fails.
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("funding.csv"), withIntermediateDirectories: true)
        let d = try PortfolioLoader.read(dir.path).diagnostics.map(\.description)
        #expect(d.count == 1)
        #expect(d.first?.hasPrefix("\(dir.path)/funding.csv:") == true)
        #expect(d.first?.contains("] ") == true, "\(d)")
        print("csvUnreadable:", d)
    }

    @Test func tooManyContactProblems() throws {
        var contacts = "household,initiative\n"
        for n in 1...25 { contacts += "h\(n),nowhere\n" }
        let (dir, d) = try csv(["contacts.csv": contacts])
        #expect(d.count == 21)
        #expect(d.last == "\(dir)/contacts.csv:26: error: [too-many-problems] 5 more problems in contacts.csv are not listed; fix the ones above first")
    }

    @Test func schemaThatDoesNotCompile() {
        let error = #expect(throws: InputError.self) { try XMLSchema(contents: "<notaschema/>", name: "broken.xsd") }
        #expect(error?.diagnostics.map(\.description).first?.contains("] ") == true)
        print("schemaThatDoesNotCompile:", error?.diagnostics.map(\.description) ?? [])
    }

    func iati(_ xml: String) throws -> [String] {
        let path = try TestSupport.write(xml, named: "a.xml")
        do {
            return try IATIImporter().importFiles([(path, "a.xml")]).diagnostics.map(\.description)
        } catch let error as InputError {
            return error.diagnostics.map(\.description)
        }
    }

    @Test func iatiCodes() throws {
        let d = try iati("""
        <iati-activities version="1.05">
          <iati-activity>
            <iati-identifier>GB-1-1</iati-identifier>
            <reporting-org ref="GB-1">Org</reporting-org>
            <title>Project</title>
            <participating-org role="1"/>
          </iati-activity>
        </iati-activities>
        """)
        print("iatiCodes:", d)
        #expect(d.contains { $0.contains("[iati-version] ") })
        #expect(d.contains { $0.contains("[empty-element] ") })
    }

    func grants(_ json: String, area: String? = nil) throws -> [String] {
        let path = try TestSupport.write(json, named: "g.json")
        do {
            return try ThreeSixtyGivingImporter(options: .init(area: area)).importFiles([(path, "g.json")]).diagnostics.map(\.description)
        } catch let error as InputError {
            return error.diagnostics.map(\.description)
        }
    }

    @Test func threeSixtyGivingCodes() throws {
        let notGrants = try grants(#"{"things": []}"#)
        let malformed = try grants("{\"grants\": [1,]}")
        let truncated = try grants("{\"grants\": [\n  {\"id\": \"x\"")
        let fields = try grants(#"{"grants": [{"title": "T", "awardDate": "2020-01-01", "currency": "GBP"}]}"#)
        let area = try grants(#"{"grants": [{"identifier": "g1", "title": "T", "amountAwarded": 5, "currency": "GBP", "awardDate": "2020-01-01", "fundingOrganization": [{"id": "F", "name": "F"}], "recipientOrganization": [{"id": "R", "name": "R"}]}]}"#, area: "E08000035")
        print("threeSixtyGiving:", notGrants, malformed, truncated, fields, area, separator: "\n")
        #expect(notGrants.contains { $0.contains("[not-360giving] ") })
        #expect(malformed.contains { $0.contains("[malformed-json] ") })
        #expect(truncated.contains { $0.contains("[truncated-json] ") })
        #expect(fields.contains { $0.contains("[missing-field] ") })
        #expect(fields.contains { $0.contains("[no-location] ") })
        #expect(area.contains { $0.contains("[empty-area] ") })
    }
}
