import Foundation

/// Every figure any Convenor output shows about a place, computed once from the portfolio, the overlap
/// analysis and the register (docs/figures.md defines each in one sentence). Renderers read figures from
/// here and only format them; none computes a figure of its own, so no two outputs can disagree.
public struct PlaceFigures: Sendable {
    public var place: String
    public var placeCode: String?
    /// The date every figure is as at.
    public var asOf: CalendarDate
    public var currency: String

    // MARK: The portfolio

    /// Initiatives in the portfolio, whatever their status.
    public var initiatives: Int
    /// Initiatives not ended or stopped (proposed, live, paused or mainstreamed).
    public var active: Int
    /// Initiatives with status live.
    public var live: Int
    /// Initiatives with status proposed.
    public var proposed: Int
    /// Initiatives ended or stopped.
    public var closed: Int
    /// Neighbourhoods in the portfolio.
    public var neighbourhoodCount: Int
    /// Teams in the portfolio.
    public var teams: Int
    /// Pilots that are proposed, live or paused: the pilots a review looks at (one card each).
    public var pilots: Int
    /// Pilots with status live.
    public var livePilots: Int
    /// Active initiatives with their own assessment: the doors a family may be asked through.
    public var frontDoors: Int
    /// Funding a year of the active initiatives that are not proposals (lines running on the as-of date).
    public var fundingAYear: Decimal
    /// The same, by kind of money, largest first.
    public var fundingByKind: [KindFunding]
    /// Distinct funding sources (case-insensitive) of the lines counted in funding a year.
    public var fundingSources: Int
    /// Initiatives that started in the three years up to the as-of date.
    public var startedInThreeYears: Int
    /// Initiatives stopped in those three years (status stopped, or a stop decision dated then).
    public var stoppedInThreeYears: Int

    // MARK: The overlap map

    public var overlap: OverlapFigures

    // MARK: The register

    public var register: RegisterFigures

    /// Per initiative, by id: every active initiative.
    public var byInitiative: [String: InitiativeFigures] { register.byInitiative }
    /// Per neighbourhood, in the portfolio's order.
    public var neighbourhoods: [NeighbourhoodFigures]

    /// "17 started : 4 stopped": the portfolio's history, not a recommendation.
    public var startedStoppedRatio: String { "\(startedInThreeYears) started : \(stoppedInThreeYears) stopped" }

    public func initiative(_ id: String) -> InitiativeFigures? { byInitiative[id] }

    public func money(_ amount: Decimal) -> String { Format.money(amount, currency: currency) }
}

extension RegisterFigures {
    /// The register's counts and each initiative's figures, from the register (no overlap map needed).
    public init(_ r: Register, portfolio p: Portfolio) {
        var perInitiative: [String: InitiativeFigures] = [:]
        var cliffs: [FundingCliff] = []
        for e in r.entries {
            let i = e.initiative
            let entryCliffs = e.flags.filter { $0.rule == .fundingCliff }.compactMap { f -> FundingCliff? in
                guard let k = f.fundingLine, i.funding.indices.contains(k), let end = i.funding[k].end else { return nil }
                return FundingCliff(initiative: i.id, source: i.funding[k].source, end: end)
            }
            cliffs += entryCliffs
            perInitiative[i.id] = InitiativeFigures(
                id: i.id, name: i.name, fundingAYear: e.annualFunding, fundingSources: FundingFigures.sources(of: i, asOf: r.asOf),
                nextFundingEnd: e.nextFundingEnd, cliffs: entryCliffs.map(\.end).sorted(), recommendation: e.recommendation,
                into: e.into, basis: e.basis, reasons: e.flags.map(\.reason), flags: e.ruleIDs,
                reviewOverdue: e.flags.contains { $0.rule == .reviewOverdue },
                decisionStands: !e.flags.contains { $0.rule == .reviewOverdue } && i.decision.map { $0.value.rawValue == e.recommendation.rawValue } == true)
        }
        cliffs.sort { ($0.end, $0.initiative, $0.source) < ($1.end, $1.initiative, $1.source) }
        let s = r.summary
        // Pilots needing a decision, in the order pilot cards are printed (most urgent first).
        let needing = PlaceFigures.pilotOrder(p, figures: perInitiative, asOf: r.asOf).filter { id in
            perInitiative[id]?.needsDecision ?? false
        }
        self.init(initiatives: r.entries.count, counts: s.counts, moneyFreedByStops: s.moneyFreedByStops,
                  recommendedStarts: s.starts, recommendedStops: s.stops, errors: s.errors, warnings: s.warnings,
                  reviewsOverdue: perInitiative.values.count { $0.reviewOverdue }, fundingEnds: s.fundingEnds,
                  cliffs: cliffs, pilotsNeedingDecision: needing, overlapRulesRun: r.overlapRulesRun,
                  cliffMonths: r.settings.fundingCliffMonths, byInitiative: perInitiative)
    }
}

