import Foundation
import Testing
import ConvenorTestSupport
@testable import ConvenorCore

/// What programme offices really send (issue 14): CSV saved by Excel in a UK locale or as
/// Windows-1252, misspelt headers.
@Suite("Spreadsheet intake")
struct SpreadsheetIntakeTests {
    /// A copy of the example CSV folder with `edit` applied to each file's text.
    static func exampleCopy(_ edit: (String, String) -> String = { $1 }) throws -> URL {
        let dir = try TestSupport.temporaryDirectory()
        let source = URL(fileURLWithPath: TestSupport.northbridgeCSV)
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) where name.hasSuffix(".csv") {
            let text = try String(contentsOf: source.appendingPathComponent(name), encoding: .utf8)
            try Data(edit(name, text).utf8).write(to: dir.appendingPathComponent(name))
        }
        return dir
    }

    /// Every ISO date in the text as Excel's UK short date writes it (31/03/2027, 1/11/2024).
    static func ukDates(_ text: String) -> String {
        let iso = try! NSRegularExpression(pattern: #"\b(\d{4})-(\d{2})-(\d{2})\b"#)
        var out = text
        for m in iso.matches(in: text, range: NSRange(text.startIndex..., in: text)).reversed() {
            let r = Range(m.range, in: text)!
            let parts = text[r].split(separator: "-")
            out.replaceSubrange(Range(m.range, in: out)!, with: "\(Int(parts[2])!)/\(parts[1])/\(parts[0])")
        }
        return out
    }

    static func register(_ path: String) throws -> String {
        let loaded = try PortfolioLoader.load(path)
        let asOf = try #require(loaded.portfolio.place.asOf)
        let register = RegisterEngine(settings: RegisterSettings(), overlap: nil).run(loaded.portfolio, asOf: asOf)
        return String(decoding: try JSONEncoder().encode(register.entries.map { "\($0.initiative.id) \($0.recommendation.rawValue)" }), as: UTF8.self)
    }

    @Test("UK dates (dd/mm/yyyy, d/m/yyyy) give the same portfolio and register as ISO dates")
    func ukDatesReadDayFirst() throws {
        let uk = try Self.exampleCopy { _, text in Self.ukDates(text) }
        let funding = try String(contentsOf: uk.appendingPathComponent("funding.csv"), encoding: .utf8)
        #expect(funding.contains(",1/11/2024,31/03/2027"))
        let result = try PortfolioLoader.read(uk.path)
        #expect(result.diagnostics.isEmpty)
        let clean = try PortfolioLoader.load(TestSupport.northbridgeCSV)
        #expect(result.loaded?.portfolio == clean.portfolio)
        #expect(try Self.register(uk.path) == Self.register(TestSupport.northbridgeCSV))
    }

    @Test func monthFirstPlace() throws {
        let dir = try TestSupport.temporaryDirectory()
        _ = try TestSupport.write("name,as-of,date-order\nTestville,10/31/2026,mdy\n", named: "place.csv", in: dir)
        _ = try TestSupport.write("id,name,kind,status,start\ni1,One,pilot,live,3/31/2026\ni2,Two,pilot,live,31/03/2026\n", named: "initiatives.csv", in: dir)
        _ = try TestSupport.write("household,initiative,date\nh1,i1,12/25/2025\nh2,i1,25/12/2025\n", named: "contacts.csv", in: dir)
        let result = try PortfolioLoader.read(dir.path)
        #expect(result.diagnostics.map(\.description) == [
            "\(dir.path)/contacts.csv:3:3: error: [bad-date] contact: the date is not a date read month first (mm/dd/yyyy), the place's date order, but it would be one read day first; if the files write dates day first, set date-order to dmy in place.csv (date-order=\"dmy\" on <portfolio>), or write it as YYYY-MM-DD (contacts.csv values are never shown)",
            "\(dir.path)/initiatives.csv:3:5: error: [bad-date] initiative 'i2': start '31/03/2026' is not a date read month first (mm/dd/yyyy), the place's date order, but it would be one read day first; if the files write dates day first, set date-order to dmy in place.csv (date-order=\"dmy\" on <portfolio>), or write it as YYYY-MM-DD",
        ])
        #expect(result.loaded?.portfolio.place.asOf?.iso == "2026-10-31")
        #expect(result.loaded?.portfolio.initiatives.first?.start?.iso == "2026-03-31")
    }

    @Test func datesThatAreNotDaysUnderTheRule() throws {
        let dir = try TestSupport.temporaryDirectory()
        _ = try TestSupport.write("name,as-of,date-order\nTestville,2026-10-01,ymd\n", named: "place.csv", in: dir)
        _ = try TestSupport.write("id,name,kind,status,start,end,review-date\ni1,One,pilot,live,03/31/2026,31/02/2026,1/4/26\n", named: "initiatives.csv", in: dir)
        let d = try PortfolioLoader.read(dir.path).diagnostics.map(\.description)
        #expect(d == [
            "\(dir.path)/initiatives.csv:2:5: error: [bad-date] initiative 'i1': start '03/31/2026' is not a date read day first (dd/mm/yyyy), the place's date order, but it would be one read month first; if the files write dates month first, set date-order to mdy in place.csv (date-order=\"mdy\" on <portfolio>), or write it as YYYY-MM-DD",
            "\(dir.path)/initiatives.csv:2:6: error: [bad-date] initiative 'i1': end '31/02/2026' is not a day in the calendar (read day first, dd/mm/yyyy)",
            "\(dir.path)/initiatives.csv:2:7: error: [bad-date] initiative 'i1': review-date '1/4/26' has a two-digit year, which could be any century; write the year in full (dd/mm/yyyy) or as YYYY-MM-DD",
            "\(dir.path)/place.csv:2:3: error: [bad-value] place: date-order 'ymd' is not a date order; use dmy (31/03/2027, the default) or mdy (03/31/2027)",
        ])
    }

    @Test func xmlRootDateOrderReadsTheContactsFile() throws {
        let dir = try TestSupport.temporaryDirectory()
        _ = try TestSupport.write("household,initiative,date\nh1,i1,12/25/2025\n", named: "c.csv", in: dir)
        let path = try TestSupport.write("""
        <portfolio xmlns="urn:convenor:portfolio:1" place="X" as-of="2026-01-01" date-order="mdy" contacts="c.csv">
          <initiative id="i1" name="One" kind="pilot" status="live"/>
        </portfolio>
        """, named: "p.xml", in: dir)
        let result = try PortfolioLoader.read(path)
        #expect(result.diagnostics.isEmpty)
        #expect(result.loaded?.portfolio.contacts.date(at: 0)?.iso == "2025-12-25")
    }

    @Test("a Windows-1252 file is one error naming the file and the Excel fix, with no knock-on errors")
    func windows1252IsOneError() throws {
        let dir = try Self.exampleCopy()
        var text = try String(contentsOf: dir.appendingPathComponent("initiatives.csv"), encoding: .utf8)
        text = text.replacingOccurrences(of: "Housing First,", with: "Housing First – café,")
        // What Excel's "CSV (Comma delimited)" writes: – is 0x96 and é is 0xE9 in Windows-1252.
        let bytes = text.unicodeScalars.map { $0 == "–" ? UInt8(0x96) : $0 == "é" ? UInt8(0xE9) : UInt8($0.value) }
        try Data(bytes).write(to: dir.appendingPathComponent("initiatives.csv"))
        let result = try PortfolioLoader.read(dir.path)
        #expect(result.loaded == nil)
        #expect(result.diagnostics.map(\.description) == [
            "\(dir.path)/initiatives.csv:3: error: [bad-encoding] initiatives.csv is not UTF-8: line 3 has a character in another encoding (probably Windows-1252, which Excel's \"CSV (Comma delimited)\" writes); in Excel open it and choose File → Save As → \"CSV UTF-8 (Comma delimited)\", then run again",
        ])
    }

    @Test func utf16AndBOM() throws {
        let dir = try TestSupport.temporaryDirectory()
        try Data([0xEF, 0xBB, 0xBF] + Array("name,as-of\nTestville,2026-10-01\n".utf8)).write(to: dir.appendingPathComponent("place.csv"))
        try Data([0xFF, 0xFE] + Array("id\tname\n".utf8).flatMap { [$0, 0] }).write(to: dir.appendingPathComponent("initiatives.csv"))
        #expect(try PortfolioLoader.read(dir.path).diagnostics.map(\.description) == [
            "\(dir.path)/initiatives.csv:1: error: [bad-encoding] initiatives.csv is UTF-16 text (Excel's \"Unicode Text\"), not UTF-8 CSV; in Excel open it and choose File → Save As → \"CSV UTF-8 (Comma delimited)\", then run again",
        ])
        // A UTF-8 byte order mark (Excel's "CSV UTF-8") is skipped without a word.
        _ = try TestSupport.write("id,name,kind,status\ni1,One,pilot,live\n", named: "initiatives.csv", in: dir)
        let result = try PortfolioLoader.read(dir.path)
        #expect(result.diagnostics.isEmpty)
        #expect(result.loaded?.portfolio.place.name == "Testville")
    }

    @Test func encodingCheckAcrossBlocks() throws {
        // A two-byte character cut by the 1 MiB block boundary is still UTF-8.
        let dir = try TestSupport.temporaryDirectory()
        var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: (1 << 20) - 1)
        bytes += Array("é\n".utf8)
        let path = dir.appendingPathComponent("x.csv").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(TextEncodingCheck.problem(inFileAt: path) == nil)
        bytes += [0xE9, 10]
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(TextEncodingCheck.problem(inFileAt: path) == .init(guess: .windows1252, line: 2))
    }

    @Test("a misspelt header is an error with 'did you mean'; an unknown extra column stays a warning")
    func nearMissHeaders() throws {
        let dir = try Self.exampleCopy { name, text in
            guard name == "initiatives.csv" || name == "funding.csv" else { return text }
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            lines[0] = lines[0].replacingOccurrences(of: ",neighbourhoods,", with: ",neighborhoods,")
                .replacingOccurrences(of: "initiative,source", with: "initiatve_id,source") + ",notes"
            for n in 1..<lines.count where !lines[n].isEmpty { lines[n] += ",x" }
            return lines.joined(separator: "\n")
        }
        let d = try PortfolioLoader.read(dir.path).diagnostics.map(\.description)
        #expect(d == [
            "\(dir.path)/funding.csv:1:1: error: [misspelt-column] funding.csv has a column 'initiatve_id': did you mean 'initiative'? Rename the header to 'initiative', or its values are not read",
            "\(dir.path)/funding.csv:1:8: warning: [unknown-column] funding.csv has a column 'notes' that Convenor does not know; it is ignored",
            "\(dir.path)/initiatives.csv:1:11: error: [misspelt-column] initiatives.csv has a column 'neighborhoods': did you mean 'neighbourhoods'? Rename the header to 'neighbourhoods', or its values are not read",
            "\(dir.path)/initiatives.csv:1:30: warning: [unknown-column] initiatives.csv has a column 'notes' that Convenor does not know; it is ignored",
        ])
    }

    @Test func nearMissRules() {
        let names = CSVLayout.initiatives.all
        #expect(CSVLayout.nearMiss("Name", in: names) == "name")
        #expect(CSVLayout.nearMiss("Review Date", in: names) == "review-date")
        #expect(CSVLayout.nearMiss("evidence_level", in: names) == "evidence-level")
        #expect(CSVLayout.nearMiss("neighborhoods", in: names) == "neighbourhoods")
        #expect(CSVLayout.nearMiss("notes", in: names) == nil)
        #expect(CSVLayout.nearMiss("colour", in: names) == nil)
        #expect(CSVLayout.nearMiss("kin", in: names) == "kind")
        #expect(CSVLayout.nearMiss("ward", in: names) == nil)
    }
}

@Suite("libxml2 errors by domain and code")
struct LibXMLClassificationTests {
    @Test("an unclosed element whose name contains 'entity' is a tag mismatch, not a forbidden entity")
    func unclosedIdentity() throws {
        for name in ["identity", "quantity"] {
            let path = try TestSupport.write("""
            <portfolio xmlns="urn:convenor:portfolio:1" place="X" as-of="2026-01-01">
              <\(name)>
            </portfolio>
            """, named: "p.xml")
            let d = try PortfolioLoader.read(path).diagnostics.map(\.description)
            #expect(d.last == "\(path):3:13: error: [malformed-xml] Opening and ending tag mismatch: \(name) line 2 and portfolio", "\(d)")
            #expect(!d.contains { $0.contains("[entity-forbidden]") })
        }
    }
}
