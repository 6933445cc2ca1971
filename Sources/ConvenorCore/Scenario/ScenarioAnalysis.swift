import Foundation

extension Initiative {
    /// Funding a year at `asOf`, as docs/figures.md defines it (`FundingFigures.fundingAYear`: the lines
    /// running on that day, or a proposal's lines not yet ended); every line when there is no date.
    public func annualFunding(asOf: CalendarDate?) -> Decimal {
        guard let asOf else { return funding.reduce(0) { $0 + FundingFigures.annualValue(of: $1) } }
        return FundingFigures.fundingAYear(of: self, asOf: asOf)
    }
}

/// What a plan of stops and merges would change: the overlap analysis of the portfolio before and of
/// the portfolio changed as `ScenarioTransform` defines, plus the money and households involved.
public struct ScenarioResult: Sendable {
    public var plan: ScenarioPlan
    public var before: OverlapResult
    public var after: OverlapResult
    /// Annual funding of the stopped initiatives (current at as-of): money freed.
    public var fundingFreed: Decimal
    /// Annual funding of the merged initiatives: money to re-plan under the leads.
    public var fundingReplanned: Decimal
    /// Households still met that would meet fewer front doors (initiatives with their own assessment).
    public var householdsFewerFrontDoors: Int
    /// Households that only stopped initiatives met.
    public var householdsNoLongerMet: Int
    /// Active initiatives with their own assessment, before and after.
    public var frontDoorsBefore: Int
    public var frontDoorsAfter: Int
    /// The register's summary before and after, when the portfolio has an as-of date.
    public var registerBefore: RegisterSummary?
    public var registerAfter: RegisterSummary?
    public var currency: String

    public var savings: ScenarioSavings {
        ScenarioSavings(repeatedAssessmentsAvoided: before.households.repeatedAssessments - after.households.repeatedAssessments,
                        costAvoided: before.households.duplicatedAssessmentCost - after.households.duplicatedAssessmentCost,
                        frontDoorsRemoved: frontDoorsBefore - frontDoorsAfter)
    }
}

/// What consolidating saves: repeated assessments avoided (and their cost) and front doors removed,
/// by the scenario's definitions.
public struct ScenarioSavings: Sendable, Equatable {
    public var repeatedAssessmentsAvoided: Int
    public var costAvoided: Decimal
    public var frontDoorsRemoved: Int

    public init(repeatedAssessmentsAvoided: Int, costAvoided: Decimal, frontDoorsRemoved: Int) {
        self.repeatedAssessmentsAvoided = repeatedAssessmentsAvoided
        self.costAvoided = costAvoided
        self.frontDoorsRemoved = frontDoorsRemoved
    }

    /// The clusters, each with what merging its members into its lead would save.
    /// Each cluster's plan is worked out on its own, on every core (the calculator is made once, beside
    /// the pairs: see `OverlapAnalysis.run`).
    static func addingSavings(to clusters: [OverlapCluster], calculator: SavingsCalculator) -> [OverlapCluster] {
        Parallel.map(clusters.count) { k in
            var c = clusters[k]
            c.savings = c.lead.flatMap { calculator.consolidating(c.members, into: $0) }
            return c
        }
    }

    /// clusters.csv's savings columns.
    static let csvColumns = ["repeated-assessments-avoided", "assessment-cost-avoided", "front-doors-removed"]
    static func csvCells(_ s: ScenarioSavings?) -> [String] {
        guard let s else { return ["", "", ""] }
        return [String(s.repeatedAssessmentsAvoided), OverlapTables.decimal2(s.costAvoided), String(s.frontDoorsRemoved)]
    }

    /// The savings of a plan (usually merges); see `SavingsCalculator`. The plan must have no problems.
    public static func of(_ plan: ScenarioPlan, in portfolio: Portfolio) -> ScenarioSavings {
        SavingsCalculator(portfolio).savings(plan)
    }
}

/// Works out `ScenarioSavings` for many plans on one portfolio (every merge recommendation, every
/// cluster) without the whole overlap analysis each time: the household figures of just the
/// households a plan touches, before and after `ScenarioTransform`, by the overlap analysis's own
/// household summary. Other households' figures do not change, so this equals the difference of the
/// whole portfolio's figures; each plan costs only the contacts of the households it touches.
public struct SavingsCalculator: Sendable {
    let portfolio: Portfolio
    /// Household → its contacts (indexes into the log, ascending).
    private let householdStart: [Int]
    private let householdContacts: [Int32]
    /// Initiative id → the households it met (distinct).
    private let householdsOf: [String: [Int32]]
    /// Initiative id → its place in `portfolio.initiatives`, and the ids still running: a plan's figures
    /// are worked out on a portfolio of just the initiatives they can see, so that a plan costs its
    /// own households and initiatives, not the whole portfolio again (every cluster has a plan).
    private let positionOf: [String: Int]
    private let activeIDs: Set<String>

