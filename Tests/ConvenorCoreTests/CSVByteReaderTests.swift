import Foundation
import Testing
import ConvenorTestSupport
@testable import ConvenorCore

/// The byte-level CSV reader: RFC 4180 quoting, line tracking, and the strict errors.
@Suite struct CSVByteReaderTests {
    /// All rows of a file (blank lines skipped) with the line each starts on, and the failure if any.
    func read(_ bytes: [UInt8]) throws -> (rows: [[String]], lines: [Int], header: [String], failure: String?) {
        let dir = try TestSupport.temporaryDirectory()
        let path = dir.appendingPathComponent("t.csv").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let t = try CSVTableReader(path: path, displayName: "t.csv")
        var rows: [[String]] = [], lines: [Int] = []
        while let row = t.next() { rows.append(row); lines.append(t.line) }
        return (rows, lines, t.header, t.failure?.description)
    }

    func read(_ text: String) throws -> (rows: [[String]], lines: [Int], header: [String], failure: String?) {
        try read(Array(text.utf8))
    }

    @Test func quotedFieldsWithCommasQuotesAndLineBreaks() throws {
        let r = try read("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\nplain,\"\",end\n")
        #expect(r.header == ["a", "b", "c"])
        #expect(r.rows == [["x, y", "say \"hi\"", "two\nlines"], ["plain", "", "end"]])
        #expect(r.lines == [2, 4])
        #expect(r.failure == nil)
    }

    @Test func crlfLoneCRAndNoFinalLineBreak() throws {
        let r = try read("a,b\r\n1,2\r\n\"3\r\nx\",4\r5,6")
        #expect(r.rows == [["1", "2"], ["3\r\nx", "4"], ["5", "6"]])
        #expect(r.lines == [2, 3, 5])
    }

    @Test func byteOrderMarkAndHeaderSpacesAreDropped() throws {
        let r = try read("\u{FEFF} id , name\ni1,One\n")
        #expect(r.header == ["id", "name"])
        #expect(r.rows == [["i1", "One"]])
    }

    @Test func blankLinesAreSkippedButCounted() throws {
        let r = try read("a,b\n\n1,2\n\n\n3,4\n")
        #expect(r.rows == [["1", "2"], ["3", "4"]])
        #expect(r.lines == [3, 6])
    }

    @Test func emptyFieldsAndTrailingComma() throws {
        let r = try read("a,b,c\n,,\n1,2,\n")
        #expect(r.rows == [["", "", ""], ["1", "2", ""]])
    }

    @Test func strayQuotesAreKeptLiterally() throws {
        // A quote inside an unquoted field, and text after a closing quote, as spreadsheets sometimes write.
        let r = try read("a,b\n5\" pipe,\"ab\"c\",d\n")
        #expect(r.rows == [["5\" pipe", "ab\"c", "d"]])
    }

    @Test func unclosedQuoteIsAnErrorAtItsStart() throws {
        let r = try read("a,b\n1,2\n3,\"never closed\n4,5\n")
        #expect(r.rows == [["1", "2"]])
        #expect(r.failure == "t.csv:3:2: error: [unclosed-quote] a quoted field starts here but its closing quote (\") never comes, so the rest of the file would be one field; add the closing quote, or write a quote inside a field as \"\"")
    }

    @Test func invalidUTF8StopsWithItsLine() throws {
        var bytes = Array("a,b\n1,2\nCaf".utf8)
        bytes += [0xE9, 0x2C, 0x33, 0x0A] // Latin-1 é
        let r = try read(bytes)
        #expect(r.rows == [["1", "2"]])
        #expect(r.failure?.hasPrefix("t.csv:3: error: [bad-encoding] the file is not UTF-8 text (line 3 ") == true)
    }

    @Test func multiByteUTF8IsKept() throws {
        let r = try read("name,place\nZoë,Ynys Môn – Anglesey\n")
        #expect(r.rows == [["Zoë", "Ynys Môn – Anglesey"]])
        #expect(r.failure == nil)
    }

