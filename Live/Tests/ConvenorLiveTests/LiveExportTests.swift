import ConvenorCore
@testable import ConvenorLive
import Foundation
import Testing

@Suite("Export: decisions back into the portfolio, the workshop record, purge")
struct LiveExportTests {
    static let repository = Binaries.liveRoot.deletingLastPathComponent()

    func vote(_ room: LiveRoom, _ people: Int, item: String, choice: String) async throws {
        for _ in 0..<people {
            let token = try await room.join(room: room.roomCode, name: nil, client: "t")
            guard case .participant(let id) = room.caller(credential: token) else { return }
            try await room.vote(participant: id, item: item, choice: choice)
        }
    }

    @Test("XML: only the decisions change; the model, register and check see them; record counts every vote")
    func xml() async throws {
        let t = try TestRoom()
        try await vote(t.room, 4, item: "winter-shelter", choice: "stop")
        try await vote(t.room, 1, item: "winter-shelter", choice: "scale")
        try await vote(t.room, 2, item: "hospital-idva", choice: "merge")
        _ = try t.room.record(DecisionInput(initiative: "hospital-idva", kind: "decision", value: "scale", date: "2026-11-20", by: "Health and wellbeing board",
                                            rationale: "Strong evidence", alternatives: "Stop; continue as is", conflicts: "None declared"))
        _ = try t.room.record(DecisionInput(initiative: "winter-shelter", kind: "recommendation", value: "stop", date: "2027-01-15", by: "Cabinet"))
        let out = (t.folder as NSString).appendingPathComponent("export")
        let summary = try LiveExport.export(state: t.state, to: out)
        #expect(summary.contains("1 decision(s) and 1 recommendation(s)"))

        let before = try String(contentsOfFile: t.portfolio, encoding: .utf8).components(separatedBy: "\n")
        let after = try String(contentsOfFile: out + "/portfolio/portfolio.xml", encoding: .utf8).components(separatedBy: "\n")
        let removed = before.filter { !after.contains($0) }, added = after.filter { !before.contains($0) }
        #expect(removed.count <= 1, "only the replaced review line may go: \(removed)")
        #expect(added.contains { $0.contains("<decision") && $0.contains("scale") && $0.contains("Health and wellbeing board") })
        #expect(added.contains { $0.contains("<review") && $0.contains("2027-01-15") && $0.contains("Cabinet") })
        #expect(FileManager.default.contentsEqual(atPath: (t.folder as NSString).appendingPathComponent("contacts.csv"), andPath: out + "/portfolio/contacts.csv"))

        let exported = try PortfolioLoader.load(out + "/portfolio/portfolio.xml").portfolio
        let idva = try #require(exported.initiatives.first { $0.id == "hospital-idva" })
        #expect(idva.decision?.value == .scale)
        let winter = try #require(exported.initiatives.first { $0.id == "winter-shelter" })
        #expect(winter.review?.date == CalendarDate(iso: "2027-01-15"))
        #expect(winter.review?.owner == "Cabinet")

        let record = jsonObject(try String(contentsOfFile: out + "/record.json", encoding: .utf8))
        let sort = (record["activities"] as? [[String: Any]])?.first { $0["id"] as? String == "sort-pilots" }
        let items = sort?["items"] as? [[String: Any]] ?? []
        #expect(items.first { $0["id"] as? String == "winter-shelter" }?["counts"] as? [String: Int] == ["stop": 4, "scale": 1, "merge": 0, "continue": 0, "evidence": 0])
        // Two voters: no breakdown in the record either.
        #expect(items.first { $0["id"] as? String == "hospital-idva" }?["counts"] == nil)
        #expect(items.first { $0["id"] as? String == "hospital-idva" }?["voters"] as? Int == 2)
        let md = try String(contentsOfFile: out + "/record.md", encoding: .utf8)
        #expect(md.contains("Conflicts declared: None declared"))
        #expect(md.contains("fewer than 5 votes: not shown"))
        let csv = try String(contentsOfFile: out + "/record.csv", encoding: .utf8)
        #expect(csv.contains("decision,,,hospital-idva,"))
    }

