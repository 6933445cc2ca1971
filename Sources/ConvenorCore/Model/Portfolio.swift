import Foundation

/// One place's portfolio of initiatives: the model every Convenor command reads.
///
/// Read from XML (`XMLPortfolioReader`) or a CSV folder (`CSVPortfolioReader`); both give the same
/// value for the same content. Where each entity came from is kept apart, in a `SourceMap`.
public struct Portfolio: Sendable, Equatable {
    public var place: Place
    public var neighbourhoods: [Neighbourhood]
    public var organisations: [Organisation]
    public var teams: [Team]
    public var cohorts: [Cohort]
    public var outcomes: [Outcome]
    public var initiatives: [Initiative]
    /// Household contacts, when the portfolio has them (CSV only; large).
    public var contacts: ContactLog

    public init(place: Place, neighbourhoods: [Neighbourhood] = [], organisations: [Organisation] = [],
                teams: [Team] = [], cohorts: [Cohort] = [], outcomes: [Outcome] = [],
                initiatives: [Initiative] = [], contacts: ContactLog = ContactLog()) {
        self.place = place
        self.neighbourhoods = neighbourhoods
        self.organisations = organisations
        self.teams = teams
        self.cohorts = cohorts
        self.outcomes = outcomes
        self.initiatives = initiatives
        self.contacts = contacts
    }
}

public struct Place: Sendable, Equatable {
    public var name: String
    /// ONS GSS code of the place, e.g. E08000010.
    public var code: String?
    /// "Today" for every date rule; `--as-of` overrides it.
    public var asOf: CalendarDate?
    /// ISO 4217 code; GBP when the file does not say.
    public var currency: String

    public init(name: String, code: String? = nil, asOf: CalendarDate? = nil, currency: String = "GBP") {
        self.name = name
        self.code = code
        self.asOf = asOf
        self.currency = currency
    }
}

public struct Neighbourhood: Sendable, Equatable, Identifiable {
    public var id: String
    public var name: String
    /// Ward or LSOA GSS code.
    public var code: String?
    public var population: Int?
    public var imdDecile: Int?

    public init(id: String, name: String, code: String? = nil, population: Int? = nil, imdDecile: Int? = nil) {
        self.id = id
        self.name = name
        self.code = code
        self.population = population
        self.imdDecile = imdDecile
    }
}

public struct Organisation: Sendable, Equatable, Identifiable {
    public var id: String
    public var name: String
    public var sector: Sector?

    public init(id: String, name: String, sector: Sector? = nil) {
        self.id = id
        self.name = name
        self.sector = sector
    }
}

public struct Team: Sendable, Equatable, Identifiable {
    public var id: String
    public var name: String
    public var organisation: String?
    public var department: String?
    public var fte: Decimal?
    public var role: TeamRole?
    public var neighbourhoods: [String]

    public init(id: String, name: String, organisation: String? = nil, department: String? = nil,
                fte: Decimal? = nil, role: TeamRole? = nil, neighbourhoods: [String] = []) {
        self.id = id
        self.name = name
        self.organisation = organisation
        self.department = department
        self.fte = fte
        self.role = role
        self.neighbourhoods = neighbourhoods
    }
}

public struct Cohort: Sendable, Equatable, Identifiable {
    public var id: String
    public var name: String
    /// Cohorts that must never be served by one merged service with this one (victims of domestic
    /// abuse and the people who harm them, say), as written: the relation holds both ways.
    public var neverMergeWith: [String]
    public init(id: String, name: String, neverMergeWith: [String] = []) { self.id = id; self.name = name; self.neverMergeWith = neverMergeWith }
}

public struct Outcome: Sendable, Equatable, Identifiable {
    public var id: String
    public var name: String
    public init(id: String, name: String) { self.id = id; self.name = name }
}

/// Where an initiative works: named neighbourhoods, or the whole place (`*`).
public enum Coverage: Sendable, Equatable {
    case everywhere
    case neighbourhoods([String])

    public var isEmpty: Bool { if case .neighbourhoods(let ids) = self { ids.isEmpty } else { false } }
}

public struct FundingLine: Sendable, Equatable {
    public var source: String
    public var kind: FundingKind?
    public var amount: Decimal
    public var per: FundingPeriod
    public var start: CalendarDate?
    public var end: CalendarDate?

    public init(source: String, kind: FundingKind? = nil, amount: Decimal, per: FundingPeriod = .total,
                start: CalendarDate? = nil, end: CalendarDate? = nil) {
        self.source = source
        self.kind = kind
        self.amount = amount
        self.per = per
        self.start = start
        self.end = end
    }
}

/// The initiative's own assessment: its "front door".
public struct Assessment: Sendable, Equatable {
    public var name: String
    public var unitCost: Decimal?
    public init(name: String, unitCost: Decimal? = nil) { self.name = name; self.unitCost = unitCost }
}

