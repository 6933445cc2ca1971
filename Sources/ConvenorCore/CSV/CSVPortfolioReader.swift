import Foundation

/// The files and columns of the CSV folder form (design: product.md §2).
enum CSVLayout {
    struct Table {
        let file: String
        let required: [String]
        let optional: [String]
        var all: [String] { required + optional }
    }

    static let place = Table(file: "place.csv", required: ["name"], optional: ["code", "as-of", "currency"])
    static let neighbourhoods = Table(file: "neighbourhoods.csv", required: ["id", "name"], optional: ["code", "population", "imd-decile"])
    static let organisations = Table(file: "organisations.csv", required: ["id", "name"], optional: ["sector"])
    static let teams = Table(file: "teams.csv", required: ["id", "name"], optional: ["organisation", "department", "fte", "role", "neighbourhoods"])
    static let cohorts = Table(file: "cohorts.csv", required: ["id", "name"], optional: [])
    static let outcomes = Table(file: "outcomes.csv", required: ["id", "name"], optional: [])
    static let initiatives = Table(file: "initiatives.csv", required: ["id", "name", "kind", "status"], optional: [
        "owner", "department", "sponsor", "start", "end", "teams", "neighbourhoods", "cohorts", "outcomes",
        "assessment-name", "assessment-unit-cost", "caseload-households", "evidence-level", "evidence-result",
        "evidence-date", "evidence-source", "review-date", "review-owner", "decision", "decision-date",
        "decision-by", "decision-into", "decision-rationale", "description"])
    static let funding = Table(file: "funding.csv", required: ["initiative", "source", "amount"], optional: ["kind", "per", "start", "end"])
    static let contacts = Table(file: "contacts.csv", required: ["household", "initiative"], optional: ["date", "assessed"])
}

/// Reads a portfolio from a folder of CSV files.
struct CSVPortfolioReader {
    let folder: String
    /// How the folder is named in messages (files are `displayFolder/name.csv`).
    let displayFolder: String

    struct Output {
        var portfolio: Portfolio?
        var sourceMap: SourceMap
        var diagnostics: [Diagnostic]
    }

