import ConvenorCore
import Foundation
import Hummingbird
import Mustache
import NIOCore
import Synchronization

/// The server's own files: page templates, the stylesheet and the two scripts. Nothing else is served.
enum LiveAssets {
    static let types = ["css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8"]

    /// A file that may be fetched by name (templates are not), with its content type.
    static func servable(_ name: String) -> (String, String)? {
        guard let ext = name.split(separator: ".").last.map(String.init), let type = types[ext],
              let text = EmbeddedAssets.files[name] else { return nil }
        return (text, type)
    }

    static func template(_ name: String) throws -> MustacheTemplate {
        guard let text = EmbeddedAssets.files[name] else { fatalError("missing embedded template \(name) (a build defect)") }
        return try MustacheTemplate(string: text)
    }
}

/// Mustache shows a missing value as nothing, but an optional's nil as "nil": leave nils out.
func present(_ values: [String: Any?]) -> [String: Any] { values.compactMapValues { $0 } }

/// The join address and its QR code, set once the server is listening.
final class JoinLink: Sendable {
    private let value = Mutex<(url: String, svg: String)>(("", ""))
    var url: String { value.withLock { $0.url } }
    var svg: String { value.withLock { $0.svg } }
    func set(_ url: String) {
        let svg = (try? QRCode(text: url))?.svg(title: "QR code that opens \(url)") ?? ""
        value.withLock { $0 = (url, svg) }
    }
}

/// Renders the join page, the ballot and the facilitator's screen. Mustache escapes every value, so
/// participants' text is inert wherever it is shown.
struct LivePages: Sendable {
    let room: LiveRoom
    let join: MustacheTemplate
    let vote: MustacheTemplate
    let facilitatorPage: MustacheTemplate
    let workshopTitle: String
    let place: String
    /// Where participants join, known once the server has bound its port.
    let link = JoinLink()
    var joinURL: String { link.url }
    var qrSVG: String { link.svg }

    init(room: LiveRoom) throws {
        self.room = room
        join = try LiveAssets.template("join.html.mustache")
        vote = try LiveAssets.template("vote.html.mustache")
        facilitatorPage = try LiveAssets.template("facilitator.html.mustache")
        workshopTitle = room.setup.workshopTitle
        place = room.setup.placeName
    }

    func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    func join(_ request: Request, error: String? = nil, status: HTTPResponse.Status = .ok) throws -> Response {
        let prefilled = request.uri.queryParameters["room"].map(String.init) ?? ""
        let context: [String: Any?] = [
            "workshop": workshopTitle, "place": place, "room": String(prefilled.prefix(12)), "named": room.isNamed,
            "privacyNotice": room.privacyNotice, "error": error,
        ]
        return html(join.render(present(context)), status: status)
    }

    /// `draft`: a comment that was refused, given back so the participant can shorten it rather than retype it.
    func ballot(participant: Int64, saved: String?, error: String?, status: HTTPResponse.Status = .ok,
                commented: Bool = false, draft: String? = nil) throws -> Response {
        let a = room.openActivity
        let mine = try room.myChoices(participant: participant)
        let voting = a.kind != .decisions
        let items: [[String: Any]] = a.items.map { item in
            let choices: [[String: Any]] = a.choices.map { c in
                ["id": c.id, "label": c.label, "checked": mine[item.id] == c.id || (a.kind == .dotVote && mine[item.id] == nil && c.id == "0")]
            }
            return ["id": item.id, "title": item.title, "facts": item.facts, "hasFacts": !item.facts.isEmpty,
                    "choices": choices, "voting": voting]
        }
        let used = mine.values.reduce(0) { $0 + (Int($1) ?? 0) }
        let context: [String: Any?] = [
            "workshop": workshopTitle,
            "activity": present(["id": a.id, "kind": a.kind.rawValue, "title": a.title, "question": a.question, "dots": a.dots, "perItem": a.perItem]),
            "items": items, "isDotVote": a.kind == .dotVote, "isDecisions": a.kind == .decisions, "used": used,
            "saved": saved.flatMap { a.item($0)?.title }, "error": error,
            "commented": commented, "draft": draft, "commentLength": LiveRoom.commentLength,
            "commentItems": a.items.map { ["id": $0.id, "title": $0.title] },
        ]
        return html(vote.render(present(context)), status: status)
    }

    func facilitator(message: String?, error: String?, status: HTTPResponse.Status = .ok) throws -> Response {
        let a = room.openActivity
        let display = try JSONSerialization.jsonObject(with: Data(try room.displayJSON().utf8)) as? [String: Any] ?? [:]
        let results: [[String: Any]] = (display["items"] as? [[String: Any]] ?? []).map { item in
            let voters = item["voters"] as? Int ?? 0
            var out: [String: Any] = ["title": item["title"] ?? "", "voters": voters, "votersWord": voters == 1 ? "vote" : "votes",
                                      "shown": item["shown"] as? Bool ?? false, "note": item["note"] ?? ""]
            // Bars and the spread line come from the display, as the live script draws them.
            if let bars = item["bars"] { out["bars"] = bars }
            if let summary = item["summary"] { out["spread"] = summary }
            return out
        }
        let revealed = display["revealed"] as? Bool ?? false
        let paused = display["paused"] as? Bool ?? false
        var state: [String] = []
        if a.kind != .decisions { state.append(revealed ? "Votes revealed." : "Votes hidden until you reveal them.") }
        if paused { state.append("Live results paused.") }
        let decisions: [[String: Any]] = try room.store.decisions().reversed().map { d in
            present(["name": room.initiatives[d.initiative] ?? d.initiative, "kindWord": d.kind == .decision ? "decided:" : "recommended:",
             "value": d.value, "into": d.into.map { room.initiatives[$0] ?? $0 }, "by": d.by, "date": d.date, "rationale": d.rationale])
        }
        let comments = display["comments"] as? [[String: Any]] ?? []
        let commentCount = display["commentCount"] as? Int ?? 0
        let context: [String: Any?] = [
            "comments": comments, "commentsShown": display["commentsShown"] as? Bool ?? false,
            "commentCountText": commentCount == 1 ? "1 comment" : "\(commentCount) comments",
            "workshop": workshopTitle, "place": place, "joinURL": joinURL, "room": room.roomCode,
            "roomSpelled": room.roomCode.map(String.init).joined(separator: " "),
            "activity": ["id": a.id, "title": a.title], "display": display, "results": results, "stateText": state.joined(separator: " "),
            "message": message, "error": error, "revealed": revealed, "paused": paused,
            "canVote": a.kind != .decisions, "isDecisions": a.kind == .decisions,
            "activities": room.activities.map { ["id": $0.id, "title": $0.title, "session": $0.session, "open": $0.id == a.id] },
            "paperItems": a.items.map { item in ["id": item.id, "title": item.title, "choices": a.choices.filter { $0.id != "0" }.map { ["id": $0.id, "label": $0.label] }] },
            "initiatives": room.initiativeOrder.map { ["id": $0, "name": room.initiatives[$0] ?? $0] },
            "values": DecisionValue.allCases.map(\.rawValue), "decisions": decisions, "privacyNotice": room.privacyNotice,
        ]
        return html(facilitatorPage.render(present(context)), status: status)
    }
}
