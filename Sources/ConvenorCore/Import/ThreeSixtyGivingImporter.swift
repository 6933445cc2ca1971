import Foundation

/// Imports UK grants published to the 360Giving Data Standard, in its JSON form (`{"grants": [...]}`)
/// or its flat spreadsheet form saved as CSV (column titles such as `Identifier`, `Amount Awarded`,
/// `Beneficiary Location:Geographic Code`).
///
/// Grants roll up into their grant programme: one initiative per programme and funder, with one
/// funding line holding the sum awarded, a caseload counting distinct recipients, and the grants'
/// beneficiary locations as neighbourhoods (GSS codes kept). The mapping is in docs/imports.md.
public struct ThreeSixtyGivingImporter {
    public struct Options: Sendable {
        /// "Today" for the portfolio; when nil, the latest award or last-modified date in the data.
        public var asOf: CalendarDate?
        /// The place's name; when nil, taken from the area (if any) or the funder.
        public var placeName: String?
        /// Keep only grants with this geographic code anywhere in their locations (beneficiary,
        /// recipient, or the district and ward GrantNav adds), e.g. `E08000035` for Leeds.
        public var area: String?
        /// A target group every programme is put in (360Giving does not say whom grants reach, and
        /// the overlap map compares target groups as well as places), e.g. "Community businesses".
        public var cohort: String?
        /// Put a grant in its ward rather than its LSOA where the data says which ward that is.
        public var wards: Bool

        public init(asOf: CalendarDate? = nil, placeName: String? = nil, area: String? = nil, cohort: String? = nil, wards: Bool = false) {
            self.asOf = asOf
            self.placeName = placeName
            self.area = area
            self.cohort = cohort
            self.wards = wards
        }
    }

    public let options: Options

    public init(options: Options = Options()) { self.options = options }

    /// Imports the files in order; `.csv` files are read as the flat form, anything else as JSON.
    public func importFiles(_ files: [(path: String, displayName: String)]) throws -> ImportResult {
        var grants: [Grant] = []
        var diagnostics: [Diagnostic] = []
        for file in files {
            let isCSV = file.path.lowercased().hasSuffix(".csv")
            let read = try isCSV ? Self.readCSV(file.path, displayName: file.displayName)
                                 : Self.readJSON(file.path, displayName: file.displayName)
            diagnostics += read.diagnostics
            if read.diagnostics.hasErrors { throw InputError(diagnostics.sortedByLocation()) }
            grants += read.grants
        }
        var builder = GrantPortfolioBuilder(options: options)
        let portfolio = builder.build(grants)
        diagnostics += builder.diagnostics
        return ImportResult(portfolio: portfolio, diagnostics: diagnostics.sortedByLocation(),
                            recordsRead: grants.count, recordsSkipped: builder.skipped)
    }

    // MARK: Reading JSON

