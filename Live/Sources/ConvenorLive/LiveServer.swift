import ConvenorCore
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// The request context: the caller's address (for the join rate limit) and a small body limit.
public struct LiveContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Participants send choices and short text; anything bigger is refused with 413.
    public var maxUploadSize: Int { LiveServer.maxBodyBytes }
}

/// The HTTP side of the room: the JSON API (docs/live-openapi.yaml), the pages and the live updates.
public struct LiveServer: Sendable {
    public static let maxBodyBytes = 16 * 1024
    static let facilitatorCookie = "convenor_f"
    static let participantCookie = "convenor_p"

    public let room: LiveRoom
    let pages: LivePages

    public init(room: LiveRoom) throws {
        self.room = room
        self.pages = try LivePages(room: room)
    }

    // MARK: - Router

    public func router() -> Router<LiveContext> {
        let router = Router(context: LiveContext.self)
        router.add(middleware: BodyLimitMiddleware())
        router.add(middleware: SecurityHeadersMiddleware())

        // JSON API: the contract other tools rely on.
        router.post("/api/join") { request, context in try await self.apiJoin(request, context) }
        router.get("/api/ballot") { request, _ in try self.apiBallot(request) }
        router.put("/api/ballot/{item}") { request, context in try await self.apiVote(request, context) }
        router.post("/api/comments") { request, context in try await self.apiComment(request, context) }
        router.get("/api/comments") { request, _ in try self.apiComments(request) }
        router.get("/api/results") { request, _ in try self.apiResults(request) }
        router.get("/api/display") { request, _ in try self.apiDisplay(request) }
        router.get("/api/activities") { request, _ in try self.apiActivities(request) }
        router.post("/api/activities/{id}/open") { request, context in try self.apiOpen(request, context) }
        router.post("/api/activities/{id}/reveal") { request, context in try self.apiReveal(request, context, true) }
        router.post("/api/activities/{id}/hide") { request, context in try self.apiReveal(request, context, false) }
        router.post("/api/activities/{id}/paper") { request, context in try await self.apiPaper(request, context) }
        router.post("/api/pause") { request, _ in try self.apiPause(request, true) }
        router.post("/api/resume") { request, _ in try self.apiPause(request, false) }
        router.get("/api/decisions") { request, _ in try self.apiDecisions(request) }
        router.post("/api/decisions") { request, context in try await self.apiRecordDecision(request, context) }
        router.put("/api/privacy-notice") { request, context in try await self.apiPrivacyNotice(request, context) }
        router.get("/api/events") { request, _ in try self.events(request) }

        // Pages: plain HTML forms that work with scripts off; live.js adds live updates on top.
        router.get("/") { request, _ in try self.pages.join(request) }
        router.post("/join") { request, context in try await self.formJoin(request, context) }
        router.get("/vote") { request, _ in try self.pageVote(request) }
        router.post("/vote/{item}") { request, context in try await self.formVote(request, context) }
        router.post("/comment") { request, context in try await self.formComment(request, context) }
        router.get("/facilitator") { request, _ in try self.pageFacilitator(request) }
        router.post("/facilitator/{action}") { request, context in try await self.formFacilitator(request, context) }
        router.get("/qr.svg") { _, _ in self.qrSVG() }
        router.get("/assets/{file}") { _, context in try self.asset(context) }
        return router
    }

    // MARK: - Credentials

