import Foundation

/// Consolidation candidates: groups of initiatives that could really become one service, and the
/// pairs that share families across cohorts and should coordinate instead (docs/decisions.md, issue 13).
///
/// Method, in order:
/// 1. **Merge links.** A pair can be one service when it scores at least the threshold, both are
///    running (not proposed), it shares a neighbourhood, at least `minCohortShare` of its cohorts
///    (Jaccard), and an outcome (when both record outcomes), and no declared never-merge cohorts keep
///    it apart. A pair over the threshold that shares households but no cohort, or that a declaration
///    keeps apart, is a **coordination** pair instead.
/// 2. **Lead-centred groups.** A candidate centre may take a merge-linked neighbour when it works
///    where at least `minPlaceCover` of that neighbour's population lives and the neighbour does not
///    outrank it (able to lead, established, evidence level, positive result). Centres are taken
///    greedily by the total weight of the links they may take (largest first; ties by rank, caseload,
///    id), first among initiatives that can lead, then among the rest ("no natural lead").
/// 3. **No weak bridges.** A neighbour stays only while it overlaps the group (centre included) at
///    least as much as it overlaps unassigned initiatives outside it (a strong community in Radicchi's
///    sense); the weakest is dropped until all pass. Taken initiatives leave the pool.
/// Every step visits initiatives in id order with explicit tie-breaks: no randomness, no hash order.
enum OverlapClustering {
    struct Grouping {
        var clusters: [OverlapCluster]
        var coordination: [OverlapCoordination]
    }

    static func clusters(pairs: [OverlapPair], nodes: inout [OverlapNode], index: OverlapIndex, portfolio: Portfolio,
                         options: OverlapOptions) -> Grouping {
        let n = nodes.count
        let separations = Separations(portfolio: portfolio, index: index)
        let cohortNames = Dictionary(portfolio.cohorts.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })

        // 1. Merge links and coordination pairs.
        var adjacency = [[(Int32, Double)]](repeating: [], count: n)
        var coordination: [OverlapCoordination] = []
        for p in pairs where p.score >= options.minScore {
            let a = Int(p.aIndex), b = Int(p.bIndex)
            guard nodes[a].isRunning, nodes[b].isRunning else { continue }
            let apart = separations.keptApart(a, b, in: index)
            if !apart.isEmpty || p.cohort == 0 {
                // Different people in the same families; without cohorts on both sides nobody can tell.
                guard p.sharedHouseholds > 0, !index.cohorts(of: a).isEmpty, !index.cohorts(of: b).isEmpty else { continue }
                coordination.append(OverlapCoordination(
                    a: p.a, b: p.b, score: p.score, sharedHouseholds: p.sharedHouseholds, separations: apart.map { "\($0.0)/\($0.1)" },
                    reason: coordinationReason(a, b, apart: apart, nodes: nodes, index: index, cohortNames: cohortNames)))
                continue
            }
            guard p.cohort >= options.minCohortShare, p.sharedNeighbourhoods > 0 else { continue }
            if !index.outcomes(of: a).isEmpty && !index.outcomes(of: b).isEmpty && p.sharedOutcomes == 0 { continue }
            // Pairs come sorted by (a, b), so every adjacency list comes out sorted by neighbour.
            adjacency[a].append((p.bIndex, p.score))
            adjacency[b].append((p.aIndex, p.score))
        }

        // 2 and 3. Lead-centred groups.
        let rank = nodes.map(Standing.init)
        var assigned = [Bool](repeating: false, count: n)
        var groups: [(centre: Int, members: [Int])] = []
        func placeCover(_ lead: Int, _ member: Int) -> Double {
            let theirs = index.neighbourhoods(of: member), ours = index.neighbourhoods(of: lead)
            var total = 0.0, covered = 0.0
            for nb in theirs {
                total += index.weight[Int(nb)]
                if OverlapIndex.contains(ours, nb) { covered += index.weight[Int(nb)] }
            }
            return total > 0 ? covered / total : 0
        }
        func admissible(_ centre: Int) -> [(Int, Double)] {
            adjacency[centre].compactMap { (m32, w) in
                let m = Int(m32)
                guard !assigned[m], !(rank[centre] < rank[m]), placeCover(centre, m) >= options.minPlaceCover else { return nil }
                return (m, w)
            }
        }
        func weight(_ links: [(Int, Double)]) -> Double { links.reduce(0) { $0 + $1.1 } }

