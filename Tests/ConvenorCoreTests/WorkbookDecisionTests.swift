import Foundation
import Testing
import ConvenorTestSupport
@testable import ConvenorCore

/// Decisions recorded in a portfolio kept as an `.xlsx` workbook (issue 15 with issue 14's workbooks):
/// only the decision's cells change, every other part of the workbook is carried over byte for byte.
@Suite("Decisions in a workbook")
struct WorkbookDecisionTests {
    /// A copy of the example place as LibreOffice Calc saved it (shared strings, its own styles).
    static func libreOfficeCopy() throws -> String {
        let dir = try TestSupport.temporaryDirectory()
        let path = dir.appendingPathComponent("portfolio.xlsx")
        try FileManager.default.copyItem(at: WorkbookTests.fixtures.appendingPathComponent("northbridge-libreoffice.xlsx"), to: path)
        return path.path
    }

    static func parts(_ path: String) throws -> [String: Data] {
        Dictionary(try ZipEntries.of(Data(contentsOf: URL(fileURLWithPath: path))).map { ($0.path, $0.contents) }, uniquingKeysWith: { a, _ in a })
    }

    @Test("a decision in a workbook without a decisions sheet adds that sheet; every other part stays byte for byte")
    func decisionAddsSheet() throws {
        let path = try Self.libreOfficeCopy()
        let before = try Self.parts(path)
        let old = try PortfolioLoader.load(path).portfolio
        let record = DecisionRecord(initiative: "winter-shelter", value: "stop", date: "2026-11-20", by: "Cabinet",
                                    rationale: "The hub opens in April & the beds close.")
        try DecisionRecorder.record([record], into: path)
        let after = try Self.parts(path)
        let changed = Set(after.keys.filter { before[$0] != after[$0] })
        #expect(changed == ["[Content_Types].xml", "xl/_rels/workbook.xml.rels", "xl/workbook.xml", "xl/worksheets/sheet9.xml"])
        let workbook = String(decoding: after["xl/workbook.xml"]!, as: UTF8.self)
        #expect(workbook.contains(#"<sheet name="decisions" sheetId="9" r:id="rIdConvenorDecisions"/></sheets>"#))
        let types = String(decoding: after["[Content_Types].xml"]!, as: UTF8.self)
        #expect(types.contains(#"<Override PartName="/xl/worksheets/sheet9.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#))

        let new = try PortfolioLoader.load(path).portfolio
        #expect(new == DecisionRecorder.applying([record], to: old))
        let shelter = try #require(new.initiatives.first { $0.id == "winter-shelter" })
        #expect(shelter.decision?.value == .stop)
        #expect(shelter.decision?.rationale == "The hub opens in April & the beds close.")
    }

    @Test("a second decision appends a row; the same day's decision replaces its row; a review changes only the initiatives sheet")
    func appendReplaceAndReview() throws {
        let path = try Self.libreOfficeCopy()
        try DecisionRecorder.record([DecisionRecord(initiative: "winter-shelter", value: "stop", date: "2026-11-20", by: "Cabinet")], into: path)
        let oneRow = try Self.parts(path)
        try DecisionRecorder.record([DecisionRecord(initiative: "winter-shelter", value: "continue", date: "2026-11-21", by: "Board")], into: path)
        try DecisionRecorder.record([DecisionRecord(initiative: "winter-shelter", value: "scale", date: "2026-11-21", by: "Board")], into: path)
        let sheet = String(decoding: try Self.parts(path)["xl/worksheets/sheet9.xml"]!, as: UTF8.self)
        #expect(sheet.contains(#"<row r="2">"#) && sheet.contains(#"<row r="3">"#) && !sheet.contains(#"<row r="4">"#))
        let history = try #require(try PortfolioLoader.load(path).portfolio.initiatives.first { $0.id == "winter-shelter" }).decisions
        #expect(history.suffix(2).map(\.value) == [.stop, .scale])

        let beforeReview = try Self.parts(path)
        try DecisionRecorder.record([DecisionRecord(kind: .recommendation, initiative: "winter-shelter", value: "stop", date: "2027-01-31",
                                                    by: "Director of Housing")], into: path)
        let afterReview = try Self.parts(path)
        #expect(Set(afterReview.keys.filter { beforeReview[$0] != afterReview[$0] }) == ["xl/worksheets/sheet7.xml"])
        let review = try #require(try PortfolioLoader.load(path).portfolio.initiatives.first { $0.id == "winter-shelter" }).review
        #expect(review == Review(date: try #require(CalendarDate(iso: "2027-01-31")), owner: "Director of Housing"))
        #expect(oneRow["xl/worksheets/sheet7.xml"] == beforeReview["xl/worksheets/sheet7.xml"])
    }

