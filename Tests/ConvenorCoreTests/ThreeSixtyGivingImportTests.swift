import Foundation
import Testing
import ConvenorTestSupport
@testable import ConvenorCore

@Suite("360Giving import")
struct ThreeSixtyGivingImportTests {
    static var grantsFile: (path: String, displayName: String) { (OpenData.grants.path, "power-to-change-grants.json") }

    @Test("870 Power to Change grants: programmes, organisations, neighbourhoods, money and dates",
          .needs(.sharedData))
    func powerToChange() throws {
        let result = try ThreeSixtyGivingImporter().importFiles([Self.grantsFile])
        let p = result.portfolio
        #expect(result.recordsRead == 870)
        #expect(p.initiatives.count == 20)
        #expect(p.organisations.count == 693) // the funder and 692 recipients
        #expect(p.neighbourhoods.count == 665)
        #expect(p.place.name == "Power to Change Trust grants")
        #expect(p.place.asOf == CalendarDate(iso: "2019-05-15")) // latest dateModified
        #expect(p.place.currency == "GBP")
        #expect(p.organisations.first { $0.id == "GB-CHC-1159982" }?.sector == .voluntary)

        let cbf = try #require(p.initiatives.first { $0.name == "Community Business Fund (CBF)" })
        #expect(cbf.id == "community-business-fund-cbf")
        #expect(cbf.kind == .programme)
        #expect(cbf.status == .live)
        #expect(cbf.owner == "GB-CHC-1159982")
        #expect(cbf.department == "Open Programmes")
        #expect(cbf.funding.count == 1)
        #expect(cbf.funding.first?.amount == Decimal(string: "23149034.78"))
        #expect(cbf.funding.first?.kind == .grant)
        #expect(cbf.caseload == 125) // 130 grants to 125 distinct recipients
        #expect(cbf.start == CalendarDate(iso: "2016-08-15"))
        #expect(cbf.end == CalendarDate(iso: "2021-12-21"))

        let igp = try #require(p.initiatives.first { $0.id == "initial-grants-programme-igp" })
        #expect(igp.status == .ended) // last grant ended 2019-03-14, before the as-of date

        // A Leeds LSOA keeps its GSS code, and is named by its ward where the data says the impact is there.
        let hydePark = try #require(p.neighbourhoods.first { $0.id == "E01011681" })
        #expect(hydePark.code == "E01011681")
        #expect(hydePark.name == "Hyde Park and Woodhouse Ward, LSOA E01011681")

        // Grants whose recipient is an individual keep no location below ward level.
        let individual = result.diagnostics.filter { $0.code == "individual-location" }
        #expect(individual.count == 2)
        #expect(result.diagnostics.filter { $0.code == "no-location" }.count == 23)
        #expect(!result.diagnostics.hasErrors)
        // Published on one line: warnings place the grant by column.
        #expect(result.diagnostics.first?.location?.line == 1)
        #expect((result.diagnostics.first?.location?.column ?? 0) > 1)

        let reloaded = try reloadDiagnostics(p)
        #expect(reloaded.xml.errorCount == 0, "\(reloaded.xml.prefix(5))")
        #expect(reloaded.csv.errorCount == 0, "\(reloaded.csv.prefix(5))")
    }

    @Test("--area E08000035 keeps Leeds: 25 grants in 11 programmes",
          .needs(.sharedData))
    func leeds() throws {
        let result = try ThreeSixtyGivingImporter(options: .init(area: "E08000035")).importFiles([Self.grantsFile])
        let p = result.portfolio
        #expect(result.recordsSkipped == 845)
        #expect(p.place.name == "Leeds District")
        #expect(p.place.code == "E08000035")
        #expect(p.initiatives.count == 11)
        #expect(p.organisations.count == 18)
        #expect(p.neighbourhoods.count == 20)
        // New Wortley Community Association's LSOA in Armley is reached by three programmes.
        let armley = p.initiatives.filter { i in
            if case .neighbourhoods(let ids) = i.coverage { return ids.contains("E01011294") }
            return false
        }
        #expect(armley.map(\.id).sorted() == ["bright-ideas-bi", "cb-leadership-cbl", "initial-grants-programme-igp"])
        let hich = try #require(p.initiatives.first { $0.id == "homes-in-community-hands-hich" })
        #expect(hich.funding.first?.amount == Decimal(339_580))
        #expect(hich.caseload == 2)
        #expect(try reloadDiagnostics(p).xml.errorCount == 0)

        // --wards: each grant in its recipient's ward, so programmes funding the same ward meet.
        let wards = try ThreeSixtyGivingImporter(options: .init(area: "E08000035", wards: true)).importFiles([Self.grantsFile]).portfolio
        #expect(wards.neighbourhoods.count == 14)
        #expect(wards.neighbourhoods.allSatisfy { $0.code?.hasPrefix("E05") == true && $0.name.hasSuffix("Ward") })
        let inArmley = wards.initiatives.filter { i in
            if case .neighbourhoods(let ids) = i.coverage { return ids.contains("E05001414") }
            return false
        }
        #expect(inArmley.map(\.id).sorted() == ["bright-ideas-bi", "cb-leadership-cbl", "homes-in-community-hands-hich", "initial-grants-programme-igp"])
        #expect(try reloadDiagnostics(wards).xml.errorCount == 0)
    }

