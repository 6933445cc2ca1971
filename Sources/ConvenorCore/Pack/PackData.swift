import Foundation

/// The place's own figures that a workshop pack puts in front of the room.
///
/// Built by `PackDataBuilder` from the portfolio alone. Three seams are left for the analyses that
/// live elsewhere, and are filled by the caller when it has run them:
/// - `overlapFindings` and `networkSVG` from the overlap map (`convenor overlap`);
/// - `recommendations` from the stop/start register (`convenor register`).
/// Templates and slides show them when present and say how to get them when not.
public struct PackData: Sendable, Equatable {
    public var place: String
    public var placeCode: String?
    /// The pack's "today": the portfolio's as-of date unless `--date` says otherwise.
    public var asOf: CalendarDate
    public var currency: String
    /// Pilots that are proposed, live or paused: one card each. Most urgent first.
    public var pilots: [PilotFacts]
    /// Neighbourhoods with the most live initiatives first.
    public var neighbourhoods: [NeighbourhoodSummary]
    public var portfolioFacts: PortfolioFacts
    public var barriers: [Barrier]

    /// Seam: plain-language findings from the overlap map, e.g. "3 initiatives send separate outreach
    /// teams to Riverside's rough sleepers". Empty until the overlap analysis fills it.
    public var overlapFindings: [String]
    /// Seam: the overlap map's `network.svg` (trusted SVG made by Convenor), embedded as it is.
    public var networkSVG: String?
    /// Seam: the register's view of each initiative, by initiative id.
    public var recommendations: [String: RegisterRecommendation]

    /// Pilots the room has to decide on: something on the card needs attention, or the register recommends a change.
    public var pilotsNeedingDecision: [PilotFacts] {
        pilots.filter { !$0.attention.isEmpty || (recommendations[$0.id].map { $0.recommendation != "continue" } ?? false) }
    }
}

/// The register's recommendation for one initiative (filled from `convenor register`).
public struct RegisterRecommendation: Sendable, Equatable {
    /// A `Recommendation` raw value: stop, merge, decide, scale, start or continue.
    public var recommendation: String
    /// Flag ids, e.g. `review-overdue`, `funding-cliff`.
    public var flags: [String]
    /// One sentence per flag, as the register words it.
    public var reasons: [String]

    public init(recommendation: String, flags: [String] = [], reasons: [String] = []) {
        self.recommendation = recommendation
        self.flags = flags
        self.reasons = reasons
    }
}

/// What a pilot card shows. Text fields are ready to print.
public struct PilotFacts: Sendable, Equatable {
    public var id: String
    public var name: String
    public var owner: String
    public var sponsor: String?
    public var status: String
    /// "April 2024 to September 2027".
    public var dates: String
    /// Months from start to as-of (nil when not started or no start).
    public var monthsRunning: Int?
    /// "£165,000 a year (Homelessness Prevention Grant)".
    public var funding: String
    /// "30 September 2027 (in 11 months)", or "no end date".
    public var fundingEnds: String
    public var fundingEndDate: CalendarDate?
    /// Households on the caseload, suppressed below the threshold ("<5").
    public var caseload: String
    public var evidence: String
    public var review: String
    public var reviewOverdue: Bool
    public var lastDecision: String?
    public var description: String?
    /// Facts that call for a decision, in plain words. Empty when nothing is pressing.
    public var attention: [String]
    /// Annual value of the pilot's funding, for sorting and totals.
    public var annualFunding: Decimal
}

/// One neighbourhood's load: how many initiatives, teams and front doors work there.
public struct NeighbourhoodSummary: Sendable, Equatable {
    public var id: String
    public var name: String
    public var population: Int?
    public var imdDecile: Int?
    /// Active initiatives covering it (named, or working everywhere).
    public var liveInitiatives: Int
    /// Distinct teams of those initiatives that cover it.
    public var teams: Int
    public var fte: Decimal
    /// Distinct own assessments of those initiatives: the doors a family may be asked through.
    public var frontDoors: Int
    /// Names of the initiatives, sorted, for profiles.
    public var initiativeNames: [String]
}

