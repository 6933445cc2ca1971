import Foundation

/// Records decisions in the bytes of a portfolio XML file: one element inserted (or one replaced) per
/// record, every other byte kept, so `git diff` shows only the decision.
enum XMLDecisionEditor {
    /// `record` must have passed `DecisionRecorder.problems` (its value and date are valid).
    static func apply(_ record: DecisionRecord, to bytes: [UInt8], file: String) throws -> [UInt8] {
        let scanner: XMLSourceScanner
        do { scanner = try XMLSourceScanner(bytes: bytes) } catch {
            throw InputError([.error(.unsupportedLayout, "\(file) could not be scanned for an in-place edit; nothing was written",
                                     at: SourceLocation(file: file, line: 1))])
        }
        let elements = scanner.elements
        guard let initiativeIndex = elements.indices.first(where: {
            elements[$0].depth == 1 && elements[$0].localName == "initiative" && elements[$0].attributes["id"] == record.initiative
        }) else {
            throw InputError([.error(.unknownInitiative, "\(file) has no initiative '\(record.initiative)'")])
        }
        let initiative = elements[initiativeIndex]
        let children = initiative.children.map { elements[$0] }
        let asciiOnly = scanner.declaredEncoding.map { $0 != "utf-8" && $0 != "utf8" } ?? false
        let prefix = initiative.prefix.map { "\($0):" } ?? ""

        let element: String
        let existing: XMLSourceScanner.Element?
        let anchor: XMLSourceScanner.Element?
        switch record.kind {
        case .decision:
            guard let d = record.decision else { preconditionFailure("unchecked record") }
            let attributes: XMLWriter.Attributes = ["value": d.value.rawValue, "date": d.date?.iso, "by": d.by, "into": d.into,
                                                    "alternatives": d.alternatives]
            var x = XMLWriter.fragment()
            if let rationale = d.rationale { x.element("\(prefix)decision", attributes, text: rationale) } else { x.empty("\(prefix)decision", attributes) }
            element = x.document()
            let decisions = children.filter { $0.localName == "decision" }
            // A decision of the same day replaces the one recorded that day (the latest, as the model does).
            existing = decisions.last { c in c.attributes["date"].flatMap { CalendarDate(iso: $0.trimmingSpaces()) } == d.date }
            anchor = decisions.last ?? children.last
        case .recommendation:
            guard let date = CalendarDate(iso: record.date.trimmingCharacters(in: .whitespaces)) else { preconditionFailure("unchecked record") }
            var x = XMLWriter.fragment()
            x.empty("\(prefix)review", ["date": date.iso, "owner": DecisionRecord.clean(record.by)])
            element = x.document()
            existing = children.first { $0.localName == "review" }
            anchor = children.last
        }
        var text = element
        if asciiOnly {
            // The file is not UTF-8: characters outside ASCII go in as references, which any encoding reads.
            text = text.unicodeScalars.map { $0.isASCII ? String($0) : "&#x\(String($0.value, radix: 16, uppercase: true));" }.joined()
        }

        var out = bytes
        if let existing {
            out.replaceSubrange(existing.whole, with: Array(text.utf8))
            return out
        }
        let lineBreak = scanner.lineBreak
        let ownIndent = scanner.indent(of: initiative) ?? ""
        let childIndent = anchor.flatMap { scanner.indent(of: $0) } ?? ownIndent + indentUnit(scanner)
        if let anchor {
            out.insert(contentsOf: Array((lineBreak + childIndent + text).utf8), at: endOfLine(after: anchor.whole.upperBound, in: bytes))
        } else if let end = initiative.endTag {
            let inside = bytes[initiative.startTag.upperBound ..< end.lowerBound]
            let closing = inside.contains(10) ? "" : lineBreak + ownIndent
            out.insert(contentsOf: Array((lineBreak + childIndent + text + closing).utf8), at: initiative.startTag.upperBound)
        } else {
            // <initiative …/>: open it, so it can hold the decision.
            let slash = initiative.startTag.upperBound - 2
            out.replaceSubrange(slash ..< initiative.startTag.upperBound,
                                with: Array((">" + lineBreak + childIndent + text + lineBreak + ownIndent + "</\(initiative.qualifiedName)>").utf8))
        }
        return out
    }

