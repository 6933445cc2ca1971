import ConvenorCore
import Foundation
import Synchronization

/// What went wrong with a request, as the API reports it.
public enum RoomError: Error, Equatable, Sendable {
    case unauthorized(String)
    case forbidden(String)
    case notFound(String)
    case unprocessable(String)
    case conflict(String)
    case tooManyRequests(String)

    public var message: String {
        switch self {
        case .unauthorized(let m), .forbidden(let m), .notFound(let m), .unprocessable(let m), .conflict(let m), .tooManyRequests(let m): m
        }
    }
}

/// Who is asking: the facilitator, a participant (by number), or nobody known.
public enum Caller: Sendable, Equatable {
    case facilitator
    case participant(Int64)
    case anonymous
}

/// Per-item tallies of one activity: phones and paper merged.
public struct ActivityTally: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        public var id: String
        public var title: String
        /// People who voted on this item (card sort) or put dots on it (dot vote).
        public var voters: Int
        /// Per choice (card sort), or `dots` (dot vote).
        public var counts: [String: Int]
    }

    public var activity: String
    /// Everyone taking part: phones that joined and paper ballots.
    public var participants: Int
    public var paperBallots: Int
    /// People who have voted on anything in this activity.
    public var voted: Int
    public var items: [Item]
}

/// The live room: activities, who may do what, tallies and the display rules. All state is in the
/// `LiveStore`; this keeps only caches that are rebuilt from it on start.
public final class LiveRoom: Sendable {
    /// Below this many voters an item's breakdown is not shown on the projector (and not exported),
    /// so nobody's vote can be worked out.
    public static let smallCountThreshold = 5

    public let store: LiveStore
    public let setup: LiveSetup
    public let activities: [LiveActivity]
    public let roomCode: String
    public let facilitatorKey: String
    /// Initiatives the facilitator can record decisions on: id → name.
    public let initiatives: [String: String]
    public let initiativeOrder: [String]
    /// The portfolio as read at start, for checking decisions exactly as `convenor decide` does.
    let portfolio: LoadedPortfolio?
    public let changes = ChangeFeed()

    private struct Mutable {
        var tokens: [String: Int64] = [:]
        var openActivity: String
        var paused: Bool
        var frozen: String?
        var privacyNotice: String
    }
    private let state: Mutex<Mutable>
    let participantLimiter = RateLimiter(capacity: 30, perSecond: 10)
    let joinLimiter = RateLimiter(capacity: 10, perSecond: 10.0 / 60)

