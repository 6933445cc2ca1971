import Foundation
import Testing
import ConvenorTestSupport
@testable import ConvenorCore

@Suite("Workshop definitions")
struct WorkshopTests {
    @Test("every built-in workshop reads, its id matches its file and its minutes add up")
    func builtInsAreSound() throws {
        let ids = WorkshopCatalogue.builtInIDs
        #expect(ids == ["overlap-walk", "pilot-review", "place-leadership", "system-wide", "whats-stopping-us"])
        for id in ids {
            let w = try #require(try WorkshopCatalogue.builtIn(id))
            #expect(w.id == id)
            #expect(w.scheduledMinutes == w.minutes, "\(id): sessions and breaks add up to \(w.scheduledMinutes), stated \(w.minutes)")
            #expect(w.minutes >= 180, "\(id) should be at least a half day")
            #expect(!w.outcomes.isEmpty && !w.preparation.isEmpty)
            #expect(w.sessions.allSatisfy { !$0.notes.isEmpty && !$0.purpose.isEmpty })
            #expect(w.sessions.contains { $0.handout != nil }, "\(id) has no handout")
            #expect(Agenda(w, start: ClockTime(minutes: 570)).warnings.isEmpty)
        }
    }

    @Test("text is read with whitespace collapsed and handout items grouped into lists")
    func readsContent() throws {
        let w = try #require(try WorkshopCatalogue.builtIn("pilot-review"))
        #expect(w.title == "Pilot review")
        #expect(w.subtitle == "Deciding what to stop, what to scale and what to merge")
        #expect(w.sessions.map(\.id) == ["welcome", "the-register", "stopping-is-harder", "card-sort", "where-we-disagree", "commitments", "close"])
        let sort = try #require(w.sessions.first { $0.id == "card-sort" })
        #expect(sort.method == .smallGroups && sort.data == .pilots && sort.minutes == 50)
        #expect(!sort.notes[0].contains("\n") && !sort.notes[0].contains("  "))
        let handout = try #require(sort.handout)
        let parts = handout.grouped
        #expect(parts.count == 3)
        #expect(parts[0].paragraph != nil && parts[1].items.count == 5 && parts[2].paragraph != nil)
        if case .breakTime(let b) = w.runningOrder[3] { #expect(b.label == "Coffee" && b.minutes == 15) } else { Issue.record("fourth item should be the coffee break") }
    }

    @Test("the eight barriers are read in file order")
    func barriers() throws {
        let barriers = try WorkshopCatalogue.barriers(for: "whats-stopping-us")
        #expect(barriers.count == 8)
        #expect(barriers.first?.says == "I have enough on my plate")
        #expect(barriers.allSatisfy { !$0.steps.isEmpty && !$0.instead.isEmpty && !$0.question.isEmpty })
    }

    static let badWorkshop = """
    <?xml version="1.0" encoding="UTF-8"?>
    <workshop xmlns="urn:convenor:workshop:1" id="bad" version="1" minutes="60">
      <title>Bad</title>
      <purpose>Test.</purpose>
      <audience>Testers.</audience>
      <outcomes><outcome>One</outcome></outcomes>
      <preparation><step>Prepare.</step></preparation>
      <session id="one" minutes="0" method="plenary">
        <title>One</title>
        <purpose>First.</purpose>
        <notes><p>Note.</p></notes>
      </session>
      <session id="two" minutes="30" method="lecture">
        <title>Two</title>
        <notes><p>Note.</p></notes>
      </session>
    </workshop>
    """

    @Test("schema errors in a workshop file name the file, line and column")
    func schemaErrors() throws {
        let path = try TestSupport.write(Self.badWorkshop, named: "bad.xml")
        do {
            _ = try WorkshopCatalogue.load(path)
            Issue.record("a broken workshop file was accepted")
        } catch let error as InputError {
            let lines = error.diagnostics.map { $0.description.replacingOccurrences(of: path, with: "bad.xml") }
            #expect(lines == [
                "bad.xml:8:21: error: [schema-violation] Element 'session', attribute 'minutes': '0' is not a valid value of the atomic type 'sessionMinutes'.",
                "bad.xml:13:34: error: [schema-violation] Element 'session', attribute 'method': [facet 'enumeration'] The value 'lecture' is not an element of the set {'plenary', 'small-groups', 'pairs', 'gallery-walk', 'exercise', 'presentation', 'discussion', 'individual'}.",
                "bad.xml:15:5: error: [schema-violation] Element 'notes': This element is not expected. Expected is ( purpose ).",
            ])
        }
    }

    @Test("a file that is not well-formed stops with the line where reading stopped")
    func malformed() throws {
        let path = try TestSupport.write("<workshop xmlns=\"urn:convenor:workshop:1\">\n  <title>Oops</titel>\n</workshop>\n", named: "oops.xml")
        let error = try #require(throws: InputError.self) { try WorkshopReader.read(path: path, displayName: "oops.xml") }
        #expect(error.diagnostics.map(\.description).last == "oops.xml:2:22: error: [malformed-xml] Opening and ending tag mismatch: title line 2 and titel")
    }

    @Test("an unknown workshop id lists the built-in ones")
    func unknownID() throws {
        let error = try #require(throws: InputError.self) { try WorkshopCatalogue.load("pilot-reveiw") }
        #expect(error.description == "error: [unknown-workshop] there is no built-in workshop 'pilot-reveiw'; choose one of overlap-walk, pilot-review, place-leadership, system-wide, whats-stopping-us, or give the path of your own workshop .xml file (`convenor workshops` lists them)")
    }

    @Test("a barriers.xml beside a workshop file replaces the built-in cards")
    func localBarriers() throws {
        let dir = try TestSupport.temporaryDirectory()
        let workshop = try TestSupport.write(BuiltInResources.text("workshops/pilot-review.xml") ?? "", named: "mine.xml", in: dir)
        _ = try TestSupport.write("""
        <barriers xmlns="urn:convenor:barriers:1"><barrier id="ours"><says>We tried that in 2014</says><why>Memory.</why>\
        <instead>Ask what is different now</instead><try><step>List what changed.</step></try><question>What changed?</question></barrier></barriers>
        """, named: "barriers.xml", in: dir)
        let barriers = try WorkshopCatalogue.barriers(for: workshop)
        #expect(barriers.map(\.says) == ["We tried that in 2014"])
    }
}