    static func readJSON(_ path: String, displayName: String) throws -> (grants: [Grant], diagnostics: [Diagnostic]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileError(path: displayName, reason: "cannot read the file (does it exist, and may you read it?)")
        }
        let bytes = [UInt8](data)
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data)
        } catch {
            return ([], [JSONLocator.malformed(error, bytes: bytes, file: displayName)])
        }
        let items: [Any]
        if let object = root as? [String: Any], let list = object["grants"] as? [Any] {
            items = list
        } else if let list = root as? [Any] {
            items = list
        } else {
            return ([], [.error(.not360giving, "the file is JSON but has no \"grants\" list: a 360Giving file looks like {\"grants\": [ … ]}",
                                at: SourceLocation(file: displayName, line: 1, column: 1))])
        }
        let starts = JSONLocator(bytes).elementStarts
        var grants: [Grant] = []
        var diagnostics: [Diagnostic] = []
        for (n, item) in items.enumerated() {
            // Publishers often write the whole file on one line: the column then finds the grant.
            let location = n < starts.count ? SourceLocation(file: displayName, line: starts[n].line, column: starts[n].column)
                                            : SourceLocation(file: displayName, line: 1)
            guard let object = item as? [String: Any] else {
                diagnostics.append(.warning(.badValue, "grant \(n + 1) is not a JSON object; it was ignored", at: location))
                continue
            }
            grants.append(Grant(json: object, location: location))
        }
        return (grants, diagnostics)
    }

    // MARK: Reading the flat CSV form

    static func readCSV(_ path: String, displayName: String) throws -> (grants: [Grant], diagnostics: [Diagnostic]) {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw FileError(path: displayName, reason: "cannot read the file (does it exist, and may you read it?)")
        }
        let table = try CSVTableReader(path: path, displayName: displayName)
        // `Beneficiary Location:1:Geographic Code` → key `Beneficiary Location:Geographic Code`, item 1.
        let columns: [(key: String, item: Int)] = table.header.map { title in
            var item = 0, found = false
            var parts: [Substring] = []
            for part in title.split(separator: ":", omittingEmptySubsequences: false) {
                if let n = Int(part.trimmingCharacters(in: .whitespaces)) {
                    if !found { item = n; found = true }
                } else {
                    parts.append(Substring(part.trimmingCharacters(in: .whitespaces)))
                }
            }
            return (parts.joined(separator: ":").lowercased(), item)
        }
        let keys = Set(columns.map(\.key))
        var missing: [String] = []
        for required in ["Identifier", "Amount Awarded"] where !keys.contains(required.lowercased()) { missing.append(required) }
        if !missing.isEmpty {
            let list = missing.map { "'\($0)'" }.joined(separator: " and ")
            return ([], [.error(.missingColumn, "\(displayName) has no \(list) column: is this a 360Giving spreadsheet saved as CSV? (the first row must hold the 360Giving column titles)",
                                at: SourceLocation(file: displayName, line: 1, column: 1))])
        }
        var grants: [Grant] = []
        while let row = table.next() {
            var fields: [String: [Int: String]] = [:]
            var codes: [String: String] = [:] // column title → value, for geographic codes and their names
            for (i, cell) in row.enumerated() where i < columns.count {
                guard let value = ImportText.clean(cell) else { continue }
                let c = columns[i]
                if fields[c.key]?[c.item] == nil { fields[c.key, default: [:]][c.item] = value }
                codes[table.header[i]] = value
            }
            grants.append(Grant(flat: fields, titles: codes, location: SourceLocation(file: displayName, line: table.line)))
        }
        if let failure = table.failure { return (grants, [failure]) }
        return (grants, [])
    }
}

// MARK: - One grant

/// The parts of a grant the importer uses, from either form.
struct Grant {
    struct Location { var code: String?; var name: String?; var type: String? }

    var location: SourceLocation
    var id: String?
    var title: String?
    var amountText: String?
    var currency: String?
    var awardDate: CalendarDate?
    var plannedStart: CalendarDate?
    var plannedEnd: CalendarDate?
    var lastModified: CalendarDate?
    var programmeCode: String?, programmeTitle: String?, programmeURL: String?
    var funderID: String?, funderName: String?, funderDepartment: String?
    var recipients: [(id: String?, name: String?)] = []
    var individualID: String?
    var isToIndividual = false
    var beneficiaryLocations: [Location] = []
    /// Every geographic code the grant mentions, for `--area`, with a name where the source pairs one.
    var areaCodes: [String: String?] = [:]
    /// GrantNav's added ward of the recipient (ward level, so never too fine even for individuals).
    var wardHint: String?
    /// GrantNav's added ward of the recipient (name, GSS code), whatever the grant's impact.
    var recipientWard: (name: String, code: String)?
    var classifications: [(code: String?, title: String?)] = []

