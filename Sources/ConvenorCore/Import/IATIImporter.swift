import Foundation

/// Imports IATI activity files (the International Aid Transparency Initiative's XML, versions
/// 2.01–2.03, and leniently the older 1.x spellings) as a portfolio: activities become initiatives.
///
/// Files are streamed with libxml2's reader, one activity in memory at a time, so files of hundreds
/// of megabytes import in bounded memory. Nothing in the source stops the import except XML that is
/// not well-formed (or a file that is not IATI at all); everything else missing or unknown is a
/// warning with its line. The mapping, and what it loses, is in docs/imports.md.
public struct IATIImporter {
    public struct Options: Sendable {
        /// Narratives in this language are preferred (`xml:lang`, or the activity's default language).
        public var language: String
        /// "Today" for the portfolio; when nil, the latest date the data records as having happened.
        public var asOf: CalendarDate?
        /// The place's name; when nil, the one recipient country all activities share, if any.
        public var placeName: String?

        public init(language: String = "en", asOf: CalendarDate? = nil, placeName: String? = nil) {
            self.language = language
            self.asOf = asOf
            self.placeName = placeName
        }
    }

    public let options: Options

    public init(options: Options = Options()) { self.options = options }

    /// Imports the files in order. Throws `InputError` (with every diagnostic so far) when a file is
    /// not well-formed XML or not an IATI activity file, `FileError` when it cannot be read.
    public func importFiles(_ files: [(path: String, displayName: String)]) throws -> ImportResult {
        var diagnostics: [Diagnostic] = []
        var activities: [IATIActivity] = []
        for file in files {
            let reader = try XMLStreamReader(path: file.path, displayName: file.displayName, schema: nil)
            var fileReader = IATIFileReader(reader: reader, language: options.language)
            fileReader.read()
            diagnostics += fileReader.diagnostics
            if reader.failed || fileReader.notIATI {
                throw InputError((diagnostics + reader.diagnostics).sortedByLocation())
            }
            activities += fileReader.activities
        }
        var builder = IATIPortfolioBuilder(options: options)
        let portfolio = builder.build(activities)
        diagnostics += builder.diagnostics
        return ImportResult(portfolio: portfolio, diagnostics: diagnostics.sortedByLocation(), recordsRead: activities.count)
    }
}

// MARK: - One activity's element tree

/// An element of one activity, held only until the activity has been read.
final class IATIElement {
    let name: String
    let attributes: [String: String]
    let line: Int
    /// In a namespace: an extension element, which IATI allows and Convenor ignores.
    let isExtension: Bool
    var text = ""
    var children: [IATIElement] = []

    init(name: String, attributes: [String: String], line: Int, isExtension: Bool) {
        self.name = name
        self.attributes = attributes
        self.line = line
        self.isExtension = isExtension
    }

    /// A non-blank attribute value, trimmed.
    func attribute(_ name: String) -> String? {
        guard let value = attributes[name].map(ImportText.trim), !value.isEmpty else { return nil }
        return value
    }

    func child(_ name: String) -> IATIElement? { children.first { $0.name == name && !$0.isExtension } }
    func children(_ name: String) -> [IATIElement] { children.filter { $0.name == name && !$0.isExtension } }
}

/// What the importer keeps of one activity.
struct IATIActivity {
    struct OrgMention { var ref: String?; var name: String?; var type: String?; var role: String? }
    struct Money { var amount: Decimal; var currency: String?; var start: CalendarDate?; var end: CalendarDate?; var revised: Bool; var line: Int }
    struct Place { var id: String; var name: String; var code: String? }