    public init(_ portfolio: Portfolio) {
        self.portfolio = portfolio
        let log = portfolio.contacts
        var start = [Int](repeating: 0, count: log.householdIDs.count + 1)
        for h in log.household { start[Int(h) + 1] += 1 }
        for h in 0 ..< log.householdIDs.count { start[h + 1] += start[h] }
        var fill = start, contacts = [Int32](repeating: 0, count: log.count)
        for c in 0 ..< log.count {
            let h = Int(log.household[c])
            contacts[fill[h]] = Int32(c)
            fill[h] += 1
        }
        householdStart = start
        householdContacts = contacts
        // Each initiative's households, by a counting sort (one flat array, not an array per initiative).
        let initiativeCount = log.initiativeIDs.count
        var iStart = [Int](repeating: 0, count: initiativeCount + 1)
        for i in log.initiative { iStart[Int(i) + 1] += 1 }
        for i in 0 ..< initiativeCount { iStart[i + 1] += iStart[i] }
        var iFill = iStart, households = [Int32](repeating: 0, count: log.count)
        for c in 0 ..< log.count {
            let i = Int(log.initiative[c])
            households[iFill[i]] = log.household[c]
            iFill[i] += 1
        }
        var byID: [String: [Int32]] = [:]
        byID.reserveCapacity(initiativeCount)
        for (k, id) in log.initiativeIDs.enumerated() {
            var met = Array(households[iStart[k] ..< iStart[k + 1]])
            met.sort()
            var distinct: [Int32] = []
            distinct.reserveCapacity(met.count)
            for h in met where h != distinct.last { distinct.append(h) }
            byID[id] = distinct
        }
        householdsOf = byID
        var positions: [String: Int] = [:], active = Set<String>()
        for k in portfolio.initiatives.indices {
            let id = portfolio.initiatives[k].id
            if positions[id] == nil { positions[id] = k }
            if portfolio.initiatives[k].status.isActive { active.insert(id) }
        }
        positionOf = positions
        activeIDs = active
    }

    /// The portfolio with only the initiatives named here (in their order), everything else shared.
    private func restricted(to ids: some Sequence<String>) -> Portfolio {
        var kept = Set<Int>()
        for id in ids { if let k = positionOf[id] { kept.insert(k) } }
        var part = portfolio
        part.initiatives = kept.sorted().map { portfolio.initiatives[$0] }
        return part
    }

    /// The households a plan touches (met by an initiative it stops or merges, or by a lead), ascending.
    /// Every other household's figures and front doors are the same after the plan.
    func touchedHouseholds(_ plan: ScenarioPlan) -> [Int32] {
        var touched = Set<Int32>()
        for id in plan.involved { touched.formUnion(householdsOf[id] ?? []) }
        return touched.sorted()
    }

    /// The portfolio of just these households' contacts, and of the initiatives they and the plan name.
    private func part(_ plan: ScenarioPlan, households: [Int32]) -> Portfolio {
        var part = portfolio
        let log = portfolio.contacts
        if !log.isEmpty {
            var indexes: [Int32] = []
            for h in households { indexes += householdContacts[householdStart[Int(h)] ..< householdStart[Int(h) + 1]] }
            indexes.sort()
            var builder = ContactLog.Builder(expectedCount: indexes.count)
            for c32 in indexes {
                let c = Int(c32)
                builder.append(household: log.householdIDs[Int(log.household[c])], initiative: log.initiativeIDs[Int(log.initiative[c])],
                               date: log.date(at: c), assessed: log.assessed[c])
            }
            part.contacts = builder.build()
        }
        // Every figure below sees only these initiatives: the contacts' (their unit costs) and the
        // plan's (the only ones the plan changes, so front doors differ by them alone).
        part.initiatives = restricted(to: Array(plan.involved) + part.contacts.initiativeIDs).initiatives
        return part
    }