        var inGroup = [Bool](repeating: false, count: n)
        for canLead in [true, false] {
            var heap = CandidateHeap()
            for v in 0..<n where !assigned[v] && (rank[v].canLead == canLead) {
                let w = weight(admissible(v))
                if w > 0 { heap.push(Candidate(weight: w, standing: rank[v], caseload: nodes[v].caseload ?? 0, index: v)) }
            }
            while let top = heap.pop() {
                let v = top.index
                guard !assigned[v] else { continue }
                let links = admissible(v)
                let w = weight(links)
                if w <= 0 { continue }
                // Weights only fall as initiatives are taken: a changed weight goes back in the queue.
                if w != top.weight { heap.push(Candidate(weight: w, standing: top.standing, caseload: top.caseload, index: v)); continue }
                let members = peel(centre: v, links: links, adjacency: adjacency, assigned: assigned, inGroup: &inGroup)
                guard !members.isEmpty else { continue }
                assigned[v] = true
                for m in members { assigned[m] = true }
                groups.append((v, members))
            }
        }

        // Largest first, then by first member id (nodes are in id order, so the smallest index).
        var ordered = groups.map { g in (centre: g.centre, all: ([g.centre] + g.members).sorted()) }
        ordered.sort { $0.all.count != $1.all.count ? $0.all.count > $1.all.count : ($0.all.first ?? 0) < ($1.all.first ?? 0) }

        var clusterOf = [Int](repeating: 0, count: n)
        for (k, g) in ordered.enumerated() { for v in g.all { clusterOf[v] = k + 1 } }
        // Households that met two or more members of the same cluster.
        var sharedHouseholds = [Int](repeating: 0, count: ordered.count + 1)
        var seen: [Int] = []
        for h in 0..<index.householdCount {
            seen.removeAll(keepingCapacity: true)
            for a in index.initiatives(ofHousehold: h) where clusterOf[Int(a)] > 0 { seen.append(clusterOf[Int(a)]) }
            guard seen.count >= 2 else { continue }
            seen.sort()
            var k = 1
            while k < seen.count {
                if seen[k] == seen[k - 1] && (k == 1 || seen[k - 2] != seen[k]) { sharedHouseholds[seen[k]] += 1 }
                k += 1
            }
        }

