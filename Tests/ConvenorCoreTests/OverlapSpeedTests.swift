import Foundation
import Testing
import ConvenorTestSupport
@testable import ConvenorCore

/// The shortcuts taken for speed at national scale (issue 17) give exactly what the plain ways give.
@Suite("Overlap speed: same bytes")
struct OverlapSpeedTests {
    /// A copy of the example place's CSV folder, with `edit` applied to its files' text.
    func examplePlace(_ edit: (inout [String: String]) -> Void = { _ in }) throws -> String {
        let source = TestSupport.root.appendingPathComponent("examples/northbridge/csv")
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) {
            files[name] = try String(contentsOf: source.appendingPathComponent(name).resolvingSymlinksInPath(), encoding: .utf8)
        }
        edit(&files)
        let dir = try TestSupport.temporaryDirectory()
        for (name, text) in files { _ = try TestSupport.write(text, named: name, in: dir) }
        return dir.path
    }

    /// Reading contacts.csv beside the other tables (assuming every initiative it names exists, checked
    /// afterwards) gives the portfolio and messages of reading it after initiatives.csv, also when a
    /// contact names an initiative that is missing or whose row is broken.
    @Test(arguments: ["as is", "dangling", "broken initiative"])
    func contactsReadAlongsideMatchReadingAfter(variant: String) throws {
        let folder = try examplePlace { files in
            switch variant {
            case "dangling":
                files["contacts.csv"]! += "hh-1,no-such-initiative,2026-01-02,true\nhh-2,workwell,2026-01-03,maybe\n"
            case "broken initiative":
                // workwell's row loses its kind: it is not built, so contacts naming it dangle.
                var lines = files["initiatives.csv"]!.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                let k = lines.firstIndex { $0.hasPrefix("workwell,") }!
                var cells = lines[k].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                cells[2] = "no-such-kind"
                lines[k] = cells.joined(separator: ",")
                files["initiatives.csv"] = lines.joined(separator: "\n")
            default: break
            }
        }
        let after = try CSVPortfolioReader(folder: folder, displayFolder: "p", readContactsAlongside: false).read()
        let alongside = try CSVPortfolioReader(folder: folder, displayFolder: "p", readContactsAlongside: true).read()
        #expect(alongside.portfolio == after.portfolio)
        #expect(alongside.diagnostics == after.diagnostics)
        #expect((after.portfolio?.contacts.count ?? 0) > 9_000)
        let dangling = after.diagnostics.filter { $0.is(.danglingReference) }.count
        #expect(variant == "as is" ? dangling == 0 : dangling > 0)
    }

    /// The encoding check reads eight ASCII bytes at a time and still names the right line, whatever
    /// the bytes around the line feeds (vertical tabs, 0x0B, are one off a line feed).
    @Test(arguments: [1, 2, 7, 8, 9, 500, 40_000])
    func encodingCheckCountsLinesExactly(badLine: Int) throws {
        var bytes: [UInt8] = []
        for line in 1...40_001 {
            if line == badLine { bytes += Array("caf".utf8) + [0xE9] }
            bytes += Array("a\u{0B}\u{0B}b,\u{09}\u{0B}".utf8).prefix(line % 7) + [10]
        }
        let dir = try TestSupport.temporaryDirectory()
        let path = try TestSupport.write(Data(bytes), named: "t.csv", in: dir)
        #expect(TextEncodingCheck.problem(inFileAt: path) == TextEncodingCheck.Problem(guess: .windows1252, line: badLine))
        let good = try TestSupport.write(Data(bytes.filter { $0 != 0xE9 } + Array("é\n".utf8)), named: "u.csv", in: dir)
        #expect(TextEncodingCheck.problem(inFileAt: good) == nil)
    }

    /// A file over the size checked in parts (one per core) names the same line as reading it whole:
    /// a bad byte early, late, on the first line of a later part, and a UTF-16 byte order mark.
    @Test(arguments: [3, 70_000, 140_000, 149_999])
    func encodingCheckInPartsCountsLinesExactly(badLine: Int) throws {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(150_000 * 40)
        for line in 1...150_000 {
            bytes += Array("hh\(line),initiative-\(line % 97),2026-01-0\(line % 9 + 1),true".utf8)
            if line == badLine { bytes += [0xE9] }
            bytes.append(10)
        }
        #expect(bytes.count >= ContactsReader.parallelThreshold, "the file must be large enough to be checked in parts")
        let dir = try TestSupport.temporaryDirectory()
        let path = try TestSupport.write(Data(bytes), named: "contacts.csv", in: dir)
        #expect(TextEncodingCheck.problem(inFileAt: path) == TextEncodingCheck.Problem(guess: .windows1252, line: badLine))
        // Whichever part a line starts, the count is the same: the cut falls after a line feed.
        let good = try TestSupport.write(Data(bytes.filter { $0 != 0xE9 }), named: "good.csv", in: dir)
        #expect(TextEncodingCheck.problem(inFileAt: good) == nil)
        let utf16 = try TestSupport.write(Data([0xFF, 0xFE] + bytes.filter { $0 != 0xE9 }), named: "utf16.csv", in: dir)
        #expect(TextEncodingCheck.problem(inFileAt: utf16) == TextEncodingCheck.Problem(guess: .utf16, line: 1))
    }

    /// `Format.plain` prints what printf's %.Nf prints, without Foundation's formatter where it can.
    @Test func fixedPlacesMatchPrintf() {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [0, -0.0, 1, -1, 0.5, 1.5, 2.5, 0.125, 0.375, 0.005, 0.015, 0.045, 1e-7, -1e-7, 0.9999996, 0.995,
                                999.9999995, 1000, 12345.678, -12345.678, 1e9, 1e12, .infinity, -.infinity, .nan, 0.1 + 0.2, 2.675]
        for _ in 0..<20_000 {
            let magnitude = [1.0, 10, 1_000, 1e6][Int.random(in: 0..<4, using: &generator)]
            values.append(Double.random(in: -magnitude...magnitude, using: &generator))
            values.append(Double(Int.random(in: 0..<100_000, using: &generator)) / 1_000 + 0.0005)
        }
        for value in values {
            for places in 0...6 {
                #expect(Format.plain(value, places: places) == String(format: "%.\(places)f", value), "\(value) to \(places) places")
            }
        }
    }

    /// The XML writer escapes into bytes exactly as `escape` escapes into a string.
    @Test func escapingBytesMatchesEscapingText() {
        let samples = ["plain", "a & b < c > d", "\"quoted\" and 'single'", "line\nbreak\r\nand\ttab", "\u{1}\u{7}\u{1F}bell",
                       "naïve café – ‘curly’ “quotes” 🏠", "", "&amp;", "\r"]
        for text in samples {
            for attribute in [false, true] {
                var bytes: [UInt8] = []
                appendEscaped(text, attribute: attribute, to: &bytes)
                #expect(String(decoding: bytes, as: UTF8.self) == escape(text, attribute: attribute), "\(text.debugDescription)")
            }
        }
        var x = XMLWriter(.plain, layout: .indented)
        x.open("a", ["k": "v & \"w\"", "skipped": nil])
        x.element("b", ["id": "1"], text: "t < u")
        x.empty("c", ["x": "é\n"])
        x.element("d") { d in d.text("inline") }
        x.close()
        #expect(x.document(trailingNewline: true) == """
            <?xml version="1.0" encoding="UTF-8"?>
            <a k="v &amp; &quot;w&quot;">
              <b id="1">t &lt; u</b>
              <c x="é&#10;"/>
              <d>inline</d>
            </a>

            """)
        #expect(x.data(trailingNewline: true) == Data(x.document(trailingNewline: true).utf8))
    }
}