    var location: SourceLocation
    var identifier: String?
    var title: String?
    var description: String?
    var status: InitiativeStatus?
    var statusLine: Int?
    var plannedStart: CalendarDate?, actualStart: CalendarDate?, plannedEnd: CalendarDate?, actualEnd: CalendarDate?
    var reportingOrg: OrgMention?
    var participating: [OrgMention] = []
    var places: [Place] = []
    var sectors: [Cohort] = []
    var budgets: [Money] = []
    var commitments: [Money] = []
    var hasActivityDates = false
    var hierarchy: Int?
    var defaultCurrency: String?
    /// Dates the data records as having happened (actual dates, transactions, last update).
    var eventDates: [CalendarDate] = []
    /// Every date, planned ones included: the as-of of last resort.
    var anyDates: [CalendarDate] = []
}

// MARK: - Reading one file

/// Streams one file, turning each `<iati-activity>` into an `IATIActivity` as soon as it ends.
struct IATIFileReader {
    let reader: XMLStreamReader
    let language: String
    private(set) var activities: [IATIActivity] = []
    private(set) var notIATI = false
    private var warnings: [Diagnostic] = []
    private var repeated = RepeatedWarnings()
    private var documentLanguage: String?
    private var generated: CalendarDate?

    init(reader: XMLStreamReader, language: String) {
        self.reader = reader
        self.language = language
    }

    var diagnostics: [Diagnostic] { warnings + repeated.diagnostics }

    private func at(_ line: Int) -> SourceLocation { SourceLocation(file: reader.displayName, line: line) }

