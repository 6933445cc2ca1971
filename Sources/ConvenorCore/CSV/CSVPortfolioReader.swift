import Foundation

/// The files and columns of the CSV folder form (README, "The portfolio format").
enum CSVLayout {
    struct Table {
        let file: String
        let required: [String]
        let optional: [String]
        /// Columns read but never written (how the file was saved, not part of the portfolio).
        var readOnly: [String] = []
        var all: [String] { required + optional }
    }

    static let place = Table(file: "place.csv", required: ["name"], optional: ["code", "as-of", "currency"], readOnly: ["date-order"])
    static let neighbourhoods = Table(file: "neighbourhoods.csv", required: ["id", "name"], optional: ["code", "population", "imd-decile"])
    static let organisations = Table(file: "organisations.csv", required: ["id", "name"], optional: ["sector"])
    static let teams = Table(file: "teams.csv", required: ["id", "name"], optional: ["organisation", "department", "fte", "role", "neighbourhoods"])
    static let cohorts = Table(file: "cohorts.csv", required: ["id", "name"], optional: ["never-merge-with"])
    static let outcomes = Table(file: "outcomes.csv", required: ["id", "name"], optional: [])
    static let initiatives = Table(file: "initiatives.csv", required: ["id", "name", "kind", "status"], optional: [
        "owner", "department", "sponsor", "start", "end", "teams", "neighbourhoods", "cohorts", "outcomes",
        "assessment-name", "assessment-unit-cost", "caseload-households", "evidence-level", "evidence-result",
        "evidence-date", "evidence-source", "review-date", "review-owner", "decision", "decision-date",
        "decision-by", "decision-into", "decision-rationale", "decision-alternatives", "description"])
    static let funding = Table(file: "funding.csv", required: ["initiative", "source", "amount"], optional: ["kind", "per", "start", "end"])
    /// Decisions beyond the one in initiatives.csv: the decision record, one row per decision, appended
    /// as decisions are taken (`convenor decide`).
    static let decisions = Table(file: "decisions.csv", required: ["initiative", "value"], optional: ["date", "by", "into", "alternatives", "rationale"])
    /// decisions.csv column → the field name the builder uses (initiatives.csv's column names).
    static let decisionFields = ["value": "decision", "date": "decision-date", "by": "decision-by", "into": "decision-into",
                                 "alternatives": "decision-alternatives", "rationale": "decision-rationale"]
    static let contacts = Table(file: "contacts.csv", required: ["household", "initiative"], optional: ["date", "assessed"])

    /// What is wrong with a table's header row: missing, misspelt, repeated and unknown columns.
    /// `usable` is false when rows cannot be read (a required column is missing or repeated).
    static func headerProblems(_ table: Table, header: [String], displayName: String) -> (diagnostics: [Diagnostic], usable: Bool) {
        var diagnostics: [Diagnostic] = []
        var usable = true
        let present = Set(header)
        let names = table.all + table.readOnly
        let known = Set(names)
        // A header close to a known column that is not there is that column misspelt: an error, because
        // its values would otherwise be dropped without a word (issue 14).
        var misspelt: [String: String] = [:]
        for name in header where !known.contains(name) {
            if let meant = nearMiss(name, in: names), !present.contains(meant), misspelt[meant] == nil { misspelt[meant] = name }
        }
        for name in table.required where !present.contains(name) && misspelt[name] == nil {
            diagnostics.append(.error(.missingColumn, "\(table.file) has no '\(name)' column; add it to the header row (required columns: \(table.required.joined(separator: ", ")))",
                                      at: SourceLocation(file: displayName, line: 1, column: 1), field: name))
            usable = false
        }
        var seen: Set<String> = []
        for (i, name) in header.enumerated() {
            let at = SourceLocation(file: displayName, line: 1, column: i + 1)
            if !seen.insert(name).inserted {
                diagnostics.append(.error(.duplicateColumn, "\(table.file) has two '\(name)' columns; remove one", at: at, field: name))
                usable = false
            } else if let meant = misspelt.first(where: { $0.value == name })?.key {
                diagnostics.append(.error(.misspeltColumn, "\(table.file) has a column '\(name)': did you mean '\(meant)'? Rename the header to '\(meant)', or its values are not read",
                                          at: at, field: name))
                if table.required.contains(meant) { usable = false }
            } else if !known.contains(name) {
                let suggestion = closest(to: name, in: names).map { " (did you mean '\($0)'?)" } ?? ""
                diagnostics.append(.warning(.unknownColumn, "\(table.file) has a column '\(name)' that Convenor does not know\(suggestion); it is ignored",
                                            at: at, field: name))
            }
        }
        return (diagnostics, usable)
    }

