import Foundation
import Testing
@testable import ConvenorCore

/// The readers' byte-level fast paths (issue 17) must give exactly what the general code gives:
/// the same `Decimal` bytes, the same list items, the same names.
@Suite struct ReadingFastPathTests {
    static let posix = Locale(identifier: "en_US_POSIX")

    /// A `Decimal`'s bytes: equal values with different representations would print differently.
    func bytes(_ d: Decimal) -> [UInt8] { withUnsafeBytes(of: d) { Array($0) } }

    @Test func amountsAreTheDecimalsFoundationWouldParse() {
        var inputs = ["1", "10", "180000", "1.50", "0.5", ".5", "5.", "007", "0.001", "12.3400", "65535", "65536",
                      "4294967296", "281474976710656", "123456789012345678", "999999999999999999",
                      "100000000000000000", "0.000000000000000001", "3.14159", "0", "0.0", "00",
                      "1234567890123456789", "0.0000000000000000000001"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            var s = String(UInt64.random(in: 0...999_999_999_999, using: &generator))
            let point = Int.random(in: 0...6, using: &generator)
            if point > 0 { s.insert(".", at: s.index(s.endIndex, offsetBy: -min(point, s.count))) }
            inputs.append(s)
        }
        for s in inputs {
            let expected = Decimal(string: s, locale: Self.posix)
            let parsed = RecordDecoder.parseDecimal(s)
            #expect(parsed.map(bytes) == expected.map(bytes), "'\(s)': \(String(describing: parsed)) against \(String(describing: expected))")
        }
        for bad in ["", ".", "1.2.3", "-1", "1e5", "1,000", "£5", " 5"] {
            #expect(RecordDecoder.parseDecimal(bad) == nil, "'\(bad)'")
        }
    }

    @Test func listsSplitOnBytesAsOnCharacters() {
        let inputs = ["t1 t2", "  t1\tt2\n t3  ", "", " ", "a;b; c ;;d\t", ";", "one", "x y;z", "a\u{0B}b c",
                      "a\u{7F} b", "semi ; colon;"]
        for raw in inputs {
            for style in [Record.ListStyle.whitespace, .semicolons] {
                let fast = RecordDecoder.asciiList(raw, style: style)
                #expect(fast != nil, "'\(raw)' is ASCII without a carriage return")
                #expect(fast == RecordDecoder.generalList(raw, style: style), "'\(raw)' (\(style))")
            }
        }
        // Text the fast path leaves to the general one.
        for raw in ["a\r\nb", "café crème", "a;\u{301}b"] {
            #expect(RecordDecoder.asciiList(raw, style: .whitespace) == nil)
            #expect(RecordDecoder.asciiList(raw, style: .semicolons) == nil)
        }
        #expect(RecordDecoder.generalList("a\r\nb c", style: .whitespace) == ["a\r\nb", "c"])
    }

    @Test func trimmingAsFoundationTrims() {
        for text in ["Synthetic rationale", " padded ", "\n  indented\n", "", "\t", "a\u{7F}", "é", "\u{A0}x\u{A0}", "x\r\n"] {
            #expect(text.trimmingWhitespaceAndNewlines() == text.trimmingCharacters(in: .whitespacesAndNewlines), "'\(text)'")
        }
    }