    init(json g: [String: Any], location: SourceLocation) {
        self.location = location
        func text(_ v: Any?) -> String? {
            if let s = v as? String { return ImportText.clean(s) }
            if let n = v as? NSNumber { return n.stringValue }
            return nil
        }
        func objects(_ v: Any?) -> [[String: Any]] {
            if let list = v as? [Any] { return list.compactMap { $0 as? [String: Any] } }
            if let one = v as? [String: Any] { return [one] }
            return []
        }
        id = text(g["id"])
        title = text(g["title"])
        if let i = g["amountAwarded"] as? Int {
            amountText = String(i)
        } else if let d = g["amountAwarded"] as? Double {
            amountText = "\(d)" // Swift prints the shortest text that reads back as the same number
        } else {
            amountText = text(g["amountAwarded"])
        }
        currency = text(g["currency"])
        awardDate = ImportText.date(text(g["awardDate"]))
        lastModified = ImportText.date(text(g["dateModified"]))
        let planned = objects(g["plannedDates"])
        plannedStart = planned.compactMap { ImportText.date(text($0["startDate"])) }.min()
        plannedEnd = planned.compactMap { ImportText.date(text($0["endDate"])) }.max()
        if let p = objects(g["grantProgramme"]).first {
            programmeCode = text(p["code"]); programmeTitle = text(p["title"]); programmeURL = text(p["url"])
        }
        if let f = objects(g["fundingOrganization"]).first {
            funderID = text(f["id"]); funderName = text(f["name"]); funderDepartment = text(f["department"])
        }
        for r in objects(g["recipientOrganization"]) {
            recipients.append((text(r["id"]), text(r["name"])))
            if text(r["organisationType"])?.lowercased() == "individual" { isToIndividual = true }
            for l in objects(r["location"]) { if let code = text(l["geoCode"]) { areaCodes[code] = text(l["name"]) } }
        }
        if let individual = objects(g["recipientIndividual"]).first {
            isToIndividual = true
            individualID = text(individual["id"])
        }
        if recipients.isEmpty { isToIndividual = true }
        for l in objects(g["beneficiaryLocation"]) {
            let loc = Location(code: text(l["geoCode"]), name: text(l["name"]), type: text(l["geoCodeType"]))
            beneficiaryLocations.append(loc)
            if let code = loc.code { areaCodes[code] = loc.name }
        }
        for c in objects(g["classifications"]) { classifications.append((text(c["code"]), text(c["title"]))) }
        // GrantNav's additional data: flat on older exports, under additional_data on newer ones.
        var ward: String?, wardCode: String?
        for source in [g] + objects(g["additional_data"]) {
            if let code = text(source["recipientDistrictGeoCode"]) { areaCodes[code] = text(source["recipientDistrictName"]) }
            if let code = text(source["recipientWardNameGeoCode"]) { areaCodes[code] = text(source["recipientWardName"]) }
            ward = ward ?? text(source["recipientWardName"])
            wardCode = wardCode ?? text(source["recipientWardNameGeoCode"])
        }
        let impact = g.first(where: { $0.key.lowercased().hasPrefix("postcode of impact") }).flatMap { text($0.value) }
        let recipientPostcode = objects(g["recipientOrganization"]).first.flatMap { text($0["postalCode"]) }
        wardHint = Grant.sameArea(impact, recipientPostcode) ? ward : nil
        if let ward, let wardCode { recipientWard = (ward, wardCode) }
    }

    /// GrantNav's ward is the recipient's; it names a beneficiary LSOA only when the publisher says the
    /// grant's impact is at the recipient's own postcode (as Power to Change's "Postcode of impact" does).
    static func sameArea(_ impactPostcode: String?, _ recipientPostcode: String?) -> Bool {
        guard let a = impactPostcode, let b = recipientPostcode else { return false }
        let norm = { (s: String) in s.uppercased().filter { !$0.isWhitespace } }
        return !norm(a).isEmpty && norm(a) == norm(b)
    }

