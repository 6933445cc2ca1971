import Foundation

/// Consolidation candidates: connected components of the pairs scoring at least the threshold, with
/// large components split by modularity (Louvain). Deterministic: nodes are visited in id order and
/// ties go to the first community seen; there is no randomness.
enum OverlapClustering {
    static func clusters(pairs: [OverlapPair], nodes: inout [OverlapNode], index: OverlapIndex, portfolio: Portfolio,
                         options: OverlapOptions) -> [OverlapCluster] {
        let n = nodes.count
        let edges = pairs.filter { $0.score >= options.minScore }
        var parent = Array(0..<n)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        for e in edges {
            let ra = find(Int(e.aIndex)), rb = find(Int(e.bIndex))
            if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
        }
        var components: [Int: [Int]] = [:]
        var componentEdges: [Int: [OverlapPair]] = [:]
        for e in edges {
            let root = find(Int(e.aIndex))
            components[root, default: []] += [Int(e.aIndex), Int(e.bIndex)]
            componentEdges[root, default: []].append(e)
        }
        var groups: [[Int]] = []
        for root in components.keys.sorted() {
            let members = Array(Set(components[root] ?? [])).sorted()
            if members.count > options.refineAbove {
                let local = Dictionary(members.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
                let localEdges = (componentEdges[root] ?? []).compactMap { e -> (Int, Int, Double)? in
                    guard let x = local[Int(e.aIndex)], let y = local[Int(e.bIndex)] else { return nil }
                    return (x, y, e.score)
                }
                let community = Louvain.communities(nodeCount: members.count, edges: localEdges)
                var split: [Int: [Int]] = [:]
                for (k, c) in community.enumerated() { split[c, default: []].append(members[k]) }
                for c in split.keys.sorted() where (split[c]?.count ?? 0) >= 2 { groups.append(split[c] ?? []) }
            } else if members.count >= 2 {
                groups.append(members)
            }
        }
        // Largest first, then by first member id (nodes are in id order, so the smallest index).
        groups.sort { $0.count != $1.count ? $0.count > $1.count : ($0.first ?? 0) < ($1.first ?? 0) }

        var clusterOf = [Int](repeating: 0, count: n)
        for (k, g) in groups.enumerated() { for v in g { clusterOf[v] = k + 1 } }
        var scoreSum = [Double](repeating: 0, count: groups.count + 1)
        var scoreCount = [Int](repeating: 0, count: groups.count + 1)
        for e in edges {
            let c = clusterOf[Int(e.aIndex)]
            if c > 0 && c == clusterOf[Int(e.bIndex)] { scoreSum[c] += e.score; scoreCount[c] += 1 }
        }
        // Households that met two or more members of the same cluster.
        var sharedHouseholds = [Int](repeating: 0, count: groups.count + 1)
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
        for (k, g) in groups.enumerated() {
            let id = k + 1
            for v in g { nodes[v].cluster = id }
            let lead = g.min { better(nodes[$0], than: nodes[$1]) } ?? g[0]
            var teams = Set<Int32>()
            var nbCount: [Int32: Int] = [:]
            var cohortCount: [Int32: Int] = [:]
            for v in g {
                teams.formUnion(index.teams(of: v))
                for nb in index.neighbourhoods(of: v) { nbCount[nb, default: 0] += 1 }
                for c in index.cohorts(of: v) { cohortCount[c, default: 0] += 1 }
            }
            let common = nbCount.filter { $0.value >= 2 }.keys.sorted().map { portfolio.neighbourhoods[Int($0)].id }
            let cohorts = cohortCount.filter { $0.value >= 2 }.keys.sorted().map { index.cohortIDs[Int($0)] }
            result.append(OverlapCluster(
                id: id, members: g.map { nodes[$0].id }, lead: nodes[lead].id, leadReason: reason(nodes[lead], among: g.map { nodes[$0] }),
                teams: teams.count, frontDoors: g.filter { nodes[$0].hasFrontDoor }.count,
                caseload: g.reduce(0) { $0 + (nodes[$1].caseload ?? 0) }, sharedHouseholds: sharedHouseholds[id],
                meanScore: scoreCount[id] > 0 ? scoreSum[id] / Double(scoreCount[id]) : 0,
                departments: Array(Set(g.compactMap { nodes[$0].department })).sorted(),
                commonNeighbourhoods: common, commonCohorts: cohorts))
        }
        return result
    }

    /// Lead order: running initiatives without negative evidence first (a proposal or a failing pilot
    /// should not absorb the others), then evidence level, then a positive result, then caseload, then id.
    static func better(_ x: OverlapNode, than y: OverlapNode) -> Bool {
        let ex = eligible(x), ey = eligible(y)
        if ex != ey { return ex }
        let lx = x.evidence?.level.rank ?? 0, ly = y.evidence?.level.rank ?? 0
        if lx != ly { return lx > ly }
        let px = x.evidence?.result == .positive, py = y.evidence?.result == .positive
        if px != py { return px }
        let cx = x.caseload ?? 0, cy = y.caseload ?? 0
        if cx != cy { return cx > cy }
        return x.id.utf8.lexicographicallyPrecedes(y.id.utf8)
    }

    static func eligible(_ n: OverlapNode) -> Bool {
        n.evidence?.result != .negative && n.status != .proposed && n.status != .paused
    }

    static func reason(_ lead: OverlapNode, among members: [OverlapNode]) -> String {
        let level = lead.evidence?.level ?? .none
        let others = members.filter { $0.id != lead.id && eligible($0) }
        let bestOther = others.map { $0.evidence?.level ?? .none }.max() ?? .none
        var evidence: String
        switch level {
        case .evaluated: evidence = "evaluated"
        case .monitoring: evidence = "monitoring evidence"
        case .anecdotal: evidence = "anecdotal evidence only"
        case .none: evidence = "no evidence recorded"
        }
        if let result = lead.evidence?.result, level != .none { evidence += " (\(result.rawValue))" }
        let caseload = lead.caseload.map { "\(Format.count($0)) households on its caseload" } ?? "no caseload recorded"
        if level > bestOther { return "strongest evidence: \(evidence); \(caseload)" }
        return "\(evidence); largest caseload among equals: \(caseload)"
    }
}

/// Louvain modularity optimisation, deterministic: nodes in index order, first-seen community wins ties.
enum Louvain {
    /// Community label (0, 1, …, in order of first member) for each node.
    static func communities(nodeCount: Int, edges: [(Int, Int, Double)]) -> [Int] {
        var membership = Array(0..<nodeCount)
        var graph = WeightedGraph(nodeCount: nodeCount, edges: edges)
        for _ in 0..<32 {
            let (community, moved) = oneLevel(graph)
            if !moved { break }
            let relabel = renumber(community)
            membership = membership.map { relabel[$0] }
            graph = graph.aggregated(by: relabel, communityCount: (relabel.max() ?? -1) + 1)
        }
        return renumber(membership)
    }

