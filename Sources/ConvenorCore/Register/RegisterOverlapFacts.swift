/// The overlap analysis as the register's rules see it: groups, neighbours and shared families indexed
/// once, so each rule's question is a dictionary lookup, whatever the size of the portfolio.
public struct RegisterOverlapFacts: OverlapFacts {
    private let groups: [String: ConsolidationGroup]
    private let neighbours: [String: [String]]
    private let families: [String: [SharedFamilies]]

    public init(_ result: OverlapResult) {
        var groups: [String: ConsolidationGroup] = [:]
        for c in result.clusters {
            let others = c.members.filter { $0 != c.centre }
            let group = ConsolidationGroup(lead: c.lead, members: c.members,
                                           scoreWithCentre: Dictionary(zip(others, c.centreScores).map { ($0, $1) }, uniquingKeysWith: { a, _ in a }))
            for m in c.members { groups[m] = group }
        }
        var neighbours: [String: [String]] = [:]
        for pair in result.pairs where pair.score >= result.options.minScore {
            neighbours[pair.a, default: []].append(pair.b)
            neighbours[pair.b, default: []].append(pair.a)
        }
        var families: [String: [SharedFamilies]] = [:]
        for c in result.coordination {
            let households = result.options.householdsText(c.sharedHouseholds)
            families[c.a, default: []].append(SharedFamilies(partner: c.b, households: households, declared: !c.separations.isEmpty))
            families[c.b, default: []].append(SharedFamilies(partner: c.a, households: households, declared: !c.separations.isEmpty))
        }
        self.groups = groups
        self.neighbours = neighbours.mapValues { $0.sorted() }
        self.families = families.mapValues { $0.sorted { $0.partner.utf8.lexicographicallyPrecedes($1.partner.utf8) } }
    }

    public func cluster(containing id: String) -> ConsolidationGroup? { groups[id] }

    public func overlappingInitiatives(of id: String) -> [String] { neighbours[id] ?? [] }

    public func sharedFamilies(of id: String) -> [SharedFamilies] { families[id] ?? [] }
}