    func read() throws -> Output {
        var builder = EntityBuilder()
        var map = SourceMap(form: .csv)
        var diagnostics: [Diagnostic] = []
        let fm = FileManager.default

        func path(_ table: CSVLayout.Table) -> String { (folder as NSString).appendingPathComponent(table.file) }
        func shown(_ table: CSVLayout.Table) -> String { (displayFolder as NSString).appendingPathComponent(table.file) }

        /// Opens a table and checks its header; nil when the file is absent or unusable.
        func open(_ table: CSVLayout.Table, required: Bool) throws -> CSVTableReader? {
            guard fm.fileExists(atPath: path(table)) else {
                if required {
                    diagnostics.append(.error("missing-file", "\(table.file) is missing; a portfolio folder needs it (columns: \(table.required.joined(separator: ", ")))",
                                              at: SourceLocation(file: shown(table), line: 1, column: 0)))
                }
                return nil
            }
            let t = try CSVTableReader(path: path(table), displayName: shown(table))
            map.csvColumns[shown(table)] = t.columns
            var usable = true
            for name in table.required where t.columns[name] == nil {
                diagnostics.append(.error("missing-column", "\(table.file) has no '\(name)' column; add it to the header row (required columns: \(table.required.joined(separator: ", ")))",
                                          at: SourceLocation(file: shown(table), line: 1, column: 1), field: name))
                usable = false
            }
            let known = Set(table.all)
            var seen: Set<String> = []
            for (i, name) in t.header.enumerated() {
                if !seen.insert(name).inserted {
                    diagnostics.append(.error("duplicate-column", "\(table.file) has two '\(name)' columns; remove one",
                                              at: SourceLocation(file: shown(table), line: 1, column: i + 1), field: name))
                    usable = false
                } else if !known.contains(name) {
                    let suggestion = Self.closest(to: name, in: table.all).map { " (did you mean '\($0)'?)" } ?? ""
                    diagnostics.append(.warning("unknown-column", "\(table.file) has a column '\(name)' that Convenor does not know\(suggestion); it is ignored",
                                                at: SourceLocation(file: shown(table), line: 1, column: i + 1), field: name))
                }
            }
            return usable ? t : nil
        }

        /// Every row of a table as a record, with ragged rows reported and skipped.
        func rows(_ t: CSVTableReader, entity: String, _ body: (Record) -> Void) {
            while let row = t.next() {
                if row.count != t.header.count {
                    diagnostics.append(.error("ragged-row", "this row has \(row.count) field\(row.count == 1 ? "" : "s") but the header has \(t.header.count); look for a stray comma or an unclosed quote",
                                              at: SourceLocation(file: t.displayName, line: t.line, column: 1)))
                    continue
                }
                var r = Record(entity: entity, location: SourceLocation(file: t.displayName, line: t.line, column: 1), listStyle: .semicolons)
                for (i, value) in row.enumerated() {
                    r.set(t.header[i], value, at: SourceLocation(file: t.displayName, line: t.line, column: i + 1))
                }
                body(r)
            }
            if let failure = t.failure { diagnostics.append(failure) }
        }

        func register(_ kind: EntityKind, _ id: String, _ r: Record) -> Bool {
            if let duplicate = map.claim(kind, id, at: r.location) {
                var d = duplicate
                d.location = r.location(of: "id")
                diagnostics.append(d)
                return false
            }
            return true
        }

        var place: Place?
        if let t = try open(CSVLayout.place, required: true) {
            var count = 0
            rows(t, entity: "place") { r in
                count += 1
                if count == 1 { place = builder.place(r); map.record(.place, "", at: r.location) }
                else if count == 2 {
                    diagnostics.append(.error("extra-row", "place.csv must have exactly one row after the header", at: r.location))
                }
            }
            if count == 0 {
                diagnostics.append(.error("missing-value", "place.csv has no row; add one with the place's name", at: SourceLocation(file: t.displayName, line: 2, column: 1)))
            }
        }
        var portfolio = Portfolio(place: place ?? Place(name: ""))
        if let t = try open(CSVLayout.neighbourhoods, required: false) {
            rows(t, entity: "neighbourhood") { r in
                if let n = builder.neighbourhood(r), register(.neighbourhood, n.id, r) { portfolio.neighbourhoods.append(n) }
            }
        }
        if let t = try open(CSVLayout.organisations, required: false) {
            rows(t, entity: "organisation") { r in
                if let o = builder.organisation(r), register(.organisation, o.id, r) { portfolio.organisations.append(o) }
            }
        }
        if let t = try open(CSVLayout.teams, required: false) {
            rows(t, entity: "team") { r in
                if let x = builder.team(r), register(.team, x.id, r) { portfolio.teams.append(x) }
            }
        }
        if let t = try open(CSVLayout.cohorts, required: false) {
            rows(t, entity: "cohort") { r in
                if let x = builder.cohort(r), register(.cohort, x.id, r) { portfolio.cohorts.append(x) }
            }
        }
        if let t = try open(CSVLayout.outcomes, required: false) {
            rows(t, entity: "outcome") { r in
                if let x = builder.outcome(r), register(.outcome, x.id, r) { portfolio.outcomes.append(x) }
            }
        }
        var initiativeIndex: [String: Int] = [:]
        if let t = try open(CSVLayout.initiatives, required: true) {
            rows(t, entity: "initiative") { r in
                if let x = builder.initiative(r), register(.initiative, x.id, r) {
                    initiativeIndex[x.id] = portfolio.initiatives.count
                    portfolio.initiatives.append(x)
                }
            }
        }
        if let t = try open(CSVLayout.funding, required: false) {
            rows(t, entity: "funding line") { r in
                guard let line = builder.funding(r), let owner = r.text("initiative") else { return }
                guard let index = initiativeIndex[owner] else {
                    diagnostics.append(.error("dangling-reference", "funding line names initiative '\(owner)', but initiatives.csv has no initiative with that id",
                                              at: r.location(of: "initiative"), field: "initiative"))
                    return
                }
                map.record(.funding, "\(owner)#\(portfolio.initiatives[index].funding.count)", at: r.location)
                portfolio.initiatives[index].funding.append(line)
            }
        }
        diagnostics += builder.decoder.diagnostics
        let contactsPath = path(CSVLayout.contacts)
        if fm.fileExists(atPath: contactsPath) {
            let result = try ContactsReader(path: contactsPath, displayName: shown(CSVLayout.contacts)).read(knownInitiatives: initiativeIndex)
            portfolio.contacts = result.contacts
            diagnostics += result.diagnostics
        }
        guard place != nil else { return Output(portfolio: nil, sourceMap: map, diagnostics: diagnostics) }
        return Output(portfolio: portfolio, sourceMap: map, diagnostics: diagnostics)
    }

