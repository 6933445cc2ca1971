import Foundation

/// Turns records (from either form) into model values. The same code serves XML and CSV, so both
/// forms accept the same values and report the same problems in the same words.
struct EntityBuilder {
    var decoder = RecordDecoder()

    mutating func place(_ r: Record) -> Place? {
        // Read first: it decides how every later date (this place's as-of included) is read.
        if let raw = r.text(.dateOrder) {
            if let order = DateOrder(rawValue: raw.trimmingSpaces().lowercased()) {
                decoder.dateOrder = order
            } else {
                decoder.diagnostics.append(.error(.badValue, "place: date-order '\(raw)' is not a date order; use dmy (31/03/2027, the default) or mdy (03/31/2027)",
                                                  at: r.location(of: .dateOrder), field: r.sourceName(of: .dateOrder)))
            }
        }
        guard let name = decoder.required(.name, in: r) else { return nil }
        let currency = r.text(.currency)?.trimmingSpaces()
        if let currency, currency.count != 3 || !currency.allSatisfy({ $0.isUppercase && $0.isASCII }) {
            decoder.diagnostics.append(.error(.badValue, "place: currency '\(currency)' is not an ISO 4217 code such as GBP",
                                              at: r.location(of: .currency), field: r.sourceName(of: .currency)))
        }
        return Place(name: name, code: r.text(.code), asOf: decoder.date(.asOf, in: r), currency: currency ?? "GBP")
    }

    mutating func neighbourhood(_ r: Record) -> Neighbourhood? {
        let id = decoder.required(.id, in: r), name = decoder.required(.name, in: r)
        let population = decoder.integer(.population, in: r)
        let decile = decoder.integer(.imdDecile, in: r, range: 1...10)
        guard let id, let name else { return nil }
        return Neighbourhood(id: id, name: name, code: r.text(.code), population: population, imdDecile: decile)
    }

    mutating func organisation(_ r: Record) -> Organisation? {
        let id = decoder.required(.id, in: r), name = decoder.required(.name, in: r)
        let sector = decoder.choice(.sector, in: r, as: Sector.self, what: "sector")
        guard let id, let name else { return nil }
        return Organisation(id: id, name: name, sector: sector)
    }

    mutating func team(_ r: Record) -> Team? {
        let id = decoder.required(.id, in: r), name = decoder.required(.name, in: r)
        let fte = decoder.decimal(.fte, in: r)
        let role = decoder.choice(.role, in: r, as: TeamRole.self, what: "team role")
        let neighbourhoods = decoder.list(.neighbourhoods, in: r)
        guard let id, let name else { return nil }
        return Team(id: id, name: name, organisation: r.text(.organisation), department: r.text(.department),
                    fte: fte, role: role, neighbourhoods: neighbourhoods)
    }

    mutating func cohort(_ r: Record) -> Cohort? {
        let id = decoder.required(.id, in: r), name = decoder.required(.name, in: r)
        let neverMergeWith = decoder.list(.neverMergeWith, in: r)
        guard let id, let name else { return nil }
        return Cohort(id: id, name: name, neverMergeWith: neverMergeWith)
    }

    mutating func outcome(_ r: Record) -> Outcome? {
        let id = decoder.required(.id, in: r), name = decoder.required(.name, in: r)
        guard let id, let name else { return nil }
        return Outcome(id: id, name: name)
    }

    mutating func funding(_ r: Record) -> FundingLine? {
        let source = decoder.required(.source, in: r)
        let kind = decoder.choice(.kind, in: r, as: FundingKind.self, what: "funding kind")
        let amount = r.text(.amount) == nil ? decoder.required(.amount, in: r).flatMap { _ in nil } : decoder.decimal(.amount, in: r)
        let per = decoder.choice(.per, in: r, as: FundingPeriod.self, what: "funding period")
        let start = decoder.date(.start, in: r), end = decoder.date(.end, in: r)
        guard let source, let amount else { return nil }
        return FundingLine(source: source, kind: kind, amount: amount, per: per ?? .total, start: start, end: end)
    }