    func credential(_ request: Request, cookie: String) -> String? {
        if let auth = request.headers[.authorization], auth.lowercased().hasPrefix("bearer ") {
            return String(auth.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        }
        return request.cookies[cookie]?.value
    }

    /// The facilitator key or a participant token, from the Authorization header or the page's cookie.
    func caller(_ request: Request) -> Caller {
        if let auth = request.headers[.authorization], auth.lowercased().hasPrefix("bearer ") {
            return room.caller(credential: String(auth.dropFirst(7)).trimmingCharacters(in: .whitespaces))
        }
        if let f = request.cookies[Self.facilitatorCookie]?.value, room.caller(credential: f) == .facilitator { return .facilitator }
        if let p = request.cookies[Self.participantCookie]?.value { return room.caller(credential: p) }
        return .anonymous
    }

    // MARK: - API handlers

    struct JoinBody: Decodable { var room: String?; var name: String? }

    func apiJoin(_ request: Request, _ context: LiveContext) async throws -> Response {
        let body = try await decode(JoinBody.self, request, context)
        let token = try await runAsync { try await room.join(room: body.room ?? "", name: body.name, client: context.remoteAddress) }
        return try json(["participant": token], status: .created)
    }

    func apiBallot(_ request: Request) throws -> Response {
        let id = try run { try room.requireParticipant(caller(request)) }
        return try json(try ballotObject(participant: id))
    }

    func ballotObject(participant: Int64) throws -> [String: Any] {
        let a = room.openActivity
        let mine = try room.myChoices(participant: participant)
        var activity: [String: Any] = ["id": a.id, "kind": a.kind.rawValue, "title": a.title]
        if let q = a.question { activity["question"] = q }
        if a.kind == .dotVote { activity["dots"] = a.dots; activity["perItem"] = a.perItem }
        return [
            "activity": activity,
            "items": a.items.map { ["id": $0.id, "title": $0.title, "facts": $0.facts] },
            "choices": a.choices.map(\.id),
            "labels": Dictionary(uniqueKeysWithValues: a.choices.map { ($0.id, $0.label) }),
            "mine": mine,
        ]
    }

    struct VoteBody: Decodable {
        var choice: String?
        enum CodingKeys: String, CodingKey { case choice }
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            if let n = try? c.decodeIfPresent(Int.self, forKey: .choice) { choice = String(n) } else { choice = try c.decodeIfPresent(String.self, forKey: .choice) }
        }
    }

    func apiVote(_ request: Request, _ context: LiveContext) async throws -> Response {
        let id = try run { try room.requireParticipant(caller(request)) }
        let item = context.parameters.get("item") ?? ""
        let body = try await decode(VoteBody.self, request, context)
        guard let choice = body.choice else {
            throw HTTPError(.unprocessableContent, message: "choice is missing; send {\"choice\": C}")
        }
        try await runAsync { try await room.vote(participant: id, item: item, choice: choice) }
        return try json(["item": item, "choice": choice])
    }

    struct CommentBody: Decodable { var text: String?; var item: String? }

    func apiComment(_ request: Request, _ context: LiveContext) async throws -> Response {
        let id = try run { try room.requireParticipant(caller(request)) }
        let body = try await decode(CommentBody.self, request, context)
        let saved = try await runAsync { try await room.comment(participant: id, item: body.item, text: body.text) }
        return try json(present(["activity": saved.activity, "item": saved.item, "text": saved.text]), status: .created)
    }

    /// Every comment on the open activity, for the facilitator (revealed or not), without who made it.
    func apiComments(_ request: Request) throws -> Response {
        try run { try room.requireFacilitator(caller(request)) }
        let a = room.openActivity
        return try json(["activity": a.id, "comments": try room.store.comments(activity: a.id).map {
            present(["item": $0.item, "text": $0.text, "at": $0.at])
        }])
    }

    func apiResults(_ request: Request) throws -> Response {
        try run { try room.requireFacilitator(caller(request)) }
        let tally = try room.tally(activity: room.openActivityID)
        let a = room.openActivity
        return try json([
            "activity": ["id": a.id, "kind": a.kind.rawValue, "title": a.title],
            "participants": tally.participants, "paper": tally.paperBallots, "voted": tally.voted,
            "revealed": try room.store.revealed().contains(a.id), "paused": room.isPaused,
            "items": tally.items.map { ["id": $0.id, "title": $0.title, "voters": $0.voters, "counts": $0.counts] },
        ])
    }

