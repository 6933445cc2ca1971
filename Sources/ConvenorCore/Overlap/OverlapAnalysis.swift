import Foundation

/// The overlap map's analysis (README, "Overlap map"): model in, figures out. Nothing here touches the disk.
///
/// Metric definitions are those of `../shared/bench/overlap_peer.py`. Pairs come from inverted indexes
/// (neighbourhood → initiatives, household → initiatives) walked one initiative at a time with a dense
/// accumulator, like a sparse matrix product: the cost grows with the number of overlapping pairs,
/// never with the square of the number of initiatives.
public enum OverlapAnalysis {
    public static func run(_ portfolio: Portfolio, options: OverlapOptions = .init()) -> OverlapResult {
        run(portfolio, options: options, progress: nil)
    }

    /// `progress` receives short status lines for long runs (the CLI shows them on a terminal only).
    /// `pairsFound` is told the pairs and the initiatives (ids and names final, clusters not yet set) as
    /// soon as they are known, before clustering: work that needs only those (pairs.csv) can start then.
    public static func run(_ portfolio: Portfolio, options: OverlapOptions, progress: (@Sendable (String) -> Void)?,
                           pairsFound: (@Sendable ([OverlapPair], [OverlapNode]) -> Void)? = nil) -> OverlapResult {
        run(portfolio, options: options, clusterSavings: true, progress: progress, pairsFound: pairsFound).result
    }

    /// The analysis, with the index and the savings calculator it made (the scenario's after-analysis
    /// starts from them). Without `clusterSavings` the clusters' savings are left nil.
    static func run(_ portfolio: Portfolio, options: OverlapOptions, clusterSavings: Bool,
                    progress: (@Sendable (String) -> Void)?,
                    pairsFound: (@Sendable ([OverlapPair], [OverlapNode]) -> Void)? = nil)
        -> (result: OverlapResult, index: OverlapIndex, calculator: SavingsCalculator) {
        // The household summary and the savings calculator's tables need nothing else: they are made
        // on a second core beside the index and the pairs.
        let ((index, nodes, pairs, grouping, neighbourhoods), (households, savings)) = Parallel.both({
            let index = PhaseTrace.measure("overlap: index") { OverlapIndex(portfolio) }
            progress?("indexed \(Format.count(index.count)) active initiatives, \(Format.count(portfolio.contacts.count)) contacts")
            let pairs = PhaseTrace.measure("overlap: pairs") { computePairs(index, weights: options.weights, progress: progress) }
            pairsFound?(pairs, index.nodes)
            progress?("\(Format.count(pairs.count)) overlapping pairs; clustering")
            var nodes = index.nodes
            let grouping = PhaseTrace.measure("overlap: clustering") {
                OverlapClustering.clusters(pairs: pairs, nodes: &nodes, index: index, portfolio: portfolio, options: options)
            }
            progress?("\(grouping.clusters.count) clusters; summarising neighbourhoods")
            return (index, nodes, pairs, grouping, PhaseTrace.measure("overlap: neighbourhoods") { computeNeighbourhoods(index, portfolio: portfolio) })
        }, {
            (PhaseTrace.measure("overlap: households") { computeHouseholds(portfolio) },
             PhaseTrace.measure("overlap: savings tables") { SavingsCalculator(portfolio) })
        })
        let clusters = clusterSavings
            ? PhaseTrace.measure("overlap: cluster savings") { ScenarioSavings.addingSavings(to: grouping.clusters, calculator: savings) }
            : grouping.clusters
        let result = OverlapResult(place: portfolio.place, options: options, initiatives: nodes, pairs: pairs,
                                   clusters: clusters,
                                   coordination: grouping.coordination, neighbourhoods: neighbourhoods, households: households)
        return (result, index, savings)
    }

    // MARK: - Pairs

    static func computePairs(_ x: OverlapIndex, weights: OverlapWeights, progress: (@Sendable (String) -> Void)?) -> [OverlapPair] {
        // Initiatives are cut into ranges read on every core; each range's pairs come out in (a, b)
        // order, so joining the ranges in order gives exactly the one-core list. Later initiatives
        // have fewer partners (only b > a counts), so there are many ranges for the cores to share.
        let n = x.count
        let ranges = n < 2_000 ? 1 : 32
        if ranges == 1 { return computePairs(x, from: 0, to: n, weights: weights, progress: progress) }
        progress?("pairs: \(Format.count(n)) initiatives in \(ranges) parts")
        return Parallel.map(ranges) { k in
            computePairs(x, from: n * k / ranges, to: n * (k + 1) / ranges, weights: weights, progress: nil)
        }.flatMap { $0 }
    }