/// What the overlap map counts.
public struct OverlapFigures: Sendable, Equatable {
    /// Active initiatives compared (the overlap map's nodes).
    public var activeInitiatives: Int
    /// Pairs of active initiatives sharing at least one neighbourhood or household (every row of pairs.csv).
    public var overlappingPairs: Int
    /// Overlapping pairs scoring the minimum score or more: the links of the network.
    public var linkedPairs: Int
    public var minScore: Double
    /// Groups of linked initiatives: the consolidation candidates.
    public var clusters: Int
    public var households: Int
    public var householdsMulti: Int
    public var householdsThreeOrMore: Int
    public var repeatedAssessments: Int
    public var repeatedAssessmentCost: Decimal
    public var suppressBelow: Int

    /// "0.35": how the threshold is printed everywhere.
    public var minScoreText: String { String(format: "%.2f", minScore) }
}

extension OverlapFigures {
    /// The overlap map's counts, from its analysis (no as-of date needed).
    public init(_ o: OverlapResult) {
        let h = o.households
        self.init(activeInitiatives: o.initiatives.count, overlappingPairs: o.pairs.count,
                  linkedPairs: o.pairs.reduce(0) { $0 + ($1.score >= o.options.minScore ? 1 : 0) },
                  minScore: o.options.minScore, clusters: o.clusters.count, households: h.households,
                  householdsMulti: h.householdsMulti, householdsThreeOrMore: h.householdsThreeOrMore,
                  repeatedAssessments: h.repeatedAssessments, repeatedAssessmentCost: h.duplicatedAssessmentCost,
                  suppressBelow: o.options.suppressBelow)
    }
}

/// What the register counts.
public struct RegisterFigures: Sendable, Equatable {
    /// Active initiatives: one recommendation each.
    public var initiatives: Int
    public var counts: [Recommendation: Int]
    /// Funding a year of the initiatives recommended to stop.
    public var moneyFreedByStops: Decimal
    public var recommendedStarts: Int
    public var recommendedStops: Int
    public var errors: Int
    public var warnings: Int
    /// Active initiatives whose review is overdue (the `review-overdue` rule).
    public var reviewsOverdue: Int
    /// Funding lines ending on or after the as-of date, by calendar quarter.
    public var fundingEnds: [QuarterFundingEnd]
    /// Funding lines ending within the cliff window with nothing decided (the `funding-cliff` rule).
    public var cliffs: [FundingCliff]
    /// Pilots (proposed, live or paused) the register recommends anything but continue for, unless that is a
    /// standing recorded decision; most urgent first.
    public var pilotsNeedingDecision: [String]
    public var overlapRulesRun: Bool
    public var cliffMonths: Int
    /// Every initiative in the register, by id.
    public var byInitiative: [String: InitiativeFigures]

    public func count(_ r: Recommendation) -> Int { counts[r] ?? 0 }
    /// "0:2": recommended starts to recommended stops.
    public var startStopRatio: String { "\(recommendedStarts):\(recommendedStops)" }
}

public struct KindFunding: Sendable, Equatable {
    public var label: String
    public var annualValue: Decimal
    public var initiatives: Int
}

/// One funding cliff: a line ending soon with nothing decided. The date is the line's end.
public struct FundingCliff: Sendable, Equatable {
    public var initiative: String
    public var source: String
    public var end: CalendarDate
}

