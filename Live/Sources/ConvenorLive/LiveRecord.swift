import ConvenorCore
import Foundation

/// The workshop record: what each activity asked, the counts per item, the decisions and when each
/// happened. Anonymous unless the session used named voting; breakdowns of fewer than five voters are
/// left out, as on the projector.
public struct LiveRecord: Sendable {
    public struct ItemResult: Sendable, Codable, Equatable {
        public var id: String
        public var title: String
        public var voters: Int
        /// Nil when fewer than five people voted on it.
        public var counts: [String: Int]?
        public var lastVote: String?
        /// Named voting only: name → choice.
        public var named: [String: String]?
    }

    /// A participant's comment, without who made it.
    public struct CommentResult: Sendable, Codable, Equatable {
        /// The item's title, or nil for a comment on the activity as a whole.
        public var item: String?
        public var text: String
        public var at: String
    }

    public struct ActivityResult: Sendable, Codable, Equatable {
        public var id: String
        public var kind: String
        public var title: String
        public var opened: [String]
        public var voted: Int
        public var paperBallots: Int
        public var items: [ItemResult]
        /// Optional so records kept by earlier versions still decode; nil once purged (the count stays).
        public var comments: [CommentResult]?
        public var commentCount: Int?
    }

    public struct Document: Sendable, Codable, Equatable {
        public var workshop: String
        public var place: String
        public var created: String
        public var named: Bool
        public var participants: Int
        public var activities: [ActivityResult]
        public var decisions: [RoomDecision]
    }

    public var document: Document

    /// Reads the record from the session's state.
    public init(room: LiveRoom) throws {
        let meta = try room.store.allMeta()
        let events = try room.store.roomEvents()
        let participants = try room.store.participants()
        let names = Dictionary(participants.compactMap { p in p.name.map { (p.id, $0) } }, uniquingKeysWith: { a, _ in a })
        var activities: [ActivityResult] = []
        let threshold = LiveRoom.smallCountThreshold
        for a in room.activities {
            let tally = try room.tally(activity: a.id)
            let times = try room.store.lastVoteTimes(activity: a.id)
            let ballots = room.isNamed ? try room.store.ballots(activity: a.id) : []
            let opened = events.filter { $0.kind == "open" && $0.detail == a.id }.map(\.at)
            var items: [ItemResult] = []
            for item in tally.items {
                let people = a.kind == .dotVote ? tally.voted : item.voters
                var named: [String: String]?
                if room.isNamed {
                    named = [:]
                    for b in ballots where b.item == item.id { named?[names[b.participant] ?? "Paper ballot \(b.participant)"] = b.choice }
                }
                items.append(ItemResult(id: item.id, title: item.title, voters: item.voters,
                                        counts: people >= threshold || room.isNamed ? item.counts : nil,
                                        lastVote: times[item.id], named: named))
            }
            let comments = try room.store.comments(activity: a.id).map { c in
                CommentResult(item: c.item.map { a.item($0)?.title ?? $0 }, text: c.text, at: c.at)
            }
            activities.append(ActivityResult(id: a.id, kind: a.kind.rawValue, title: a.title,
                                             opened: (a.id == room.activities.first?.id ? [meta["created"] ?? ""] : []) + opened,
                                             voted: tally.voted, paperBallots: try Self.paperBallots(room, a.id), items: items,
                                             comments: comments, commentCount: comments.count))
        }
        document = Document(workshop: room.setup.workshopTitle, place: room.setup.placeName, created: meta["created"] ?? "",
                            named: room.isNamed, participants: participants.count, activities: activities,
                            decisions: try room.store.decisions())
    }

    private static func paperBallots(_ room: LiveRoom, _ activity: String) throws -> Int {
        let paper = Set(try room.store.participants().filter { $0.source == "paper" }.map(\.id))
        return Set(try room.store.ballots(activity: activity).map(\.participant)).intersection(paper).count
    }

