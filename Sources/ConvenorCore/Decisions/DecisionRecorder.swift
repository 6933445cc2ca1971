import Foundation

/// Records decisions (and recommendations) in a portfolio in the form it was given: an XML file, with
/// one element inserted or replaced per decision and every other byte kept; a CSV folder, with one
/// row of decisions.csv per decision (or the review cells of one row, for a recommendation); or an
/// `.xlsx` workbook, with the same rows and cells in its sheets and every other part kept.
///
/// Used by `convenor decide` (one decision, in place) and by the live room's export (several, into a
/// copy). Nothing is written unless every record is accepted and the edited files read back as the
/// portfolio with exactly those decisions added.
public enum DecisionRecorder {
    /// Why records cannot be recorded in this portfolio: errors, located at the initiative where there
    /// is one. Empty when all of them can.
    public static func problems(_ records: [DecisionRecord], in loaded: LoadedPortfolio) -> [Diagnostic] {
        let p = loaded.portfolio
        let byID = Dictionary(p.initiatives.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var out: [Diagnostic] = []
        // XML: point at the initiative's start tag (the reader's line is where the tag ends).
        var startTags: [String: SourceLocation] = [:]
        if loaded.sourceMap.form == .xml, let data = FileManager.default.contents(atPath: loaded.path),
           let scanner = try? XMLSourceScanner(bytes: [UInt8](data)) {
            for e in scanner.elements where e.depth == 1 && e.localName == "initiative" {
                guard let id = e.attributes["id"], startTags[id] == nil else { continue }
                startTags[id] = SourceLocation(file: loaded.path, line: e.line, column: scanner.column(of: e))
            }
        }
        for r in records {
            let id = r.initiative.trimmingCharacters(in: .whitespaces)
            guard byID[id] != nil else {
                let suggestion = CSVPortfolioReader.closest(to: id, in: p.initiatives.map(\.id)).map { " (did you mean '\($0)'?)" } ?? ""
                out.append(.error(.unknownInitiative, "\(loaded.path) has no initiative '\(id)'\(suggestion); give the id of one of its initiatives"))
                continue
            }
            let location = startTags[id] ?? loaded.sourceMap.location(of: .initiative, id, field: loaded.sourceMap.form == .csv ? "id" : nil)
            func problem(_ code: DiagnosticCode, _ message: String) { out.append(.error(code, message, at: location)) }
            let what = r.kind == .decision ? "decision" : "recommendation"
            let value = DecisionValue(rawValue: r.value.trimmingCharacters(in: .whitespaces))
            if value == nil {
                problem(.badValue, "\(what) on initiative '\(id)': '\(r.value)' is not a decision; use one of: \(DecisionValue.spellings)")
            }
            if CalendarDate(iso: r.date.trimmingCharacters(in: .whitespaces)) == nil {
                let when = r.kind == .decision ? "the date it was taken" : "the date to decide by"
                problem(.badDate, "\(what) on initiative '\(id)': date '\(r.date)' is not a date; give \(when) as YYYY-MM-DD, e.g. 2026-03-31")
            }
            if DecisionRecord.clean(r.by) == nil {
                let who = r.kind == .decision ? "who took it (a person, board or committee)" : "who will decide"
                problem(.missingValue, "\(what) on initiative '\(id)' does not say \(who)")
            }
            let into = DecisionRecord.clean(r.into)
            if value == .merge {
                if let into {
                    if into == id {
                        problem(.mergeIntoSelf, "\(what) on initiative '\(id)': it cannot merge into itself; name the initiative it merges into")
                    } else if let lead = byID[into] {
                        if !lead.status.isActive {
                            problem(.mergeIntoInactive, "\(what) on initiative '\(id)': it cannot merge into '\(into)', which is \(lead.status.rawValue); merge into an initiative that is still running")
                        }
                    } else {
                        let suggestion = CSVPortfolioReader.closest(to: into, in: p.initiatives.map(\.id)).map { " (did you mean '\($0)'?)" } ?? ""
                        problem(.danglingReference, "\(what) on initiative '\(id)': it merges into '\(into)', but \(loaded.path) has no initiative with that id\(suggestion)")
                    }
                } else {
                    problem(.mergeWithoutInto, "\(what) on initiative '\(id)': a merge must say which initiative it merges into")
                }
            } else if let into, value != nil {
                problem(.intoWithoutMerge, "\(what) on initiative '\(id)': 'into' ('\(into)') is only for a merge, not for \(r.value.trimmingCharacters(in: .whitespaces))")
            }
        }
        return loaded.withColumns(out)
    }

    /// The portfolio with the records applied, as the edited files will read: a decision is added to
    /// the initiative's record, replacing one of the same day; a recommendation becomes its review.
    public static func applying(_ records: [DecisionRecord], to portfolio: Portfolio) -> Portfolio {
        var p = portfolio
        for r in records {
            guard let index = p.initiatives.firstIndex(where: { $0.id == r.initiative.trimmingCharacters(in: .whitespaces) }),
                  let date = CalendarDate(iso: r.date.trimmingCharacters(in: .whitespaces)) else { continue }
            switch r.kind {
            case .decision:
                guard let d = r.decision else { continue }
                if let same = p.initiatives[index].decisions.lastIndex(where: { $0.date == date }) {
                    p.initiatives[index].decisions[same] = d
                } else {
                    p.initiatives[index].decisions.append(d)
                }
            case .recommendation:
                p.initiatives[index].review = Review(date: date, owner: DecisionRecord.clean(r.by))
            }
        }
        return p
    }

    /// Reads the portfolio, checks the records and works out the edited files, writing nothing.
    /// Throws `InputError` when the portfolio has errors or a record is refused, `FileError` when a
    /// file cannot be read.
    public static func prepare(_ records: [DecisionRecord], in input: String) throws -> DecisionEdit {
        let loaded = try PortfolioLoader.load(input)
        let refused = problems(records, in: loaded)
        if refused.hasErrors { throw InputError(refused) }
        let records = records.map { r -> DecisionRecord in
            var r = r
            r.initiative = r.initiative.trimmingCharacters(in: .whitespaces)
            return r
        }
        let after = applying(records, to: loaded.portfolio)
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        let isWorkbook = fm.fileExists(atPath: input, isDirectory: &isDirectory) && !isDirectory.boolValue && loaded.sourceMap.form == .csv
        var changed: [RenderedFile] = []
        let folder: String
        switch loaded.sourceMap.form {
        case .xml:
            folder = (input as NSString).deletingLastPathComponent
            let name = (input as NSString).lastPathComponent
            guard let data = fm.contents(atPath: input) else { throw FileError(path: input, reason: "cannot be read") }
            var bytes = [UInt8](data)
            if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
                throw InputError([.error(.unsupportedEncoding, "\(input) is UTF-16; decisions are recorded in place only in UTF-8 (or ASCII-compatible) files. Convert it to UTF-8 first",
                                         at: SourceLocation(file: input, line: 1))])
            }
            for r in records { bytes = try XMLDecisionEditor.apply(r, to: bytes, file: input) }
            changed = [RenderedFile(path: name, contents: Data(bytes))]
        case .csv where isWorkbook:
            folder = (input as NSString).deletingLastPathComponent
            var editor = try WorkbookDecisionEditor(path: input)
            for r in records { try editor.apply(r) }
            changed = [RenderedFile(path: (input as NSString).lastPathComponent, contents: try editor.rendered())]
        case .csv:
            folder = input
            var editor = CSVDecisionEditor(files: [:], displayFolder: input)
            for file in [CSVLayout.initiatives.file, CSVLayout.decisions.file] {
                let path = (input as NSString).appendingPathComponent(file)
                if let data = fm.contents(atPath: path) { editor.files[file] = [UInt8](data) }
            }
            for r in records { try editor.apply(r) }
            changed = editor.changed.sorted().map { RenderedFile(path: $0, contents: Data(editor.files[$0]!)) }
        }
        let edit = DecisionEdit(input: input, folder: folder, form: loaded.sourceMap.form, isWorkbook: isWorkbook, before: loaded.portfolio,
                                after: after, changed: changed)
        try edit.verify()
        return edit
    }

