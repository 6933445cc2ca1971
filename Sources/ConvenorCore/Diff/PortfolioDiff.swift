import Foundation

/// What changed between two versions of a portfolio: initiatives added and removed, status moves,
/// decisions recorded, funding changes, and the start:stop ratio of the change.
///
/// A *start* is an initiative that appears in the new version and is not ended or stopped; a *stop*
/// is one that moves to stopped or ended, or disappears while it was still active. Moving from
/// proposed to live is a status move, not a second start.
public struct PortfolioDiff: Sendable, Equatable {
    public struct Item: Sendable, Equatable, Codable {
        public var id: String
        public var name: String
        public var status: String
        public var kind: String
    }
    public struct StatusMove: Sendable, Equatable, Codable {
        public var id: String, name: String, from: String, to: String
    }
    public struct DecisionChange: Sendable, Equatable, Codable {
        public var id: String, name: String
        public var decision: String
        public var date: String?
        public var by: String?
        public var into: String?
        public var rationale: String?
        /// The decision it replaces, as "continue on 2025-10-02", if there was one.
        public var replaces: String?
    }
    public struct FundingChange: Sendable, Equatable, Codable {
        public var id: String, name: String
        /// One line per change, in plain words.
        public var changes: [String]
        /// Sum of the annual values of all lines, before and after (whole pounds).
        public var annualBefore: String, annualAfter: String
    }

    public var oldPlace: String, newPlace: String
    public var oldAsOf: String?, newAsOf: String?
    public var added: [Item] = []
    public var removed: [Item] = []
    public var statusMoves: [StatusMove] = []
    public var decisions: [DecisionChange] = []
    public var funding: [FundingChange] = []
    public var starts = 0
    public var stops = 0
    public var currency: String

