import Foundation

/// How much each signal counts towards a pair's overlap `score` (docs/decisions.md, "Overlap map").
///
/// `score = (place·wₚ + cohort·w_c + reach·w_r + household-overlap·w_h + outcome-overlap·w_o + separate-teams·w_t) / Σw`,
/// so the score stays between 0 and 1 whatever the weights add up to.
public struct OverlapWeights: Sendable, Equatable, Codable {
    public var place: Double
    public var cohort: Double
    public var reach: Double
    public var households: Double
    public var outcomes: Double
    public var teams: Double

    public init(place: Double = 0.15, cohort: Double = 0.15, reach: Double = 0.30, households: Double = 0.25,
                outcomes: Double = 0.10, teams: Double = 0.05) {
        self.place = place
        self.cohort = cohort
        self.reach = reach
        self.households = households
        self.outcomes = outcomes
        self.teams = teams
    }

    public var total: Double { place + cohort + reach + households + outcomes + teams }

    /// The names accepted by `--weights name=value,…`, in the order they are documented.
    public static let names = ["place", "cohort", "reach", "households", "outcomes", "teams"]

    /// Sets one weight by name; false for an unknown name.
    public mutating func set(_ name: String, _ value: Double) -> Bool {
        switch name {
        case "place": place = value
        case "cohort": cohort = value
        case "reach": reach = value
        case "households": households = value
        case "outcomes": outcomes = value
        case "teams": teams = value
        default: return false
        }
        return true
    }

    public var values: [(String, Double)] {
        [("place", place), ("cohort", cohort), ("reach", reach), ("households", households), ("outcomes", outcomes), ("teams", teams)]
    }
}

public struct OverlapOptions: Sendable {
    /// Pairs scoring at least this are edges of the overlap network; clusters are built from them.
    public var minScore: Double
    /// Household counts below this print as `<N` (disclosure control). 0 or 1 turns suppression off.
    public var suppressBelow: Int
    public var weights: OverlapWeights
    /// Two initiatives could be one service only if at least this share of their cohorts is common
    /// (cohort Jaccard): 0.5 = half of the target groups the two serve between them.
    public var minCohortShare: Double
    /// A member joins a lead only if the lead works where at least this share of the member's
    /// population lives (population-weighted share of the member's neighbourhoods).
    public var minPlaceCover: Double

    public init(minScore: Double = 0.35, suppressBelow: Int = 5, weights: OverlapWeights = OverlapWeights(),
                minCohortShare: Double = 0.5, minPlaceCover: Double = 0.5) {
        self.minScore = minScore
        self.suppressBelow = suppressBelow
        self.weights = weights
        self.minCohortShare = minCohortShare
        self.minPlaceCover = minPlaceCover
    }

    /// A household count as it may be published: `<5` below the threshold (0 is shown: it discloses nobody).
    public func households(_ n: Int) -> String {
        n > 0 && n < suppressBelow ? "<\(suppressBelow)" : String(n)
    }

    /// The same with thousands separators, for prose and HTML.
    public func householdsText(_ n: Int) -> String {
        n > 0 && n < suppressBelow ? "fewer than \(suppressBelow)" : Format.count(n)
    }

    public func isSuppressed(_ n: Int) -> Bool { n > 0 && n < suppressBelow }
}

/// One active initiative as the overlap map shows it.
public struct OverlapNode: Sendable, Equatable {
    public var id: String
    public var name: String
    public var kind: InitiativeKind
    public var status: InitiativeStatus
    public var department: String?
    public var owner: String?
    public var caseload: Int?
    public var evidence: Evidence?
    public var hasFrontDoor: Bool
    public var teams: [String]
    /// The cluster this initiative belongs to (`OverlapCluster.id`), if any.
    public var cluster: Int?
    /// Why it cannot lead a consolidation ("proposed, not yet running", "an overdue pilot (review
    /// due 2026-01-15)", …); nil when it can.
    public var leadBar: String? = nil

    /// Proposed initiatives are not running services: they join no cluster and are never compared as one.
    public var isRunning: Bool { status != .proposed }
    /// A service or programme, or anything mainstreamed: work meant to last, as opposed to a pilot or project.
    public var isEstablished: Bool { status == .mainstreamed || kind == .service || kind == .programme }
}

/// Two active initiatives that share at least one neighbourhood or one household.
public struct OverlapPair: Sendable, Equatable {
    public var a: String
    public var b: String
    /// Positions of `a` and `b` in `OverlapResult.initiatives`.
    public var aIndex: Int32
    public var bIndex: Int32
    public var score: Double
    /// Weighted Jaccard of the neighbourhood sets (population weights).
    public var place: Double
    /// Jaccard of the cohort sets.
    public var cohort: Double
    /// place × cohort: the same kind of people in the same places.
    public var reach: Double
    public var sharedNeighbourhoods: Int
    public var sharedHouseholds: Int
    /// shared households / the smaller of the two household sets.
    public var householdOverlap: Double
    public var sharedOutcomes: Int
    /// Distinct teams of either initiative working in the neighbourhoods they share.
    public var teams: Int
}

