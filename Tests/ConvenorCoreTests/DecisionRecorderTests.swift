import Foundation
import Testing
import ConvenorTestSupport
@testable import ConvenorCore

/// `DecisionRecorder` (issue 15): decisions recorded in place, every other byte unchanged, read back
/// as the portfolio with exactly those decisions; refused decisions change nothing.
@Suite struct DecisionRecorderTests {
    /// A copy of the example place (XML, its contacts, and the CSV folder) in a fresh folder.
    static func exampleCopy() throws -> URL {
        let dir = try TestSupport.temporaryDirectory()
        let fm = FileManager.default
        let source = TestSupport.root.appendingPathComponent("examples/northbridge")
        try fm.copyItem(at: source.appendingPathComponent("portfolio.xml"), to: dir.appendingPathComponent("portfolio.xml"))
        try Data(contentsOf: source.appendingPathComponent("contacts.csv")).write(to: dir.appendingPathComponent("contacts.csv"))
        try fm.createDirectory(at: dir.appendingPathComponent("csv"), withIntermediateDirectories: true)
        for name in try fm.contentsOfDirectory(atPath: source.appendingPathComponent("csv").path) {
            // contacts.csv may be a symbolic link: copy the bytes.
            try Data(contentsOf: source.appendingPathComponent("csv").appendingPathComponent(name)).write(to: dir.appendingPathComponent("csv").appendingPathComponent(name))
        }
        return dir
    }

    /// Whether `new` is `old` with `removed` replaced by `inserted` at one place, every other byte equal.
    static func isEdit(_ old: [UInt8], _ new: [UInt8], removed: String, inserted: String) -> Bool {
        let ins = Array(inserted.utf8), rem = Array(removed.utf8)
        guard new.count - ins.count == old.count - rem.count, ins.count <= new.count else { return false }
        for k in 0 ... (new.count - ins.count) where new[k ..< k + ins.count].elementsEqual(ins) {
            if new[..<k].elementsEqual(old[..<k]) && old[k ..< k + rem.count].elementsEqual(rem)
                && new[(k + ins.count)...].elementsEqual(old[(k + rem.count)...]) { return true }
        }
        return false
    }

    static func bytes(_ path: String) -> [UInt8] { [UInt8](FileManager.default.contents(atPath: path) ?? Data()) }