public struct Evidence: Sendable, Equatable {
    public var level: EvidenceLevel
    public var result: EvidenceResult?
    public var date: CalendarDate?
    public var source: String?

    public init(level: EvidenceLevel, result: EvidenceResult? = nil, date: CalendarDate? = nil, source: String? = nil) {
        self.level = level
        self.result = result
        self.date = date
        self.source = source
    }
}

public struct Review: Sendable, Equatable {
    public var date: CalendarDate
    public var owner: String?
    public init(date: CalendarDate, owner: String? = nil) { self.date = date; self.owner = owner }
}

/// One entry of a council's decision record for an initiative.
public struct Decision: Sendable, Equatable {
    public var value: DecisionValue
    public var date: CalendarDate?
    public var by: String?
    /// The initiative this one merges into (only with `merge`).
    public var into: String?
    public var rationale: String?
    /// The alternatives considered and rejected (a council's decision record names them).
    public var alternatives: String?

    public init(value: DecisionValue, date: CalendarDate? = nil, by: String? = nil, into: String? = nil,
                rationale: String? = nil, alternatives: String? = nil) {
        self.value = value
        self.date = date
        self.by = by
        self.into = into
        self.rationale = rationale
        self.alternatives = alternatives
    }

    /// The current decision of a history: the latest by date. An undated decision counts as older
    /// than any dated one; of two on the same day, the one recorded later wins.
    public static func current(of history: [Decision]) -> Decision? {
        currentIndex(of: history).map { history[$0] }
    }

    /// The position of the current decision in a history (see `current(of:)`).
    public static func currentIndex(of history: [Decision]) -> Int? {
        var best: Int?
        for (n, d) in history.enumerated() {
            guard let b = best else { best = n; continue }
            switch (history[b].date, d.date) {
            case (nil, _): best = n
            case (let x?, let y?) where y >= x: best = n
            default: break
            }
        }
        return best
    }
}

public struct Initiative: Sendable, Equatable, Identifiable {
    public var id: String
    public var name: String
    public var kind: InitiativeKind
    public var status: InitiativeStatus
    /// Owning organisation's id.
    public var owner: String?
    public var department: String?
    public var sponsor: String?
    public var start: CalendarDate?
    public var end: CalendarDate?
    public var funding: [FundingLine]
    public var teams: [String]
    public var coverage: Coverage
    public var cohorts: [String]
    public var outcomes: [String]
    public var assessment: Assessment?
    /// Households on the caseload.
    public var caseload: Int?
    public var evidence: Evidence?
    public var review: Review?
    /// The decision record, in the order recorded (file order). Several decisions are allowed;
    /// `decision` is the current one.
    public var decisions: [Decision]
    public var description: String?

    /// The current decision: the latest by date (`Decision.current(of:)`). Setting it makes it the
    /// only decision (nil: none); to add to the history, append to `decisions`.
    public var decision: Decision? {
        get { Decision.current(of: decisions) }
        set { decisions = newValue.map { [$0] } ?? [] }
    }

    public init(id: String, name: String, kind: InitiativeKind, status: InitiativeStatus,
                owner: String? = nil, department: String? = nil, sponsor: String? = nil,
                start: CalendarDate? = nil, end: CalendarDate? = nil, funding: [FundingLine] = [],
                teams: [String] = [], coverage: Coverage = .neighbourhoods([]), cohorts: [String] = [],
                outcomes: [String] = [], assessment: Assessment? = nil, caseload: Int? = nil,
                evidence: Evidence? = nil, review: Review? = nil, decision: Decision? = nil,
                decisions: [Decision] = [], description: String? = nil) {
        self.id = id
        self.name = name
        self.kind = kind
        self.status = status
        self.owner = owner
        self.department = department
        self.sponsor = sponsor
        self.start = start
        self.end = end
        self.funding = funding
        self.teams = teams
        self.coverage = coverage
        self.cohorts = cohorts
        self.outcomes = outcomes
        self.assessment = assessment
        self.caseload = caseload
        self.evidence = evidence
        self.review = review
        self.decisions = (decision.map { [$0] } ?? []) + decisions
        self.description = description
    }
}

/// Household contacts with initiatives, stored column by column: millions of rows must stay small.
///
/// Household ids are pseudonymous but still personal data: they are kept here only to count
/// distinct households, and no renderer may print them.
public struct ContactLog: Sendable, Equatable {
    /// Distinct household ids, in order of first appearance; a contact refers to one by index.
    public private(set) var householdIDs = IDList()
    /// Distinct initiative ids named by contacts, in order of first appearance; a contact refers to one by index.
    public private(set) var initiativeIDs = IDList()
    public private(set) var household: [Int32] = []
    public private(set) var initiative: [Int32] = []
    /// Days since 1970-01-01, or `ContactLog.noDate`.
    public private(set) var day: [Int32] = []
    public private(set) var assessed: [Bool] = []

    public static let noDate = Int32.min