    func apiDisplay(_ request: Request) throws -> Response {
        try run { try room.requireFacilitator(caller(request)) }
        return rawJSON(try room.displayJSON())
    }

    func apiActivities(_ request: Request) throws -> Response {
        try run { try room.requireFacilitator(caller(request)) }
        let open = room.openActivityID
        return try json(["open": open, "activities": room.activities.map {
            ["id": $0.id, "kind": $0.kind.rawValue, "title": $0.title, "session": $0.session, "items": $0.items.count]
        }])
    }

    func apiOpen(_ request: Request, _ context: LiveContext) throws -> Response {
        try run { try room.requireFacilitator(caller(request)) }
        let a = try run { try room.open(activity: context.parameters.get("id") ?? "") }
        return try json(["activity": ["id": a.id, "kind": a.kind.rawValue, "title": a.title]])
    }

    func apiReveal(_ request: Request, _ context: LiveContext, _ revealed: Bool) throws -> Response {
        try run { try room.requireFacilitator(caller(request)) }
        let id = context.parameters.get("id") ?? ""
        try run { try room.setRevealed(activity: id, revealed) }
        return try json(["activity": id, "revealed": revealed])
    }

    struct PaperBody: Decodable { var choices: [String: String]? }

    func apiPaper(_ request: Request, _ context: LiveContext) async throws -> Response {
        try run { try room.requireFacilitator(caller(request)) }
        let body = try await decode(PaperBody.self, request, context)
        let id = context.parameters.get("id") ?? ""
        try run { try room.addPaperBallot(activity: id, choices: body.choices ?? [:]) }
        return try json(["activity": id, "recorded": true], status: .created)
    }

    func apiPause(_ request: Request, _ paused: Bool) throws -> Response {
        try run { try room.requireFacilitator(caller(request)) }
        try room.setPaused(paused)
        return try json(["paused": paused])
    }

    func apiDecisions(_ request: Request) throws -> Response {
        try run { try room.requireFacilitator(caller(request)) }
        return try jsonEncodable(["decisions": try room.store.decisions()])
    }

    func apiRecordDecision(_ request: Request, _ context: LiveContext) async throws -> Response {
        try run { try room.requireFacilitator(caller(request)) }
        let input = try await decode(DecisionInput.self, request, context)
        let saved = try run { try room.record(input) }
        return try jsonEncodable(saved, status: .created)
    }

    struct NoticeBody: Decodable { var text: String? }

    func apiPrivacyNotice(_ request: Request, _ context: LiveContext) async throws -> Response {
        try run { try room.requireFacilitator(caller(request)) }
        let body = try await decode(NoticeBody.self, request, context)
        try run { try room.setPrivacyNotice(body.text ?? "") }
        return try json(["text": room.privacyNotice])
    }

    // MARK: - Live updates (server-sent events)

