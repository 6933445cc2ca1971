import ConvenorCore
import Foundation

/// One thing participants vote on: a pilot, a register candidate, an overlap cluster or a barrier card.
public struct LiveItem: Sendable, Equatable, Codable {
    public var id: String
    public var title: String
    /// Short facts shown under the title: money, dates, the register's flags.
    public var facts: [String]
    /// The register's recommendation, when there is one (shown after the vote, never before).
    public var recommendation: String?
}

/// A choice on the ballot, with the words shown for it.
public struct LiveChoice: Sendable, Equatable, Codable {
    public var id: String
    public var label: String
}

/// A workshop activity made concrete for one place: its items are the place's own.
public struct LiveActivity: Sendable, Equatable {
    public var id: String
    public var kind: WorkshopActivity.Kind
    public var title: String
    public var question: String?
    public var items: [LiveItem]
    public var choices: [LiveChoice]
    /// Dot votes: dots per participant and per item.
    public var dots: Int
    public var perItem: Int
    /// The session it belongs to, for the facilitator's list.
    public var session: String

    public func item(_ id: String) -> LiveItem? { items.first { $0.id == id } }

    /// The card sort's piles, in the order the workshop presents them.
    public static let cardSortChoices = [
        LiveChoice(id: "stop", label: "Stop"), LiveChoice(id: "scale", label: "Scale"), LiveChoice(id: "merge", label: "Merge"),
        LiveChoice(id: "continue", label: "Continue"), LiveChoice(id: "evidence", label: "Needs evidence"),
    ]

    /// Whether a participant's choices in this activity keep to its rules; the message says which rule.
    public func check(_ choices: [String: String]) -> String? {
        guard kind == .dotVote else { return nil }
        var total = 0
        for (item, choice) in choices {
            guard let n = Int(choice), n >= 0 else { return "'\(choice)' is not a number of dots" }
            if n > perItem { return "at most \(perItem) dots on one item; \(item) would have \(n)" }
            total += n
        }
        if total > dots { return "you have \(dots) dots in all; this would use \(total)" }
        return nil
    }
}

/// Builds the live activities of a workshop from the place's portfolio, with the core analyses.
public enum LiveActivityBuilder {
    public static func build(workshop: Workshop, portfolio: Portfolio, asOf: CalendarDate, register: Register,
                             overlap: OverlapResult, barriers: [Barrier]) -> [LiveActivity] {
        let data = PackDataBuilder(portfolio: portfolio, asOf: asOf, barriers: barriers).build(overlap: overlap, register: register)
        let names = Dictionary(portfolio.initiatives.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        var result: [LiveActivity] = []
        for session in workshop.sessions {
            for a in session.activities {
                let items: [LiveItem]
                switch a.items {
                case .pilots:
                    items = data.pilots.map { p in
                        let r = data.recommendations[p.id]
                        return LiveItem(id: p.id, title: p.name,
                                        facts: ["Funding: \(p.funding)", "Funding ends: \(p.fundingEnds)", "Review: \(p.review)", "Evidence: \(p.evidence)"]
                                            + (r?.reasons ?? []),
                                        recommendation: r?.recommendation)
                    }
                case .registerCandidates:
                    items = register.entries.filter { $0.recommendation != .continue && $0.initiative.status.isActive }.map { e in
                        LiveItem(id: e.initiative.id, title: e.initiative.name,
                                 facts: ["Annual funding: \(Format.money(e.annualFunding, currency: register.currency))"] + e.flags.map(\.reason),
                                 recommendation: e.recommendation.rawValue)
                    }
                case .overlapClusters:
                    items = overlap.clusters.map { c in
                        let members = c.members.map { names[$0] ?? $0 }
                        return LiveItem(id: "cluster-\(c.id)", title: members.joined(separator: ", "),
                                        facts: [c.lead.map { "Suggested lead: \(names[$0] ?? $0) (\(c.leadReason))" } ?? "No lead suggested: \(c.leadReason)",
                                                "\(c.teams) teams, \(c.frontDoors) own assessments"],
                                        recommendation: nil)
                    }
                case .barriers:
                    items = barriers.map { LiveItem(id: $0.id, title: $0.says, facts: ["Instead: \($0.instead)"], recommendation: nil) }
                }
                let choices: [LiveChoice]
                switch a.kind {
                case .cardSort: choices = LiveActivity.cardSortChoices
                case .dotVote: choices = (0...a.perItem).map { LiveChoice(id: String($0), label: $0 == 1 ? "1 dot" : "\($0) dots") }
                case .decisions: choices = []
                }
                result.append(LiveActivity(id: a.id, kind: a.kind, title: a.title, question: a.question, items: items,
                                           choices: choices, dots: a.dots, perItem: a.perItem, session: session.title))
            }
        }
        return result
    }
}
