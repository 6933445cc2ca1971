import Foundation

/// The namespace of the portfolio format.
public let portfolioNamespace = "urn:convenor:portfolio:1"

/// Reads a portfolio XML file, validating it against `schemas/portfolio.xsd`. Only the model is kept in
/// memory, never the document's tree.
///
/// `read(path:displayName:)` uses both cores when it safely can: one validates, the other builds the
/// model from an unvalidated reading of the same bytes (see `readOnTwoThreads`). Whenever that is not
/// plainly the same as the single-thread reading (any schema or parse error, anything the hostile-input
/// guards look at), the file is read again the single-thread way, whose messages are the ones users see.
final class XMLPortfolioReader {
    struct Output {
        var portfolio: Portfolio?
        var sourceMap: SourceMap
        var diagnostics: [Diagnostic]
        /// The `contacts` attribute of the root: a CSV path relative to the XML file.
        var contactsReference: String?
        /// The root's date-order: how dates in the contacts file are read.
        var dateOrder: DateOrder = .default
    }

    private let builder: XMLPortfolioBuilder<XMLStreamReader>

    /// The single-thread reading: the validating stream reader builds the model as it validates.
    init(path: String, displayName: String) throws {
        builder = XMLPortfolioBuilder(reader: try XMLStreamReader(path: path, displayName: displayName, schema: .portfolio),
                                      displayName: displayName)
    }

    func read() -> Output { builder.read() }

    /// Reads the portfolio at `path`: on two threads when `readOnTwoThreads` can, otherwise (and for
    /// every file with a problem the schema or the parser sees) the single-thread way. Same output.
    static func read(path: String, displayName: String) throws -> Output {
        try read(path: path, displayName: displayName) { $0 }
    }

    /// Reads the portfolio at `path` and gives its output to `finish`, which on two threads runs on the
    /// model's thread while the schema may still be validating: it must depend on nothing but the output
    /// (and files it reads), since it may run for a reading whose result is then thrown away.
    static func read<T>(path: String, displayName: String, then finish: @Sendable (Output) throws -> T) throws -> T {
        if let finished = readOnTwoThreads(path: path, displayName: displayName, then: finish) { return try finished.get() }
        return try finish(XMLPortfolioReader(path: path, displayName: displayName).read())
    }

    /// Files larger than this are streamed on one thread, so that memory stays bounded.
    static let twoThreadLimit = 256 << 20

    /// Validation on one thread (libxml2's SAX validator, keeping nothing but "valid or not") and the
    /// model built on the other from the same bytes read without the schema; that thread also reads the
    /// file, and once the model is built validates the part of the document the first has not reached
    /// (`SharedValidation`). The result is the model thread's, and only when the schema accepted the
    /// document (both parts) and that reading found no problem: then the single-thread reading would
    /// have reported nothing from libxml2 either, its builder would have seen the same elements and
    /// attributes (the schema fills in no default or fixed values), and no builder message would have
    /// been dropped for a line the schema complained about. Nil otherwise,
    /// and on one core, for files over `twoThreadLimit`, and for anything but plain UTF-8 without a
    /// DOCTYPE or an over-long run (`XMLFileBytes.isPlainDocument`): the caller then reads the file the
    /// single-thread way.
    static func readOnTwoThreads<T>(path: String, displayName: String, then finish: @Sendable (Output) throws -> T) -> Result<T, any Error>? {
        guard ProcessInfo.processInfo.activeProcessorCount >= 2,
              let document = XMLFileBytes.open(path: path, limit: twoThreadLimit) else { return nil }
        // Compiling the schema also sets libxml2 up: both happen here, before the threads start.
        let schema = XMLSchema.portfolio
        // The model's thread reads the file, a piece at a time; validation starts on the first piece.
        // The model is built only once the whole file is in and has been found plain; then that thread
        // takes over validating what the other has not reached (see SharedValidation).
        let validation = SharedValidation(document: document, schema: schema)
        let (front, built) = Parallel.both({ validation.validateFront() }, { () -> Result<T, any Error>? in
            guard document.load(), let reader = XMLPushReader(document: document, displayName: displayName) else { return nil }
            let output = XMLPortfolioBuilder(reader: reader, displayName: displayName).read()
            guard !reader.failed, reader.diagnostics.isEmpty else { return nil }
            let finished = Result { try finish(output) }
            return validation.validateRest(childEnds: reader.childEnds) ? finished : nil
        })
        return front ? built : nil
    }

