import ConvenorCore
@testable import ConvenorLive
import Foundation
import Hummingbird
import Testing

@Suite("Live room HTTP API (the contract in issue 16)", .serialized)
struct LiveAPITests {
    @Test("join: 201 with a token for the right code, 404 for a wrong one")
    func join() async throws {
        let t = try TestRoom()
        try await t.withServer { (client: TestClient) async throws in
            let ok = try await client.send(.post, "/api/join", json: #"{"room": "\#(t.room.roomCode)"}"#)
            #expect(ok.status == .created)
            #expect((jsonObject(ok.body)["participant"] as? String)?.count == 32)
            // Codes are typed on phones: lower case and spaces are forgiven.
            let lower = try await client.send(.post, "/api/join", json: #"{"room": " \#(t.room.roomCode.lowercased()) "}"#)
            #expect(lower.status == .created)
            let wrong = try await client.send(.post, "/api/join", json: #"{"room": "ZZZZZZ"}"#)
            #expect(wrong.status == .notFound)
        }
    }

    @Test("ballot: the open card sort lists the place's pilots with the five choices")
    func ballot() async throws {
        let t = try TestRoom()
        try await t.withServer { (client: TestClient) async throws in
            #expect(try await client.send(.get, "/api/ballot").status == .unauthorized)
            #expect(try await client.send(.get, "/api/ballot", token: "not-a-token").status == .unauthorized)
            let token = try await client.join(t.room.roomCode)
            let r = try await client.send(.get, "/api/ballot", token: token)
            #expect(r.status == .ok)
            let body = jsonObject(r.body)
            let activity = body["activity"] as? [String: Any]
            #expect(activity?["id"] as? String == "sort-pilots")
            #expect(activity?["kind"] as? String == "card-sort")
            #expect(activity?["title"] as? String == "Sort the pilots")
            #expect(body["choices"] as? [String] == ["stop", "scale", "merge", "continue", "evidence"])
            let ids = (body["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(ids.contains("winter-shelter"))
            #expect(!ids.contains("housing-first"))  // a mainstreamed programme is not a pilot card
            #expect(!ids.contains("reducing-parental-conflict"))  // an ended pilot is not sorted
        }
    }

    @Test("vote: 200 and replaces the earlier choice; 404 unknown item; 422 unknown choice; 401 without a token")
    func vote() async throws {
        let t = try TestRoom()
        try await t.withServer { (client: TestClient) async throws in
            let key = t.room.facilitatorKey
            let a = try await client.join(t.room.roomCode)
            let b = try await client.join(t.room.roomCode)
            #expect(try await client.send(.put, "/api/ballot/winter-shelter", token: a, json: #"{"choice": "stop"}"#).status == .ok)
            #expect(try await client.send(.put, "/api/ballot/winter-shelter", token: a, json: #"{"choice": "scale"}"#).status == .ok)
            #expect(try await client.send(.put, "/api/ballot/winter-shelter", token: b, json: #"{"choice": "scale"}"#).status == .ok)
            #expect(try await client.send(.put, "/api/ballot/no-such-pilot", token: a, json: #"{"choice": "stop"}"#).status == .notFound)
            let bad = try await client.send(.put, "/api/ballot/winter-shelter", token: a, json: #"{"choice": "abolish"}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(bad.body.contains("stop, scale, merge, continue, evidence"))
            #expect(try await client.send(.put, "/api/ballot/winter-shelter", json: #"{"choice": "stop"}"#).status == .unauthorized)
            #expect(try await client.send(.put, "/api/ballot/winter-shelter", token: "forged", json: #"{"choice": "stop"}"#).status == .unauthorized)
            #expect(try await client.send(.put, "/api/ballot/winter-shelter", token: key, json: #"{"choice": "stop"}"#).status == .forbidden)

            let results = try await client.send(.get, "/api/results", token: key)
            #expect(results.status == .ok)
            let body = jsonObject(results.body)
            #expect(body["participants"] as? Int == 2)
            let item = (body["items"] as? [[String: Any]])?.first { $0["id"] as? String == "winter-shelter" }
            #expect(item?["counts"] as? [String: Int] == ["stop": 0, "scale": 2, "merge": 0, "continue": 0, "evidence": 0])

            let mine = jsonObject(try await client.send(.get, "/api/ballot", token: a).body)["mine"] as? [String: String]
            #expect(mine == ["winter-shelter": "scale"])
        }
    }

    @Test("comments: 201 from a participant; hidden from the projector until the votes are revealed; 401, 403, 404, 422 and the cap")
    func comments() async throws {
        let t = try TestRoom()
        try await t.withServer { (client: TestClient) async throws in
            let key = t.room.facilitatorKey
            let a = try await client.join(t.room.roomCode)
            let made = try await client.send(.post, "/api/comments", token: a, json: #"{"item": "winter-shelter", "text": "  Families say the shelter is full by 6pm  "}"#)
            #expect(made.status == .created)
            #expect(jsonObject(made.body)["text"] as? String == "Families say the shelter is full by 6pm")
            #expect(try await client.send(.post, "/api/comments", token: a, json: #"{"text": "On the whole list: too many pilots"}"#).status == .created)

            #expect(try await client.send(.post, "/api/comments", json: #"{"text": "x"}"#).status == .unauthorized)
            #expect(try await client.send(.post, "/api/comments", token: key, json: #"{"text": "x"}"#).status == .forbidden)
            #expect(try await client.send(.post, "/api/comments", token: a, json: #"{"item": "no-such-pilot", "text": "x"}"#).status == .notFound)
            let empty = try await client.send(.post, "/api/comments", token: a, json: #"{"text": "   "}"#)
            #expect(empty.status == .unprocessableContent)
            #expect(empty.body.contains("the comment is empty"))
            let long = try await client.send(.post, "/api/comments", token: a, json: #"{"text": "\#(String(repeating: "a", count: 501))"}"#)
            #expect(long.status == .unprocessableContent)
            #expect(long.body.contains("501 characters; keep it to 500"))

            // The projector: a count only, until the facilitator reveals the votes.
            var display = jsonObject(try await client.send(.get, "/api/display", token: key).body)
            #expect(display["commentCount"] as? Int == 2)
            #expect(display["commentsShown"] as? Bool == false)
            #expect((display["comments"] as? [Any])?.isEmpty == true)
            // The facilitator's own list has them, oldest first, with no participant in sight.
            let listed = jsonObject(try await client.send(.get, "/api/comments", token: key).body)["comments"] as? [[String: Any]] ?? []
            #expect(listed.map { $0["text"] as? String } == ["Families say the shelter is full by 6pm", "On the whole list: too many pilots"])
            #expect(listed.allSatisfy { Set($0.keys).isSubset(of: ["item", "text", "at"]) })
            #expect(try await client.send(.get, "/api/comments", token: a).status == .forbidden)

            #expect(try await client.send(.post, "/api/activities/sort-pilots/reveal", token: key).status == .ok)
            display = jsonObject(try await client.send(.get, "/api/display", token: key).body)
            #expect(display["commentsShown"] as? Bool == true)
            let shown = display["comments"] as? [[String: Any]] ?? []
            #expect(shown.first?["item"] as? String == t.room.openActivity.item("winter-shelter")?.title)
            #expect(shown.count == 2)

            // Five per person per activity.
            for n in 3...5 { #expect(try await client.send(.post, "/api/comments", token: a, json: #"{"text": "comment \#(n)"}"#).status == .created) }
            let sixth = try await client.send(.post, "/api/comments", token: a, json: #"{"text": "one more"}"#)
            #expect(sixth.status == .unprocessableContent)
            #expect(sixth.body.contains("5 comments on this activity"))
            let b = try await client.join(t.room.roomCode)
            #expect(try await client.send(.post, "/api/comments", token: b, json: #"{"text": "someone else"}"#).status == .created)

            // Without scripts: the ballot page's form, Post/Redirect/Get; a refused comment comes back with its text.
            let cookie: HTTPFields = [.cookie: "\(LiveServer.participantCookie)=\(b)"]
            let form = try await client.send(.post, "/comment", body: "item=&text=From+the+form", headers: cookie)
            #expect(form.status == .seeOther)
            #expect(form.headers[.location] == "/vote?commented=1#comment")
            let refused = try await client.send(.post, "/comment", body: "item=&text=\(String(repeating: "b", count: 600))", headers: cookie)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains(String(repeating: "b", count: 600)))
            #expect(refused.body.contains("keep it to 500"))
        }
    }

    @Test("results: 403 for a participant, 401 for nobody")
    func resultsNeedTheKey() async throws {
        let t = try TestRoom()
        try await t.withServer { (client: TestClient) async throws in
            let a = try await client.join(t.room.roomCode)
            #expect(try await client.send(.get, "/api/results", token: a).status == .forbidden)
            #expect(try await client.send(.get, "/api/results").status == .unauthorized)
            #expect(try await client.send(.post, "/api/activities/discuss-first/open", token: a).status == .forbidden)
            #expect(try await client.send(.post, "/api/decisions", token: a, json: "{}").status == .forbidden)
        }
    }

    @Test("open: the room moves to the dot vote, whose choices are numbers of dots and whose caps hold")
    func dotVote() async throws {
        let t = try TestRoom()
        try await t.withServer { (client: TestClient) async throws in
            let key = t.room.facilitatorKey
            let a = try await client.join(t.room.roomCode)
            #expect(try await client.send(.post, "/api/activities/nope/open", token: key).status == .notFound)
            #expect(try await client.send(.post, "/api/activities/discuss-first/open", token: key).status == .ok)
            let ballot = jsonObject(try await client.send(.get, "/api/ballot", token: a).body)
            #expect((ballot["activity"] as? [String: Any])?["kind"] as? String == "dot-vote")
            #expect(ballot["choices"] as? [String] == ["0", "1", "2"])
            let items = (ballot["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(items.count >= 3)
            // Five dots, at most two per item.
            #expect(try await client.send(.put, "/api/ballot/\(items[0])", token: a, json: #"{"choice": 3}"#).status == .unprocessableContent)
            #expect(try await client.send(.put, "/api/ballot/\(items[0])", token: a, json: #"{"choice": 2}"#).status == .ok)
            #expect(try await client.send(.put, "/api/ballot/\(items[1])", token: a, json: #"{"choice": "2"}"#).status == .ok)
            let over = try await client.send(.put, "/api/ballot/\(items[2])", token: a, json: #"{"choice": 2}"#)
            #expect(over.status == .unprocessableContent)
            #expect(over.body.contains("5 dots"))
            #expect(try await client.send(.put, "/api/ballot/\(items[2])", token: a, json: #"{"choice": 1}"#).status == .ok)
            // Taking dots back frees them.
            #expect(try await client.send(.put, "/api/ballot/\(items[0])", token: a, json: #"{"choice": 0}"#).status == .ok)
            #expect(try await client.send(.put, "/api/ballot/\(items[3])", token: a, json: #"{"choice": 2}"#).status == .ok)
            let results = jsonObject(try await client.send(.get, "/api/results", token: key).body)
            let counts = Dictionary(uniqueKeysWithValues: (results["items"] as? [[String: Any]] ?? []).map { ($0["id"] as! String, ($0["counts"] as! [String: Int])["dots"]!) })
            #expect(counts[items[0]] == 0)
            #expect(counts[items[1]] == 2)
            #expect(counts[items[2]] == 1)
            #expect(counts[items[3]] == 2)
        }
    }

    @Test("decisions: 201 for a good one; 422 with a message for an unknown initiative or a bad value")
    func decisions() async throws {
        let t = try TestRoom()
        try await t.withServer { (client: TestClient) async throws in
            let key = t.room.facilitatorKey
            let ok = try await client.send(.post, "/api/decisions", token: key, json: #"""
                {"initiative": "winter-shelter", "value": "stop", "date": "2026-12-01", "by": "Cabinet", "rationale": "Evidence is weak", "kind": "recommendation"}
                """#)
            #expect(ok.status == .created)
            #expect(jsonObject(ok.body)["initiative"] as? String == "winter-shelter")
            let unknown = try await client.send(.post, "/api/decisions", token: key, json: #"{"initiative": "nope", "value": "stop", "date": "2026-12-01", "by": "Cabinet"}"#)
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.body.contains("no initiative 'nope'"))
            let badValue = try await client.send(.post, "/api/decisions", token: key, json: #"{"initiative": "winter-shelter", "value": "abolish", "date": "2026-12-01", "by": "Cabinet"}"#)
            #expect(badValue.status == .unprocessableContent)
            #expect(badValue.body.contains("stop, start, scale, continue, merge"))
            let mergeWithoutInto = try await client.send(.post, "/api/decisions", token: key, json: #"{"initiative": "winter-shelter", "value": "merge", "date": "2026-12-01", "by": "Cabinet"}"#)
            #expect(mergeWithoutInto.status == .unprocessableContent)
            let badDate = try await client.send(.post, "/api/decisions", token: key, json: #"{"initiative": "winter-shelter", "value": "stop", "date": "next spring", "by": "Cabinet"}"#)
            #expect(badDate.status == .unprocessableContent)
            let list = jsonObject(try await client.send(.get, "/api/decisions", token: key).body)["decisions"] as? [[String: Any]]
            #expect(list?.count == 1)
        }
    }

    @Test("bodies over the limit get 413")
    func bodyLimit() async throws {
        let t = try TestRoom()
        try await t.withServer { (client: TestClient) async throws in
            let a = try await client.join(t.room.roomCode)
            let big = #"{"choice": "\#(String(repeating: "x", count: 20_000))"}"#
            #expect(try await client.send(.put, "/api/ballot/winter-shelter", token: a, json: big).status == .contentTooLarge)
            #expect(try await client.send(.post, "/join", json: big).status == .contentTooLarge)
        }
    }

    @Test("wrong room codes are rate-limited per address")
    func joinRateLimit() async throws {
        let t = try TestRoom()
        try await t.withServer { (client: TestClient) async throws in
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<12 { statuses.append(try await client.send(.post, "/api/join", json: #"{"room": "AAAAAA"}"#).status) }
            #expect(statuses.prefix(10).allSatisfy { $0 == .notFound })
            #expect(statuses.last == .tooManyRequests)
            // Even the right code waits: guessing must not be able to tell it apart.
            #expect(try await client.send(.post, "/api/join", json: #"{"room": "\#(t.room.roomCode)"}"#).status == .tooManyRequests)
        }
    }

    @Test("a participant sending faster than a person can is slowed with 429")
    func participantRateLimit() async throws {
        let t = try TestRoom()
        try await t.withServer { (client: TestClient) async throws in
            let a = try await client.join(t.room.roomCode)
            var limited = false
            for _ in 0..<60 where !limited {
                limited = try await client.send(.get, "/api/ballot", token: a).status == .tooManyRequests
            }
            #expect(limited)
        }
    }

    @Test("static files come only from the embedded set")
    func staticFiles() async throws {
        let t = try TestRoom()
        try await t.withServer { (client: TestClient) async throws in
            #expect(try await client.send(.get, "/assets/live.css").status == .ok)
            #expect(try await client.send(.get, "/assets/live.js").status == .ok)
            #expect(try await client.send(.get, "/assets/vote.html.mustache").status == .notFound)
            #expect(try await client.send(.get, "/assets/..%2F..%2FPackage.swift").status == .notFound)
            #expect(try await client.send(.get, "/assets/../../etc/passwd").status == .notFound)
        }
    }

    @Test("the facilitator key never reaches a participant's pages")
    func keyNotSent() async throws {
        let t = try TestRoom()
        try await t.withServer { (client: TestClient) async throws in
            let key = t.room.facilitatorKey
            let join = try await client.send(.get, "/")
            #expect(!join.body.contains(key))
            let token = try await client.join(t.room.roomCode)
            var cookie = HTTPFields()
            cookie[.cookie] = "convenor_p=\(token)"
            let page = try await client.send(.get, "/vote", headers: cookie)
            #expect(page.status == .ok)
            #expect(!page.body.contains(key))
            for uri in ["/api/ballot", "/api/events"] where uri != "/api/events" {
                #expect(!(try await client.send(.get, uri, token: token).body.contains(key)))
            }
            // The facilitator link swaps the key for a cookie and a clean address.
            let link = try await client.send(.get, "/facilitator?key=\(key)")
            #expect(link.status == .seeOther)
            #expect(link.headers[.location] == "/facilitator")
            #expect(link.headers[.setCookie]?.contains("HttpOnly") == true)
            #expect(try await client.send(.get, "/facilitator?key=wrong").status == .forbidden)
        }
    }
}