    @Test("Importing twice gives byte-identical files", .needs(.sharedData))
    func deterministic() throws {
        let a = try ThreeSixtyGivingImporter().importFiles([Self.grantsFile]).portfolio
        let b = try ThreeSixtyGivingImporter().importFiles([Self.grantsFile]).portfolio
        #expect(XMLPortfolioWriter.render(a, contactsFile: nil) == XMLPortfolioWriter.render(b, contactsFile: nil))
    }

    @Test("Malformed JSON: the error names line and column of the bad byte", .needs(.sharedData))
    func malformed() throws {
        var bytes = try [UInt8](Data(contentsOf: OpenData.grants))
        // Break the first "amountAwarded": 3239.34 into "amountAwarded": 3239.34x
        let needle = Array("\"amountAwarded\": 3239.34".utf8)
        let at = try #require((0...(bytes.count - needle.count)).first { Array(bytes[$0..<($0 + needle.count)]) == needle })
        bytes.insert(UInt8(ascii: "x"), at: at + needle.count)
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("bad.json").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: InputError.self) { try ThreeSixtyGivingImporter().importFiles([(path, "bad.json")]) }
        let d = try #require(error.diagnostics.first)
        #expect(d.code == "malformed-json")
        #expect(d.location?.line == 1)
        #expect(d.location?.column == at + needle.count + 1)
    }

    @Test("Truncated JSON (pretty-printed copy cut short): the error names the unclosed bracket's line",
          .needs(.sharedData))
    func truncated() throws {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: OpenData.grants))
        let pretty = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        let text = String(decoding: pretty, as: UTF8.self)
        let lines = text.components(separatedBy: "\n")
        let cut = lines.prefix(1000).joined(separator: "\n")
        let path = try TestSupport.write(cut, named: "cut.json")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let error = try #require(throws: InputError.self) { try ThreeSixtyGivingImporter().importFiles([(path, "cut.json")]) }
        let d = try #require(error.diagnostics.first)
        #expect(d.code == "truncated-json")
        let line = try #require(d.location?.line)
        #expect(line > 1 && line <= 1000)
        #expect(d.message.contains("line 1000"))
        // The line it names opens a structure (a grant or one of its parts).
        let opened = lines[line - 1]
        #expect(opened.contains("{") || opened.contains("["))
    }

    static let flatCSV = """
    Identifier,Title,Description,Currency,Amount Awarded,Award Date,Planned Dates:Start Date,Planned Dates:End Date,Recipient Org:Identifier,Recipient Org:Name,Recipient Ind:Identifier,Recipient Ind:Name,Beneficiary Location:0:Name,Beneficiary Location:0:Geographic Code,Beneficiary Location:0:Geographic Code Type,Beneficiary Location:1:Name,Beneficiary Location:1:Geographic Code,Beneficiary Location:1:Geographic Code Type,Funding Org:Identifier,Funding Org:Name,Grant Programme:Title,Last Modified
    360G-ptc-gr-01653,Hyde Park Source,Provided Capacity Support to Hyde Park Source,GBP,3239.34,2015-06-01,2017-01-17,2017-06-14,GB-COH-IP28755R,Hyde Park Source,,,,E01011681,LSOA,,,,GB-CHC-1159982,Power to Change Trust,CB Leadership (CBL),2019-05-15T00:00:00+00:00
    360G-ptc-gr-00012,New Wortley Community Association,Grant to New Wortley Community Association,GBP,210000,2015-09-28,2015-09-28,2018-09-28,GB-CHC-1100987,New Wortley Community Association,,,,E01011294,LSOA,,,,GB-CHC-1159982,Power to Change Trust,Initial Grants Programme (IGP),2019-05-15T00:00:00+00:00
    360G-ptc-gr-01890,Bramley Baths,"Grant to Bramley Baths and Community Ltd, for the pool",GBP,295000,2018-09-17,2018-09-17,,GB-MPR-31637R,Bramley Baths and Community Ltd,,,Bramley and Stanningley,E05011396,WD,,E01011331,LSOA,GB-CHC-1159982,Power to Change Trust,Community Business Fund (CBF),2019-05-15T00:00:00+00:00
    360G-example-ind-1,Grant to individual,Hardship grant,GBP,500,2019-01-10,,,,,360G-example-IND-0001,Individual Recipient,Armley,E05011390,WD,,E01011294,LSOA,GB-CHC-1159982,Power to Change Trust,Community Business Fund (CBF),2019-05-15
    """

    @Test("The flat CSV form imports to the same programmes; individuals keep ward level only")
    func flatForm() throws {
        let path = try TestSupport.write(Self.flatCSV, named: "grants.csv")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let result = try ThreeSixtyGivingImporter().importFiles([(path, "grants.csv")])
        let p = result.portfolio
        #expect(p.initiatives.map(\.id) == ["cb-leadership-cbl", "initial-grants-programme-igp", "community-business-fund-cbf"])
        #expect(p.organisations.map(\.id) == ["GB-CHC-1100987", "GB-CHC-1159982", "GB-COH-IP28755R", "GB-MPR-31637R"])
        let cbf = try #require(p.initiatives.last)
        #expect(cbf.funding.first?.amount == Decimal(295_500))
        #expect(cbf.caseload == 2) // one organisation, one individual
        #expect(cbf.end == nil) // neither grant has an end date
        // Bramley Baths: a ward and an LSOA; the individual: only the ward (its LSOA is left out).
        #expect(cbf.coverage == .neighbourhoods(["E01011331", "E05011390", "E05011396"]))
        #expect(p.neighbourhoods.first { $0.id == "E05011396" }?.name == "Bramley and Stanningley")
        #expect(p.neighbourhoods.first { $0.id == "E01011331" }?.name == "LSOA E01011331")
        #expect(result.diagnostics.map(\.description) == [
            "grants.csv:5: warning: [individual-location] grant '360G-example-ind-1' is to an individual: its beneficiary location below ward level was left out (360Giving allows ward level or above for individuals)",
        ])
        // Nothing personal about the individual reaches the portfolio.
        let xml = XMLPortfolioWriter.render(p, contactsFile: nil)
        #expect(!xml.contains("IND-0001") && !xml.contains("Individual Recipient"))
        #expect(try reloadDiagnostics(p).xml.errorCount == 0)

        // --cohort puts every programme in one target group, so overlap can compare them by it.
        let grouped = try ThreeSixtyGivingImporter(options: .init(cohort: "Community businesses")).importFiles([(path, "grants.csv")]).portfolio
        #expect(grouped.cohorts == [Cohort(id: "cohort:community-businesses", name: "Community businesses")])
        #expect(grouped.initiatives.allSatisfy { $0.cohorts == ["cohort:community-businesses"] })
    }

    @Test("A CSV without the 360Giving column titles is refused on line 1")
    func notFlatForm() throws {
        let path = try TestSupport.write("id,name\n1,x\n", named: "other.csv")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let error = try #require(throws: InputError.self) { try ThreeSixtyGivingImporter().importFiles([(path, "other.csv")]) }
        #expect(error.diagnostics.map(\.description) == ["other.csv:1:1: error: [missing-column] other.csv has no 'Identifier' and 'Amount Awarded' column: is this a 360Giving spreadsheet saved as CSV? (the first row must hold the 360Giving column titles)"])
    }
}

@Suite("Import golden files")
struct ImportGoldenTests {
    @Test("The flat 360Giving fixture imports to exactly this portfolio")
    func flatFixture() throws {
        let path = try TestSupport.write(ThreeSixtyGivingImportTests.flatCSV, named: "grants.csv")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let p = try ThreeSixtyGivingImporter(options: .init(placeName: "Leeds", cohort: "Community businesses"))
            .importFiles([(path, "grants.csv")]).portfolio
        let problem = try TestSupport.assertGolden(Data(XMLPortfolioWriter.render(p, contactsFile: nil).utf8), "imports/360giving-flat.xml")
        #expect(problem == nil, "\(problem ?? "")")
    }

    @Test("The IATI 2.03 sample imports to exactly this portfolio", .needs(.sharedData))
    func coveSample() throws {
        let p = try IATIImporter().importFiles([OpenData.iatiFile("cove-sample-activity-standard.xml")]).portfolio
        let problem = try TestSupport.assertGolden(Data(XMLPortfolioWriter.render(p, contactsFile: nil).utf8), "imports/iati-cove-sample.xml")
        #expect(problem == nil, "\(problem ?? "")")
    }
}