    public var startStopRatio: String { "\(starts):\(stops)" }
    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && statusMoves.isEmpty && decisions.isEmpty && funding.isEmpty }

    public init(old: Portfolio, new: Portfolio) {
        oldPlace = old.place.name
        newPlace = new.place.name
        oldAsOf = old.place.asOf?.iso
        newAsOf = new.place.asOf?.iso
        currency = new.place.currency
        let before = Dictionary(old.initiatives.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(new.initiatives.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        func item(_ i: Initiative) -> Item { Item(id: i.id, name: i.name, status: i.status.rawValue, kind: i.kind.rawValue) }
        let money = { (a: Decimal) in Format.money(a, currency: new.place.currency) }

        for i in new.initiatives.sorted(by: { $0.id < $1.id }) {
            guard let o = before[i.id] else {
                added.append(item(i))
                if i.status.isActive { starts += 1 }
                continue
            }
            if o.status != i.status {
                statusMoves.append(StatusMove(id: i.id, name: i.name, from: o.status.rawValue, to: i.status.rawValue))
                if o.status.isActive && !i.status.isActive { stops += 1 }
            }
            // Decision history: every decision the new version records that the old one did not, by
            // date; the one that became current says which decision it replaces.
            var earlier = o.decisions
            let recorded = i.decisions.filter { d in
                guard let k = earlier.firstIndex(of: d) else { return true }
                earlier.remove(at: k)
                return false
            }
            let current = i.decision
            for d in recorded.sorted(by: { ($0.date?.daysSinceEpoch ?? .min) < ($1.date?.daysSinceEpoch ?? .min) }) {
                let replaced = d == current && o.decision != d
                    ? o.decision.map { "\($0.value.rawValue)" + ($0.date.map { " on \($0.iso)" } ?? "") } : nil
                decisions.append(DecisionChange(id: i.id, name: i.name, decision: d.value.rawValue, date: d.date?.iso, by: d.by,
                                                into: d.into, rationale: d.rationale, replaces: replaced))
            }
            let changes = Self.fundingChanges(o.funding, i.funding, money: money)
            if !changes.isEmpty {
                funding.append(FundingChange(id: i.id, name: i.name, changes: changes,
                                             annualBefore: RegisterRenderer.plainMoney(o.funding.reduce(0) { $0 + annualValue(of: $1) }),
                                             annualAfter: RegisterRenderer.plainMoney(i.funding.reduce(0) { $0 + annualValue(of: $1) })))
            }
        }
        for o in old.initiatives.sorted(by: { $0.id < $1.id }) where after[o.id] == nil {
            removed.append(item(o))
            if o.status.isActive { stops += 1 }
        }
    }

    /// Lines are matched by source and start date; the rest are added or removed.
    static func fundingChanges(_ old: [FundingLine], _ new: [FundingLine], money: (Decimal) -> String) -> [String] {
        func key(_ l: FundingLine) -> String { "\(l.source)|\(l.start?.iso ?? "")" }
        func describe(_ l: FundingLine) -> String {
            let amount = l.per == .year ? "\(money(l.amount)) a year" : "\(money(l.amount)) in total"
            return "\(l.source) \(amount), \(l.start?.iso ?? "no start") to \(l.end?.iso ?? "no end")"
        }
        var out: [String] = []
        var remaining = old
        for l in new {
            guard let index = remaining.firstIndex(where: { key($0) == key(l) }) else {
                out.append("added: \(describe(l))")
                continue
            }
            let o = remaining.remove(at: index)
            if o.amount != l.amount || o.per != l.per {
                out.append("\(l.source): \(money(o.amount)) \(o.per == .year ? "a year" : "in total") → \(money(l.amount)) \(l.per == .year ? "a year" : "in total")")
            }
            if o.end != l.end { out.append("\(l.source): ends \(o.end?.iso ?? "never") → \(l.end?.iso ?? "never")") }
            if o.kind != l.kind { out.append("\(l.source): kind \(o.kind?.rawValue ?? "none") → \(l.kind?.rawValue ?? "none")") }
        }
        for o in remaining { out.append("removed: \(describe(o))") }
        return out
    }

    // MARK: rendering

    public func text() -> String {
        var s = "Changes to \(newPlace)" + (oldAsOf != newAsOf ? " (as of \(oldAsOf ?? "none") → \(newAsOf ?? "none"))" : "") + "\n"
        if isEmpty { return s + "No initiative changed.\n" }
        func section(_ title: String, _ lines: [String]) {
            guard !lines.isEmpty else { return }
            s += "\n\(title) (\(lines.count)):\n" + lines.map { "  \($0)\n" }.joined()
        }
        section("Added", added.map { "+ \($0.name) [\($0.id)]: \($0.kind), \($0.status)" })
        section("Removed", removed.map { "- \($0.name) [\($0.id)]: was \($0.status)" })
        section("Status moves", statusMoves.map { "\($0.name) [\($0.id)]: \($0.from) → \($0.to)" })
        section("Decisions recorded", decisions.map { d in
            "\(d.name) [\(d.id)]: \(d.decision)\(d.into.map { " into \($0)" } ?? "")\(d.date.map { " on \($0)" } ?? "")\(d.by.map { " by \($0)" } ?? "")\(d.replaces.map { " (replaces \($0))" } ?? "")"
        })
        section("Funding changes", funding.flatMap { f in f.changes.map { "\(f.name) [\(f.id)]: \($0)" } })
        s += "\nStart:stop ratio of this change: \(startStopRatio) (\(starts) started, \(stops) stopped or ended)\n"
        return s
    }

    public func markdown() -> String {
        func cell(_ t: String) -> String { t.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
        var s = "### Portfolio changes: \(cell(newPlace))\n\n"
        if oldAsOf != newAsOf { s += "As of \(oldAsOf ?? "none") → **\(newAsOf ?? "none")**.\n\n" }
        s += "**Start:stop ratio of this change: \(startStopRatio)** (\(starts) started, \(stops) stopped or ended).\n\n"
        if isEmpty { return s + "No initiative changed.\n" }
        if !added.isEmpty {
            s += "#### Added\n\n| initiative | kind | status |\n|---|---|---|\n"
            for a in added { s += "| \(cell(a.name)) (`\(a.id)`) | \(a.kind) | \(a.status) |\n" }
            s += "\n"
        }
        if !removed.isEmpty {
            s += "#### Removed\n\n| initiative | was |\n|---|---|\n"
            for r in removed { s += "| \(cell(r.name)) (`\(r.id)`) | \(r.status) |\n" }
            s += "\n"
        }
        if !statusMoves.isEmpty {
            s += "#### Status moves\n\n| initiative | from | to |\n|---|---|---|\n"
            for m in statusMoves { s += "| \(cell(m.name)) (`\(m.id)`) | \(m.from) | **\(m.to)** |\n" }
            s += "\n"
        }
        if !decisions.isEmpty {
            s += "#### Decisions recorded\n\n| initiative | decision | date | by | replaces |\n|---|---|---|---|---|\n"
            for d in decisions {
                s += "| \(cell(d.name)) (`\(d.id)`) | **\(d.decision)**\(d.into.map { " into `\($0)`" } ?? "") | \(d.date ?? "") | \(cell(d.by ?? "")) | \(d.replaces ?? "") |\n"
            }
            s += "\n"
        }
        if !funding.isEmpty {
            s += "#### Funding changes\n\n| initiative | change | a year, before → after |\n|---|---|---:|\n"
            for f in funding {
                let before = Format.money(Decimal(string: f.annualBefore) ?? 0, currency: currency)
                let after = Format.money(Decimal(string: f.annualAfter) ?? 0, currency: currency)
                s += "| \(cell(f.name)) (`\(f.id)`) | \(cell(f.changes.joined(separator: "; "))) | \(before) → \(after) |\n"
            }
            s += "\n"
        }
        return s
    }

    public func json() throws -> Data {
        struct Document: Encodable {
            var place: String, oldAsOf: String?, newAsOf: String?
            var added: [Item], removed: [Item], statusMoves: [StatusMove], decisions: [DecisionChange], funding: [FundingChange]
            var starts: Int, stops: Int, startStopRatio: String
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(Document(place: newPlace, oldAsOf: oldAsOf, newAsOf: newAsOf, added: added, removed: removed,
                                               statusMoves: statusMoves, decisions: decisions, funding: funding,
                                               starts: starts, stops: stops, startStopRatio: startStopRatio))
        data.append(10)
        return data
    }
}