/// A group of initiatives that could really become one service (docs/decisions.md, issue 13): every
/// member overlaps the group's centre directly, at or above the threshold, serves mostly the same
/// cohorts towards a shared outcome, and works mostly where the centre works.
public struct OverlapCluster: Sendable, Equatable {
    /// 1, 2, …: largest cluster first.
    public var id: Int
    /// Initiative ids, sorted.
    public var members: [String]
    /// The initiative every other member overlaps directly.
    public var centre: String
    /// The suggested lead (the centre) when it can lead; nil: no natural lead, decide who leads.
    public var lead: String?
    /// Why the lead was suggested, or why there is no natural lead, in plain words.
    public var leadReason: String
    /// Why these initiatives are one group, in plain words (the test every member passed).
    public var basis: String
    /// Each other member's score with the centre, in `members` order (the centre itself omitted).
    public var centreScores: [Double]
    /// Distinct teams across the members.
    public var teams: Int
    /// Members with their own assessment.
    public var frontDoors: Int
    /// Sum of the members' caseloads (households), where given.
    public var caseload: Int
    /// Households that met two or more members.
    public var sharedHouseholds: Int
    /// Mean of the members' scores with the centre.
    public var meanScore: Double
    /// Departments of the members, sorted.
    public var departments: [String]
    /// Neighbourhood ids where two or more members work, in portfolio order.
    public var commonNeighbourhoods: [String]
    /// Cohort ids that two or more members share, sorted.
    public var commonCohorts: [String]
    /// What merging the members into the lead would save (`SavingsCalculator.consolidating`).
    public var savings: ScenarioSavings? = nil
}

/// Two running initiatives that meet the same families but serve different people (a victim service
/// and a perpetrator programme; a child's and a parent's service): never one service, but one plan
/// and one lead professional for the families they share.
public struct OverlapCoordination: Sendable, Equatable {
    public var a: String
    public var b: String
    public var score: Double
    public var sharedHouseholds: Int
    /// The declared never-merge cohorts that keep them apart (`"x/y"` pairs), empty when they simply
    /// have no cohort in common.
    public var separations: [String]
    /// Plain words: what each serves, and why that is not one service.
    public var reason: String

    public static let advice = "coordinate: one plan, one lead professional for the shared families"
}

/// The busiest cohort in a neighbourhood: how many running initiatives (proposals left out), teams
/// and front doors it meets.
public struct CohortCrowding: Sendable, Equatable {
    public var cohort: String
    public var cohortName: String
    public var initiatives: Int
    public var teams: Int
    public var frontDoors: Int
}

public struct NeighbourhoodOverlap: Sendable, Equatable {
    public var id: String
    public var name: String
    public var population: Int?
    public var imdDecile: Int?
    public var activeInitiatives: Int
    /// Live initiatives only (status live).
    public var liveInitiatives: Int
    /// Distinct teams of the active initiatives working here.
    public var teams: Int
    /// Active initiatives with their own assessment.
    public var frontDoors: Int
    /// Team FTE working here: each team's FTE shared equally over the neighbourhoods it lists.
    public var fte: Double
    public var busiestCohort: CohortCrowding?
}

/// Contacts, aggregated: no household id is kept.
public struct HouseholdSummary: Sendable, Equatable {
    public var households: Int = 0
    public var contacts: Int = 0
    /// Households that met two or more distinct initiatives.
    public var householdsMulti: Int = 0
    /// Households that met three or more distinct initiatives.
    public var householdsThreeOrMore: Int = 0
    /// Assessed contacts with an initiative that has its own assessment and unit cost.
    public var assessments: Int = 0
    /// All but each household's first assessment, by (date, initiative).
    public var repeatedAssessments: Int = 0
    public var duplicatedAssessmentCost: Decimal = 0
    /// (distinct initiatives met, households), ascending.
    public var histogram: [HistogramBin] = []
    public var firstContact: CalendarDate?
    public var lastContact: CalendarDate?

    public init() {}
}

public struct HistogramBin: Sendable, Equatable {
    public var initiatives: Int
    public var households: Int
}

public struct OverlapResult: Sendable {
    public var place: Place
    public var options: OverlapOptions
    /// Active initiatives (status not ended or stopped), sorted by id.
    public var initiatives: [OverlapNode]
    /// Every pair sharing a neighbourhood or a household, sorted by (a, b).
    public var pairs: [OverlapPair]
    public var clusters: [OverlapCluster]
    /// Pairs at or above the threshold that share families across different cohorts, sorted by (a, b).
    public var coordination: [OverlapCoordination]
    /// In portfolio order.
    public var neighbourhoods: [NeighbourhoodOverlap]
    public var households: HouseholdSummary
    /// Pairs scoring at least `options.minScore`.
    public var edges: [OverlapPair] { pairs.filter { $0.score >= options.minScore } }

    public func node(_ id: String) -> OverlapNode? {
        var lo = 0, hi = initiatives.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if initiatives[mid].id.utf8.lexicographicallyPrecedes(id.utf8) { lo = mid + 1 } else { hi = mid }
        }
        return lo < initiatives.count && initiatives[lo].id == id ? initiatives[lo] : nil
    }

    /// Clusters containing `id`, if any.
    public func cluster(of id: String) -> OverlapCluster? {
        guard let c = node(id)?.cluster else { return nil }
        return clusters.first { $0.id == c }
    }
}
