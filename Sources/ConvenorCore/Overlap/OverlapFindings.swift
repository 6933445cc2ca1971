import Foundation

extension OverlapAnalysis {
    /// Plain-language findings, most telling first, for the report, the register and workshop packs.
    /// Household counts below the threshold are written as "fewer than N".
    public static func findings(_ result: OverlapResult, portfolio: Portfolio) -> [String] {
        let r = result, opt = result.options
        var out: [String] = []
        func name(_ id: String) -> String { r.node(id)?.name ?? id }
        let nbNames = Dictionary(portfolio.neighbourhoods.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })

        // Crowded neighbourhoods: the same cohort met by several initiatives, teams and front doors.
        let crowded = r.neighbourhoods.filter { ($0.busiestCohort?.initiatives ?? 0) >= 3 }
            .sorted { x, y in
                let cx = x.busiestCohort?.initiatives ?? 0, cy = y.busiestCohort?.initiatives ?? 0
                if cx != cy { return cx > cy }
                if x.activeInitiatives != y.activeInitiatives { return x.activeInitiatives > y.activeInitiatives }
                return x.id.utf8.lexicographicallyPrecedes(y.id.utf8)
            }
        // Neighbourhoods with the same figures for the same cohort are told together.
        var groups: [(names: [String], crowding: CohortCrowding)] = []
        for n in crowded {
            guard let c = n.busiestCohort else { continue }
            if let k = groups.firstIndex(where: { $0.crowding == c }) { groups[k].names.append(n.name) } else { groups.append(([n.name], c)) }
        }
        for g in groups.prefix(3) {
            let c = g.crowding
            let figures = "\(plural(c.initiatives, "running initiative")), \(plural(c.teams, "separate team")) and \(plural(c.frontDoors, "front door"))"
            let cohort = "for the same cohort (\(c.cohortName.lowercasedFirst))."
            out.append(g.names.count == 1 ? "\(g.names[0]): \(figures) \(cohort)" : "\(list(g.names)) each have \(figures) \(cohort)")
        }

        // Households and repeated assessments.
        let h = r.households
        if h.households > 0 {
            var sentence = "\(opt.householdsText(h.householdsThreeOrMore).capitalisedFirst) "
                + "\(h.householdsThreeOrMore == 1 ? "household" : "households") met 3 or more initiatives"
            if h.repeatedAssessments > 0 {
                sentence += "; \(Format.money(h.duplicatedAssessmentCost, currency: r.place.currency)) went on "
                    + "\(plural(h.repeatedAssessments, "repeated assessment"))"
                if let first = h.firstContact, let last = h.lastContact {
                    let days = Double(first.days(until: last) + 1)
                    sentence += " between \(monthYear(first)) and \(monthYear(last))"
                    if days >= 180 {
                        let perYear = NSDecimalNumber(decimal: h.duplicatedAssessmentCost).doubleValue * 365.25 / days
                        let rounded = perYear >= 10_000 ? (perYear / 1000).rounded() * 1000 : perYear.rounded()
                        sentence += " (about \(Format.money(Decimal(rounded), currency: r.place.currency)) a year)"
                    }
                }
            }
            out.append(sentence + ".")
        }

        // Consolidation candidates.
        for c in r.clusters.prefix(5) {
            let places = c.commonNeighbourhoods.compactMap { nbNames[$0] }
            let whereText = places.isEmpty ? "" : places.count > 4
                ? " in " + places.prefix(4).joined(separator: ", ") + " and \(places.count - 4) more neighbourhoods"
                : " in " + list(places)
            let names = c.members.count <= 6 ? " (" + list(c.members.map(name)) + ")" : ""
            var sentence = "Cluster \(c.id): \(c.members.count) initiatives\(names) could become one service\(whereText): they serve the same people, with "
                + "\(plural(c.teams, "team")) and \(plural(c.frontDoors, "front door")) between them"
            if c.sharedHouseholds > 0 {
                sentence += "; \(opt.householdsText(c.sharedHouseholds)) \(c.sharedHouseholds == 1 ? "household has" : "households have") met more than one of them"
            }
            if let lead = c.lead {
                sentence += ". Suggested lead: \(name(lead))"
                if let e = r.node(lead)?.evidence, e.level != .none {
                    sentence += " (\(e.level.rawValue)\(e.result.map { ", \($0.rawValue) result" } ?? ""))"
                }
                sentence += ", which each of the others overlaps directly."
            } else {
                sentence += ". No natural lead: decide who leads (none of them can: each is paused, failing or an overdue pilot)."
            }
            out.append(sentence)
        }