    private static func renumber(_ labels: [Int]) -> [Int] {
        var map: [Int: Int] = [:]
        return labels.map { label in
            if let known = map[label] { return known }
            let next = map.count
            map[label] = next
            return next
        }
    }

    private static func oneLevel(_ g: WeightedGraph) -> ([Int], Bool) {
        let n = g.nodeCount
        let m2 = g.degree.reduce(0, +)
        guard m2 > 0 else { return (Array(0..<n), false) }
        var community = Array(0..<n)
        var total = g.degree
        var movedAny = false
        var weightTo = [Double](repeating: 0, count: n)
        var touched: [Int] = []
        var mark = [Int](repeating: -1, count: n)
        for _ in 0..<100 {
            var moved = false
            for i in 0..<n {
                let own = community[i]
                touched.removeAll(keepingCapacity: true)
                mark[own] = i
                touched.append(own)
                for (j, w) in g.neighbours[i] where j != i {
                    let c = community[j]
                    if mark[c] != i { mark[c] = i; touched.append(c) }
                    weightTo[c] += w
                }
                total[own] -= g.degree[i]
                var best = own
                var bestGain = weightTo[own] - total[own] * g.degree[i] / m2
                for c in touched where c != own {
                    let gain = weightTo[c] - total[c] * g.degree[i] / m2
                    if gain > bestGain + 1e-12 { best = c; bestGain = gain }
                }
                total[best] += g.degree[i]
                community[i] = best
                if best != own { moved = true; movedAny = true }
                for c in touched { weightTo[c] = 0; mark[c] = -1 }
            }
            if !moved { break }
        }
        return (community, movedAny)
    }

    struct WeightedGraph {
        var nodeCount: Int
        /// Sorted by neighbour index; a self loop appears once with its weight.
        var neighbours: [[(Int, Double)]]
        /// Weighted degree (a self loop counts twice).
        var degree: [Double]

        init(nodeCount: Int, edges: [(Int, Int, Double)]) {
            self.nodeCount = nodeCount
            var adjacency = [[Int: Double]](repeating: [:], count: nodeCount)
            for (a, b, w) in edges {
                adjacency[a][b, default: 0] += w
                if a != b { adjacency[b][a, default: 0] += w }
            }
            let lists = adjacency.map { $0.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }
            neighbours = lists
            degree = (0..<nodeCount).map { i in lists[i].reduce(0.0) { $0 + ($1.0 == i ? 2 * $1.1 : $1.1) } }
        }

        func aggregated(by community: [Int], communityCount: Int) -> WeightedGraph {
            var edges: [(Int, Int, Double)] = []
            for i in 0..<nodeCount {
                for (j, w) in neighbours[i] where j >= i {
                    edges.append((community[i], community[j], w))
                }
            }
            return WeightedGraph(nodeCount: communityCount, edges: edges)
        }
    }
}