    @Test("a refused decision in a workbook changes nothing and points at the initiative's row")
    func refusedDecisionChangesNothing() throws {
        let path = try Self.libreOfficeCopy()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(throws: InputError.self) {
            try DecisionRecorder.record([DecisionRecord(initiative: "winter-shelter", value: "merge", date: "2026-11-20", by: "Cabinet")], into: path)
        }
        do {
            try DecisionRecorder.record([DecisionRecord(initiative: "winter-shelter", value: "merge", date: "2026-11-20", by: "Cabinet")], into: path)
        } catch let error as InputError {
            #expect(error.diagnostics.map(\.description).first?.hasPrefix("\(path)[initiatives]:") == true)
            #expect(error.diagnostics.first?.is(.mergeWithoutInto) == true)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test("a decision recorded in Convenor's own workbook keeps dates as Excel dates")
    func datesStayDates() throws {
        let dir = try TestSupport.temporaryDirectory()
        let path = dir.appendingPathComponent("small.xlsx").path
        try FileManager.default.copyItem(atPath: WorkbookTests.fixtures.appendingPathComponent("small-convenor.xlsx").path, toPath: path)
        let id = try #require(try PortfolioLoader.load(path).portfolio.initiatives.first?.id)
        try DecisionRecorder.record([DecisionRecord(initiative: id, value: "continue", date: "2026-12-01", by: "Board")], into: path)
        let parts = try Self.parts(path)
        let decisions = try #require(parts.first { $0.key.hasPrefix("xl/worksheets/") && String(decoding: $0.value, as: UTF8.self).contains(">Board<") })
        // 2026-12-01 is serial 46357, in the workbook's date style.
        #expect(String(decoding: decisions.value, as: UTF8.self).contains(#"s="2"><v>46357</v>"#))
    }

    @Test("LibreOffice opens the workbook with the recorded decision and saves it back with the decision kept",
          .needs(.libreOffice))
    func libreOfficeReadsTheEditedWorkbook() throws {
        let path = try Self.libreOfficeCopy()
        try DecisionRecorder.record([DecisionRecord(initiative: "winter-shelter", value: "stop", date: "2026-11-20", by: "Cabinet")], into: path)
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent()
        let out = dir.appendingPathComponent("resaved")
        let soffice = try #require(Tools.soffice)
        var resaved = out.appendingPathComponent("portfolio.xlsx")
        // LibreOffice sometimes fails to load a file on a busy machine: one retry.
        for _ in 0..<2 where !FileManager.default.fileExists(atPath: resaved.path) {
            _ = try Shell.run(executable: URL(fileURLWithPath: soffice),
                              ["--headless", "-env:UserInstallation=file://\(dir.path)/lo-profile", "--convert-to", "xlsx", "--outdir", out.path, path])
        }
        resaved = out.appendingPathComponent("portfolio.xlsx")
        let shelter = try #require(try PortfolioLoader.load(resaved.path).portfolio.initiatives.first { $0.id == "winter-shelter" })
        #expect(shelter.decision?.value == .stop)
        #expect(shelter.decision?.date == CalendarDate(iso: "2026-11-20"))
    }
}