    /// Where the line that `position` is on ends, when only spaces and comments follow it there (a
    /// comment after an element stays with it); else `position`.
    private static func endOfLine(after position: Int, in bytes: [UInt8]) -> Int {
        var k = position
        while k < bytes.count {
            if bytes[k] == 32 || bytes[k] == 9 { k += 1; continue }
            if bytes[k] == 10 || bytes[k] == 13 { return k }
            if bytes[k...].starts(with: Array("<!--".utf8)) {
                var j = k + 4
                while j + 3 <= bytes.count, !bytes[j ..< j + 3].elementsEqual(Array("-->".utf8)) { j += 1 }
                guard j + 3 <= bytes.count else { return position }
                k = j + 3
                continue
            }
            return position
        }
        return position
    }

    /// How far the file indents an initiative's children, from the first initiative that has any.
    private static func indentUnit(_ scanner: XMLSourceScanner) -> String {
        for e in scanner.elements where e.depth == 1 && e.localName == "initiative" {
            guard let first = e.children.first, let outer = scanner.indent(of: e),
                  let inner = scanner.indent(of: scanner.elements[first]), inner.hasPrefix(outer), inner.count > outer.count else { continue }
            return String(inner.dropFirst(outer.count))
        }
        return "  "
    }
}

/// The rows of a CSV file with where each field is written, for editing cells in place.
struct CSVSourceRows {
    struct Row {
        var fields: [Range<Int>]
        var values: [String]
        /// The row without its line break.
        var content: Range<Int>
        var line: Int
    }

    let bytes: [UInt8]
    private(set) var rows: [Row] = []

    init(bytes: [UInt8]) {
        self.bytes = bytes
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 1
        let n = bytes.count
        while i < n {
            let rowStart = i, rowLine = line
            var fields: [Range<Int>] = [], values: [String] = []
            while true {
                let start = i
                var value: String
                if i < n, bytes[i] == 34 {
                    var j = i + 1, text: [UInt8] = []
                    while j < n {
                        if bytes[j] == 34 {
                            if j + 1 < n, bytes[j + 1] == 34 { text.append(34); j += 2; continue }
                            break
                        }
                        if bytes[j] == 10 { line += 1 }
                        text.append(bytes[j])
                        j += 1
                    }
                    i = min(j + 1, n)
                    value = String(decoding: text, as: UTF8.self)
                } else {
                    while i < n, bytes[i] != 44, bytes[i] != 10, !(bytes[i] == 13 && i + 1 < n && bytes[i + 1] == 10) { i += 1 }
                    value = String(decoding: bytes[start ..< i], as: UTF8.self)
                }
                fields.append(start ..< i)
                values.append(value)
                if i < n, bytes[i] == 44 { i += 1; continue }
                break
            }
            let content = rowStart ..< i
            if i < n, bytes[i] == 13 { i += 1 }
            if i < n, bytes[i] == 10 { i += 1; line += 1 }
            if !(values.count == 1 && values[0].isEmpty) {
                rows.append(Row(fields: fields, values: values, content: content, line: rowLine))
            }
        }
    }

    var header: [String] { rows.first?.values.map { $0.trimmingCharacters(in: .whitespaces) } ?? [] }
    func column(_ name: String) -> Int? { header.firstIndex(of: name) }

    var lineBreak: String {
        guard let lf = bytes.firstIndex(of: 10) else { return "\n" }
        return lf > 0 && bytes[lf - 1] == 13 ? "\r\n" : "\n"
    }

    /// One cell as CSVDocument writes it (quoted only when it must be).
    static func cell(_ value: String) -> [UInt8] {
        var out: [UInt8] = []
        CSVDocument.append([value], to: &out)
        out.removeLast()
        return out
    }
}

/// A table a decision is recorded in: a CSV file, or a sheet of a workbook. Both keep every cell
/// they do not change exactly as it was.
protocol DecisionTable {
    /// The header row's names, trimmed; a name's position is its column.
    var header: [String] { get }
    /// The data rows in order: an id for `set`, and the values by column.
    var dataRows: [(id: Int, values: [String])] { get }
    /// Replaces cells of one row (columns are header positions).
    mutating func set(_ cells: [(column: Int, value: String)], inRow id: Int) throws
    /// Adds a row after the last one (values by header position).
    mutating func append(_ values: [String]) throws
}

