import Foundation

/// A what-if: initiatives to stop, and initiatives to merge into a lead.
public struct ScenarioPlan: Sendable, Equatable {
    public struct Merge: Sendable, Equatable, Hashable {
        public var initiative: String
        public var into: String
        public init(initiative: String, into: String) { self.initiative = initiative; self.into = into }
    }

    public var stops: [String]
    public var merges: [Merge]

    public init(stops: [String] = [], merges: [Merge] = []) {
        self.stops = stops
        self.merges = merges
    }

    /// A plan from `--stop` ids and `--merge ID=LEAD` arguments; throws `InputError` naming every
    /// argument not so written, or when the plan is empty.
    public static func parse(stops: [String], merges: [String]) throws -> ScenarioPlan {
        var plan = ScenarioPlan(stops: stops.map { $0.trimmingCharacters(in: .whitespaces) })
        var problems: [Diagnostic] = []
        for text in merges {
            let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                problems.append(.error(.badPlan, "--merge '\(text)' is not written as ID=LEAD (the initiative, '=', the lead it merges into)"))
                continue
            }
            plan.merges.append(Merge(initiative: parts[0], into: parts[1]))
        }
        if stops.isEmpty && merges.isEmpty {
            problems.append(.error(.badPlan, "the plan is empty; give at least one --stop ID or --merge ID=LEAD"))
        }
        if !problems.isEmpty { throw InputError(problems) }
        return plan
    }

    /// Why the plan cannot be applied to this portfolio (unknown ids, a merge into itself, into an
    /// initiative that is stopped or being stopped, chains of merges, an initiative named twice).
    public func problems(in portfolio: Portfolio) -> [Diagnostic] {
        let byID = namedInitiatives(in: portfolio)
        var out: [Diagnostic] = []
        func known(_ id: String, as role: String) -> Initiative? {
            if let i = byID[id] { return i }
            let suggestion = CSVPortfolioReader.closest(to: id, in: portfolio.initiatives.map(\.id)).map { " (did you mean '\($0)'?)" } ?? ""
            out.append(.error(.unknownInitiative, "\(role) names initiative '\(id)', which the portfolio does not have\(suggestion)"))
            return nil
        }
        var named: [String: String] = [:]
        func claim(_ id: String, _ what: String) {
            if let first = named[id] {
                out.append(.error(.badPlan, "initiative '\(id)' is in the plan twice (\(first), and \(what)); keep one"))
            } else {
                named[id] = what
            }
        }
        for id in stops {
            guard let i = known(id, as: "--stop \(id)") else { continue }
            if !i.status.isActive {
                out.append(.error(.badPlan, "--stop \(id): initiative '\(id)' is already \(i.status.rawValue); there is nothing to stop"))
            }
            claim(id, "--stop \(id)")
        }
        let stopping = Set(stops)
        let merging = Set(merges.map(\.initiative))
        for m in merges {
            let arg = "--merge \(m.initiative)=\(m.into)"
            let member = known(m.initiative, as: arg)
            let lead = known(m.into, as: arg)
            claim(m.initiative, arg)
            guard let member, let lead else { continue }
            if m.initiative == m.into {
                out.append(.error(.mergeIntoSelf, "\(arg): an initiative cannot merge into itself; name the lead it joins"))
                continue
            }
            if !member.status.isActive {
                out.append(.error(.badPlan, "\(arg): initiative '\(m.initiative)' is already \(member.status.rawValue); there is nothing to merge"))
            }
            if !lead.status.isActive {
                out.append(.error(.mergeIntoStopped, "\(arg): the lead '\(m.into)' is \(lead.status.rawValue); merge into an initiative that is still running"))
            } else if stopping.contains(m.into) {
                out.append(.error(.mergeIntoStopped, "\(arg): the lead '\(m.into)' is stopped by this plan (--stop \(m.into)); merge into an initiative that carries on"))
            } else if merging.contains(m.into) {
                let next = merges.first { $0.initiative == m.into }!.into
                out.append(.error(.mergeChain, "\(arg): the lead '\(m.into)' itself merges into '\(next)'; merge straight into the final lead (--merge \(m.initiative)=\(next))"))
            }
        }
        return out
    }

    /// Every initiative the plan names: stopped, merged and leads.
    var involved: Set<String> { Set(stops + merges.flatMap { [$0.initiative, $0.into] }) }

    /// The initiatives the plan names, by id (the first of an id, as everywhere). Only those: a
    /// dictionary of every initiative cost a third of a second at national scale.
    func namedInitiatives(in portfolio: Portfolio) -> [String: Initiative] {
        let involved = self.involved
        var byID: [String: Initiative] = [:]
        for i in portfolio.initiatives where involved.contains(i.id) && byID[i.id] == nil { byID[i.id] = i }
        return byID
    }

    /// The lead each merged initiative joins.
    var leadOf: [String: String] { Dictionary(merges.map { ($0.initiative, $0.into) }, uniquingKeysWith: { a, _ in a }) }
}

