import Foundation
import Testing
import ConvenorTestSupport
@testable import ConvenorCore

@Suite("Reading the example place")
struct ExamplePlaceTests {
    @Test func xmlAndCSVFormsGiveTheSameModel() throws {
        let xml = try PortfolioLoader.load(TestSupport.northbridgeXML)
        let csv = try PortfolioLoader.load(TestSupport.northbridgeCSV)
        #expect(xml.diagnostics.isEmpty, "\(xml.diagnostics)")
        #expect(csv.diagnostics.isEmpty, "\(csv.diagnostics)")
        #expect(xml.portfolio == csv.portfolio)
    }

    @Test func exampleTellsTheStory() throws {
        let p = try PortfolioLoader.load(TestSupport.northbridgeXML).portfolio
        #expect(p.place.name == "Northbridge")
        #expect(p.place.asOf == CalendarDate(iso: "2026-11-01"))
        #expect((12...20).contains(p.neighbourhoods.count))
        #expect((30...60).contains(p.initiatives.count))
        #expect(p.contacts.count > 3000)
        let shelter = try #require(p.initiatives.first { $0.id == "winter-shelter" })
        #expect(shelter.name == "Winter shelter pilot")
        #expect(shelter.kind == .pilot)
        #expect(shelter.review?.date == CalendarDate(iso: "2026-01-15"))
        #expect(shelter.review?.owner == "Head of Housing")
        #expect(shelter.funding.count == 1)
        #expect(shelter.funding.first?.amount == Decimal(180000))
        #expect(shelter.funding.first?.source == "Rough Sleeping Initiative")
        #expect(shelter.funding.first?.per == .year)
    }

    @Test func roundTripXMLToCSVToXML() throws {
        let original = try PortfolioLoader.load(TestSupport.northbridgeXML).portfolio
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csvFolder = dir.appendingPathComponent("csv").path
        try OutputFolder.write(CSVPortfolioWriter.render(original), to: csvFolder)
        let viaCSV = try PortfolioLoader.load(csvFolder).portfolio
        #expect(viaCSV == original)

        let xmlPath = dir.appendingPathComponent("again.xml").path
        try OutputFolder.writeFile(CSVPortfolioWriter.contactsCSV(viaCSV.contacts), to: dir.appendingPathComponent("again-contacts.csv").path)
        try OutputFolder.writeFile(Data(XMLPortfolioWriter.render(viaCSV, contactsFile: "again-contacts.csv").utf8), to: xmlPath)
        let back = try PortfolioLoader.load(xmlPath)
        #expect(back.diagnostics.isEmpty, "\(back.diagnostics)")
        #expect(back.portfolio == original)
    }

    @Test func exampleCSVFolderMatchesTheXML() throws {
        // examples/northbridge/csv is generated from the XML with `convenor convert`; keep them in step.
        let p = try PortfolioLoader.load(TestSupport.northbridgeXML).portfolio
        for file in CSVPortfolioWriter.render(p) {
            let url = URL(fileURLWithPath: TestSupport.northbridgeCSV).appendingPathComponent(file.path)
            #expect(FileManager.default.contents(atPath: url.path) == file.contents,
                    "examples/northbridge/csv/\(file.path) is out of date: run `swift run convenor convert examples/northbridge/portfolio.xml -o examples/northbridge/csv`")
        }
    }

    /// The build embeds the data folders (Plugins/EmbedResourcesPlugin): every data file there must be in
    /// the binary, so a new kind of file the plugin does not pick up fails here rather than at a user's desk.
    @Test func everyDataFileIsEmbedded() throws {
        for folder in ["schemas", "templates", "workshops"] {
            let base = TestSupport.root.appendingPathComponent(folder)
            let files = FileManager.default.enumerator(atPath: base.path)?.compactMap { $0 as? String } ?? []
            for f in files where !f.hasSuffix("README.md") {
                let url = base.appendingPathComponent(f)
                guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
                let onDisk = try String(contentsOf: url, encoding: .utf8)
                #expect(BuiltInResources.text("\(folder)/\(f)") == onDisk, "\(folder)/\(f) is not embedded as it is on disk: see Plugins/EmbedResourcesPlugin")
            }
        }
    }
}

@Suite("Calendar dates")
struct CalendarDateTests {
    @Test func parsesAndPrintsISODates() {
        #expect(CalendarDate(iso: "2026-03-31")?.iso == "2026-03-31")
        #expect(CalendarDate(iso: "2024-02-29") != nil)
        #expect(CalendarDate(iso: "2026-02-29") == nil)
        #expect(CalendarDate(iso: "2026-13-01") == nil)
        #expect(CalendarDate(iso: "26-03-31") == nil)
        #expect(CalendarDate(iso: "2026-3-31") == nil)
        #expect(CalendarDate(iso: "1970-01-01")?.daysSinceEpoch == 0)
    }

    @Test func monthArithmeticClampsToTheEndOfTheMonth() {
        let d = CalendarDate(iso: "2025-08-31")!
        #expect(d.adding(months: 6).iso == "2026-02-28")
        #expect(CalendarDate(iso: "2024-01-15")!.months(until: CalendarDate(iso: "2026-01-14")!) == 23)
        #expect(CalendarDate(iso: "2024-01-15")!.months(until: CalendarDate(iso: "2026-01-15")!) == 24)
    }
}
