import Foundation

/// The namespace of the portfolio format.
public let portfolioNamespace = "urn:convenor:portfolio:1"

/// Reads a portfolio XML file as a stream, validating it against `schemas/portfolio.xsd` as it goes.
/// Only the model is kept in memory, never the document.
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

    private let displayName: String
    private let reader: XMLStreamReader
    private var builder = EntityBuilder()
    private var map = SourceMap(form: .xml)
    private var diagnostics: [Diagnostic] = []
    private var place: Place?
    private var contactsReference: String?
    private var portfolio = Portfolio(place: Place(name: ""))

    // The initiative being read, its child elements flattened into one record.
    private var current: Record?
    private var funding: [Record] = []
    private var decisions: [Record] = []
    private var childLines: [String: Int] = [:]
    private var fieldLines: [String: Int] = [:]

    init(path: String, displayName: String) throws {
        self.displayName = displayName
        reader = try XMLStreamReader(path: path, displayName: displayName, schema: .portfolio)
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
    private static let initiativeFieldCapacity = 32

    private func record(_ entity: String, line: Int, attributes: [XMLAttribute], capacity: Int = 0) -> Record {
        let location = here(line)
        var r = Record(entity: entity, location: location, listStyle: .whitespace)
        r.fields.reserveCapacity(max(attributes.count, capacity))
        for a in attributes { r.set(a.name, a.value, at: location) }
        return r
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
        if let name = r.fields["place"] { r.fields["name"] = Record.Field(value: name.value, location: name.location, sourceName: "place") }
        builder.decoder.linesWithSchemaErrors = schemaErrorLines
        place = builder.place(r)
        contactsReference = attributes.first { $0.name == "contacts" }?.value
        return true
    }

    private var knownErrorLines: Set<Int> = []
    private var errorsSeen = 0

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
        let r = record(name, line: reader.line, attributes: reader.attributes(),
                       capacity: name == "initiative" ? Self.initiativeFieldCapacity : 0)
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
            childLines = [:]
            fieldLines = [:]
            if reader.isEmptyElement { finishInitiative() }
        default:
            break // the schema reports unknown elements
        }
    }

    private func startChild() {
        let name = reader.localName, line = reader.line
        // Funding lines and decisions repeat; every other child comes once.
        if name != "funding" && name != "decision" {
            if let first = childLines[name] {
                diagnostics.append(.error(.duplicateElement, "\(current!.subject) has more than one <\(name)> element; keep one (the first is on line \(first))",
                                          at: SourceLocation(file: displayName, line: line, column: 0), field: name))
                return
            }
            childLines[name] = line
        }
        let attributes = reader.attributes()
        func set(_ field: String, _ value: String, sourceName: String) {
            current!.set(field, value, at: here(line), sourceName: sourceName)
            fieldLines[field] = line
        }
        switch name {
        case "funding":
            var f = Record(entity: "funding line of \(current!.subject)", location: here(line), listStyle: .whitespace)
            for a in attributes { f.set(a.name, a.value, at: here(line)) }
            funding.append(f)
        case "teams", "neighbourhoods", "cohorts", "outcomes", "description":
            set(name, reader.isEmptyElement ? "" : reader.readText(), sourceName: name)
        case "assessment", "caseload", "evidence", "review":
            for a in attributes { set(name + "-" + a.name, a.value, sourceName: a.name) }
        case "decision":
            // One record per decision, its fields named as in initiatives.csv so that both forms
            // share the builder and its messages.
            var d = Record(entity: "initiative", location: here(line), listStyle: .whitespace)
            if let id = current!.fields["id"] { d.fields["id"] = id }
            for a in attributes { d.set(a.name == "value" ? "decision" : "decision-" + a.name, a.value, at: here(line), sourceName: a.name) }
            let rationale = reader.isEmptyElement ? "" : reader.readText().trimmingWhitespaceAndNewlines()
            d.set("decision-rationale", rationale, at: here(line), sourceName: "decision")
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

    private func claim(_ kind: EntityKind, _ id: String, _ r: Record, fieldLines: [String: Int] = [:]) -> Bool {
        if let duplicate = map.claim(kind, id, at: r.location, fieldLines: fieldLines) {
            diagnostics.append(duplicate)
            return false
        }
        return true
    }
}