    /// The two-thread reading's output alone (nil where the file is read the single-thread way).
    static func readOnTwoThreads(path: String, displayName: String) -> Output? {
        try? readOnTwoThreads(path: path, displayName: displayName) { $0 }?.get()
    }
}

/// Builds the model from a stream of XML events: the validating text reader's (single thread) or the
/// push parser's (`XMLPushReader`, the model thread of the two-thread reading). The same code for both.
final class XMLPortfolioBuilder<Reader: XMLEventReading> {
    typealias Output = XMLPortfolioReader.Output

    private let displayName: String
    private let reader: Reader
    // The reader's state is touched only from its own methods, one at a time, and never passed inout
    // to code that touches it again: the runtime's exclusivity checks on every access (a few percent
    // of reading) are left out.
    @exclusivity(unchecked) private var builder = EntityBuilder()
    @exclusivity(unchecked) private var map = SourceMap(form: .xml)
    @exclusivity(unchecked) private var diagnostics: [Diagnostic] = []
    @exclusivity(unchecked) private var place: Place?
    @exclusivity(unchecked) private var contactsReference: String?
    @exclusivity(unchecked) private var portfolio = Portfolio(place: Place(name: ""))

    // The initiative being read, its child elements flattened into one record.
    @exclusivity(unchecked) private var current: Record?
    @exclusivity(unchecked) private var funding: [Record] = []
    @exclusivity(unchecked) private var decisions: [Record] = []
    /// The child elements read so far (they may come once each), with their lines: a few, so a list.
    @exclusivity(unchecked) private var childLines: [(name: String, line: Int)] = []
    @exclusivity(unchecked) private var fieldLines = FieldLines()
    @exclusivity(unchecked) private var attributeKeys = AttributeKeys()

    init(reader: Reader, displayName: String) {
        self.displayName = displayName
        self.reader = reader
    }

    func read() -> Output {
        var wrongRoot = false
        while reader.read() {
            switch reader.kind {
            case .startElement:
                if reader.depth == 0 {
                    if !startRoot() { wrongRoot = true }
                } else if reader.namespaceURI == portfolioNamespace {
                    if reader.depth == 1 { startTopLevel() } else if reader.depth == 2, current != nil { startChild() }
                }
            case .endElement where reader.depth == 1 && reader.localName == "initiative":
                finishInitiative()
            default:
                break
            }
            if wrongRoot { break }
        }

        var all = reader.diagnostics
        if wrongRoot {
            // The schema's own complaint about the root adds nothing to ours.
            all.removeAll { $0.is(.schemaViolation) }
        }
        all += diagnostics + builder.decoder.diagnostics
        if reader.failed || wrongRoot || place == nil {
            return Output(portfolio: nil, sourceMap: map, diagnostics: all, contactsReference: nil)
        }
        portfolio.place = place!
        return Output(portfolio: portfolio, sourceMap: map, diagnostics: all, contactsReference: contactsReference,
                      dateOrder: builder.decoder.dateOrder)
    }

    private func here(_ line: Int) -> SourceLocation { SourceLocation(file: displayName, line: line) }

    /// An initiative's record also takes the fields of its child elements (about two dozen in all).
    private static var initiativeFieldCapacity: Int { 32 }

    private func record(_ entity: String, line: Int, attributes: [XMLAttribute]) -> Record {
        let location = here(line)
        var r = Record(entity: entity, location: location, listStyle: .whitespace)
        r.reserveCapacity(attributes.count)
        for a in attributes { r.set(a.name, a.value, at: location) }
        return r
    }

    /// A record of the current element's attributes, each under the field name it has in `context`.
    private func record(_ entity: String, line: Int, capacity: Int) -> Record {
        var r = Record(entity: entity, location: here(line), listStyle: .whitespace)
        r.reserveCapacity(capacity)
        setAttributes(of: &r, line: line, in: .plain)
        return r
    }

