import Foundation
import Testing
import ConvenorTestSupport
@testable import ConvenorCore

/// One test per diagnostic code, with the exact text a user sees.
@Suite("Diagnostics")
struct DiagnosticTests {
    static let header = #"<portfolio xmlns="urn:convenor:portfolio:1" place="Testville" as-of="2026-10-01">"#

    func xml(_ body: String, header: String = DiagnosticTests.header) throws -> (String, [String]) {
        let path = try TestSupport.write("\(header)\n\(body)\n</portfolio>\n", named: "p.xml")
        return (path, try PortfolioLoader.read(path).diagnostics.map(\.description))
    }

    func csv(_ files: [String: String]) throws -> (String, [String]) {
        let dir = try TestSupport.temporaryDirectory()
        var all = ["place.csv": "name,as-of\nTestville,2026-10-01\n", "initiatives.csv": "id,name,kind,status\n"]
        for (k, v) in files { all[k] = v }
        for (name, text) in all { _ = try TestSupport.write(text, named: name, in: dir) }
        return (dir.path, try PortfolioLoader.read(dir.path).diagnostics.map(\.description))
    }

    @Test func danglingReferenceNamesBothEnds() throws {
        let (path, d) = try xml("""
          <team id="t1" name="Team one" organisation="nobody"/>
          <initiative id="i1" name="One" kind="pilot" status="live">
            <teams>t1 t9</teams>
          </initiative>
        """)
        #expect(d == [
            "\(path):2:33: error: [dangling-reference] team 't1' names organisation 'nobody' in organisation, but there is no organisation with that id in the <organisation> elements",
            "\(path):4:5: error: [dangling-reference] initiative 'i1' names team 't9' in teams, but there is no team with that id in the <team> elements",
        ])
    }

    @Test func danglingReferenceInCSVPointsAtTheCell() throws {
        let (dir, d) = try csv(["initiatives.csv": "id,name,kind,status,cohorts\ni1,One,pilot,live,families;nobody\n",
                                "cohorts.csv": "id,name\nfamilies,Families\n"])
        #expect(d == ["\(dir)/initiatives.csv:2:5: error: [dangling-reference] initiative 'i1' names cohort 'nobody' in cohorts, but there is no cohort with that id in cohorts.csv"])
    }

    @Test func duplicateIds() throws {
        let (path, d) = try xml("""
          <cohort id="c" name="One"/>
          <cohort id="c" name="Two"/>
        """)
        #expect(d == ["\(path):3:11: error: [duplicate-id] cohort id 'c' is used twice; it is first used on line 2"])
        let (dir, d2) = try csv(["cohorts.csv": "id,name\nc,One\nc,Two\n"])
        #expect(d2 == ["\(dir)/cohorts.csv:3:1: error: [duplicate-id] cohort id 'c' is used twice; it is first used on line 2"])
    }

    @Test func endBeforeStart() throws {
        let (path, d) = try xml("""
          <initiative id="i1" name="One" kind="pilot" status="live" start="2025-01-01" end="2024-01-01"/>
        """)
        #expect(d == ["\(path):2:80: error: [end-before-start] initiative 'i1' ends (2024-01-01) before it starts (2025-01-01); check both dates"])
    }

    @Test func decisionIntoRules() throws {
        let (path, d) = try xml("""
          <initiative id="a" name="A" kind="pilot" status="live">
            <decision value="continue" into="b"/>
          </initiative>
          <initiative id="b" name="B" kind="pilot" status="live">
            <decision value="merge" into="b"/>
          </initiative>
          <initiative id="c" name="C" kind="pilot" status="live">
            <decision value="merge"/>
          </initiative>
        """)
        #expect(d == [
            "\(path):3:32: error: [into-without-merge] initiative 'a' has a decision to continue with 'into' set to 'b'; 'into' is only for a merge decision",
            "\(path):6:29: error: [merge-into-self] initiative 'b' is to merge into itself; name the initiative it merges into",
            "\(path):9:15: warning: [merge-without-into] initiative 'c' is to merge but does not say into which initiative; add decision-into",
        ])
    }

    @Test func datesInTheFutureAndReviewBeforeStart() throws {
        let (path, d) = try xml("""
          <initiative id="a" name="A" kind="pilot" status="live" start="2025-01-01">
            <evidence level="monitoring" date="2027-01-01"/>
            <review date="2024-06-01"/>
            <decision value="continue" date="2026-12-01"/>
          </initiative>
        """)
        #expect(d == [
            "\(path):3:34: warning: [date-in-future] initiative 'a' has evidence dated 2027-01-01, after the portfolio's as-of date 2026-10-01",
            "\(path):4:13: warning: [review-before-start] initiative 'a' is due for review (2024-06-01) before it starts (2025-01-01); check the review date",
            "\(path):5:32: warning: [date-in-future] initiative 'a' has a decision dated 2026-12-01, after the portfolio's as-of date 2026-10-01; decisions record what was decided",
        ])
    }

    @Test func missingAsOf() throws {
        let (path, d) = try xml("", header: #"<portfolio xmlns="urn:convenor:portfolio:1" place="Testville">"#)
        #expect(d == ["\(path):1:1: warning: [missing-as-of] Testville has no as-of date, the day every date rule counts from; add as-of=\"YYYY-MM-DD\" to <portfolio>, or an as-of column to place.csv (or the place sheet)"])
    }

    @Test func duplicateElement() throws {
        let (path, d) = try xml("""
          <initiative id="a" name="A" kind="pilot" status="live">
            <review date="2026-01-01"/>
            <review date="2026-02-01"/>
          </initiative>
        """)
        #expect(d == ["\(path):4:5: error: [duplicate-element] initiative 'a' has more than one <review> element; keep one (the first is on line 3)"])
    }

    @Test func schemaViolationsAreAllReportedWithColumns() throws {
        let (path, d) = try xml("""
          <organisation id="o" name="O" sector="nhs"/>
          <initiative id="a" name="A" kind="pilott" status="live">
            <funding source="F" amount="1,000"/>
          </initiative>
        """)
        #expect(d == [
            "\(path):2:33: error: [schema-violation] Element 'organisation', attribute 'sector': [facet 'enumeration'] The value 'nhs' is not an element of the set {'local-government', 'health', 'police', 'dwp', 'voluntary', 'housing', 'education', 'other'}.",
            "\(path):3:31: error: [schema-violation] Element 'initiative', attribute 'kind': [facet 'enumeration'] The value 'pilott' is not an element of the set {'pilot', 'programme', 'project', 'service'}.",
            "\(path):4:25: error: [schema-violation] Element 'funding', attribute 'amount': '1,000' is not a valid value of the atomic type 'money'.",
        ])
    }

    @Test func malformedXML() throws {
        let (path, d) = try xml("""
          <cohort id="a" name="A">
        """)
        #expect(d.count == 2)
        #expect(d.last == "\(path):3:13: error: [malformed-xml] Opening and ending tag mismatch: cohort line 2 and portfolio")
    }

    @Test func wrongNamespace() throws {
        let path = try TestSupport.write(#"<portfolio xmlns="urn:example" place="X"/>"#, named: "p.xml")
        #expect(try PortfolioLoader.read(path).diagnostics.map(\.description) == [
            #"\#(path):1:1: error: [wrong-root] this is not a Convenor portfolio: expected <portfolio xmlns="urn:convenor:portfolio:1">, found <portfolio> in namespace "urn:example""#,
        ])
    }

    @Test func badEncoding() throws {
        let dir = try TestSupport.temporaryDirectory()
        let path = dir.appendingPathComponent("p.xml").path
        var bytes = Array("<portfolio xmlns=\"urn:convenor:portfolio:1\" place=\"Caf".utf8)
        bytes += [0xE9, 0x22, 0x2F, 0x3E, 0x0A] // Latin-1 é, not UTF-8
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let d = try PortfolioLoader.read(path).diagnostics
        #expect(d.map(\.code) == ["bad-encoding"])
        #expect(d.first?.location?.line == 1)
    }

    @Test func csvValueErrors() throws {
        let (dir, d) = try csv([
            "initiatives.csv": "id,name,kind,status,start,caseload-households,evidence-result\ni1,One,pilott,live,2024-13-01,lots,positive\n",
            "funding.csv": "initiative,source,amount,per\ni1,Pot,\"180,000\",month\n",
        ])
        #expect(d == [
            "\(dir)/funding.csv:2:3: error: [bad-number] funding line: amount '180,000' is not a number (write it without thousands separators, e.g. 180000)",
            "\(dir)/funding.csv:2:4: error: [bad-value] funding line: per 'month' is not a funding period; use one of: year, total",
            "\(dir)/initiatives.csv:2:3: error: [bad-value] initiative 'i1': kind 'pilott' is not a kind of initiative; use one of: pilot, programme, project, service",
            "\(dir)/initiatives.csv:2:5: error: [bad-date] initiative 'i1': start '2024-13-01' is not a date; write it as YYYY-MM-DD, e.g. 2026-03-31",
            "\(dir)/initiatives.csv:2:6: error: [bad-number] initiative 'i1': caseload-households 'lots' is not a whole number",
            "\(dir)/initiatives.csv:2:7: error: [orphan-field] initiative 'i1': evidence-result is given but evidence-level is empty; fill in evidence-level or clear evidence-result",
        ])
    }

    @Test func csvColumns() throws {
        let (dir, d) = try csv(["initiatives.csv": "id,name,kind,stauts,colour\ni1,One,pilot,live,red\n"])
        #expect(d == [
            "\(dir)/initiatives.csv:1:4: error: [misspelt-column] initiatives.csv has a column 'stauts': did you mean 'status'? Rename the header to 'status', or its values are not read",
            "\(dir)/initiatives.csv:1:5: warning: [unknown-column] initiatives.csv has a column 'colour' that Convenor does not know; it is ignored",
        ])
    }

    @Test func missingFileAndValue() throws {
        let dir = try TestSupport.temporaryDirectory()
        _ = try TestSupport.write("name\n\n", named: "place.csv", in: dir)
        let d = try PortfolioLoader.read(dir.path).diagnostics.map(\.description)
        #expect(d == [
            "\(dir.path)/initiatives.csv:1: error: [missing-file] initiatives.csv is missing; a portfolio folder needs it (columns: id, name, kind, status)",
            "\(dir.path)/place.csv:2:1: error: [missing-value] place.csv has no row; add one with the place's name",
        ])
    }

    @Test func raggedRowsBOMAndCRLF() throws {
        let bom = "\u{FEFF}"
        let (dir, d) = try csv([
            "place.csv": "\(bom)name,as-of\r\nTestville,2026-10-01\r\n",
            "initiatives.csv": "id,name,kind,status,description\r\ni1,One,pilot,live,\"Line one\r\nline two, with a comma and \"\"quotes\"\"\"\r\ni2,Two,pilot\r\ni3,Three,pilot,live,\r\n",
        ])
        #expect(d == ["\(dir)/initiatives.csv:4:1: error: [ragged-row] this row has 3 fields but the header has 5; look for a stray comma or an unclosed quote"])
        let result = try PortfolioLoader.read(dir)
        let p = try #require(result.loaded?.portfolio)
        #expect(p.place.name == "Testville")
        #expect(p.initiatives.map(\.id) == ["i1", "i3"])
        #expect(p.initiatives[0].description == "Line one\r\nline two, with a comma and \"quotes\"")
        #expect(result.loaded?.sourceMap.location(of: .initiative, "i3")?.line == 5)
    }

    /// A ragged place row is the one problem: the place is not also reported missing.
    @Test func raggedPlaceRowIsReportedOnce() throws {
        let (dir, d) = try csv([
            "place.csv": "name,as-of\nTestville,2026-10-01,extra\n",
            "initiatives.csv": "id,name,kind,status\ni1,One,pilot,live\n",
        ])
        #expect(d == ["\(dir)/place.csv:2:1: error: [ragged-row] this row has 3 fields but the header has 2; look for a stray comma or an unclosed quote"])
    }

    @Test func contactsNeverEchoHouseholdIds() throws {
        let (dir, d) = try csv([
            "initiatives.csv": "id,name,kind,status\ni1,One,pilot,live\n",
            "contacts.csv": "household,initiative,date,assessed\nsecret-household-42,i9,2026-01-01,true\nsecret-household-43,i1,yesterday,true\n,i1,,false\n",
        ])
        #expect(d == [
            "\(dir)/contacts.csv:2:2: error: [dangling-reference] contact names an initiative that initiatives.csv does not have; check the initiative column on this line (contacts.csv values are never shown)",
            "\(dir)/contacts.csv:3:3: error: [bad-date] contact: the date is not a date; write it as YYYY-MM-DD, e.g. 2026-03-31 (contacts.csv values are never shown)",
            "\(dir)/contacts.csv:4:1: error: [missing-value] contact has no household id",
        ])
        #expect(!d.joined().contains("secret-household"))
    }
}
