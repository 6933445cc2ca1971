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

    /// The files of the portfolio as given: the XML file and its contacts file, or every file of the CSV folder.
    static func portfolioFiles(_ path: String) throws -> (base: String, files: [String]) {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw FileError(path: path, reason: "the session's portfolio is no longer there; put it back to export")
        }
        if isDirectory.boolValue {
            let names = try fm.contentsOfDirectory(atPath: path).filter { !$0.hasPrefix(".") }.filter {
                var d: ObjCBool = false
                return fm.fileExists(atPath: (path as NSString).appendingPathComponent($0), isDirectory: &d) && !d.boolValue
            }.sorted()
            return (path, names)
        }
        let folder = (path as NSString).deletingLastPathComponent
        var names = [(path as NSString).lastPathComponent]
        // The contacts CSV the XML names on its root element (always inside the portfolio's folder).
        let text = try String(contentsOfFile: path, encoding: .utf8)
        if let root = text.range(of: "<portfolio[^>]*>", options: .regularExpression),
           let attribute = text[root].range(of: "contacts=\"[^\"]+\"", options: .regularExpression) {
            let contacts = String(text[attribute].dropFirst("contacts=\"".count).dropLast())
            if !contacts.contains(".."), !contacts.hasPrefix("/") { names.append(contacts) }
        }
        return (folder, names)
    }

    /// Writes OUT/<portfolio as given> with the decisions added, and OUT/record.{md,csv,json}.
    public static func export(state: String, to output: String) throws -> String {
        let room = try openRoom(state: state)
        let decisions = try room.store.decisions()
        let record: LiveRecord.Document
        if let purged = try room.store.meta("purged-record"), let data = purged.data(using: .utf8) {
            record = try JSONDecoder().decode(LiveRecord.Document.self, from: data)
        } else {
            record = try LiveRecord(room: room).document
        }
        let source = room.setup.portfolioPath
        let (base, names) = try portfolioFiles(source)
        var isDirectory: ObjCBool = false
        FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory)
        let portfolioFolder = isDirectory.boolValue ? (source as NSString).lastPathComponent : "portfolio"

        // Copy the portfolio into a private staging folder, record the decisions there with the core's
        // decision recorder (which changes only the decisions' bytes), then write everything at once.
        let staging = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("convenor-live-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: staging) }
        for name in names {
            let target = staging.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: (base as NSString).appendingPathComponent(name), toPath: target.path)
        }
        let stagedPortfolio = isDirectory.boolValue ? staging.path : staging.appendingPathComponent(names[0]).path
        try PortfolioWriteBack.record(latestPerInitiative(decisions), inPortfolioAt: stagedPortfolio)

        var files: [RenderedFile] = []
        for name in names {
            files.append(RenderedFile(path: "\(portfolioFolder)/\(name)", contents: try Data(contentsOf: staging.appendingPathComponent(name))))
        }
        let view = LiveRecord(document: record)
        files += [RenderedFile(path: "record.md", text: view.markdown), RenderedFile(path: "record.csv", text: view.csv),
                  RenderedFile(path: "record.json", text: view.json)]
        try OutputFolder.write(files, to: output)
        try room.store.setMeta(["exported": LiveStore.now()], event: "export")
        let written = isDirectory.boolValue ? "\(portfolioFolder)/" : "\(portfolioFolder)/\(names[0])"
        return "wrote \(output)/\(written) with \(latestPerInitiative(decisions).count) decision(s) recorded, and record.md, record.csv, record.json\n"
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
        try room.store.purge(keepingTallies: record.json)
        return "purged participant data from \(state): tokens, names and individual votes deleted; counts and decisions kept\n"
    }
}

extension LiveRecord {
    init(document: Document) { self.document = document }
}
