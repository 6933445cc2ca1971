/// The overlap analysis as the register's rules see it: clusters and neighbours indexed once, so each
/// rule's question is a dictionary lookup, whatever the size of the portfolio.
public struct RegisterOverlapFacts: OverlapFacts {
    private let clusters: [String: (lead: String, members: [String])]
    private let neighbours: [String: [String]]

    public init(_ result: OverlapResult) {
        var clusters: [String: (lead: String, members: [String])] = [:]
        for c in result.clusters {
            for m in c.members { clusters[m] = (c.lead, c.members) }
        }
        var neighbours: [String: [String]] = [:]
        for pair in result.pairs where pair.score >= result.options.minScore {
            neighbours[pair.a, default: []].append(pair.b)
            neighbours[pair.b, default: []].append(pair.a)
        }
        self.clusters = clusters
        self.neighbours = neighbours.mapValues { $0.sorted() }
    }

    public func cluster(containing id: String) -> (lead: String, members: [String])? { clusters[id] }

    public func overlappingInitiatives(of id: String) -> [String] { neighbours[id] ?? [] }
}
