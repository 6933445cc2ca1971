import Foundation
import Testing
import ConvenorTestSupport
@testable import ConvenorCore

/// The real third-party files in ../shared/data, when they are there.
enum OpenData {
    static var iati: URL { TestSupport.shared.appendingPathComponent("data/iati") }
    static var grants: URL { TestSupport.shared.appendingPathComponent("data/360giving/power-to-change-grants.json") }

    static func iatiFile(_ name: String) -> (path: String, displayName: String) {
        let path = iati.appendingPathComponent(name).path
        return (path, name)
    }
}

/// Writes the portfolio in both forms and reads each back with the normal loader.
func reloadDiagnostics(_ p: Portfolio) throws -> (xml: [Diagnostic], csv: [Diagnostic]) {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let xmlPath = dir.appendingPathComponent("imported.xml").path
    try OutputFolder.writeFile(Data(XMLPortfolioWriter.render(p, contactsFile: nil).utf8), to: xmlPath)
    let csvPath = dir.appendingPathComponent("imported-csv").path
    try OutputFolder.write(CSVPortfolioWriter.render(p), to: csvPath)
    return (try PortfolioLoader.read(xmlPath).diagnostics, try PortfolioLoader.read(csvPath).diagnostics)
}

@Suite("IATI import")
struct IATIImportTests {
    @Test("Global Fund activities: counts, dates, status, commitments as funding, and the portfolio validates",
          .needs(.sharedData))
    func globalFund() throws {
        let result = try IATIImporter().importFiles([OpenData.iatiFile("global-fund.xml")])
        let p = result.portfolio
        #expect(p.initiatives.count == 7)
        #expect(p.organisations.count == 4)
        #expect(p.neighbourhoods.map(\.id) == ["country:MW"])
        #expect(p.cohorts.count == 4)
        #expect(p.place.name == "Malawi")
        #expect(p.place.currency == "USD")
        #expect(p.place.asOf == CalendarDate(iso: "2012-03-31"))

        let malaria = try #require(p.initiatives.first { $0.id == "MLW-202-G02-M-00" })
        #expect(malaria.status == .ended) // activity-status ref="closed"
        #expect(malaria.start == CalendarDate(iso: "2006-02-01"))
        #expect(malaria.end == CalendarDate(iso: "2008-01-31"))
        // No budget: the commitments, a negative correction included: 18,815,810 − 858,096.
        #expect(malaria.funding.map(\.amount) == [Decimal(17_957_714)])
        #expect(malaria.funding.first?.kind == .external)
        #expect(malaria.cohorts == ["dac:12262"])
        #expect(p.cohorts.first { $0.id == "dac:12262" }?.name == "Basic health (DAC 12262)")
        #expect(malaria.owner == "org:global-fund")
        #expect(malaria.description?.contains("The Ministry of Health of the Republic of Malawi (Implementing)") == true)

        // The misspelt iso_date attribute is read, and said once with its count.
        let misspelt = result.diagnostics.filter { $0.code == "misspelt-attribute" }
        #expect(misspelt.count == 1)
        #expect(misspelt.first?.description == "global-fund.xml:12: warning: [misspelt-attribute] activity-date has 'iso_date' instead of 'iso-date'; it was read as iso-date (14 times in this file; this is the first)")

        let reloaded = try reloadDiagnostics(p)
        #expect(reloaded.xml.errorCount == 0, "\(reloaded.xml)")
        #expect(reloaded.csv.errorCount == 0, "\(reloaded.csv)")
    }

    @Test("World Bank, Global Fund and DFID together; every activity is kept and the result validates",
          .needs(.sharedData))
    func threePublishers() throws {
        let result = try IATIImporter().importFiles([OpenData.iatiFile("worldbank.xml"), OpenData.iatiFile("global-fund.xml"),
                                                     OpenData.iatiFile("dfid.xml")])
        let p = result.portfolio
        #expect(result.recordsRead == 25)
        #expect(p.initiatives.count == 25)
        #expect(p.organisations.count == 28)
        #expect(p.neighbourhoods.map(\.id) == ["country:MW", "country:africa", "country:malawi"])
        #expect(p.cohorts.count == 90)
        #expect(p.place.asOf == CalendarDate(iso: "2013-09-30"))
        // DFID leaves iati-identifier empty: the other-identifier is used.
        #expect(p.initiatives.contains { $0.id == "113414-103" })
        let dfid = try #require(p.initiatives.first { $0.id == "113414-104" })
        // The portfolio is in USD (most of the money); DFID's GBP budgets are not converted but left out, said aloud.
        #expect(p.place.currency == "USD")
        #expect(dfid.funding.isEmpty)
        #expect(result.diagnostics.contains { $0.description == "dfid.xml:35: warning: [other-currency] activity '113414-104' has GBP 726742 of funding; the portfolio is in USD and Convenor does not convert, so it was left out" })
        let alone = try IATIImporter().importFiles([OpenData.iatiFile("dfid.xml")]).portfolio
        let dfidAlone = try #require(alone.initiatives.first { $0.id == "113414-104" })
        #expect(dfidAlone.funding.map(\.amount) == [Decimal(422_558), Decimal(304_184)])
        #expect(dfidAlone.funding.first?.start == CalendarDate(iso: "2009-04-01"))
        #expect(alone.place.name == "Activities in MW")
        // World Bank: 1.0 file with no status and no dates: live, with a warning on the activity's line.
        let power = try #require(p.initiatives.first { $0.id == "P084404" })
        #expect(power.status == .live)
        #expect(power.funding.map(\.amount) == [Decimal(93_000_000)])
        #expect(result.diagnostics.contains { $0.description == "worldbank.xml:3: warning: [missing-element] activity 'P084404' has no activity-status; it was marked 'live' from its dates and the as-of date" })
        #expect(result.diagnostics.contains { $0.code == "iati-version" && $0.location?.file == "dfid.xml" })
        #expect(!result.diagnostics.hasErrors)
        let reloaded = try reloadDiagnostics(p)
        #expect(reloaded.xml.errorCount == 0, "\(reloaded.xml)")
    }