    /// The known column a header is a slip of: the same once case, spaces and underscores are
    /// set aside, or within a small edit distance (1 for short names, 2 otherwise), also after
    /// dropping an `_id` ending (`initiatve_id`).
    static func nearMiss(_ name: String, in names: [String]) -> String? {
        var normal = name.lowercased().trimmingSpaces()
        normal = String(normal.map { $0 == "_" || $0 == " " ? "-" : $0 })
        if let same = names.first(where: { $0 == normal }) { return same }
        var candidates = [normal]
        if normal.hasSuffix("-id"), normal.count > 3 { candidates.append(String(normal.dropLast(3))) }
        var best: (String, Int)?
        for candidate in candidates {
            for known in names {
                let limit = min(candidate.count, known.count) <= 4 ? 1 : 2
                let d = editDistance(Array(candidate), Array(known))
                if d <= limit, best == nil || d < best!.1 { best = (known, d) }
            }
        }
        return best?.0
    }

    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
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

    /// The known name nearest to an unknown one (edit distance ≤ 2), for "did you mean".
    static func closest(to name: String, in names: [String]) -> String? {
        let lower = Array(name.lowercased())
        return names.map { ($0, editDistance(lower, Array($0))) }.filter { $0.1 <= 2 }.min { $0.1 < $1.1 }?.0
    }

    /// Every table, in the order they are read.
    static let tables = [place, neighbourhoods, organisations, teams, cohorts, outcomes, initiatives, funding, decisions, contacts]
}

/// Reads a portfolio from a folder of CSV files.
struct CSVPortfolioReader {
    let folder: String
    /// How the folder is named in messages (files are `displayFolder/name.csv`).
    let displayFolder: String
    /// Set when the folder holds a workbook's sheets: files are then named `workbook[name]`.
    var workbook: String? = nil
    /// Whether contacts.csv is read beside the other tables; nil = when it is large and there is more
    /// than one core (tests set it to check both ways give the same result).
    var readContactsAlongside: Bool? = nil

    static func worthReadingAlongside(_ contactsPath: String) -> Bool {
        ProcessInfo.processInfo.activeProcessorCount > 1 && ContactsReader.fileSize(contactsPath) >= ContactsReader.parallelThreshold
    }

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
        func shown(_ table: CSVLayout.Table) -> String {
            if let workbook { return WorkbookPortfolioReader.sheetName(book: workbook, table: table) }
            return (displayFolder as NSString).appendingPathComponent(table.file)
        }

        // Encoding first: a file that is not UTF-8 gets one error, and nothing that would only follow
        // from reading it wrongly (missing rows, dangling references) is reported.
        let encodingErrors = PhaseTrace.measure("read: UTF-8 check") {
            CSVLayout.tables.compactMap { table in
                TextEncodingCheck.problem(inFileAt: path(table)).map { TextEncodingCheck.diagnostic($0, displayName: shown(table)) }
            }
        }
        if !encodingErrors.isEmpty { return Output(portfolio: nil, sourceMap: map, diagnostics: encodingErrors) }

        /// Opens a table and checks its header; nil when the file is absent or unusable.
        func open(_ table: CSVLayout.Table, required: Bool) throws -> CSVTableReader? {
            guard fm.fileExists(atPath: path(table)) else {
                if required {
                    diagnostics.append(.error(.missingFile, "\(table.file) is missing; a portfolio folder needs it (columns: \(table.required.joined(separator: ", ")))",
                                              at: SourceLocation(file: shown(table), line: 1, column: 0)))
                }
                return nil
            }
            let t = try CSVTableReader(path: path(table), displayName: shown(table))
            map.csvColumns[shown(table)] = t.columns
            let (problems, usable) = CSVLayout.headerProblems(table, header: t.header, displayName: shown(table))
            diagnostics += problems
            return usable ? t : nil
        }