    /// From a row of the flat form: `fields` by lower-cased column key and item number.
    init(flat f: [String: [Int: String]], titles: [String: String], location: SourceLocation) {
        self.location = location
        func value(_ key: String, _ item: Int = 0) -> String? { f[key.lowercased()]?[item] }
        id = value("Identifier")
        title = value("Title")
        amountText = value("Amount Awarded")
        currency = value("Currency")
        awardDate = ImportText.date(value("Award Date"))
        lastModified = ImportText.date(value("Last Modified"))
        plannedStart = ImportText.date(value("Planned Dates:Start Date"))
        plannedEnd = ImportText.date(value("Planned Dates:End Date"))
        programmeCode = value("Grant Programme:Code"); programmeTitle = value("Grant Programme:Title"); programmeURL = value("Grant Programme:URL")
        funderID = value("Funding Org:Identifier"); funderName = value("Funding Org:Name"); funderDepartment = value("Funding Org:Department")
        let recipientItems = Set((f["recipient org:identifier"] ?? [:]).keys).union((f["recipient org:name"] ?? [:]).keys).sorted()
        for i in recipientItems { recipients.append((value("Recipient Org:Identifier", i), value("Recipient Org:Name", i))) }
        individualID = value("Recipient Ind:Identifier")
        isToIndividual = recipients.isEmpty || individualID != nil || value("Recipient Ind:Name") != nil
        let locationItems = Set((f["beneficiary location:geographic code"] ?? [:]).keys).union((f["beneficiary location:name"] ?? [:]).keys).sorted()
        for i in locationItems {
            beneficiaryLocations.append(Location(code: value("Beneficiary Location:Geographic Code", i), name: value("Beneficiary Location:Name", i),
                                                 type: value("Beneficiary Location:Geographic Code Type", i)))
        }
        if let code = value("Classifications:Code") ?? value("Classifications:Title") {
            classifications.append((value("Classifications:Code"), value("Classifications:Title") ?? code))
        }
        // Any column holding a geographic code counts for --area; its name column is the same title
        // without "Geographic Code" (GrantNav: "Recipient District" / "Recipient District Geographic Code").
        for (title, code) in titles where title.lowercased().contains("geographic code") && !title.lowercased().contains("type") {
            let nameTitle = title.replacingOccurrences(of: " Geographic Code", with: "", options: .caseInsensitive)
                .replacingOccurrences(of: "Geographic Code", with: "Name", options: .caseInsensitive)
            areaCodes[code] = titles[nameTitle]
        }
        let ward = titles.first(where: { $0.key.lowercased().contains("recipient ward") && !$0.key.lowercased().contains("code") })?.value
        let wardCode = titles.first(where: { $0.key.lowercased().contains("recipient ward") && $0.key.lowercased().contains("code") })?.value
        let impact = titles.first(where: { $0.key.lowercased().hasPrefix("postcode of impact") })?.value
        wardHint = Grant.sameArea(impact, value("Recipient Org:Postal Code")) ? ward : nil
        if let ward, let wardCode { recipientWard = (ward, wardCode) }
    }
}

// MARK: - From grants to a portfolio

struct GrantPortfolioBuilder {
    let options: ThreeSixtyGivingImporter.Options
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var skipped = 0
    private var entities = EntityCollector()

    init(options: ThreeSixtyGivingImporter.Options) { self.options = options }

    /// One programme of one funder, as the grants add up.
    private struct Programme {
        var key: String
        var title: String
        var code: String?
        var url: String?
        var funderID: String
        var funderName: String
        var departments: Set<String> = []
        var grants = 0
        var recipients: Set<String> = []
        var amount: Decimal = 0
        var amounts = 0
        var starts: [CalendarDate] = []
        var ends: [CalendarDate] = []
        /// Starts of grants that give no end: an end before one of them is not the programme's end.
        var openStarts: [CalendarDate] = []
        var awards: [CalendarDate] = []
        var neighbourhoods: Set<String> = []
        var cohorts: Set<String> = []
    }

