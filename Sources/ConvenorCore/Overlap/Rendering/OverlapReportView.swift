import Foundation

/// What `templates/report/overlap.html.mustache` sees: the overlap map as text, formatted once, its
/// headline figures read from `OverlapFigures`. The names are listed in `templates/README.md`.
struct OverlapReportView: Encodable {
    struct Figure: Encodable { var value: String, label: String, detail: String }
    /// A number as shown, and the key it sorts by (a suppressed count sorts as 0.5, never its value).
    struct Number: Encodable { var text: String, sort: String }
    struct Member: Encodable { var name: String, department: String? }
    struct Cluster: Encodable {
        var id: Int
        var members: [Member]
        var basis: String
        var lead: String, leadReason: String
        var savings: String?
        var places: String
        var teams: Int, frontDoors: Int
        var households: Number, meanScore: Number
    }
    struct Coordination: Encodable { var a: String, b: String, households: Number, score: Number, reason: String }
    struct Neighbourhood: Encodable {
        var name: String
        var population: Number, imdDecile: Number, active: Number, teams: Number, frontDoors: Number, fte: Number
        var busiestCohort: Number
    }
    struct Pair: Encodable { var a: String, b: String, score: Number, place: Number, cohort: Number, households: Number, teams: Number }
    struct Bin: Encodable { var initiatives: Int, households: String, bar: String }
    struct File: Encodable { var name: String, about: String }
    /// The score's weights as printed ("0.5", "1").
    struct Weights: Encodable { var place: String, cohort: String, reach: String, households: String, outcomes: String, teams: String, total: String }

    var assets: PageAssets
    var runningFooter: String
    var place: String
    var asOf: String?
    var activeInitiatives: String
    var figures: [Figure]
    var findings: [String]
    var minScore: String
    var clusters: [Cluster]
    var hasClusters: Bool
    var coordination: [Coordination]
    var hasCoordination: Bool
    var coordinationAdvice: String
    var networkSVG: String
    var matrixSVG: String
    var neighbourhoodNote: String
    /// "The 150 neighbourhoods with the most active initiatives, of 2,311": set only when some are left out.
    var neighbourhoodsShown: String?
    var neighbourhoods: [Neighbourhood]
    var pairsNote: String
    var pairs: [Pair]
    var hasPairs: Bool
    var hasContacts: Bool
    var householdsSentence: String?
    var histogram: [Bin]
    var definitions: String
    var weights: Weights
    var minCohortShare: String, minPlaceCover: String
    var suppressBelow: Int
    var files: [File]

    init(_ r: OverlapResult, figures f: OverlapFigures, portfolio: Portfolio, pictures: OverlapPictures.Pictures, files: [String], assets: PageAssets) {
        let opt = r.options
        let h = r.households
        let currency = r.place.currency
        func name(_ id: String) -> String { r.node(id)?.name ?? id }
        func households(_ n: Int) -> Number { Number(text: OverlapReport.countText(n, opt), sort: OverlapReport.sortValue(n, opt)) }
        func score(_ x: Double) -> Number { Number(text: String(format: "%.2f", x), sort: OverlapTables.fixed6(x)) }
        func percent(_ x: Double) -> Number { Number(text: OverlapAnalysis.percent(x), sort: OverlapTables.fixed6(x)) }
        func int(_ n: Int) -> Number { Number(text: String(n), sort: String(n)) }
        let nbNames = Dictionary(portfolio.neighbourhoods.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })

        self.assets = assets
        place = r.place.name
        asOf = r.place.asOf.map { OverlapAnalysis.longDate($0) }
        runningFooter = PackView.cssString("Where initiatives overlap · \(r.place.name)" + (asOf.map { " · position at \($0)" } ?? ""))
        activeInitiatives = OverlapAnalysis.plural(f.activeInitiatives, "active initiative")
        self.figures = [
            Figure(value: Format.count(f.activeInitiatives), label: "active initiatives", detail: OverlapReport.activeNote(r)),
            Figure(value: Format.count(f.linkedPairs), label: "linked pairs", detail: "score \(f.minScoreText) or more, of \(Format.count(f.overlappingPairs)) overlapping pairs"),
            Figure(value: Format.count(f.clusters), label: "consolidation candidates", detail: "groups that could become one service"),
            Figure(value: f.households > 0 ? opt.householdsText(f.householdsMulti) : "–", label: "households met 2+ initiatives",
                   detail: f.households > 0 ? "of \(opt.householdsText(f.households)) in the contact records" : "no contact records given"),
            Figure(value: f.repeatedAssessments > 0 ? Format.money(f.repeatedAssessmentCost, currency: currency) : "–", label: "on repeated assessments",
                   detail: f.repeatedAssessments > 0 ? "\(Format.count(f.repeatedAssessments)) assessments of a household already assessed" : "none recorded"),
        ]
        findings = OverlapAnalysis.findings(r, portfolio: portfolio)
        minScore = f.minScoreText
        clusters = r.clusters.map { c in
            Cluster(id: c.id, members: c.members.map { Member(name: name($0), department: r.node($0)?.department) },
                    basis: c.basis, lead: c.lead.map(name) ?? "No natural lead: decide who leads", leadReason: c.leadReason.capitalisedFirst,
                    savings: c.savings.map { SavingsText.sentence($0, hasContacts: h.contacts > 0, currency: currency) },
                    places: c.commonNeighbourhoods.isEmpty ? "—" : c.commonNeighbourhoods.map { nbNames[$0] ?? $0 }.joined(separator: ", "),
                    teams: c.teams, frontDoors: c.frontDoors, households: households(c.sharedHouseholds), meanScore: score(c.meanScore))
        }
        hasClusters = !clusters.isEmpty
        coordination = r.coordination.map { c in
            Coordination(a: name(c.a), b: name(c.b), households: households(c.sharedHouseholds), score: score(c.score), reason: c.reason)
        }
        hasCoordination = !coordination.isEmpty
        coordinationAdvice = OverlapCoordination.advice
        networkSVG = pictures.network.inline
        matrixSVG = pictures.matrix.inline
        neighbourhoodNote = [FigureDefinitions.teams, FigureDefinitions.frontDoors, FigureDefinitions.fte].joined(separator: " ")
        // A region has thousands of neighbourhoods: the page shows the busiest, the CSV has them all.
        let shown = r.neighbourhoods.count <= 150 ? r.neighbourhoods
            : Array(r.neighbourhoods.enumerated().sorted { $0.element.activeInitiatives != $1.element.activeInitiatives
                ? $0.element.activeInitiatives > $1.element.activeInitiatives : $0.offset < $1.offset }.prefix(150).map(\.element))
        neighbourhoodsShown = shown.count < r.neighbourhoods.count
            ? "The 150 neighbourhoods with the most active initiatives, of \(Format.count(r.neighbourhoods.count)); all are in" : nil
        neighbourhoods = shown.map { n in
            Neighbourhood(name: n.name,
                          population: Number(text: n.population.map(Format.count) ?? "—", sort: String(n.population ?? -1)),
                          imdDecile: Number(text: n.imdDecile.map(String.init) ?? "—", sort: String(n.imdDecile ?? 99)),
                          active: int(n.activeInitiatives), teams: int(n.teams), frontDoors: int(n.frontDoors),
                          fte: Number(text: Format.fte(n.fte), sort: Format.plain(n.fte, places: 2)),
                          busiestCohort: Number(text: n.busiestCohort.map { "\($0.cohortName) (\($0.initiatives))" } ?? "—",
                                                sort: String(n.busiestCohort?.initiatives ?? 0)))
        }
        let top = r.pairs.filter { $0.score >= opt.minScore }
            .sorted { $0.score != $1.score ? $0.score > $1.score : ($0.aIndex, $0.bIndex) < ($1.aIndex, $1.bIndex) }
        let strongest = top.prefix(40)
        pairsNote = "The \(strongest.count == top.count ? "" : "\(strongest.count) strongest of the ")\(OverlapAnalysis.plural(f.linkedPairs, "linked pair")) (score \(f.minScoreText) or more). All \(Format.count(f.overlappingPairs)) overlapping pairs are in"
        pairs = strongest.map { p in
            Pair(a: name(p.a), b: name(p.b), score: score(p.score), place: percent(p.place), cohort: percent(p.cohort),
                 households: households(p.sharedHouseholds), teams: int(p.teams))
        }
        hasPairs = !pairs.isEmpty
        hasContacts = h.households > 0
        if h.households > 0 {
            let period = h.firstContact.map(OverlapAnalysis.monthYear).flatMap { first in h.lastContact.map { "\(first) to \(OverlapAnalysis.monthYear($0))" } }
            householdsSentence = "\(opt.householdsText(h.households).capitalisedFirst) households appear in \(Format.count(h.contacts)) contact records\(period.map { " (\($0))" } ?? ""). "
                + "\(Format.count(h.assessments)) contacts were assessments by an initiative with its own assessment; \(Format.count(h.repeatedAssessments)) of them assessed a household that had already been assessed elsewhere, at a cost of \(Format.money(h.duplicatedAssessmentCost, currency: currency))."
        }
        let maxBin = max(h.histogram.map(\.households).max() ?? 1, 1)
        histogram = h.households == 0 ? [] : h.histogram.map { bin in
            let suppressed = opt.isSuppressed(bin.households)
            return Bin(initiatives: bin.initiatives, households: OverlapReport.countText(bin.households, opt),
                       bar: Format.plain(suppressed ? 0 : Double(bin.households) / Double(maxBin) * 100, places: 1))
        }
        definitions = [FigureDefinitions.active, FigureDefinitions.overlappingPair, FigureDefinitions.linkedPair].joined(separator: " ")
        let w = opt.weights
        let t = OverlapReport.weightText
        weights = Weights(place: t(w.place), cohort: t(w.cohort), reach: t(w.reach), households: t(w.households),
                          outcomes: t(w.outcomes), teams: t(w.teams), total: t(w.total))
        minCohortShare = "\(Int((opt.minCohortShare * 100).rounded()))%"
        minPlaceCover = "\(Int((opt.minPlaceCover * 100).rounded()))%"
        suppressBelow = opt.suppressBelow
        self.files = files.filter { $0 != "index.html" }.map { File(name: $0, about: Self.fileDescriptions[$0] ?? "") }
    }

    static let fileDescriptions: [String: String] = [
        "pairs.csv": "every pair of active initiatives sharing a neighbourhood or household, with all measures",
        "clusters.csv": "consolidation candidates: members, suggested lead (or none) and why",
        "coordination.csv": "pairs that share families across cohorts: coordinate, never merge",
        "neighbourhoods.csv": "initiatives, teams, front doors and staff per neighbourhood",
        "households.csv": "households by the number of initiatives they met",
        "summary.json": "headline figures", "overlap.json": "everything above, for other programs",
        "overlap.graphml": "the network, for yEd, Cytoscape or Gephi", "overlap.gexf": "the network, for Gephi",
        "overlap.dot": "the network, for Graphviz", "matrix.svg": "Figure 2", "network.svg": "Figure 1",
    ]
}