        /// Ragged rows reported so far: a table whose only row was ragged has a row, just not a usable one.
        var raggedRows = 0
        /// Every row of a table as a record, with ragged rows reported and skipped.
        func rows(_ t: CSVTableReader, entity: String, _ body: (Record) -> Void) {
            let keys = t.header.map { FieldKey($0) }
            while let row = t.next() {
                if row.count != t.header.count {
                    diagnostics.append(.error(.raggedRow, "this row has \(row.count) field\(row.count == 1 ? "" : "s") but the header has \(t.header.count); look for a stray comma or an unclosed quote",
                                              at: SourceLocation(file: t.displayName, line: t.line, column: 1)))
                    raggedRows += 1
                    continue
                }
                for i in t.scanner.formulaLikeFields {
                    diagnostics.append(SpreadsheetCell.formulaLikeWarning(field: t.header[i], at: SourceLocation(file: t.displayName, line: t.line, column: i + 1)))
                }
                var r = Record(entity: entity, location: SourceLocation(file: t.displayName, line: t.line, column: 1), listStyle: .semicolons)
                r.reserveCapacity(row.count)
                for (i, value) in row.enumerated() {
                    if let key = keys[i] { r.set(key, value, line: t.line, column: i + 1) }
                    else { r.set(t.header[i], value, at: SourceLocation(file: t.displayName, line: t.line, column: i + 1)) }
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
            let raggedBefore = raggedRows
            rows(t, entity: "place") { r in
                count += 1
                if count == 1 { place = builder.place(r); map.record(.place, "", at: r.location) }
                else if count == 2 {
                    diagnostics.append(.error(.extraRow, "place.csv must have exactly one row after the header", at: r.location))
                }
            }
            if count == 0 && raggedRows == raggedBefore {
                diagnostics.append(.error(.missingValue, "place.csv has no row; add one with the place's name", at: SourceLocation(file: t.displayName, line: 2, column: 1)))
            }
        }
        // contacts.csv is most of the reading. A large one is read on the other cores while the tables
        // below are read here, taking every initiative it names to exist; once initiatives.csv is read
        // that is checked, and only if a contact names an unknown initiative is the file read again
        // (so the log and every message are those of reading it after initiatives.csv).
        let contactsPath = path(CSVLayout.contacts)
        let contactsReader = fm.fileExists(atPath: contactsPath)
            ? ContactsReader(path: contactsPath, displayName: shown(CSVLayout.contacts), dateOrder: builder.decoder.dateOrder) : nil
        let contactsAlongside = contactsReader.flatMap { reader in
            (readContactsAlongside ?? Self.worthReadingAlongside(contactsPath)) ? BackgroundWork { try reader.readChecking(nil) } : nil
        }
        // Whatever happens below, the reading started here has finished when this returns.
        defer { _ = try? contactsAlongside?.result() }
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
        let initiativesStart = PhaseTrace.now()
        defer { PhaseTrace.report("read: initiatives.csv to decisions.csv", from: initiativesStart) }
        if let t = try open(CSVLayout.initiatives, required: true) {
            rows(t, entity: "initiative") { r in
                if let x = builder.initiative(r), register(.initiative, x.id, r) {
                    if !x.decisions.isEmpty { map.record(.decision, SourceMap.decisionID(x.id, 0), at: r.location) }
                    initiativeIndex[x.id] = portfolio.initiatives.count
                    portfolio.initiatives.append(x)
                }
            }
        }
        if let t = try open(CSVLayout.funding, required: false) {
            rows(t, entity: "funding line") { r in
                guard let line = builder.funding(r), let owner = r.text("initiative") else { return }
                guard let index = initiativeIndex[owner] else {
                    diagnostics.append(.error(.danglingReference, "funding line names initiative '\(owner)', but initiatives.csv has no initiative with that id",
                                              at: r.location(of: "initiative"), field: "initiative"))
                    return
                }
                map.record(.funding, "\(owner)#\(portfolio.initiatives[index].funding.count)", at: r.location)
                portfolio.initiatives[index].funding.append(line)
            }
        }
        if let t = try open(CSVLayout.decisions, required: false) {
            let columnNames = Dictionary(uniqueKeysWithValues: CSVLayout.decisionFields.map { ($1, $0) })
            rows(t, entity: "decision") { row in
                guard let owner = row.text("initiative") else {
                    diagnostics.append(.error(.missingValue, "decision has no initiative; every row of decisions.csv names the initiative it decides on",
                                              at: row.location(of: "initiative"), field: "initiative"))
                    return
                }
                var r = Record(entity: "initiative", location: row.location, listStyle: .semicolons)
                if let id = row.field(.initiative) { r.set(.id, id) }
                for (column, field) in row.namedFields {
                    if let name = CSVLayout.decisionFields[column] { r.set(name, Record.Field(value: field.value, line: field.line, column: field.column, sourceName: column)) }
                }
                guard let index = initiativeIndex[owner] else {
                    diagnostics.append(.error(.danglingReference, "decision names initiative '\(owner)', but initiatives.csv has no initiative with that id",
                                              at: row.location(of: "initiative"), field: "initiative"))
                    return
                }
                if r.text("decision") == nil {
                    diagnostics.append(.error(.missingValue, "decision on initiative '\(owner)' has no value; use one of: \(DecisionValue.spellings)",
                                              at: row.location(of: "value"), field: "value"))
                    return
                }
                guard let decision = builder.decision(r) else { return }
                let id = portfolio.initiatives[index].id
                map.record(.decision, SourceMap.decisionID(id, portfolio.initiatives[index].decisions.count), at: row.location, columnNames: columnNames)
                portfolio.initiatives[index].decisions.append(decision)
            }
        }
        diagnostics += builder.decoder.diagnostics
        if let contactsReader {
            var result: ContactsReader.Output
            let waited = PhaseTrace.now()
            let early = try contactsAlongside?.result()
            PhaseTrace.report("read: waiting for contacts.csv", from: waited)
            if let early, early.namesOnly(initiativeIndex) {
                result = early
            } else {
                result = try contactsReader.readChecking(initiativeIndex)
            }
            portfolio.contacts = result.contacts
            diagnostics += result.diagnostics
        }
        guard place != nil else { return Output(portfolio: nil, sourceMap: map, diagnostics: diagnostics) }
        return Output(portfolio: portfolio, sourceMap: map, diagnostics: diagnostics)
    }

    /// The known name nearest to a misspelt one (edit distance ≤ 2), for "did you mean".
    static func closest(to name: String, in names: [String]) -> String? { CSVLayout.closest(to: name, in: names) }
}

/// Reads contacts.csv: millions of rows, so no per-row records or strings, just columns.
///
/// A large file is read in parts, one per core, each part from a line break to a line break; the
/// parts' logs are then joined in file order, renumbering ids in order of first use, so the result
/// (and every message, with its line) is exactly that of reading the file from start to end. A part
/// that meets a quoted field (which may hold a line break, so a cut may have fallen inside it) makes
/// the reader start again from the start on one core.
struct ContactsReader {
    let path: String
    let displayName: String
    /// Dangling references and bad values beyond this many are summarised, not listed.
    static let reportLimit = 20
    /// Files smaller than this are read on one core: starting threads would cost more than it saves.
    static let parallelThreshold = 4 << 20
    /// Parts to read at once; nil = one per active core.
    var parts: Int? = nil
    /// How `01/02/2027` in the date column is read (the place's date-order).
    var dateOrder: DateOrder = .default