    /// What `purge` keeps: counts and decisions, without names or comments (participants' own words).
    public var purged: LiveRecord {
        var document = self.document
        for i in document.activities.indices {
            // Nil says the text was deleted; an activity that had no comments keeps its empty list.
            if document.activities[i].comments?.isEmpty == false { document.activities[i].comments = nil }
            for j in document.activities[i].items.indices { document.activities[i].items[j].named = nil }
        }
        return LiveRecord(document: document)
    }

    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: (try? encoder.encode(document)) ?? Data(), as: UTF8.self) + "\n"
    }

    /// One row per activity item and per decision.
    public var csv: String {
        var rows = [["section", "activity", "kind", "item", "title", "voters", "counts", "time", "decision", "value", "date", "by", "into", "rationale", "alternatives", "conflicts"]]
        for a in document.activities {
            for i in a.items {
                let counts = i.counts.map { $0.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ") } ?? "fewer than 5 votes"
                rows.append(["vote", a.id, a.kind, i.id, i.title, String(i.voters), counts, i.lastVote ?? "", "", "", "", "", "", "", "", ""])
            }
        }
        for a in document.activities {
            for c in a.comments ?? [] {
                rows.append(["comment", a.id, a.kind, "", c.item ?? "", "", "", c.at, "", "", "", "", "", c.text, "", ""])
            }
        }
        for d in document.decisions {
            rows.append(["decision", "", "", d.initiative, "", "", "", d.recorded ?? "", d.kind.rawValue, d.value, d.date, d.by,
                         d.into ?? "", d.rationale ?? "", d.alternatives ?? "", d.conflicts ?? ""])
        }
        return rows.map { $0.map(Self.csvField).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static func csvField(_ s: String) -> String {
        // A leading = + - @ would run as a formula in a spreadsheet.
        var t = s
        if let first = t.first, "=+-@".contains(first) { t = "'" + t }
        return t.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + t.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : t
    }

    public var markdown: String {
        func md(_ s: String) -> String {
            s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
        }
        var out = "# \(md(document.workshop)): workshop record\n\n"
        out += "\(md(document.place)). Session started \(document.created). \(document.participants) participants"
        out += document.named ? " (named voting).\n\n" : ", anonymous.\n\n"
        out += "## Decisions and recommendations\n\n"
        if document.decisions.isEmpty { out += "None recorded.\n\n" }
        for d in document.decisions {
            out += "- **\(md(d.initiative))**: \(d.kind == .decision ? "decided" : "recommended") **\(d.value)**"
            if let into = d.into { out += " into \(md(into))" }
            out += d.kind == .decision ? ", by \(md(d.by)) on \(d.date)" : "; \(md(d.by)) to decide by \(d.date)"
            if let r = d.rationale { out += ". Reasons: \(md(r))" }
            if let a = d.alternatives { out += ". Alternatives rejected: \(md(a))" }
            if let c = d.conflicts { out += ". Conflicts declared: \(md(c))" }
            out += " (recorded \(d.recorded ?? ""))\n"
        }
        for a in document.activities {
            out += "\n## \(md(a.title))\n\n\(a.kind), \(a.voted) voted (\(a.paperBallots) on paper)"
            if !a.opened.isEmpty { out += ", opened \(a.opened.joined(separator: ", "))" }
            out += ".\n\n"
            if a.kind != "decisions" {
                out += "| Item | Voters | Counts | Last vote |\n|---|---:|---|---|\n"
                for i in a.items {
                    let counts = i.counts.map { $0.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") } ?? "fewer than 5 votes: not shown"
                    out += "| \(md(i.title)) | \(i.voters) | \(counts) | \(i.lastVote ?? "") |\n"
                }
            }
            if let comments = a.comments, !comments.isEmpty {
                out += "\nComments (anonymous):\n\n"
                for c in comments { out += "- \(c.item.map { "**\(md($0))**: " } ?? "")\(md(c.text)) (\(c.at))\n" }
            } else if a.comments == nil, let n = a.commentCount, n > 0 {
                out += "\n\(n) comment\(n == 1 ? "" : "s") made; their text was deleted by `convenor live purge`.\n"
            }
        }
        return out
    }
}