    /// Records decisions: in place when `output` is nil (each changed file replaced atomically), else
    /// into a copy of the whole portfolio written as the folder `output` (replaced atomically).
    @discardableResult
    public static func record(_ records: [DecisionRecord], into input: String, writingTo output: String? = nil) throws -> DecisionEdit {
        let edit = try prepare(records, in: input)
        if let output {
            try OutputFolder.write(try edit.portfolioFiles(), to: output)
        } else {
            try edit.writeInPlace()
        }
        return edit
    }
}

/// The files a set of decisions changes, ready to write.
public struct DecisionEdit: Sendable {
    /// The portfolio as given (an XML file or a CSV folder).
    public let input: String
    /// The folder `changed` paths are relative to (the XML file's folder, or the CSV folder).
    public let folder: String
    public let form: SourceMap.Form
    /// The portfolio is an `.xlsx` workbook (its form is then `.csv`: the same tables, as sheets).
    public var isWorkbook: Bool = false
    public let before: Portfolio
    /// The portfolio once the decisions are recorded (as the changed files read).
    public let after: Portfolio
    /// The files that change, with their new contents; paths relative to `folder`.
    public let changed: [RenderedFile]

    /// Replaces each changed file atomically (a temporary sibling renamed over it). Editing the
    /// portfolio the user named is the point of `decide`, so its own files are replaced (`force`).
    public func writeInPlace() throws {
        try OutputFolder.writeFiles(changed.map { ((folder as NSString).appendingPathComponent($0.path), $0.contents) }, force: true)
    }

