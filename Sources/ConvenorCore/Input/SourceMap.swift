/// The kinds of entity a portfolio holds, as named in messages.
public enum EntityKind: String, Sendable, CaseIterable {
    case place, neighbourhood, organisation, team, cohort, outcome, initiative, funding, decision, contact
}

/// Where each entity of a portfolio was read from, so that later findings (a dangling reference, an
/// overdue review) can point at the right line of the right file. Kept apart from the model so that
/// the same portfolio read from XML or CSV is the same value.
public struct SourceMap: Sendable {
    public enum Form: String, Sendable { case xml, csv }

    struct Entry: Sendable {
        var location: SourceLocation
        /// XML only: fields read from child elements on their own lines (evidence-level → <evidence> line).
        var fieldLines: [String: Int] = [:]
        /// CSV only: a field's column name where the row's file names it differently (decisions.csv
        /// calls `decision-date` just `date`).
        var columnNames: [String: String] = [:]
    }

    public let form: Form
    var entries: [String: Entry] = [:]
    /// CSV only: per file, the 1-based column of each header name.
    var csvColumns: [String: [String: Int]] = [:]

    init(form: Form) { self.form = form }

    static func key(_ kind: EntityKind, _ id: String) -> String { "\(kind.rawValue):\(id)" }

    mutating func record(_ kind: EntityKind, _ id: String, at location: SourceLocation, fieldLines: [String: Int] = [:],
                         columnNames: [String: String] = [:]) {
        let key = Self.key(kind, id)
        if entries[key] == nil { entries[key] = Entry(location: location, fieldLines: fieldLines, columnNames: columnNames) }
    }

    /// The key of an initiative's `n`th decision (in recorded order).
    public static func decisionID(_ initiative: String, _ n: Int) -> String { "\(initiative)#\(n)" }

    /// Where an entity (or one of its fields) is written. XML columns are filled in later from the text.
    public func location(of kind: EntityKind, _ id: String, field: String? = nil) -> SourceLocation? {
        guard var entry = entries[Self.key(kind, id)] else { return nil }
        guard let field else { return entry.location }
        switch form {
        case .csv:
            if let column = csvColumns[entry.location.file]?[entry.columnNames[field] ?? field] { entry.location.column = column }
        case .xml:
            if let line = entry.fieldLines[field] { entry.location.line = line }
            entry.location.column = 0
        }
        return entry.location
    }

    /// How a field is spelled in the source: its CSV column name, or its XML attribute or element.
    public func sourceName(of field: String) -> String {
        form == .csv ? field : (Self.xmlNames[field] ?? field)
    }

    /// How a field of one entity is spelled where that entity was read (decisions.csv: `date`, not `decision-date`).
    public func sourceName(of field: String, in kind: EntityKind, _ id: String) -> String {
        if form == .csv, let name = entries[Self.key(kind, id)]?.columnNames[field] { return name }
        return sourceName(of: field)
    }

    /// CSV column → the XML attribute (or element) that carries it, where they differ.
    static let xmlNames: [String: String] = [
        "assessment-name": "name", "assessment-unit-cost": "unit-cost", "caseload-households": "households",
        "evidence-level": "level", "evidence-result": "result", "evidence-date": "date", "evidence-source": "source",
        "review-date": "date", "review-owner": "owner", "decision": "value", "decision-date": "date",
        "decision-by": "by", "decision-into": "into", "decision-rationale": "decision", "decision-alternatives": "alternatives",
        "teams": "teams", "cohorts": "cohorts", "outcomes": "outcomes", "description": "description",
        "initiative": "initiative",
    ]
}

extension SourceMap {
    /// Records where an entity is defined; if its id is taken, returns a `duplicate-id` error instead.
    mutating func claim(_ kind: EntityKind, _ id: String, at location: SourceLocation, fieldLines: [String: Int] = [:]) -> Diagnostic? {
        if let first = entries[Self.key(kind, id)]?.location {
            return .error(.duplicateId, "\(kind.rawValue) id '\(id)' is used twice; it is first used on line \(first.line)",
                          at: location, field: "id")
        }
        entries[Self.key(kind, id)] = Entry(location: location, fieldLines: fieldLines)
        return nil
    }
}