    static func computePairs(_ x: OverlapIndex, from: Int, to: Int, weights: OverlapWeights, progress: (@Sendable (String) -> Void)?) -> [OverlapPair] {
        let n = x.count
        var pairs: [OverlapPair] = []
        // Dense accumulators indexed by the partner b; `seenBy[b] == a` marks b as touched for this a.
        var seenBy = [Int32](repeating: -1, count: n)
        var sharedN = [Int32](repeating: 0, count: n)
        var sharedW = [Double](repeating: 0, count: n)
        var sharedH = [Int32](repeating: 0, count: n)
        var touched: [Int32] = []
        let totalWeight = max(weights.total, .leastNonzeroMagnitude)
        let step = max(n / 20, 1000)

        for a in from..<to {
            if let progress, a > 0, a % step == 0 { progress("pairs: \(Format.count(a)) of \(Format.count(n)) initiatives") }
            let a32 = Int32(a)
            touched.removeAll(keepingCapacity: true)
            for nb in x.neighbourhoods(of: a) {
                let list = x.initiatives(in: Int(nb))
                var k = upperBound(list, a32)
                while k < list.endIndex {
                    let b = Int(list[k])
                    if seenBy[b] != a32 { seenBy[b] = a32; touched.append(Int32(b)); sharedN[b] = 0; sharedW[b] = 0; sharedH[b] = 0 }
                    sharedN[b] += 1
                    sharedW[b] += x.weight[Int(nb)]
                    k += 1
                }
            }
            for h in x.households(of: a) {
                let list = x.initiatives(ofHousehold: Int(h))
                var k = upperBound(list, a32)
                while k < list.endIndex {
                    let b = Int(list[k])
                    if seenBy[b] != a32 { seenBy[b] = a32; touched.append(Int32(b)); sharedN[b] = 0; sharedW[b] = 0; sharedH[b] = 0 }
                    sharedH[b] += 1
                    k += 1
                }
            }
            touched.sort()
            for b32 in touched {
                let b = Int(b32)
                pairs.append(scored(x, a, b, sharedN: sharedN[b], sharedW: sharedW[b], sharedH: sharedH[b], weights: weights, totalWeight: totalWeight))
            }
        }
        return pairs
    }

    /// The pair (a, b), a < b, from what they share: `sharedW` is the sum of the weights of the shared
    /// neighbourhoods in ascending order (so the same sum whichever side it is gathered from).
    @inline(__always)
    static func scored(_ x: OverlapIndex, _ a: Int, _ b: Int, sharedN: Int32, sharedW sw: Double, sharedH: Int32,
                       weights: OverlapWeights, totalWeight: Double) -> OverlapPair {
        let place = sw > 0 ? sw / (x.totalWeight[a] + x.totalWeight[b] - sw) : 0
        let cohortShared = intersectionCount(x.cohorts(of: a), x.cohorts(of: b))
        let cohortUnion = x.cohorts(of: a).count + x.cohorts(of: b).count - cohortShared
        let cohort = cohortUnion > 0 ? Double(cohortShared) / Double(cohortUnion) : 0
        let sh = Int(sharedH)
        let hmin = min(x.householdCount(of: a), x.householdCount(of: b))
        let householdOverlap = sh > 0 ? Double(sh) / Double(max(hmin, 1)) : 0
        let outA = x.outcomes(of: a), outB = x.outcomes(of: b)
        let sharedOutcomes = intersectionCount(outA, outB)
        let outcomeOverlap = sharedOutcomes > 0 ? Double(sharedOutcomes) / Double(min(outA.count, outB.count)) : 0
        let teams = x.teamsWorkingTogether(a, b, sharingNeighbourhoods: sharedN > 0)
        let reach = place * cohort
        let score = (weights.place * place + weights.cohort * cohort + weights.reach * reach
                     + weights.households * householdOverlap + weights.outcomes * outcomeOverlap
                     + weights.teams * (teams >= 2 ? 1 : 0)) / totalWeight
        return OverlapPair(a: x.nodes[a].id, b: x.nodes[b].id, aIndex: Int32(a), bIndex: Int32(b), score: score,
                           place: place, cohort: cohort, reach: reach, sharedNeighbourhoods: Int(sharedN),
                           sharedHouseholds: sh, householdOverlap: householdOverlap,
                           sharedOutcomes: sharedOutcomes, teams: teams)
    }