@Suite("Agenda clock")
struct AgendaTests {
    func workshop(stated: Int, items: [RunningOrderItem]) -> Workshop {
        Workshop(id: "t", version: 1, minutes: stated, title: "T", purpose: "P", audience: "A", outcomes: ["O"],
                 preparation: ["S"], runningOrder: items, source: "t.xml", line: 2)
    }

    func session(_ id: String, _ minutes: Int) -> RunningOrderItem {
        .session(WorkshopSession(id: id, minutes: minutes, method: .plenary, title: id, purpose: "p", notes: ["n"]))
    }

    @Test("clock times run on from the start, breaks included")
    func clockTimes() throws {
        let w = try #require(try WorkshopCatalogue.builtIn("pilot-review"))
        let agenda = Agenda(w, start: try #require(ClockTime("09:30")))
        #expect(agenda.slots.map { "\($0.start)-\($0.end)" } == [
            "09:30-09:45", "09:45-10:10", "10:10-10:35", "10:35-10:50", "10:50-11:40", "11:40-12:05", "12:05-12:45", "12:45-13:00",
        ])
        #expect(agenda.slots.map(\.sessionNumber) == [1, 2, 3, nil, 4, 5, 6, 7])
        #expect(agenda.end.description == "13:00" && agenda.totalMinutes == 210)
        #expect(agenda.warnings.isEmpty)

        let afternoon = Agenda(w, start: try #require(ClockTime("13:45")))
        #expect(afternoon.slots[3].start.description == "14:50")
        #expect(afternoon.end.description == "17:15")
    }

    @Test("start times are HH:MM on the 24-hour clock")
    func parsing() {
        #expect(ClockTime("9:05")?.minutes == 545)
        #expect(ClockTime("00:00")?.minutes == 0)
        #expect(ClockTime("23:59")?.minutes == 1439)
        for bad in ["9.30", "24:00", "12:60", "12:5", "noon", "", "-1:00", "12:00:00"] {
            #expect(ClockTime(bad) == nil, "\(bad) should not parse")
        }
    }

    @Test("sessions longer than the stated duration give an overrun warning with the new end time")
    func overrun() {
        let w = workshop(stated: 60, items: [session("a", 30), .breakTime(WorkshopBreak(minutes: 10, label: "Tea")), session("b", 35)])
        let agenda = Agenda(w, start: ClockTime(minutes: 600))
        #expect(agenda.end.description == "11:15" && agenda.statedEnd.description == "11:00")
        #expect(agenda.warnings.map(\.description) == [
            "t.xml:2: warning: [agenda-overrun] the sessions and breaks add up to 75 minutes but the workshop is 60 minutes long, so it overruns by 15 minutes and ends at 11:15 instead of 11:00; shorten a session or change minutes=\"60\"",
        ])
    }

    @Test("sessions shorter than the stated duration, and a day past midnight, are warned about too")
    func shortAndLate() {
        let short = Agenda(workshop(stated: 90, items: [session("a", 60)]), start: ClockTime(minutes: 540))
        #expect(short.warnings.map(\.code) == ["agenda-short"])
        #expect(short.warnings.first?.message.contains("ends at 10:00, 30 minutes early") == true)
        let late = Agenda(workshop(stated: 120, items: [session("a", 120)]), start: ClockTime(minutes: 23 * 60))
        #expect(late.warnings.map(\.code) == ["agenda-past-midnight"])
        #expect(late.end.description == "25:00")
    }

    @Test("durations read as a person would say them")
    func durations() {
        #expect(Format.duration(minutes: 210) == "3½ hours")
        #expect(Format.duration(minutes: 360) == "6 hours")
        #expect(Format.duration(minutes: 45) == "45 minutes")
        #expect(Format.duration(minutes: 200) == "3 hours 20 minutes")
        #expect(Format.duration(minutes: 60) == "1 hour")
        #expect(Format.shortMoney(9_713_333) == "£9.7m")
        #expect(Format.shortMoney(12_960_000) == "£13.0m")
        #expect(Format.shortMoney(412_000) == "£412,000")
    }
}