    /// An initiative from its flattened fields (CSV column names); funding lines are added by the reader.
    mutating func initiative(_ r: Record) -> Initiative? {
        let id = decoder.required(.id, in: r), name = decoder.required(.name, in: r)
        let kind = r.text(.kind) == nil ? decoder.required(.kind, in: r).flatMap { _ in nil }
            : decoder.choice(.kind, in: r, as: InitiativeKind.self, what: "kind of initiative")
        let status = r.text(.status) == nil ? decoder.required(.status, in: r).flatMap { _ in nil }
            : decoder.choice(.status, in: r, as: InitiativeStatus.self, what: "status")
        let start = decoder.date(.start, in: r), end = decoder.date(.end, in: r)
        let coverage: Coverage = r.text(.neighbourhoods)?.trimmingSpaces() == "*"
            ? .everywhere : .neighbourhoods(decoder.list(.neighbourhoods, in: r))

        var assessment: Assessment?
        let unitCost = decoder.decimal(.assessmentUnitCost, in: r)
        if let assessmentName = r.text(.assessmentName) {
            assessment = Assessment(name: assessmentName, unitCost: unitCost)
        } else if unitCost != nil {
            orphan(.assessmentUnitCost, needs: .assessmentName, r)
        }

        var evidence: Evidence?
        let level = decoder.choice(.evidenceLevel, in: r, as: EvidenceLevel.self, what: "level of evidence")
        let result = decoder.choice(.evidenceResult, in: r, as: EvidenceResult.self, what: "evidence result")
        let evidenceDate = decoder.date(.evidenceDate, in: r)
        if let level {
            evidence = Evidence(level: level, result: result, date: evidenceDate, source: r.text(.evidenceSource))
        } else if r.text(.evidenceLevel) == nil {
            for field in [FieldKey.evidenceResult, .evidenceDate, .evidenceSource] where r.text(field) != nil {
                orphan(field, needs: .evidenceLevel, r)
            }
        }

        var review: Review?
        if let reviewDate = decoder.date(.reviewDate, in: r) {
            review = Review(date: reviewDate, owner: r.text(.reviewOwner))
        } else if r.text(.reviewDate) == nil, r.text(.reviewOwner) != nil {
            orphan(.reviewOwner, needs: .reviewDate, r)
        }

        let decision = self.decision(r)

        let caseload = decoder.integer(.caseloadHouseholds, in: r)
        let teams = decoder.list(.teams, in: r)
        let cohorts = decoder.list(.cohorts, in: r)
        let outcomes = decoder.list(.outcomes, in: r)
        guard let id, let name, let kind, let status else { return nil }
        return Initiative(id: id, name: name, kind: kind, status: status, owner: r.text(.owner),
                          department: r.text(.department), sponsor: r.text(.sponsor), start: start, end: end,
                          teams: teams, coverage: coverage, cohorts: cohorts, outcomes: outcomes,
                          assessment: assessment, caseload: caseload, evidence: evidence, review: review,
                          decision: decision, description: r.text(.description))
    }

    /// A decision from fields named as in initiatives.csv (`decision`, `decision-date`, …): an
    /// initiative's row, one `<decision>` element, or one row of decisions.csv. nil when there is none.
    mutating func decision(_ r: Record) -> Decision? {
        let value = decoder.choice(.decision, in: r, as: DecisionValue.self, what: "decision")
        let date = decoder.date(.decisionDate, in: r)
        if let value {
            return Decision(value: value, date: date, by: r.text(.decisionBy), into: r.text(.decisionInto),
                            rationale: r.text(.decisionRationale), alternatives: r.text(.decisionAlternatives))
        }
        if r.text(.decision) == nil {
            for field in Self.decisionDetailFields where r.text(field) != nil {
                orphan(field, needs: .decision, r)
            }
        }
        return nil
    }

    static let decisionDetailFields: [FieldKey] = [.decisionDate, .decisionBy, .decisionInto, .decisionRationale, .decisionAlternatives]

    private mutating func orphan(_ field: FieldKey, needs other: FieldKey, _ r: Record) {
        decoder.diagnostics.append(.error(.orphanField, "\(r.subject): \(field.name) is given but \(other.name) is empty; fill in \(other.name) or clear \(field.name)",
                                          at: r.location(of: field), field: r.sourceName(of: field)))
    }
}