/// The figures of one active initiative.
public struct InitiativeFigures: Sendable, Equatable {
    public var id: String
    public var name: String
    public var fundingAYear: Decimal
    /// Sources of the running lines (all lines when none runs).
    public var fundingSources: [String]
    public var nextFundingEnd: CalendarDate?
    /// Ends of its funding cliffs, earliest first.
    public var cliffs: [CalendarDate]
    public var recommendation: Recommendation
    public var into: String?
    /// Why the recommendation, in one sentence.
    public var basis: String
    /// Each rule's finding, in plain words.
    public var reasons: [String]
    public var flags: [String]
    public var reviewOverdue: Bool
    /// The recommendation is a decision already recorded, standing (its review not overdue): nothing to decide yet.
    public var decisionStands: Bool
    /// Needs a decision: the register recommends anything but continue or coordinate, and it is not a standing recorded decision.
    /// `coordinate` is advice to carry on with one plan for shared families, not a change to decide.
    public var needsDecision: Bool { ![.continue, .coordinate].contains(recommendation) && !decisionStands }
}

/// The load on one neighbourhood (the overlap map's definitions).
public struct NeighbourhoodFigures: Sendable, Equatable {
    public var id: String
    public var name: String
    public var population: Int?
    public var imdDecile: Int?
    /// Active initiatives covering it (by name, or working everywhere).
    public var activeInitiatives: Int
    /// Of those, the ones with status live.
    public var liveInitiatives: Int
    /// Distinct teams of those active initiatives.
    public var teams: Int
    /// Team FTE working here: each team's FTE shared equally over the neighbourhoods it lists.
    public var fte: Double
    /// Active initiatives here with their own assessment.
    public var frontDoors: Int
    /// Names of the active initiatives here, sorted.
    public var initiativeNames: [String]
}

