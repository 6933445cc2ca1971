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
    func reopen() async throws {
        let folder = temporaryFolder()
        var token = "", code = "", key = ""
        do {
            let t = try TestRoom(folder: folder)
            code = t.room.roomCode
            key = t.room.facilitatorKey
            token = try await t.room.join(room: code, name: nil, client: "x")
            guard case .participant(let id) = t.room.caller(credential: token) else { Issue.record("no participant"); return }
            try await t.room.vote(participant: id, item: "winter-shelter", choice: "merge")
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

    @Test("votes sent at once share commits; every one is stored; a refused vote does not undo its neighbours")
    func groupCommit() async throws {
        let t = try TestRoom()
        let room = t.room
        var ids: [Int64] = []
        for _ in 0..<30 {
            let token = try await room.join(room: room.roomCode, name: nil, client: "t")
            guard case .participant(let id) = room.caller(credential: token) else { Issue.record("no participant"); return }
            ids.append(id)
        }
        let before = room.store.commitStatistics
        let items = room.openActivity.items.prefix(6).map(\.id)
        let choices = ["stop", "scale", "merge", "continue", "evidence"]
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (n, id) in ids.enumerated() {
                for (k, item) in items.enumerated() {
                    group.addTask { try await room.vote(participant: id, item: item, choice: choices[(n + k) % choices.count]) }
                }
            }
            try await group.waitForAll()
        }
        let after = room.store.commitStatistics
        #expect(after.requests - before.requests == ids.count * items.count)
        #expect(after.batches - before.batches < ids.count * items.count, "180 votes sent at once took \(after.batches - before.batches) commits")
        let tally = try room.tally(activity: room.openActivityID)
        for (k, item) in items.enumerated() {
            var expected = Dictionary(uniqueKeysWithValues: choices.map { ($0, 0) })
            for n in ids.indices { expected[choices[(n + k) % choices.count], default: 0] += 1 }
            #expect(tally.items.first { $0.id == item }?.counts == expected)
        }

        // A dot vote over the participant's total (checked inside the commit), in the same commits as
        // others' good votes: only it is refused, and only its own writes are rolled back.
        let dots = try room.open(activity: "discuss-first")
        #expect(dots.dots == 5 && dots.perItem == 2 && dots.items.count >= 3)
        let target = dots.items[0].id
        try await room.vote(participant: ids[0], item: dots.items[1].id, choice: "2")
        try await room.vote(participant: ids[0], item: dots.items[2].id, choice: "2")
        let refused = await withTaskGroup(of: Int64?.self) { group in
            for (n, id) in ids.enumerated() {
                let choice = n == 0 ? "2" : "1"
                group.addTask { (try? await room.vote(participant: id, item: target, choice: choice)) == nil ? id : nil }
            }
            return await group.reduce(into: [Int64]()) { if let id = $1 { $0.append(id) } }
        }
        #expect(refused == [ids[0]])
        #expect(try room.tally(activity: "discuss-first").items.first { $0.id == target }?.counts["dots"] == ids.count - 1)
        #expect(try room.store.choices(activity: "discuss-first", participant: ids[0]) == [dots.items[1].id: "2", dots.items[2].id: "2"])
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