    /// Sets the current element's attributes as fields of `r`, named as `context` names them; the
    /// source name is the attribute's. With `lines`, also notes each field's line.
    private func setAttributes(of r: inout Record, line: Int, in context: AttributeKeys.Context, notingLines: Bool = false) {
        reader.forEachAttribute { name, id, value in
            if let key = attributeKeys.key(name, id: id, in: context) {
                r.set(key, Record.Field(value: value, line: line, column: 0, sourceName: name))
                if notingLines { fieldLines[key] = line }
            } else {
                r.set(context.fieldName(name), Record.Field(value: value, line: line, column: 0, sourceName: name))
            }
        }
    }

    private func startRoot() -> Bool {
        let line = reader.line
        guard reader.localName == "portfolio", reader.namespaceURI == portfolioNamespace else {
            let found = reader.namespaceURI.map { "<\(reader.localName)> in namespace \"\($0)\"" }
                ?? "<\(reader.localName)> with no namespace"
            diagnostics.append(.error(.wrongRoot, "this is not a Convenor portfolio: expected <portfolio xmlns=\"\(portfolioNamespace)\">, found \(found)",
                                      at: SourceLocation(file: displayName, line: line, column: 1)))
            return false
        }
        let attributes = reader.attributes()
        var r = record("place", line: line, attributes: attributes)
        map.record(.place, "", at: here(line))
        if let name = r.field(.place) { r.set(.name, Record.Field(value: name.value, line: name.line, column: name.column, sourceName: "place")) }
        builder.decoder.linesWithSchemaErrors = schemaErrorLines
        place = builder.place(r)
        contactsReference = attributes.first { $0.name == "contacts" }?.value
        return true
    }

    @exclusivity(unchecked) private var knownErrorLines: Set<Int> = []
    @exclusivity(unchecked) private var errorsSeen = 0

    /// Lines the schema already complained about (kept up to date incrementally).
    private var schemaErrorLines: Set<Int> {
        let all = reader.diagnostics
        while errorsSeen < all.count {
            if all[errorsSeen].is(.schemaViolation), let line = all[errorsSeen].location?.line { knownErrorLines.insert(line) }
            errorsSeen += 1
        }
        return knownErrorLines
    }

    private func startTopLevel() {
        let name = reader.localName
        let r = record(name, line: reader.line, capacity: name == "initiative" ? Self.initiativeFieldCapacity : 8)
        builder.decoder.linesWithSchemaErrors = schemaErrorLines
        switch name {
        case "neighbourhood":
            if let n = builder.neighbourhood(r), claim(.neighbourhood, n.id, r) { portfolio.neighbourhoods.append(n) }
        case "organisation":
            if let o = builder.organisation(r), claim(.organisation, o.id, r) { portfolio.organisations.append(o) }
        case "team":
            if let t = builder.team(r), claim(.team, t.id, r) { portfolio.teams.append(t) }
        case "cohort":
            if let c = builder.cohort(r), claim(.cohort, c.id, r) { portfolio.cohorts.append(c) }
        case "outcome":
            if let o = builder.outcome(r), claim(.outcome, o.id, r) { portfolio.outcomes.append(o) }
        case "initiative":
            current = r
            funding = []
            decisions = []
            childLines.removeAll(keepingCapacity: true)
            fieldLines = FieldLines()
            if reader.isEmptyElement { finishInitiative() }
        default:
            break // the schema reports unknown elements
        }
    }

