import Foundation
import Testing
import ConvenorTestSupport
@testable import ConvenorCore

/// Every diagnostic code Convenor can emit has a test of the exact text a user sees (issue 8).
@Suite("Diagnostic coverage")
struct DiagnosticCoverageTests {
    /// Every Swift source file's text, by path.
    static func sources() throws -> [(path: String, text: String)] {
        let sources = TestSupport.root.appendingPathComponent("Sources")
        var all: [(String, String)] = []
        for case let url as URL in FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)! where url.pathExtension == "swift" {
            all.append((url.path, try String(contentsOf: url, encoding: .utf8)))
        }
        return all
    }

    /// Diagnostics are made from `DiagnosticCode` cases only: no code is written as a string literal.
    @Test func noCodeIsAStringLiteral() throws {
        let literal = try NSRegularExpression(pattern: #"(?:\.(?:error|warning|note)\(|Diagnostic\((?:\.[a-z]+|severity), |\breport\(|\bproblem\(\.[a-z]+, |note\(key: [^)]*?code: |code = |\.code [!=]= )"[a-z0-9-]+""#)
        var found: [String] = []
        for (path, text) in try Self.sources() {
            for m in literal.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                found.append("\((path as NSString).lastPathComponent): \(text[Range(m.range, in: text)!])")
            }
        }
        #expect(found.isEmpty, "write these as DiagnosticCode cases: \(found)")
    }

    /// Every case is emitted somewhere (a case nothing emits is a code the documentation promises in vain).
    @Test func everyCaseIsEmitted() throws {
        let text = try Self.sources().filter { !$0.path.hasSuffix("DiagnosticCode.swift") }.map(\.text).joined()
        let rules = Set(RegisterRule.allCases.map(\.rawValue))
        let unused = DiagnosticCode.allCases.filter { !rules.contains($0.rawValue) && !text.contains(".\($0)") && !text.contains("\($0):") }
        #expect(unused.isEmpty, "cases no source emits: \(unused)")
    }

    /// The text of every test file, less the tests that may not run: a test with a condition trait
    /// (`.needs(...)`, `.enabled(if:)`, `.disabled`) is cut from its `@Test` to the next `@Test`, so a
    /// code whose only exact-text check can be skipped does not count as covered.
    static func testText() throws -> String {
        let tests = TestSupport.root.appendingPathComponent("Tests")
        var all = ""
        for case let url as URL in FileManager.default.enumerator(at: tests, includingPropertiesForKeys: nil)! where url.pathExtension == "swift" {
            all += unconditional(try String(contentsOf: url, encoding: .utf8))
        }
        return all
    }

    static func unconditional(_ source: String) -> String {
        let parts = source.components(separatedBy: "@Test")
        var kept = parts[0]
        for part in parts.dropFirst() {
            let attribute = part.prefix { $0 != "{" }
            if attribute.contains(".needs(") || attribute.contains(".enabled(") || attribute.contains(".disabled") { continue }
            kept += "@Test" + part
        }
        return kept
    }

    @Test("a check that only a conditional test makes does not count")
    func conditionalTestsDoNotCount() {
        let source = """
        @Test func always() { #expect(x == "[always-code] a") }
        @Test(.needs(.sharedData)) func sometimes() { #expect(x == "[sometimes-code] b") }
        @Test("x", .enabled(if: false, "y")) func rarely() { #expect(x == "[rare-code] c") }
        """
        let kept = Self.unconditional(source)
        #expect(kept.contains("[always-code] ") && !kept.contains("[sometimes-code] ") && !kept.contains("[rare-code] "))
    }

    /// Codes no input can produce, and why.
    static let unreachable: [String: String] = [
        "schema-invalid": "only when libxml2 fails to compile a built-in schema without saying why; the built-in schemas compile in every test run",
    ]

    @Test("every diagnostic code has an exact-text expectation ([code] message) in Tests")
    func everyCodeHasAnExactTextTest() throws {
        #expect(DiagnosticCode.allCases.count >= 60)
        let tests = try Self.testText()
        let missing = DiagnosticCode.allCases.map(\.rawValue).filter { !Self.unreachable.keys.contains($0) && !tests.contains("[\($0)] ") }
        #expect(missing.isEmpty, "no test checks the exact text of: \(missing.joined(separator: ", "))")
    }

    /// Register findings are diagnostics too (`check`): the first of each rule on the example place.
    @Test func registerRuleCodes() throws {
        let loaded = try PortfolioLoader.load(TestSupport.northbridgeXML)
        let register = RegisterEngine(overlap: RegisterOverlapFacts(OverlapAnalysis.run(loaded.portfolio))).run(loaded.portfolio, asOf: try loaded.asOf())
        var first: [String: String] = [:]
        for d in RegisterDiagnostics.diagnostics(for: register, in: loaded, includeNotes: true).sortedByLocation() where first[d.code] == nil {
            first[d.code] = d.description
        }
        let path = TestSupport.northbridgeXML
        #expect(first["overlaps"] == "\(path):198:15: warning: [overlaps] Winter shelter pilot: could become one service with Housing First, the suggested lead of its consolidation group of 3: it overlaps it directly (score 0.56), serving the same cohorts in the same places")
        #expect(first["pilotitis"] == "\(path):233:15: warning: [pilotitis] Riverside and Eastfield homelessness prevention pilot: pilot live since 2024-04-01 (31 months) with no stop, scale or merge decision")
        #expect(first["start-without-stop"] == "\(path):279:15: warning: [start-without-stop] Year-round rough sleeper assessment hub pilot: proposed while it overlaps live Changing Futures Northbridge, Winter shelter pilot; start it only if it replaces one of them (no stop or merge decision recorded for them)")
        #expect(first["negative-evidence"] == "\(path):590:15: warning: [negative-evidence] Digital inclusion kiosks in libraries pilot: evaluated evidence is negative (2026-04-30, Evaluation: kiosks used for 6% of planned sessions; most users were already online)")
        #expect(first["shared-families"]?.hasPrefix("\(path):442:5: note: [shared-families] Hospital IDVA pilot: meets the same families as Domestic abuse perpetrator programme pilot (fewer than 5 shared households), cohorts declared never to be merged, but serves different people") == true)
        #expect(first["positive-evidence"] == "\(path):447:15: note: [positive-evidence] Hospital IDVA pilot: evaluated evidence is positive (2026-08-31, Independent evaluation for the Violence Reduction Unit: 62% felt safer at case closure)")
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
        #expect(d == ["\(dir.path)/initiatives.csv:2: error: [bad-encoding] initiatives.csv is not UTF-8: line 2 has a character in another encoding (probably Windows-1252, which Excel's \"CSV (Comma delimited)\" writes); in Excel open it and choose File → Save As → \"CSV UTF-8 (Comma delimited)\", then run again"])
    }

    @Test func csvFolderWhereAFileShouldBe() throws {
        let dir = try TestSupport.temporaryDirectory()
        _ = try TestSupport.write("name,as-of\nTestville,2026-10-01\n", named: "place.csv", in: dir)
        _ = try TestSupport.write("id,name,kind,status\ni1,One,pilot,live\n", named: "initiatives.csv", in: dir)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("funding.csv"), withIntermediateDirectories: true)
        let error = try #require(throws: FileError.self) { try PortfolioLoader.read(dir.path) }
        #expect(error.description == "\(dir.path)/funding.csv: error: is a folder, not a CSV file; move it out of the portfolio folder or rename it")
    }

    @Test func csvReadFailureMidFile() {
        #expect(CSVTableReader.diagnostic(for: .readError(line: 40_001, errno: EIO), displayName: "p/contacts.csv")?.description
                == "p/contacts.csv:40001: error: [cannot-read] reading stopped near line 40001: Input/output error")
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
        #expect(error?.diagnostics.map(\.description) == ["error: [schema-violation] The XML document 'in_memory_buffer' is not a schema document."])
    }

    @Test func rulesSetTwice() throws {
        let path = try TestSupport.write("""
        <rules xmlns="urn:convenor:rules:1">
          <rule id="pilotitis" months="18"/>
          <rule id="pilotitis" months="12"/>
        </rules>
        """, named: "convenor.rules.xml")
        let error = try #require(throws: InputError.self) { try RulesFile.load(path: path) }
        #expect(error.diagnostics.map(\.description) == ["\(path):3:9: error: [duplicate-rule] rule 'pilotitis' is set twice; keep one (the first is on line 2)"])
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
        #expect(d == [
            "a.xml:1: warning: [iati-version] this file is IATI version 1.05, older than 2.01: it is read with the 1.x spellings (text without <narrative>, words for codes), so check the result",
            "a.xml:2: warning: [missing-element] activity 'GB-1-1' has no activity-date; the initiative has no start or end",
            "a.xml:2: warning: [missing-element] activity 'GB-1-1' has no activity-status; it was marked 'live' from its dates and the as-of date",
            "a.xml:6: warning: [empty-element] participating-org has neither a name nor a ref; it was ignored",
        ])
        let status = try iati("""
        <iati-activities version="2.03">
          <iati-activity>
            <iati-identifier>GB-1-2</iati-identifier>
            <title><narrative>Project</narrative></title>
            <activity-status code="xx"/>
            <activity-date iso-date="2024-01-01" type="2"/>
          </iati-activity>
        </iati-activities>
        """)
        #expect(status.contains("a.xml:5: warning: [unknown-code] activity-status 'xx' is not an IATI status code (1–6); the status is worked out from the dates"), "\(status)")
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
        let malformed = try grants("{\"grants\": [{\"id\": 1x}]}")
        let truncated = try grants("{\"grants\": [\n  {\"id\": \"x\"")
        let fields = try grants(#"{"grants": [{"title": "T", "awardDate": "2020-01-01", "currency": "GBP"}]}"#)
        let area = try grants(#"{"grants": [{"identifier": "g1", "title": "T", "amountAwarded": 5, "currency": "GBP", "awardDate": "2020-01-01", "fundingOrganization": [{"id": "F", "name": "F"}], "recipientOrganization": [{"id": "R", "name": "R"}]}]}"#, area: "E08000035")
        #expect(notGrants == [#"g.json:1:1: error: [not-360giving] the file is JSON but has no "grants" list: a 360Giving file looks like {"grants": [ … ]}"#])
        #expect(malformed == ["g.json:1:21: error: [malformed-json] the file is not valid JSON here (invalid value around character 20); reading stopped"])
        #expect(truncated == ["g.json:2:3: error: [truncated-json] the file ends (line 2) before the '{' opened here is closed: it is cut short; download it again"])
        #expect(fields == [
            "g.json:1:13: warning: [missing-field] a grant has no Identifier; it is still counted in its programme",
            "g.json:1:13: warning: [missing-field] grant 'grant 1' has no Funding Org; it is put under 'Unnamed funder'",
            "g.json:1:13: warning: [missing-field] grant 'grant 1' has no Amount Awarded",
            "g.json:1:13: warning: [no-location] grant 'grant 1' has no usable Beneficiary Location (code or name); it counts in its programme's funding but in no neighbourhood",
        ])
        #expect(area == ["warning: [empty-area] no grant mentions the area code 'E08000035' in its beneficiary, recipient or added locations; the portfolio is empty (check the code: a local authority is E06/E07/E08/E09…, a ward E05…)"])
    }

    // MARK: Workshop packs

    func workshop(stated: Int, minutes: Int) -> Workshop {
        Workshop(id: "t", version: 1, minutes: stated, title: "T", purpose: "P", audience: "A", outcomes: ["O"], preparation: ["S"],
                 runningOrder: [.session(WorkshopSession(id: "a", minutes: minutes, method: .plenary, title: "a", purpose: "p", notes: ["n"]))],
                 source: "t.xml", line: 2)
    }

    @Test func agendaShortAndPastMidnight() {
        #expect(Agenda(workshop(stated: 90, minutes: 60), start: ClockTime(minutes: 540)).warnings.map(\.description) == [
            "t.xml:2: warning: [agenda-short] the sessions and breaks add up to 60 minutes but the workshop is 90 minutes long, so the agenda ends at 10:00, 30 minutes early; add the missing time to a session or change minutes=\"90\"",
        ])
        #expect(Agenda(workshop(stated: 120, minutes: 120), start: ClockTime(minutes: 23 * 60)).warnings.map(\.description) == [
            "t.xml:2: warning: [agenda-past-midnight] starting at 23:00, the workshop runs past midnight (ends 25:00); choose an earlier --start",
        ])
    }

    @Test func brokenTemplate() throws {
        let dir = try TestSupport.temporaryDirectory()
        let path = try TestSupport.write("line one\n{{#agenda}}\n{{title}}\n", named: "pack/agenda.md.mustache", in: dir)
        let loaded = try PortfolioLoader.load(TestSupport.northbridgeXML)
        let workshop = try #require(try WorkshopCatalogue.builtIn("pilot-review"))
        let asOf = try #require(loaded.portfolio.place.asOf)
        let data = PackDataBuilder(portfolio: loaded.portfolio, asOf: asOf, barriers: try WorkshopCatalogue.barriers(for: "pilot-review")).build()
        let error = try #require(throws: InputError.self) {
            try PackRenderer.render(workshop: workshop, data: data,
                                    options: PackOptions(start: ClockTime(minutes: 570), facilitator: nil, templates: TemplateSource(directory: dir.path)))
        }
        #expect(error.diagnostics.map(\.description) == ["\(path):4:1: error: [template-error] the template could not be read (expectedSectionEnd); check the {{…}} tags near here"])
    }
}