    public init(store: LiveStore, setup: LiveSetup, activities: [LiveActivity], initiatives: [(id: String, name: String)],
                portfolio: LoadedPortfolio? = nil) throws {
        guard let first = activities.first else {
            throw RoomSetupError("the workshop '\(setup.workshopReference)' has no live activities; add <activity> elements to its sessions (see workshops/README.md), or choose pilot-review")
        }
        self.store = store
        self.setup = setup
        self.activities = activities
        self.initiatives = Dictionary(initiatives.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        self.initiativeOrder = initiatives.map(\.id)
        self.portfolio = portfolio
        var meta = try store.allMeta()
        if meta["room"] == nil {
            // A new session: fresh secrets, written before anything is printed.
            meta = ["room": Secrets.roomCode(), "facilitator-key": Secrets.token(), "workshop": setup.workshopReference,
                    "portfolio": setup.portfolioPath, "named": setup.named ? "yes" : "no", "open": first.id, "paused": "no",
                    "privacy-notice": setup.privacyNotice ?? LiveSetup.defaultPrivacyNotice, "created": LiveStore.now()]
            try store.setMeta(meta, event: "session-created", detail: setup.workshopReference)
        } else if meta["workshop"] != setup.workshopReference || meta["portfolio"] != setup.portfolioPath {
            throw RoomSetupError("the state folder \(store.folder) holds a session of '\(meta["workshop"] ?? "?")' on \(meta["portfolio"] ?? "?"); start it with the same workshop and portfolio, or give a new --state folder")
        } else if let notice = setup.privacyNotice, notice != meta["privacy-notice"] {
            try store.setMeta(["privacy-notice": notice], event: "privacy-notice")
            meta["privacy-notice"] = notice
        }
        roomCode = meta["room"] ?? ""
        facilitatorKey = meta["facilitator-key"] ?? ""
        var tokens: [String: Int64] = [:]
        for p in try store.participants() { if let t = p.token { tokens[t] = p.id } }
        let open = activities.contains { $0.id == meta["open"] } ? meta["open"]! : first.id
        state = Mutex(Mutable(tokens: tokens, openActivity: open, paused: meta["paused"] == "yes", frozen: meta["frozen"],
                              privacyNotice: meta["privacy-notice"] ?? LiveSetup.defaultPrivacyNotice))
    }

    public var isNamed: Bool { setup.named }
    public var openActivityID: String { state.withLock { $0.openActivity } }
    public var openActivity: LiveActivity { activity(openActivityID)! }
    public var isPaused: Bool { state.withLock { $0.paused } }
    public var privacyNotice: String { state.withLock { $0.privacyNotice } }
    public func activity(_ id: String) -> LiveActivity? { activities.first { $0.id == id } }

    // MARK: - Who is asking

    /// Resolves a bearer credential: the facilitator key or a participant token (compared in constant time).
    public func caller(credential: String?) -> Caller {
        guard let credential, !credential.isEmpty else { return .anonymous }
        if Secrets.constantTimeEqual(credential, facilitatorKey) { return .facilitator }
        if let id = state.withLock({ $0.tokens[credential] }) { return .participant(id) }
        return .anonymous
    }

    public func requireParticipant(_ caller: Caller) throws -> Int64 {
        switch caller {
        case .participant(let id):
            guard participantLimiter.allow("p\(id)") else { throw RoomError.tooManyRequests("too many requests; wait a moment") }
            return id
        case .facilitator: throw RoomError.forbidden("this is for participants; the facilitator key cannot vote")
        case .anonymous: throw RoomError.unauthorized("join the room first: POST /api/join with the room code, then send Authorization: Bearer TOKEN")
        }
    }

    public func requireFacilitator(_ caller: Caller) throws {
        switch caller {
        case .facilitator: return
        case .participant: throw RoomError.forbidden("only the facilitator can do this")
        case .anonymous: throw RoomError.unauthorized("the facilitator key is needed: Authorization: Bearer KEY")
        }
    }

    // MARK: - Joining and voting

    /// A participant joins with the room code; `client` (their address) is rate-limited for wrong codes.
    public func join(room: String, name: String?, client: String) async throws -> String {
        guard joinLimiter.peek("join \(client)") else {
            throw RoomError.tooManyRequests("too many wrong room codes from this device; wait a minute and try again")
        }
        let normalised = room.uppercased().filter { !$0.isWhitespace && $0 != "-" }
        guard Secrets.constantTimeEqual(normalised, roomCode) else {
            _ = joinLimiter.allow("join \(client)")
            throw RoomError.notFound("there is no room with that code; check the code on the facilitator's screen")
        }
        var displayName: String?
        if isNamed {
            let trimmed = (name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { throw RoomError.unprocessable("this room uses named voting: give your name") }
            guard trimmed.count <= 80 else { throw RoomError.unprocessable("the name is longer than 80 characters") }
            displayName = trimmed
        }
        let token = Secrets.token()
        let id = try await store.addParticipant(token: token, source: "phone", name: displayName)
        state.withLock { $0.tokens[token] = id }
        changes.send(.tally)
        return token
    }

    /// Parses a choice as sent (a string, or a number of dots) for the open activity's item.
    public func vote(participant: Int64, item: String, choice rawChoice: String?) async throws {
        let activity = openActivity
        guard activity.item(item) != nil else { throw RoomError.notFound("no item '\(item)' in the open activity '\(activity.id)'") }
        guard activity.kind != .decisions else {
            throw RoomError.unprocessable("the open activity '\(activity.id)' records the facilitator's decisions; it takes no votes")
        }
        var choice = rawChoice
        if activity.kind == .dotVote, choice == "0" { choice = nil }
        if let c = choice, !activity.choices.contains(where: { $0.id == c }) {
            throw RoomError.unprocessable("'\(c)' is not a choice here; choose one of \(activity.choices.map(\.id).joined(separator: ", "))")
        }
        try await store.setChoice(activity: activity.id, item: item, participant: participant, choice: choice) { mine in
            if let problem = activity.check(mine) { throw RoomError.unprocessable(problem) }
        }
        changes.send(.tally)
    }

    /// The longest comment, in characters: a sentence or two, as on a sticky note.
    public static let commentLength = 500
    /// Comments one participant may make on one activity, so nobody can flood the projector.
    public static let commentsPerActivity = 5

    /// A participant's free-text comment on the open activity, or on one of its items.
    public func comment(participant: Int64, item rawItem: String?, text rawText: String?) async throws -> LiveStore.CommentRow {
        let activity = openActivity
        let item = rawItem.flatMap { $0.isEmpty ? nil : $0 }
        if let item, activity.item(item) == nil {
            throw RoomError.notFound("no item '\(item)' in the open activity '\(activity.id)'")
        }
        let text = (rawText ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw RoomError.unprocessable("the comment is empty; type what you want the room to see") }
        guard text.count <= Self.commentLength else {
            throw RoomError.unprocessable("the comment is \(text.count) characters; keep it to \(Self.commentLength)")
        }
        guard let saved = try await store.addComment(activity: activity.id, item: item, participant: participant, text: text,
                                                     limit: Self.commentsPerActivity) else {
            throw RoomError.unprocessable("you have made \(Self.commentsPerActivity) comments on this activity, the most one person can make")
        }
        changes.send(.tally)
        return saved
    }

    public func myChoices(participant: Int64) throws -> [String: String] {
        try store.choices(activity: openActivityID, participant: participant)
    }

    /// A paper ballot from someone without a phone, typed in by the facilitator and merged into the tallies.
    public func addPaperBallot(activity id: String, choices: [String: String]) throws {
        guard let activity = activity(id) else { throw RoomError.notFound("no activity '\(id)'") }
        guard activity.kind != .decisions else { throw RoomError.unprocessable("'\(id)' takes no votes") }
        var cleaned: [String: String] = [:]
        for (item, choice) in choices {
            guard activity.item(item) != nil else { throw RoomError.unprocessable("no item '\(item)' in '\(id)'") }
            if activity.kind == .dotVote && (choice == "0" || choice.isEmpty) { continue }
            if choice.isEmpty { continue }
            guard activity.choices.contains(where: { $0.id == choice }) else {
                throw RoomError.unprocessable("'\(choice)' is not a choice for \(item); choose one of \(activity.choices.map(\.id).joined(separator: ", "))")
            }
            cleaned[item] = choice
        }
        guard !cleaned.isEmpty else { throw RoomError.unprocessable("the paper ballot has no votes on it") }
        if let problem = activity.check(cleaned) { throw RoomError.unprocessable(problem) }
        _ = try store.addPaperBallot(activity: id, choices: cleaned)
        changes.send(.tally)
    }

    // MARK: - The facilitator's controls

    public func open(activity id: String) throws -> LiveActivity {
        guard let activity = activity(id) else { throw RoomError.notFound("no activity '\(id)'; the workshop has \(activities.map(\.id).joined(separator: ", "))") }
        try store.setMeta(["open": id], event: "open", detail: id)
        state.withLock { $0.openActivity = id }
        changes.send(.activity)
        return activity
    }

    public func setRevealed(activity id: String, _ revealed: Bool) throws {
        guard activity(id) != nil else { throw RoomError.notFound("no activity '\(id)'") }
        try store.setRevealed(id, revealed)
        changes.send(.tally)
    }

    /// Pausing freezes what the projector shows (WCAG 2.2.2) until resumed; votes still count.
    public func setPaused(_ paused: Bool) throws {
        // The frozen picture is taken with the paused flag already set, so it says it is paused.
        if paused { state.withLock { $0.paused = true; $0.frozen = nil } }
        let frozen = paused ? try displayJSON(live: true) : nil
        try store.setMeta(["paused": paused ? "yes" : "no", "frozen": frozen ?? ""], event: paused ? "pause" : "resume")
        state.withLock { $0.paused = paused; $0.frozen = frozen }
        changes.send(.tally)
    }

    public func setPrivacyNotice(_ text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= 2000 else { throw RoomError.unprocessable("the privacy notice must be 1 to 2000 characters") }
        try store.setMeta(["privacy-notice": trimmed], event: "privacy-notice")
        state.withLock { $0.privacyNotice = trimmed }
    }

    /// Validates and records a decision or recommendation.
    public func record(_ input: DecisionInput) throws -> RoomDecision {
        let decision = try input.validated(initiatives: initiatives)
        // The same checks as `convenor decide` (merge into a stopped initiative, and so on), so export cannot refuse it later.
        if let portfolio, let problem = DecisionRecorder.problems([decision.record], in: portfolio).first {
            throw RoomError.unprocessable(problem.message)
        }
        let saved = try store.addDecision(decision)
        changes.send(.decision)
        return saved
    }

    // MARK: - Tallies

    public func tally(activity id: String) throws -> ActivityTally {
        guard let activity = activity(id) else { throw RoomError.notFound("no activity '\(id)'") }
        let ballots = try store.ballots(activity: id)
        let people = try store.participants()
        var byItem: [String: (voters: Set<Int64>, counts: [String: Int])] = [:]
        var voted = Set<Int64>()
        for b in ballots {
            var entry = byItem[b.item] ?? ([], [:])
            entry.voters.insert(b.participant)
            if activity.kind == .dotVote {
                entry.counts["dots", default: 0] += Int(b.choice) ?? 0
            } else {
                entry.counts[b.choice, default: 0] += 1
            }
            byItem[b.item] = entry
            voted.insert(b.participant)
        }
        let items = activity.items.map { item -> ActivityTally.Item in
            let entry = byItem[item.id]
            var counts: [String: Int] = [:]
            if activity.kind == .dotVote {
                counts["dots"] = entry?.counts["dots"] ?? 0
            } else {
                for c in activity.choices { counts[c.id] = entry?.counts[c.id] ?? 0 }
            }
            return ActivityTally.Item(id: item.id, title: item.title, voters: entry?.voters.count ?? 0, counts: counts)
        }
        return ActivityTally(activity: id, participants: people.count, paperBallots: people.count { $0.source == "paper" },
                             voted: voted.count, items: items)
    }

    /// What the projector may show, as JSON: hidden until revealed, no breakdown under five voters,
    /// frozen while paused. Names never appear.
    public func displayJSON(live: Bool = false) throws -> String {
        if !live, let frozen = state.withLock({ $0.paused ? $0.frozen : nil }), !frozen.isEmpty { return frozen }
        let activity = openActivity
        let tally = try tally(activity: activity.id)
        let revealed = try store.revealed().contains(activity.id)
        var items: [[String: Any]] = []
        let threshold = Self.smallCountThreshold
        let labels = Dictionary(uniqueKeysWithValues: activity.choices.map { ($0.id, $0.label) })
        // A dot vote's bars are scaled to the item with the most dots, so the leader fills its bar.
        let mostDots = tally.items.map { $0.counts["dots"] ?? 0 }.max() ?? 0
        // Dot votes are anonymous sums; their breakdown depends on how many voted in the whole activity.
        for item in tally.items {
            let people = activity.kind == .dotVote ? tally.voted : item.voters
            var entry: [String: Any] = ["id": item.id, "title": item.title, "voters": item.voters]
            if !revealed {
                entry["shown"] = false
                entry["note"] = "Hidden until the facilitator reveals the votes"
            } else if people < threshold {
                entry["shown"] = false
                entry["note"] = "Fewer than \(threshold) votes: no breakdown shown"
            } else {
                entry["shown"] = true
                entry["counts"] = item.counts
                let keys = activity.kind == .dotVote ? ["dots"] : activity.choices.map(\.id)
                let total = keys.reduce(0) { $0 + (item.counts[$1] ?? 0) }
                entry["bars"] = keys.map { key -> [String: Any] in
                    let n = item.counts[key] ?? 0
                    let basis = activity.kind == .dotVote ? mostDots : total
                    return ["id": key, "label": labels[key] ?? "Dots", "count": n,
                            "percent": basis > 0 ? Int((100 * Double(n) / Double(basis)).rounded()) : 0]
                }
                if activity.kind == .cardSort, let summary = Self.spread(item.counts, order: keys, labels: labels) { entry["summary"] = summary }
            }
            items.append(entry)
        }
        // Comments are anonymous; like the votes they stay off the projector until revealed, and a
        // decision-capture activity (nothing to reveal) shows them as they come.
        let comments = try store.comments(activity: activity.id)
        let commentsShown = revealed || activity.kind == .decisions
        let object: [String: Any] = [
            "activity": ["id": activity.id, "kind": activity.kind.rawValue, "title": activity.title],
            "commentCount": comments.count, "commentsShown": commentsShown,
            "comments": commentsShown ? comments.map { c -> [String: Any] in
                var entry: [String: Any] = ["text": c.text]
                if let item = c.item { entry["item"] = activity.item(item)?.title ?? item }
                return entry
            } : [],
            "participants": tally.participants, "voted": tally.voted, "revealed": revealed,
            "paused": isPaused, "choices": activity.choices.map { ["id": $0.id, "label": $0.label] },
            "items": items, "updated": LiveStore.now(),
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }
}

extension LiveRoom {
    /// One line on how the room's opinion on an item is spread: a majority, the largest group of a
    /// split room, or a tie (named as a tie, never as a winner).
    static func spread(_ counts: [String: Int], order: [String], labels: [String: String]) -> String? {
        let total = order.reduce(0) { $0 + (counts[$1] ?? 0) }
        guard total > 0 else { return nil }
        let top = order.map { counts[$0] ?? 0 }.max() ?? 0
        let leaders = order.filter { (counts[$0] ?? 0) == top }.map { labels[$0] ?? $0 }
        let percent = Int((100 * Double(top) / Double(total)).rounded())
        if leaders.count > 1 {
            let names = leaders.dropLast().joined(separator: ", ") + " and " + leaders.last!
            return "Tied: \(names), \(top) of \(total) each"
        }
        if 2 * top > total { return "Most chose \(leaders[0]): \(top) of \(total) (\(percent)%)" }
        let used = order.count { (counts[$0] ?? 0) > 0 }
        return "Split over \(used) choices; the largest group chose \(leaders[0]): \(top) of \(total) (\(percent)%)"
    }
}

/// The setup of a session, from the command line.
public struct LiveSetup: Sendable {
    public static let defaultPrivacyNotice = "You take part anonymously: nobody, not even the facilitator, can see how you voted. Do not type personal details about yourself or anyone else into this page. Your votes are kept on the facilitator's laptop for this workshop only and deleted once its results are recorded."

    /// The workshop as given (a built-in id or an absolute path).
    public var workshopReference: String
    /// The portfolio's absolute path.
    public var portfolioPath: String
    public var named: Bool
    public var privacyNotice: String?
    /// For the pages.
    public var workshopTitle: String
    public var placeName: String

    public init(workshopReference: String, portfolioPath: String, named: Bool = false, privacyNotice: String? = nil,
                workshopTitle: String = "Workshop", placeName: String = "") {
        self.workshopReference = workshopReference
        self.portfolioPath = portfolioPath
        self.workshopTitle = workshopTitle
        self.placeName = placeName
        self.named = named
        self.privacyNotice = privacyNotice
    }
}

public struct RoomSetupError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// What the facilitator sends to record a decision; validated into a `RoomDecision`.
public struct DecisionInput: Sendable, Codable, Equatable {
    public var initiative: String?
    public var kind: String?
    public var value: String?
    public var date: String?
    public var by: String?
    public var into: String?
    public var rationale: String?
    public var alternatives: String?
    public var conflicts: String?

    public init(initiative: String? = nil, kind: String? = nil, value: String? = nil, date: String? = nil, by: String? = nil,
                into: String? = nil, rationale: String? = nil, alternatives: String? = nil, conflicts: String? = nil) {
        self.initiative = initiative
        self.kind = kind
        self.value = value
        self.date = date
        self.by = by
        self.into = into
        self.rationale = rationale
        self.alternatives = alternatives
        self.conflicts = conflicts
    }

    func validated(initiatives: [String: String]) throws -> RoomDecision {
        func clean(_ s: String?) -> String? {
            let t = s?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            return t.isEmpty ? nil : t
        }
        guard let initiative = clean(initiative) else { throw RoomError.unprocessable("initiative is missing; give the id of an initiative in the portfolio") }
        guard initiatives[initiative] != nil else { throw RoomError.unprocessable("there is no initiative '\(initiative)' in the portfolio") }
        let kind = RoomDecision.Kind(rawValue: clean(self.kind) ?? "decision")
        guard let kind else { throw RoomError.unprocessable("kind '\(self.kind ?? "")' is not one of decision, recommendation") }
        guard let value = clean(value), DecisionValue(rawValue: value) != nil else {
            throw RoomError.unprocessable("value '\(self.value ?? "")' is not a decision; choose one of \(DecisionValue.spellings)")
        }
        guard let date = clean(date), CalendarDate(iso: date) != nil else {
            throw RoomError.unprocessable("date '\(self.date ?? "")' is not a date; write it as YYYY-MM-DD")
        }
        guard let by = clean(by) else { throw RoomError.unprocessable("by is missing: who decided, or who will decide") }
        let into = clean(into)
        if value == "merge" {
            guard let into else { throw RoomError.unprocessable("a merge needs into: the initiative it merges into") }
            guard initiatives[into] != nil, into != initiative else { throw RoomError.unprocessable("into '\(into)' is not another initiative in the portfolio") }
        } else if into != nil {
            throw RoomError.unprocessable("into is only for a merge")
        }
        for (field, text) in [("by", by), ("rationale", rationale ?? ""), ("alternatives", alternatives ?? ""), ("conflicts", conflicts ?? "")] where text.count > 2000 {
            throw RoomError.unprocessable("\(field) is longer than 2000 characters")
        }
        return RoomDecision(initiative: initiative, kind: kind, value: value, date: date, by: by, into: into,
                            rationale: clean(rationale), alternatives: clean(alternatives), conflicts: clean(conflicts))
    }
}

/// Tells the live pages that something changed.
public final class ChangeFeed: Sendable {
    public enum Change: Sendable { case tally, activity, decision, shutdown }
    private let subscribers = Mutex<[UUID: AsyncStream<Change>.Continuation]>([:])

    public init() {}

    public func subscribe() -> (id: UUID, stream: AsyncStream<Change>) {
        let (stream, continuation) = AsyncStream<Change>.makeStream(bufferingPolicy: .bufferingNewest(4))
        let id = UUID()
        subscribers.withLock { $0[id] = continuation }
        continuation.onTermination = { [weak self] _ in self?.unsubscribe(id) }
        return (id, stream)
    }

    public func unsubscribe(_ id: UUID) {
        _ = subscribers.withLock { $0.removeValue(forKey: id) }
    }

    public var count: Int { subscribers.withLock { $0.count } }

    /// Ends one stream.
    public func finish(_ id: UUID) {
        subscribers.withLock { $0[id] }?.finish()
    }

    public func send(_ change: Change) {
        for c in subscribers.withLock({ Array($0.values) }) { c.yield(change) }
    }

    /// Ends every stream (server shutdown).
    public func finishAll() {
        for c in subscribers.withLock({ Array($0.values) }) { c.finish() }
    }
}

/// A token bucket per key.
public final class RateLimiter: Sendable {
    private let capacity: Double
    private let perSecond: Double
    private let buckets = Mutex<[String: (tokens: Double, at: Double)]>([:])

    public init(capacity: Double, perSecond: Double) {
        self.capacity = capacity
        self.perSecond = perSecond
    }

    private static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    /// Takes a token if there is one.
    public func allow(_ key: String) -> Bool { take(key, consume: true) }

    /// Whether a token is left, without taking it.
    public func peek(_ key: String) -> Bool { take(key, consume: false) }

    private func take(_ key: String, consume: Bool) -> Bool {
        let now = Self.now()
        return buckets.withLock { buckets in
            var b = buckets[key] ?? (capacity, now)
            b.tokens = min(capacity, b.tokens + (now - b.at) * perSecond)
            b.at = now
            let ok = b.tokens >= 1
            if ok && consume { b.tokens -= 1 }
            buckets[key] = b
            if buckets.count > 10_000 { buckets = buckets.filter { now - $0.value.at < 120 } }
            return ok
        }
    }
}

/// Room codes, tokens and comparisons.
public enum Secrets {
    /// No 0/O, 1/I: read off a projector and typed on a phone.
    static let codeAlphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")

    /// Six characters from 32: about a billion codes, and wrong guesses are rate-limited.
    public static func roomCode() -> String {
        var rng = SystemRandomNumberGenerator()
        return String((0..<6).map { _ in codeAlphabet[Int(rng.next() % UInt64(codeAlphabet.count))] })
    }

    /// 128 random bits, hex.
    public static func token() -> String {
        var rng = SystemRandomNumberGenerator()
        return (0..<2).map { _ in String(rng.next() as UInt64, radix: 16).leftPadded(16) }.joined()
    }

    public static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