/// Headline figures about the portfolio, worked out from the model alone.
public struct PortfolioFacts: Sendable, Equatable {
    public var activeInitiatives: Int
    public var livePilots: Int
    public var reviewsOverdue: Int
    /// Initiatives started in the three years before as-of.
    public var startedLastThreeYears: Int
    /// Initiatives stopped or ended on purpose (status stopped, or a stop decision) in those three years.
    public var stoppedLastThreeYears: Int
    /// Funding lines ending in each of the next four quarters.
    public var fundingEnding: [QuarterFunding]
    /// Annual value of every live funding line of active initiatives.
    public var annualFunding: Decimal
    /// The same, by kind of money (core, grant, pooled, external, not recorded), largest first.
    public var fundingByKind: [KindFunding]
    /// Distinct funding sources ("pots") behind active initiatives.
    public var fundingSources: Int
    /// Distinct own assessments of active initiatives: the place's front doors.
    public var frontDoors: Int
}

public struct KindFunding: Sendable, Equatable {
    public var label: String
    public var annualValue: Decimal
    public var initiatives: Int
}

public struct QuarterFunding: Sendable, Equatable {
    /// "Jan–Mar 2027".
    public var label: String
    public var initiatives: Int
    /// Annual value of the funding lines that end in the quarter.
    public var annualValue: Decimal
}

/// Builds `PackData` from a portfolio. Deterministic: everything is sorted, no clock is read.
public struct PackDataBuilder: Sendable {
    public var portfolio: Portfolio
    public var asOf: CalendarDate
    public var barriers: [Barrier]
    /// Household counts below this print as `<N`.
    public var suppressionThreshold: Int

    public init(portfolio: Portfolio, asOf: CalendarDate, barriers: [Barrier] = [], suppressionThreshold: Int = 5) {
        self.portfolio = portfolio
        self.asOf = asOf
        self.barriers = barriers
        self.suppressionThreshold = suppressionThreshold
    }

    public func build() -> PackData {
        PackData(place: portfolio.place.name, placeCode: portfolio.place.code, asOf: asOf,
                 currency: portfolio.place.currency, pilots: pilots(), neighbourhoods: neighbourhoods(),
                 portfolioFacts: facts(), barriers: barriers, overlapFindings: [], networkSVG: nil, recommendations: [:])
    }

    private var currency: String { portfolio.place.currency }

    // MARK: Pilots