    @Test func namesComeBackRightAfterTheirAddressIsReused() throws {
        // Many distinct element and attribute names, more than the table keeps, each read twice.
        var xml = "<r>"
        for i in 0..<700 { xml += "<e\(i) a\(i)=\"v\(i)\"/>" }
        for i in 0..<700 { xml += "<e\(i) a\(i)=\"w\(i)\"/>" }
        xml += "</r>"
        let reader = try XMLStreamReader(bytes: Array(xml.utf8), displayName: "names.xml", schema: nil)
        var seen: [String] = []
        while reader.read() {
            guard reader.kind == .startElement, reader.depth == 1 else { continue }
            let attributes = reader.attributes()
            seen.append("\(reader.localName) \(attributes.map { "\($0.name)=\($0.value)" }.joined())")
        }
        let expected = (0..<700).map { "e\($0) a\($0)=v\($0)" } + (0..<700).map { "e\($0) a\($0)=w\($0)" }
        #expect(seen == expected)
    }
    @Test func fieldKeysAreTheNamesTheyStandFor() {
        let keys: [(FieldKey, String)] = [
            (.id, "id"), (.name, "name"), (.code, "code"), (.kind, "kind"), (.status, "status"), (.owner, "owner"),
            (.department, "department"), (.sponsor, "sponsor"), (.start, "start"), (.end, "end"), (.teams, "teams"),
            (.neighbourhoods, "neighbourhoods"), (.cohorts, "cohorts"), (.outcomes, "outcomes"), (.description, "description"),
            (.assessmentName, "assessment-name"), (.assessmentUnitCost, "assessment-unit-cost"),
            (.caseloadHouseholds, "caseload-households"), (.evidenceLevel, "evidence-level"), (.evidenceResult, "evidence-result"),
            (.evidenceDate, "evidence-date"), (.evidenceSource, "evidence-source"), (.reviewDate, "review-date"),
            (.reviewOwner, "review-owner"), (.decision, "decision"), (.decisionDate, "decision-date"), (.decisionBy, "decision-by"),
            (.decisionInto, "decision-into"), (.decisionRationale, "decision-rationale"),
            (.decisionAlternatives, "decision-alternatives"), (.population, "population"), (.imdDecile, "imd-decile"),
            (.sector, "sector"), (.organisation, "organisation"), (.fte, "fte"), (.role, "role"),
            (.neverMergeWith, "never-merge-with"), (.initiative, "initiative"), (.source, "source"), (.amount, "amount"),
            (.per, "per"), (.place, "place"), (.asOf, "as-of"), (.currency, "currency"), (.dateOrder, "date-order"),
            (.contacts, "contacts"),
        ]
        for (key, name) in keys {
            #expect(key.name == name)
            #expect(FieldKey(name) == key)
        }
        #expect(Set(keys.map(\.0.index)).count == keys.count)
        #expect(FieldKey("no-such-field") == nil)
        // Every column the CSV form reads has a key (so reading a row never falls back to names).
        for table in [CSVLayout.place, CSVLayout.neighbourhoods, CSVLayout.organisations, CSVLayout.teams, CSVLayout.cohorts,
                      CSVLayout.outcomes, CSVLayout.initiatives, CSVLayout.funding, CSVLayout.decisions] {
            for column in table.all + table.readOnly { #expect(FieldKey(column) != nil, "\(table.file): \(column)") }
        }
    }

    @Test func recordsFindFieldsByKeyAndByName() {
        var r = Record(entity: "team", location: SourceLocation(file: "t.csv", line: 4, column: 1), listStyle: .semicolons)
        r.set(.id, "t1", line: 4, column: 1)
        r.set("extra-column", "x", at: SourceLocation(file: "t.csv", line: 4, column: 9))
        r.set("name", "Team one", at: SourceLocation(file: "t.csv", line: 4, column: 2), sourceName: "label")
        #expect(r.text(.id) == "t1" && r.text("id") == "t1")
        #expect(r.text(.name) == "Team one" && r.sourceName(of: .name) == "label")
        #expect(r.text("extra-column") == "x" && r.location(of: "extra-column") == SourceLocation(file: "t.csv", line: 4, column: 9))
        #expect(r.location(of: .fte) == r.location && r.sourceName(of: .fte) == "fte")
        // Setting again replaces, as a dictionary would; an empty value reads as absent.
        r.set(.id, "", line: 5)
        #expect(r.text(.id) == nil && r.location(of: .id).line == 5)
        #expect(r.namedFields.map(\.name) == ["id", "name", "extra-column"])
        #expect(FieldKey.names.count <= 64, "a record keeps its keys' positions in 64 bytes")
        #expect(r.subject == "team")
        var f = Record(entity: "funding line", location: r.location, listStyle: .whitespace)
        f.owner = ("initiative", "i1")
        #expect(f.entity == "funding line of initiative 'i1'" && f.subject == "funding line of initiative 'i1'")
        f.owner = ("initiative", nil)
        #expect(f.entity == "funding line of initiative")
    }
}