    /// How contacts.csv's columns are laid out.
    private struct Columns: Sendable {
        var width: Int
        var household: Int
        var initiative: Int
        var date: Int?
        var assessed: Int?
    }

    /// What reading one part (or the whole file) found.
    private struct Part {
        var builder: ContactLog.Builder
        /// The first `reportLimit` problems, with lines counted from the part's first line.
        var problems: [Diagnostic] = []
        var problemCount = 0
        var failure: Diagnostic?
        var sawQuotedField = false
        /// The line after the part's last row.
        var endLine = 1
        var lastLine = 1
        /// Every initiative id the part's rows named (read with `knownInitiatives` nil: then each was
        /// taken to exist, which the caller checks).
        var initiativesNamed: [IDList] = []
    }

    /// What `read` found: the log, its messages and, when read assuming every initiative exists
    /// (`knownInitiatives` nil), every initiative id a row named, to check against initiatives.csv.
    struct Output: Sendable {
        var contacts: ContactLog
        var diagnostics: [Diagnostic]
        var initiativesNamed: [IDList] = []

        /// Whether every initiative the rows named is in `known`: then the log and messages are those
        /// that reading with `known` would give, since no row met a dangling reference.
        func namesOnly(_ known: [String: Int]) -> Bool {
            initiativesNamed.allSatisfy { list in list.allSatisfy { known[$0] != nil } }
        }
    }