    public func savings(_ plan: ScenarioPlan) -> ScenarioSavings {
        let part = part(plan, households: touchedHouseholds(plan))
        let changed = ScenarioTransform.apply(plan, to: part)
        let before = OverlapAnalysis.computeHouseholds(part), after = OverlapAnalysis.computeHouseholds(changed)
        return ScenarioSavings(repeatedAssessmentsAvoided: before.repeatedAssessments - after.repeatedAssessments,
                               costAvoided: before.duplicatedAssessmentCost - after.duplicatedAssessmentCost,
                               frontDoorsRemoved: ScenarioAnalysis.frontDoors(part) - ScenarioAnalysis.frontDoors(changed))
    }

    /// The whole portfolio's household summary after the plan, from the one before: each figure is a
    /// sum over households, so the touched households' figures before are taken off and theirs after
    /// added (as `overlap` works them out on the changed portfolio); the first and last contact are
    /// looked for again only when stopped contacts go.
    func householdsAfter(_ plan: ScenarioPlan, households touched: [Int32], before whole: HouseholdSummary) -> HouseholdSummary {
        let log = portfolio.contacts
        guard !log.isEmpty else { return whole }
        let part = part(plan, households: touched)
        let b = OverlapAnalysis.computeHouseholds(part), a = OverlapAnalysis.computeHouseholds(ScenarioTransform.apply(plan, to: part))
        var s = whole
        s.contacts += a.contacts - b.contacts
        s.households += a.households - b.households
        s.householdsMulti += a.householdsMulti - b.householdsMulti
        s.householdsThreeOrMore += a.householdsThreeOrMore - b.householdsThreeOrMore
        s.assessments += a.assessments - b.assessments
        s.repeatedAssessments += a.repeatedAssessments - b.repeatedAssessments
        s.duplicatedAssessmentCost = s.duplicatedAssessmentCost - b.duplicatedAssessmentCost + a.duplicatedAssessmentCost
        var bins: [Int: Int] = [:]
        for bin in whole.histogram { bins[bin.initiatives, default: 0] += bin.households }
        for bin in b.histogram { bins[bin.initiatives, default: 0] -= bin.households }
        for bin in a.histogram { bins[bin.initiatives, default: 0] += bin.households }
        s.histogram = bins.keys.sorted().filter { bins[$0]! > 0 }.map { HistogramBin(initiatives: $0, households: bins[$0]!) }
        if !plan.stops.isEmpty {
            let stopping = Set(plan.stops)
            let stopped = log.initiativeIDs.map { stopping.contains($0) }
            var first = Int32.max, last = Int32.min
            let initiativeOf = log.initiative, dayOf = log.day
            for c in 0 ..< log.count where !stopped[Int(initiativeOf[c])] {
                let d = dayOf[c]
                if d != ContactLog.noDate { first = min(first, d); last = max(last, d) }
            }
            (s.firstContact, s.lastContact) = first <= last ? (CalendarDate(daysSinceEpoch: first), CalendarDate(daysSinceEpoch: last)) : (nil, nil)
        }
        if s.contacts == 0 { return HouseholdSummary() }
        return s
    }

    /// Households meeting fewer front doors after the plan (still met), and households no longer met,
    /// over the touched households (no other household's front doors change). A household's front
    /// doors are the distinct initiatives with their own assessment it had contact with.
    func frontDoorChanges(_ plan: ScenarioPlan, households touched: [Int32]) -> (fewer: Int, gone: Int) {
        let log = portfolio.contacts
        guard !log.isEmpty else { return (0, 0) }
        let stopping = Set(plan.stops), leadOf = plan.leadOf
        let hasDoor = Set(portfolio.initiatives.filter { $0.assessment != nil }.map(\.id))
        let ids = Array(log.initiativeIDs)
        let beforeDoor: [Int32] = ids.indices.map { hasDoor.contains(ids[$0]) ? Int32($0) : -1 }
        // After: the log number of the initiative it becomes (lead's id numbered past the log's ids if new).
        var extra: [String: Int32] = [:]
        let numberOf = Dictionary(ids.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { a, _ in a })
        let afterTarget: [Int32?] = ids.map { id in
            if stopping.contains(id) { return nil }
            let t = leadOf[id] ?? id
            if let n = numberOf[t] { return n }
            if let n = extra[t] { return n }
            let n = Int32(ids.count + extra.count)
            extra[t] = n
            return n
        }
        let targetIDs = ids + extra.sorted { $0.value < $1.value }.map(\.key)
        let afterDoor = targetIDs.map { hasDoor.contains($0) }
        var fewer = 0, gone = 0
        var doorsBefore = Set<Int32>(), doorsAfter = Set<Int32>()
        for h in touched {
            doorsBefore.removeAll(keepingCapacity: true)
            doorsAfter.removeAll(keepingCapacity: true)
            var met = false
            for k in householdStart[Int(h)] ..< householdStart[Int(h) + 1] {
                let i = Int(log.initiative[Int(householdContacts[k])])
                if beforeDoor[i] >= 0 { doorsBefore.insert(beforeDoor[i]) }
                if let t = afterTarget[i] {
                    met = true
                    if afterDoor[Int(t)] { doorsAfter.insert(t) }
                }
            }
            if !met { gone += 1 } else if doorsAfter.count < doorsBefore.count { fewer += 1 }
        }
        return (fewer, gone)
    }