    mutating func read() {
        var stack: [IATIElement] = []
        var sawRoot = false
        while reader.read() {
            switch reader.kind {
            case .startElement:
                let attributes = Dictionary(reader.attributes().map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
                let element = IATIElement(name: reader.localName, attributes: attributes, line: reader.line,
                                          isExtension: reader.namespaceURI != nil)
                if !sawRoot {
                    sawRoot = true
                    guard element.name == "iati-activities", !element.isExtension else {
                        notIATI = true
                        let hint = element.name == "iati-organisations" ? " (this is an IATI organisation file; import the activity file)" : ""
                        warnings.append(.error(.notIati, "the root element is <\(element.name)>, not <iati-activities>: this is not an IATI activity file\(hint)",
                                               at: at(element.line)))
                        return
                    }
                    checkVersion(element)
                    documentLanguage = element.attribute("xml:lang")
                    generated = ImportText.date(element.attribute("generated-datetime"))
                    continue
                }
                if stack.isEmpty {
                    guard element.name == "iati-activity", !element.isExtension else {
                        if !element.isExtension {
                            repeated.note(key: "top:\(element.name)", code: .unknownElement, at: at(element.line),
                                          "<\(element.name)> is not an IATI element Convenor reads; it was ignored")
                        }
                        if !reader.isEmptyElement { skipSubtree() }
                        continue
                    }
                    if reader.isEmptyElement { finish(element) } else { stack.append(element) }
                    continue
                }
                stack.last?.children.append(element)
                if !reader.isEmptyElement { stack.append(element) }
            case .text:
                if let top = stack.last { top.text += reader.readText() }
            case .endElement:
                if let done = stack.popLast(), stack.isEmpty { finish(done) }
            case .other:
                break
            }
        }
    }

    /// Reads past the current element's subtree.
    private func skipSubtree() {
        let depth = reader.depth
        while reader.read() {
            if reader.kind == .endElement && reader.depth == depth { return }
        }
    }

    private mutating func checkVersion(_ root: IATIElement) {
        let version = root.attribute("version")
        switch version {
        case "2.01", "2.02", "2.03":
            break
        case let v? where v.hasPrefix("1."):
            warnings.append(.warning(.iatiVersion, "this file is IATI version \(v), older than 2.01: it is read with the 1.x spellings (text without <narrative>, words for codes), so check the result",
                                     at: at(root.line), field: "version"))
        default:
            warnings.append(.warning(.iatiVersion, "IATI version '\(version ?? "")' is not one Convenor knows (2.01–2.03); the file is read as version 2.03",
                                     at: at(root.line), field: "version"))
        }
    }

    // MARK: Narratives

    private func matchesLanguage(_ tag: String?) -> Bool {
        guard let tag = tag?.lowercased() else { return false }
        let want = language.lowercased()
        return tag == want || tag.hasPrefix(want + "-") || want.hasPrefix(tag + "-")
    }

    /// The element's text in the chosen language: a `<narrative>` with that `xml:lang`, else one in the
    /// activity's default language, else the first; 1.x text written directly in the element.
    private func text(_ element: IATIElement?, activityLanguage: String?) -> String? {
        guard let element else { return nil }
        let narratives = element.children("narrative").filter { ImportText.clean($0.text) != nil }
        if narratives.isEmpty { return ImportText.clean(element.text) }
        if let match = narratives.first(where: { matchesLanguage($0.attribute("xml:lang")) }) { return ImportText.clean(match.text) }
        if matchesLanguage(activityLanguage), let match = narratives.first(where: { $0.attribute("xml:lang") == nil }) {
            return ImportText.clean(match.text)
        }
        return ImportText.clean(narratives[0].text)
    }

    private func longText(_ element: IATIElement?, activityLanguage: String?) -> String? {
        guard let element else { return nil }
        let narratives = element.children("narrative")
        let chosen: IATIElement
        if narratives.isEmpty { chosen = element } else {
            chosen = narratives.first(where: { matchesLanguage($0.attribute("xml:lang")) })
                ?? (matchesLanguage(activityLanguage) ? narratives.first(where: { $0.attribute("xml:lang") == nil }) : nil)
                ?? narratives[0]
        }
        return ImportText.longText(chosen.text)
    }

    // MARK: One activity

    private static let mapped: Set<String> = [
        "iati-identifier", "reporting-org", "title", "description", "participating-org", "activity-status",
        "activity-date", "recipient-country", "recipient-region", "location", "sector", "budget", "budget-planned",
        "transaction", "other-identifier",
    ]

    private mutating func finish(_ e: IATIElement) {
        let lang = e.attribute("xml:lang") ?? documentLanguage
        var a = IATIActivity(location: at(e.line))
        a.defaultCurrency = e.attribute("default-currency")
        a.hierarchy = e.attribute("hierarchy").flatMap { Int($0) }
        if let updated = ImportText.date(e.attribute("last-updated-datetime")) { a.eventDates.append(updated) }
        if let generated { a.eventDates.append(generated) }

        for child in e.children where !child.isExtension {
            if !Self.mapped.contains(child.name) && !IATICodes.knownUnmapped.contains(child.name) {
                repeated.note(key: "unknown:\(child.name)", code: .unknownElement, at: at(child.line),
                              "<\(child.name)> is not an IATI activity element Convenor knows; it was ignored")
            }
        }

        // Identifier: iati-identifier, else (1.x files often leave it empty) the first other-identifier.
        a.identifier = ImportText.clean(e.child("iati-identifier")?.text)
        if a.identifier == nil, let other = e.child("other-identifier") {
            a.identifier = other.attribute("ref") ?? ImportText.clean(other.text)
        }

        a.title = text(e.child("title"), activityLanguage: lang)
        let descriptions = e.children("description")
        a.description = longText(descriptions.first(where: { ($0.attribute("type") ?? "1") == "1" }) ?? descriptions.first, activityLanguage: lang)

        if let status = e.child("activity-status") {
            a.statusLine = status.line
            let raw = status.attribute("code") ?? status.attribute("ref") ?? ImportText.clean(status.text)
            if let raw {
                a.status = IATICodes.status(raw)
                if a.status == nil {
                    warnings.append(.warning(.unknownCode, "activity-status '\(raw)' is not an IATI status code (1–6); the status is worked out from the dates",
                                             at: at(status.line), field: "code"))
                }
            }
        }

        a.hasActivityDates = !e.children("activity-date").isEmpty
        for d in e.children("activity-date") {
            var raw = d.attribute("iso-date")
            if raw == nil, let misspelt = d.attribute("iso_date") {
                raw = misspelt
                repeated.note(key: "iso_date", code: .misspeltAttribute, at: at(d.line),
                              "activity-date has 'iso_date' instead of 'iso-date'; it was read as iso-date")
            }
            guard let date = ImportText.date(raw ?? ImportText.clean(d.text)) else {
                warnings.append(.warning(.badDate, "activity-date has no date in YYYY-MM-DD form; it was ignored", at: at(d.line), field: "iso-date"))
                continue
            }
            a.anyDates.append(date)
            guard let type = d.attribute("type").flatMap(IATICodes.dateType) else {
                warnings.append(.warning(.unknownCode, "activity-date type '\(d.attribute("type") ?? "")' is not an IATI date type (1–4: planned start, actual start, planned end, actual end); the date \(date) was ignored",
                                         at: at(d.line), field: "type"))
                continue
            }
            switch type {
            case .plannedStart: a.plannedStart = a.plannedStart ?? date
            case .actualStart: a.actualStart = a.actualStart ?? date; a.eventDates.append(date)
            case .plannedEnd: a.plannedEnd = a.plannedEnd ?? date
            case .actualEnd: a.actualEnd = a.actualEnd ?? date; a.eventDates.append(date)
            }
        }

        func mention(_ o: IATIElement) -> IATIActivity.OrgMention? {
            let name = text(o, activityLanguage: lang), ref = o.attribute("ref")
            guard name != nil || ref != nil else { return nil }
            return .init(ref: ref, name: name, type: o.attribute("type"), role: o.attribute("role"))
        }
        if let reporting = e.child("reporting-org") { a.reportingOrg = mention(reporting) }
        for p in e.children("participating-org") {
            if let m = mention(p) {
                a.participating.append(m)
            } else {
                warnings.append(.warning(.emptyElement, "participating-org has neither a name nor a ref; it was ignored", at: at(p.line)))
            }
        }

        for c in e.children("recipient-country") {
            let code = c.attribute("code"), name = text(c, activityLanguage: lang)
            if let code, let id = ImportText.identifier(code) {
                a.places.append(.init(id: "country:\(id)", name: name ?? code, code: code))
            } else if let name, let slug = ImportText.slug(name) {
                a.places.append(.init(id: "country:\(slug)", name: name, code: nil))
            } else {
                warnings.append(.warning(.emptyElement, "recipient-country has neither a code nor a name; it was ignored", at: at(c.line), field: "code"))
            }
        }
        for r in e.children("recipient-region") {
            let code = r.attribute("code"), name = text(r, activityLanguage: lang)
            let vocabulary = r.attribute("vocabulary") ?? "1"
            let prefix = vocabulary == "1" ? "region:" : "region:v\(ImportText.slug(vocabulary, maxLength: 10) ?? "x")-"
            if let code, let id = ImportText.identifier(code) {
                a.places.append(.init(id: prefix + id, name: name ?? "Region \(code)", code: code))
            } else if let name, let slug = ImportText.slug(name) {
                a.places.append(.init(id: prefix + slug, name: name, code: nil))
            } else {
                warnings.append(.warning(.emptyElement, "recipient-region has neither a code nor a name; it was ignored", at: at(r.line), field: "code"))
            }
        }
        for l in e.children("location") {
            guard let name = text(l.child("name"), activityLanguage: lang) else {
                warnings.append(.warning(.missingElement, "location has no <name>; it was ignored (Convenor keeps named places only)", at: at(l.line)))
                continue
            }
            let key = l.attribute("ref").flatMap(ImportText.identifier) ?? ImportText.slug(name) ?? "unnamed"
            a.places.append(.init(id: "location:\(key)", name: name, code: nil))
        }

        for s in e.children("sector") {
            let prefix = IATICodes.sectorVocabularyPrefix(s.attribute("vocabulary"))
            let code = s.attribute("code") ?? s.attribute("ref")
            let name = text(s, activityLanguage: lang)
            if let code, let id = ImportText.identifier(code) {
                let label = name ?? IATICodes.dacName(code, prefix: prefix) ?? "\(prefix.uppercased()) sector \(code)"
                a.sectors.append(Cohort(id: "\(prefix):\(id)", name: ImportText.name(label) ?? code))
            } else if let name, let slug = ImportText.slug(name) {
                a.sectors.append(Cohort(id: "\(prefix):\(slug)", name: ImportText.name(name) ?? name))
            } else {
                warnings.append(.warning(.emptyElement, "sector has neither a code nor a name; it was ignored", at: at(s.line), field: "code"))
            }
        }

        for b in e.children("budget") + e.children("budget-planned") {
            let start = ImportText.date(b.child("period-start").flatMap { $0.attribute("iso-date") ?? ImportText.clean($0.text) })
            let end = ImportText.date(b.child("period-end").flatMap { $0.attribute("iso-date") ?? ImportText.clean($0.text) })
            guard let value = b.child("value"), let amount = ImportText.decimal(value.text) else {
                warnings.append(.warning(.badValue, "\(b.name) has no numeric <value>; it was ignored", at: at(b.line)))
                continue
            }
            let type = (b.attribute("type") ?? "1").lowercased()
            a.budgets.append(.init(amount: amount, currency: value.attribute("currency") ?? a.defaultCurrency, start: start, end: end,
                                   revised: type == "2" || type == "revised", line: b.line))
            a.anyDates += [start, end].compactMap { $0 }
        }

        for t in e.children("transaction") {
            let type = t.child("transaction-type")?.attribute("code") ?? t.attribute("type") ?? ""
            guard let value = t.child("value"), let amount = ImportText.decimal(value.text) else { continue }
            let date = ImportText.date(t.child("transaction-date")?.attribute("iso-date") ?? value.attribute("value-date"))
            if let date { a.eventDates.append(date); a.anyDates.append(date) }
            if IATICodes.isCommitment(type) {
                a.commitments.append(.init(amount: amount, currency: value.attribute("currency") ?? a.defaultCurrency,
                                           start: date, end: nil, revised: false, line: t.line))
            }
        }
        a.anyDates += a.eventDates
        activities.append(a)
    }
}

// MARK: - From activities to a portfolio

struct IATIPortfolioBuilder {
    let options: IATIImporter.Options
    private(set) var diagnostics: [Diagnostic] = []
    private var entities = EntityCollector()
    private var ids = UniqueIDs()
    /// Organisations named without a ref take the id of the same name given with one.
    private var idForName: [String: String] = [:]