    func pilots() -> [PilotFacts] {
        let organisations = Dictionary(portfolio.organisations.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let cards = portfolio.initiatives
            .filter { $0.kind == .pilot && [.proposed, .live, .paused].contains($0.status) }
            .map { facts(for: $0, organisations: organisations) }
        return cards.sorted { a, b in
            if a.reviewOverdue != b.reviewOverdue { return a.reviewOverdue }
            if a.attention.count != b.attention.count { return a.attention.count > b.attention.count }
            switch (a.fundingEndDate, b.fundingEndDate) {
            case let (x?, y?) where x != y: return x < y
            case (_?, nil): return true
            case (nil, _?): return false
            default: return a.name == b.name ? a.id < b.id : a.name < b.name
            }
        }
    }

    func reviewOverdue(_ i: Initiative) -> Bool {
        guard let review = i.review, review.date < asOf else { return false }
        if let decided = i.decision?.date, decided >= review.date { return false }
        return true
    }

    func facts(for i: Initiative, organisations: [String: String]) -> PilotFacts {
        var attention: [String] = []
        let months = i.start.flatMap { $0 <= asOf ? $0.months(until: asOf) : nil }

        // Funding: the annual value, and when the money runs out (nil: some line has no end).
        let annual = i.funding.reduce(Decimal(0)) { $0 + annualValue($1) }
        let sources = Array(Set(i.funding.map(\.source))).sorted()
        var funding = i.funding.isEmpty ? "none recorded" : "\(Format.money(annual, currency: currency)) a year"
        if !sources.isEmpty { funding += " (\(sources.joined(separator: ", ")))" }
        let openEnded = i.funding.contains { $0.end == nil }
        let fundingEnd = openEnded ? nil : i.funding.compactMap(\.end).max()
        var fundingEnds = "no end date"
        if let end = fundingEnd {
            let m = asOf.months(until: end)
            fundingEnds = Format.longDate(end) + (end < asOf ? " (already ended)" : m <= 0 ? " (this month)" : " (in \(m) month\(m == 1 ? "" : "s"))")
            let covered = i.decision.map { d in [.stop, .scale, .merge, .continue].contains(d.value) && (d.date.map { $0 >= end.adding(months: -12) } ?? false) } ?? false
            if end >= asOf && end <= asOf.adding(months: 6) && !covered {
                attention.append("Funding ends \(Format.longDate(end)) and no decision covers what happens next")
            }
        } else if i.funding.isEmpty {
            fundingEnds = "no funding recorded"
        }

        var review = "none set"
        let overdue = reviewOverdue(i)
        if let r = i.review {
            review = Format.longDate(r.date) + (r.owner.map { " (\($0))" } ?? "")
            if overdue {
                review += ", overdue"
                attention.append("Review was due \(Format.longDate(r.date)) and no decision has been recorded since")
            }
        }
        if i.status == .live, let months, months > 24, ![.stop, .scale, .merge].contains(i.decision?.value) {
            attention.append("Live for \(months) months with no decision to stop, scale or merge")
        }
        var evidence = "none recorded"
        if let e = i.evidence {
            evidence = e.level.rawValue.capitalized
            if let result = e.result, result != .unknown { evidence += ", \(result.rawValue)" }
            if let date = e.date { evidence += " (\(Format.monthYear(date)))" }
            if let source = e.source { evidence += ": \(source)" }
        }
        if i.status == .live, let months, months > 12, (i.evidence?.level ?? EvidenceLevel.none) <= EvidenceLevel.anecdotal {
            attention.append("Live for \(months) months with \((i.evidence?.level ?? EvidenceLevel.none) == EvidenceLevel.none ? "no" : "only anecdotal") evidence")
        }
        if i.evidence?.result == .negative {
            attention.append("The evidence so far is negative")
        }
        var decision: String?
        if let d = i.decision {
            var text = d.value.rawValue.capitalized
            var by: [String] = []
            if let who = d.by { by.append(who) }
            if let date = d.date { by.append(Format.longDate(date)) }
            if !by.isEmpty { text += " (\(by.joined(separator: ", ")))" }
            if let rationale = d.rationale { text += ": \(rationale)" }
            decision = text
        }
        let dates: String
        switch (i.start, i.end) {
        case let (s?, e?): dates = "\(Format.monthYear(s)) to \(Format.monthYear(e))"
        case let (s?, nil): dates = "from \(Format.monthYear(s)), no end date"
        case let (nil, e?): dates = "until \(Format.monthYear(e))"
        default: dates = "not recorded"
        }
        return PilotFacts(id: i.id, name: i.name, owner: i.owner.flatMap { organisations[$0] } ?? i.owner ?? "not recorded",
                          sponsor: i.sponsor, status: i.status.rawValue.capitalized, dates: dates, monthsRunning: months,
                          funding: funding, fundingEnds: fundingEnds, fundingEndDate: fundingEnd,
                          caseload: i.caseload.map { Format.households($0, threshold: suppressionThreshold) } ?? "not recorded",
                          evidence: evidence, review: review, reviewOverdue: overdue, lastDecision: decision,
                          description: i.description, attention: attention, annualFunding: annual)
    }

    /// A funding line's value for one year: `per="year"` as it is; a total spread over its years.
    func annualValue(_ line: FundingLine) -> Decimal {
        guard line.per == .total, let s = line.start, let e = line.end else { return line.amount }
        let years = max(1, Int((Double(s.days(until: e)) / 365.0).rounded()))
        return line.amount / Decimal(years)
    }

    // MARK: Neighbourhoods

    func neighbourhoods() -> [NeighbourhoodSummary] {
        let teams = Dictionary(portfolio.teams.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let active = portfolio.initiatives.filter { $0.status.isActive && $0.status != .proposed }
        let summaries = portfolio.neighbourhoods.map { n -> NeighbourhoodSummary in
            let here = active.filter {
                switch $0.coverage {
                case .everywhere: true
                case .neighbourhoods(let ids): ids.contains(n.id)
                }
            }
            var teamIDs = Set<String>()
            for i in here {
                for t in i.teams {
                    // A team that lists neighbourhoods only counts where it works; one that lists none counts everywhere.
                    if let team = teams[t], team.neighbourhoods.isEmpty || team.neighbourhoods.contains(n.id) { teamIDs.insert(t) }
                }
            }
            let fte = teamIDs.sorted().reduce(Decimal(0)) { $0 + (teams[$1]?.fte ?? 0) }
            let doors = Set(here.compactMap { $0.assessment?.name.lowercased() })
            return NeighbourhoodSummary(id: n.id, name: n.name, population: n.population, imdDecile: n.imdDecile,
                                        liveInitiatives: here.count, teams: teamIDs.count, fte: fte, frontDoors: doors.count,
                                        initiativeNames: here.map(\.name).sorted())
        }
        return summaries.sorted {
            ($0.liveInitiatives, $0.frontDoors, $1.name) > ($1.liveInitiatives, $1.frontDoors, $0.name)
        }
    }

    // MARK: Portfolio facts

    func facts() -> PortfolioFacts {
        let initiatives = portfolio.initiatives
        let threeYearsAgo = asOf.adding(months: -36)
        let started = initiatives.filter { i in i.start.map { $0 > threeYearsAgo && $0 <= asOf } ?? false }.count
        let stopped = initiatives.filter { i in
            if i.decision?.value == .stop, let d = i.decision?.date { return d > threeYearsAgo && d <= asOf }
            if i.status == .stopped { return i.end.map { $0 > threeYearsAgo && $0 <= asOf } ?? true }
            return false
        }.count
        // The next four calendar quarters, starting with the one as-of falls in.
        var quarters: [QuarterFunding] = []
        var qStart = CalendarDate(year: asOf.year, month: (asOf.calendarQuarter - 1) * 3 + 1, day: 1) ?? asOf
        let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        for _ in 0..<4 {
            let qEnd = qStart.adding(months: 3)
            var ids = Set<String>()
            var value = Decimal(0)
            for i in initiatives where i.status.isActive {
                for line in i.funding {
                    if let e = line.end, e >= qStart, e < qEnd, e >= asOf {
                        ids.insert(i.id)
                        value += annualValue(line)
                    }
                }
            }
            let label = "\(monthNames[qStart.month - 1])–\(monthNames[qStart.month + 1]) \(qStart.year)"
            quarters.append(QuarterFunding(label: label, initiatives: ids.count, annualValue: value))
            qStart = qEnd
        }
        // Money now: lines of active initiatives that have started and not ended by as-of.
        var byKind: [String: (value: Decimal, ids: Set<String>)] = [:]
        var sources = Set<String>()
        var total = Decimal(0)
        for i in initiatives where i.status.isActive && i.status != .proposed {
            for line in i.funding where (line.start ?? asOf) <= asOf && (line.end ?? asOf) >= asOf {
                let label = line.kind.map { k in
                    switch k {
                    case .core: "Core budgets"
                    case .grant: "Grants"
                    case .pooled: "Pooled budgets"
                    case .external: "Partners' own money"
                    }
                } ?? "Not recorded"
                let value = annualValue(line)
                byKind[label, default: (0, [])].value += value
                byKind[label, default: (0, [])].ids.insert(i.id)
                sources.insert(line.source.lowercased())
                total += value
            }
        }
        let kinds = byKind.map { KindFunding(label: $0.key, annualValue: $0.value.value, initiatives: $0.value.ids.count) }
            .sorted { $0.annualValue != $1.annualValue ? $0.annualValue > $1.annualValue : $0.label < $1.label }
        let doors = Set(initiatives.filter { $0.status.isActive && $0.status != .proposed }.compactMap { $0.assessment?.name.lowercased() })
        return PortfolioFacts(activeInitiatives: initiatives.filter { $0.status.isActive }.count,
                              livePilots: initiatives.filter { $0.kind == .pilot && $0.status == .live }.count,
                              reviewsOverdue: initiatives.filter { $0.status.isActive && reviewOverdue($0) }.count,
                              startedLastThreeYears: started, stoppedLastThreeYears: stopped, fundingEnding: quarters,
                              annualFunding: total, fundingByKind: kinds, fundingSources: sources.count, frontDoors: doors.count)
    }
}

extension Format {
    private static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August",
                                     "September", "October", "November", "December"]

    /// "1 November 2026".
    public static func longDate(_ date: CalendarDate) -> String {
        "\(date.day) \(monthNames[date.month - 1]) \(date.year)"
    }

    /// Money for a headline figure: "£9.7m" from a million up, otherwise as `money`.
    public static func shortMoney(_ amount: Decimal, currency: String = "GBP") -> String {
        guard amount >= 1_000_000 else { return money(amount, currency: currency) }
        var tenths = Decimal()
        var value = amount / 100_000
        NSDecimalRound(&tenths, &value, 0, .plain)
        let t = NSDecimalNumber(decimal: tenths).intValue
        let whole = money(Decimal(t / 10), currency: currency)
        return "\(whole).\(t % 10)m"
    }

    /// "November 2026".
    public static func monthYear(_ date: CalendarDate) -> String {
        "\(monthNames[date.month - 1]) \(date.year)"
    }

    /// A household count with disclosure control: below `threshold` it prints as `<threshold`.
    public static func households(_ n: Int, threshold: Int = 5) -> String {
        n < threshold ? "<\(threshold)" : count(n)
    }
}