    mutating func build(_ all: [Grant]) -> Portfolio {
        var grants = all
        var areaName: String?
        if let area = options.area?.trimmingCharacters(in: .whitespaces), !area.isEmpty {
            grants = all.filter { g in g.areaCodes.keys.contains { $0.caseInsensitiveCompare(area) == .orderedSame } }
            skipped = all.count - grants.count
            areaName = grants.lazy.compactMap { g in g.areaCodes.first(where: { $0.key.caseInsensitiveCompare(area) == .orderedSame })?.value ?? nil }.first
            if grants.isEmpty {
                diagnostics.append(.warning(.emptyArea, "no grant mentions the area code '\(area)' in its beneficiary, recipient or added locations; the portfolio is empty (check the code: a local authority is E06/E07/E08/E09…, a ward E05…)"))
            }
        }
        let asOf = options.asOf ?? grants.flatMap { [$0.awardDate, $0.lastModified].compactMap { $0 } }.max()
        let currency = Self.mainCurrency(grants)

        var programmes: [String: Programme] = [:]
        var order: [String] = []
        var funderCount: Set<String> = []

        for (n, g) in grants.enumerated() {
            let grantID = g.id ?? "grant \(n + 1)"
            if g.id == nil {
                diagnostics.append(.warning(.missingField, "a grant has no Identifier; it is still counted in its programme", at: g.location, field: "Identifier"))
            }
            // The funder.
            let funderName = ImportText.name(g.funderName ?? g.funderID) ?? "Unnamed funder"
            let funderID = g.funderID.flatMap(ImportText.identifier) ?? ImportText.slug(funderName).map { "org:\($0)" } ?? "org:funder"
            if g.funderName == nil && g.funderID == nil {
                diagnostics.append(.warning(.missingField, "grant '\(grantID)' has no Funding Org; it is put under 'Unnamed funder'", at: g.location, field: "Funding Org:Name"))
            }
            entities.add(Organisation(id: funderID, name: funderName, sector: Self.sector(forOrganisationID: g.funderID)))
            funderCount.insert(funderID)

            // Its programme.
            let programmeTitle = ImportText.name(g.programmeTitle ?? g.programmeCode)
            let key = "\(funderID)|\(g.programmeCode ?? g.programmeTitle ?? "")"
            if programmes[key] == nil {
                order.append(key)
                programmes[key] = Programme(key: key, title: programmeTitle ?? "\(funderName): grants outside a named programme",
                                            code: g.programmeCode, url: g.programmeURL, funderID: funderID, funderName: funderName)
            }
            guard var p = programmes[key] else { continue }
            p.grants += 1
            if let d = g.funderDepartment.flatMap(ImportText.name) { p.departments.insert(d) }

            // Recipients: organisations become organisations; individuals are only counted.
            if g.isToIndividual {
                p.recipients.insert("individual:" + (g.individualID ?? grantID))
            } else {
                for r in g.recipients {
                    let name = ImportText.name(r.name ?? r.id) ?? "Unnamed recipient"
                    let id = r.id.flatMap(ImportText.identifier) ?? ImportText.slug(name).map { "org:\($0)" } ?? "org:recipient-\(n + 1)"
                    entities.add(Organisation(id: id, name: name, sector: Self.sector(forOrganisationID: r.id)))
                    p.recipients.insert(id)
                }
            }

            // Money.
            if let text = g.amountText {
                if let amount = ImportText.decimal(text) {
                    let grantCurrency = g.currency ?? currency
                    if amount < 0 {
                        diagnostics.append(.warning(.badValue, "grant '\(grantID)' has a negative Amount Awarded (\(text)); it was left out of the programme's funding", at: g.location, field: "Amount Awarded"))
                    } else if grantCurrency != currency {
                        diagnostics.append(.warning(.otherCurrency, "grant '\(grantID)' is in \(grantCurrency), the portfolio in \(currency); Convenor does not convert, so its amount was left out", at: g.location, field: "Currency"))
                    } else {
                        p.amount += amount
                        p.amounts += 1
                    }
                } else {
                    diagnostics.append(.warning(.badValue, "grant '\(grantID)' has Amount Awarded '\(text)', which is not a number; it was left out of the programme's funding", at: g.location, field: "Amount Awarded"))
                }
            } else {
                diagnostics.append(.warning(.missingField, "grant '\(grantID)' has no Amount Awarded", at: g.location, field: "Amount Awarded"))
            }

            // Dates: planned dates, else the award date as the start.
            let start = g.plannedStart ?? g.awardDate
            if let s = start { p.starts.append(s) }
            if let award = g.awardDate { p.awards.append(award) }
            if let e = g.plannedEnd {
                if let s = start, e < s {
                    diagnostics.append(.warning(.endBeforeStart, "grant '\(grantID)' ends (\(e)) before it starts (\(s)); its end date was left out", at: g.location, field: "Planned Dates:End Date"))
                    p.openStarts.append(s)
                } else {
                    p.ends.append(e)
                }
            } else if let s = start {
                p.openStarts.append(s)
            }

            // Places.
            var usable = g.beneficiaryLocations
            if g.isToIndividual {
                let fine = usable.filter { Self.isBelowWard(code: $0.code, type: $0.type, name: $0.name) }
                if !fine.isEmpty {
                    usable.removeAll { Self.isBelowWard(code: $0.code, type: $0.type, name: $0.name) }
                    diagnostics.append(.warning(.individualLocation, "grant '\(grantID)' is to an individual: its beneficiary location below ward level was left out (360Giving allows ward level or above for individuals)",
                                                at: g.location, field: "Beneficiary Location:Geographic Code"))
                }
            }
            // --wards: a grant placed below ward level (or not at all) goes to its recipient's ward, where
            // GrantNav's added data names one. Beneficiary locations at ward level or above are kept.
            if options.wards, let ward = g.recipientWard,
               usable.allSatisfy({ Self.isBelowWard(code: $0.code, type: $0.type, name: nil) || ($0.code == nil && $0.name == nil) }) {
                usable = [Grant.Location(code: ward.code, name: ward.name, type: "WD")]
            }
            var placed = false
            for l in usable {
                if let code = l.code, let id = ImportText.identifier(code) {
                    let type = l.type.map(Self.typeName) ?? "Area"
                    let name: String
                    if let given = l.name {
                        name = given
                    } else if let ward = g.wardHint, type == "LSOA", g.beneficiaryLocations.count == 1 {
                        name = "\(ward), LSOA \(code)"
                    } else {
                        name = "\(type) \(code)"
                    }
                    entities.add(Neighbourhood(id: id, name: ImportText.name(name) ?? id, code: code))
                    p.neighbourhoods.insert(id)
                    placed = true
                } else if let name = ImportText.name(l.name), let slug = ImportText.slug(name) {
                    entities.add(Neighbourhood(id: "place:\(slug)", name: name))
                    p.neighbourhoods.insert("place:\(slug)")
                    placed = true
                }
            }
            if !placed {
                diagnostics.append(.warning(.noLocation, "grant '\(grantID)' has no usable Beneficiary Location (code or name); it counts in its programme's funding but in no neighbourhood",
                                            at: g.location, field: "Beneficiary Location:Geographic Code"))
            }

            for c in g.classifications {
                guard let label = ImportText.name(c.title ?? c.code), let key = (c.code.flatMap(ImportText.identifier) ?? ImportText.slug(label)) else { continue }
                entities.add(Cohort(id: "class:\(key)", name: label))
                p.cohorts.insert("class:\(key)")
            }
            programmes[key] = p
        }

        var shared: Cohort?
        if let name = ImportText.name(options.cohort) {
            shared = Cohort(id: "cohort:" + (ImportText.slug(name) ?? "all"), name: name)
            if let shared { entities.add(shared) }
        }
        var ids = UniqueIDs()
        var initiatives: [Initiative] = []
        let severalFunders = funderCount.count > 1
        for key in order {
            guard let p = programmes[key] else { continue }
            var base = p.code.flatMap(ImportText.identifier) ?? ImportText.slug(p.title) ?? "programme"
            if p.code == nil && p.title.hasSuffix("grants outside a named programme") { base = "no-programme" }
            if severalFunders { base = (ImportText.slug(p.funderName, maxLength: 40) ?? "funder") + "/" + base }
            let id = ids.claim(base)
            let start = p.starts.min()
            var end = p.ends.max()
            if let e = end, let latestOpen = p.openStarts.max(), latestOpen > e { end = nil }
            let status = Portfolio.derivedStatus(start: start, end: end, asOf: asOf)
            let funding = p.amounts == 0 ? [] : [FundingLine(source: p.funderName, kind: .grant, amount: ImportText.money(p.amount), per: .total, start: start, end: end)]
            var description = "\(Format.count(p.grants)) grant\(p.grants == 1 ? "" : "s") to \(Format.count(p.recipients.count)) recipient\(p.recipients.count == 1 ? "" : "s") from \(p.funderName)"
            if let first = p.awards.min(), let last = p.awards.max() {
                description += first == last ? ", awarded \(first)" : ", awarded between \(first) and \(last)"
            }
            description += "."
            if let url = p.url { description += "\nProgramme page: \(url)" }
            initiatives.append(Initiative(
                id: id, name: p.title, kind: .programme, status: status, owner: p.funderID,
                department: p.departments.count == 1 ? p.departments.first : nil,
                start: start, end: end, funding: funding, coverage: .neighbourhoods(p.neighbourhoods.sorted()),
                cohorts: (p.cohorts.union(shared.map { [$0.id] } ?? [])).sorted(), caseload: p.recipients.count, description: ImportText.longText(description)))
        }

        let area = options.area?.trimmingCharacters(in: .whitespaces)
        let singleFunder = funderCount.count == 1 ? entities.organisations[funderCount.first ?? ""]?.name : nil
        let placeName = options.placeName ?? areaName ?? (area?.isEmpty == false ? area : nil)
            ?? singleFunder.map { "\($0) grants" } ?? "360Giving grants"
        return Portfolio(place: Place(name: ImportText.name(placeName) ?? "360Giving grants", code: area?.isEmpty == false ? area : nil,
                                      asOf: asOf, currency: currency),
                         neighbourhoods: entities.sortedNeighbourhoods, organisations: entities.sortedOrganisations,
                         cohorts: entities.sortedCohorts, initiatives: initiatives)
    }

