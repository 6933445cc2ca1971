import Foundation

/// The place's own figures that a workshop pack puts in front of the room.
///
/// Every number comes from `PlaceFigures` (computed once from the portfolio, the overlap map and the
/// register), so a pack agrees with the overlap report and the register to the pound. What is here on
/// top is presentation: the pilot cards' text, the findings' sentences, the network picture.
public struct PackData: Sendable {
    public var figures: PlaceFigures
    /// Pilots that are proposed, live or paused: one card each. Most urgent first.
    public var pilots: [PilotFacts]
    public var barriers: [Barrier]

    /// Plain-language findings from the overlap map, e.g. "Riverside: 7 active initiatives, …".
    public var overlapFindings: [String]
    /// The overlap map's `network.svg` (trusted SVG made by Convenor), embedded as it is.
    public var networkSVG: String?
    /// The register's `timeline.svg` (funding lines and cliffs), when the pack was built with the register.
    public var timelineSVG: String?
    /// The slide-shaped network and timeline (largest clusters, soonest funding ends, type for a
    /// boardroom) that the slides show in place of the two above.
    public var slideNetworkSVG: String?
    public var slideTimelineSVG: String?
    /// The register's view of each initiative, by initiative id.
    public var recommendations: [String: RegisterRecommendation]

    public var place: String { figures.place }
    public var placeCode: String? { figures.placeCode }
    /// The date the figures are as at (the portfolio's as-of date).
    public var asOf: CalendarDate { figures.asOf }
    public var currency: String { figures.currency }
    /// Neighbourhoods, busiest first (most active initiatives).
    public var neighbourhoods: [NeighbourhoodFigures] { figures.busiestNeighbourhoods }

    /// Pilots needing a decision (docs/figures.md), in card order.
    public var pilotsNeedingDecision: [PilotFacts] {
        let ids = Set(figures.register.pilotsNeedingDecision)
        return pilots.filter { ids.contains($0.id) }
    }
}

/// The register's recommendation for one initiative.
public struct RegisterRecommendation: Sendable, Equatable {
    /// A `Recommendation` raw value: stop, merge, decide, scale, start, coordinate or continue.
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

/// What a pilot card shows. Text fields are ready to print; every figure comes from `PlaceFigures`.
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
    /// "£165,000 a year (Homelessness Prevention Grant)": funding a year and its sources.
    public var funding: String
    /// The next funding end: "30 September 2027 (in 11 months)", or "no end date".
    public var fundingEnds: String
    public var fundingEndDate: CalendarDate?
    /// Funding cliffs as the register dates them: "31 December 2026 (Core budget)".
    public var cliffs: [String]
    /// Households on the caseload, suppressed below the threshold ("<5").
    public var caseload: String
    public var evidence: String
    public var review: String
    public var reviewOverdue: Bool
    public var lastDecision: String?
    public var description: String?
    /// The register's findings, in plain words (each a sentence). Empty when nothing was flagged.
    public var attention: [String]
    /// Why the register recommends what it does, in one sentence: never empty.
    public var why: String
    /// Funding a year.
    public var annualFunding: Decimal
}

/// Builds `PackData` from a portfolio and its figures. Deterministic: everything is sorted, no clock is read.
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

    /// Runs the overlap map and the register with default settings first.
    public func build() -> PackData {
        let overlap = OverlapAnalysis.run(portfolio)
        let register = RegisterEngine(overlap: RegisterOverlapFacts(overlap)).run(portfolio, asOf: asOf)
        return build(overlap: overlap, register: register)
    }

    public func build(overlap: OverlapResult, register: Register) -> PackData {
        build(figures: PlaceFigures(portfolio: portfolio, asOf: asOf, overlap: overlap, register: register), overlap: overlap, register: register)
    }

    /// `register`: when given, the pack's slides show its funding timeline.
    public func build(figures: PlaceFigures, overlap: OverlapResult, register: Register? = nil) -> PackData {
        var recommendations: [String: RegisterRecommendation] = [:]
        for f in figures.byInitiative.values {
            recommendations[f.id] = RegisterRecommendation(recommendation: f.recommendation.rawValue, flags: f.flags, reasons: f.reasons)
        }
        let registerContext = register.map { RegisterContext(register: $0, figures: figures.register, portfolio: portfolio) }
        return PackData(figures: figures, pilots: pilots(figures), barriers: barriers,
                        overlapFindings: OverlapAnalysis.findings(overlap, portfolio: portfolio),
                        networkSVG: OverlapPictures.network(overlap).element,
                        timelineSVG: registerContext.map { RegisterTimeline.render($0).element },
                        slideNetworkSVG: OverlapPictures.slideNetwork(overlap).element,
                        slideTimelineSVG: registerContext.map { RegisterTimeline.slide($0).element },
                        recommendations: recommendations)
    }

    private var currency: String { portfolio.place.currency }

    // MARK: Pilots

    func pilots(_ figures: PlaceFigures) -> [PilotFacts] {
        let organisations = Dictionary(portfolio.organisations.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let byID = Dictionary(portfolio.initiatives.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return PlaceFigures.pilotOrder(portfolio, figures: figures.byInitiative, asOf: asOf).compactMap { id in
            guard let i = byID[id], let f = figures.initiative(id) else { return nil }
            return facts(for: i, figures: f, organisations: organisations)
        }
    }

    func facts(for i: Initiative, figures f: InitiativeFigures, organisations: [String: String]) -> PilotFacts {
        let months = i.start.flatMap { $0 <= asOf ? $0.months(until: asOf) : nil }
        var funding = i.funding.isEmpty ? "none recorded" : "\(Format.money(f.fundingAYear, currency: currency)) a year"
        if !f.fundingSources.isEmpty { funding += " (\(f.fundingSources.joined(separator: ", ")))" }
        var fundingEnds = i.funding.isEmpty ? "no funding recorded" : "no end date"
        if let end = f.nextFundingEnd {
            let m = asOf.months(until: end)
            fundingEnds = Format.longDate(end) + (m <= 0 ? " (this month)" : " (in \(m) month\(m == 1 ? "" : "s"))")
        } else if !i.funding.isEmpty, i.funding.allSatisfy({ $0.end.map { $0 < asOf } ?? false }) {
            fundingEnds = "already ended"
        }
        let cliffs = i.funding.filter { line in line.end.map { f.cliffs.contains($0) } ?? false }
            .map { "\(Format.longDate($0.end!)) (\($0.source))" }

        var review = "none set"
        if let r = i.review {
            review = Format.longDate(r.date) + (r.owner.map { " (\($0))" } ?? "")
            if f.reviewOverdue { review += ", overdue" }
        }
        var evidence = "none recorded"
        if let e = i.evidence {
            evidence = e.level.rawValue.capitalized
            if let result = e.result, result != .unknown { evidence += ", \(result.rawValue)" }
            if let date = e.date { evidence += " (\(Format.monthYear(date)))" }
            if let source = e.source { evidence += ": \(source)" }
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
                          funding: funding, fundingEnds: fundingEnds, fundingEndDate: f.nextFundingEnd, cliffs: cliffs,
                          caseload: i.caseload.map { Format.households($0, threshold: suppressionThreshold) } ?? "not recorded",
                          evidence: evidence, review: review, reviewOverdue: f.reviewOverdue, lastDecision: decision,
                          description: i.description, attention: f.reasons.map(\.capitalisedFirst), why: f.basis,
                          annualFunding: f.fundingAYear)
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
