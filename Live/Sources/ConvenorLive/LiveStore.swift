import ConvenorCore
import Foundation
import GRDB

/// The session's durable state: one SQLite database (WAL) in the `--state` folder. Every join, vote and
/// decision is committed here before the server answers, so a killed server restarts with nothing lost.
public final class LiveStore: Sendable {
    public static let databaseName = "live.sqlite"

    let pool: DatabasePool
    /// Joins and votes, many to a commit under load.
    let commits: GroupCommitter
    public let folder: String

    /// Opens (and creates or migrates) the database in `folder`.
    public init(folder: String) throws {
        self.folder = folder
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            // FULL: a commit survives a power cut as well as a killed process (a laptop battery can run out mid-workshop).
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        configuration.busyMode = .timeout(5)
        pool = try DatabasePool(path: (folder as NSString).appendingPathComponent(Self.databaseName), configuration: configuration)
        try Self.migrator.migrate(pool)
        commits = GroupCommitter(writer: pool)
    }

    /// Group commits so far (batches, and joins and votes in them).
    public var commitStatistics: (batches: Int, requests: Int) { commits.statistics }

    public static func exists(in folder: String) -> Bool {
        FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(databaseName))
    }

    private static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
                CREATE TABLE participant (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    token TEXT UNIQUE,             -- NULL for a paper ballot entered by the facilitator
                    source TEXT NOT NULL,          -- phone | paper
                    name TEXT,                     -- only in named voting
                    joined TEXT NOT NULL
                );
                CREATE TABLE ballot (
                    activity TEXT NOT NULL, item TEXT NOT NULL,
                    participant INTEGER NOT NULL REFERENCES participant(id) ON DELETE CASCADE,
                    choice TEXT NOT NULL, updated TEXT NOT NULL,
                    PRIMARY KEY (activity, item, participant)
                );
                CREATE TABLE activity_state (activity TEXT PRIMARY KEY NOT NULL, revealed INTEGER NOT NULL DEFAULT 0);
                CREATE TABLE decision (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    initiative TEXT NOT NULL,
                    kind TEXT NOT NULL,            -- decision | recommendation
                    value TEXT NOT NULL, date TEXT NOT NULL, decider TEXT NOT NULL,
                    merge_into TEXT, rationale TEXT, alternatives TEXT, conflicts TEXT,
                    recorded TEXT NOT NULL
                );
                -- Append-only audit trail: what happened, when; participants by number only.
                CREATE TABLE event (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    at TEXT NOT NULL, kind TEXT NOT NULL,
                    activity TEXT, item TEXT, participant INTEGER, detail TEXT
                );
                """)
        }
        // A participant's own choices are read on every vote (dot caps) and every ballot page.
        m.registerMigration("v2: ballots by participant") { db in
            try db.execute(sql: "CREATE INDEX ballot_by_participant ON ballot (activity, participant)")
        }
        // Participants' free-text comments on an activity (or one of its items): personal data, so
        // they go with the participant (ON DELETE CASCADE) and with `purge`.
        m.registerMigration("v3: comments") { db in
            try db.execute(sql: """
                CREATE TABLE comment (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    activity TEXT NOT NULL, item TEXT,
                    participant INTEGER NOT NULL REFERENCES participant(id) ON DELETE CASCADE,
                    text TEXT NOT NULL, at TEXT NOT NULL
                );
                CREATE INDEX comment_by_activity ON comment (activity, participant);
                """)
        }
        return m
    }

    /// UTC with milliseconds, e.g. 2026-11-27T10:48:36.123Z. One style made once: building a date
    /// formatter for every vote was a measurable part of a vote's cost.
    private static let timestampStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    static func now() -> String { timestampStyle.format(Date()) }

    // MARK: - Meta

    public func meta(_ key: String) throws -> String? {
        try pool.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) }
    }

    public func allMeta() throws -> [String: String] {
        try pool.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT key, value FROM meta").map { ($0["key"] as String, $0["value"] as String) })
        }
    }

    public func setMeta(_ values: [String: String], event: String? = nil, detail: String? = nil) throws {
        try pool.write { db in
            for (k, v) in values {
                try db.execute(sql: "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", arguments: [k, v])
            }
            if let event { try Self.log(db, event, detail: detail) }
        }
    }

    static func log(_ db: Database, _ kind: String, activity: String? = nil, item: String? = nil, participant: Int64? = nil, detail: String? = nil) throws {
        try db.execute(sql: "INSERT INTO event (at, kind, activity, item, participant, detail) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [now(), kind, activity, item, participant, detail])
    }

    // MARK: - Participants

    public struct ParticipantRow: Sendable, Equatable {
        public var id: Int64
        public var token: String?
        public var source: String
        public var name: String?
    }

    public func addParticipant(token: String?, source: String, name: String?) async throws -> Int64 {
        try await commits.write { db in
            try db.execute(sql: "INSERT INTO participant (token, source, name, joined) VALUES (?, ?, ?, ?)",
                           arguments: [token, source, name, Self.now()])
            let id = db.lastInsertedRowID
            try Self.log(db, source == "paper" ? "paper-ballot" : "join", participant: id)
            return id
        }
    }

    public func participants() throws -> [ParticipantRow] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, token, source, name FROM participant ORDER BY id").map {
                ParticipantRow(id: $0["id"], token: $0["token"], source: $0["source"], name: $0["name"])
            }
        }
    }

    // MARK: - Ballots

    /// Replaces one participant's choice on one item (`nil` withdraws it), after `check` approves the
    /// participant's other choices in the same activity (for dot caps); all in one savepoint of a group commit.
    public func setChoice(activity: String, item: String, participant: Int64, choice: String?,
                          check: @escaping @Sendable ([String: String]) throws -> Void) async throws {
        try await commits.write { db in
            var mine = try Self.choices(db, activity: activity, participant: participant)
            mine[item] = choice
            try check(mine)
            if let choice {
                try db.execute(sql: """
                    INSERT INTO ballot (activity, item, participant, choice, updated) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(activity, item, participant) DO UPDATE SET choice = excluded.choice, updated = excluded.updated
                    """, arguments: [activity, item, participant, choice, Self.now()])
            } else {
                try db.execute(sql: "DELETE FROM ballot WHERE activity = ? AND item = ? AND participant = ?", arguments: [activity, item, participant])
            }
            try Self.log(db, "vote", activity: activity, item: item, participant: participant, detail: choice ?? "withdrawn")
        }
    }

    /// A whole paper ballot: a new paper participant and their choices, in one transaction.
    public func addPaperBallot(activity: String, choices: [String: String]) throws -> Int64 {
        try pool.write { db in
            try db.execute(sql: "INSERT INTO participant (token, source, name, joined) VALUES (NULL, 'paper', NULL, ?)", arguments: [Self.now()])
            let id = db.lastInsertedRowID
            try Self.log(db, "paper-ballot", activity: activity, participant: id)
            for (item, choice) in choices.sorted(by: { $0.key < $1.key }) {
                try db.execute(sql: "INSERT INTO ballot (activity, item, participant, choice, updated) VALUES (?, ?, ?, ?, ?)",
                               arguments: [activity, item, id, choice, Self.now()])
                try Self.log(db, "vote", activity: activity, item: item, participant: id, detail: choice)
            }
            return id
        }
    }

    static func choices(_ db: Database, activity: String, participant: Int64) throws -> [String: String] {
        var result: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT item, choice FROM ballot WHERE activity = ? AND participant = ?", arguments: [activity, participant]) {
            result[row["item"]] = row["choice"] as String
        }
        return result
    }

    public func choices(activity: String, participant: Int64) throws -> [String: String] {
        try pool.read { db in try Self.choices(db, activity: activity, participant: participant) }
    }

    public struct BallotRow: Sendable, Equatable {
        public var item: String
        public var participant: Int64
        public var choice: String
    }

    public func ballots(activity: String) throws -> [BallotRow] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT item, participant, choice FROM ballot WHERE activity = ? ORDER BY item, participant", arguments: [activity]).map {
                BallotRow(item: $0["item"], participant: $0["participant"], choice: $0["choice"])
            }
        }
    }

    // MARK: - Activities

    public func revealed() throws -> Set<String> {
        try pool.read { db in Set(try String.fetchAll(db, sql: "SELECT activity FROM activity_state WHERE revealed = 1")) }
    }

    public func setRevealed(_ activity: String, _ revealed: Bool) throws {
        try pool.write { db in
            try db.execute(sql: "INSERT INTO activity_state (activity, revealed) VALUES (?, ?) ON CONFLICT(activity) DO UPDATE SET revealed = excluded.revealed",
                           arguments: [activity, revealed ? 1 : 0])
            try Self.log(db, revealed ? "reveal" : "hide", activity: activity)
        }
    }

    // MARK: - Decisions

    public func addDecision(_ d: RoomDecision) throws -> RoomDecision {
        try pool.write { db in
            let recorded = Self.now()
            try db.execute(sql: """
                INSERT INTO decision (initiative, kind, value, date, decider, merge_into, rationale, alternatives, conflicts, recorded)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [d.initiative, d.kind.rawValue, d.value, d.date, d.by, d.into, d.rationale, d.alternatives, d.conflicts, recorded])
            var saved = d
            saved.id = db.lastInsertedRowID
            saved.recorded = recorded
            try Self.log(db, d.kind.rawValue, item: d.initiative, detail: d.value)
            return saved
        }
    }

    public func decisions() throws -> [RoomDecision] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM decision ORDER BY id").map { row in
                RoomDecision(id: row["id"], initiative: row["initiative"], kind: RoomDecision.Kind(rawValue: row["kind"]) ?? .decision,
                             value: row["value"], date: row["date"], by: row["decider"], into: row["merge_into"], rationale: row["rationale"],
                             alternatives: row["alternatives"], conflicts: row["conflicts"], recorded: row["recorded"])
            }
        }
    }

    // MARK: - Events

    public struct EventRow: Sendable, Equatable {
        public var seq: Int64
        public var at: String
        public var kind: String
        public var activity: String?
        public var item: String?
        public var detail: String?
    }

    /// Room-level events (activities opened, reveals, decisions), without votes.
    public func roomEvents() throws -> [EventRow] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT seq, at, kind, activity, item, detail FROM event WHERE kind NOT IN ('vote', 'join', 'paper-ballot', 'comment') ORDER BY seq").map {
                EventRow(seq: $0["seq"], at: $0["at"], kind: $0["kind"], activity: $0["activity"], item: $0["item"], detail: $0["detail"])
            }
        }
    }

    /// When each item of an activity last had a vote.
    public func lastVoteTimes(activity: String) throws -> [String: String] {
        try pool.read { db in
            var result: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT item, MAX(updated) AS at FROM ballot WHERE activity = ? GROUP BY item", arguments: [activity]) {
                result[row["item"]] = row["at"] as String
            }
            return result
        }
    }

    // MARK: - Comments

    /// A participant's comment as stored; the participant is kept only to cap comments per person.
    public struct CommentRow: Sendable, Equatable {
        public var id: Int64
        public var activity: String
        public var item: String?
        public var text: String
        public var at: String
    }

    /// Adds a comment unless the participant already has `limit` on this activity; returns it.
    public func addComment(activity: String, item: String?, participant: Int64, text: String, limit: Int) async throws -> CommentRow? {
        try await commits.write { db in
            let mine = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM comment WHERE activity = ? AND participant = ?",
                                        arguments: [activity, participant]) ?? 0
            guard mine < limit else { return nil }
            let at = Self.now()
            try db.execute(sql: "INSERT INTO comment (activity, item, participant, text, at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [activity, item, participant, text, at])
            let id = db.lastInsertedRowID
            // The audit trail says a comment was made, never what it said.
            try Self.log(db, "comment", activity: activity, item: item, participant: participant)
            return CommentRow(id: id, activity: activity, item: item, text: text, at: at)
        }
    }

    /// An activity's comments, oldest first, without who made them.
    public func comments(activity: String) throws -> [CommentRow] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, activity, item, text, at FROM comment WHERE activity = ? ORDER BY id", arguments: [activity]).map {
                CommentRow(id: $0["id"], activity: $0["activity"], item: $0["item"], text: $0["text"], at: $0["at"])
            }
        }
    }

    // MARK: - Purge

    /// Deletes participant data: tokens, names, per-person ballots, comments and the per-person audit lines. Tallies
    /// survive as the record in the meta table (`purged-record`), decisions and room events stay.
    public func purge(keepingTallies tallies: String) throws {
        try pool.write { db in
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('purged-record', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", arguments: [tallies])
            try db.execute(sql: "DELETE FROM ballot")
            try db.execute(sql: "DELETE FROM comment")
            try db.execute(sql: "DELETE FROM event WHERE kind IN ('vote', 'join', 'paper-ballot', 'comment')")
            try db.execute(sql: "DELETE FROM participant")
            try Self.log(db, "purge")
        }
        try pool.writeWithoutTransaction { db in try db.execute(sql: "VACUUM") }
    }
}

