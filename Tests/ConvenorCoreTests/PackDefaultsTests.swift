import Foundation
import Testing
import ConvenorTestSupport
@testable import ConvenorCore

/// The pack is dated for the day it is likely run (the next weekday), from a clock the caller gives,
/// and pack.zip's files carry that date.
@Suite struct PackDefaultsTests {
    static func day(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }

    @Test(arguments: [("2026-11-23", 1), ("2026-11-26", 4), ("2026-11-27", 5), ("2026-11-28", 6), ("2026-11-29", 7), ("1969-12-31", 3), ("1970-01-01", 4)])
    func weekdays(_ iso: String, _ weekday: Int) {
        #expect(Self.day(iso).weekday == weekday)
    }

    @Test(arguments: [
        ("2026-11-26", "2026-11-27"),  // Thursday → Friday
        ("2026-11-27", "2026-11-30"),  // Friday → Monday
        ("2026-11-28", "2026-11-30"),  // Saturday → Monday
        ("2026-11-29", "2026-11-30"),  // Sunday → Monday
        ("2026-11-30", "2026-12-01"),  // Monday → Tuesday
        ("2026-12-31", "2027-01-01"),  // Thursday at the year's end → Friday
    ])
    func theDefaultDateIsTheNextWeekdayAfterToday(_ today: String, _ expected: String) {
        let asOf = Self.day("2026-06-30")
        #expect(PackOptions(today: Self.day(today)).packDate(asOf: asOf) == Self.day(expected))
        // A date given wins; without a clock the pack follows the figures' date, never printing as-of itself.
        #expect(PackOptions(date: Self.day("2026-12-09"), today: Self.day(today)).packDate(asOf: asOf) == Self.day("2026-12-09"))
    }

    @Test func withoutAClockThePackIsNotDatedTheAsOfDay() {
        #expect(PackOptions().packDate(asOf: Self.day("2026-11-01")) == Self.day("2026-11-02"))  // Sunday → Monday
    }

    @Test func aPackMadeOnAFridayIsForMondayAndItsZipIsDatedMonday() throws {
        let loaded = try PortfolioLoader.load(TestSupport.northbridgeXML)
        let asOf = try #require(loaded.portfolio.place.asOf)
        let data = PackDataBuilder(portfolio: loaded.portfolio, asOf: asOf, barriers: []).build()
        let workshop = try #require(try WorkshopCatalogue.builtIn("pilot-review"))
        let pack = try PackRenderer.render(workshop: workshop, data: data, options: PackOptions(today: Self.day("2026-11-27")))
        let index = try PackFixture.file(pack, "index.html")
        #expect(index.contains("30 November 2026"))
        #expect(!index.contains("<dd>1 November 2026</dd>"), "the cover carries the as-of date")
        let zip = try #require(pack.files.first { $0.path == "pack.zip" }).contents
        let days = try ZipEntries.days(of: zip)
        #expect(days.count == pack.files.count - 1)
        #expect(Set(days.values) == ["2026-11-30"], "\(days)")
        // Same inputs, same bytes.
        let again = try PackRenderer.render(workshop: workshop, data: data, options: PackOptions(today: Self.day("2026-11-27")))
        #expect(again.files.map(\.contents) == pack.files.map(\.contents))
    }

    @Test func theCoverNamesTheWorkshopAndPlaceNotInternalIDs() throws {
        let pack = try PackFixture.northbridge()
        for name in ["index.html", "facilitator-guide.md"] {
            let text = try PackFixture.file(pack, name)
            #expect(!text.contains("pilot-review, version"), "\(name) shows the workshop's id and version")
            #expect(text.contains("Pilot review") && text.contains("Northbridge"))
        }
    }
}
