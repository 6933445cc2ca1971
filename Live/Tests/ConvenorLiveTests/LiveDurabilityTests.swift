import ConvenorCore
@testable import ConvenorLive
import Foundation
import Testing

@Suite("Durable state and one server per state folder")
struct LiveDurabilityTests {
    @Test("a second server on the same state folder is refused with a clear message")
    func secondServerRefused() throws {
        let t = try TestRoom()
        #expect {
            _ = try LiveSessionLoader.load(workshop: "pilot-review", portfolio: t.portfolio, state: t.state, named: false, privacyNotice: nil)
        } throws: { error in
            (error as? RoomSetupError)?.description.contains("another convenor live server is already using the state folder") == true
        }
    }

    @Test("reopening the state keeps the room code, the key, tokens, votes, the open activity and decisions")
    func reopen() throws {
        let folder = temporaryFolder()
        var token = "", code = "", key = ""
        do {
            let t = try TestRoom(folder: folder)
            code = t.room.roomCode
            key = t.room.facilitatorKey
            token = try t.room.join(room: code, name: nil, client: "x")
            guard case .participant(let id) = t.room.caller(credential: token) else { Issue.record("no participant"); return }
            try t.room.vote(participant: id, item: "winter-shelter", choice: "merge")
            _ = try t.room.open(activity: "discuss-first")
            _ = try t.room.record(DecisionInput(initiative: "hospital-idva", value: "scale", date: "2026-11-20", by: "Health board"))
        }
        let again = try TestRoom(folder: folder)
        #expect(again.room.roomCode == code)
        #expect(again.room.facilitatorKey == key)
        #expect(again.room.caller(credential: token) != .anonymous)
        #expect(again.room.openActivityID == "discuss-first")
        #expect(try again.room.tally(activity: "sort-pilots").items.first { $0.id == "winter-shelter" }?.counts["merge"] == 1)
        #expect(try again.room.store.decisions().map(\.initiative) == ["hospital-idva"])
    }

    @Test("a session on another portfolio is refused rather than mixed in")
    func otherPortfolioRefused() throws {
        let t = try TestRoom()
        let otherFolder = temporaryFolder()
        let other = try examplePortfolio(in: otherFolder)
        let store = try LiveStore(folder: t.state)
        #expect(throws: RoomSetupError.self) {
            _ = try LiveSessionLoader.room(workshop: "pilot-review", portfolio: other, store: store, named: false, privacyNotice: nil)
        }
    }
}