/// A decision or recommendation recorded by the facilitator.
public struct RoomDecision: Sendable, Equatable, Codable {
    /// As the core's decision recorder takes it (conflicts of interest stay in the workshop record).
    public var record: DecisionRecord {
        DecisionRecord(kind: kind == .decision ? .decision : .recommendation, initiative: initiative, value: value, date: date,
                       by: by, into: into, rationale: rationale, alternatives: alternatives)
    }

    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// The decision-maker is in the room: this is the decision.
        case decision
        /// The room recommends; `by` decides by `date`.
        case recommendation
    }

    public var id: Int64?
    public var initiative: String
    public var kind: Kind
    public var value: String
    /// YYYY-MM-DD: the decision's date, or the date the decision-maker will decide by.
    public var date: String
    /// Who decided, or who will decide.
    public var by: String
    public var into: String?
    public var rationale: String?
    /// Alternatives considered and rejected.
    public var alternatives: String?
    /// Conflicts of interest declared.
    public var conflicts: String?
    public var recorded: String?

    public init(id: Int64? = nil, initiative: String, kind: Kind, value: String, date: String, by: String, into: String? = nil,
                rationale: String? = nil, alternatives: String? = nil, conflicts: String? = nil, recorded: String? = nil) {
        self.id = id
        self.initiative = initiative
        self.kind = kind
        self.value = value
        self.date = date
        self.by = by
        self.into = into
        self.rationale = rationale
        self.alternatives = alternatives
        self.conflicts = conflicts
        self.recorded = recorded
    }
}