extension PlaceFigures {
    /// Computes every figure once. `overlap` and `register` must be of the same portfolio and as-of date.
    public init(portfolio p: Portfolio, asOf: CalendarDate, overlap o: OverlapResult, register r: Register) {
        place = p.place.name
        placeCode = p.place.code
        self.asOf = asOf
        currency = p.place.currency
        let activeInitiatives = p.initiatives.filter { $0.status.isActive }
        initiatives = p.initiatives.count
        active = activeInitiatives.count
        live = p.initiatives.count { $0.status == .live }
        proposed = p.initiatives.count { $0.status == .proposed }
        closed = initiatives - active
        neighbourhoodCount = p.neighbourhoods.count
        teams = p.teams.count
        let pilotStatuses: [InitiativeStatus] = [.proposed, .live, .paused]
        pilots = p.initiatives.count { $0.kind == .pilot && pilotStatuses.contains($0.status) }
        livePilots = p.initiatives.count { $0.kind == .pilot && $0.status == .live }
        frontDoors = activeInitiatives.count { $0.assessment != nil }

        // Money: the lines running now, of active initiatives that are not proposals.
        var byKind: [String: (value: Decimal, ids: Set<String>)] = [:]
        var sources = Set<String>()
        var total = Decimal(0)
        for i in activeInitiatives where i.status != .proposed {
            for line in FundingFigures.countedLines(of: i, asOf: asOf) {
                let label = FundingFigures.kindLabel(line.kind)
                let value = FundingFigures.annualValue(of: line)
                byKind[label, default: (0, [])].value += value
                byKind[label, default: (0, [])].ids.insert(i.id)
                sources.insert(line.source.lowercased())
                total += value
            }
        }
        fundingAYear = total
        fundingByKind = byKind.map { KindFunding(label: $0.key, annualValue: $0.value.value, initiatives: $0.value.ids.count) }
            .sorted { $0.annualValue != $1.annualValue ? $0.annualValue > $1.annualValue : $0.label < $1.label }
        fundingSources = sources.count

        let threeYearsAgo = asOf.adding(months: -36)
        startedInThreeYears = p.initiatives.count { i in i.start.map { $0 > threeYearsAgo && $0 <= asOf } ?? false }
        stoppedInThreeYears = p.initiatives.count { i in
            if i.decision?.value == .stop, let d = i.decision?.date { return d > threeYearsAgo && d <= asOf }
            if i.status == .stopped { return i.end.map { $0 > threeYearsAgo && $0 <= asOf } ?? true }
            return false
        }

        overlap = OverlapFigures(o)

        register = RegisterFigures(r, portfolio: p)

        // Neighbourhoods: the overlap map's counts, with the names of the initiatives behind them.
        let names = Dictionary(o.initiatives.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        var namesHere: [String: [String]] = [:]
        for i in activeInitiatives {
            switch i.coverage {
            case .everywhere: for n in p.neighbourhoods { namesHere[n.id, default: []].append(names[i.id] ?? i.name) }
            case .neighbourhoods(let ids): for id in Set(ids) { namesHere[id, default: []].append(names[i.id] ?? i.name) }
            }
        }
        neighbourhoods = o.neighbourhoods.map { n in
            NeighbourhoodFigures(id: n.id, name: n.name, population: n.population, imdDecile: n.imdDecile,
                                 activeInitiatives: n.activeInitiatives, liveInitiatives: n.liveInitiatives, teams: n.teams,
                                 fte: n.fte, frontDoors: n.frontDoors, initiativeNames: (namesHere[n.id] ?? []).sorted())
        }
    }

    /// Pilots under review (proposed, live or paused), most urgent first: overdue review, then the most
    /// findings, then the soonest funding end, then name.
    static func pilotOrder(_ p: Portfolio, figures: [String: InitiativeFigures], asOf: CalendarDate) -> [String] {
        let pilots = p.initiatives.filter { $0.kind == .pilot && [.proposed, .live, .paused].contains($0.status) }
        return pilots.sorted { a, b in
            let fa = figures[a.id], fb = figures[b.id]
            let oa = fa?.reviewOverdue ?? false, ob = fb?.reviewOverdue ?? false
            if oa != ob { return oa }
            let ca = fa?.reasons.count ?? 0, cb = fb?.reasons.count ?? 0
            if ca != cb { return ca > cb }
            switch (fa?.nextFundingEnd, fb?.nextFundingEnd) {
            case let (x?, y?) where x != y: return x < y
            case (_?, nil): return true
            case (nil, _?): return false
            default: return a.name == b.name ? a.id < b.id : a.name < b.name
            }
        }.map(\.id)
    }

    /// The place's busiest neighbourhoods first: most active initiatives, then most front doors, then name.
    public var busiestNeighbourhoods: [NeighbourhoodFigures] {
        neighbourhoods.sorted { ($0.activeInitiatives, $0.frontDoors, $1.name) > ($1.activeInitiatives, $1.frontDoors, $0.name) }
    }

    /// Funding ends in the four calendar quarters from the one the as-of date falls in, empty quarters included.
    public var fundingEndsNextFourQuarters: [QuarterFundingEnd] {
        var out: [QuarterFundingEnd] = []
        var year = asOf.year, quarter = asOf.calendarQuarter
        for _ in 0..<4 {
            out.append(register.fundingEnds.first { $0.year == year && $0.quarter == quarter }
                       ?? QuarterFundingEnd(year: year, quarter: quarter, annualAmount: 0, lines: 0, initiatives: []))
            quarter += 1
            if quarter > 4 { quarter = 1; year += 1 }
        }
        return out
    }

    /// Grants' share of the place's funding a year, in whole percent (rounded down); nil when the place has none.
    public var grantSharePercent: Int? {
        guard fundingAYear > 0 else { return nil }
        let grants = fundingByKind.first { $0.label == FundingFigures.kindLabel(.grant) }?.annualValue ?? 0
        return NSDecimalNumber(decimal: grants * 100 / fundingAYear).intValue
    }
}

extension Format {
    /// Staff numbers to one decimal place: 30.4, 12 (a whole number shows no decimals).
    public static func fte(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? count(tenths / 10) : "\(count(tenths / 10)).\(abs(tenths % 10))"
    }
}