    func read(knownInitiatives: [String: Int]) throws -> (contacts: ContactLog, diagnostics: [Diagnostic]) {
        let out = try readChecking(knownInitiatives)
        return (out.contacts, out.diagnostics)
    }

    /// Reads the file; with `known` nil every initiative a row names is taken to exist and is listed
    /// in `initiativesNamed` (contacts.csv can then be read before initiatives.csv is).
    func readChecking(_ knownInitiatives: [String: Int]?) throws -> Output {
        var diagnostics: [Diagnostic] = []
        let table = CSVLayout.contacts
        let t = try CSVTableReader(path: path, displayName: displayName)
        let (problems, _) = CSVLayout.headerProblems(table, header: t.header, displayName: displayName)
        guard let hCol = t.columns["household"], let iCol = t.columns["initiative"] else {
            // Without both columns the first row is probably data: report no header names (they may be
            // household ids), except a misspelling of the two columns themselves.
            return Output(contacts: ContactLog(), diagnostics: problems.filter { $0.is(.missingColumn) || $0.is(.misspeltColumn) })
        }
        diagnostics += problems
        let columns = Columns(width: t.header.count, household: hCol, initiative: iCol, date: t.columns["date"], assessed: t.columns["assessed"])
        let size = Self.fileSize(path)
        let cores = parts ?? ProcessInfo.processInfo.activeProcessorCount
        var result: Part?
        if cores > 1, size >= Self.parallelThreshold || parts != nil, t.scanner.failure == nil,
           let cuts = Self.cuts(path: path, from: t.scanner.offset, to: size, parts: min(cores, 8)) {
            result = readInParts(cuts: cuts, firstLine: t.scanner.nextLine, columns: columns, knownInitiatives: knownInitiatives)
        }
        if result == nil {
            var whole = Part(builder: ContactLog.Builder(expectedCount: size / 33))
            readRows(t.scanner, columns: columns, knownInitiatives: knownInitiatives, into: &whole)
            result = whole
        }
        guard let part = result else { return Output(contacts: ContactLog(), diagnostics: diagnostics) }
        diagnostics += part.problems
        if let failure = part.failure { diagnostics.append(failure) }
        if part.problemCount > Self.reportLimit {
            diagnostics.append(.error(.tooManyProblems, "\(part.problemCount - Self.reportLimit) more problems in contacts.csv are not listed; fix the ones above first",
                                      at: SourceLocation(file: displayName, line: part.lastLine, column: 0)))
        }
        return Output(contacts: PhaseTrace.measure("read: contacts.csv, building the log") { part.builder.build() },
                      diagnostics: diagnostics, initiativesNamed: part.initiativesNamed)
    }

