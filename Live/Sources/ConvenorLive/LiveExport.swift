import ConvenorCore
import Foundation

/// `convenor live export` and `purge`: the room's decisions back into the portfolio, the workshop record,
/// and deleting participant data afterwards.
public enum LiveExport {
    /// Opens a session's state without the server lock (export can run beside a live server: SQLite WAL
    /// gives it a consistent snapshot).
    static func openRoom(state: String) throws -> LiveRoom {
        guard LiveStore.exists(in: state) else {
            throw FileError(path: state, reason: "holds no live session (no \(LiveStore.databaseName)); give the --state folder the server used")
        }
        let store = try LiveStore(folder: state)
        let meta = try store.allMeta()
        guard let workshop = meta["workshop"], let portfolio = meta["portfolio"] else {
            throw FileError(path: state, reason: "the session was never started; nothing to export")
        }
        return try LiveSessionLoader.room(workshop: workshop, portfolio: portfolio, store: store, named: meta["named"] == "yes", privacyNotice: nil)
    }

    /// Writes OUT/portfolio/<the portfolio as given> with the decisions added, and OUT/record.{md,csv,json}.
    public static func export(state: String, to output: String) throws -> String {
        let room = try openRoom(state: state)
        let decisions = latestPerInitiative(try room.store.decisions())
        let record: LiveRecord.Document
        if let purged = try room.store.meta("purged-record"), let data = purged.data(using: .utf8) {
            record = try JSONDecoder().decode(LiveRecord.Document.self, from: data)
        } else {
            record = try LiveRecord(room: room).document
        }
        // The core's decision recorder changes only the decisions' bytes; every other byte of the
        // portfolio's files is copied as it is.
        let edit = try DecisionRecorder.prepare(decisions.map(\.record), in: room.setup.portfolioPath)
        var files = try edit.portfolioFiles().map { RenderedFile(path: "portfolio/\($0.path)", contents: $0.contents) }
        let view = LiveRecord(document: record)
        files += [RenderedFile(path: "record.md", text: view.markdown), RenderedFile(path: "record.csv", text: view.csv),
                  RenderedFile(path: "record.json", text: view.json)]
        try OutputFolder.write(files, to: output)
        try room.store.setMeta(["exported": LiveStore.now()], event: "export")
        let recommendations = decisions.count { $0.kind == .recommendation }
        return "wrote \(output)/portfolio/ with \(decisions.count - recommendations) decision(s) and \(recommendations) recommendation(s) recorded, and record.md, record.csv, record.json\n"
    }

    /// One decision per initiative: the last one the room recorded (a correction replaces a slip).
    static func latestPerInitiative(_ decisions: [RoomDecision]) -> [RoomDecision] {
        var latest: [String: RoomDecision] = [:]
        var order: [String] = []
        for d in decisions {
            if latest[d.initiative] == nil { order.append(d.initiative) }
            latest[d.initiative] = d
        }
        return order.compactMap { latest[$0] }
    }

    /// Deletes participant data once the session has been exported; needs the server stopped.
    public static func purge(state: String, force: Bool = false) throws -> String {
        let lock = try StateLock(folder: state)
        defer { withExtendedLifetime(lock) {} }
        let room = try openRoom(state: state)
        let exported = try room.store.meta("exported")
        guard force || exported != nil else {
            throw RoomSetupError("the session in \(state) has not been exported yet; run `convenor live export --state \(state) -o OUT` first (or pass --force)")
        }
        let record = try LiveRecord(room: room)
        try room.store.purge(keepingTallies: record.purged.json)
        return "purged participant data from \(state): tokens, names, individual votes and comments deleted; counts and decisions kept\n"
    }
}

extension LiveRecord {
    init(document: Document) { self.document = document }
}