    /// The known name nearest to a misspelt one (edit distance ≤ 2), for "did you mean".
    static func closest(to name: String, in names: [String]) -> String? {
        func distance(_ a: [Character], _ b: [Character]) -> Int {
            var previous = Array(0...b.count)
            for (i, ca) in a.enumerated() {
                var row = [i + 1]
                for (j, cb) in b.enumerated() {
                    row.append(min(previous[j + 1] + 1, row[j] + 1, previous[j] + (ca == cb ? 0 : 1)))
                }
                previous = row
            }
            return previous[b.count]
        }
        let lower = Array(name.lowercased())
        return names.map { ($0, distance(lower, Array($0))) }.filter { $0.1 <= 2 }.min { $0.1 < $1.1 }?.0
    }
}

/// Reads contacts.csv: millions of rows, so no per-row records, just columns.
struct ContactsReader {
    let path: String
    let displayName: String
    /// Dangling references and bad values beyond this many are summarised, not listed.
    static let reportLimit = 20

    func read(knownInitiatives: [String: Int]) throws -> (contacts: ContactLog, diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let table = CSVLayout.contacts
        let t = try CSVTableReader(path: path, displayName: displayName)
        for name in table.required where t.columns[name] == nil {
            diagnostics.append(.error("missing-column", "contacts.csv has no '\(name)' column; add it to the header row (required columns: household, initiative)",
                                      at: SourceLocation(file: displayName, line: 1, column: 1), field: name))
        }
        guard let hCol = t.columns["household"], let iCol = t.columns["initiative"] else { return (ContactLog(), diagnostics) }
        // Only once the header is recognised: a file without a header row would echo its first row.
        for (i, name) in t.header.enumerated() where !table.all.contains(name) {
            diagnostics.append(.warning("unknown-column", "contacts.csv has a column '\(name)' that Convenor does not know; it is ignored",
                                        at: SourceLocation(file: displayName, line: 1, column: i + 1), field: name))
        }
        let dCol = t.columns["date"], aCol = t.columns["assessed"]
        var builder = ContactLog.Builder()
        var problems = 0
        func problem(_ d: Diagnostic) {
            problems += 1
            if problems <= Self.reportLimit { diagnostics.append(d) }
        }
        while let row = t.next() {
            guard row.count == t.header.count else {
                problem(.error("ragged-row", "this row has \(row.count) field\(row.count == 1 ? "" : "s") but the header has \(t.header.count); look for a stray comma or an unclosed quote",
                               at: SourceLocation(file: displayName, line: t.line, column: 1)))
                continue
            }
            let household = row[hCol - 1], initiative = row[iCol - 1]
            if household.isEmpty {
                // Never echo household ids: say where, not what.
                problem(.error("missing-value", "contact has no household id", at: SourceLocation(file: displayName, line: t.line, column: hCol), field: "household"))
                continue
            }
            guard knownInitiatives[initiative] != nil else {
                // contacts.csv is personal data and a shifted column can put a household id anywhere:
                // its messages say where, never what.
                problem(.error("dangling-reference", "contact names an initiative that initiatives.csv does not have; check the initiative column on this line (contacts.csv values are never shown)",
                               at: SourceLocation(file: displayName, line: t.line, column: iCol), field: "initiative"))
                continue
            }
            var date: CalendarDate?
            if let dCol, !row[dCol - 1].isEmpty {
                date = CalendarDate(iso: row[dCol - 1])
                if date == nil {
                    problem(.error("bad-date", "contact: the date is not a date; write it as YYYY-MM-DD, e.g. 2026-03-31 (contacts.csv values are never shown)",
                                   at: SourceLocation(file: displayName, line: t.line, column: dCol), field: "date"))
                    continue
                }
            }
            var assessed = false
            if let aCol {
                switch row[aCol - 1] {
                case "true", "TRUE", "True": assessed = true
                case "false", "FALSE", "False", "": assessed = false
                default:
                    problem(.error("bad-value", "contact: assessed must be true or false (contacts.csv values are never shown)",
                                   at: SourceLocation(file: displayName, line: t.line, column: aCol), field: "assessed"))
                    continue
                }
            }
            builder.append(household: household, initiative: initiative, date: date, assessed: assessed)
        }
        if let failure = t.failure { diagnostics.append(failure) }
        if problems > Self.reportLimit {
            diagnostics.append(.error("too-many-problems", "\(problems - Self.reportLimit) more problems in contacts.csv are not listed; fix the ones above first",
                                      at: SourceLocation(file: displayName, line: t.line, column: 0)))
        }
        return (builder.build(), diagnostics)
    }
}