    /// Reads the parts between `cuts` at once, then joins them; nil if a part met a quoted field.
    private func readInParts(cuts: [Int], firstLine: Int, columns: Columns, knownInitiatives: [String: Int]?) -> Part? {
        let count = cuts.count - 1
        let results = UnsafeMutableBufferPointer<Part?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer { results.deinitialize(); results.deallocate() }
        nonisolated(unsafe) let slots = results
        let path = self.path
        DispatchQueue.concurrentPerform(iterations: count) { k in
            let started = PhaseTrace.now()
            defer { PhaseTrace.report("read: contacts.csv, one part", from: started) }
            // Lines are counted from 1 in every part and shifted once the parts before it are known.
            guard let scanner = CSVByteScanner(path: path, range: cuts[k] ..< cuts[k + 1], firstLine: 1) else { return }
            // The first part's log becomes the whole file's when the parts are joined: it is sized for
            // the whole file from the start, so joining neither rehashes its household table nor copies it.
            let bytes = k == 0 ? cuts[count] - cuts[0] : cuts[k + 1] - cuts[k]
            var part = Part(builder: ContactLog.Builder(expectedCount: bytes / 33))
            readRows(scanner, columns: columns, knownInitiatives: knownInitiatives, into: &part)
            slots[k] = part
        }
        let joinStart = PhaseTrace.now()
        defer { PhaseTrace.report("read: contacts.csv, joining the parts", from: joinStart) }
        guard var joined = results[0], !joined.sawQuotedField else { return nil }
        joined.problems = joined.problems.map { shifted($0, by: firstLine - 1) }
        joined.failure = joined.failure.map { shifted($0, by: firstLine - 1) }
        joined.lastLine += firstLine - 1
        var lineShift = firstLine - 1 + joined.endLine - 1
        for k in 1..<count {
            guard let part = results[k], !part.sawQuotedField else { return nil }
            // Reading stops at the first failure (unclosed quote, bytes that are not UTF-8), as it
            // does when the file is read in one go: later parts are not used.
            if joined.failure != nil { break }
            joined.problems += part.problems.map { shifted($0, by: lineShift) }
            joined.problems = Array(joined.problems.prefix(Self.reportLimit))
            joined.problemCount += part.problemCount
            joined.failure = part.failure.map { shifted($0, by: lineShift) }
            joined.lastLine = part.lastLine + lineShift
            joined.builder.append(contentsOf: part.builder)
            joined.initiativesNamed += part.initiativesNamed
            lineShift += part.endLine - 1
        }
        return joined
    }

    private func shifted(_ d: Diagnostic, by lines: Int) -> Diagnostic {
        var d = d
        d.location?.line += lines
        return d
    }

    /// Reads rows until the scanner ends. Fields are read as bytes straight from the scanner's buffer:
    /// strings are made only for messages, and never of a household id.
    private func readRows(_ s: CSVByteScanner, columns c: Columns, knownInitiatives: [String: Int]?, into part: inout Part) {
        let displayName = self.displayName
        func problem(_ d: Diagnostic) {
            part.problemCount += 1
            if part.problemCount <= Self.reportLimit { part.problems.append(d) }
        }
        // Initiative ids met so far (by their bytes) and whether initiatives.csv defines each.
        var initiativesSeen = ByteInterner()
        var initiativeKnown: [Bool] = []
        // Each seen initiative's number in the log, or -1 until a valid contact names it: the log
        // numbers initiatives in order of first valid use.
        var logNumber: [Int32] = []
        while s.nextRow() {
            if s.isBlank { continue }
            let line = s.line
            guard s.fieldCount == c.width else {
                problem(.error(.raggedRow, "this row has \(s.fieldCount) field\(s.fieldCount == 1 ? "" : "s") but the header has \(c.width); look for a stray comma or an unclosed quote",
                               at: SourceLocation(file: displayName, line: line, column: 1)))
                continue
            }
            let household = s.field(c.household - 1), initiative = s.field(c.initiative - 1)
            if household.isEmpty {
                // Never echo household ids: say where, not what.
                problem(.error(.missingValue, "contact has no household id", at: SourceLocation(file: displayName, line: line, column: c.household), field: "household"))
                continue
            }
            let (number, isNew) = initiativesSeen.intern(initiative)
            if isNew {
                initiativeKnown.append(knownInitiatives.map { $0[String(decoding: initiative, as: UTF8.self)] != nil } ?? true)
                logNumber.append(-1)
            }
            guard initiativeKnown[number] else {
                // contacts.csv is personal data and a shifted column can put a household id anywhere:
                // its messages say where, never what.
                problem(.error(.danglingReference, "contact names an initiative that initiatives.csv does not have; check the initiative column on this line (contacts.csv values are never shown)",
                               at: SourceLocation(file: displayName, line: line, column: c.initiative), field: "initiative"))
                continue
            }
            var day = ContactLog.noDate
            if let dCol = c.date {
                let text = s.field(dCol - 1)
                if !text.isEmpty {
                    if let date = CalendarDate(isoBytes: text) {
                        day = date.daysSinceEpoch
                    } else {
                        switch SpreadsheetDates.read(bytes: text, order: dateOrder) {
                        case .date(let date):
                            day = date.daysSinceEpoch
                        case .invalid(let why):
                            problem(.error(.badDate, "contact: the date \(why) (contacts.csv values are never shown)",
                                           at: SourceLocation(file: displayName, line: line, column: dCol), field: "date"))
                            continue
                        }
                    }
                }
            }
            var assessed = false
            if let aCol = c.assessed {
                let text = s.field(aCol - 1)
                if let value = Self.boolean(text) {
                    assessed = value
                } else {
                    problem(.error(.badValue, "contact: assessed must be true or false (contacts.csv values are never shown)",
                                   at: SourceLocation(file: displayName, line: line, column: aCol), field: "assessed"))
                    continue
                }
            }
            if logNumber[number] < 0 { logNumber[number] = part.builder.numberInitiative(initiative) }
            part.builder.append(household: household, initiativeNumber: logNumber[number], day: day, assessed: assessed)
        }
        if knownInitiatives == nil { part.initiativesNamed = [initiativesSeen.keys] }
        part.failure = Self.failure(s, displayName: displayName)
        part.sawQuotedField = s.sawQuotedField
        part.endLine = s.nextLine
        part.lastLine = max(s.line, 1)
    }