    @Test("comments: in the record without who made them; purge deletes their text and keeps the count")
    func comments() async throws {
        let folder = temporaryFolder("comments")
        var state = "", title = ""
        do {
            // The room (and its state lock) goes away at the end of this scope, as when the server stops.
            let t = try TestRoom(folder: folder)
            state = t.state
            title = try #require(t.room.openActivity.item("winter-shelter")?.title)
            let token = try await t.room.join(room: t.room.roomCode, name: nil, client: "t")
            guard case .participant(let id) = t.room.caller(credential: token) else { Issue.record("no participant"); return }
            _ = try await t.room.comment(participant: id, item: "winter-shelter", text: "Full by 6pm, every night")
            _ = try await t.room.comment(participant: id, item: nil, text: "Say \"no\", politely")
        }
        let first = (folder as NSString).appendingPathComponent("first")
        _ = try LiveExport.export(state: state, to: first)
        let md = try String(contentsOfFile: first + "/record.md", encoding: .utf8)
        #expect(md.contains("Comments (anonymous):"))
        #expect(md.contains("- **\(title)**: Full by 6pm, every night ("))
        let csv = try String(contentsOfFile: first + "/record.csv", encoding: .utf8)
        #expect(csv.contains("comment,sort-pilots,card-sort,,\(title),,,"))
        #expect(csv.contains(#""Say ""no"", politely""#))
        let json = try String(contentsOfFile: first + "/record.json", encoding: .utf8)
        #expect(json.contains("Full by 6pm, every night"))
        #expect(!json.contains("\"participant\""))

        _ = try LiveExport.purge(state: state)
        #expect(try LiveStore(folder: state).comments(activity: "sort-pilots").isEmpty)
        let second = (folder as NSString).appendingPathComponent("second")
        _ = try LiveExport.export(state: state, to: second)
        let after = try String(contentsOfFile: second + "/record.json", encoding: .utf8) + String(contentsOfFile: second + "/record.md", encoding: .utf8)
            + String(contentsOfFile: second + "/record.csv", encoding: .utf8)
        #expect(!after.contains("Full by 6pm") && !after.contains("politely"))
        #expect(after.contains("2 comments made; their text was deleted by `convenor live purge`."))
    }

    @Test("CSV folder: the decision lands in the CSV files, other files byte-identical")
    func csvFolder() throws {
        let folder = temporaryFolder("csv")
        let csv = (folder as NSString).appendingPathComponent("portfolio")
        try FileManager.default.createDirectory(atPath: csv, withIntermediateDirectories: true)
        let source = Self.repository.appendingPathComponent("examples/northbridge/csv").path
        for name in try FileManager.default.contentsOfDirectory(atPath: source) where name.hasSuffix(".csv") {
            let data = try Data(contentsOf: URL(fileURLWithPath: source).appendingPathComponent(name).resolvingSymlinksInPath())
            try data.write(to: URL(fileURLWithPath: csv).appendingPathComponent(name))
        }
        let state = (folder as NSString).appendingPathComponent("state")
        let loaded = try LiveSessionLoader.load(workshop: "pilot-review", portfolio: csv, state: state, named: false, privacyNotice: nil)
        _ = try loaded.room.record(DecisionInput(initiative: "winter-shelter", kind: "decision", value: "stop", date: "2026-11-20", by: "Cabinet"))
        let out = (folder as NSString).appendingPathComponent("out")
        _ = try LiveExport.export(state: state, to: out)
        let exported = try PortfolioLoader.load(out + "/portfolio").portfolio
        #expect(exported.initiatives.first { $0.id == "winter-shelter" }?.decision?.value == .stop)
        #expect(FileManager.default.contentsEqual(atPath: csv + "/place.csv", andPath: out + "/portfolio/place.csv"))
    }

    @Test("purge: refused before export; afterwards deletes participant data but keeps the record and decisions")
    func purge() async throws {
        let folder = temporaryFolder("purge")
        var state = ""
        do {
            let t = try TestRoom(folder: folder)
            state = t.state
            try await vote(t.room, 5, item: "winter-shelter", choice: "evidence")
            _ = try t.room.record(DecisionInput(initiative: "hospital-idva", value: "scale", date: "2026-11-20", by: "Board"))
        }
        #expect(throws: RoomSetupError.self) { _ = try LiveExport.purge(state: state) }
        let first = (folder as NSString).appendingPathComponent("first")
        _ = try LiveExport.export(state: state, to: first)
        _ = try LiveExport.purge(state: state)
        let store = try LiveStore(folder: state)
        #expect(try store.participants().isEmpty)
        #expect(try store.ballots(activity: "sort-pilots").isEmpty)
        #expect(try store.decisions().count == 1)
        let second = (folder as NSString).appendingPathComponent("second")
        _ = try LiveExport.export(state: state, to: second)
        let a = try String(contentsOfFile: first + "/record.json", encoding: .utf8)
        let b = try String(contentsOfFile: second + "/record.json", encoding: .utf8)
        #expect(a == b)
        #expect(FileManager.default.contentsEqual(atPath: first + "/portfolio/portfolio.xml", andPath: second + "/portfolio/portfolio.xml"))
    }
}