    /// Every file of the portfolio as a copy holds it: the changed files, plus the others byte for
    /// byte (XML: the file and its contacts file; CSV: every file of the folder). Large files are
    /// mapped, not read.
    public func portfolioFiles() throws -> [RenderedFile] {
        let fm = FileManager.default
        var files = changed
        let changedPaths = Set(changed.map(\.path))
        func copy(_ relative: String) throws {
            guard !changedPaths.contains(relative) else { return }
            let path = (folder as NSString).appendingPathComponent(relative)
            do {
                files.append(RenderedFile(path: relative, contents: try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)))
            } catch {
                throw FileError(path: path, reason: "cannot be read: \(error.localizedDescription)")
            }
        }
        switch form {
        case .csv where isWorkbook:
            break
        case .xml:
            let reader = try XMLPortfolioReader.read(path: input, displayName: input)
            if let reference = reader.contactsReference { try copy(reference) }
        case .csv:
            let names = (try? fm.contentsOfDirectory(atPath: folder)) ?? []
            for name in names.sorted() where !name.hasPrefix(".") {
                var isDirectory: ObjCBool = false
                if fm.fileExists(atPath: (folder as NSString).appendingPathComponent(name), isDirectory: &isDirectory), !isDirectory.boolValue {
                    try copy(name)
                }
            }
        }
        return files.sorted { $0.path < $1.path }
    }

    /// Reads the edited files back (without contacts, which no edit touches) and checks they give
    /// exactly `after`: an edit that changed anything else is never written.
    func verify() throws {
        let fm = FileManager.default
        let scratch = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("convenor-decide-\(UInt64.random(in: 0 ... .max))")
        try fm.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: scratch) }
        var readBack: Portfolio?
        switch form {
        case .csv where isWorkbook:
            let path = scratch.appendingPathComponent(changed[0].path).path
            try changed[0].contents.write(to: URL(fileURLWithPath: path))
            readBack = try WorkbookPortfolioReader(path: path, displayName: input).read().portfolio
            readBack?.contacts = ContactLog()
        case .xml:
            let path = scratch.appendingPathComponent(changed[0].path).path
            try changed[0].contents.write(to: URL(fileURLWithPath: path))
            readBack = try XMLPortfolioReader.read(path: path, displayName: path).portfolio
        case .csv:
            for table in [CSVLayout.place, CSVLayout.neighbourhoods, CSVLayout.organisations, CSVLayout.teams, CSVLayout.cohorts,
                          CSVLayout.outcomes, CSVLayout.initiatives, CSVLayout.funding, CSVLayout.decisions] {
                let target = scratch.appendingPathComponent(table.file)
                if let file = changed.first(where: { $0.path == table.file }) {
                    try file.contents.write(to: target)
                } else if let data = fm.contents(atPath: (folder as NSString).appendingPathComponent(table.file)) {
                    try data.write(to: target)
                }
            }
            readBack = try CSVPortfolioReader(folder: scratch.path, displayFolder: folder).read().portfolio
        }
        var expected = after
        expected.contacts = ContactLog()
        guard let readBack, readBack == expected else {
            throw InputError([.error(.editMismatch, "the decision could not be recorded in \(input) without changing something else; nothing was written (please report this with the file)")])
        }
    }
}