extension DecisionTable {
    func column(_ name: String) -> Int? { header.firstIndex(of: name) }
}

/// Where decisions go, whatever holds the tables: a decision is one row of the decisions table
/// (appended, or the same day's row replaced, there or in the initiative's own decision cells); a
/// recommendation changes only the review cells of the initiative's row.
struct DecisionTableEditor<Table: DecisionTable> {
    var initiatives: Table
    var decisions: Table?
    /// A new, empty decisions table with the standard header, for a portfolio that has none.
    let newDecisions: () throws -> Table
    /// The error for a table that lacks a column a decision needs.
    let missingColumn: (CSVLayout.Table, String) -> InputError
    /// How the initiatives table is named in messages.
    let initiativesName: String
    private(set) var changedInitiatives = false
    private(set) var changedDecisions = false

    init(initiatives: Table, decisions: Table?, initiativesName: String,
         newDecisions: @escaping () throws -> Table, missingColumn: @escaping (CSVLayout.Table, String) -> InputError) {
        self.initiatives = initiatives
        self.decisions = decisions
        self.initiativesName = initiativesName
        self.newDecisions = newDecisions
        self.missingColumn = missingColumn
    }

    private func cells(_ named: [(String, String)], in table: Table, of layout: CSVLayout.Table) throws -> [(column: Int, value: String)] {
        var out: [(column: Int, value: String)] = []
        for (name, value) in named {
            guard let c = table.column(name) else {
                if value.isEmpty { continue }
                throw missingColumn(layout, name)
            }
            out.append((c, value))
        }
        return out
    }

    mutating func apply(_ record: DecisionRecord) throws {
        guard let idColumn = initiatives.column("id"),
              let row = initiatives.dataRows.last(where: { $0.values.indices.contains(idColumn) && $0.values[idColumn].trimmingSpaces() == record.initiative }) else {
            throw InputError([.error(.unknownInitiative, "\(initiativesName) has no initiative '\(record.initiative)'")])
        }
        func value(_ values: [String], _ column: Int?) -> String? {
            column.flatMap { values.indices.contains($0) ? values[$0].trimmingSpaces() : nil }
        }

        switch record.kind {
        case .recommendation:
            guard let date = CalendarDate(iso: record.date.trimmingCharacters(in: .whitespaces)) else { preconditionFailure("unchecked record") }
            let set = try cells([("review-date", date.iso), ("review-owner", DecisionRecord.clean(record.by) ?? "")], in: initiatives, of: CSVLayout.initiatives)
            try initiatives.set(set, inRow: row.id)
            changedInitiatives = true

        case .decision:
            guard let d = record.decision else { preconditionFailure("unchecked record") }
            // The same day's decision is replaced where it is written (the decisions table first: its rows come later).
            if var existing = decisions, let initiativeColumn = existing.column("initiative"), let dateColumn = existing.column("date"),
               let same = existing.dataRows.last(where: { r in
                   r.values.count == existing.header.count && value(r.values, initiativeColumn) == record.initiative
                       && value(r.values, dateColumn).flatMap(CalendarDate.init(iso:)) == d.date }) {
                let named = CSVLayout.decisions.all.filter { $0 != "initiative" }.map { ($0, CSVPortfolioWriter.decisionRow(record.initiative, d, columns: [$0])[0]) }
                try existing.set(try cells(named, in: existing, of: CSVLayout.decisions), inRow: same.id)
                decisions = existing
                changedDecisions = true
                return
            }
            if let current = value(row.values, initiatives.column("decision")), !current.isEmpty,
               value(row.values, initiatives.column("decision-date")).flatMap(CalendarDate.init(iso:)) == d.date {
                let named = [("decision", d.value.rawValue), ("decision-date", d.date?.iso ?? ""), ("decision-by", d.by ?? ""),
                             ("decision-into", d.into ?? ""), ("decision-rationale", d.rationale ?? ""), ("decision-alternatives", d.alternatives ?? "")]
                try initiatives.set(try cells(named, in: initiatives, of: CSVLayout.initiatives), inRow: row.id)
                changedInitiatives = true
                return
            }
            // Otherwise one row is appended to the decisions table (created with its header if absent).
            var table = try decisions ?? newDecisions()
            for (column, value) in zip(CSVLayout.decisions.all, CSVPortfolioWriter.decisionRow(record.initiative, d, columns: CSVLayout.decisions.all))
                where !value.isEmpty && table.column(column) == nil { throw missingColumn(CSVLayout.decisions, column) }
            try table.append(CSVPortfolioWriter.decisionRow(record.initiative, d, columns: table.header))
            decisions = table
            changedDecisions = true
        }
    }
}