        var result: [OverlapCluster] = []
        for (k, g) in ordered.enumerated() {
            let id = k + 1
            for v in g.all { nodes[v].cluster = id }
            let centre = g.centre
            let others = g.all.filter { $0 != centre }
            let scores = others.map { m in adjacency[centre].first { Int($0.0) == m }?.1 ?? 0 }
            var teams = Set<Int32>()
            var nbCount: [Int32: Int] = [:]
            var cohortCount: [Int32: Int] = [:]
            for v in g.all {
                teams.formUnion(index.teams(of: v))
                for nb in index.neighbourhoods(of: v) { nbCount[nb, default: 0] += 1 }
                for c in index.cohorts(of: v) { cohortCount[c, default: 0] += 1 }
            }
            let common = nbCount.filter { $0.value >= 2 }.keys.sorted().map { portfolio.neighbourhoods[Int($0)].id }
            let cohorts = cohortCount.filter { $0.value >= 2 }.keys.sorted().map { index.cohortIDs[Int($0)] }
            let lead: String? = nodes[centre].leadBar == nil ? nodes[centre].id : nil
            let groundTotal = nbCount.count
            let groundCovered = nbCount.keys.filter { OverlapIndex.contains(index.neighbourhoods(of: centre), $0) }.count
            result.append(OverlapCluster(
                id: id, members: g.all.map { nodes[$0].id }, centre: nodes[centre].id, lead: lead,
                leadReason: lead != nil
                    ? leadReason(nodes[centre], covering: groundCovered, of: groundTotal)
                    : noLeadReason(g.all.map { nodes[$0] }),
                basis: basis(nodes[centre], scores: scores, cohortNames: cohorts.map { cohortNames[$0] ?? $0 }, options: options),
                centreScores: scores,
                teams: teams.count, frontDoors: g.all.filter { nodes[$0].hasFrontDoor }.count,
                caseload: g.all.reduce(0) { $0 + (nodes[$1].caseload ?? 0) }, sharedHouseholds: sharedHouseholds[id],
                meanScore: scores.isEmpty ? 0 : scores.reduce(0, +) / Double(scores.count),
                departments: Array(Set(g.all.compactMap { nodes[$0].department })).sorted(),
                commonNeighbourhoods: common, commonCohorts: cohorts))
        }
        return Grouping(clusters: result, coordination: coordination)
    }

    /// Drops, one at a time, the neighbour that overlaps the initiatives left outside the group more
    /// than the group itself (the most negative balance; ties to the later id), until none does.
    static func peel(centre: Int, links: [(Int, Double)], adjacency: [[(Int32, Double)]], assigned: [Bool], inGroup: inout [Bool]) -> [Int] {
        var members = links.map(\.0)
        inGroup[centre] = true
        for m in members { inGroup[m] = true }
        defer {
            inGroup[centre] = false
            for m in members { inGroup[m] = false }
        }
        while true {
            var worst: (balance: Double, position: Int)?
            for (k, m) in members.enumerated() {
                var inside = 0.0, outside = 0.0
                for (x32, w) in adjacency[m] {
                    let x = Int(x32)
                    if inGroup[x] { inside += w } else if !assigned[x] { outside += w }
                }
                let balance = inside - outside
                if balance < 0, worst.map({ balance <= $0.balance }) ?? true { worst = (balance, k) }
            }
            guard let worst else { return members }
            inGroup[members[worst.position]] = false
            members.remove(at: worst.position)
        }
    }

    /// Who may lead whom: able to lead first, then established work, evidence level, a positive result.
    /// A member never outranks its centre, so nobody is asked to merge into weaker work.
    struct Standing: Comparable {
        var canLead: Bool
        var established: Bool
        var evidence: Int
        var positive: Bool

        init(_ n: OverlapNode) {
            canLead = n.leadBar == nil
            established = n.isEstablished
            evidence = n.evidence?.level.rank ?? 0
            positive = n.evidence?.result == .positive
        }

        private var key: (Int, Int, Int, Int) { (canLead ? 1 : 0, established ? 1 : 0, evidence, positive ? 1 : 0) }
        static func < (l: Self, r: Self) -> Bool { l.key < r.key }
        static func == (l: Self, r: Self) -> Bool { l.key == r.key }
    }

    struct Candidate {
        var weight: Double
        var standing: Standing
        var caseload: Int
        var index: Int

        /// Heavier first, then higher standing, larger caseload, smaller id.
        func comesBefore(_ o: Candidate) -> Bool {
            if weight != o.weight { return weight > o.weight }
            if standing != o.standing { return o.standing < standing }
            if caseload != o.caseload { return caseload > o.caseload }
            return index < o.index
        }
    }

    /// A binary heap of candidates, first by `comesBefore` at the top.
    struct CandidateHeap {
        private var items: [Candidate] = []

        mutating func push(_ c: Candidate) {
            items.append(c)
            var k = items.count - 1
            while k > 0 {
                let parent = (k - 1) / 2
                guard items[k].comesBefore(items[parent]) else { break }
                items.swapAt(k, parent)
                k = parent
            }
        }

        mutating func pop() -> Candidate? {
            guard let first = items.first else { return nil }
            let last = items.removeLast()
            if !items.isEmpty {
                items[0] = last
                var k = 0
                while true {
                    let l = 2 * k + 1, r = l + 1
                    var best = k
                    if l < items.count && items[l].comesBefore(items[best]) { best = l }
                    if r < items.count && items[r].comesBefore(items[best]) { best = r }
                    if best == k { break }
                    items.swapAt(k, best)
                    k = best
                }
            }
            return first
        }
    }

    /// Declared never-merge cohorts (`<cohort never-merge-with>`), as cohort positions of the index.
    struct Separations {
        /// (cohort id, cohort id), each pair once, the smaller id first, sorted.
        let pairs: [(String, String)]
        private let positions: [(Int32, Int32)]

        init(portfolio: Portfolio, index: OverlapIndex) {
            var seen = Set<String>()
            var list: [(String, String)] = []
            for c in portfolio.cohorts {
                for other in c.neverMergeWith where other != c.id {
                    let pair = c.id.utf8.lexicographicallyPrecedes(other.utf8) ? (c.id, other) : (other, c.id)
                    if seen.insert(pair.0 + "\u{0}" + pair.1).inserted { list.append(pair) }
                }
            }
            list.sort { $0.0 != $1.0 ? $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) : $0.1.utf8.lexicographicallyPrecedes($1.1.utf8) }
            let position = Dictionary(index.cohortIDs.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { a, _ in a })
            // A cohort no active initiative serves cannot keep anyone apart.
            let used = list.compactMap { p -> ((String, String), (Int32, Int32))? in
                guard let x = position[p.0], let y = position[p.1] else { return nil }
                return (p, (x, y))
            }
            pairs = used.map(\.0)
            positions = used.map(\.1)
        }

        /// The declarations that keep a and b apart: each serves a side of the pair, and not the same
        /// sides (a perpetrator programme with partner support serves both; a victim service one).
        func keptApart(_ a: Int, _ b: Int, in index: OverlapIndex) -> [(String, String)] {
            var out: [(String, String)] = []
            for (k, (x, y)) in positions.enumerated() {
                let ca = index.cohorts(of: a), cb = index.cohorts(of: b)
                let sa = (OverlapIndex.contains(ca, x) ? 1 : 0) | (OverlapIndex.contains(ca, y) ? 2 : 0)
                let sb = (OverlapIndex.contains(cb, x) ? 1 : 0) | (OverlapIndex.contains(cb, y) ? 2 : 0)
                if sa != 0 && sb != 0 && sa != sb { out.append(pairs[k]) }
            }
            return out
        }
    }

    static func coordinationReason(_ a: Int, _ b: Int, apart: [(String, String)], nodes: [OverlapNode], index: OverlapIndex,
                                   cohortNames: [String: String]) -> String {
        func serves(_ v: Int) -> String {
            let names = index.cohorts(of: v).map { cohortNames[index.cohortIDs[Int($0)]] ?? index.cohortIDs[Int($0)] }
            return names.isEmpty ? "no recorded cohort" : OverlapAnalysis.list(names.map(\.lowercasedFirst))
        }
        let what = "\(nodes[a].name) serves \(serves(a)); \(nodes[b].name) serves \(serves(b))"
        if apart.isEmpty { return "\(what): different people in the same families" }
        let declared = apart.map { "\((cohortNames[$0.0] ?? $0.0).lowercasedFirst) and \((cohortNames[$0.1] ?? $0.1).lowercasedFirst)" }
        return "\(what): the portfolio declares that \(OverlapAnalysis.list(declared)) must never be merged into one service"
    }

    static func leadReason(_ lead: OverlapNode, covering covered: Int, of total: Int) -> String {
        let what = lead.status == .mainstreamed ? "mainstreamed \(lead.kind.rawValue)" : lead.isEstablished ? "established \(lead.kind.rawValue)" : "running \(lead.kind.rawValue)"
        let level = lead.evidence?.level ?? .none
        var evidence: String
        switch level {
        case .evaluated: evidence = "evaluated"
        case .monitoring: evidence = "monitoring evidence"
        case .anecdotal: evidence = "anecdotal evidence only"
        case .none: evidence = "no evidence recorded"
        }
        if let result = lead.evidence?.result, level != .none { evidence += " (\(result.rawValue))" }
        let caseload = lead.caseload.map { "\(Format.count($0)) households on its caseload" } ?? "no caseload recorded"
        return "\(what), \(evidence), \(caseload); works in \(covered) of the group's \(total) neighbourhoods; no member outranks it"
    }

    static func noLeadReason(_ members: [OverlapNode]) -> String {
        let bars = members.compactMap { m in m.leadBar.map { "\(m.name) is \($0)" } }
        return "no natural lead: decide who leads (" + bars.joined(separator: "; ") + ")"
    }

    static func basis(_ centre: OverlapNode, scores: [Double], cohortNames: [String], options: OverlapOptions) -> String {
        let low = scores.min() ?? 0, high = scores.max() ?? 0
        let range = low == high ? String(format: "score %.2f", low) : String(format: "scores %.2f to %.2f", low, high)
        let cohorts = cohortNames.isEmpty ? "" : " (\(OverlapAnalysis.list(cohortNames.map(\.lowercasedFirst))))"
        return "every other member overlaps \(centre.name) directly (\(range)), shares at least \(Int((options.minCohortShare * 100).rounded()))% of its cohorts with it\(cohorts) and an outcome, and works mostly where it works"
    }
}