/// The portfolio as it would be after a plan, by these definitions (and no others):
/// - a stopped initiative becomes `stopped` and its contacts are removed (the same period without it);
/// - a merged initiative becomes `stopped`; its contacts become the lead's (same household and date);
///   the group is then one front door, so an assessed contact of the lead for a household the lead
///   (merged members included) had already assessed, by date, is no longer an assessment.
/// Every figure is then the overlap analysis of this portfolio.
public enum ScenarioTransform {
    /// The portfolio with the plan's stopped and merged initiatives `stopped`, contacts unchanged.
    static func statuses(_ plan: ScenarioPlan, in portfolio: Portfolio) -> Portfolio {
        var p = portfolio
        let stopping = Set(plan.stops)
        let leadOf = plan.leadOf
        for k in p.initiatives.indices where stopping.contains(p.initiatives[k].id) || leadOf[p.initiatives[k].id] != nil {
            p.initiatives[k].status = .stopped
        }
        return p
    }

    public static func apply(_ plan: ScenarioPlan, to portfolio: Portfolio) -> Portfolio {
        var p = statuses(plan, in: portfolio)
        let stopping = Set(plan.stops)
        let leadOf = plan.leadOf
        let log = portfolio.contacts
        guard !log.isEmpty else { return p }
        let leads = Set(leadOf.values)
        // What each initiative of the log becomes: dropped (-1), itself, or its lead (by log number).
        let leadNumber = Dictionary(leads.sorted().enumerated().map { ($1, Int64($0)) }, uniquingKeysWith: { a, _ in a })
        let target: [String?] = log.initiativeIDs.map { id in
            if stopping.contains(id) { return nil }
            return leadOf[id] ?? id
        }
        // The group's contacts, in (date, log order): a household's first assessment stays one, the rest do not.
        var demoted = [Bool](repeating: false, count: log.count)
        let groupContacts = (0 ..< log.count).filter { c in
            guard let t = target[Int(log.initiative[c])] else { return false }
            return leads.contains(t)
        }
        var assessedBy: Set<Int64> = []
        for c in groupContacts.sorted(by: { (log.day[$0], $0) < (log.day[$1], $1) }) where log.assessed[c] {
            let lead = leadNumber[target[Int(log.initiative[c])]!]!
            // (lead, household) packed in one number.
            if !assessedBy.insert(lead << 32 | Int64(log.household[c])).inserted { demoted[c] = true }
        }
        var builder = ContactLog.Builder(expectedCount: log.count)
        for c in 0 ..< log.count {
            guard let t = target[Int(log.initiative[c])] else { continue }
            builder.append(household: log.householdIDs[Int(log.household[c])], initiative: t, date: log.date(at: c),
                           assessed: log.assessed[c] && !demoted[c])
        }
        p.contacts = builder.build()
        return p
    }
}