/// A CSV file as a decision table: cells are replaced byte for byte, rows appended with the file's
/// own line breaks.
struct CSVDecisionTable: DecisionTable {
    private(set) var source: CSVSourceRows
    var bytes: [UInt8] { source.bytes }

    init(bytes: [UInt8]) { source = CSVSourceRows(bytes: bytes) }

    /// A file holding only `header`, with the given line breaks.
    init(header: [String], lineBreak: String) {
        var out: [UInt8] = []
        CSVDocument.append(header, to: &out)
        if lineBreak == "\r\n" { out.insert(13, at: out.count - 1) }
        self.init(bytes: out)
    }

    var header: [String] { source.header }
    var dataRows: [(id: Int, values: [String])] { source.rows.indices.dropFirst().map { ($0, source.rows[$0].values) } }

    mutating func set(_ cells: [(column: Int, value: String)], inRow id: Int) throws {
        let row = source.rows[id]
        var out = source.bytes
        for (column, value) in cells.sorted(by: { row.fields[$0.column].lowerBound > row.fields[$1.column].lowerBound }) {
            out.replaceSubrange(row.fields[column], with: CSVSourceRows.cell(value))
        }
        source = CSVSourceRows(bytes: out)
    }

    mutating func append(_ values: [String]) throws {
        var out = source.bytes
        let lineBreak = source.lineBreak
        if let last = out.last, last != 10 { out += Array(lineBreak.utf8) }
        CSVDocument.append(values, to: &out)
        if lineBreak == "\r\n" { out.insert(13, at: out.count - 1) }
        source = CSVSourceRows(bytes: out)
    }
}

/// Records decisions in the CSV folder form: decisions.csv and initiatives.csv.
struct CSVDecisionEditor {
    /// File name → bytes, for the files read or changed so far.
    var files: [String: [UInt8]]
    /// How the folder is named in messages.
    let displayFolder: String
    private(set) var changed: Set<String> = []

    private func shown(_ file: String) -> String { (displayFolder as NSString).appendingPathComponent(file) }

    mutating func apply(_ record: DecisionRecord) throws {
        let initiativesFile = CSVLayout.initiatives.file, decisionsFile = CSVLayout.decisions.file
        guard let initiativeBytes = files[initiativesFile] else { throw FileError(path: shown(initiativesFile), reason: "cannot be read") }
        let initiativesTable = CSVDecisionTable(bytes: initiativeBytes)
        let lineBreak = initiativesTable.source.lineBreak
        let folder = displayFolder
        var editor = DecisionTableEditor(
            initiatives: initiativesTable, decisions: files[decisionsFile].map(CSVDecisionTable.init(bytes:)),
            initiativesName: shown(initiativesFile),
            newDecisions: { CSVDecisionTable(header: CSVLayout.decisions.all, lineBreak: lineBreak) },
            missingColumn: { table, column in
                InputError([.error(.missingColumn, "\(table.file) has no '\(column)' column, so the decision cannot be recorded; add it to the header row",
                                   at: SourceLocation(file: (folder as NSString).appendingPathComponent(table.file), line: 1, column: 1), field: column)])
            })
        try editor.apply(record)
        if editor.changedInitiatives { files[initiativesFile] = editor.initiatives.bytes; changed.insert(initiativesFile) }
        if editor.changedDecisions, let decisions = editor.decisions { files[decisionsFile] = decisions.bytes; changed.insert(decisionsFile) }
    }
}
