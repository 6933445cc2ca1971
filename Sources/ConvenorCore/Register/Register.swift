import Foundation

/// What the register needs to know from the overlap analysis (§4). `RegisterOverlapFacts` reads it
/// from an `OverlapResult`; tests use a hand-made double. Kept as a protocol so the register does not
/// depend on how overlaps are computed.
public protocol OverlapFacts: Sendable {
    /// The consolidation group holding `id`, if it is in one.
    func cluster(containing id: String) -> ConsolidationGroup?
    /// Initiatives whose overlap with `id` reaches the threshold.
    func overlappingInitiatives(of id: String) -> [String]
    /// Initiatives that meet the same families as `id` but serve different people: coordinate, never merge.
    func sharedFamilies(of id: String) -> [SharedFamilies]
}

/// A group of initiatives that could become one service, as the register sees it.
public struct ConsolidationGroup: Sendable, Equatable {
    /// The suggested lead; nil when no member can lead ("no natural lead: decide who leads").
    public var lead: String?
    public var members: [String]
    /// Each member's overlap score with the group's centre (the lead, when there is one); the centre
    /// itself is not listed. A merge is only recommended into a lead the member overlaps directly.
    public var scoreWithCentre: [String: Double]

    public init(lead: String?, members: [String], scoreWithCentre: [String: Double]) {
        self.lead = lead
        self.members = members
        self.scoreWithCentre = scoreWithCentre
    }
}

/// A partner that meets the same families but serves different people.
public struct SharedFamilies: Sendable, Equatable {
    public var partner: String
    /// Households the two share, as it may be published ("fewer than 5" below the threshold).
    public var households: String
    /// True when the portfolio declares the two sides' cohorts never to be merged into one service.
    public var declared: Bool

    public init(partner: String, households: String, declared: Bool) {
        self.partner = partner
        self.households = households
        self.declared = declared
    }
}

/// The decision the register recommends for one initiative. `coordinate`: nothing to stop, start or
/// merge, but it shares families with a service for different people (one plan, one lead professional).
public enum Recommendation: String, CaseIterable, Sendable, Codable {
    case stop, merge, decide, scale, start, coordinate, `continue`

    /// Sort order in the register: what needs the most attention first.
    var order: Int { Self.allCases.firstIndex(of: self) ?? 0 }

    /// Capitalised, for tables and headings.
    public var title: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}

/// One rule's finding on one initiative.
public struct RegisterFlag: Sendable, Equatable, Codable {
    public var rule: RegisterRule
    public var severity: FlagSeverity
    /// Plain words with the dates and amounts involved; no initiative name (callers add it).
    public var reason: String
    /// The portfolio field the finding is about (CSV column name), for pointing at the source.
    public var field: String
    /// The funding line concerned (index into the initiative's funding), for `funding-cliff`.
    public var fundingLine: Int?
}

/// One row of the register.
public struct RegisterEntry: Sendable, Equatable {
    public var initiative: Initiative
    public var flags: [RegisterFlag]
    public var recommendation: Recommendation
    /// For `merge`: the initiative to merge into.
    public var into: String?
    /// Why this recommendation, in one sentence (which rule or decision decided it).
    public var basis: String
    /// Funding a year: the lines running on as-of (`FundingFigures.fundingAYear`).
    public var annualFunding: Decimal
    /// The next date a funding line ends, on or after as-of.
    public var nextFundingEnd: CalendarDate?
    /// For `merge`: what merging into `into` would save (`ScenarioSavings`).
    public var savings: ScenarioSavings?

    public var worstSeverity: FlagSeverity? { flags.map(\.severity).min() }

    /// The rules that raised a flag, each once, in rule order.
    public var ruleIDs: [String] {
        var seen: [RegisterRule] = []
        for f in flags where !seen.contains(f.rule) { seen.append(f.rule) }
        return seen.map(\.rawValue)
    }
}

/// Money reaching the end of its funding in one calendar quarter.
public struct QuarterFundingEnd: Sendable, Equatable {
    public var year: Int
    public var quarter: Int
    /// A year, summed over the funding lines ending in the quarter.
    public var annualAmount: Decimal
    public var lines: Int
    public var initiatives: [String]