    /// What consolidating a group into its lead would save: each member still running merges into
    /// the lead. nil when that plan could not apply (the lead has ended, say).
    public func consolidating(_ members: [String], into lead: String) -> ScenarioSavings? {
        let plan = ScenarioPlan(merges: members.filter { $0 != lead && activeIDs.contains($0) }.map { .init(initiative: $0, into: lead) })
        // The plan's checks look only at the initiatives it names.
        guard !plan.merges.isEmpty, !plan.problems(in: restricted(to: members + [lead])).hasErrors else { return nil }
        return savings(plan)
    }
}

public enum ScenarioAnalysis {
    /// Runs the plan; throws `InputError` when the plan has problems (nothing is computed).
    /// The after-analysis starts from the before-analysis (`ScenarioAfter`); neither side works out
    /// the clusters' savings, nor the registers' order and merge savings: the scenario shows none.
    public static func run(_ portfolio: Portfolio, plan: ScenarioPlan, options: OverlapOptions = .init(),
                           registerSettings: RegisterSettings? = nil) throws -> ScenarioResult {
        let refused = PhaseTrace.measure("scenario: checking the plan") { plan.problems(in: portfolio) }
        if refused.hasErrors { throw InputError(refused) }
        // The initiatives after the plan; its contacts are never read (the after-analysis is worked
        // out from the before-analysis), so the changed contact log is not built.
        let changed = PhaseTrace.measure("scenario: the portfolio after") {
            var p = ScenarioTransform.statuses(plan, in: portfolio); p.contacts = ContactLog(); return p
        }
        let (before, index, calculator) = OverlapAnalysis.run(portfolio, options: options, clusterSavings: false, progress: nil)
        let asOf = portfolio.place.asOf
        let touched = calculator.touchedHouseholds(plan)
        // The register before needs only the before-analysis: it runs beside the after-analysis.
        let ((after, doors, registerAfter), registerBefore) = Parallel.both({
            let after = PhaseTrace.measure("scenario: after-analysis") {
                ScenarioAfter.run(plan: plan, before: before, index: index, calculator: calculator, households: touched,
                                  changed: changed, options: options)
            }
            let doors = calculator.frontDoorChanges(plan, households: touched)
            let register = PhaseTrace.measure("scenario: register after") {
                asOf.flatMap { asOf in
                    registerSettings.map { RegisterEngine(settings: $0, overlap: RegisterOverlapFacts(after)).summary(changed, asOf: asOf) }
                }
            }
            return (after, doors, register)
        }, {
            PhaseTrace.measure("scenario: register before") {
                asOf.flatMap { asOf in registerSettings.map { RegisterEngine(settings: $0, overlap: RegisterOverlapFacts(before)).summary(portfolio, asOf: asOf) } }
            }
        })
        let byID = plan.namedInitiatives(in: portfolio)
        let freed = plan.stops.reduce(Decimal(0)) { $0 + (byID[$1]?.annualFunding(asOf: asOf) ?? 0) }
        let replanned = plan.merges.reduce(Decimal(0)) { $0 + (byID[$1.initiative]?.annualFunding(asOf: asOf) ?? 0) }
        var result = ScenarioResult(plan: plan, before: before, after: after, fundingFreed: freed, fundingReplanned: replanned,
                                    householdsFewerFrontDoors: doors.fewer, householdsNoLongerMet: doors.gone,
                                    frontDoorsBefore: frontDoors(portfolio), frontDoorsAfter: frontDoors(changed),
                                    currency: portfolio.place.currency)
        result.registerBefore = registerBefore
        result.registerAfter = registerAfter
        return result
    }

    /// Active initiatives with their own assessment (the overlap map's front doors).
    static func frontDoors(_ p: Portfolio) -> Int { p.initiatives.count { $0.status.isActive && $0.assessment != nil } }

}