    init(options: IATIImporter.Options) { self.options = options }

    private mutating func organisation(_ m: IATIActivity.OrgMention) -> Organisation? {
        let name = ImportText.name(m.name ?? m.ref)
        let id: String?
        if let ref = m.ref.flatMap(ImportText.identifier) {
            id = ref
            if let name, idForName[name] == nil { idForName[name] = ref }
        } else if let name {
            id = idForName[name] ?? ImportText.slug(name).map { "org:\($0)" }
        } else {
            id = nil
        }
        guard let id, let name else { return nil }
        let org = Organisation(id: id, name: name, sector: m.type.flatMap(IATICodes.sector(forOrganisationType:)))
        entities.add(org)
        return entities.organisations[id] ?? org
    }

    mutating func build(_ activities: [IATIActivity]) -> Portfolio {
        let asOf = options.asOf ?? activities.flatMap(\.eventDates).max() ?? activities.flatMap(\.anyDates).max()
        let currency = Self.mainCurrency(activities)

        // Orgs given with a ref first, so that name-only mentions anywhere can reuse their id.
        for a in activities {
            for m in [a.reportingOrg].compactMap({ $0 }) + a.participating where m.ref != nil { _ = organisation(m) }
        }

        var initiatives: [Initiative] = []
        for (index, a) in activities.enumerated() {
            let line = a.location
            let original = a.identifier
            var id: String
            if let original, let clean = ImportText.identifier(original) {
                id = clean
            } else {
                id = "activity-\(index + 1)"
                diagnostics.append(.warning(.missingElement, "activity has no iati-identifier (nor other-identifier); it was given the id '\(id)'",
                                            at: line, field: "iati-identifier"))
            }
            let unique = ids.claim(id)
            if unique != id {
                diagnostics.append(.warning(.duplicateId, "iati-identifier '\(original ?? id)' is used by more than one activity; this one was imported as '\(unique)'",
                                            at: line, field: "iati-identifier"))
                id = unique
            }
            let name: String
            if let title = ImportText.name(a.title) {
                name = title
            } else {
                name = ImportText.name(original) ?? id
                diagnostics.append(.warning(.missingElement, "activity '\(id)' has no title; its identifier is used as its name", at: line, field: "title"))
            }

            let owner = a.reportingOrg.flatMap { organisation($0) }
            if a.reportingOrg == nil {
                diagnostics.append(.warning(.missingElement, "activity '\(id)' has no reporting-org; the initiative has no owner", at: line, field: "reporting-org"))
            }
            var funders: [String] = []
            var roles: [(String, String)] = []
            for m in a.participating {
                guard let org = organisation(m) else { continue }
                let role = m.role.flatMap(IATICodes.role)
                if role == .funding, !funders.contains(org.name) { funders.append(org.name) }
                roles.append((role?.rawValue ?? m.role.map { "Role \($0)" } ?? "Role not given", org.name))
            }

            let start = a.actualStart ?? a.plannedStart
            var end = a.actualEnd ?? a.plannedEnd
            if let s = start, let e = end, e < s {
                diagnostics.append(.warning(.endBeforeStart, "activity '\(id)' ends (\(e)) before it starts (\(s)) in the source; the end date was left out",
                                            at: line, field: "activity-date"))
                end = nil
            }
            if !a.hasActivityDates {
                diagnostics.append(.warning(.missingElement, "activity '\(id)' has no activity-date; the initiative has no start or end", at: line, field: "activity-date"))
            }
            let status: InitiativeStatus
            if let given = a.status {
                status = given
            } else {
                status = Portfolio.derivedStatus(start: start, end: end, asOf: asOf)
                if a.statusLine == nil {
                    diagnostics.append(.warning(.missingElement, "activity '\(id)' has no activity-status; it was marked '\(status.rawValue)' from its dates and the as-of date",
                                                at: line, field: "activity-status"))
                }
            }

            let source = ImportText.name(funders.joined(separator: "; ")) ?? owner?.name ?? "IATI budget"
            let funding = fundingLines(a, id: id, source: source, currency: currency, start: start, end: end)

            var places: [String] = []
            for p in a.places {
                entities.add(Neighbourhood(id: p.id, name: ImportText.name(p.name) ?? p.id, code: p.code))
                if !places.contains(p.id) { places.append(p.id) }
            }
            var cohorts: [String] = []
            for c in a.sectors {
                entities.add(c)
                if !cohorts.contains(c.id) { cohorts.append(c.id) }
            }

            var notes: [String] = []
            if let original, original != id { notes.append("IATI identifier: \(original)") }
            if !roles.isEmpty { notes.append("Participating organisations: " + roles.map { "\($0.1) (\($0.0))" }.joined(separator: "; ") + ".") }
            if a.budgets.isEmpty, !funding.isEmpty { notes.append("Funding is the sum of the activity's commitments: it publishes no budget.") }
            let description = ImportText.longText(([a.description].compactMap { $0 } + notes).joined(separator: "\n"))

            initiatives.append(Initiative(
                id: id, name: name, kind: (a.hierarchy ?? 1) > 1 ? .project : .programme, status: status,
                owner: owner?.id, sponsor: ImportText.name(funders.joined(separator: "; ")),
                start: start, end: end, funding: funding, coverage: .neighbourhoods(places.sorted()),
                cohorts: cohorts.sorted(), description: description))
        }

        let placeName = options.placeName ?? Self.commonCountry(activities) ?? "IATI activities"
        return Portfolio(place: Place(name: placeName, asOf: asOf, currency: currency),
                         neighbourhoods: entities.sortedNeighbourhoods, organisations: entities.sortedOrganisations,
                         cohorts: entities.sortedCohorts, initiatives: initiatives)
    }

