import ConvenorCore
@testable import ConvenorLive
import Foundation
import Hummingbird
import Testing

@Suite("What the projector shows: blind voting, small counts, pause, paper ballots")
struct LiveRoomRulesTests {
    func display(_ room: LiveRoom) throws -> [String: Any] { jsonObject(try room.displayJSON()) }
    func item(_ d: [String: Any], _ id: String) -> [String: Any] {
        (d["items"] as? [[String: Any]] ?? []).first { $0["id"] as? String == id } ?? [:]
    }

    @Test("hidden until revealed; under five voters no breakdown; paper ballots merge in; turnout counts people")
    func displayRules() async throws {
        let t = try TestRoom()
        let room = t.room
        var ids: [Int64] = []
        for _ in 0..<3 {
            let token = try await room.join(room: room.roomCode, name: nil, client: "test")
            guard case .participant(let id) = room.caller(credential: token) else { Issue.record("no participant"); return }
            ids.append(id)
        }
        for id in ids { try await room.vote(participant: id, item: "winter-shelter", choice: "stop") }
        var d = try display(room)
        #expect(d["voted"] as? Int == 3)
        #expect(d["participants"] as? Int == 3)
        #expect(item(d, "winter-shelter")["shown"] as? Bool == false)
        #expect(item(d, "winter-shelter")["counts"] == nil)
        #expect((item(d, "winter-shelter")["note"] as? String)?.contains("Hidden") == true)

        try room.setRevealed(activity: "sort-pilots", true)
        d = try display(room)
        #expect(item(d, "winter-shelter")["counts"] == nil)
        #expect((item(d, "winter-shelter")["note"] as? String)?.contains("Fewer than 5") == true)

        // Two people without phones vote on paper: five voters, so the breakdown appears.
        try room.addPaperBallot(activity: "sort-pilots", choices: ["winter-shelter": "scale"])
        try room.addPaperBallot(activity: "sort-pilots", choices: ["winter-shelter": "stop", "hospital-idva": "merge"])
        d = try display(room)
        #expect(d["participants"] as? Int == 5)
        #expect(d["voted"] as? Int == 5)
        #expect(item(d, "winter-shelter")["counts"] as? [String: Int] == ["stop": 4, "scale": 1, "merge": 0, "continue": 0, "evidence": 0])
        #expect(item(d, "hospital-idva")["counts"] == nil)  // one voter

        // Paused: the projector keeps the picture it had; votes still count.
        try room.setPaused(true)
        try await room.vote(participant: ids[0], item: "winter-shelter", choice: "continue")
        d = try display(room)
        #expect(d["paused"] as? Bool == true)
        #expect((item(d, "winter-shelter")["counts"] as? [String: Int])?["stop"] == 4)
        #expect(try room.tally(activity: "sort-pilots").items.first { $0.id == "winter-shelter" }?.counts["stop"] == 3)
        try room.setPaused(false)
        d = try display(room)
        #expect((item(d, "winter-shelter")["counts"] as? [String: Int])?["continue"] == 1)
    }

    @Test("a paper ballot is checked like a phone's: unknown choices and dot caps refused")
    func paperChecked() throws {
        let t = try TestRoom()
        #expect(throws: RoomError.self) { try t.room.addPaperBallot(activity: "sort-pilots", choices: ["winter-shelter": "abolish"]) }
        #expect(throws: RoomError.self) { try t.room.addPaperBallot(activity: "discuss-first", choices: [t.room.activity("discuss-first")!.items[0].id: "3"]) }
        #expect(throws: RoomError.self) { try t.room.addPaperBallot(activity: "sort-pilots", choices: [:]) }
        #expect(try t.room.tally(activity: "sort-pilots").participants == 0)
    }

    @Test("participants' text is escaped on the facilitator's screen")
    func escaping() async throws {
        let t = try TestRoom()
        let hostile = "<script>alert(1)</script>"
        _ = try t.room.record(DecisionInput(initiative: "winter-shelter", kind: "recommendation", value: "stop", date: "2026-12-01",
                                            by: hostile, rationale: "\"><img src=x onerror=alert(2)>"))
        try await t.withServer { (client: TestClient) async throws in
            var cookie = HTTPFields()
            cookie[.cookie] = "convenor_f=\(t.room.facilitatorKey)"
            let page = try await client.send(.get, "/facilitator", headers: cookie)
            #expect(page.status == .ok)
            #expect(!page.body.contains(hostile))
            #expect(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!page.body.contains("<img src=x"))
        }
    }

    @Test("plain HTML forms work without scripts: join, vote, see the choice")
    func formsWithoutScripts() async throws {
        let t = try TestRoom()
        try await t.withServer { (client: TestClient) async throws in
            var form = HTTPFields()
            form[.contentType] = "application/x-www-form-urlencoded"
            let join = try await client.send(.post, "/join", body: "room=\(t.room.roomCode)", headers: form)
            #expect(join.status == .seeOther)
            let setCookie = join.headers[.setCookie] ?? ""
            let token = setCookie.split(separator: ";").first.map { String($0.dropFirst("convenor_p=".count)) } ?? ""
            #expect(token.count == 32)
            var headers = form
            headers[.cookie] = "convenor_p=\(token)"
            let vote = try await client.send(.post, "/vote/winter-shelter", body: "choice=evidence", headers: headers)
            #expect(vote.status == .seeOther)
            let page = try await client.send(.get, "/vote?saved=winter-shelter", headers: headers)
            #expect(page.body.contains(#"value="evidence" checked"#))
            #expect(page.body.contains("Saved your choice for Winter shelter pilot"))
            let wrong = try await client.send(.post, "/join", body: "room=WRONG1", headers: form)
            #expect(wrong.status == .notFound)
            #expect(wrong.body.contains("no room with that code"))
        }
    }

    @Test("named voting asks for a name; anonymous rooms never store one")
    func named() async throws {
        let anonymous = try TestRoom()
        _ = try await anonymous.room.join(room: anonymous.room.roomCode, name: "Alice", client: "x")
        #expect(try anonymous.room.store.participants().allSatisfy { $0.name == nil })
        let named = try TestRoom(named: true)
        await #expect(throws: RoomError.self) { try await named.room.join(room: named.room.roomCode, name: " ", client: "x") }
        _ = try await named.room.join(room: named.room.roomCode, name: "Alice", client: "x")
        #expect(try named.room.store.participants().map(\.name) == ["Alice"])
    }
}
