import Foundation
import Testing
import ConvenorTestSupport
@testable import ConvenorCore

/// The reversible guard against spreadsheet formulas in every CSV Convenor writes (issue 19).
@Suite("Spreadsheet cell guard")
struct SpreadsheetCellTests {
    static let cells: [(text: String, written: String)] = [
        ("=1+2", "'=1+2"), ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"), ("@SUM(A1)", "'@SUM(A1)"),
        ("-2+3", "'-2+3"), ("-", "'-"), ("\tTab", "'\tTab"), ("\rCR", "\"'\rCR\""),
        ("'=x", "''=x"), ("''=x", "'''=x"), ("'-3", "''-3"),
        // Left alone: numbers, text that cannot run, apostrophes not followed by a trigger.
        ("-3", "-3"), ("-0.5", "-0.5"), ("+4", "+4"), ("-1e3", "-1e3"), ("1E-2", "1E-2"), (".5", ".5"),
        ("'", "'"), ("''", "''"), ("'hello", "'hello"), ("", ""), ("Plain, with comma", "\"Plain, with comma\""),
        ("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
        ("-1e", "'-1e"), ("--3", "'--3"), ("+-", "'+-"),
    ]

    @Test func writerGuardsAndReaderRestores() throws {
        let data = CSVDocument.render(header: ["value"], rows: Self.cells.map { [$0.text] })
        let expected = "value\n" + Self.cells.map { $0.written + "\n" }.joined()
        #expect(String(decoding: data, as: UTF8.self) == expected)
        let path = try TestSupport.write(String(decoding: data, as: UTF8.self), named: "cells.csv")
        let reader = try CSVTableReader(path: path, displayName: "cells.csv")
        var read: [String] = []
        while let row = reader.next() { read.append(row[0]) }
        // The empty cell is a blank line, which readers skip.
        #expect(read == Self.cells.map(\.text).filter { !$0.isEmpty })
    }

    @Test func guardIsReversibleOnItsOwn() {
        for (text, _) in Self.cells {
            #expect(SpreadsheetCell.unguarded(SpreadsheetCell.guarded(text)) == text, "\(text)")
            #expect(!SpreadsheetCell.isFormulaLike(SpreadsheetCell.guarded(text)), "\(text)")
        }
        #expect(SpreadsheetCell.neutralised("=cmd") == "'=cmd")
        #expect(SpreadsheetCell.neutralised("'=cmd") == "'=cmd")
        #expect(SpreadsheetCell.neutralised("-3") == "-3")
    }

    @Test("the reader notes unguarded formula-like cells, not guarded ones or numbers")
    func readerNotesFormulaLikeCells() throws {
        let path = try TestSupport.write("a,b,c,d\n=1,'=1,-3,@x\n", named: "f.csv")
        let reader = try CSVTableReader(path: path, displayName: "f.csv")
        #expect(reader.next() == ["=1", "=1", "-3", "@x"])
        #expect(reader.scanner.formulaLikeFields == [0, 3])
    }

    @Test func importersNeutraliseNames() {
        #expect(ImportText.name("  =HYPERLINK(\"x\")  ") == "'=HYPERLINK(\"x\")")
        #expect(ImportText.longText("@SUM(1)\nsecond") == "'@SUM(1)\nsecond")
        #expect(ImportText.name("-5") == "-5")
    }
}