    @Test func rowsAcrossBlockBoundaries() throws {
        // More than the reader's 1 MiB block, with quoted line breaks and escaped quotes everywhere, so
        // rows and quoted fields straddle block ends at many offsets.
        var text = "id,text,n\n"
        var expected: [[String]] = []
        for i in 0..<40_000 {
            let body = "row \(i), \"quoted\"\nsecond line" + String(repeating: "x", count: i % 23)
            text += "i\(i),\"\(body.replacingOccurrences(of: "\"", with: "\"\""))\",\(i)\r\n"
            expected.append(["i\(i)", body, "\(i)"])
        }
        let r = try read(text)
        #expect(r.rows.count == expected.count)
        #expect(r.rows == expected)
        #expect(r.lines.last == 2 + 2 * (expected.count - 1))
    }

    @Test func longRowBiggerThanABlock() throws {
        let long = String(repeating: "abc,\"\"", count: 400_000)
        let r = try read("a,b\n\"\(long.replacingOccurrences(of: "\"", with: "\"\""))\",z\n")
        #expect(r.rows == [[long, "z"]])
    }

    @Test func contactsReaderMatchesRowByRowReading() throws {
        let dir = try TestSupport.temporaryDirectory()
        _ = try TestSupport.write("name,as-of\nT,2026-10-01\n", named: "place.csv", in: dir)
        _ = try TestSupport.write("id,name,kind,status\ni1,One,pilot,live\ni2,Two,pilot,live\n", named: "initiatives.csv", in: dir)
        _ = try TestSupport.write("household,initiative,date,assessed\nh1,i2,2026-01-02,true\nh1,i1,,False\nh2,i2,2025-12-31,TRUE\n\"h1\",i2,2026-01-03,\n",
                                  named: "contacts.csv", in: dir)
        let c = try #require(try PortfolioLoader.read(dir.path).loaded?.portfolio.contacts)
        #expect(Array(c.householdIDs) == ["h1", "h2"])
        #expect(Array(c.initiativeIDs) == ["i2", "i1"])
        #expect(c.household == [0, 0, 1, 0])
        #expect(c.initiative == [0, 1, 0, 0])
        #expect(c.assessed == [true, false, true, false])
        #expect(c.date(at: 0) == CalendarDate(year: 2026, month: 1, day: 2))
        #expect(c.date(at: 1) == nil)
    }

    @Test func contactsBadValuesAreReportedWithoutHouseholdIds() throws {
        let dir = try TestSupport.temporaryDirectory()
        _ = try TestSupport.write("name,as-of\nT,2026-10-01\n", named: "place.csv", in: dir)
        _ = try TestSupport.write("id,name,kind,status\ni1,One,pilot,live\n", named: "initiatives.csv", in: dir)
        _ = try TestSupport.write("household,initiative,date,assessed\nsecret-7,i1,2026-02-30,true\nsecret-8,i1,,yes\nsecret-9,i1\n",
                                  named: "contacts.csv", in: dir)
        let d = try PortfolioLoader.read(dir.path).diagnostics.map(\.description)
        #expect(d == [
            "\(dir.path)/contacts.csv:2:3: error: [bad-date] contact: the date is not a date; write it as YYYY-MM-DD, e.g. 2026-03-31 (contacts.csv values are never shown)",
            "\(dir.path)/contacts.csv:3:4: error: [bad-value] contact: assessed must be true or false (contacts.csv values are never shown)",
            "\(dir.path)/contacts.csv:4:1: error: [ragged-row] this row has 2 fields but the header has 4; look for a stray comma or an unclosed quote",
        ])
        #expect(!d.joined().contains("secret"))
    }

    @Test func interningIsByBytesAndInOrderOfFirstUse() {
        var interner = ByteInterner()
        var numbers: [Int] = []
        for key in ["b", "a", "b", "", "a", "long-key-over-eight-bytes", "long-key-over-eight-bytez", ""] {
            var k = key
            numbers.append(k.withUTF8 { interner.intern($0).number })
        }
        #expect(numbers == [0, 1, 0, 2, 1, 3, 4, 2])
        #expect(Array(interner.keys) == ["b", "a", "", "long-key-over-eight-bytes", "long-key-over-eight-bytez"])
        // Past many table growths, every key keeps its number.
        var big = ByteInterner()
        for i in 0..<100_000 { var k = "h\(i)"; _ = k.withUTF8 { big.intern($0) } }
        var again = "h12345"
        #expect(again.withUTF8 { big.find($0) } == 12345)
        #expect(big.count == 100_000)
    }

    /// Interning without a table while keys come in increasing order numbers every key as the table
    /// does, through the order breaking, lookups while still in order, and joining another interner.
    @Test func internerDeferringItsTableNumbersAsTheTableDoes() {
        func numbers(_ keys: [String], deferring: Bool) -> ([Int], [String]) {
            var interner = ByteInterner(deferringTableWhileAscending: deferring)
            let numbers = keys.map { key in var k = key; return k.withUTF8 { interner.intern($0).number } }
            return (numbers, Array(interner.keys))
        }
        let sequences = [
            ["a", "b", "b", "c", "ab", "d"],                     // "ab" after "c": the order breaks, "ab" is new
            ["a", "b", "c", "b", "a", "d", "c"],                 // breaks on a known key
            ["h1", "h10", "h2", "h9", "h10"],                    // byte order, not numeric
            ["", "x", "xy", "xyz", "xy"],                         // a prefix comes first
            ["long-key-over-eight-bytes", "long-key-over-eight-bytez", "long-key-over-eight-bytes"],
        ]
        for keys in sequences {
            #expect(numbers(keys, deferring: true) == numbers(keys, deferring: false), "\(keys)")
        }
        var ascending = ByteInterner(deferringTableWhileAscending: true)
        for i in 0..<1_000 { var k = "h\(String(format: "%04d", i))"; _ = k.withUTF8 { ascending.intern($0) } }
        for (key, number) in [("h0000", 0), ("h0999", 999), ("h0500", 500), ("h05", nil), ("h1000", nil), ("a", nil)] as [(String, Int?)] {
            var k = key
            #expect(k.withUTF8 { ascending.find($0) } == number, "\(key)")
        }
    }

    @Test(arguments: [
        (["a", "b"], ["c", "d"]),          // the other's keys all follow: appended
        (["a", "b"], ["b", "c"]),          // one key in both
        (["a", "c"], ["b", "d"]),          // interleaved
        (["b", "a"], ["c"]),               // this one out of order
        (["a"], ["c", "b"]),               // the other out of order
        ([], ["b", "a"]),
        (["a"], []),
    ])
    func absorbingAnotherInternerNumbersAsInterningItsKeys(mine: [String], theirs: [String]) {
        func interner(_ keys: [String]) -> ByteInterner {
            var interner = ByteInterner(deferringTableWhileAscending: true)
            for key in keys { var k = key; _ = k.withUTF8 { interner.intern($0) } }
            return interner
        }
        var joined = interner(mine)
        let renumbering = joined.absorb(interner(theirs))
        var plain = interner(mine)
        let expected = theirs.map { key in var k = key; return Int32(k.withUTF8 { plain.intern($0).number }) }
        let numbers: [Int32]
        switch renumbering {
        case .shifted(let shift): numbers = (0..<Int32(theirs.count)).map { $0 + shift }
        case .mapped(let mapped): numbers = mapped
        }
        #expect(numbers == expected)
        #expect(Array(joined.keys) == Array(plain.keys))
        // Interning goes on correctly after the join.
        for key in ["a", "e", "b"] {
            var k = key, l = key
            #expect(k.withUTF8 { joined.intern($0).number } == l.withUTF8 { plain.intern($0).number })
        }
    }

    /// Households in increasing order (how a case system usually exports them) are read without a
    /// hash table, and the parts joined by appending: the log is still numbered in order of first use,
    /// also when a household runs across a cut or the order breaks.
    @Test(arguments: ["sorted", "numbers unpadded", "one out of order"])
    func contactsSortedByHouseholdReadInPartsMatchFirstUse(layout: String) throws {
        let dir = try TestSupport.temporaryDirectory()
        var text = "household,initiative,date,assessed\n"
        var households: [String] = []
        for row in 0..<3_000 {
            let household = switch layout {
            case "numbers unpadded": "h\(row / 3)"
            case "one out of order" where row == 2_500: "h00004"
            default: "h\(String(format: "%05d", row / 3))"
            }
            households.append(household)
            text += "\(household),i\(row % 7),2025-01-01,true\n"
        }
        let path = try TestSupport.write(text, named: "contacts.csv", in: dir)
        let known = Dictionary(uniqueKeysWithValues: (0..<7).map { ("i\($0)", $0) })
        var firstUse: [String: Int32] = [:], order: [String] = []
        let expected = households.map { h in
            if let n = firstUse[h] { return n }
            firstUse[h] = Int32(order.count); order.append(h)
            return Int32(order.count - 1)
        }
        for parts in [1, 2, 3, 7] {
            let log = try ContactsReader(path: path, displayName: "contacts.csv", parts: parts).read(knownInitiatives: known).contacts
            #expect(Array(log.householdIDs) == order, "\(parts) parts")
            #expect(log.household == expected, "\(parts) parts")
        }
    }

    /// Reading contacts.csv in parts on several cores gives exactly what reading it in one go gives:
    /// the same log (ids numbered in order of first use) and the same messages at the same lines.
    @Test(arguments: [2, 3, 7])
    func contactsReadInPartsMatchReadingInOneGo(parts: Int) throws {
        let dir = try TestSupport.temporaryDirectory()
        var text = "household,initiative,date,assessed\n"
        for row in 0..<3_000 {
            switch row {
            case 17: text += "h5,i404,2026-01-01,true\n"        // dangling
            case 1_499: text += "\n"                            // blank line
            case 1_500: text += "h9,i1,2026-02-30,true\n"       // bad date
            case 2_999: text += "h1,i2\n"                       // ragged
            default: text += "h\(row * 7 % 1_000),i\(row * 13 % 40),2025-\(String(format: "%02d", row % 12 + 1))-01,\(row % 3 == 0)\n"
            }
        }
        let path = try TestSupport.write(text, named: "contacts.csv", in: dir)
        let known = Dictionary(uniqueKeysWithValues: (0..<40).map { ("i\($0)", $0) })
        let one = try ContactsReader(path: path, displayName: "contacts.csv", parts: 1).read(knownInitiatives: known)
        let many = try ContactsReader(path: path, displayName: "contacts.csv", parts: parts).read(knownInitiatives: known)
        #expect(one.contacts.count == 2_996)
        #expect(many.contacts == one.contacts)
        #expect(many.diagnostics == one.diagnostics)
        #expect(one.diagnostics.map(\.description) == [
            "contacts.csv:19:2: error: [dangling-reference] contact names an initiative that initiatives.csv does not have; check the initiative column on this line (contacts.csv values are never shown)",
            "contacts.csv:1502:3: error: [bad-date] contact: the date is not a date; write it as YYYY-MM-DD, e.g. 2026-03-31 (contacts.csv values are never shown)",
            "contacts.csv:3001:1: error: [ragged-row] this row has 2 fields but the header has 4; look for a stray comma or an unclosed quote",
        ])
    }

    @Test func contactsWithQuotedFieldsAreReadInOneGo() throws {
        // A quoted field may hold a line break, so a cut at a line break may fall inside it: the parts
        // are thrown away and the file is read from the start.
        let dir = try TestSupport.temporaryDirectory()
        var text = "household,initiative,date,assessed\n"
        for row in 0..<500 { text += row == 250 ? "\"h\nx\",i1,,false\n" : "h\(row),i1,,false\n" }
        let path = try TestSupport.write(text, named: "contacts.csv", in: dir)
        let one = try ContactsReader(path: path, displayName: "contacts.csv", parts: 1).read(knownInitiatives: ["i1": 0])
        let many = try ContactsReader(path: path, displayName: "contacts.csv", parts: 2).read(knownInitiatives: ["i1": 0])
        #expect(many.contacts == one.contacts)
        #expect(one.contacts.householdIDs[250] == "h\nx")
        #expect(one.diagnostics.isEmpty && many.diagnostics.isEmpty)
    }
}