    /// "Jan–Mar 2027": calendar months, which nobody misreads (financial quarters are counted differently
    /// by councils, the NHS and central government).
    public var label: String {
        let names = ["Jan–Mar", "Apr–Jun", "Jul–Sep", "Oct–Dec"]
        return "\(names[quarter - 1]) \(year)"
    }
    public var firstDay: CalendarDate? { CalendarDate(year: year, month: (quarter - 1) * 3 + 1, day: 1) }
}

public struct RegisterSummary: Sendable, Equatable {
    public var counts: [Recommendation: Int]
    /// Funding a year of the initiatives recommended to stop.
    public var moneyFreedByStops: Decimal
    public var fundingEnds: [QuarterFundingEnd]
    public var starts: Int
    public var stops: Int
    public var errors: Int
    public var warnings: Int

    /// "2:5", or "2:0".
    public var startStopRatio: String { "\(starts):\(stops)" }
}

/// The stop/start register of a place at a date.
public struct Register: Sendable, Equatable {
    public var place: String
    public var asOf: CalendarDate
    public var currency: String
    public var entries: [RegisterEntry]
    /// Ended and stopped initiatives: not in the register (nothing to decide), counted for the reader.
    public var closedCount: Int
    /// False when no overlap analysis was given: `overlaps` and `start-without-stop` were not run.
    public var overlapRulesRun: Bool
    public var settings: RegisterSettings
    public var summary: RegisterSummary

    public func entry(_ id: String) -> RegisterEntry? { entries.first { $0.initiative.id == id } }

    /// Initiative names by id (for `into` and overlap references).
    public var names: [String: String] { Dictionary(entries.map { ($0.initiative.id, $0.initiative.name) }, uniquingKeysWith: { a, _ in a }) }
}

/// Applies the rules of §5 to a portfolio and derives one recommendation per initiative.
public struct RegisterEngine: Sendable {
    public var settings: RegisterSettings
    public var overlap: (any OverlapFacts)?

    public init(settings: RegisterSettings = RegisterSettings(), overlap: (any OverlapFacts)? = nil) {
        self.settings = settings
        self.overlap = overlap
    }

    public func run(_ portfolio: Portfolio, asOf: CalendarDate) -> Register {
        var entries = unorderedEntries(portfolio, asOf: asOf)
        entries.sort { ($0.recommendation.order, $0.initiative.name, $0.initiative.id) < ($1.recommendation.order, $1.initiative.name, $1.initiative.id) }
        let closed = portfolio.initiatives.count - entries.count
        var register = Register(place: portfolio.place.name, asOf: asOf, currency: portfolio.place.currency, entries: entries,
                                closedCount: closed, overlapRulesRun: overlap != nil, settings: settings,
                                summary: summarise(entries.map { SummaryRow($0, asOf: asOf) }, asOf: asOf))
        register.addMergeSavings(portfolio)
        return register
    }

    /// Just the register's summary (the scenario's before and after): the entries' order and the merge
    /// savings do not change it, so neither is worked out.
    public func summary(_ portfolio: Portfolio, asOf: CalendarDate) -> RegisterSummary {
        // Each entry is reduced to what the summary counts as soon as it is made: copying 100,000
        // initiatives into entries only to count them was most of a national scenario's register time.
        summarise(activeInitiatives(portfolio, asOf: asOf) { SummaryRow($0, asOf: asOf) }.flatMap { $0 }, asOf: asOf)
    }

    /// One entry per active initiative, in portfolio order.
    private func unorderedEntries(_ portfolio: Portfolio, asOf: CalendarDate) -> [RegisterEntry] {
        activeInitiatives(portfolio, asOf: asOf) { $0 }.flatMap { $0 }
    }