        // Same families, different people: coordinate, never merge. Most shared households first.
        let coordination = r.coordination.sorted { x, y in
            x.sharedHouseholds != y.sharedHouseholds ? x.sharedHouseholds > y.sharedHouseholds : (x.a, x.b) < (y.a, y.b)
        }
        for c in coordination.prefix(3) {
            let households = "\(opt.householdsText(c.sharedHouseholds)) \(c.sharedHouseholds == 1 ? "household" : "households")"
            let never = c.separations.isEmpty ? "they serve different people" : "they serve people the portfolio says must never share a merged service"
            out.append("\(name(c.a)) and \(name(c.b)) share \(households), but \(never): coordinate: one plan, one lead professional for the shared families, never a merge.")
        }

        // Proposals that would add to work already under way.
        let proposed = r.initiatives.enumerated().filter { $0.element.status == .proposed }
        if !proposed.isEmpty {
            var partners = [[(Int32, Double)]](repeating: [], count: r.initiatives.count)
            for p in r.pairs where p.score >= opt.minScore {
                partners[Int(p.aIndex)].append((p.bIndex, p.score))
                partners[Int(p.bIndex)].append((p.aIndex, p.score))
            }
            for (k, node) in proposed {
                let running = partners[k].filter { r.initiatives[Int($0.0)].status == .live || r.initiatives[Int($0.0)].status == .mainstreamed }
                guard let strongest = running.max(by: { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 > $1.0 }) else { continue }
                out.append("Proposed, not running: \(node.name) would overlap \(plural(running.count, "running initiative")), most of all "
                           + "\(r.initiatives[Int(strongest.0)].name) (score \(String(format: "%.2f", strongest.1))): start it only if it replaces something.")
            }
        }

        // The single strongest overlap.
        if let top = r.pairs.max(by: { $0.score != $1.score ? $0.score < $1.score : ($0.a, $0.b) > ($1.a, $1.b) }), top.score >= opt.minScore {
            var parts: [String] = []
            if top.sharedNeighbourhoods > 0 { parts.append("\(plural(top.sharedNeighbourhoods, "shared neighbourhood"))") }
            if top.cohort > 0 { parts.append("\(percent(top.cohort)) of their cohorts in common") }
            if top.householdOverlap > 0 { parts.append("\(percent(top.householdOverlap)) of the smaller one's households also met the other") }
            out.append("The strongest overlap is \(name(top.a)) and \(name(top.b)) (score \(String(format: "%.2f", top.score))"
                       + (parts.isEmpty ? ")." : ": " + list(parts) + ")."))
        }
        if out.isEmpty { out.append("No two active initiatives share a neighbourhood or a household.") }
        return out
    }

    static func plural(_ n: Int, _ word: String) -> String {
        "\(Format.count(n)) \(word)\(n == 1 ? "" : "s")"
    }

    static func percent(_ x: Double) -> String { "\(Int((x * 100).rounded()))%" }

    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " and " + (items.last ?? "")
        }
    }

    static func monthYear(_ d: CalendarDate) -> String {
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        return "\(months[max(0, min(11, d.month - 1))]) \(d.year)"
    }

    static func longDate(_ d: CalendarDate) -> String {
        "\(d.day) " + monthYear(d)
    }
}

extension String {
    var capitalisedFirst: String { prefix(1).uppercased() + dropFirst() }
    /// "Families on the edge of care" → "families on the edge of care", but "NEET young people" stays.
    var lowercasedFirst: String {
        let words = split(separator: " ", maxSplits: 1)
        guard let first = words.first, first.count > 1, first.dropFirst().allSatisfy({ $0.isLowercase || !$0.isLetter }) else { return self }
        return prefix(1).lowercased() + dropFirst()
    }
}