    @Test("A 2.03 sample: narratives, codes, budgets, organisation types and generated-datetime as as-of",
          .needs(.sharedData))
    func coveSample() throws {
        let result = try IATIImporter().importFiles([OpenData.iatiFile("cove-sample-activity-standard.xml")])
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let p = result.portfolio
        #expect(p.place.name == "Uganda")
        #expect(p.place.currency == "GBP")
        #expect(p.place.asOf == CalendarDate(iso: "2018-10-29"))
        let a = try #require(p.initiatives.first)
        #expect(a.id == "XE-EXAMPLE-ORG-ACTIVITY123")
        #expect(a.name == "International Development Activity")
        #expect(a.status == .live)
        #expect(a.start == CalendarDate(iso: "2016-10-01"))
        #expect(a.end == CalendarDate(iso: "2018-12-31"))
        #expect(a.funding.map(\.amount) == [Decimal(90_000), Decimal(60_000)])
        #expect(a.funding.map(\.source) == ["Example Donor", "Example Donor"])
        #expect(a.sponsor == "Example Donor")
        #expect(a.owner == "XE-EXAMPLE-ORG")
        #expect(a.coverage == .neighbourhoods(["country:UG"]))
        #expect(p.organisations.map { "\($0.id)=\($0.sector?.rawValue ?? "-")" } == ["XE-EXAMPLE-DONOR=other", "XE-EXAMPLE-ORG=voluntary", "XE-EXAMPLE-PARTNER=education"])
        #expect(p.cohorts.first?.name.hasPrefix("Research and studies on education effectiveness") == true)
    }

    @Test("IATI test cases with placeholder values import with warnings, never a crash",
          .needs(.sharedData))
    func schemaTestCases() throws {
        let result = try IATIImporter().importFiles([OpenData.iatiFile("19-budget.xml"), OpenData.iatiFile("22-participating-org.xml")])
        #expect(result.portfolio.initiatives.map(\.id) == ["activity-1", "activity-2"])
        #expect(result.diagnostics.contains { $0.description == "19-budget.xml:15: warning: [unknown-code] activity-status 'xx' is not an IATI status code (1–6); the status is worked out from the dates" })
        let budget = try #require(result.portfolio.initiatives.first)
        // 1000000.99 for 2011, then two more budgets for the same period, none marked revised: all three kept.
        #expect(budget.funding.map(\.amount) == [Decimal(string: "1000000.99"), Decimal(1_000_000), Decimal(1_000_000)])
        #expect(try reloadDiagnostics(result.portfolio).xml.errorCount == 0)
    }

    static let sample = """
    <?xml version="1.0" encoding="UTF-8"?>
    <iati-activities version="2.03" generated-datetime="2026-03-01T10:00:00Z" xmlns:x="urn:example">
      <iati-activity default-currency="GBP" hierarchy="2" xml:lang="en">
        <iati-identifier>GB-GOV-1 (phase 2)</iati-identifier>
        <reporting-org ref="GB-GOV-1" type="10"><narrative>FCDO</narrative></reporting-org>
        <title><narrative xml:lang="fr">Programme de santé</narrative><narrative>Health programme</narrative></title>
        <participating-org ref="GB-LAE-LDS" role="4" type="11"><narrative>Leeds City Council</narrative></participating-org>
        <participating-org role="1"><narrative>FCDO</narrative></participating-org>
        <activity-status code="6"/>
        <activity-date type="1" iso-date="2024-04-01"/>
        <activity-date type="3" iso-date="2027-03-31"/>
        <recipient-region code="298" vocabulary="1"><narrative>Africa, regional</narrative></recipient-region>
        <location ref="site-1"><name><narrative>Harehills</narrative></name></location>
        <location><description><narrative>no name</narrative></description></location>
        <sector vocabulary="2" code="121"/>
        <budget type="1"><period-start iso-date="2024-04-01"/><period-end iso-date="2025-03-31"/><value>100.005</value></budget>
        <budget type="2"><period-start iso-date="2024-04-01"/><period-end iso-date="2025-03-31"/><value>120</value></budget>
        <budget type="1"><period-start iso-date="2025-04-01"/><period-end iso-date="2026-03-31"/><value currency="EUR">50</value></budget>
        <x:extension>ignored quietly</x:extension>
        <made-up-element/>
      </iati-activity>
    </iati-activities>
    """