    @Test func xmlDecisionIsOneInsertedLineAndReadsBack() throws {
        let dir = try Self.exampleCopy()
        let path = dir.appendingPathComponent("portfolio.xml").path
        let before = Self.bytes(path)
        let old = try PortfolioLoader.load(path).portfolio
        let record = DecisionRecord(initiative: "winter-shelter", value: "stop", date: "2026-11-20", by: "Cabinet",
                                    rationale: "The hub opens in April & the beds close.", alternatives: "A third winter")
        try DecisionRecorder.record([record], into: path)
        let after = Self.bytes(path)
        // Inserted right after the initiative's existing decision, which stays as it was.
        #expect(Self.isEdit(before, after, removed: "costed.</decision>",
                            inserted: "costed.</decision>\n    <decision value=\"stop\" date=\"2026-11-20\" by=\"Cabinet\" alternatives=\"A third winter\">The hub opens in April &amp; the beds close.</decision>"))

        let new = try PortfolioLoader.load(path).portfolio
        let shelter = try #require(new.initiatives.first { $0.id == "winter-shelter" })
        #expect(shelter.decisions.count == 2)
        #expect(shelter.decision == Decision(value: .stop, date: CalendarDate(iso: "2026-11-20"), by: "Cabinet",
                                             rationale: "The hub opens in April & the beds close.", alternatives: "A third winter"))
        #expect(new == DecisionRecorder.applying([record], to: old))
    }

    @Test func sameDayDecisionReplacesOnlyThatElement() throws {
        let dir = try Self.exampleCopy()
        let path = dir.appendingPathComponent("portfolio.xml").path
        try DecisionRecorder.record([DecisionRecord(initiative: "winter-shelter", value: "stop", date: "2026-11-20", by: "Cabinet")], into: path)
        let middle = Self.bytes(path)
        try DecisionRecorder.record([DecisionRecord(initiative: "winter-shelter", value: "merge", date: "2026-11-20", by: "Cabinet",
                                                    into: "rough-sleeper-hub-pilot")], into: path)
        #expect(Self.isEdit(middle, Self.bytes(path), removed: "<decision value=\"stop\" date=\"2026-11-20\" by=\"Cabinet\"/>",
                            inserted: "<decision value=\"merge\" date=\"2026-11-20\" by=\"Cabinet\" into=\"rough-sleeper-hub-pilot\"/>"))
        let shelter = try #require(try PortfolioLoader.load(path).portfolio.initiatives.first { $0.id == "winter-shelter" })
        #expect(shelter.decisions.map(\.value) == [.continue, .merge])
    }

    @Test func recommendationBecomesTheReview() throws {
        let dir = try Self.exampleCopy()
        let path = dir.appendingPathComponent("portfolio.xml").path
        let before = Self.bytes(path)
        try DecisionRecorder.record([DecisionRecord(kind: .recommendation, initiative: "winter-shelter", value: "stop", date: "2027-01-31",
                                                    by: "Cabinet")], into: path)
        #expect(Self.isEdit(before, Self.bytes(path), removed: "<review date=\"2026-01-15\" owner=\"Head of Housing\"/>",
                            inserted: "<review date=\"2027-01-31\" owner=\"Cabinet\"/>"))
    }

    /// Layout the writer would never produce: comments, a prefix, CRLF, a self-closing initiative, an
    /// initiative with no children, tabs. Each edit is a pure insertion in the file's own style.
    @Test func oddLayoutsKeepEveryOtherByte() throws {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<!-- head <initiative id=\"x\"> -->\r\n"
            + "<p:portfolio xmlns:p=\"urn:convenor:portfolio:1\" place=\"Testham\" as-of=\"2026-10-01\">\r\n"
            + "\t<p:initiative id=\"a\" name=\"A &amp; B\" kind=\"pilot\" status=\"live\"/>\r\n"
            + "\t<p:initiative id=\"b\" name=\"B\" kind=\"pilot\" status=\"live\"></p:initiative>\r\n"
            + "\t<p:initiative id=\"c\" name=\"C\" kind=\"pilot\" status=\"live\">\r\n"
            + "\t\t<p:teams></p:teams><!-- a comment -->\r\n"
            + "\t</p:initiative>\r\n"
            + "</p:portfolio>\r\n"
        let path = try TestSupport.write(xml, named: "odd.xml")
        let element = "<p:decision value=\"continue\" date=\"2026-09-01\" by=\"Board\"/>"
        func decide(_ id: String, removed: String, inserted: String) throws -> Bool {
            let before = Self.bytes(path)
            try DecisionRecorder.record([DecisionRecord(initiative: id, value: "continue", date: "2026-09-01", by: "Board")], into: path)
            return Self.isEdit(before, Self.bytes(path), removed: removed, inserted: inserted)
        }
        #expect(try decide("a", removed: "status=\"live\"/>", inserted: "status=\"live\">\r\n\t\t\(element)\r\n\t</p:initiative>"))
        #expect(try decide("b", removed: "status=\"live\"></p:initiative>", inserted: "status=\"live\">\r\n\t\t\(element)\r\n\t</p:initiative>"))
        #expect(try decide("c", removed: "<!-- a comment -->", inserted: "<!-- a comment -->\r\n\t\t\(element)"))
        let p = try PortfolioLoader.load(path).portfolio
        #expect(p.initiatives.map { $0.decisions.count } == [1, 1, 1])
        #expect(String(decoding: Self.bytes(path), as: UTF8.self).hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<!-- head <initiative id=\"x\"> -->"))
    }

    @Test func fileInAnotherEncodingGetsCharacterReferences() throws {
        var bytes = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<portfolio xmlns=\"urn:convenor:portfolio:1\" place=\"Caf".utf8)
        bytes.append(0xE9) // é in Latin-1
        bytes += Array("\">\n  <initiative id=\"a\" name=\"A\" kind=\"pilot\" status=\"live\">\n    <teams></teams>\n  </initiative>\n</portfolio>\n".utf8)
        let dir = try TestSupport.temporaryDirectory()
        let path = dir.appendingPathComponent("latin.xml").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        try DecisionRecorder.record([DecisionRecord(initiative: "a", value: "stop", date: "2026-09-01", by: "Comité")], into: path)
        #expect(Self.isEdit(bytes, Self.bytes(path), removed: "</teams>", inserted: "</teams>\n    <decision value=\"stop\" date=\"2026-09-01\" by=\"Comit&#xE9;\"/>"))
        let p = try PortfolioLoader.load(path).portfolio
        #expect(p.place.name == "Café")
        #expect(p.initiatives[0].decision?.by == "Comité")
    }

    @Test func csvDecisionIsOneRowOfDecisionsCSV() throws {
        let dir = try Self.exampleCopy()
        let folder = dir.appendingPathComponent("csv").path
        let initiatives = Self.bytes(folder + "/initiatives.csv")
        let old = try PortfolioLoader.load(folder).portfolio
        let first = DecisionRecord(initiative: "winter-shelter", value: "stop", date: "2026-11-20", by: "Cabinet", rationale: "Hub opens, beds close")
        try DecisionRecorder.record([first], into: folder)
        #expect(Self.bytes(folder + "/initiatives.csv") == initiatives)
        #expect(String(decoding: Self.bytes(folder + "/decisions.csv"), as: UTF8.self)
                == "initiative,value,date,by,into,alternatives,rationale\nwinter-shelter,stop,2026-11-20,Cabinet,,,\"Hub opens, beds close\"\n")
        let second = DecisionRecord(initiative: "warm-spaces", value: "continue", date: "2026-11-21", by: "Cabinet")
        let before = Self.bytes(folder + "/decisions.csv")
        try DecisionRecorder.record([second], into: folder)
        #expect(Self.isEdit(before, Self.bytes(folder + "/decisions.csv"), removed: "", inserted: "warm-spaces,continue,2026-11-21,Cabinet,,,\n"))
        #expect(try PortfolioLoader.load(folder).portfolio == DecisionRecorder.applying([first, second], to: old))
        // The same day again replaces that row's cells.
        try DecisionRecorder.record([DecisionRecord(initiative: "warm-spaces", value: "stop", date: "2026-11-21", by: "Cabinet")], into: folder)
        #expect(String(decoding: Self.bytes(folder + "/decisions.csv"), as: UTF8.self).hasSuffix("\nwarm-spaces,stop,2026-11-21,Cabinet,,,\n"))
        #expect(Self.bytes(folder + "/initiatives.csv") == initiatives)
    }

    @Test func csvRecommendationChangesOnlyTheReviewCells() throws {
        let dir = try Self.exampleCopy()
        let folder = dir.appendingPathComponent("csv").path
        let before = Self.bytes(folder + "/initiatives.csv")
        try DecisionRecorder.record([DecisionRecord(kind: .recommendation, initiative: "winter-shelter", value: "stop", date: "2027-01-31",
                                                    by: "Cabinet, in March")], into: folder)
        #expect(Self.isEdit(before, Self.bytes(folder + "/initiatives.csv"), removed: ",2026-01-15,Head of Housing,",
                            inserted: ",2027-01-31,\"Cabinet, in March\","))
    }

    /// Decision history survives convert both ways: XML → CSV (decisions.csv) → XML, same model.
    @Test func historyIsLosslessThroughConvert() throws {
        let dir = try Self.exampleCopy()
        let path = dir.appendingPathComponent("portfolio.xml").path
        try DecisionRecorder.record([
            DecisionRecord(initiative: "winter-shelter", value: "continue", date: "2026-11-01", by: "Cabinet", alternatives: "Stop now"),
            DecisionRecord(initiative: "winter-shelter", value: "stop", date: "2026-11-20", by: "Cabinet"),
        ], into: path)
        let p = try PortfolioLoader.load(path).portfolio
        let csv = dir.appendingPathComponent("converted").path
        try OutputFolder.write(CSVPortfolioWriter.render(p), to: csv)
        #expect(FileManager.default.fileExists(atPath: csv + "/decisions.csv"))
        var viaCSV = try PortfolioLoader.load(csv).portfolio
        #expect(viaCSV == p)
        let xml = dir.appendingPathComponent("back.xml").path
        try Data(XMLPortfolioWriter.render(viaCSV, contactsFile: "contacts.csv").utf8).write(to: URL(fileURLWithPath: xml))
        viaCSV = try PortfolioLoader.load(xml).portfolio
        #expect(viaCSV == p)
        #expect(p.initiatives.first { $0.id == "winter-shelter" }?.decisions.map(\.value) == [.continue, .continue, .stop])
    }

    @Test func currentDecisionIsTheLatestByDate() {
        func d(_ v: DecisionValue, _ date: String?) -> Decision { Decision(value: v, date: date.flatMap { CalendarDate(iso: $0) }) }
        #expect(Decision.current(of: []) == nil)
        #expect(Decision.current(of: [d(.stop, "2026-02-01"), d(.continue, "2025-01-01")])?.value == .stop)
        #expect(Decision.current(of: [d(.stop, "2026-02-01"), d(.scale, nil)])?.value == .stop)
        #expect(Decision.current(of: [d(.scale, nil), d(.continue, nil)])?.value == .continue)
        #expect(Decision.current(of: [d(.scale, "2026-02-01"), d(.continue, "2026-02-01")])?.value == .continue)
    }

    @Test func refusedDecisionsSayWhyAndChangeNothing() throws {
        let dir = try Self.exampleCopy()
        let path = dir.appendingPathComponent("portfolio.xml").path
        let folder = dir.appendingPathComponent("csv").path
        let before = Self.bytes(path)
        func refusal(_ r: DecisionRecord, in input: String) -> [String] {
            do {
                try DecisionRecorder.record([r], into: input)
                return ["recorded"]
            } catch let e as InputError {
                return e.diagnostics.map { d in d.description.replacingOccurrences(of: dir.path + "/", with: "") }
            } catch {
                return ["\(error)"]
            }
        }
        #expect(refusal(DecisionRecord(initiative: "winter-shelte", value: "stop", date: "2026-11-20", by: "Cabinet"), in: path)
                == ["error: [unknown-initiative] portfolio.xml has no initiative 'winter-shelte' (did you mean 'winter-shelter'?); give the id of one of its initiatives"])
        #expect(refusal(DecisionRecord(initiative: "winter-shelter", value: "stp", date: "2026-13-20", by: "Cabinet"), in: path) == [
            "portfolio.xml:196:3: error: [bad-value] decision on initiative 'winter-shelter': 'stp' is not a decision; use one of: stop, start, scale, continue, merge",
            "portfolio.xml:196:3: error: [bad-date] decision on initiative 'winter-shelter': date '2026-13-20' is not a date; give the date it was taken as YYYY-MM-DD, e.g. 2026-03-31",
        ])
        #expect(refusal(DecisionRecord(initiative: "winter-shelter", value: "merge", date: "2026-11-20", by: "Cabinet"), in: path)
                == ["portfolio.xml:196:3: error: [merge-without-into] decision on initiative 'winter-shelter': a merge must say which initiative it merges into"])
        #expect(refusal(DecisionRecord(initiative: "winter-shelter", value: "merge", date: "2026-11-20", by: "Cabinet", into: "nowhere"), in: path)
                == ["portfolio.xml:196:3: error: [dangling-reference] decision on initiative 'winter-shelter': it merges into 'nowhere', but portfolio.xml has no initiative with that id"])
        #expect(refusal(DecisionRecord(initiative: "winter-shelter", value: "merge", date: "2026-11-20", by: "Cabinet", into: "winter-shelter"), in: path)
                == ["portfolio.xml:196:3: error: [merge-into-self] decision on initiative 'winter-shelter': it cannot merge into itself; name the initiative it merges into"])
        #expect(refusal(DecisionRecord(initiative: "winter-shelter", value: "stop", date: "2026-11-20", by: " ", into: "housing-first"), in: path) == [
            "portfolio.xml:196:3: error: [missing-value] decision on initiative 'winter-shelter' does not say who took it (a person, board or committee)",
            "portfolio.xml:196:3: error: [into-without-merge] decision on initiative 'winter-shelter': 'into' ('housing-first') is only for a merge, not for stop",
        ])
        #expect(Self.bytes(path) == before)
        let csvBefore = Self.bytes(folder + "/initiatives.csv")
        #expect(refusal(DecisionRecord(initiative: "winter-shelter", value: "merge", date: "2026-11-20", by: "Cabinet", into: "nowhere"), in: folder)
                == ["csv/initiatives.csv:2:1: error: [dangling-reference] decision on initiative 'winter-shelter': it merges into 'nowhere', but csv has no initiative with that id"])
        #expect(Self.bytes(folder + "/initiatives.csv") == csvBefore)
        #expect(!FileManager.default.fileExists(atPath: folder + "/decisions.csv"))
    }

    @Test func copyHoldsEveryFileOfThePortfolio() throws {
        let dir = try Self.exampleCopy()
        let folder = dir.appendingPathComponent("csv").path
        let out = dir.appendingPathComponent("exported").path
        try DecisionRecorder.record([DecisionRecord(initiative: "warm-spaces", value: "stop", date: "2026-11-21", by: "Cabinet")],
                                    into: folder, writingTo: out)
        let names = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0 != OutputManifest.fileName }.sorted()
        #expect(names == (try FileManager.default.contentsOfDirectory(atPath: folder) + ["decisions.csv"]).sorted())
        for name in names where name != "decisions.csv" { #expect(Self.bytes(out + "/" + name) == Self.bytes(folder + "/" + name)) }
        #expect(!FileManager.default.fileExists(atPath: folder + "/decisions.csv"))

        let xmlOut = dir.appendingPathComponent("exported-xml").path
        try DecisionRecorder.record([DecisionRecord(initiative: "warm-spaces", value: "stop", date: "2026-11-21", by: "Cabinet")],
                                    into: dir.appendingPathComponent("portfolio.xml").path, writingTo: xmlOut)
        #expect(try FileManager.default.contentsOfDirectory(atPath: xmlOut).filter { $0 != OutputManifest.fileName }.sorted() == ["contacts.csv", "portfolio.xml"])
        #expect(try PortfolioLoader.load(xmlOut + "/portfolio.xml").portfolio.initiatives.first { $0.id == "warm-spaces" }?.decision?.value == .stop)
    }

    @Test func moreRefusalsWithExactText() throws {
        let dir = try Self.exampleCopy()
        let path = dir.appendingPathComponent("portfolio.xml").path
        func messages(_ body: () throws -> Void) -> [String] {
            do { try body(); return ["no error"] } catch let e as InputError {
                return e.diagnostics.map { $0.description.replacingOccurrences(of: dir.path + "/", with: "") }
            } catch { return ["\(error)"] }
        }
        #expect(messages { try DecisionRecorder.record([DecisionRecord(initiative: "winter-shelter", value: "merge", date: "2026-11-20", by: "Cabinet",
                                                                       into: "street-wardens-pilot")], into: path) }
                == ["portfolio.xml:196:3: error: [merge-into-inactive] decision on initiative 'winter-shelter': it cannot merge into 'street-wardens-pilot', which is stopped; merge into an initiative that is still running"])

        // UTF-16 files are read, but not edited in place.
        let utf16 = dir.appendingPathComponent("utf16.xml").path
        let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<portfolio xmlns=\"urn:convenor:portfolio:1\" place=\"T\">\n  <initiative id=\"a\" name=\"A\" kind=\"pilot\" status=\"live\"/>\n</portfolio>\n"
        try text.data(using: .utf16LittleEndian).map { Data([0xFF, 0xFE]) + $0 }!.write(to: URL(fileURLWithPath: utf16))
        #expect(messages { try DecisionRecorder.record([DecisionRecord(initiative: "a", value: "stop", date: "2026-11-20", by: "Cabinet")], into: utf16) }
                == ["utf16.xml:1: error: [unsupported-encoding] utf16.xml is UTF-16; decisions are recorded in place only in UTF-8 (or ASCII-compatible) files. Convert it to UTF-8 first"])

        // What the reader accepts the scanner reads; these guard against a scanner that could not.
        #expect(messages { _ = try XMLDecisionEditor.apply(DecisionRecord(initiative: "a", value: "stop", date: "2026-11-20", by: "B"),
                                                           to: Array("<portfolio><initiative id=\"a\"".utf8), file: "broken.xml") }
                == ["broken.xml:1: error: [unsupported-layout] broken.xml could not be scanned for an in-place edit; nothing was written"])
        let loaded = try PortfolioLoader.load(path)
        let wrong = DecisionEdit(input: path, folder: dir.path, form: .xml, before: loaded.portfolio, after: Portfolio(place: Place(name: "Elsewhere")),
                                 changed: [RenderedFile(path: "portfolio.xml", contents: Data(Self.bytes(path)))])
        #expect(messages { try wrong.verify() }
                == ["error: [edit-mismatch] the decision could not be recorded in portfolio.xml without changing something else; nothing was written (please report this with the file)"])

        // A decisions.csv without a column the decision needs.
        let folder = dir.appendingPathComponent("csv").path
        _ = try TestSupport.write("initiative,value,date,by\n", named: "decisions.csv", in: URL(fileURLWithPath: folder))
        #expect(messages { try DecisionRecorder.record([DecisionRecord(initiative: "winter-shelter", value: "stop", date: "2026-11-20", by: "Cabinet",
                                                                       rationale: "Hub opens")], into: folder) }
                == ["csv/decisions.csv:1:1: error: [missing-column] decisions.csv has no 'rationale' column, so the decision cannot be recorded; add it to the header row"])
    }

    @Test func decisionsTableProblemsAreReportedWhereTheyAre() throws {
        let dir = try TestSupport.temporaryDirectory()
        _ = try TestSupport.write("name,as-of\nTestville,2026-10-01\n", named: "place.csv", in: dir)
        _ = try TestSupport.write("id,name,kind,status,decision,decision-date\ni1,One,pilot,live,continue,2025-01-01\ni2,Two,pilot,live,,\n", named: "initiatives.csv", in: dir)
        _ = try TestSupport.write("""
        initiative,value,date,by,into,alternatives,rationale
        i1,continue,2026-01-01,Board,,,
        ,stop,2026-02-01,Board,,,
        i1,,2026-03-01,Board,,,
        nobody,stop,2026-03-01,Board,,,
        i1,stop,2026-13-01,Board,,,
        i2,merge,2026-04-01,Board,i9,,
        i2,continue,2026-04-02,Board,i1,,

        """, named: "decisions.csv", in: dir)
        let d = try PortfolioLoader.read(dir.path).diagnostics.map { $0.description.replacingOccurrences(of: dir.path + "/", with: "") }
        #expect(d == [
            "decisions.csv:3:1: error: [missing-value] decision has no initiative; every row of decisions.csv names the initiative it decides on",
            "decisions.csv:4:2: error: [missing-value] decision on initiative 'i1' has no value; use one of: stop, start, scale, continue, merge",
            "decisions.csv:5:1: error: [dangling-reference] decision names initiative 'nobody', but initiatives.csv has no initiative with that id",
            "decisions.csv:6:3: error: [bad-date] initiative 'i1': decision-date '2026-13-01' is not a date; write it as YYYY-MM-DD, e.g. 2026-03-31",
            "decisions.csv:7:5: error: [dangling-reference] initiative 'i2' names initiative 'i9' in into, but there is no initiative with that id in initiatives.csv",
            "decisions.csv:8:5: error: [into-without-merge] initiative 'i2' has a decision to continue with 'into' set to 'i1'; 'into' is only for a merge decision",
        ])
    }

    @Test func xmlHistoryIsCheckedWhereEachDecisionIs() throws {
        let path = try TestSupport.write("""
        <?xml version="1.0" encoding="UTF-8"?>
        <portfolio xmlns="urn:convenor:portfolio:1" place="Testham" as-of="2026-10-01">
          <initiative id="a" name="A" kind="pilot" status="live">
            <decision value="continue" date="2025-01-01" by="Board"/>
            <decision value="merge" date="2026-01-01" by="Board" into="nowhere"/>
          </initiative>
        </portfolio>
        """, named: "history.xml")
        let result = try PortfolioLoader.read(path)
        #expect(result.diagnostics.map(\.description) == [
            "\(path):5:58: error: [dangling-reference] initiative 'a' names initiative 'nowhere' in into, but there is no initiative with that id in the <initiative> elements",
        ])
        #expect(result.loaded?.portfolio.initiatives[0].decisions.map(\.value) == [.continue, .merge])
    }
}