    /// Budgets become funding lines, one per period (a revised budget replaces the original for the
    /// same period). An activity with no budget gets one line: the sum of its commitments.
    private mutating func fundingLines(_ a: IATIActivity, id: String, source: String, currency: String,
                                       start: CalendarDate?, end: CalendarDate?) -> [FundingLine] {
        var lines: [FundingLine] = []
        var otherCurrency: [String: Decimal] = [:]
        func usable(_ m: IATIActivity.Money) -> Bool {
            let c = m.currency ?? currency
            if c != currency { otherCurrency[c, default: 0] += m.amount; return false }
            return true
        }
        if !a.budgets.isEmpty {
            var periods: [String: [IATIActivity.Money]] = [:]
            var order: [String] = []
            for b in a.budgets {
                let key = "\(b.start?.iso ?? "")/\(b.end?.iso ?? "")"
                if periods[key] == nil { order.append(key) }
                periods[key, default: []].append(b)
            }
            for key in order {
                let group = periods[key] ?? []
                let chosen = group.contains(where: \.revised) ? group.filter(\.revised) : group
                for b in chosen where usable(b) {
                    guard b.amount >= 0 else {
                        diagnostics.append(.warning(.badValue, "activity '\(id)' has a negative budget (\(ImportText.amountText(b.amount))); it was left out",
                                                    at: SourceLocation(file: a.location.file, line: b.line)))
                        continue
                    }
                    var periodEnd = b.end
                    if let s = b.start, let e = b.end, e < s {
                        diagnostics.append(.warning(.endBeforeStart, "a budget of activity '\(id)' ends (\(e)) before it starts (\(s)); its end date was left out",
                                                    at: SourceLocation(file: a.location.file, line: b.line)))
                        periodEnd = nil
                    }
                    lines.append(FundingLine(source: source, kind: .external, amount: ImportText.money(b.amount), per: .total,
                                             start: b.start, end: periodEnd))
                }
            }
        } else {
            let usableCommitments = a.commitments.filter { usable($0) }
            if !usableCommitments.isEmpty {
                let total = usableCommitments.reduce(Decimal(0)) { $0 + $1.amount }
                if total > 0 {
                    lines.append(FundingLine(source: source, kind: .external, amount: ImportText.money(total), per: .total, start: start, end: end))
                }
            }
        }
        for (c, amount) in otherCurrency.sorted(by: { $0.key < $1.key }) {
            diagnostics.append(.warning(.otherCurrency, "activity '\(id)' has \(c) \(ImportText.amountText(amount)) of funding; the portfolio is in \(currency) and Convenor does not convert, so it was left out",
                                        at: a.location))
        }
        return lines
    }

    /// The currency most of the money is given in (ties: alphabetical), GBP when there is none.
    static func mainCurrency(_ activities: [IATIActivity]) -> String {
        var counts: [String: Int] = [:]
        for a in activities {
            for m in a.budgets + a.commitments { if let c = m.currency ?? a.defaultCurrency { counts[c, default: 0] += 1 } }
        }
        if counts.isEmpty { for a in activities { if let c = a.defaultCurrency { counts[c, default: 0] += 1 } } }
        let valid = counts.filter { $0.key.count == 3 && $0.key.allSatisfy { $0.isASCII && $0.isUppercase } }
        return valid.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.first?.key ?? "GBP"
    }

    /// The recipient country every activity that names one names, if there is exactly one.
    static func commonCountry(_ activities: [IATIActivity]) -> String? {
        var names: [String: IATIActivity.Place] = [:]
        for a in activities {
            for p in a.places where p.id.hasPrefix("country:") { names[p.id] = names[p.id] ?? p }
        }
        guard names.count == 1, let only = names.values.first else { return nil }
        // A bare code (no narrative) reads badly as a place's name.
        return only.name == only.code ? "Activities in \(only.name)" : ImportText.name(only.name)
    }
}