    /// First position in the sorted `list` holding a value greater than `value`.
    @inline(__always)
    static func upperBound(_ list: ArraySlice<Int32>, _ value: Int32) -> Int {
        var lo = list.startIndex, hi = list.endIndex
        while lo < hi {
            let mid = (lo + hi) / 2
            if list[mid] <= value { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    @inline(__always)
    static func intersectionCount(_ x: ArraySlice<Int32>, _ y: ArraySlice<Int32>) -> Int {
        var i = x.startIndex, j = y.startIndex, n = 0
        while i < x.endIndex && j < y.endIndex {
            if x[i] == y[j] { n += 1; i += 1; j += 1 } else if x[i] < y[j] { i += 1 } else { j += 1 }
        }
        return n
    }

    // MARK: - Neighbourhoods

    static func computeNeighbourhoods(_ x: OverlapIndex, portfolio: Portfolio) -> [NeighbourhoodOverlap] {
        let cohortNames = Dictionary(portfolio.cohorts.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        var result: [NeighbourhoodOverlap] = []
        result.reserveCapacity(portfolio.neighbourhoods.count)
        for (j, nb) in portfolio.neighbourhoods.enumerated() {
            let here = x.initiatives(in: j)
            var teams = Set<Int32>()
            var frontDoors = 0, live = 0
            var perCohort: [Int32: Int] = [:]
            for i in here {
                let i = Int(i)
                teams.formUnion(x.teams(of: i))
                if x.nodes[i].hasFrontDoor { frontDoors += 1 }
                if x.nodes[i].status == .live { live += 1 }
                // A proposal meets nobody yet: crowding counts running initiatives only.
                if x.nodes[i].isRunning { for c in x.cohorts(of: i) { perCohort[c, default: 0] += 1 } }
            }
            var fte = 0.0
            for t in teams.sorted() {
                let team = portfolio.teams[Int(t)]
                guard let value = team.fte else { continue }
                let share = NSDecimalNumber(decimal: value).doubleValue
                if team.neighbourhoods.isEmpty {
                    fte += share
                } else if team.neighbourhoods.contains(nb.id) {
                    fte += share / Double(team.neighbourhoods.count)
                }
            }
            var busiest: CohortCrowding?
            if let top = perCohort.max(by: { $0.value != $1.value ? $0.value < $1.value : x.cohortIDs[Int($0.key)] > x.cohortIDs[Int($1.key)] }) {
                var cohortTeams = Set<Int32>()
                var cohortDoors = 0
                for i in here where x.nodes[Int(i)].isRunning && x.cohorts(of: Int(i)).contains(top.key) {
                    cohortTeams.formUnion(x.teams(of: Int(i)))
                    if x.nodes[Int(i)].hasFrontDoor { cohortDoors += 1 }
                }
                let cid = x.cohortIDs[Int(top.key)]
                busiest = CohortCrowding(cohort: cid, cohortName: cohortNames[cid] ?? cid, initiatives: top.value,
                                         teams: cohortTeams.count, frontDoors: cohortDoors)
            }
            result.append(NeighbourhoodOverlap(id: nb.id, name: nb.name, population: nb.population, imdDecile: nb.imdDecile,
                                               activeInitiatives: here.count, liveInitiatives: live, teams: teams.count,
                                               frontDoors: frontDoors, fte: fte, busiestCohort: busiest))
        }
        return result
    }

    // MARK: - Households

    /// Aggregates over every contact (all initiatives, whatever their status), as the peer does.
    static func computeHouseholds(_ p: Portfolio) -> HouseholdSummary {
        let log = p.contacts
        var summary = HouseholdSummary()
        summary.contacts = log.count
        guard !log.isEmpty else { return summary }
        let householdCount = log.householdIDs.count
        summary.households = householdCount

        // Unit cost and id rank of each initiative named by contacts (rank orders ties by initiative id).
        var byID: [String: Int] = [:]
        byID.reserveCapacity(p.initiatives.count)
        for i in p.initiatives.indices { byID[p.initiatives[i].id] = i }
        let unitCost: [Decimal?] = log.initiativeIDs.map { id in
            guard let i = byID[id], let a = p.initiatives[i].assessment else { return nil }
            return a.unitCost
        }
        let order = log.initiativeIDs.indices.sorted { log.initiativeIDs[$0].utf8.lexicographicallyPrecedes(log.initiativeIDs[$1].utf8) }
        var rank = [Int32](repeating: 0, count: log.initiativeIDs.count)
        for (r, i) in order.enumerated() { rank[i] = Int32(r) }

        // The log's columns, read in the loops below without going through the log each time.
        let householdOf = log.household, initiativeOf = log.initiative, dayOf = log.day, assessedFlag = log.assessed

        // Contacts grouped by household (counting sort).
        var start = [Int](repeating: 0, count: householdCount + 1)
        for h in householdOf { start[Int(h) + 1] += 1 }
        for h in 0..<householdCount { start[h + 1] += start[h] }
        var fill = start
        var grouped = [Int32](repeating: 0, count: log.count)
        for c in 0..<log.count {
            let h = Int(householdOf[c])
            grouped[fill[h]] = Int32(c)
            fill[h] += 1
        }

        // histogram[k]: households that met k distinct initiatives.
        var histogram: [Int] = []
        var first = Int32.max, last = Int32.min
        for d in dayOf where d != ContactLog.noDate {
            first = min(first, d)
            last = max(last, d)
        }
        // Repeated assessments per initiative, priced once at the end: a Decimal sum per repeat was the
        // largest cost here. The sum is exact, so its order does not change it.
        var repeatsOf = [Int](repeating: 0, count: log.initiativeIDs.count)
        var distinct: [Int32] = []
        var assessed: [Int32] = []
        for h in 0..<householdCount {
            distinct.removeAll(keepingCapacity: true)
            assessed.removeAll(keepingCapacity: true)
            for k in start[h]..<start[h + 1] {
                let c = Int(grouped[k])
                let i = initiativeOf[c]
                distinct.append(i)
                if assessedFlag[c], unitCost[Int(i)] != nil { assessed.append(Int32(c)) }
            }
            if distinct.count > 1 { distinct.sort() }
            var kinds = 0
            var previous: Int32 = -1
            for i in distinct where i != previous { kinds += 1; previous = i }
            if kinds >= histogram.count { histogram += repeatElement(0, count: kinds + 1 - histogram.count) }
            histogram[kinds] += 1
            if kinds >= 2 { summary.householdsMulti += 1 }
            if kinds >= 3 { summary.householdsThreeOrMore += 1 }
            summary.assessments += assessed.count
            if assessed.count > 1 {
                assessed.sort { x, y in
                    let dx = dayOf[Int(x)], dy = dayOf[Int(y)]
                    if dx != dy { return dx < dy }
                    return rank[Int(initiativeOf[Int(x)])] < rank[Int(initiativeOf[Int(y)])]
                }
                for c in assessed.dropFirst() {
                    summary.repeatedAssessments += 1
                    repeatsOf[Int(initiativeOf[Int(c)])] += 1
                }
            }
        }
        for (i, repeats) in repeatsOf.enumerated() where repeats > 0 {
            if let cost = unitCost[i] { summary.duplicatedAssessmentCost += cost * Decimal(repeats) }
        }
        summary.histogram = histogram.indices.filter { histogram[$0] > 0 }.map { HistogramBin(initiatives: $0, households: histogram[$0]) }
        if first <= last {
            summary.firstContact = CalendarDate(daysSinceEpoch: first)
            summary.lastContact = CalendarDate(daysSinceEpoch: last)
        }
        return summary
    }
}

/// Integer-id indexes over the active initiatives, built once: compressed rows (CSR), no strings per pair.
struct OverlapIndex {
    let nodes: [OverlapNode]
    /// Position of each node's initiative in `Portfolio.initiatives`.
    let portfolioIndex: [Int]
    var count: Int { nodes.count }

    let weight: [Double]
    let totalWeight: [Double]
    let cohortIDs: [String]

    let nbStart: [Int], nbList: [Int32]          // initiative → neighbourhoods (sorted)
    let byNbStart: [Int], byNbList: [Int32]      // neighbourhood → initiatives (sorted)
    let hhStart: [Int], hhList: [Int32]          // initiative → households (sorted, distinct)
    let byHhStart: [Int], byHhList: [Int32]      // household → initiatives (sorted, distinct)
    let cohortStart: [Int], cohortList: [Int32]
    let outcomeStart: [Int], outcomeList: [Int32]
    let teamStart: [Int], teamList: [Int32]      // initiative → teams (indexes into Portfolio.teams)
    let teamNbStart: [Int], teamNbList: [Int32]  // team → neighbourhoods it lists (sorted)

    /// An index from its parts (`applying(_:)` derives the scenario's after-index this way).
    init(nodes: [OverlapNode], portfolioIndex: [Int], weight: [Double], totalWeight: [Double], cohortIDs: [String],
         nbStart: [Int], nbList: [Int32], byNbStart: [Int], byNbList: [Int32], hhStart: [Int], hhList: [Int32],
         byHhStart: [Int], byHhList: [Int32], cohortStart: [Int], cohortList: [Int32], outcomeStart: [Int], outcomeList: [Int32],
         teamStart: [Int], teamList: [Int32], teamNbStart: [Int], teamNbList: [Int32]) {
        self.nodes = nodes; self.portfolioIndex = portfolioIndex; self.weight = weight; self.totalWeight = totalWeight
        self.cohortIDs = cohortIDs
        self.nbStart = nbStart; self.nbList = nbList; self.byNbStart = byNbStart; self.byNbList = byNbList
        self.hhStart = hhStart; self.hhList = hhList; self.byHhStart = byHhStart; self.byHhList = byHhList
        self.cohortStart = cohortStart; self.cohortList = cohortList; self.outcomeStart = outcomeStart; self.outcomeList = outcomeList
        self.teamStart = teamStart; self.teamList = teamList; self.teamNbStart = teamNbStart; self.teamNbList = teamNbList
    }

    init(_ p: Portfolio) {
        let active = p.initiatives.indices.filter { p.initiatives[$0].status.isActive }
            .sorted { p.initiatives[$0].id.utf8.lexicographicallyPrecedes(p.initiatives[$1].id.utf8) }
        portfolioIndex = active
        let n = active.count
        let nbIndex = Dictionary(p.neighbourhoods.enumerated().map { ($1.id, Int32($0)) }, uniquingKeysWith: { a, _ in a })
        let teamIndex = Dictionary(p.teams.enumerated().map { ($1.id, Int32($0)) }, uniquingKeysWith: { a, _ in a })
        weight = p.neighbourhoods.map { $0.population.map(Double.init) ?? 1 }
        let everywhere = (0..<Int32(p.neighbourhoods.count)).map { $0 }

        func csr(_ rows: [[Int32]]) -> ([Int], [Int32]) {
            var start = [0]
            start.reserveCapacity(rows.count + 1)
            var list: [Int32] = []
            list.reserveCapacity(rows.reduce(0) { $0 + $1.count })
            for r in rows {
                let sorted = Array(Set(r)).sorted()
                list += sorted
                start.append(list.count)
            }
            return (start, list)
        }
        func vocabulary(_ lists: [[String]]) -> [String: Int32] {
            let all = Set(lists.flatMap { $0 }).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            return Dictionary(all.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { a, _ in a })
        }

        let initiatives = active.map { p.initiatives[$0] }
        (nbStart, nbList) = csr(initiatives.map { i in
            switch i.coverage {
            case .everywhere: return everywhere
            case .neighbourhoods(let ids): return ids.compactMap { nbIndex[$0] }
            }
        })
        let cohortVocabulary = vocabulary(initiatives.map(\.cohorts))
        cohortIDs = cohortVocabulary.sorted { $0.value < $1.value }.map(\.key)
        (cohortStart, cohortList) = csr(initiatives.map { $0.cohorts.compactMap { cohortVocabulary[$0] } })
        let outcomeVocabulary = vocabulary(initiatives.map(\.outcomes))
        (outcomeStart, outcomeList) = csr(initiatives.map { $0.outcomes.compactMap { outcomeVocabulary[$0] } })
        (teamStart, teamList) = csr(initiatives.map { $0.teams.compactMap { teamIndex[$0] } })
        (teamNbStart, teamNbList) = csr(p.teams.map { $0.neighbourhoods.compactMap { nbIndex[$0] } })

        // Neighbourhood → initiatives: initiatives are visited in id order, so every list comes out sorted.
        var byNb = [[Int32]](repeating: [], count: p.neighbourhoods.count)
        var totals = [Double](repeating: 0, count: n)
        for a in 0..<n {
            for k in nbStart[a]..<nbStart[a + 1] {
                let nb = Int(nbList[k])
                byNb[nb].append(Int32(a))
                totals[a] += weight[nb]
            }
        }
        totalWeight = totals
        (byNbStart, byNbList) = Self.flatten(byNb)

        // Households of active initiatives only (the peer's definition for pairs).
        let log = p.contacts
        var activePosition = [Int32: Int32]()
        let idPosition = Dictionary(active.enumerated().map { (p.initiatives[$1].id, Int32($0)) }, uniquingKeysWith: { a, _ in a })
        for (c, id) in log.initiativeIDs.enumerated() { if let a = idPosition[id] { activePosition[Int32(c)] = a } }
        let contactActive: [Int32] = log.initiativeIDs.indices.map { activePosition[Int32($0)] ?? -1 }
        var perInitiative = [Int](repeating: 0, count: n + 1)
        var perHousehold = [Int](repeating: 0, count: log.householdIDs.count + 1)
        for c in 0..<log.count {
            let a = contactActive[Int(log.initiative[c])]
            guard a >= 0 else { continue }
            perInitiative[Int(a) + 1] += 1
            perHousehold[Int(log.household[c]) + 1] += 1
        }
        for k in 0..<n { perInitiative[k + 1] += perInitiative[k] }
        for k in 0..<log.householdIDs.count { perHousehold[k + 1] += perHousehold[k] }
        var hFill = perInitiative, iFill = perHousehold
        var hRaw = [Int32](repeating: 0, count: perInitiative[n])
        var iRaw = [Int32](repeating: 0, count: perHousehold[log.householdIDs.count])
        for c in 0..<log.count {
            let a = contactActive[Int(log.initiative[c])]
            guard a >= 0 else { continue }
            let h = log.household[c]
            hRaw[hFill[Int(a)]] = h; hFill[Int(a)] += 1
            iRaw[iFill[Int(h)]] = a; iFill[Int(h)] += 1
        }
        (hhStart, hhList) = Self.dedupe(start: perInitiative, list: hRaw)
        (byHhStart, byHhList) = Self.dedupe(start: perHousehold, list: iRaw)

        nodes = initiatives.map { i in
            OverlapNode(id: i.id, name: i.name, kind: i.kind, status: i.status, department: i.department, owner: i.owner,
                        caseload: i.caseload, evidence: i.evidence, hasFrontDoor: i.assessment != nil, teams: i.teams, cluster: nil,
                        leadBar: Self.leadBar(i, asOf: p.place.asOf))
        }
    }

    /// Why an initiative cannot lead a consolidation, or nil. An overdue pilot is a pilot whose review
    /// date has passed (before as-of) with no decision dated on or after it, as the register counts it.
    static func leadBar(_ i: Initiative, asOf: CalendarDate?) -> String? {
        switch i.status {
        case .proposed: return "proposed, not yet running"
        case .paused: return "paused"
        default: break
        }
        if i.evidence?.result == .negative { return "failing (its evidence is negative)" }
        if i.kind == .pilot, let review = i.review, let asOf, review.date < asOf, !(i.decision?.date.map { $0 >= review.date } ?? false) {
            return "an overdue pilot (review was due \(review.date.iso))"
        }
        return nil
    }

    static func flatten(_ rows: [[Int32]]) -> ([Int], [Int32]) {
        var start = [0]
        var list: [Int32] = []
        list.reserveCapacity(rows.reduce(0) { $0 + $1.count })
        for r in rows { list += r; start.append(list.count) }
        return (start, list)
    }

    /// Sorts each row and drops repeats (a household met the same initiative several times).
    static func dedupe(start: [Int], list: [Int32]) -> ([Int], [Int32]) {
        var out: [Int32] = []
        out.reserveCapacity(list.count)
        var newStart = [0]
        newStart.reserveCapacity(start.count)
        var row: [Int32] = []
        list.withUnsafeBufferPointer { list in
            for r in 0..<(start.count - 1) {
                let from = start[r], to = start[r + 1]
                // Most rows (a household's initiatives) hold one or two values: no sort for those.
                switch to - from {
                case 0: break
                case 1: out.append(list[from])
                case 2:
                    let x = list[from], y = list[from + 1]
                    if x == y { out.append(x) } else { out.append(min(x, y)); out.append(max(x, y)) }
                default:
                    row.removeAll(keepingCapacity: true)
                    row.append(contentsOf: list[from..<to])
                    row.sort()
                    var previous: Int32 = -1
                    for v in row where v != previous { out.append(v); previous = v }
                }
                newStart.append(out.count)
            }
        }
        return (newStart, out)
    }

    @inline(__always) func neighbourhoods(of a: Int) -> ArraySlice<Int32> { nbList[nbStart[a]..<nbStart[a + 1]] }
    @inline(__always) func initiatives(in nb: Int) -> ArraySlice<Int32> { byNbList[byNbStart[nb]..<byNbStart[nb + 1]] }
    @inline(__always) func households(of a: Int) -> ArraySlice<Int32> { hhList[hhStart[a]..<hhStart[a + 1]] }
    @inline(__always) func householdCount(of a: Int) -> Int { hhStart[a + 1] - hhStart[a] }
    @inline(__always) func initiatives(ofHousehold h: Int) -> ArraySlice<Int32> { byHhList[byHhStart[h]..<byHhStart[h + 1]] }
    var householdCount: Int { byHhStart.count - 1 }
    @inline(__always) func cohorts(of a: Int) -> ArraySlice<Int32> { cohortList[cohortStart[a]..<cohortStart[a + 1]] }
    @inline(__always) func outcomes(of a: Int) -> ArraySlice<Int32> { outcomeList[outcomeStart[a]..<outcomeStart[a + 1]] }
    @inline(__always) func teams(of a: Int) -> ArraySlice<Int32> { teamList[teamStart[a]..<teamStart[a + 1]] }
    @inline(__always) func neighbourhoods(ofTeam t: Int) -> ArraySlice<Int32> { teamNbList[teamNbStart[t]..<teamNbStart[t + 1]] }

    /// Distinct teams of a or b working in the neighbourhoods the two share. A team that lists no
    /// neighbourhoods works wherever its initiative does. Pairs that share only households (no
    /// neighbourhood) count every team of both: they meet the same families wherever they are.
    func teamsWorkingTogether(_ a: Int, _ b: Int, sharingNeighbourhoods: Bool) -> Int {
        let ta = teams(of: a), tb = teams(of: b)
        var i = ta.startIndex, j = tb.startIndex, count = 0
        let na = neighbourhoods(of: a), nb = neighbourhoods(of: b)
        func works(_ t: Int32) -> Bool {
            guard sharingNeighbourhoods else { return true }
            let covered = neighbourhoods(ofTeam: Int(t))
            if covered.isEmpty { return true }
            for x in covered where Self.contains(na, x) && Self.contains(nb, x) { return true }
            return false
        }
        while i < ta.endIndex || j < tb.endIndex {
            let t: Int32
            if j >= tb.endIndex || (i < ta.endIndex && ta[i] < tb[j]) { t = ta[i]; i += 1 }
            else if i >= ta.endIndex || tb[j] < ta[i] { t = tb[j]; j += 1 }
            else { t = ta[i]; i += 1; j += 1 }
            if works(t) { count += 1 }
        }
        return count
    }

    @inline(__always)
    static func contains(_ list: ArraySlice<Int32>, _ value: Int32) -> Bool {
        var lo = list.startIndex, hi = list.endIndex
        while lo < hi {
            let mid = (lo + hi) / 2
            if list[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        return lo < list.endIndex && list[lo] == value
    }
}