    static func mainCurrency(_ grants: [Grant]) -> String {
        var counts: [String: Int] = [:]
        for g in grants { if let c = g.currency, c.count == 3, c.allSatisfy({ $0.isASCII && $0.isUppercase }) { counts[c, default: 0] += 1 } }
        return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.first?.key ?? "GBP"
    }

    /// Small areas and postcodes: output areas, LSOAs, MSOAs, Scottish data zones, NI small areas.
    static func isBelowWard(code: String?, type: String?, name: String?) -> Bool {
        let smallTypes: Set<String> = ["OA", "LSOA", "MSOA", "PC", "POSTCODE", "DZ", "IZ", "SA", "SOA"]
        if let t = type?.uppercased().replacingOccurrences(of: " ", with: ""), smallTypes.contains(t) { return true }
        for text in [code, name].compactMap({ $0?.uppercased() }) {
            if ["E00", "E01", "E02", "W00", "W01", "W02", "S00", "S01", "S02", "N00", "N01"].contains(where: { text.hasPrefix($0) }) && text.count == 9 {
                return true
            }
            if looksLikePostcode(text) { return true }
        }
        return false
    }

    /// A UK postcode or its outward code followed by the inward code: `LS3 1HH`, `SW1A1AA`.
    static func looksLikePostcode(_ text: String) -> Bool {
        let compact = text.replacingOccurrences(of: " ", with: "")
        guard (5...7).contains(compact.count), let first = compact.first, first.isLetter else { return false }
        let inward = Array(compact.suffix(3))
        return inward[0].isNumber && inward[1].isLetter && inward[2].isLetter && compact.dropLast(3).contains(where: \.isNumber)
    }

