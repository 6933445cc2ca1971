/// The kinds of entity a portfolio holds, as named in messages.
public enum EntityKind: String, Sendable, CaseIterable {
    case place, neighbourhood, organisation, team, cohort, outcome, initiative, funding, decision, contact
}

/// XML only: the lines of an initiative's fields that were read from its child elements. A few dozen
/// at most, found by their key (a dictionary of names per initiative cost a hash per field).
struct FieldLines: Sendable {
    private var lines: [(key: FieldKey, line: Int)] = []

    init() {}

    /// The line of a field; setting it again replaces it.
    subscript(key: FieldKey) -> Int? {
        get { lines.first { $0.key == key }?.line }
        set {
            let i = lines.firstIndex { $0.key == key }
            switch (i, newValue) {
            case let (i?, line?): lines[i].line = line
            case let (i?, nil): lines.remove(at: i)
            case let (nil, line?): lines.append((key, line))
            case (nil, nil): break
            }
        }
    }

    /// The line of a field by name (only names the format knows are kept).
    subscript(name: String) -> Int? { FieldKey(name).flatMap { self[$0] } }
}

/// Where each entity of a portfolio was read from, so that later findings (a dangling reference, an
/// overdue review) can point at the right line of the right file. Kept apart from the model so that
/// the same portfolio read from XML or CSV is the same value.
public struct SourceMap: Sendable {
    public enum Form: String, Sendable { case xml, csv }

    struct Entry: Sendable {
        var location: SourceLocation
        /// XML only: fields read from child elements on their own lines (evidence-level → <evidence> line).
        var fieldLines = FieldLines()
        /// CSV only: a field's column name where the row's file names it differently (decisions.csv
        /// calls `decision-date` just `date`).
        var columnNames: [String: String] = [:]
    }

    /// An entity's kind and id: hashed as they are, without joining them into a new string each time.
    struct Key: Hashable, Sendable {
        var kind: EntityKind
        var id: String
    }

    public let form: Form
    var entries: [Key: Entry] = [:]
    /// CSV only: per file, the 1-based column of each header name.
    var csvColumns: [String: [String: Int]] = [:]

    init(form: Form) { self.form = form }

    static func key(_ kind: EntityKind, _ id: String) -> Key { Key(kind: kind, id: id) }

    mutating func record(_ kind: EntityKind, _ id: String, at location: SourceLocation, fieldLines: FieldLines = FieldLines(),
                         columnNames: [String: String] = [:]) {
        let key = Self.key(kind, id)
        // One hash of the key when it is new (the usual case); the first entry stays if it is not.
        if let first = entries.updateValue(Entry(location: location, fieldLines: fieldLines, columnNames: columnNames), forKey: key) {
            entries[key] = first
        }
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
    mutating func claim(_ kind: EntityKind, _ id: String, at location: SourceLocation, fieldLines: FieldLines = FieldLines()) -> Diagnostic? {
        let key = Self.key(kind, id)
        // One hash of the key when it is new (the usual case); the first entry stays if it is not.
        guard let first = entries.updateValue(Entry(location: location, fieldLines: fieldLines), forKey: key) else { return nil }
        entries[key] = first
        return .error(.duplicateId, "\(kind.rawValue) id '\(id)' is used twice; it is first used on line \(first.location.line)",
                      at: location, field: "id")
    }
}