    private static func failure(_ s: CSVByteScanner, displayName: String) -> Diagnostic? {
        CSVTableReader.diagnostic(for: s.failure, displayName: displayName)
    }

    /// Byte offsets cutting `from..<to` into about `parts` pieces, each cut just after a line feed.
    /// nil when the file is too small to cut or has no line feed near a cut.
    static func cuts(path: String, from start: Int, to end: Int, parts: Int) -> [Int]? {
        guard parts > 1, end - start > parts, let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var cuts = [start]
        for k in 1..<parts {
            let nominal = start + (end - start) * k / parts
            guard (try? handle.seek(toOffset: UInt64(nominal))) != nil,
                  let probe = try? handle.read(upToCount: 64 * 1024),
                  let lf = probe.firstIndex(of: 10) else { return nil }
            let cut = nominal + (lf - probe.startIndex) + 1
            guard cut > cuts[cuts.count - 1], cut < end else { return nil }
            cuts.append(cut)
        }
        cuts.append(end)
        return cuts
    }

    /// The size of the file (following symbolic links, unlike `attributesOfItem`).
    static func fileSize(_ path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : 0
    }

    /// true/True/TRUE → true; false/False/FALSE/empty → false; anything else → nil.
    static func boolean(_ t: UnsafeBufferPointer<UInt8>) -> Bool? {
        // The spellings accepted before: true, True, TRUE and false, False, FALSE.
        switch t.count {
        case 0:
            return false
        case 4 where t[0] | 0x20 == UInt8(ascii: "t"):
            if t[1] == UInt8(ascii: "r"), t[2] == UInt8(ascii: "u"), t[3] == UInt8(ascii: "e") { return true }
            if t[0] == UInt8(ascii: "T"), t[1] == UInt8(ascii: "R"), t[2] == UInt8(ascii: "U"), t[3] == UInt8(ascii: "E") { return true }
            return nil
        case 5 where t[0] | 0x20 == UInt8(ascii: "f"):
            if t[1] == UInt8(ascii: "a"), t[2] == UInt8(ascii: "l"), t[3] == UInt8(ascii: "s"), t[4] == UInt8(ascii: "e") { return false }
            if t[0] == UInt8(ascii: "F"), t[1] == UInt8(ascii: "A"), t[2] == UInt8(ascii: "L"), t[3] == UInt8(ascii: "S"), t[4] == UInt8(ascii: "E") { return false }
            return nil
        default:
            return nil
        }
    }
}