    /// The facilitator's stream carries what the projector may show; a participant's says which activity is open.
    func events(_ request: Request) throws -> Response {
        let who = caller(request)
        if case .anonymous = who { throw HTTPError(.unauthorized, message: "join the room first") }
        let room = self.room
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            let (id, stream) = room.changes.subscribe()
            defer { room.changes.unsubscribe(id) }
            // Ends when the client goes away (inbound close), or when the server is asked to stop: the
            // graceful shutdown handler finishes this feed, or the server would wait for it forever.
            try? await withGracefulShutdownHandler {
              try await request.body.consumeWithCancellationOnInboundClose { _ in
                var lastActivity = room.openActivityID
                if who == .facilitator {
                    try await writer.write(ByteBuffer(string: "event: display\ndata: \(try room.displayJSON())\n\n"))
                } else {
                    try await writer.write(ByteBuffer(string: "event: activity\ndata: \(lastActivity)\n\n"))
                }
                for await change in stream {
                    if change == .shutdown { break }
                    if who == .facilitator {
                        // At most a few updates a second, however fast votes arrive.
                        try await Task.sleep(for: .milliseconds(150))
                        try await writer.write(ByteBuffer(string: "event: display\ndata: \(try room.displayJSON())\n\n"))
                    } else if room.openActivityID != lastActivity {
                        lastActivity = room.openActivityID
                        try await writer.write(ByteBuffer(string: "event: activity\ndata: \(lastActivity)\n\n"))
                    }
                }
              }
            } onGracefulShutdown: {
                room.changes.finish(id)
            }
            try await writer.finish(nil)
        })
    }

    // MARK: - Pages and forms

    func formJoin(_ request: Request, _ context: LiveContext) async throws -> Response {
        let form = try await formFields(request, context)
        do {
            let token = try await room.join(room: form["room"] ?? "", name: form["name"], client: context.remoteAddress)
            var response = redirect("/vote")
            response.setCookie(Cookie(name: Self.participantCookie, value: token, maxAge: 7 * 24 * 3600, path: "/", httpOnly: true, sameSite: .strict))
            return response
        } catch let error as RoomError {
            return try pages.join(request, error: error.message, status: status(of: error))
        }
    }

    func pageVote(_ request: Request) throws -> Response {
        guard case .participant(let id) = caller(request) else { return redirect("/") }
        return try pages.ballot(participant: id, saved: request.uri.queryParameters["saved"].map(String.init), error: nil,
                                commented: request.uri.queryParameters["commented"] != nil)
    }

    func formVote(_ request: Request, _ context: LiveContext) async throws -> Response {
        guard case .participant(let id) = caller(request) else { return redirect("/") }
        let item = context.parameters.get("item") ?? ""
        let form = try await formFields(request, context)
        do {
            _ = try room.requireParticipant(.participant(id))
            try await room.vote(participant: id, item: item, choice: form["choice"] ?? "")
            return redirect("/vote?saved=\(item.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? "")#item-\(item)")
        } catch let error as RoomError {
            return try pages.ballot(participant: id, saved: nil, error: error.message, status: status(of: error))
        }
    }

    func formComment(_ request: Request, _ context: LiveContext) async throws -> Response {
        guard case .participant(let id) = caller(request) else { return redirect("/") }
        let form = try await formFields(request, context)
        do {
            _ = try room.requireParticipant(.participant(id))
            _ = try await room.comment(participant: id, item: form["item"], text: form["text"])
            return redirect("/vote?commented=1#comment")
        } catch let error as RoomError {
            return try pages.ballot(participant: id, saved: nil, error: error.message, status: status(of: error), draft: form["text"])
        }
    }

    func pageFacilitator(_ request: Request) throws -> Response {
        // Opening the link with ?key= sets a cookie and redirects, so the key is not left on the projected address bar.
        if let key = request.uri.queryParameters["key"].map(String.init) {
            guard room.caller(credential: key) == .facilitator else { throw HTTPError(.forbidden, message: "that is not this room's facilitator key") }
            var response = redirect("/facilitator")
            response.setCookie(Cookie(name: Self.facilitatorCookie, value: key, path: "/", httpOnly: true, sameSite: .strict))
            return response
        }
        guard caller(request) == .facilitator else {
            throw HTTPError(.unauthorized, message: "open the facilitator link printed in the terminal (it carries the key)")
        }
        return try pages.facilitator(message: request.uri.queryParameters["done"].map(String.init), error: nil)
    }

    func formFacilitator(_ request: Request, _ context: LiveContext) async throws -> Response {
        guard caller(request) == .facilitator else { throw HTTPError(.forbidden, message: "only the facilitator can do this") }
        let form = try await formFields(request, context)
        let action = context.parameters.get("action") ?? ""
        do {
            let done: String
            switch action {
            case "open": done = "Opened: \(try room.open(activity: form["activity"] ?? "").title)"
            case "reveal": try room.setRevealed(activity: room.openActivityID, true); done = "Votes revealed"
            case "hide": try room.setRevealed(activity: room.openActivityID, false); done = "Votes hidden"
            case "pause": try room.setPaused(true); done = "Live results paused"
            case "resume": try room.setPaused(false); done = "Live results resumed"
            case "paper":
                var choices: [String: String] = [:]
                for (k, v) in form where k.hasPrefix("item:") { choices[String(k.dropFirst(5))] = v }
                try room.addPaperBallot(activity: room.openActivityID, choices: choices)
                done = "Paper ballot added"
            case "decision":
                let d = try room.record(DecisionInput(initiative: form["initiative"], kind: form["kind"], value: form["value"], date: form["date"],
                                                      by: form["by"], into: form["into"], rationale: form["rationale"],
                                                      alternatives: form["alternatives"], conflicts: form["conflicts"]))
                done = "Recorded: \(room.initiatives[d.initiative] ?? d.initiative) – \(d.value)"
            case "privacy": try room.setPrivacyNotice(form["text"] ?? ""); done = "Privacy notice saved"
            default: throw HTTPError(.notFound)
            }
            return redirect("/facilitator?done=\(done.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")")
        } catch let error as RoomError {
            return try pages.facilitator(message: nil, error: error.message, status: status(of: error))
        }
    }

    func qrSVG() -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "image/svg+xml"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: pages.qrSVG)))
    }

    /// Only files from the embedded set; the name is looked up, never joined to a path.
    func asset(_ context: LiveContext) throws -> Response {
        let name = context.parameters.get("file") ?? ""
        guard let (text, type) = LiveAssets.servable(name) else { throw HTTPError(.notFound) }
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    // MARK: - Helpers

    func run<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as RoomError { throw HTTPError(status(of: error), message: error.message) }
    }

    func runAsync<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as RoomError { throw HTTPError(status(of: error), message: error.message) }
    }

    func status(of error: RoomError) -> HTTPResponse.Status {
        switch error {
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .unprocessable: .unprocessableContent
        case .conflict: .conflict
        case .tooManyRequests: .tooManyRequests
        }
    }

    func decode<T: Decodable>(_ type: T.Type, _ request: Request, _ context: LiveContext) async throws -> T {
        let buffer = try await request.body.collect(upTo: LiveServer.maxBodyBytes)
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer: buffer))
        } catch {
            throw HTTPError(.badRequest, message: "the body is not the JSON expected here")
        }
    }

    func formFields(_ request: Request, _ context: LiveContext) async throws -> [String: String] {
        let buffer = try await request.body.collect(upTo: LiveServer.maxBodyBytes)
        var fields: [String: String] = [:]
        for pair in String(buffer: buffer).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            if let key = parts.first, !key.isEmpty { fields[key] = parts.count > 1 ? parts[1] : "" }
        }
        return fields
    }

    func json(_ object: Any, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return rawJSON(String(decoding: data, as: UTF8.self), status: status)
    }

    func jsonEncodable<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return rawJSON(String(decoding: try encoder.encode(value), as: UTF8.self), status: status)
    }

    func rawJSON(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    func redirect(_ location: String) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }
}

/// Refuses a body whose declared length is over the limit before reading it (streamed bodies are
/// limited where they are collected).
struct BodyLimitMiddleware: RouterMiddleware {
    typealias Context = LiveContext
    func handle(_ request: Request, context: LiveContext, next: (Request, LiveContext) async throws -> Response) async throws -> Response {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > LiveServer.maxBodyBytes {
            throw HTTPError(.contentTooLarge, message: "the body is larger than \(LiveServer.maxBodyBytes) bytes")
        }
        return try await next(request, context)
    }
}

/// Pages load nothing from elsewhere and cannot be framed; scripts only from the server's own files.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = LiveContext
    func handle(_ request: Request, context: LiveContext, next: (Request, LiveContext) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.init("Referrer-Policy")!] = "no-referrer"
        return response
    }
}