    static func typeName(_ raw: String) -> String {
        switch raw.uppercased() {
        case "WD", "WARD": return "Ward"
        case "LSOA": return "LSOA"
        case "MSOA": return "MSOA"
        case "LAD", "NMD", "MD", "UA", "LONB", "CTY": return "Local authority"
        case "RGN": return "Region"
        case "CTRY": return "Country"
        default: return raw
        }
    }

    /// Organisation identifier prefixes (org-id.guide) → sectors. Registered charities, mutuals and
    /// companies are counted as voluntary: 360Giving grants to companies go overwhelmingly to CICs,
    /// companies limited by guarantee and community businesses (see docs/imports.md).
    static func sector(forOrganisationID id: String?) -> Sector? {
        guard let id = id?.uppercased() else { return nil }
        let table: [(String, Sector)] = [
            ("GB-CHC-", .voluntary), ("GB-SC-", .voluntary), ("GB-NIC-", .voluntary), ("GB-MPR-", .voluntary),
            ("GB-COH-", .voluntary), ("GB-CIC-", .voluntary),
            ("GB-LAE-", .localGovernment), ("GB-LAS-", .localGovernment), ("GB-LANI-", .localGovernment), ("GB-PLA-", .localGovernment),
            ("GB-NHS-", .health), ("GB-EDU-", .education), ("GB-UKPRN-", .education), ("GB-HESA-", .education),
            ("GB-SHPE-", .housing), ("GB-GOR-", .other), ("GB-GOVUK-", .other),
        ]
        return table.first { id.hasPrefix($0.0) }?.1
    }
}
