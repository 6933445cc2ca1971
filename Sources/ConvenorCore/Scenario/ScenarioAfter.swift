import Foundation

/// The scenario's after-analysis, worked out from the before-analysis (issue 17): a plan changes only
/// its stopped and merged initiatives, its leads, and the households those met, so everything else
/// (the other initiatives' index rows, the pairs neither of whose sides the plan touches, the other
/// households' figures) is the before-analysis's, renumbered. What the plan touches is recomputed,
/// then the global parts (clusters, coordination, neighbourhoods) are worked out as `overlap` does.
/// The result equals `OverlapAnalysis.run` on `ScenarioTransform.apply(plan, to: portfolio)`, except
/// that the clusters' savings are not worked out (the scenario shows none).
enum ScenarioAfter {
    /// Positions (in the before-index) of what the plan changes.
    struct Changes {
        /// Stopped or merged: no longer active.
        var removed: [Bool]
        /// The before-position of the lead each merged initiative joins, or -1.
        var leadOf: [Int32]
        /// Leads (before-positions), ascending.
        var leads: [Int]

        init(_ plan: ScenarioPlan, index: OverlapIndex) {
            let n = index.count
            func position(_ id: String) -> Int? {
                var lo = 0, hi = n
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if index.nodes[mid].id.utf8.lexicographicallyPrecedes(id.utf8) { lo = mid + 1 } else { hi = mid }
                }
                return lo < n && index.nodes[lo].id == id ? lo : nil
            }
            removed = [Bool](repeating: false, count: n)
            leadOf = [Int32](repeating: -1, count: n)
            var leadSet = Set<Int>()
            // The plan has no problems: every id it names is active, so in the index.
            for id in plan.stops { if let a = position(id) { removed[a] = true } }
            for m in plan.merges {
                guard let a = position(m.initiative), let lead = position(m.into) else { continue }
                removed[a] = true
                leadOf[a] = Int32(lead)
                leadSet.insert(lead)
            }
            leads = leadSet.sorted()
        }
    }

    static func run(plan: ScenarioPlan, before: OverlapResult, index: OverlapIndex, calculator: SavingsCalculator,
                    households touched: [Int32], changed: Portfolio, options: OverlapOptions) -> OverlapResult {
        let changes = Changes(plan, index: index)
        let (after, newPosition) = index.applying(changes)
        let ((nodes, pairs, grouping), (neighbourhoods, households)) = Parallel.both({
            let pairs = pairsAfter(before.pairs, changes: changes, newPosition: newPosition, index: after, weights: options.weights)
            var nodes = after.nodes
            let grouping = OverlapClustering.clusters(pairs: pairs, nodes: &nodes, index: after, portfolio: changed, options: options)
            return (nodes, pairs, grouping)
        }, {
            (OverlapAnalysis.computeNeighbourhoods(after, portfolio: changed),
             calculator.householdsAfter(plan, households: touched, before: before.households))
        })
        return OverlapResult(place: changed.place, options: options, initiatives: nodes, pairs: pairs, clusters: grouping.clusters,
                             coordination: grouping.coordination, neighbourhoods: neighbourhoods, households: households)
    }

    /// The before-pairs neither of whose sides the plan touches (renumbered), with the leads' pairs
    /// worked out again on the after-index, in (a, b) order.
    static func pairsAfter(_ before: [OverlapPair], changes: Changes, newPosition: [Int32], index x: OverlapIndex,
                           weights: OverlapWeights) -> [OverlapPair] {
        var affected = changes.removed
        for l in changes.leads { affected[l] = true }
        let leads = changes.leads.map { Int(newPosition[$0]) }
        var isLead = [Bool](repeating: false, count: x.count)
        for l in leads { isLead[l] = true }

        // The leads' pairs, each once (a pair of two leads from the smaller one), gathered from the
        // lead's side: the same shared neighbourhoods in the same ascending order, so the same sums.
        let n = x.count
        var seenBy = [Int32](repeating: -1, count: n)
        var sharedN = [Int32](repeating: 0, count: n)
        var sharedW = [Double](repeating: 0, count: n)
        var sharedH = [Int32](repeating: 0, count: n)
        var touched: [Int32] = []
        var fresh: [OverlapPair] = []
        let totalWeight = max(weights.total, .leastNonzeroMagnitude)
        for l in leads {
            let l32 = Int32(l)
            touched.removeAll(keepingCapacity: true)
            func touch(_ b: Int) -> Bool {
                if b == l || (isLead[b] && b < l) { return false }
                if seenBy[b] != l32 { seenBy[b] = l32; touched.append(Int32(b)); sharedN[b] = 0; sharedW[b] = 0; sharedH[b] = 0 }
                return true
            }
            for nb in x.neighbourhoods(of: l) {
                for b32 in x.initiatives(in: Int(nb)) where touch(Int(b32)) {
                    sharedN[Int(b32)] += 1
                    sharedW[Int(b32)] += x.weight[Int(nb)]
                }
            }
            for h in x.households(of: l) {
                for b32 in x.initiatives(ofHousehold: Int(h)) where touch(Int(b32)) { sharedH[Int(b32)] += 1 }
            }
            for b32 in touched {
                let b = Int(b32)
                fresh.append(OverlapAnalysis.scored(x, min(l, b), max(l, b), sharedN: sharedN[b], sharedW: sharedW[b], sharedH: sharedH[b],
                                                    weights: weights, totalWeight: totalWeight))
            }
        }
        fresh.sort { ($0.aIndex, $0.bIndex) < ($1.aIndex, $1.bIndex) }

        // Merge the two ordered lists.
        var out: [OverlapPair] = []
        out.reserveCapacity(before.count + fresh.count)
        var k = 0
        for var p in before where !affected[Int(p.aIndex)] && !affected[Int(p.bIndex)] {
            p.aIndex = newPosition[Int(p.aIndex)]
            p.bIndex = newPosition[Int(p.bIndex)]
            while k < fresh.count, (fresh[k].aIndex, fresh[k].bIndex) < (p.aIndex, p.bIndex) { out.append(fresh[k]); k += 1 }
            out.append(p)
        }
        out.append(contentsOf: fresh[k...])
        return out
    }
}