    /// `made` of each active initiative's entry, in portfolio order, in ranges.
    ///
    /// Each initiative's entry depends only on it and the shared lookups: ranges of the portfolio are
    /// evaluated on every core, and their results kept in order.
    private func activeInitiatives<T: Sendable>(_ portfolio: Portfolio, asOf: CalendarDate,
                                                _ made: @Sendable (RegisterEntry) -> T) -> [[T]] {
        let byID = Dictionary(portfolio.initiatives.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let names = byID.mapValues(\.name)
        let initiatives = portfolio.initiatives, currency = portfolio.place.currency
        let n = initiatives.count, ranges = n < 4_000 ? 1 : 16
        return Parallel.map(ranges) { k in
            var results: [T] = []
            for initiative in initiatives[n * k / ranges ..< n * (k + 1) / ranges] where initiative.status.isActive {
                let flags = evaluate(initiative, asOf: asOf, byID: byID, names: names, currency: currency)
                let (recommendation, into, basis) = recommend(initiative, flags: flags, asOf: asOf, names: names)
                results.append(made(RegisterEntry(initiative: initiative, flags: flags, recommendation: recommendation, into: into,
                                                  basis: basis, annualFunding: FundingFigures.fundingAYear(of: initiative, asOf: asOf),
                                                  nextFundingEnd: FundingFigures.nextFundingEnd(of: initiative, asOf: asOf))))
            }
            return results
        }
    }

    // MARK: rules

    private func on(_ rule: RegisterRule) -> FlagSeverity? {
        if rule.needsOverlap && overlap == nil { return nil }
        return settings.severity(of: rule)
    }

    func evaluate(_ i: Initiative, asOf: CalendarDate, byID: [String: Initiative], names: [String: String], currency: String = "GBP") -> [RegisterFlag] {
        var flags: [RegisterFlag] = []
        func add(_ rule: RegisterRule, _ reason: String, field: String, fundingLine: Int? = nil) {
            guard let severity = on(rule) else { return }
            flags.append(RegisterFlag(rule: rule, severity: severity, reason: reason, field: field, fundingLine: fundingLine))
        }
        let money = { (a: Decimal) in Format.money(a, currency: currency) }
        let live = i.status == .live || i.status == .paused

        // review-overdue: the review date (plus grace) has passed and no decision is dated on or after it.
        if let review = i.review, reviewOverdue(i, asOf: asOf) {
            let owner = review.owner.map { " (owner: \($0))" } ?? ""
            add(.reviewOverdue, "review was due \(review.date.iso), no decision since\(owner)", field: "review-date")
        }

        // funding-cliff: a line ends between as-of and as-of + N months, and nothing covers it.
        let horizon = asOf.adding(months: settings.fundingCliffMonths)
        var cliffDays: Set<CalendarDate> = []
        for (index, line) in i.funding.enumerated() {
            guard let end = line.end, end >= asOf, end <= horizon, !covered(line, in: i) else { continue }
            let amount = line.per == .year ? "\(money(line.amount)) a year" : "\(money(line.amount)) in total"
            let months = asOf.months(until: end)
            let when = months >= 1 ? "in \(months) month\(months == 1 ? "" : "s")" : "in \(asOf.days(until: end)) days"
            let since = line.start.map { " since it started on \($0.iso)" } ?? ""
            // A second line ending the same day: "also ends", without saying again when and what is missing.
            let reason = cliffDays.contains(end)
                ? "\(line.source) funding of \(amount) also ends \(end.iso), with no decision\(since)"
                : "\(line.source) funding of \(amount) ends \(end.iso) (\(when)) and no decision has been recorded\(since)"
            cliffDays.insert(end)
            add(.fundingCliff, reason, field: "end", fundingLine: index)
        }

        // pilotitis: a live pilot older than N months without a stop, scale or merge decision.
        if i.kind == .pilot, i.status == .live, let start = i.start, start.adding(months: settings.pilotitisMonths) < asOf,
           ![.stop, .scale, .merge].contains(i.decision?.value) {
            add(.pilotitis, "pilot live since \(start.iso) (\(start.months(until: asOf)) months) with no stop, scale or merge decision"
                + DecisionHistoryText.continuations(i), field: "start")
        }

        // no-evidence: live over N months with evidence none, anecdotal or not recorded.
        if i.status == .live, let start = i.start, start.adding(months: settings.noEvidenceMonths) < asOf,
           (i.evidence?.level ?? .none) <= .anecdotal {
            let age = "live since \(start.iso) (\(start.months(until: asOf)) months)"
            let what: String
            switch i.evidence {
            case nil: what = "no evidence recorded"
            case let e? where e.level == .none: what = "evidence recorded as none"
            case let e?: what = "only anecdotal evidence" + (e.source.map { " (\($0))" } ?? "")
            }
            // Pilotitis has just said how long it has been live: not again.
            let restated = flags.contains { $0.rule == .pilotitis }
            add(.noEvidence, restated ? "\(what): evaluate it or stop it" : "\(age) with \(what): evaluate it or stop it", field: "evidence-level")
        }

        // negative- and positive-evidence.
        if live, let e = i.evidence, let result = e.result {
            let detail = [e.date?.iso, e.source].compactMap { $0 }.joined(separator: ", ")
            let suffix = detail.isEmpty ? "" : " (\(detail))"
            if result == .negative, e.level >= settings.negativeEvidenceMinLevel {
                add(.negativeEvidence, "\(e.level.rawValue) evidence is negative\(suffix)", field: "evidence-result")
            }
            if result == .positive, e.level >= settings.positiveEvidenceMinLevel {
                add(.positiveEvidence, "\(e.level.rawValue) evidence is positive\(suffix)", field: "evidence-result")
            }
        }

        // overlaps: a live member of a consolidation group that is not its lead and overlaps the lead
        // directly; or any live member of a group with no natural lead.
        if live, let facts = overlap, let group = facts.cluster(containing: i.id), group.members.count > 1 {
            let others = group.members.count - 1
            if let lead = group.lead, lead != i.id, let score = group.scoreWithCentre[i.id] {
                add(.overlaps, "could become one service with \(names[lead] ?? lead), the suggested lead of its consolidation group of \(group.members.count): it overlaps it directly (score \(String(format: "%.2f", score))), serving the same cohorts in the same places",
                    field: "id")
            } else if group.lead == nil {
                add(.overlaps, "could become one service with \(others) other initiative\(others == 1 ? "" : "s"), but none of them can lead (each is paused, failing or an overdue pilot): no natural lead, decide who leads",
                    field: "id")
            }
        }

        // shared-families: meets the same families as a service for different people.
        if live || i.status == .mainstreamed, let facts = overlap {
            let shared = facts.sharedFamilies(of: i.id)
            if !shared.isEmpty {
                // Said once for the lot when every partner's cohorts are declared apart, not once a partner.
                let allDeclared = shared.allSatisfy(\.declared)
                func households(_ n: String) -> String { "\(n) shared \(n == "1" ? "household" : "households")" }
                let counts = Set(shared.map(\.households))
                let partners: [String]
                if counts.count == 1, shared.count > 1, allDeclared || !shared.contains(where: \.declared), let n = counts.first {
                    // The same count for every partner: said once.
                    partners = [OverlapAnalysis.list(shared.map { names[$0.partner] ?? $0.partner }) + " (\(households(n)) each)"]
                } else {
                    partners = shared.map { s in
                        "\(names[s.partner] ?? s.partner) (\(households(s.households))\(s.declared && !allDeclared ? "; cohorts declared never to be merged" : ""))"
                    }
                }
                let declared = allDeclared ? ", cohorts declared never to be merged," : ""
                add(.sharedFamilies, "meets the same families as \(OverlapAnalysis.list(partners))\(declared) but serves different people: one plan and one lead professional for the shared families, never a merge",
                    field: "cohorts")
            }
        }

        // start-without-stop: a proposal overlapping live initiatives, none of which it is recorded to replace.
        if i.status == .proposed, let facts = overlap {
            let overlapped = facts.overlappingInitiatives(of: i.id).filter { byID[$0]?.status == .live }.sorted()
            let replaced = overlapped.contains { id in
                guard let d = byID[id]?.decision else { return false }
                return d.value == .stop || (d.value == .merge && d.into == i.id)
            }
            if !overlapped.isEmpty, !replaced {
                let list = overlapped.map { names[$0] ?? $0 }.joined(separator: ", ")
                add(.startWithoutStop, "proposed while it overlaps live \(list); start it only if it replaces one of them (no stop or merge decision recorded for them)",
                    field: "status")
            }
        }
        // A funding line that started with the initiative: pilotitis or no-evidence already give that date.
        if let start = i.start, flags.contains(where: { $0.rule == .pilotitis || $0.rule == .noEvidence }) {
            for k in flags.indices where flags[k].rule == .fundingCliff && flags[k].reason.hasSuffix(" since it started on \(start.iso)") {
                flags[k].reason = String(flags[k].reason.dropLast(" on \(start.iso)".count))
            }
        }
        return flags
    }

    func reviewOverdue(_ i: Initiative, asOf: CalendarDate) -> Bool {
        guard let review = i.review, review.date.adding(days: settings.reviewGraceDays) < asOf else { return false }
        if let decided = i.decision?.date, decided >= review.date { return false }
        return true
    }

    /// A funding line's end is covered when a decision was recorded on or after the day the line
    /// started (the decision was taken knowing this money, including when it stops), or when another
    /// line of the same initiative starts after it, no later than the day after it ends, and runs
    /// longer (the money is already replaced).
    func covered(_ line: FundingLine, in i: Initiative) -> Bool {
        if let decided = i.decision?.date, decided >= (line.start ?? decided) { return true }
        guard let end = line.end else { return true }
        return i.funding.contains { other in
            guard other != line, let start = other.start else { return false }
            let startsLater = line.start.map { start > $0 } ?? true
            return startsLater && start <= end.adding(days: 1) && (other.end.map { $0 > end } ?? true)
        }
    }

    // MARK: recommendation

    /// Precedence (docs/decisions.md, and the footer of register.md):
    /// 1. a standing decision (recorded, and no review overdue since) → that decision, unless
    ///    negative evidence dated after it → stop; a standing continue with shared families → coordinate;
    /// 2. negative-evidence → stop; 3. start-without-stop → decide; 4. overlaps of a pilot or project
    ///    with a lead it overlaps directly → merge into the lead;
    /// 5. positive-evidence → scale; 6. review-overdue, pilotitis, no-evidence, funding-cliff, overlaps
    ///    of a service or programme, and a group with no natural lead → decide;
    /// 7. otherwise a proposal → start; shared-families → coordinate; anything else → continue.
    func recommend(_ i: Initiative, flags: [RegisterFlag], asOf: CalendarDate, names: [String: String]) -> (Recommendation, String?, String) {
        func has(_ rule: RegisterRule) -> RegisterFlag? { flags.first { $0.rule == rule } }
        let negative = has(.negativeEvidence)
        let sharing = has(.sharedFamilies) != nil ? (overlap?.sharedFamilies(of: i.id) ?? []) : []
        let coordinateWith = OverlapAnalysis.list(sharing.map { names[$0.partner] ?? $0.partner })

        if let d = i.decision, !reviewOverdue(i, asOf: asOf) {
            let recorded = "decision recorded" + (d.date.map { " on \($0.iso)" } ?? "") + (d.by.map { " by \($0)" } ?? "")
                + DecisionHistoryText.earlier(i)
            let negativeSince = negative != nil && d.value != .stop && (i.evidence?.date).map { e in d.date.map { e > $0 } ?? false } == true
            if !negativeSince {
                switch d.value {
                case .stop: return (.stop, nil, "Stop: \(recorded).")
                case .merge:
                    let target = d.into.map { names[$0] ?? $0 }
                    return (.merge, d.into, "Merge\(target.map { " into \($0)" } ?? ""): \(recorded).")
                case .scale where i.status == .mainstreamed:
                    if !sharing.isEmpty {
                        return (.coordinate, nil, "Coordinate: scaled and mainstreamed (\(recorded)), working with \(coordinateWith) for the families they share.")
                    }
                    return (.continue, nil, "Continue: scaled and mainstreamed (\(recorded)).")
                case .scale: return (.scale, nil, "Scale: \(recorded).")
                case .start where i.status == .proposed: return (.start, nil, "Start: \(recorded).")
                case .start, .continue:
                    if !sharing.isEmpty {
                        return (.coordinate, nil, "Coordinate: continue (\(recorded)), working with \(coordinateWith) for the families they share.")
                    }
                    return (.continue, nil, "Continue: \(recorded).")
                }
            }
            return (.stop, nil, "Stop: the evidence since the last decision (\(recorded)) is negative.")
        }
        if negative != nil { return (.stop, nil, "Stop: the evidence is negative.") }
        if has(.startWithoutStop) != nil { return (.decide, nil, "Decide: start only if it replaces an initiative it overlaps.") }
        // Time-limited work (pilots, projects) merges into the lead; an established service or
        // programme is not folded into another on overlap alone: that is a decision for its board.
        // Only into a lead that can lead and that it overlaps directly (the flag checks both).
        if has(.overlaps) != nil, [.pilot, .project].contains(i.kind), let group = overlap?.cluster(containing: i.id), let lead = group.lead,
           lead != i.id, group.scoreWithCentre[i.id] != nil {
            // The overlaps flag says why (the group's lead, overlapped directly, and the score): not again here.
            return (.merge, lead, "Merge into \(names[lead] ?? lead).")
        }
        if has(.positiveEvidence) != nil { return (.scale, nil, "Scale: the evidence is positive.") }
        var open: [String] = []
        for rule in [RegisterRule.reviewOverdue, .pilotitis, .noEvidence, .fundingCliff, .overlaps] where has(rule) != nil {
            switch rule {
            case .reviewOverdue: open.append("the review is overdue")
            case .pilotitis: open.append("the pilot has run past \(settings.pilotitisMonths) months")
            case .noEvidence: open.append("there is no real evidence yet")
            case .fundingCliff: open.append("funding ends within \(settings.fundingCliffMonths) months")
            default:
                if let lead = overlap?.cluster(containing: i.id)?.lead {
                    open.append("merging with \(names[lead] ?? lead) needs a decision")
                } else {
                    open.append("decide who leads its group")
                }
            }
        }
        if !open.isEmpty { return (.decide, nil, "Decide: " + open.joined(separator: "; ") + ".") }
        if i.status == .proposed { return (.start, nil, "Start: nothing found against it.") }
        if !sharing.isEmpty {
            return (.coordinate, nil, "Coordinate with \(coordinateWith) for the families they share.")
        }
        return (.continue, nil, "Continue: nothing needs a decision yet.")
    }

    // MARK: summary

    /// What the summary counts of one entry.
    struct SummaryRow: Sendable {
        var id: String
        var name: String
        var recommendation: Recommendation
        var annualFunding: Decimal
        var errors = 0
        var warnings = 0
        /// Funding lines ending on or after as-of: the quarter (year × 10 + quarter) and the line's value a year.
        var ends: [(quarter: Int, annualValue: Decimal)] = []

        init(_ e: RegisterEntry, asOf: CalendarDate) {
            id = e.initiative.id
            name = e.initiative.name
            recommendation = e.recommendation
            annualFunding = e.annualFunding
            for f in e.flags {
                if f.severity == .error { errors += 1 } else if f.severity == .warning { warnings += 1 }
            }
            for line in e.initiative.funding {
                guard let end = line.end, end >= asOf else { continue }
                ends.append((end.year * 10 + end.calendarQuarter, FundingFigures.annualValue(of: line)))
            }
        }
    }

    func summarise(_ rows: [SummaryRow], asOf: CalendarDate) -> RegisterSummary {
        var counts: [Recommendation: Int] = [:]
        for r in Recommendation.allCases { counts[r] = 0 }
        var freed = Decimal(0), errors = 0, warnings = 0
        for row in rows {
            counts[row.recommendation, default: 0] += 1
            if row.recommendation == .stop { freed += row.annualFunding }
            errors += row.errors
            warnings += row.warnings
        }
        var quarters: [Int: QuarterFundingEnd] = [:]
        // Each quarter's initiatives, to list each once. (Copying a quarter out of the dictionary and
        // back, and searching its list, copied and searched thousands of ids per line at region scale.)
        var listed: [Int: Set<String>] = [:]
        for row in rows {
            for (key, value) in row.ends {
                let isNew = listed[key, default: []].insert(row.id).inserted
                func add(_ q: inout QuarterFundingEnd) {
                    q.annualAmount += value
                    q.lines += 1
                    if isNew { q.initiatives.append(row.id) }
                }
                add(&quarters[key, default: QuarterFundingEnd(year: key / 10, quarter: key % 10, annualAmount: 0, lines: 0, initiatives: [])])
            }
        }
        let names = Dictionary(rows.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let ends = quarters.keys.sorted().compactMap { key -> QuarterFundingEnd? in
            guard var q = quarters[key] else { return nil }
            // By name, then id: each name looked up once, not at every comparison.
            q.initiatives = q.initiatives.map { (names[$0] ?? $0, $0) }.sorted { $0 < $1 }.map(\.1)
            return q
        }
        return RegisterSummary(counts: counts, moneyFreedByStops: freed, fundingEnds: ends,
                               starts: counts[.start] ?? 0, stops: counts[.stop] ?? 0, errors: errors, warnings: warnings)
    }
}