    private func startChild() {
        let name = reader.localName, line = reader.line
        // Funding lines and decisions repeat; every other child comes once.
        if name != "funding" && name != "decision" {
            if let first = childLines.first(where: { $0.name == name })?.line {
                diagnostics.append(.error(.duplicateElement, "\(current!.subject) has more than one <\(name)> element; keep one (the first is on line \(first))",
                                          at: SourceLocation(file: displayName, line: line, column: 0), field: name))
                return
            }
            childLines.append((name, line))
        }
        switch name {
        case "funding":
            // The initiative's subject is spelled out only if a message needs it.
            var f = Record(entity: "funding line", location: here(line), listStyle: .whitespace)
            f.owner = (current!.entity, current!.text(.id))
            setAttributes(of: &f, line: line, in: .plain)
            funding.append(f)
        case "teams", "neighbourhoods", "cohorts", "outcomes", "description":
            let key = FieldKey(name)!
            current!.set(key, reader.isEmptyElement ? "" : reader.readText(), line: line, sourceName: name)
            fieldLines[key] = line
        case "assessment":
            setAttributes(of: &current!, line: line, in: .assessment, notingLines: true)
        case "caseload":
            setAttributes(of: &current!, line: line, in: .caseload, notingLines: true)
        case "evidence":
            setAttributes(of: &current!, line: line, in: .evidence, notingLines: true)
        case "review":
            setAttributes(of: &current!, line: line, in: .review, notingLines: true)
        case "decision":
            // One record per decision, its fields named as in initiatives.csv so that both forms
            // share the builder and its messages.
            var d = Record(entity: "initiative", location: here(line), listStyle: .whitespace)
            if let id = current!.field(.id) { d.set(.id, id) }
            setAttributes(of: &d, line: line, in: .decision)
            let rationale = reader.isEmptyElement ? "" : reader.readText().trimmingWhitespaceAndNewlines()
            d.set(.decisionRationale, rationale, line: line, sourceName: "decision")
            decisions.append(d)
        default:
            break
        }
    }

    private func finishInitiative() {
        guard let r = current else { return }
        current = nil
        builder.decoder.linesWithSchemaErrors = schemaErrorLines
        guard var initiative = builder.initiative(r) else { return }
        for f in funding {
            if let line = builder.funding(f) {
                map.record(.funding, "\(initiative.id)#\(initiative.funding.count)", at: f.location)
                initiative.funding.append(line)
            }
        }
        for d in decisions {
            if let decision = builder.decision(d) {
                map.record(.decision, SourceMap.decisionID(initiative.id, initiative.decisions.count), at: d.location)
                initiative.decisions.append(decision)
            }
        }
        if claim(.initiative, initiative.id, r, fieldLines: fieldLines) { portfolio.initiatives.append(initiative) }
    }

    private func claim(_ kind: EntityKind, _ id: String, _ r: Record, fieldLines: FieldLines = FieldLines()) -> Bool {
        if let duplicate = map.claim(kind, id, at: r.location, fieldLines: fieldLines) {
            diagnostics.append(duplicate)
            return false
        }
        return true
    }
}

/// The field an attribute fills, worked out once per attribute name and element: an XML attribute is
/// named after its element's field (`<evidence level>` is `evidence-level`), and making that name and
/// looking it up for every attribute of every initiative cost more than reading the attribute.
struct AttributeKeys {
    enum Context: Int, CaseIterable {
        /// The attribute's name is the field's (top-level elements, funding lines).
        case plain
        case assessment, caseload, evidence, review
        /// `<decision value>` is `decision`; its other attributes are `decision-…`.
        case decision

        func fieldName(_ attribute: String) -> String {
            switch self {
            case .plain: attribute
            case .assessment: "assessment-" + attribute
            case .caseload: "caseload-" + attribute
            case .evidence: "evidence-" + attribute
            case .review: "review-" + attribute
            case .decision: attribute == "value" ? "decision" : "decision-" + attribute
            }
        }
    }

    /// Per context and name number (`XMLNameTable`): the name it was worked out for, and its key.
    private var names = [[String?]](repeating: [String?](repeating: nil, count: XMLNameTable.slotCount), count: Context.allCases.count)
    private var keys = [[FieldKey?]](repeating: [FieldKey?](repeating: nil, count: XMLNameTable.slotCount), count: Context.allCases.count)

    /// The key of an attribute's field in `context`; nil for a field the format does not know.
    mutating func key(_ attribute: String, id: Int, in context: Context) -> FieldKey? {
        let c = context.rawValue
        // The name is compared too: a number may come to stand for another name (see XMLNameTable).
        if id >= 0, let known = names[c][id], known == attribute { return keys[c][id] }
        let key = FieldKey(context.fieldName(attribute))
        if id >= 0 {
            names[c][id] = attribute
            keys[c][id] = key
        }
        return key
    }
}