extension OverlapIndex {
    /// The index of the portfolio after the plan, from this one: the removed initiatives' rows go,
    /// each lead's households gain its members', each household's initiatives name the lead instead
    /// of a member. Vocabularies (cohorts, outcomes) stay the before-index's: every use of them
    /// compares positions or the ids they stand for, which keep their order.
    /// Also returns each before-position's after-position (-1 when removed).
    func applying(_ changes: ScenarioAfter.Changes) -> (OverlapIndex, [Int32]) {
        let n = count
        var newPosition = [Int32](repeating: -1, count: n)
        var kept: [Int] = []
        kept.reserveCapacity(n)
        for a in 0 ..< n where !changes.removed[a] { newPosition[a] = Int32(kept.count); kept.append(a) }
        var members = [Int: [Int]]()
        for a in 0 ..< n where changes.leadOf[a] >= 0 { members[Int(changes.leadOf[a]), default: []].append(a) }

        func keptRows(_ start: [Int], _ list: [Int32]) -> ([Int], [Int32]) {
            var s = [0], l: [Int32] = []
            s.reserveCapacity(kept.count + 1)
            l.reserveCapacity(list.count)
            for a in kept { l.append(contentsOf: list[start[a] ..< start[a + 1]]); s.append(l.count) }
            return (s, l)
        }
        // Rows of positions, renumbered (positions ascend, so rows stay sorted).
        func renumbered(_ start: [Int], _ list: [Int32]) -> ([Int], [Int32]) {
            var s = [0], l: [Int32] = []
            s.reserveCapacity(start.count)
            l.reserveCapacity(list.count)
            for r in 0 ..< start.count - 1 {
                for v in list[start[r] ..< start[r + 1]] where newPosition[Int(v)] >= 0 { l.append(newPosition[Int(v)]) }
                s.append(l.count)
            }
            return (s, l)
        }

        // Each lead's households: its own and its members', sorted and distinct.
        var hs = [0], hl: [Int32] = []
        hs.reserveCapacity(kept.count + 1)
        hl.reserveCapacity(hhList.count)
        var row: [Int32] = []
        for a in kept {
            if let group = members[a] {
                row.removeAll(keepingCapacity: true)
                row.append(contentsOf: households(of: a))
                for m in group { row.append(contentsOf: households(of: m)) }
                row.sort()
                var previous: Int32 = -1
                for h in row where h != previous { hl.append(h); previous = h }
            } else {
                hl.append(contentsOf: households(of: a))
            }
            hs.append(hl.count)
        }
        // Each household's initiatives: a member becomes its lead, a stopped one goes.
        var bs = [0], bl: [Int32] = []
        bs.reserveCapacity(byHhStart.count)
        bl.reserveCapacity(byHhList.count)
        for h in 0 ..< householdCount {
            let from = bl.count
            var merged = false
            for v in initiatives(ofHousehold: h) {
                let lead = changes.leadOf[Int(v)]
                if lead >= 0 { bl.append(newPosition[Int(lead)]); merged = true } else if newPosition[Int(v)] >= 0 { bl.append(newPosition[Int(v)]) }
            }
            if merged {
                row.removeAll(keepingCapacity: true)
                row.append(contentsOf: bl[from...])
                row.sort()
                bl.removeSubrange(from...)
                var previous: Int32 = -1
                for v in row where v != previous { bl.append(v); previous = v }
            }
            bs.append(bl.count)
        }
        let (nbS, nbL) = keptRows(nbStart, nbList)
        let (byNbS, byNbL) = renumbered(byNbStart, byNbList)
        let (cS, cL) = keptRows(cohortStart, cohortList)
        let (oS, oL) = keptRows(outcomeStart, outcomeList)
        let (tS, tL) = keptRows(teamStart, teamList)
        let after = OverlapIndex(nodes: kept.map { nodes[$0] }, portfolioIndex: kept.map { portfolioIndex[$0] }, weight: weight,
                                 totalWeight: kept.map { totalWeight[$0] }, cohortIDs: cohortIDs,
                                 nbStart: nbS, nbList: nbL, byNbStart: byNbS, byNbList: byNbL, hhStart: hs, hhList: hl,
                                 byHhStart: bs, byHhList: bl, cohortStart: cS, cohortList: cL, outcomeStart: oS, outcomeList: oL,
                                 teamStart: tS, teamList: tL, teamNbStart: teamNbStart, teamNbList: teamNbList)
        return (after, newPosition)
    }
}