    @Test("Languages, revised budgets, other currencies, unknown elements and id sanitising")
    func fixture() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try TestSupport.write(Self.sample, named: "sample.xml", in: dir)
        let english = try IATIImporter().importFiles([(path, "sample.xml")])
        let a = try #require(english.portfolio.initiatives.first)
        #expect(a.id == "GB-GOV-1--phase-2-")
        #expect(a.description?.contains("IATI identifier: GB-GOV-1 (phase 2)") == true)
        #expect(a.name == "Health programme")
        #expect(a.kind == .project)
        #expect(a.status == .paused)
        #expect(a.start == CalendarDate(iso: "2024-04-01"))
        #expect(a.funding.map(\.amount) == [Decimal(120)]) // revised replaces original; EUR left out
        #expect(a.coverage == .neighbourhoods(["location:site-1", "region:298"]))
        #expect(a.cohorts == ["dac3:121"])
        #expect(english.portfolio.cohorts.first?.name == "Health, general")
        #expect(english.portfolio.organisations.first { $0.id == "GB-LAE-LDS" }?.sector == .localGovernment)
        #expect(english.portfolio.place.asOf == CalendarDate(iso: "2026-03-01"))
        let lines = english.diagnostics.map(\.description)
        #expect(lines == [
            "sample.xml:3: warning: [other-currency] activity 'GB-GOV-1--phase-2-' has EUR 50 of funding; the portfolio is in GBP and Convenor does not convert, so it was left out",
            "sample.xml:14: warning: [missing-element] location has no <name>; it was ignored (Convenor keeps named places only)",
            "sample.xml:20: warning: [unknown-element] <made-up-element> is not an IATI activity element Convenor knows; it was ignored",
        ])
        let french = try IATIImporter(options: .init(language: "fr", asOf: CalendarDate(iso: "2026-10-01"), placeName: "Leeds"))
            .importFiles([(path, "sample.xml")])
        #expect(french.portfolio.initiatives.first?.name == "Programme de santé")
        #expect(french.portfolio.place.name == "Leeds")
        #expect(french.portfolio.place.asOf == CalendarDate(iso: "2026-10-01"))
        #expect(try reloadDiagnostics(english.portfolio).xml.errorCount == 0)
    }

    @Test("A truncated real file stops with an error on the line where it breaks off",
          .needs(.sharedData))
    func truncated() throws {
        let text = try String(contentsOfFile: OpenData.iatiFile("worldbank.xml").path, encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        let cut = lines.prefix(200).joined(separator: "\n") + "\n        <title>Half a"
        let path = try TestSupport.write(cut, named: "worldbank-cut.xml")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let error = try #require(throws: InputError.self) { try IATIImporter().importFiles([(path, "worldbank-cut.xml")]) }
        let fatal = try #require(error.diagnostics.first { $0.severity == .error })
        #expect(fatal.location?.file == "worldbank-cut.xml")
        #expect(fatal.location?.line == 201)
        #expect(fatal.code == "malformed-xml")
    }

    @Test("A malformed real file (mismatched tag) stops with an error on that line",
          .needs(.sharedData))
    func malformed() throws {
        var lines = try String(contentsOfFile: OpenData.iatiFile("global-fund.xml").path, encoding: .utf8).components(separatedBy: "\n")
        lines[6] = lines[6].replacingOccurrences(of: "</title>", with: "</titel>") // line 7
        let path = try TestSupport.write(lines.joined(separator: "\n"), named: "global-fund-bad.xml")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let error = try #require(throws: InputError.self) { try IATIImporter().importFiles([(path, "global-fund-bad.xml")]) }
        let fatal = try #require(error.diagnostics.first { $0.severity == .error })
        #expect(fatal.location?.line == 7)
        #expect(fatal.message.contains("title"))
    }

    @Test("A file that is not IATI is refused, naming its root element")
    func notIATI() throws {
        let path = try TestSupport.write("<iati-organisations version=\"2.03\"/>", named: "orgs.xml")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let error = try #require(throws: InputError.self) { try IATIImporter().importFiles([(path, "orgs.xml")]) }
        #expect(error.diagnostics.map(\.description) == ["orgs.xml:1: error: [not-iati] the root element is <iati-organisations>, not <iati-activities>: this is not an IATI activity file (this is an IATI organisation file; import the activity file)"])
    }
}