    public init() {}

    public var count: Int { household.count }
    public var isEmpty: Bool { household.isEmpty }

    public func date(at index: Int) -> CalendarDate? {
        day[index] == Self.noDate ? nil : CalendarDate(daysSinceEpoch: day[index])
    }

    /// Builds a log, interning ids as it goes (by their bytes: a known id costs no allocation).
    public struct Builder {
        private var log = ContactLog()
        private var households: ByteInterner
        private var initiatives = ByteInterner()
        // Contacts usually come grouped by household: the previous row's household is checked first.
        private var lastHousehold: Int32 = -1
        private var lastHouseholdBytes: [UInt8] = []

        public init(expectedCount: Int = 0) {
            households = ByteInterner(expectedCount: expectedCount / 4, deferringTableWhileAscending: true)
            log.household.reserveCapacity(expectedCount)
            log.initiative.reserveCapacity(expectedCount)
            log.day.reserveCapacity(expectedCount)
            log.assessed.reserveCapacity(expectedCount)
        }

        public mutating func append(household: String, initiative: String, date: CalendarDate?, assessed: Bool) {
            var h = household, i = initiative
            h.withUTF8 { hb in
                i.withUTF8 { ib in append(household: hb, initiative: ib, day: date?.daysSinceEpoch ?? ContactLog.noDate, assessed: assessed) }
            }
        }

        /// Appends a contact given as UTF-8 bytes (valid UTF-8, checked by the caller).
        @inline(__always)
        mutating func append(household: UnsafeBufferPointer<UInt8>, initiative: UnsafeBufferPointer<UInt8>, day: Int32, assessed: Bool) {
            appendContact(household: household, initiative: Int32(initiatives.intern(initiative).number), day: day, assessed: assessed)
        }

        /// Appends a contact whose initiative the caller has already numbered with `numberInitiative`.
        @inline(__always)
        mutating func append(household: UnsafeBufferPointer<UInt8>, initiativeNumber: Int32, day: Int32, assessed: Bool) {
            appendContact(household: household, initiative: initiativeNumber, day: day, assessed: assessed)
        }

        /// The number contacts use for an initiative id, given as bytes.
        mutating func numberInitiative(_ id: UnsafeBufferPointer<UInt8>) -> Int32 {
            Int32(initiatives.intern(id).number)
        }

        @inline(__always)
        private mutating func appendContact(household: UnsafeBufferPointer<UInt8>, initiative: Int32, day: Int32, assessed: Bool) {
            let h: Int32
            if lastHousehold >= 0, Self.same(household, lastHouseholdBytes) {
                h = lastHousehold
            } else {
                h = Int32(households.intern(household).number)
                lastHousehold = h
                lastHouseholdBytes.removeAll(keepingCapacity: true)
                lastHouseholdBytes.append(contentsOf: household)
            }
            log.household.append(h)
            log.initiative.append(initiative)
            log.day.append(day)
            log.assessed.append(assessed)
        }

        @inline(__always)
        private static func same(_ key: UnsafeBufferPointer<UInt8>, _ bytes: [UInt8]) -> Bool {
            guard key.count == bytes.count else { return false }
            guard !key.isEmpty, let base = key.baseAddress else { return true }
            return bytes.withUnsafeBufferPointer { ByteInterner.sameBytes(base, $0.baseAddress!, key.count) }
        }

        /// Appends the contacts of a builder that read the next part of the same file. Its ids are
        /// renumbered in its order of first use, so the log is exactly the one reading both parts in
        /// order would build.
        mutating func append(contentsOf part: consuming Builder) {
            let partHouseholds = part.households
            var partLog = part.build()
            // Room for both parts at once: the renumbering below then neither rehashes the household
            // table nor copies the columns (the first part is usually sized for the whole file already).
            log.household.reserveCapacity(log.household.count + partLog.count)
            log.initiative.reserveCapacity(log.initiative.count + partLog.count)
            log.day.reserveCapacity(log.day.count + partLog.count)
            log.assessed.reserveCapacity(log.assessed.count + partLog.count)
            // A file sorted by household: the part's households all come after these, and are appended.
            switch households.absorb(partHouseholds) {
            case .shifted(let shift):
                for h in partLog.household { log.household.append(h + shift) }
            case .mapped(let householdNumber):
                for h in partLog.household { log.household.append(householdNumber[Int(h)]) }
            }
            let initiativeNumber = partLog.initiativeIDs.withKeys { initiatives.number(of: $0) }
            for i in partLog.initiative { log.initiative.append(initiativeNumber[Int(i)]) }
            log.day.append(contentsOf: partLog.day)
            log.assessed.append(contentsOf: partLog.assessed)
            partLog = ContactLog()
            lastHousehold = -1
        }

        public consuming func build() -> ContactLog {
            var log = log
            log.householdIDs = households.keys
            log.initiativeIDs = initiatives.keys
            return log
        }
    }
}
