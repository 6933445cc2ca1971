import Foundation
import Testing
import ConvenorTestSupport
import ConvenorCore

@Suite("convenor pack and convenor workshops")
struct PackCLITests {
    @Test("workshops lists every built-in with its length and purpose")
    func workshops() throws {
        let r = try CLIRunner.run(["workshops"])
        #expect(r.status == 0)
        for (id, length) in [("overlap-walk", "6 hours"), ("pilot-review", "3½ hours"), ("place-leadership", "6 hours"),
                             ("system-wide", "6½ hours"), ("whats-stopping-us", "3½ hours")] {
            #expect(r.stdout.contains("\n\(id)\n") || r.stdout.hasPrefix("\(id)\n"), "\(id) missing")
            #expect(r.stdout.contains(length))
        }
        #expect(r.stdout.contains("Places start pilots far more easily than they finish them."))
    }

    @Test("pack writes the whole pack, dated the next weekday after today, and the same bytes twice")
    func pack() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let args = ["pack", "pilot-review", "--portfolio", "examples/northbridge/portfolio.xml", "--start", "13:30"]
        let r = try CLIRunner.run(args + ["-o", dir.appendingPathComponent("a").path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Pilot review for Northbridge, 13:30–17:00: wrote 10 files"))
        let a = dir.appendingPathComponent("a")
        for name in ["index.html", "agenda.md", "facilitator-guide.md", "facilitator-guide.docx", "slides.pptx", "cards.html",
                     "handouts/04-card-sort.html", "pack.zip"] {
            #expect(FileManager.default.fileExists(atPath: a.appendingPathComponent(name).path), "\(name) missing")
        }
        let agenda = try String(contentsOf: a.appendingPathComponent("agenda.md"), encoding: .utf8)
        // The test's clock and the command's agree (a run across midnight could differ: not worth guarding).
        let now = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        let today = try #require(CalendarDate(year: now.year!, month: now.month!, day: now.day!))
        #expect(agenda.contains("**Northbridge**, \(Format.longDate(today.nextWeekday)), 13:30 to 17:00"), "\(agenda.prefix(300))")
        #expect(agenda.contains("| 14:35–14:50 | *Coffee* | 15 | |"))

        _ = try CLIRunner.run(args + ["-o", dir.appendingPathComponent("b").path])
        for name in ["index.html", "slides.pptx", "facilitator-guide.docx", "pack.zip"] {
            #expect(FileManager.default.contents(atPath: a.appendingPathComponent(name).path)
                    == FileManager.default.contents(atPath: dir.appendingPathComponent("b/\(name)").path), "\(name) differs between runs")
        }
    }

    @Test("--date and --facilitator appear on the pack; the CSV form gives the same agenda")
    func options() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLIRunner.run(["pack", "overlap-walk", "--portfolio", "examples/northbridge/csv", "-o", dir.path,
                                   "--date", "2026-11-18", "--facilitator", "Priya Shah"])
        #expect(r.status == 0, "\(r.stderr)")
        let agenda = try String(contentsOf: dir.appendingPathComponent("agenda.md"), encoding: .utf8)
        #expect(agenda.contains("**Northbridge**, 18 November 2026, 09:30 to 15:30 · facilitated by Priya Shah"))
    }

    @Test("bad options and bad workshop files fail with a message that says what to do")
    func errors() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out").path

        let start = try CLIRunner.run(["pack", "pilot-review", "--portfolio", "examples/northbridge/portfolio.xml", "-o", out, "--start", "9.30"])
        #expect(start.status == 64)
        #expect(start.stderr.contains("--start '9.30' is not a time; write it as HH:MM on the 24-hour clock, e.g. 09:30 or 13:45"))

        let unknown = try CLIRunner.run(["pack", "pilot-reveiw", "--portfolio", "examples/northbridge/portfolio.xml", "-o", out])
        #expect(unknown.status == 65)
        #expect(unknown.stderr.contains("there is no built-in workshop 'pilot-reveiw'"))

        let bad = dir.appendingPathComponent("bad.xml")
        try Data("""
        <?xml version="1.0" encoding="UTF-8"?>
        <workshop xmlns="urn:convenor:workshop:1" id="bad" version="1" minutes="60">
          <title>Bad</title>
        </workshop>
        """.utf8).write(to: bad)
        let invalid = try CLIRunner.run(["pack", bad.path, "--portfolio", "examples/northbridge/portfolio.xml", "-o", out])
        #expect(invalid.status == 65)
        #expect(invalid.stderr.contains("\(bad.path):4:1: error: [schema-violation] Element 'workshop': Missing child element(s). Expected is one of ( subtitle, purpose )."))
        #expect(!FileManager.default.fileExists(atPath: out), "nothing is written when the workshop is broken")
    }

    @Test("a workshop whose sessions overrun still packs, with a warning naming the new end time")
    func overrun() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = try String(contentsOf: CLIRunner.root.appendingPathComponent("workshops/pilot-review.xml"), encoding: .utf8)
        let file = dir.appendingPathComponent("long-review.xml")
        try Data(source.replacingOccurrences(of: "<session id=\"card-sort\" minutes=\"50\"", with: "<session id=\"card-sort\" minutes=\"70\"").utf8).write(to: file)
        let r = try CLIRunner.run(["pack", file.path, "--portfolio", "examples/northbridge/portfolio.xml", "-o", dir.appendingPathComponent("out").path])
        #expect(r.status == 0)
        #expect(r.stderr.contains("\(file.path):2:73: warning: [agenda-overrun] the sessions and breaks add up to 230 minutes but the workshop is 210 minutes long, so it overruns by 20 minutes and ends at 13:20 instead of 13:00"))
        let agenda = try String(contentsOf: dir.appendingPathComponent("out/agenda.md"), encoding: .utf8)
        #expect(agenda.contains("> **Timing:** the sessions and breaks add up to 230 minutes"))
    }
}
